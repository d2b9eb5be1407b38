"""Equal forms: every attempt's exam is assembled to be as difficult as every other one, and no item
is shown in more than the blueprint's share of recent attempts.

Why this way (``assembly: equal_forms``, the default; ``random`` keeps the plain stratified draw of
``blueprints.draw``):

* **Difficulty.** An item's difficulty ``b`` is on the logit scale of a 2PL/Rasch model,
  P(correct | θ) = 1 / (1 + exp(−a(θ − b))), with ability θ ~ N(0, 1) in the population. It is the
  newest calibration's ``b`` (and ``a``) once enough people answered the item (the read model passes
  only those, see ``MIN_CALIBRATION_N``), else the author's ``expected_facility`` p (the share of
  candidates expected to answer correctly, default 0.7): with the normal-ogive approximation
  σ(x) ≈ Φ(x / 1.702), the population facility of a Rasch item is p = Φ(−b / √(1.702² + 1)), so
  ``b = −√(1.702² + 1) · Φ⁻¹(p)`` (p = 0.7 gives b ≈ −1.03; p = 0.5 gives 0).
* **Same band mix.** Per competence the usable pool is sorted by ``b`` and cut into as many
  quantile bands as the blueprint asks items; a form takes one item from each band, so every form
  has the same spread of easy and hard items (stratified assembly; Chang & Ying 1999 stratify by
  parameter for the same reason).
* **Same test characteristic at the cut.** Among ``CANDIDATES`` random band-stratified forms the
  one whose test characteristic curve (expected proportion score) is closest to the reference
  test's — all eligible items, weighted by the blueprint's counts per competence — at θ_cut and at
  θ = 0 is chosen (minimax distance to a target TCC at a few ability points: van der Linden 2005,
  *Linear Models for Optimal Test Design*, ch. 5 and 6). θ_cut is where the reference TCC equals the
  pass mark, so a borderline candidate has the same expected score, and the same chance to pass,
  on every form; θ = 0 keeps the average candidate's score equal too. Random candidates instead of
  an integer program: the pools are small, a dozen candidates already come close, and the result
  stays a pure function of the seed.
* **Exposure.** An item may be shown in at most ``max_exposure_rate`` of the blueprint's recent
  attempts: an item is usable while showing it keeps its count within ⌈rate · (attempts + 1)⌉
  (a deterministic counterpart of Sympson & Hetter 1985, who lower an item's chance of being
  administered once it is chosen too often). Items over the limit are used only when the
  competence has too few others, least shown first.
* **Retakes.** The items of the person's earlier attempts are avoided first (a retaker gets new questions
  where the bank allows), then the exposure limit; the blueprint's counts always hold, or the draw fails with
  ``BlueprintUnsatisfiable`` as before. Option order is laid out by ``attempts.lay_out`` as before.
"""

from __future__ import annotations

import math
import random
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import NormalDist
from typing import Any

from .blueprints import Blueprint, draw, eligible
from .errors import BlueprintUnsatisfiable
from .items import Item
from .problems import Problem

#: responses an item's calibration needs before its difficulty replaces the author's estimate
MIN_CALIBRATION_N = 100
#: random band-stratified forms compared per attempt
CANDIDATES = 12
_SCALE = math.sqrt(1.702**2 + 1)


@dataclass(frozen=True)
class ItemParameters:
    """An item's 2PL parameters on the logit scale (a = 1 under Rasch)."""

    b: float
    a: float = 1.0

    def p(self, theta: float) -> float:
        return 1.0 / (1.0 + math.exp(-self.a * (theta - self.b)))


@dataclass(frozen=True)
class Exposure:
    """How often each item (by key) was shown in the blueprint's recent ``attempts``."""

    attempts: int = 0
    shown: Mapping[str, int] = field(default_factory=dict)

    def allows(self, key: str, limit: float) -> bool:
        """Whether showing the item once more keeps it within ``limit`` of the attempts."""
        return self.shown.get(key, 0) < self.cap(limit)

    def cap(self, limit: float) -> int:
        """How often an item may have been shown before this attempt: ``allows`` for a whole pool."""
        return math.ceil(limit * (self.attempts + 1) - 1e-9)

    def rate(self, key: str) -> float:
        return self.shown.get(key, 0) / self.attempts if self.attempts else 0.0


def facility(item: Item) -> float:
    """The author's expected facility (0 < p < 1), ``DEFAULT_FACILITY`` when missing or unusable."""
    return item.expected_facility


@lru_cache(maxsize=1024)
def difficulty_from_facility(p: float) -> float:
    """``b`` of a Rasch item answered correctly by a share ``p`` of a N(0, 1) population."""
    return -_SCALE * NormalDist().inv_cdf(p)


def parameters(item: Item, calibrated: Mapping[str, ItemParameters]) -> ItemParameters:
    """The calibrated parameters when given, else the author's estimate."""
    return calibrated.get(item.key) or _estimated(item.expected_facility)


@lru_cache(maxsize=1024)
def _estimated(p: float) -> ItemParameters:
    """One shared object per facility: a bank has a few distinct values, so ``profile`` counts objects."""
    return ItemParameters(difficulty_from_facility(p))


def expected_score(form: Sequence[ItemParameters], theta: float) -> float:
    """The test characteristic curve: expected proportion of the maximum score at ``theta``."""
    return sum(q.p(theta) for q in form) / len(form)


#: a pool as distinct parameters (b and a rounded to 0.01) and how many items have them
Profile = Sequence[tuple[ItemParameters, int]]


def profile(pool: Iterable[ItemParameters]) -> Profile:
    """A pool's parameters counted by value: the reference test of a large bank costs a few dozen terms."""
    rounded: Counter[tuple[float, float]] = Counter()
    for q, n in Counter(pool).items():  # distinct objects first: rounding each item's parameters was most of it
        rounded[round(q.b, 2), round(q.a, 2)] += n
    return [(ItemParameters(b, a), n) for (b, a), n in rounded.items()]


def pool_score(pool: Profile, theta: float) -> float:
    """The mean expected score on a pool's items at ``theta``."""
    return sum(n * q.p(theta) for q, n in pool) / sum(n for _q, n in pool)


def cut_ability(blocks: Sequence[tuple[int, Profile]], pass_mark: float) -> float:
    """θ where the reference test (per competence: its count × the mean of its pool) expects the pass
    mark; Newton steps on the monotone TCC, kept within ±6."""
    total = sum(n for n, _pool in blocks)
    theta = 0.0
    for _step in range(30):
        value = slope = 0.0
        for n, pool in blocks:
            size = sum(k for _q, k in pool)
            for q, k in pool:
                p = q.p(theta)
                value += n * k * p / size
                slope += n * k * q.a * p * (1 - p) / size
        gap = value / total - pass_mark
        if abs(gap) < 1e-6 or slope <= 1e-12:
            break
        theta = min(6.0, max(-6.0, theta - gap / (slope / total)))
    return theta


def assemble(
    blueprint: Blueprint,
    items: Sequence[Item],
    seed: int,
    avoid: Iterable[str] = (),
    exposure: Exposure | None = None,
    calibrated: Mapping[str, ItemParameters] | None = None,
) -> list[Item]:
    """The exam of one attempt: the blueprint's count per competence, by its ``assembly`` mode.
    The same seed (with the same exposure and calibration) gives the same exam."""
    if blueprint.assembly == "random":
        return draw(blueprint, items, seed, avoid)
    bank = _SURVEYS.of(blueprint, items, calibrated or {})
    rng = random.Random(seed)
    plans = [_Plan.of(pool, blueprint.items_per_competence[c], set(avoid), exposure or Exposure(),
                      blueprint.max_exposure_rate, bank.params) for c, pool in bank.pools]
    best: list[Item] = []
    best_gap = math.inf
    for _candidate in range(CANDIDATES):
        form = [item for plan in plans for item in plan.pick(rng)]
        form_params = [bank.params[i.key] for i in form]
        gap = max(abs(expected_score(form_params, t) - goal) for t, goal in zip(bank.points, bank.target,
                                                                                   strict=True))
        if gap < best_gap:
            best, best_gap = form, gap
    if blueprint.shuffle_items:
        rng.shuffle(best)
    return best


@dataclass(frozen=True)
class _Survey:
    """What every equal-forms draw of one blueprint from one bank shares: the eligible pools in a stable order,
    each item's parameters and the reference test's expected score at θ_cut and 0."""

    items: tuple[Item, ...]  # held, so the object ids in its cache key cannot be reused by other items
    pools: list[tuple[str, list[Item]]]
    params: dict[str, ItemParameters]
    points: list[float]
    target: list[float]

    @classmethod
    def of(cls, blueprint: Blueprint, items: tuple[Item, ...], calibrated: Mapping[str, ItemParameters]) -> _Survey:
        pools = sorted(eligible(blueprint, items).items())
        missing = [(c, need, len(pool)) for c, pool in pools
                   if len(pool) < (need := blueprint.items_per_competence[c])]
        if missing:
            raise BlueprintUnsatisfiable(Problem("blueprint.shortfall", competences=[
                Problem("blueprint.competence_shortfall", competence=c, have=have, need=need)
                for c, need, have in missing]))
        params = {i.key: parameters(i, calibrated) for _c, pool in pools for i in pool}
        blocks = [(blueprint.items_per_competence[c], profile(params[i.key] for i in pool)) for c, pool in pools]
        theta_cut = cut_ability(blocks, blueprint.pass_mark)
        points = sorted({round(theta_cut, 6), 0.0})
        return cls(items, pools, params, points, [_reference(blocks, t) for t in points])


class _RecentSurveys:
    """The surveys of the last few (blueprint, bank, calibration) drawn from, per process: every launch draws
    from the same parsed bank until it changes, and surveying 10,000 items was most of a draw's time. Keyed
    by content for the blueprint and calibration and by object for the items (the catalogue parses each item
    version once); pure, so a hit gives exactly what surveying again would."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._recent: dict[tuple[Any, ...], _Survey] = {}
        self._lock = threading.Lock()

    def of(self, blueprint: Blueprint, items: Sequence[Item], calibrated: Mapping[str, ItemParameters]) -> _Survey:
        held = tuple(items)
        key = (repr(blueprint), tuple(map(id, held)), frozenset(calibrated.items()))
        with self._lock:
            survey = self._recent.pop(key, None)
        if survey is None:
            survey = _Survey.of(blueprint, held, calibrated)
        with self._lock:
            self._recent[key] = survey  # newest last
            while len(self._recent) > self._size:
                del self._recent[next(iter(self._recent))]
        return survey


_SURVEYS = _RecentSurveys()


def _reference(blocks: Sequence[tuple[int, Profile]], theta: float) -> float:
    total = sum(n for n, _pool in blocks)
    return sum(n * pool_score(pool, theta) for n, pool in blocks) / total


@dataclass(frozen=True)
class _Plan:
    """One competence: items every form must take, and bands to take one item each from."""

    fixed: tuple[Item, ...]
    bands: tuple[tuple[Item, ...], ...]

    @classmethod
    def of(cls, pool: Sequence[Item], need: int, avoid: set[str], exposure: Exposure, limit: float,
           params: Mapping[str, ItemParameters]) -> _Plan:
        """Preference tiers: new to this person and within the limit, new but over it, seen and within,
        seen and over. Whole tiers are taken while they fit; the tier that overflows is banded by
        difficulty when within the limit, else its least shown items are taken."""
        tiers: list[list[Item]] = [[], [], [], []]
        cap, shown = exposure.cap(limit), exposure.shown
        for item in pool:
            tiers[2 * (item.key in avoid) + (shown.get(item.key, 0) >= cap)].append(item)
        fixed: list[Item] = []
        for rank, tier in enumerate(tiers):
            room = need - len(fixed)
            if len(tier) <= room:
                fixed.extend(tier)
                continue
            if rank % 2:  # over the limit: the least shown, then the stable pool order
                fixed.extend(sorted(tier, key=lambda i: exposure.rate(i.key))[:room])
                return cls(tuple(fixed), ())
            ordered = sorted(tier, key=lambda i: (params[i.key].b, i.key, i.version))
            bands = tuple(tuple(ordered[len(ordered) * j // room: len(ordered) * (j + 1) // room])
                          for j in range(room))
            return cls(tuple(fixed), bands)
        return cls(tuple(fixed), ())

    def pick(self, rng: random.Random) -> list[Item]:
        return [*self.fixed, *(rng.choice(band) for band in self.bands)]
