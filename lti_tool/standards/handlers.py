"""The standard-setting use cases, one unit of work each: open a round, invite the panel, rate and
submit, close, read the results, adopt the cut as a new exam version. The computations are the
domain's (``assessments.standard_setting``); views parse, call one of these and render."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments.blueprints import Blueprint, eligible
from assessments.errors import Incomplete, RuleBroken
from assessments.items import Item
from assessments.standard_setting import (
    AngoffResult,
    HofsteeResult,
    Round,
    RoundStatus,
    angoff,
    check_same_form,
    fail_curve,
    hofstee,
    inside_rectangle,
    mean_answers,
    pass_mark,
    pass_mark_basis,
)

from ..audit import record
from ..authoring.operations import Actor, save_blueprint_draft
from ..db.models import BlueprintVersion, PanelMember, Person, StandardSettingRound, utcnow
from ..db.repositories import current_items
from ..errors import NotFound, UserError
from ..governance.handlers import find_person
from ..permissions import Role
from ..services import services
from . import queries, repositories


def _round(db: Session, platform_id: int, round_id: int) -> StandardSettingRound:
    row = queries.round_of(db, platform_id, round_id)
    if row is None:
        raise NotFound(_("There is no standard-setting round %(id)s.", id=round_id))
    return row


def _domain(row: StandardSettingRound) -> Round:
    return Round(RoundStatus(row.status), row.closes_on)


def _subject(row: StandardSettingRound) -> str:
    return f"{row.blueprint_key}@{row.blueprint_version} round {row.id}"


def overview(platform_id: int) -> tuple[list[StandardSettingRound], list[Blueprint]]:
    """The platform's rounds and the exams a round may be opened for."""
    svc = services()
    with svc.db.session() as db:
        return queries.rounds(db, platform_id), svc.catalogue.blueprints(db)


def open_round(platform_id: int, key: str, closes_on: dt.date, by: str) -> StandardSettingRound:
    """A round for the newest approved version of exam ``key``: its items are the exam's eligible pool."""
    svc = services()
    with svc.db.transaction() as db:
        blueprint = svc.catalogue.blueprint(db, key)
        pool = [item for items in eligible(blueprint, current_items(db, blueprint.level)).values() for item in items]
        if not pool:
            raise UserError(_("The exam %(exam)s has no approved questions to rate.", exam=key), 409)
        items = [{"item_version_id": i.id, "item_key": i.key, "competence": i.competence} for i in pool]
        row = repositories.add_round(db, platform_id, blueprint.key, blueprint.version, closes_on, items, by)
        record(db, "standard_setting.round_opened", _subject(row),
               after={"items": len(items), "closes_on": closes_on.isoformat()})
        return row


def invite(platform_id: int, round_id: int, who: str, by: str) -> tuple[str, bool]:
    """Invite the person ``who`` names (they need the panel role); their name and whether they are new."""
    with services().db.transaction() as db:
        row = _round(db, platform_id, round_id)
        _domain(row).check_open()
        person = find_person(db, platform_id, who)
        if not queries.has_grant(db, platform_id, person.id, Role.PANEL.value):
            raise Incomplete("standard.not_a_panel_member")
        _member, added = repositories.add_member(db, row.id, person.id, by)
        if added:
            record(db, "standard_setting.member_invited", _subject(row), after={"person": person.subject})
        return person.name or person.subject, added


def close_round(platform_id: int, round_id: int) -> None:
    with services().db.transaction() as db:
        row = _round(db, platform_id, round_id)
        domain = _domain(row)
        domain.close()
        row.status, row.closed_at = domain.status.value, utcnow()
        submitted = sum(1 for m, _p in queries.panel(db, row.id) if m.submitted_at is not None)
        record(db, "standard_setting.round_closed", _subject(row), after={"submitted": submitted})


# --- the panel member's side ---------------------------------------------------------------


def my_rounds(platform_id: int, person_id: int) -> list[Any]:
    with services().db.session() as db:
        return list(queries.rounds_of_member(db, platform_id, person_id))


@dataclass(frozen=True)
class RatingSheet:
    """What a panel member sees and has entered in one round."""

    round: StandardSettingRound
    member: PanelMember
    blueprint: Blueprint
    items: list[Item]  #: the questions with their keys: none once ``closed``
    ratings: dict[str, float | None]
    comments: dict[str, str]
    closed: RuleBroken | None = None  #: why the member may no longer change their ratings

    @property
    def item_keys(self) -> list[str]:
        return [e["item_key"] for e in self.round.items]


def _sheet(db: Session, platform_id: int, person_id: int, round_id: int, today: dt.date) -> RatingSheet:
    svc = services()
    row = _round(db, platform_id, round_id)
    member = queries.member(db, row.id, person_id)
    if member is None:
        raise NotFound(_("You are not on the panel of this round."))
    closed = _domain(row).rating_closed(today, member.submitted_at is not None)
    items: list[Item] = []
    if closed is None:  # the keys and rationale only while the member rates: the items are in use in exams
        parsed = svc.catalogue.items(db, [e["item_version_id"] for e in row.items])
        items = [parsed[e["item_version_id"]] for e in row.items]
    stored = queries.ratings(db, [member.id])[member.id]
    blueprint = svc.catalogue.blueprint_version(db, f"{row.blueprint_key}@{row.blueprint_version}")
    return RatingSheet(row, member, blueprint, items, {k: r.rating for k, r in stored.items()},
                       {k: r.comment for k, r in stored.items()}, closed)


def rating_sheet(platform_id: int, person_id: int, round_id: int, today: dt.date) -> RatingSheet:
    with services().db.session() as db:
        return _sheet(db, platform_id, person_id, round_id, today)


def save_ratings(platform_id: int, person_id: int, round_id: int, ratings: Mapping[str, float | None],
                 comments: Mapping[str, str], answers: Mapping[str, float | None], submit: bool,
                 today: dt.date) -> RuleBroken | None:
    """Store what the member entered (always, so nothing typed is lost); with ``submit`` also hand the
    ratings in when complete. Returns the rule that refused the submission, if one did."""
    with services().db.transaction() as db:
        sheet = _sheet(db, platform_id, person_id, round_id, today)
        domain = _domain(sheet.round)
        domain.check_rating(today, sheet.member.submitted_at is not None)
        keys = sheet.item_keys
        repositories.save_ratings(db, sheet.member, {k: ratings.get(k) for k in keys},
                                  {k: comments.get(k, "") for k in keys})
        repositories.save_hofstee(sheet.member, answers)
        if not submit:
            return None
        try:
            domain.check_submission(keys, ratings, repositories.hofstee_of(sheet.member))
        except RuleBroken as refused:
            return refused
        sheet.member.submitted_at = utcnow()
        record(db, "standard_setting.ratings_submitted", _subject(sheet.round), after={"items": len(keys)})
        return None


# --- results and adoption ------------------------------------------------------------------


@dataclass(frozen=True)
class RoundResults:
    round: StandardSettingRound
    blueprint: Blueprint
    panel: list[tuple[PanelMember, Person]]
    angoff: AngoffResult | None
    hofstee: HofsteeResult | None
    inside: bool | None  # the Angoff cut within the Hofstee rectangle
    curve: list[tuple[float, float]]
    item_keys: dict[str, str]  # item key → competence
    attempts: int  # finished attempts behind the fail rate curve
    comments: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # item key → submitted comments

    @property
    def submitted(self) -> int:
        return sum(1 for m, _p in self.panel if m.submitted_at is not None)


def _results(db: Session, row: StandardSettingRound) -> RoundResults:
    svc = services()
    blueprint = svc.catalogue.blueprint_version(db, f"{row.blueprint_key}@{row.blueprint_version}")
    members = [(m, p) for m, p in queries.panel(db, row.id)]
    done = [m for m, _p in members if m.submitted_at is not None]
    competence_of = {e["item_key"]: e["competence"] for e in row.items}
    scores = queries.submitted_scores(db, row.blueprint_key)
    if not done:
        return RoundResults(row, blueprint, members, None, None, None, fail_curve(scores), competence_of,
                            len(scores))
    stored = queries.ratings(db, [m.id for m in done])
    by_member = {m.id: {k: r.rating for k, r in stored[m.id].items() if r.rating is not None} for m in done}
    result = angoff(by_member, competence_of, blueprint.items_per_competence)
    answers = [a for m in done if (a := repositories.hofstee_of(m)) is not None]
    compromise = hofstee(mean_answers(answers), scores) if answers else None
    inside = inside_rectangle(result.cut, compromise, scores) if compromise else None
    comments = {k: [r.comment for m in done if (r := stored[m.id].get(k)) is not None and r.comment]
                for k in competence_of}
    return RoundResults(row, blueprint, members, result, compromise, inside, fail_curve(scores), competence_of,
                        len(scores), {k: v for k, v in comments.items() if v})


def results(platform_id: int, round_id: int) -> RoundResults:
    with services().db.session() as db:
        return _results(db, _round(db, platform_id, round_id))


def adopt(platform_id: int, round_id: int, reason: str, actor: Actor) -> BlueprintVersion:
    """The round's cut as a new draft version of the exam (pass mark in whole percent, its basis
    recorded); another L&D member approves it as any exam version."""
    svc = services()
    with svc.db.transaction() as db:
        row = _round(db, platform_id, round_id)
        found = _results(db, row)
        domain = _domain(row)
        domain.adopt(found.submitted, reason)
        assert found.angoff is not None  # adopt refuses a round without submitted ratings
        basis = pass_mark_basis(row.id, utcnow().date(), found.angoff, found.hofstee, reason)
        newest = svc.catalogue.blueprint(db, row.blueprint_key)
        check_same_form(found.blueprint, newest)  # the newest version keeps its other settings
        draft = dataclasses.replace(newest, pass_mark=pass_mark(found.angoff.cut), pass_mark_basis=basis)
        version = save_blueprint_draft(db, svc.catalogue, draft, actor)
        row.status, row.adopted_version = domain.status.value, version.version
        record(db, "standard_setting.cut_adopted", _subject(row),
               after={"version": version.version, "pass_mark": draft.pass_mark, "basis": basis})
        return version



def pass_mark_bases(labels: Iterable[str]) -> dict[str, Mapping[str, Any] | None]:
    """How the pass mark of each exam version (``key@version``) was set: its basis, or None (by L&D)."""
    svc = services()
    found: dict[str, Mapping[str, Any] | None] = {}
    with svc.db.session() as db:
        for label in labels:
            try:
                found[label] = svc.catalogue.blueprint_version(db, label).pass_mark_basis
            except NotFound:
                found[label] = None
    return found
