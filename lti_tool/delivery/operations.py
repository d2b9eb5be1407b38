"""The attempt lifecycle. Each operation writes the attempt change, its xAPI statements and
its grade in one transaction (the caller's unit of work)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments.attempts import (
    Grade,
    RetakeDecision,
    Slot,
    deadline,
    ensure_open,
    grade_attempt,
    lay_out,
    read_answer,
    retake_decision,
)
from assessments.blueprints import Blueprint, draw
from assessments.items import Item
from xapi import statements as st
from xapi.vocabulary import ToolIris

from ..catalogue import Catalogue
from ..db.models import Attempt, Context, Person, Platform, ResourceLink, Response, ScoreOutbox
from ..db.repositories import (
    PERSON_ATTRIBUTES,
    add_open_attempt,
    attempts_of,
    current_items,
    extra_minutes,
    journal,
    last_attempt,
    mark_items_used,
    open_attempt,
)
from ..errors import NotFound
from ..lti import ags


@dataclass(frozen=True)
class AttemptView:
    """An attempt with its items, ready for the pages."""

    attempt: Attempt
    blueprint: Blueprint
    slots: list[Slot]
    responses: dict[int, list[str]]
    due: dt.datetime | None

    def slot(self, position: int) -> Slot:
        for slot in self.slots:
            if slot.position == position:
                return slot
        raise NotFound(_("This exam has no question %(position)s.", position=position))


def exam_context(iris: ToolIris, platform: Platform, person: Person, link: ResourceLink,
                 context: Context | None, attempt: Attempt, blueprint: Blueprint,
                 session_id: str) -> st.ExamContext:
    return st.ExamContext(
        iris=iris,
        actor=st.Actor(platform.issuer, person.subject),
        exam_key=blueprint.key,
        exam_title=blueprint.title,
        registration=attempt.id,
        session_id=session_id,
        blueprint_version=attempt.blueprint_version,
        level=blueprint.level,
        mastery_score=blueprint.pass_mark,
        course_iri=iris.course(platform.issuer, context.context_id) if context else None,
        person={k: getattr(person, k) for k in PERSON_ATTRIBUTES if k != "employee_number"},
    )


def load_view(session: Session, catalogue: Catalogue, attempt: Attempt) -> AttemptView:
    blueprint = catalogue.blueprint_version(session, attempt.blueprint_version)
    items = catalogue.items(session, [e["item_version_id"] for e in attempt.layout])
    slots = [Slot(e["position"], items[e["item_version_id"]], e) for e in attempt.layout]
    responses = {r.position: list(r.response) for r in attempt.responses}
    return AttemptView(attempt, blueprint, slots, responses,
                       deadline(blueprint, attempt.started_at, attempt.extra_minutes))


def start_or_resume(session: Session, catalogue: Catalogue, person: Person, link: ResourceLink,
                    locale: str, now: dt.datetime, seed: int | None = None) -> tuple[Attempt, bool]:
    """The person's open attempt on this link, else a new one drawn from the bank when the
    blueprint's attempt rules allow it, else their last finished attempt (whose result page
    says why and when a retake is possible). Returns (attempt, created)."""
    existing = open_attempt(session, person.id, link.id)
    if existing is not None:
        return existing, False
    blueprint = catalogue.blueprint_for(session, link.exam_key, person.function_group)
    previous = last_attempt(session, person.id, link.id)
    if previous is not None and not retake_decision(blueprint, finished_attempts(session, person.id, link.id),
                                                    now).allowed:
        return previous, False
    avoid = [e["item_key"] for e in previous.layout] if previous else []
    seed = secrets.randbits(48) if seed is None else seed
    drawn = draw(blueprint, current_items(session, blueprint.level), seed, avoid)
    attempt = Attempt(
        id=str(uuid.uuid4()), platform_id=person.platform_id, person_id=person.id,
        resource_link_pk=link.id, exam_key=blueprint.key, blueprint_version=blueprint.version_label,
        seed=seed, locale=locale, status="in_progress", started_at=now,
        layout=lay_out(blueprint, drawn, seed), extra_minutes=extra_minutes(session, person),
    )
    stored = add_open_attempt(session, attempt)
    if stored is not attempt:  # a concurrent launch (double click) drew first: resume that attempt
        return stored, False
    mark_items_used(session, [e["item_version_id"] for e in attempt.layout], now)
    session.flush()
    return attempt, True


def finished_attempts(session: Session, person_id: int, link_pk: int) -> list[tuple[dt.datetime, bool]]:
    return [(a.submitted_at or a.started_at, bool(a.passed)) for a in attempts_of(session, person_id, link_pk)
            if a.status != "in_progress"]


def retake_info(session: Session, catalogue: Catalogue, attempt: Attempt, now: dt.datetime) -> RetakeDecision:
    """For the result page: may this person try again, and from when."""
    blueprint = catalogue.blueprint_version(session, attempt.blueprint_version)
    return retake_decision(blueprint, finished_attempts(session, attempt.person_id, attempt.resource_link_pk), now)


def record_launch(session: Session, ctx: st.ExamContext, attempt: Attempt, created: bool,
                  now: dt.datetime) -> None:
    """``launched`` on every launch; ``initialized`` when the attempt begins."""
    journal(session, st.launched(ctx, now), attempt.platform_id, attempt.person_id)
    if created:
        journal(session, st.initialized(ctx, now), attempt.platform_id, attempt.person_id)


def save_answer(session: Session, view: AttemptView, ctx: st.ExamContext, position: int,
                values: Sequence[str], now: dt.datetime, language: str | None = None) -> bool:
    """Store the answer to one question; an ``answered`` statement when it changed.
    Returns whether anything changed."""
    ensure_open(view.attempt.status, view.due, now)
    slot = view.slot(position)
    kind = slot.item.kind
    response = read_answer(slot, values)
    stored = next((r for r in view.attempt.responses if r.position == position), None)
    if stored is not None and list(stored.response) == response:
        return False
    fraction = kind.grade(slot.item.content, response) if response else 0.0
    if stored is None:
        stored = Response(attempt_id=view.attempt.id, position=position, item_version_id=slot.item.id)
        view.attempt.responses.append(stored)
    stored.response, stored.saved_at, stored.fraction = response, now, fraction
    stored.language = language or view.attempt.locale
    view.responses[position] = response
    if response:  # the response only: correctness is sent when the attempt is judged (``submit``)
        journal(session, st.answered(ctx, _answered(slot.item, response), now),
                view.attempt.platform_id, view.attempt.person_id)
    return True


def _answered(item: Item, response: list[str]) -> st.AnsweredItem:
    kind = item.kind
    return st.AnsweredItem(
        item_key=item.key, item_version=item.version, competence=item.competence,
        interaction_type=kind.interaction_type, stem=item.content.get("stem", {}),
        definition=kind.xapi_definition(item.content), response=kind.xapi_response(item.content, response),
    )


def _journal_scores(session: Session, view: AttemptView, ctx: st.ExamContext, grade: Grade,
                    now: dt.datetime) -> None:
    """``scored`` per answered question of the judged attempt: response, success, score and the
    correct pattern, none of which was sent while the attempt was open."""
    for slot in view.slots:
        response = view.responses.get(slot.position)
        if response:
            journal(session, st.scored(ctx, _answered(slot.item, response), grade.fractions[slot.position], now),
                    view.attempt.platform_id, view.attempt.person_id)


def submit(session: Session, view: AttemptView, ctx: st.ExamContext, link: ResourceLink,
           person: Person, now: dt.datetime, timed_out: bool = False,
           certify: Callable[[Attempt, Blueprint], object] | None = None) -> Grade:
    """Grade and close the attempt, journal passed/failed and terminated, queue the score, and
    (``certify``) issue the certificate when passed — all in the caller's unit of work.
    Submitting an already submitted attempt changes nothing and returns the same grade."""
    attempt = view.attempt
    grade = grade_attempt(view.blueprint, view.slots, view.responses)
    if attempt.status != "in_progress":
        return grade
    attempt.status = "timed_out" if timed_out else "submitted"
    attempt.submitted_at = now
    attempt.score_raw, attempt.score_max, attempt.passed = grade.raw, grade.maximum, grade.passed
    seconds = (now - attempt.started_at).total_seconds()
    _journal_scores(session, view, ctx, grade, now)
    journal(session, st.judged(ctx, grade.passed, grade.raw, grade.maximum, seconds, now, timed_out=timed_out),
            attempt.platform_id, attempt.person_id)
    journal(session, st.terminated(ctx, seconds, now), attempt.platform_id, attempt.person_id)
    if grade.passed and certify is not None:
        certify(attempt, view.blueprint)
    if link.lineitem_url or link.context_pk:
        session.add(ScoreOutbox(
            platform_id=attempt.platform_id, attempt_id=attempt.id, lineitem_url=link.lineitem_url or "",
            user_id=person.subject, payload=ags.score(person.subject, grade.raw, grade.maximum, grade.passed, now),
        ))
    return grade
