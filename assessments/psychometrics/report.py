"""The exam quality report of one blueprint version, from plain data: each finished attempt's item
fractions (slot order), the language each item was answered in, and the groups of its candidate.

Numbers under the minimum samples (``samples.py``) are None, never a guess; the page says why.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .decisions import DecisionConsistency, cut_points, huynh
from .dif import Dif, item_dif
from .irt import Calibration, ItemParameters, evaluate, form_information, se_at, theta_for
from .reliability import form_alpha, lord_csem, sem
from .samples import MIN_ATTEMPTS_RELIABILITY

FULL_MARKS = 1.0 - 1e-9


@dataclass(frozen=True)
class ItemAnswer:
    item_key: str
    fraction: float
    language: str


@dataclass(frozen=True)
class AttemptScores:
    attempt_id: str
    answers: Sequence[ItemAnswer]  # slot order
    groups: Mapping[str, str] = field(default_factory=dict)  # e.g. {"department": "Finance"}

    @property
    def raw(self) -> float:
        return sum(a.fraction for a in self.answers)

    def dichotomous(self) -> dict[str, int]:
        return {a.item_key: int(a.fraction >= FULL_MARKS) for a in self.answers}


@dataclass(frozen=True)
class Reliability:
    alpha: float
    sem_points: float
    sem_percent: float
    csem_points: float  # Lord's conditional SEM at the pass mark
    csem_percent: float
    decision: DecisionConsistency | None  # Huynh (1976); None when KR-21 ≤ 0


@dataclass(frozen=True)
class IrtSummary:
    calibration: Calibration
    theta_cut: float | None
    se_at_cut: float | None
    information: Sequence[tuple[float, float]]  # (θ, I(θ)) of a drawn form


@dataclass(frozen=True)
class BlueprintQuality:
    attempts: int
    items_per_form: int
    pass_mark: float
    totals: Sequence[float]
    reliability: Reliability | None  # None below MIN_ATTEMPTS_RELIABILITY
    irt: IrtSummary | None  # None without a calibration run for the level


def form_length(attempts: Sequence[AttemptScores]) -> int:
    """The number of items of a form: the most common (a blueprint version fixes it; an attempt cut short
    by an edit of the version would otherwise break the matrix, and is left out of α)."""
    lengths = Counter(len(a.answers) for a in attempts)
    return lengths.most_common(1)[0][0] if lengths else 0


def reliability(attempts: Sequence[AttemptScores], pass_mark: float,
                min_attempts: int = MIN_ATTEMPTS_RELIABILITY) -> Reliability | None:
    """α over the forms, SEM, Lord's CSEM at the cut and Huynh's decision consistency."""
    k = form_length(attempts)
    rows = [[a.fraction for a in attempt.answers] for attempt in attempts if len(attempt.answers) == k]
    if len(rows) < min_attempts:
        return None
    alpha = form_alpha(rows)
    if alpha is None or k < 2:
        return None
    totals = [sum(row) for row in rows]
    sem_points = sem(totals, alpha)
    csem = lord_csem(pass_mark * k, k)
    decision = huynh(totals, k, cut_points(pass_mark, k))
    return Reliability(alpha, sem_points, sem_points / k, csem, csem / k, decision)


def irt_summary(attempts: Sequence[AttemptScores], parameters: Sequence[ItemParameters], model: str,
                pass_mark: float, k: int) -> IrtSummary:
    calibration = evaluate({a.attempt_id: a.dichotomous() for a in attempts}, parameters, model)
    theta_cut = theta_for(pass_mark, calibration.items)
    grid = np.linspace(-4, 4, 33)
    information = list(zip(grid.tolist(), form_information(grid, calibration.items, k).tolist(), strict=True))
    return IrtSummary(calibration, theta_cut,
                      se_at(theta_cut, calibration.items, k) if theta_cut is not None else None, information)


def blueprint_quality(attempts: Sequence[AttemptScores], pass_mark: float,
                      parameters: Sequence[ItemParameters] = (), model: str = "rasch") -> BlueprintQuality:
    k = form_length(attempts)
    irt = irt_summary(attempts, parameters, model, pass_mark, k) if parameters and attempts else None
    return BlueprintQuality(len(attempts), k, pass_mark, [a.raw for a in attempts],
                            reliability(attempts, pass_mark), irt)


def dif_by(attempts: Sequence[AttemptScores], reference: str, focal: str, grouping: str | None = None,
           min_group: int | None = None) -> dict[str, Dif]:
    """MH DIF of every item between two groups: by the language the item was answered in
    (``grouping`` None) or by a candidate group such as ``department``."""
    totals = {a.attempt_id: sum(a.dichotomous().values()) for a in attempts}
    scored: dict[str, dict[str, int]] = {}
    groups: dict[str, dict[str, str]] = {}
    for attempt in attempts:
        for answer in attempt.answers:
            scored.setdefault(answer.item_key, {})[attempt.attempt_id] = int(answer.fraction >= FULL_MARKS)
            value = answer.language if grouping is None else attempt.groups.get(grouping, "")
            groups.setdefault(answer.item_key, {})[attempt.attempt_id] = value
    extra = {} if min_group is None else {"min_group": min_group}
    return {key: item_dif(key, scored[key], totals, groups[key], reference, focal, **extra)
            for key in sorted(scored)}


def histogram(totals: Sequence[float], k: int) -> list[int]:
    """Attempts per whole score point 0..k (partial credit rounded down)."""
    counts = [0] * (k + 1)
    for total in totals:
        counts[min(max(int(total + 1e-9), 0), k)] += 1
    return counts
