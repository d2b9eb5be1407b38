"""The attempt aggregate: one sitting of an exam and the rules of its life (start, answer, submit,
time out, resume). It changes only itself and records what happened as events, which the service
layer drains into statements, the grade and outbox rows. ``attempts.py`` holds the pure helpers
(layout, answer reading, deadline, grading, retake rules) it applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .attempts import AttemptStatus, Grade, Slot, deadline, ensure_open, grade_attempt, lay_out, read_answer
from .blueprints import Blueprint
from .errors import AttemptClosed, InvalidResponse
from .items import Item
from .problems import Problem


@dataclass(frozen=True)
class Answer:
    """The latest answer to one slot (an empty ``response`` is an answer that was cleared)."""

    position: int
    item_version_id: int | None
    response: tuple[str, ...]
    saved_at: dt.datetime
    fraction: float | None
    language: str | None


# --- events --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttemptStarted:
    attempt_id: str
    exam_key: str
    blueprint_version: str
    item_version_ids: tuple[int, ...]
    started_at: dt.datetime
    due: dt.datetime | None


@dataclass(frozen=True)
class AttemptResumed:
    """An open attempt taken up again (a new launch); its clock was not stopped meanwhile."""

    attempt_id: str
    at: dt.datetime
    due: dt.datetime | None


@dataclass(frozen=True)
class ItemAnswered:
    """An answer that changed. ``response`` is empty when the answer was cleared."""

    attempt_id: str
    position: int
    item: Item
    response: tuple[str, ...]
    fraction: float
    language: str
    at: dt.datetime


@dataclass(frozen=True)
class ScoredAnswer:
    """What one answered question scored when its attempt was judged."""

    position: int
    item: Item
    response: tuple[str, ...]
    fraction: float
    language: str | None = None  # the language the question was answered in


@dataclass(frozen=True)
class AttemptJudged:
    """The attempt closed and was graded; ``scored`` lists the answered questions in exam order."""

    attempt_id: str
    grade: Grade
    scored: tuple[ScoredAnswer, ...]
    duration_seconds: float
    at: dt.datetime
    timed_out: ClassVar[bool] = False


@dataclass(frozen=True)
class AttemptSubmitted(AttemptJudged):
    """The person handed the attempt in."""


@dataclass(frozen=True)
class AttemptTimedOut(AttemptJudged):
    """The deadline passed; the answers given so far were graded."""

    timed_out: ClassVar[bool] = True


Event = AttemptStarted | AttemptResumed | ItemAnswered | AttemptSubmitted | AttemptTimedOut


# --- the aggregate -------------------------------------------------------------------------


@dataclass(eq=False)
class Attempt:
    """One person's sitting of one exam version. Build it with ``start`` (a new attempt) or from
    storage with every field; ``events`` collects what happened until the service drains them."""

    id: str
    blueprint: Blueprint
    slots: list[Slot]
    seed: int
    locale: str
    started_at: dt.datetime
    extra_minutes: int = 0
    status: AttemptStatus = AttemptStatus.IN_PROGRESS
    submitted_at: dt.datetime | None = None
    answers: dict[int, Answer] = field(default_factory=dict)
    score_raw: float | None = None
    score_max: float | None = None
    passed: bool | None = None
    #: the positions the person flagged to look at again before submitting (no statement: a reminder to oneself)
    flagged: set[int] = field(default_factory=set)
    events: list[Event] = field(default_factory=list)

    @classmethod
    def start(cls, attempt_id: str, blueprint: Blueprint, drawn: Sequence[Item], seed: int, locale: str,
              extra_minutes: int, now: dt.datetime) -> Attempt:
        """A new open attempt on the drawn items, laid out (item and option order) by ``seed``;
        ``extra_minutes`` (an accommodation) lengthen the blueprint's time limit."""
        layout = lay_out(blueprint, drawn, seed)
        slots = [Slot(entry["position"], item, entry) for entry, item in zip(layout, drawn, strict=True)]
        attempt = cls(attempt_id, blueprint, slots, seed, locale, now, extra_minutes)
        attempt.events.append(AttemptStarted(
            attempt_id, blueprint.key, blueprint.version_label,
            tuple(item.id for item in drawn if item.id is not None), now, attempt.due))
        return attempt

    # --- reading ---------------------------------------------------------------------------

    @property
    def due(self) -> dt.datetime | None:
        return deadline(self.blueprint, self.started_at, self.extra_minutes)

    @property
    def is_open(self) -> bool:
        return self.status is AttemptStatus.IN_PROGRESS

    def has_run_out(self, now: dt.datetime) -> bool:
        """Open, but its time is up: the next look at it times it out."""
        due = self.due
        return self.is_open and due is not None and now > due

    @property
    def layout(self) -> list[dict[str, Any]]:
        """The stored layout: item version and option order by position."""
        return [dict(slot.layout) for slot in self.slots]

    @property
    def responses(self) -> dict[int, list[str]]:
        return {position: list(answer.response) for position, answer in self.answers.items()}

    def slot(self, position: int) -> Slot | None:
        return next((slot for slot in self.slots if slot.position == position), None)

    def grade(self) -> Grade:
        """The grade of the answers as they stand (unanswered questions score 0)."""
        return grade_attempt(self.blueprint, self.slots, self.responses)

    # --- rules -----------------------------------------------------------------------------

    def resume(self, now: dt.datetime) -> None:
        """Take an open attempt up again. Its clock kept running: one whose time ran out meanwhile
        is timed out by ``time_out`` when it is next looked at, not here."""
        if not self.is_open:
            raise AttemptClosed(Problem("attempt.submitted"))
        self.events.append(AttemptResumed(self.id, now, self.due))

    def answer(self, position: int, values: Sequence[str], now: dt.datetime,
               language: str | None = None) -> bool:
        """Save the answer to one question from the submitted form ``values`` (AttemptClosed once
        submitted or past the deadline, InvalidResponse when the values do not fit). Returns
        whether the answer changed; only a change is recorded (``ItemAnswered``)."""
        ensure_open(self.status, self.due, now)
        slot = self.slot(position)
        if slot is None:
            raise InvalidResponse(Problem("attempt.no_question", position=position))
        response = tuple(read_answer(slot, values))
        stored = self.answers.get(position)
        if stored is not None and stored.response == response:
            return False
        fraction = slot.item.kind.grade(slot.item.content, list(response)) if response else 0.0
        language = language or self.locale
        self.answers[position] = Answer(position, slot.item.id, response, now, fraction, language)
        self.events.append(ItemAnswered(self.id, position, slot.item, response, fraction, language, now))
        return True

    def flag(self, position: int, on: bool, now: dt.datetime) -> bool:
        """Flag a question for later (``on``) or clear its flag, while the attempt is open. Returns
        whether the flag changed."""
        ensure_open(self.status, self.due, now)
        if self.slot(position) is None:
            raise InvalidResponse(f"this exam has no question {position}")
        if (position in self.flagged) == on:
            return False
        (self.flagged.add if on else self.flagged.discard)(position)
        return True

    def unanswered(self) -> list[int]:
        """The positions without an answer, in exam order."""
        return [slot.position for slot in self.slots if not self.responses.get(slot.position)]

    def submit(self, now: dt.datetime) -> Grade:
        """Hand the attempt in and grade it (AttemptClosed when it is closed already). Handed in
        after the deadline, it counts as timed out."""
        if not self.is_open:
            raise AttemptClosed(Problem("attempt.submitted"))
        return self._close(now, timed_out=self.has_run_out(now))

    def time_out(self, now: dt.datetime) -> bool:
        """Close and grade an open attempt whose time has run out (the answers given so far
        count). Returns whether it did."""
        if not self.has_run_out(now):
            return False
        self._close(now, timed_out=True)
        return True

    def drain_events(self) -> list[Event]:
        """The events recorded since the last drain, oldest first."""
        events, self.events = self.events, []
        return events

    def _close(self, now: dt.datetime, timed_out: bool) -> Grade:
        grade = self.grade()
        self.status = AttemptStatus.TIMED_OUT if timed_out else AttemptStatus.SUBMITTED
        self.submitted_at = now
        self.score_raw, self.score_max, self.passed = grade.raw, grade.maximum, grade.passed
        scored = tuple(ScoredAnswer(slot.position, slot.item, self.answers[slot.position].response,
                                    grade.fractions[slot.position], self.answers[slot.position].language)
                       for slot in self.slots
                       if slot.position in self.answers and self.answers[slot.position].response)
        judged = AttemptTimedOut if timed_out else AttemptSubmitted
        self.events.append(judged(self.id, grade, scored, (now - self.started_at).total_seconds(), now))
        return grade
