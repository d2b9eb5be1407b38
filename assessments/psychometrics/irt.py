"""IRT calibration of one level's items: Rasch or 2PL by marginal maximum likelihood (girth).

Responses are dichotomous: an item scores 1 when the attempt got full marks on it (fraction 1), else 0.
The matrix is items × attempts with girth's ``INVALID_RESPONSE`` where an attempt was not given an item
(drawn forms). Items with fewer than ``MIN_ITEM_RESPONSES`` responses, or that everyone (or no one)
answered correctly, have no estimable parameters: they are left out and listed with the reason. No
calibration below ``MIN_ATTEMPTS_CALIBRATION`` attempts.

After the fit, abilities are EAP estimates on a quadrature grid with a N(0, 1) prior (each attempt on the
items it was given); from them:

* item fit (Wright & Masters 1982): outfit = mean of squared standardised residuals (x−P)²/(P(1−P)),
  infit = Σ(x−P)² / ΣP(1−P); expected 1, flagged outside ``FIT_RANGE`` with at least ``MIN_FIT_RESPONSES``.
  Residual and variance are averaged over each attempt's posterior rather than taken at a point estimate
  (a short drawn form makes EAP point estimates fit their own data too well, pulling the squares below 1);
* standard errors of a and b from the expected information of the item parameters over each attempt's
  posterior (complete-data information given the abilities: a slight underestimate);
* marginal reliability var(θ̂)/(var(θ̂) + mean posterior variance);
* test information of a drawn form of k items at θ: k × the mean item information of the pool, and the
  IRT SE 1/√I(θ) at θ_cut, the ability whose expected proportion correct equals the pass mark.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import Incomplete
from .samples import FIT_RANGE, MIN_ATTEMPTS_CALIBRATION, MIN_FIT_RESPONSES, MIN_ITEM_RESPONSES

#: girth's marker of "not given" (``girth.INVALID_RESPONSE``; girth itself is imported only to fit)
INVALID_RESPONSE = -99999
GRID = np.linspace(-6.0, 6.0, 121)
_PRIOR = np.exp(-0.5 * GRID ** 2)
_PRIOR /= _PRIOR.sum()


class Model(enum.StrEnum):
    RASCH = "rasch"
    TWO_PL = "2pl"


class Exclusion(enum.StrEnum):
    FEW_RESPONSES = "few_responses"
    NO_VARIANCE = "no_variance"


@dataclass(frozen=True)
class ItemParameters:
    item_key: str
    difficulty: float  # b
    discrimination: float = 1.0  # a
    n: int = 0
    infit: float | None = None
    outfit: float | None = None
    difficulty_se: float | None = None
    discrimination_se: float | None = None  # None under Rasch (a is fixed)

    @property
    def misfit(self) -> bool:
        low, high = FIT_RANGE
        return self.n >= MIN_FIT_RESPONSES and any(
            v is not None and not low <= v <= high for v in (self.infit, self.outfit))


@dataclass(frozen=True)
class Calibration:
    model: Model
    attempts: int
    items: tuple[ItemParameters, ...]
    excluded: Mapping[str, Exclusion]
    abilities: Mapping[str, float]  # EAP θ per attempt id
    marginal_reliability: float | None


class TooFewAttempts(Incomplete):
    """Below the minimum sample no calibration is run (code ``calibration.too_few_attempts``)."""

    def __init__(self, attempts: int, needed: int) -> None:
        super().__init__("calibration.too_few_attempts", attempts=attempts, needed=needed)
        self.attempts, self.needed = attempts, needed


class TooFewUsableItems(TooFewAttempts):
    """Enough attempts, but fewer than two questions with both right and wrong answers to fit (code
    ``calibration.too_few_usable_items``)."""

    def __init__(self, usable: int, needed: int = 2) -> None:
        Incomplete.__init__(self, "calibration.too_few_usable_items", usable=usable, needed=needed)
        self.attempts, self.needed = usable, needed


def probability(theta: np.ndarray, a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """P(correct) of the 2PL (Rasch with a = 1); items on the first axis when a, b are arrays."""
    a_, b_ = np.atleast_1d(np.asarray(a, float)), np.atleast_1d(np.asarray(b, float))
    return np.asarray(1.0 / (1.0 + np.exp(-a_[:, None] * (np.asarray(theta, float)[None, :] - b_[:, None]))))


def response_matrix(answers: Mapping[str, Mapping[str, int]], item_keys: Sequence[str],
                    ) -> tuple[np.ndarray, list[str]]:
    """Items × attempts 0/1 matrix with ``INVALID_RESPONSE`` where not given, from {attempt: {item: 0/1}}."""
    attempts = sorted(answers)
    matrix = np.full((len(item_keys), len(attempts)), INVALID_RESPONSE, dtype=int)
    index = {key: i for i, key in enumerate(item_keys)}
    for j, attempt in enumerate(attempts):
        for key, score in answers[attempt].items():
            if key in index:
                matrix[index[key], j] = int(score)
    return matrix, attempts


def posterior(matrix: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Each attempt's posterior weights over ``GRID`` (attempts × grid), N(0, 1) prior."""
    given = matrix != INVALID_RESPONSE
    x = np.where(given, matrix, 0).astype(float)
    p = np.clip(probability(GRID, a, b), 1e-12, 1 - 1e-12)
    loglik = x.T @ np.log(p) + (given & (matrix == 0)).T.astype(float) @ np.log(1 - p)
    loglik -= loglik.max(axis=1, keepdims=True)
    weights = np.exp(loglik) * _PRIOR[None, :]
    return np.asarray(weights / weights.sum(axis=1, keepdims=True))


def _usable(matrix: np.ndarray, keys: Sequence[str]) -> tuple[list[int], dict[str, Exclusion]]:
    keep, excluded = [], {}
    for i, key in enumerate(keys):
        row = matrix[i][matrix[i] != INVALID_RESPONSE]
        if row.size < MIN_ITEM_RESPONSES:
            excluded[key] = Exclusion.FEW_RESPONSES
        elif row.min() == row.max():
            excluded[key] = Exclusion.NO_VARIANCE
        else:
            keep.append(i)
    return keep, excluded


def _fit(matrix: np.ndarray, model: Model) -> tuple[np.ndarray, np.ndarray]:
    from girth import rasch_mml, twopl_mml  # ≈0.7 s to import, needed only when calibrating
    if model is Model.RASCH:
        result = rasch_mml(matrix)
        b = np.asarray(result["Difficulty"], float)
        return np.ones_like(b), b
    result = twopl_mml(matrix)
    return np.asarray(result["Discrimination"], float), np.asarray(result["Difficulty"], float)


def calibrate(answers: Mapping[str, Mapping[str, int]], model: Model | str,
              min_attempts: int = MIN_ATTEMPTS_CALIBRATION) -> Calibration:
    """Fit ``model`` to {attempt id: {item key: 0/1}} (the items each attempt was given)."""
    model = Model(model)
    if len(answers) < min_attempts:
        raise TooFewAttempts(len(answers), min_attempts)
    keys = sorted({key for given in answers.values() for key in given})
    full, _attempts = response_matrix(answers, keys)
    keep, excluded = _usable(full, keys)
    if len(keep) < 2:  # girth cannot fit fewer (a 500 before): everyone right or wrong on every question
        raise TooFewUsableItems(len(keep))
    a, b = _fit(full[keep], model)
    fitted = [ItemParameters(keys[i], float(b[row]), float(a[row])) for row, i in enumerate(keep)]
    return evaluate(answers, fitted, model, excluded)


def evaluate(answers: Mapping[str, Mapping[str, int]], parameters: Sequence[ItemParameters], model: Model | str,
             excluded: Mapping[str, Exclusion] | None = None) -> Calibration:
    """Abilities, item fit, parameter SEs and marginal reliability of the attempts ``answers`` given item
    ``parameters`` (a fresh fit, or a stored run's)."""
    model = Model(model)
    keys = [p.item_key for p in parameters]
    matrix, attempts = response_matrix(answers, keys)
    a = np.array([p.discrimination for p in parameters], float)
    b = np.array([p.difficulty for p in parameters], float)
    weights = posterior(matrix, a, b)
    theta = weights @ GRID
    psd2 = weights @ GRID ** 2 - theta ** 2
    items = tuple(_item(keys[i], matrix[i], a[i], b[i], theta, weights, model) for i in range(len(keys)))
    total = float(theta.var()) + float(psd2.mean()) if len(attempts) else 0.0
    marginal = float(theta.var()) / total if total > 0 else None
    return Calibration(model, len(attempts), items, dict(excluded or {}),
                       dict(zip(attempts, theta.tolist(), strict=True)), marginal)


def _item(key: str, row: np.ndarray, a: float, b: float, theta: np.ndarray, weights: np.ndarray,
          model: Model) -> ItemParameters:
    given = row != INVALID_RESPONSE
    if not given.any():
        return ItemParameters(key, float(b), float(a))
    x = row[given].astype(float)
    w = weights[given]
    p = probability(GRID, a, b)[0]
    squared = w @ (p * p) - 2 * x * (w @ p) + x  # posterior mean of (x − P(θ))², x² = x
    variance = np.clip(w @ (p * (1 - p)), 1e-9, None)
    outfit = float(np.mean(squared / variance))
    infit = float(np.sum(squared) / np.sum(variance))
    b_se, a_se = parameter_se(weights[given], a, b, model)
    return ItemParameters(key, float(b), float(a), int(given.sum()), infit, outfit, b_se, a_se)


def parameter_se(weights: np.ndarray, a: float, b: float, model: Model) -> tuple[float | None, float | None]:
    """SE of (b, a) from the expected information over the respondents' posteriors (weights: n × grid)."""
    p = probability(GRID, a, b)[0]
    pq = weights @ (p * (1 - p))  # per respondent
    if model is Model.RASCH:
        info = float(pq.sum()) * a * a
        return (1 / np.sqrt(info) if info > 0 else None), None
    d = GRID - b
    i_aa = float((weights @ (p * (1 - p) * d * d)).sum())
    i_ab = float((weights @ (p * (1 - p) * d)).sum()) * -a
    i_bb = float(pq.sum()) * a * a
    det = i_aa * i_bb - i_ab * i_ab
    if det <= 1e-12:
        return None, None
    return float(np.sqrt(i_aa / det)), float(np.sqrt(i_bb / det))


def item_information(theta: np.ndarray, a: float, b: float) -> np.ndarray:
    p = probability(theta, a, b)[0]
    return np.asarray(a * a * p * (1 - p))


def form_information(theta: np.ndarray, items: Sequence[ItemParameters], k: int) -> np.ndarray:
    """Expected information of a drawn form of ``k`` items: k × the pool's mean item information."""
    if not items:
        return np.zeros_like(np.asarray(theta, float))
    a = np.array([i.discrimination for i in items])
    b = np.array([i.difficulty for i in items])
    p = probability(np.asarray(theta, float), a, b)
    return np.asarray(k * (a[:, None] ** 2 * p * (1 - p)).mean(axis=0))


def theta_for(proportion: float, items: Sequence[ItemParameters]) -> float | None:
    """The ability whose expected proportion correct over the pool is ``proportion`` (None: out of reach)."""
    if not items or not 0 < proportion < 1:
        return None
    a = np.array([i.discrimination for i in items])
    b = np.array([i.difficulty for i in items])

    def gap(theta: float) -> float:
        return float(probability(np.array([theta]), a, b).mean()) - proportion

    from scipy.optimize import brentq  # slow to import; the report's pages need it only here

    low, high = -8.0, 8.0
    if gap(low) > 0 or gap(high) < 0:
        return None
    return float(brentq(gap, low, high))


def se_at(theta: float, items: Sequence[ItemParameters], k: int) -> float | None:
    info = float(form_information(np.array([theta]), items, k)[0])
    return 1 / np.sqrt(info) if info > 0 else None
