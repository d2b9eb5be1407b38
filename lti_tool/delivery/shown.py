"""What a candidate sees of their finished attempts, wherever it is shown: the level of the exam's feedback policy
(``assessments.feedback_policy``) with the person's retake state now, as on the attempt's result page. The LMS
gradebook, *My AI diploma* and the employee's own dossier follow it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from assessments.attempts import AttemptStatus, RetakeDecision, retake_decision
from assessments.blueprints import Blueprint
from assessments.feedback_policy import FeedbackLevel, feedback_level, gradebook_score, hides_score

from ..catalogue import Catalogue
from ..db.models import Attempt
from ..db.repositories import attempts_of


def finished(attempts: Sequence[Attempt]) -> list[tuple[dt.datetime, bool]]:
    """When each of these attempts that is finished ended and whether it passed."""
    return [(a.submitted_at or a.started_at, bool(a.passed)) for a in attempts if a.status != AttemptStatus.IN_PROGRESS]


def retake_and_level(blueprint: Blueprint, attempt: Attempt, attempts_at_exam: Sequence[Attempt],
                     now: dt.datetime) -> tuple[RetakeDecision, FeedbackLevel]:
    """May the candidate of a finished ``attempt`` try again (and from when), and how much of it they see now;
    ``attempts_at_exam``: all of the person's attempts at its exam, on whichever link."""
    retake = retake_decision(blueprint, finished(attempts_at_exam), now)
    return retake, feedback_level(blueprint.feedback, bool(attempt.passed), retake.reason)


def level_shown(blueprint: Blueprint, attempt: Attempt, attempts_at_exam: Sequence[Attempt],
                now: dt.datetime) -> FeedbackLevel:
    """How much of a finished ``attempt`` its candidate sees now (``retake_and_level``)."""
    return retake_and_level(blueprint, attempt, attempts_at_exam, now)[1]


def seen_by_candidate(db: Session, catalogue: Catalogue, attempt: Attempt,
                      now: dt.datetime) -> tuple[RetakeDecision, FeedbackLevel]:
    """``retake_and_level`` of one finished attempt, reading the person's attempts at its exam: the result page and
    *My AI diploma*."""
    blueprint = catalogue.blueprint_version(db, attempt.blueprint_version)
    return retake_and_level(blueprint, attempt, attempts_of(db, attempt.person_id, attempt.exam_key), now)


def levels_shown(db: Session, catalogue: Catalogue, attempts: Sequence[Attempt],
                 now: dt.datetime) -> dict[str, FeedbackLevel]:
    """``level_shown`` of each finished attempt of ``attempts``, which hold all attempts of their people at their
    exams (no query per attempt)."""
    by_exam: dict[tuple[int, str], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_exam[(attempt.person_id, attempt.exam_key)].append(attempt)
    return {a.id: level_shown(catalogue.blueprint_version(db, a.blueprint_version), a,
                              by_exam[(a.person_id, a.exam_key)], now)
            for a in attempts if a.status != AttemptStatus.IN_PROGRESS}


def gradebook_score_of(db: Session, blueprint: Blueprint, attempt: Attempt, now: dt.datetime,
                       attempts_at_exam: Sequence[Attempt] | None = None) -> float | None:
    """The score the gradebook gets for a judged attempt: its score, or all or nothing where the exam's feedback
    policy shows its candidate the verdict alone (the candidate reads the gradebook too). The person's attempts at
    the exam are read unless given."""
    if attempt.score_raw is None or attempt.score_max is None or not hides_score(blueprint.feedback):
        return attempt.score_raw
    if attempts_at_exam is None:
        attempts_at_exam = attempts_of(db, attempt.person_id, attempt.exam_key)
    level = level_shown(blueprint, attempt, attempts_at_exam, now)
    return gradebook_score(level, attempt.score_raw, attempt.score_max, bool(attempt.passed))
