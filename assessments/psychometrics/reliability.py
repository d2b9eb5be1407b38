"""Reliability and measurement error of one blueprint version.

**Choice for drawn forms.** Every attempt gets its own form (items drawn per competence), so there is no
complete person × item matrix. We report Cronbach's α over the *per-attempt item scores*, treating the k
items of each attempt as the test: column j is the score on the j-th slot of the attempt's form (any item
the draw put there). α = k/(k−1) · (1 − Σ var(slot) / var(total)). Because items are assigned to slots at
random, the slot variances estimate the mean item variance and α estimates the reliability of a randomly
drawn form — which is the reliability of the decision a candidate actually gets. With 0/1 scores this is
KR-20 (Kuder & Richardson 1937). The IRT marginal reliability of the calibration (``irt.py``) is the
model-based second opinion.

SEM: classical SD·√(1−ρ) of the total score; conditional SEM at the pass mark by Lord's binomial error
model, √(x(k−x)/(k−1)) at x = the cut score in points (Lord 1984; Feldt, Steffen & Gupta 1985).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float | None:
    """α of a persons × items matrix (KR-20 when the scores are 0/1). None: < 2 persons or items,
    or no variance in the totals."""
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] < 2 or matrix.shape[1] < 2:
        return None
    k = matrix.shape[1]
    total_var = float(matrix.sum(axis=1).var())
    if total_var <= 1e-12:
        return None
    return k / (k - 1) * (1.0 - float(matrix.var(axis=0).sum()) / total_var)


def kr20(scores: Sequence[Sequence[int]]) -> float | None:
    """KR-20 of a persons × items 0/1 matrix: α with the item variances p·q."""
    matrix = np.asarray(scores, dtype=float)
    if matrix.size and not np.isin(matrix, (0.0, 1.0)).all():
        raise ValueError("KR-20 needs 0/1 scores; use cronbach_alpha for partial credit")
    return cronbach_alpha(scores)


def form_alpha(item_scores_per_attempt: Sequence[Sequence[float]]) -> float | None:
    """α over drawn forms: each row is one attempt's item scores in slot order (all rows of length k)."""
    lengths = {len(row) for row in item_scores_per_attempt}
    if len(lengths) > 1:
        raise ValueError("every attempt of a blueprint version has the same number of items")
    return cronbach_alpha(item_scores_per_attempt)


def sem(total_scores: Sequence[float], reliability: float) -> float:
    """The classical standard error of measurement SD·√(1−ρ) (sample SD), in score points."""
    return float(np.std(np.asarray(total_scores, dtype=float), ddof=1)) * math.sqrt(max(0.0, 1.0 - reliability))


def lord_csem(cut: float, k: int) -> float:
    """Lord's binomial-error conditional SEM at a score of ``cut`` points on a k-item test."""
    if k < 2:
        raise ValueError("k must be at least 2")
    x = min(max(cut, 0.0), float(k))
    return math.sqrt(x * (k - x) / (k - 1))
