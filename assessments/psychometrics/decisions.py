"""Consistency of the pass/fail decision from one administration.

**Reported: Huynh (1976)**, the beta-binomial model. True proportions correct follow a beta distribution
whose parameters come from the mean μ and KR-21 of the total scores, α = (1/ρ₂₁ − 1)·μ and
β = (1/ρ₂₁ − 1)·(k − μ) — totals only, so it works on drawn forms; the scores on two parallel forms are then
jointly beta-binomial, P(x, y) = C(k,x)·C(k,y)·B(α+x+y, β+2k−x−y)/B(α, β), and p₀ and κ follow exactly.

Also available, **Subkoviak (1976)**, per candidate:

Each candidate's true proportion correct is estimated by Kelley's regression towards the group mean,
τ̂ = ρ·p + (1−ρ)·p̄, and the chance of passing a parallel form is the binomial tail
P = Pr(X ≥ c | k, τ̂) (scipy.stats.binom). The agreement of two parallel decisions is
p₀ = mean(P² + (1−P)²); the chance agreement p_c = P̄² + (1−P̄)² with P̄ = mean(P); Cohen's κ of the decision
= (p₀ − p_c)/(1 − p_c). With partial credit the binomial is an approximation (scores are rounded to points).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DecisionConsistency:
    agreement: float  # p₀: the chance two parallel forms give the same decision
    chance: float  # p_c: the agreement expected by chance from the pass rate
    kappa: float | None  # Cohen's κ of the decision (None when everyone is expected to pass or fail)


def cut_points(pass_mark: float, k: int) -> int:
    """The number of points needed to pass a k-point form with the pass mark as a fraction."""
    return math.ceil(pass_mark * k - 1e-9)


def subkoviak(proportions: Sequence[float], k: int, cut: int, reliability: float) -> DecisionConsistency:
    """Decision consistency of passing at ``cut`` points out of ``k``, from each candidate's proportion
    correct and the test's reliability."""
    from scipy.stats import binom  # slow to import: only when used

    p = np.clip(np.asarray(proportions, dtype=float), 0.0, 1.0)
    if p.size == 0:
        raise ValueError("no scores")
    rho = min(max(reliability, 0.0), 1.0)
    true = rho * p + (1.0 - rho) * float(p.mean())
    passing = binom.sf(cut - 1, k, true)  # Pr(X >= cut)
    agreement = float(np.mean(passing ** 2 + (1.0 - passing) ** 2))
    rate = float(passing.mean())
    chance = rate ** 2 + (1.0 - rate) ** 2
    kappa = (agreement - chance) / (1.0 - chance) if chance < 1.0 - 1e-12 else None
    return DecisionConsistency(agreement, chance, kappa)


def kr21(totals: Sequence[float], k: int) -> float | None:
    """KR-21 of total scores on k items: k/(k−1)·(1 − μ(k−μ)/(k·σ²)) (population variance)."""
    x = np.asarray(totals, dtype=float)
    variance = float(x.var())
    if k < 2 or x.size < 2 or variance <= 1e-12:
        return None
    mean = float(x.mean())
    return k / (k - 1) * (1.0 - mean * (k - mean) / (k * variance))


def huynh(totals: Sequence[float], k: int, cut: int) -> DecisionConsistency | None:
    """Decision consistency of passing at ``cut`` of ``k`` points by Huynh's beta-binomial model (None when
    KR-21 is not positive: the scores carry no true-score variance to model)."""
    from scipy.special import betaln, gammaln  # slow to import: only when used

    rho = kr21(totals, k)
    if rho is None or rho <= 0.0 or rho >= 1.0:
        return None
    mean = float(np.mean(totals))
    scale = 1.0 / rho - 1.0
    a, b = scale * mean, scale * (k - mean)
    if a <= 0 or b <= 0:
        return None
    x = np.arange(k + 1)
    log_choose = gammaln(k + 1) - gammaln(x + 1) - gammaln(k - x + 1)
    xs, ys = np.meshgrid(x, x, indexing="ij")
    joint = np.exp(log_choose[:, None] + log_choose[None, :] + betaln(a + xs + ys, b + 2 * k - xs - ys)
                   - betaln(a, b))
    passing = x >= cut
    agreement = float(joint[np.ix_(passing, passing)].sum() + joint[np.ix_(~passing, ~passing)].sum())
    rate = float(joint[passing].sum())
    chance = rate ** 2 + (1.0 - rate) ** 2
    kappa = (agreement - chance) / (1.0 - chance) if chance < 1.0 - 1e-12 else None
    return DecisionConsistency(agreement, chance, kappa)
