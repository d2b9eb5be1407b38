"""Attempts: laying out a drawn exam, accepting answers, and grading at submission."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .blueprints import Blueprint
from .errors import AttemptClosed
from .items import Item
from .problems import Problem


class AttemptStatus(StrEnum):
    """Where an attempt is in its life; the values are what the database stores."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    TIMED_OUT = "timed_out"


@dataclass(frozen=True)
class Slot:
    """One position in an attempt: the item version and how it was presented."""

    position: int
    item: Item
    layout: Mapping[str, Any]


def lay_out(blueprint: Blueprint, drawn: Sequence[Item], seed: int) -> list[dict[str, Any]]:
    """The stored layout of an attempt: item version ids and option orders, by position."""
    rng = random.Random(seed ^ 0x5EED)
    return [
        {
            "position": pos,
            "item_key": item.key,
            "item_version_id": item.id,
            **item.kind.present(item.content, rng, blueprint.shuffle_options),
        }
        for pos, item in enumerate(drawn, start=1)
    ]


def read_answer(slot: Slot, values: Sequence[str]) -> list[str]:
    """The response to store for submitted form values: the attempt's opaque ids mapped back to
    authored keys, then parsed by the item type (InvalidResponse when they do not fit)."""
    kind = slot.item.kind
    return kind.parse_response(slot.item.content, kind.read_form(slot.layout, values))


def deadline(blueprint: Blueprint, started_at: dt.datetime, extra_minutes: int = 0) -> dt.datetime | None:
    if blueprint.time_limit_minutes is None:
        return None
    return started_at + dt.timedelta(minutes=blueprint.time_limit_minutes + extra_minutes)


def ensure_open(status: str, due: dt.datetime | None, now: dt.datetime) -> None:
    """Raise AttemptClosed when answers can no longer be accepted."""
    if status != AttemptStatus.IN_PROGRESS:
        raise AttemptClosed(Problem("attempt.submitted"))
    if due is not None and now > due:
        raise AttemptClosed(Problem("attempt.time_out"))


@dataclass(frozen=True)
class CompetenceScore:
    competence: str
    earned: float
    possible: float

    @property
    def fraction(self) -> float:
        return self.earned / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class Grade:
    raw: float
    maximum: float
    passed: bool
    fractions: Mapping[int, float]
    by_competence: Sequence[CompetenceScore] = field(default_factory=list)

    @property
    def scaled(self) -> float:
        return self.raw / self.maximum if self.maximum else 0.0


def grade_attempt(
    blueprint: Blueprint, slots: Sequence[Slot], responses: Mapping[int, Sequence[str]]
) -> Grade:
    """Grade every slot (unanswered scores 0); each item is worth one mark."""
    fractions: dict[int, float] = {}
    per_comp: dict[str, list[float]] = {}
    for slot in slots:
        response = responses.get(slot.position)
        fraction = slot.item.kind.grade(slot.item.content, response) if response else 0.0
        fractions[slot.position] = fraction
        per_comp.setdefault(slot.item.competence, []).append(fraction)
    raw = round(sum(fractions.values()), 4)
    maximum = float(len(slots))
    scaled = raw / maximum if maximum else 0.0
    return Grade(
        raw=raw,
        maximum=maximum,
        passed=scaled + 1e-9 >= blueprint.pass_mark,
        fractions=fractions,
        by_competence=[
            CompetenceScore(comp, round(sum(v), 4), float(len(v))) for comp, v in sorted(per_comp.items())
        ],
    )


@dataclass(frozen=True)
class RetakeDecision:
    """Whether a person may start a new attempt now, and if not, why and from when."""

    allowed: bool
    reason: str | None = None  # "passed", "no_attempts_left" or "waiting"
    allowed_from: dt.datetime | None = None
    attempts_left: int | None = None


def retake_decision(blueprint: Blueprint, finished: Sequence[tuple[dt.datetime, bool]],
                    now: dt.datetime) -> RetakeDecision:
    """Apply the blueprint's attempt limit and waiting time to the finished attempts
    ``(submitted_at, passed)`` of one person on one exam. A passed exam is not retaken here
    (recertification starts a new cycle elsewhere)."""
    left = None if blueprint.max_attempts is None else max(0, blueprint.max_attempts - len(finished))
    if not finished:
        return RetakeDecision(True, attempts_left=left)
    last_at = max(at for at, _ in finished)
    if any(passed for _, passed in finished):
        return RetakeDecision(False, "passed", attempts_left=left)
    if left == 0:
        return RetakeDecision(False, "no_attempts_left", attempts_left=0)
    allowed_from = last_at + dt.timedelta(days=blueprint.retake_wait_days)
    if now < allowed_from:
        return RetakeDecision(False, "waiting", allowed_from, left)
    return RetakeDecision(True, attempts_left=left)
