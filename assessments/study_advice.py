"""Advice per competence from a person's last finished attempt, as far as the exam's feedback policy shows it.

The policy (``feedback_policy``) decides how much of an attempt its candidate sees; scores per competence
and what to study are shown from the ``competences`` level on. A competence scored below the exam's pass
mark is one to study again. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .attempts import CompetenceScore
from .feedback_policy import FeedbackLevel


@dataclass(frozen=True)
class CompetenceAdvice:
    competence: str
    earned: float
    possible: float
    fraction: float
    study: bool  # below the pass mark: study this again


def competence_advice(scores: Sequence[CompetenceScore], pass_mark: float,
                      shown: FeedbackLevel) -> list[CompetenceAdvice] | None:
    """The scores per competence with what to study, or None when the policy hides them."""
    if not shown.includes(FeedbackLevel.COMPETENCES):
        return None
    return [CompetenceAdvice(s.competence, s.earned, s.possible, s.fraction, s.fraction < pass_mark)
            for s in scores]
