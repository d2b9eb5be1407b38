"""What a candidate sees of a finished attempt: the feedback policy of a blueprint.

Showing the key and rationale after a failed attempt teaches the next attempt's answers rather than
the competence, and exposes the bank; so by default a failed candidate sees their scores per
competence and what to study, a passed one the same, and only once no retake of this exam version
is possible (no attempts left, or the person has passed) may the answers with their rationale be
shown. The levels build on each other: ``none`` (the verdict only) < ``score`` (plus the total
score) < ``competences`` (plus per-competence scores and study advice) < ``answers`` (plus each
question's answer, correctness, option feedback and rationale).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .problems import Problem


class FeedbackLevel(StrEnum):
    NONE = "none"
    SCORE = "score"
    COMPETENCES = "competences"
    ANSWERS = "answers"

    @property
    def rank(self) -> int:
        return list(FeedbackLevel).index(self)

    def includes(self, other: FeedbackLevel) -> bool:
        return self.rank >= other.rank


#: the moments a policy speaks about, in the order of the blueprint field
MOMENTS = ("after_fail", "after_pass", "after_last_attempt")


@dataclass(frozen=True)
class FeedbackPolicy:
    after_fail: FeedbackLevel = FeedbackLevel.COMPETENCES
    after_pass: FeedbackLevel = FeedbackLevel.COMPETENCES
    after_last_attempt: FeedbackLevel = FeedbackLevel.ANSWERS


DEFAULT_POLICY = FeedbackPolicy()


def parse_feedback_policy(raw: Mapping[str, Any] | None) -> tuple[FeedbackPolicy, list[str]]:
    """The policy of a blueprint's ``feedback`` field (missing moments take the default) and the
    problems found in it."""
    if raw is None:
        return DEFAULT_POLICY, []
    if not isinstance(raw, Mapping):
        return DEFAULT_POLICY, [Problem("feedback.mapping")]
    errors: list[str] = [Problem("feedback.unknown_moment", name=name) for name in raw if name not in MOMENTS]
    levels: dict[str, FeedbackLevel] = {}
    for moment in MOMENTS:
        value = raw.get(moment)
        if value is None:
            continue
        try:
            levels[moment] = FeedbackLevel(str(value))
        except ValueError:
            errors.append(Problem("feedback.level", moment=moment, known=[level.value for level in FeedbackLevel]))
    return FeedbackPolicy(**levels), errors


def feedback_record(policy: FeedbackPolicy) -> dict[str, str]:
    return {moment: getattr(policy, moment).value for moment in MOMENTS}


#: the retake reasons (``assessments.attempts.RetakeDecision.reason``) after which this exam version
#: is not taken again by the person
WINDOW_CLOSED = frozenset({"no_attempts_left", "passed"})


def feedback_level(policy: FeedbackPolicy, attempt_passed: bool, retake_reason: str | None) -> FeedbackLevel:
    """How much of one finished attempt its candidate sees. ``retake_reason`` is the person's
    current retake decision on the exam (``passed``, ``waiting``, ``no_attempts_left``, or None
    when a retake is allowed now)."""
    if attempt_passed:
        return policy.after_pass
    if retake_reason in WINDOW_CLOSED:
        return policy.after_last_attempt
    return policy.after_fail


def hides_score(policy: FeedbackPolicy) -> bool:
    """Whether at some moment the policy shows the verdict alone (so the score a gradebook gets depends on it)."""
    return any(not getattr(policy, moment).includes(FeedbackLevel.SCORE) for moment in MOMENTS)


def gradebook_score(level: FeedbackLevel, raw: float, maximum: float, passed: bool) -> float:
    """The score the LMS gradebook gets for an attempt its candidate sees at ``level``. The candidate reads the
    gradebook too, so below ``score`` it holds the verdict alone: all of the maximum, or nothing."""
    if level.includes(FeedbackLevel.SCORE):
        return raw
    return maximum if passed else 0.0
