"""The attempt lifecycle as a service over the domain aggregate (``assessments.attempt``): each
operation loads the attempt row, applies one rule of the aggregate, writes the row back and turns
the events it recorded into xAPI statements, the certificate and the score outbox row, all in one
transaction (the caller's unit of work)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments.assembly import assemble
from assessments.attempt import Attempt as ExamAttempt
from assessments.attempt import AttemptJudged, AttemptStarted, Event, ItemAnswered
from assessments.attempts import AttemptStatus, Grade, Slot, retake_decision
from assessments.blueprints import Blueprint
from assessments.items import Item
from xapi import statements as st
from xapi.vocabulary import ToolIris

from ..catalogue import Catalogue
from ..db import Database
from ..db.answers import NewAnswer, answer_rows, store_answer
from ..db.models import Attempt, Context, Person, Platform, ResourceLink, ScoreOutbox
from ..db.repositories import (
    PERSON_ATTRIBUTES,
    add_open_attempt,
    attempts_of,
    extra_minutes,
    journal,
    journal_all,
)
from ..errors import NotFound
from ..lti import ags
from .mapper import new_row, to_domain, write_back
from .shown import finished, gradebook_score_of

#: issues the certificate of a passed attempt (row, exam version), in the same unit of work
Certifier = Callable[[Attempt, Blueprint], object]


@dataclass(frozen=True)
class AttemptView:
    """An attempt row with its aggregate (``domain``), ready for the pages and the operations."""

    attempt: Attempt
    domain: ExamAttempt

    @property
    def blueprint(self) -> Blueprint:
        return self.domain.blueprint

    @property
    def slots(self) -> list[Slot]:
        return self.domain.slots

    @property
    def responses(self) -> dict[int, list[str]]:
        return self.domain.responses

    @property
    def due(self) -> dt.datetime | None:
        return self.domain.due

    def slot(self, position: int) -> Slot:
        found = self.domain.slot(position)
        if found is None:
            raise NotFound(_("This exam has no question %(position)s.", position=position))
        return found


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
    return AttemptView(attempt, to_domain(attempt, blueprint, items))


def start_or_resume(session: Session, catalogue: Catalogue, person: Person, link: ResourceLink,
                    locale: str, now: dt.datetime, seed: int | None = None,
                    extra: int | None = None) -> tuple[Attempt, bool]:
    """The person's open attempt at this exam (on any link), else a new one drawn from the bank when the
    blueprint's attempt rules allow it (attempts on every link count), else their last finished attempt
    (whose result page says why and when a retake is possible). ``extra``: the person's extra minutes when the
    caller read them already. Returns (attempt, created)."""
    blueprint = catalogue.blueprint_for(session, link.exam_key, person.function_group)
    earlier = attempts_of(session, person.id, blueprint.key)  # oldest first, on every link
    existing = open_of(earlier)
    if existing is not None:
        load_view(session, catalogue, existing).domain.resume(now)  # ``launched`` is all a resume journals
        return existing, False
    if earlier and not retake_decision(blueprint, finished(earlier), now).allowed:
        return earlier[-1], False
    # every earlier form of this exam, not just the last: a third attempt should not meet the first one's questions
    avoid = {e["item_key"] for attempt in earlier for e in attempt.layout}
    seed = secrets.randbits(48) if seed is None else seed
    drawn = assemble(blueprint, catalogue.current_items(session, blueprint.level), seed, avoid,
                     catalogue.exposure.at_launch(session, blueprint.key),
                     catalogue.calibrated.at_launch(session, blueprint.level))
    started = ExamAttempt.start(str(uuid.uuid4()), blueprint, drawn, seed, locale,
                                extra_minutes(session, person) if extra is None else extra, now)
    attempt = new_row(started, person.platform_id, person.id, link.id)
    stored = add_open_attempt(session, attempt)
    if stored is not attempt:  # a concurrent launch (double click) drew first: resume that attempt
        return stored, False
    for event in started.drain_events():
        if isinstance(event, AttemptStarted):  # from their first delivery on, these versions are fixed
            catalogue.mark_used(session, event.item_version_ids, event.started_at)
    catalogue.exposure.shown(blueprint.key, [item.key for item in drawn])
    session.flush()
    return attempt, True


def open_of(attempts: Sequence[Attempt]) -> Attempt | None:
    """The newest attempt still in progress of these (``attempts_of``: oldest first)."""
    return next((a for a in reversed(attempts) if a.status == AttemptStatus.IN_PROGRESS), None)


def record_launch(session: Session, ctx: st.ExamContext, attempt: Attempt, created: bool,
                  now: dt.datetime) -> None:
    """``launched`` on every launch; ``initialized`` when the attempt begins."""
    statements = [st.launched(ctx, now), st.initialized(ctx, now)] if created else [st.launched(ctx, now)]
    journal_all(session, statements, attempt.platform_id, attempt.person_id)


def save_answer(session: Session, view: AttemptView, ctx: st.ExamContext, position: int,
                values: Sequence[str], now: dt.datetime, language: str | None = None,
                flagged: bool | None = None) -> bool:
    """Store the answer to one question and (``flagged`` not None) its flag for later; an ``answered``
    statement when the answer changed (a flag is no statement). Returns whether anything changed."""
    view.slot(position)  # NotFound for a question the exam does not have
    changed = view.domain.answer(position, values, now, language)
    if flagged is not None:
        changed = view.domain.flag(position, flagged, now) or changed
    if not changed:
        return False
    _apply(_Effects(session, view, ctx))
    return True


def autosave(db: Database, catalogue: Catalogue, iris: ToolIris, who: tuple[int, int], attempt_id: str,
             position: int, values: Sequence[str], now: dt.datetime, language: str | None, flagged: bool,
             session_id: str | None) -> AttemptView | None:
    """Save one answer in at most two round trips (a read, then one atomic write): the aggregate, holding the
    one stored answer at ``position``, applies the same rule as ``save_answer``; the write then stores it only
    while the attempt is still in progress. None when this path does not apply — no such attempt of ``who``
    (platform, person), closed, its time run out, a flag to change, or closed meanwhile — and the caller
    takes the locked path (``save_answer``), which says why or times the attempt out. Else the attempt, saved."""
    with db.autocommit(write=True) as session:
        rows = answer_rows(session, attempt_id, who[0], who[1], position)
        if rows is None:
            return None
        blueprint = catalogue.blueprint_version(session, rows.attempt.blueprint_version)
        items = catalogue.items(session, [e["item_version_id"] for e in rows.attempt.layout])
        view = AttemptView(rows.attempt, to_domain(rows.attempt, blueprint, items,
                                                   [rows.response] if rows.response else []))
        attempt = view.domain
        if not attempt.is_open or attempt.has_run_out(now) or (position in attempt.flagged) != flagged:
            return None
        view.slot(position)  # NotFound for a question the exam does not have
        if not attempt.answer(position, values, now, language):
            return view  # unchanged: nothing to write
        event = next(e for e in attempt.drain_events() if isinstance(e, ItemAnswered))
        statement = None
        if event.response:  # the response only: correctness is sent when the attempt is judged
            ctx = exam_context(iris, rows.platform, rows.person, rows.link, rows.context, rows.attempt, blueprint,
                               session_id or rows.attempt.id)
            statement = st.answered(ctx, _answered(event.item, list(event.response), event.language), event.at)
        stored = attempt.answers[position]
        assert stored.item_version_id is not None  # an answer to a stored item version
        saved = store_answer(session, NewAnswer(
            rows.attempt.id, rows.attempt.platform_id, rows.attempt.person_id, position, stored.item_version_id,
            list(stored.response), stored.saved_at, stored.fraction, stored.language, statement))
        return view if saved else None


def submit(session: Session, view: AttemptView, ctx: st.ExamContext, link: ResourceLink,
           person: Person, now: dt.datetime, certify: Certifier | None = None) -> Grade:
    """Grade and close the attempt, journal passed/failed and terminated, queue the score, and
    (``certify``) issue the certificate when passed — all in the caller's unit of work.
    Submitting an already submitted attempt changes nothing and returns the same grade."""
    if not view.domain.is_open:
        return view.domain.grade()
    grade = view.domain.submit(now)
    _apply(_Effects(session, view, ctx, link, person, certify))
    return grade


def time_out(session: Session, view: AttemptView, ctx: st.ExamContext, link: ResourceLink,
             person: Person, now: dt.datetime, certify: Certifier | None = None) -> bool:
    """Close an open attempt whose time has run out as ``submit`` does (the answers given so far
    count; ``passed``/``failed`` carries the timed-out extension). Returns whether it did."""
    if not view.domain.time_out(now):
        return False
    _apply(_Effects(session, view, ctx, link, person, certify))
    return True


# --- from events to statements, certificate and score --------------------------------------


@dataclass(frozen=True)
class _Effects:
    """Where one operation's events go: its unit of work and what the statements name."""

    session: Session
    view: AttemptView
    ctx: st.ExamContext
    link: ResourceLink | None = None
    person: Person | None = None
    certify: Certifier | None = None

    def journal(self, statement: dict[str, Any]) -> None:
        journal(self.session, statement, self.view.attempt.platform_id, self.view.attempt.person_id)


def _apply(effects: _Effects) -> None:
    """Write the aggregate back onto its row, then turn the events it recorded into rows."""
    write_back(effects.view.domain, effects.view.attempt)
    for event in effects.view.domain.drain_events():
        _handle(effects, event)


def _handle(effects: _Effects, event: Event) -> None:
    if isinstance(event, ItemAnswered):
        if event.response:  # the response only: correctness is sent when the attempt is judged
            effects.journal(st.answered(effects.ctx, _answered(event.item, list(event.response), event.language),
                                        event.at))
    elif isinstance(event, AttemptJudged):
        _judged(effects, event)


def _answered(item: Item, response: list[str], language: str | None) -> st.AnsweredItem:
    kind = item.kind
    return st.AnsweredItem(
        item_key=item.key, item_version=item.version, competence=item.competence,
        interaction_type=kind.interaction_type, stem=item.content.get("stem", {}),
        definition=kind.xapi_definition(item.content), response=kind.xapi_response(item.content, response),
        language=language,
    )


def _judged(effects: _Effects, event: AttemptJudged) -> None:
    """``scored`` per answered question (response, success, score and the correct pattern, none
    of which was sent while the attempt was open), ``passed``/``failed``, ``terminated``; then
    the certificate when passed and the score for the platform's gradebook."""
    ctx, grade, now = effects.ctx, event.grade, event.at
    for answer in event.scored:
        effects.journal(st.scored(ctx, _answered(answer.item, list(answer.response), answer.language),
                                  answer.fraction, now))
    effects.journal(st.judged(ctx, grade.passed, grade.raw, grade.maximum, event.duration_seconds, now,
                              timed_out=event.timed_out))
    effects.journal(st.terminated(ctx, event.duration_seconds, now))
    if grade.passed and effects.certify is not None:
        effects.certify(effects.view.attempt, effects.view.blueprint)
    assert effects.link is not None and effects.person is not None  # judging operations name both
    _queue_score(effects.session, effects.link, effects.person, effects.view, grade, now)


def _queue_score(session: Session, link: ResourceLink, person: Person, view: AttemptView, grade: Grade,
                 now: dt.datetime) -> None:
    """The grade for the platform's gradebook (AGS), delivered by the score outbox."""
    if link.lineitem_url or link.context_pk:
        given = gradebook_score_of(session, view.blueprint, view.attempt, now)
        session.add(ScoreOutbox(
            platform_id=view.attempt.platform_id, attempt_id=view.attempt.id, lineitem_url=link.lineitem_url or "",
            user_id=person.subject, payload=ags.score(person.subject, given, grade.maximum, grade.passed, now),
        ))
