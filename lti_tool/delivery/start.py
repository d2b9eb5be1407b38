"""Before the first question: the exam's start page, its Start button and the staff preview.

A launch draws, stores and journals nothing for a new attempt: it shows the rules (``rules_for``) and the
attempt begins on Start (``begin``), so the timer counts from that button. A launch that finds an open
attempt resumes it at once (``resume_at_launch``). The preview shows staff the same rules and, to those who
may read the bank, a sample form drawn without storing anything (``sample_form``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from assessments.assembly import assemble
from assessments.attempts import RetakeDecision, Slot, lay_out, retake_decision
from assessments.blueprints import Blueprint
from assessments.feedback_policy import FeedbackLevel, feedback_level

from ..db.models import Attempt, Context, Person, Platform, ResourceLink
from ..db.repositories import attempts_of, current_items, extra_minutes, open_attempt
from ..services import Services
from .operations import exam_context, finished, load_view, open_of, record_launch, start_or_resume
from .queries import calibrated_parameters, statement_context


@dataclass(frozen=True)
class ExamRules:
    """What the start page says: the exam, this person's time and whether (and when) they may start."""

    blueprint: Blueprint
    extra_minutes: int
    decision: RetakeDecision
    last_attempt_id: str | None  # their latest attempt at this exam, on any link (its result page)
    open_attempt: Attempt | None = None  # an attempt already running: no start page, straight back in

    @property
    def questions(self) -> int:
        return self.blueprint.item_count

    @property
    def minutes(self) -> int | None:
        """The time for one attempt, accommodations included (None: no time limit)."""
        limit = self.blueprint.time_limit_minutes
        return None if limit is None else limit + self.extra_minutes

    @property
    def feedback_after_fail(self) -> FeedbackLevel:
        """What a failed attempt shows when a retake is still possible."""
        return feedback_level(self.blueprint.feedback, False, None)

    @property
    def feedback_after_pass(self) -> FeedbackLevel:
        return feedback_level(self.blueprint.feedback, True, None)


@dataclass(frozen=True)
class Launched:
    """Where a Start (or a launch's resume) took the person."""

    platform: Platform
    person: Person
    link: ResourceLink
    context: Context | None
    xapi_session: str
    extra_minutes: int | None = None  # the person's accommodation, when it was read with the rows (None: not yet)


def rules_for(db: Session, svc: Services, who: Launched, now: dt.datetime) -> ExamRules:
    """The rules of the exam this person would start on their link now (reads only)."""
    person = who.person
    blueprint = svc.catalogue.blueprint_for(db, who.link.exam_key, person.function_group)
    earlier = attempts_of(db, person.id, blueprint.key)  # oldest first, on every link
    extra = extra_minutes(db, person) if who.extra_minutes is None else who.extra_minutes
    return ExamRules(blueprint, extra, retake_decision(blueprint, finished(earlier), now),
                     earlier[-1].id if earlier else None, open_of(earlier))


def begin(db: Session, svc: Services, who: Launched, locale: str, now: dt.datetime) -> tuple[Attempt, bool]:
    """Start: draw and store the attempt and journal ``launched`` and ``initialized`` (the caller's unit of
    work). An open attempt (a second click) is returned as it is; when no attempt is allowed, the last finished
    one. Returns (attempt, created)."""
    attempt, created = start_or_resume(db, svc.catalogue, who.person, who.link, locale, now,
                                       extra=who.extra_minutes)
    if created:
        _journal_launch(db, svc, who, attempt, True, now)
    return attempt, created


def resume_at_launch(db: Session, svc: Services, who: Launched, now: dt.datetime) -> Attempt | None:
    """A launch that finds an open attempt takes it up again (``launched`` is all a resume journals); None
    when there is none (the launch shows the start page and writes nothing)."""
    blueprint = svc.catalogue.blueprint_for(db, who.link.exam_key, who.person.function_group)
    existing = open_attempt(db, who.person.id, blueprint.key)
    if existing is None:
        return None
    load_view(db, svc.catalogue, existing).domain.resume(now)
    _journal_launch(db, svc, who, existing, False, now)
    return existing


def _journal_launch(db: Session, svc: Services, who: Launched, attempt: Attempt, created: bool,
                    now: dt.datetime) -> None:
    blueprint = svc.catalogue.blueprint_version(db, attempt.blueprint_version)
    link, context = who.link, who.context
    if attempt.resource_link_pk != link.id:  # resumed from another course: its statements name its own link
        _platform, _person, link, context = statement_context(db, attempt)
    ctx = exam_context(svc.iris, who.platform, who.person, link, context, attempt, blueprint, who.xapi_session)
    record_launch(db, ctx, attempt, created, now)


def preview_rules(db: Session, svc: Services, link: ResourceLink) -> ExamRules:
    """The rules of the placed exam as a new candidate without accommodations meets them."""
    blueprint = svc.catalogue.blueprint(db, link.exam_key)
    return ExamRules(blueprint, 0, RetakeDecision(True, attempts_left=blueprint.max_attempts), None)


def sample_form(db: Session, blueprint: Blueprint, seed: int | None = None) -> list[Slot]:
    """One form of the exam as a new attempt could draw and lay it out, for the preview: nothing is stored
    and no exposure is counted (reads only)."""
    seed = secrets.randbits(48) if seed is None else seed
    drawn = assemble(blueprint, current_items(db, blueprint.level), seed,
                     calibrated=calibrated_parameters(db, blueprint.level))
    return [Slot(entry["position"], item, entry) for entry, item in zip(lay_out(blueprint, drawn, seed), drawn,
                                                                          strict=True)]


def first_open(attempt: Attempt) -> int:
    """The position of the attempt's first unanswered question (1 when all are answered)."""
    answered = {r.position for r in attempt.responses}
    return next((e["position"] for e in attempt.layout if e["position"] not in answered), 1)
