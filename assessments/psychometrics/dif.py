"""Differential item functioning: Mantel–Haenszel between two groups (Holland & Thayer 1988).

For one item, the respondents of the reference and the focal group are matched on their **total score**
(the number of items of their form answered fully correct, the studied item included, as Holland & Thayer
recommend); each score level is a stratum with the 2×2 table [[reference right, reference wrong], [focal
right, focal wrong]]. Strata without both groups are dropped. statsmodels' ``StratifiedTable`` gives the
common odds ratio α_MH (reference odds over focal odds), its log standard error (Robins–Breslow–Greenland)
and the MH χ² test (with continuity correction).

ETS delta Δ = −2.35·ln α_MH: negative means the item is harder for the focal group at equal ability.
ETS classes (Zieky 1993): A when |Δ| < 1 or the χ² test is not significant at 5%; C when |Δ| ≥ 1.5 and |Δ| is
significantly greater than 1 (one-sided 5%: (|Δ| − 1)/SE(Δ) > 1.645); B otherwise. Fewer than
``MIN_DIF_GROUP`` respondents in either group: no statistic ("too few responses").
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .samples import MIN_DIF_GROUP

DELTA_SCALE = -2.35
Z_ONE_SIDED = 1.6448536269514722


class DifClass(enum.StrEnum):
    A = "A"  # negligible
    B = "B"  # moderate
    C = "C"  # large: review the item


@dataclass(frozen=True)
class Dif:
    item_key: str
    n_reference: int
    n_focal: int
    odds_ratio: float | None = None  # α_MH; None: too few responses or not estimable
    delta: float | None = None
    delta_se: float | None = None
    p_value: float | None = None
    dif_class: DifClass | None = None
    too_few: bool = False  # fewer than the minimum respondents in a group: no statistic

    @property
    def harder_for_focal(self) -> bool | None:
        """True: harder for the focal group at equal ability; False: for the reference group; None: no DIF."""
        if self.delta is None or self.dif_class in (None, DifClass.A):
            return None
        return self.delta < 0


def ets_class(delta: float, delta_se: float, p_value: float) -> DifClass:
    if abs(delta) < 1.0 or p_value >= 0.05:
        return DifClass.A
    if abs(delta) >= 1.5 and (abs(delta) - 1.0) / delta_se > Z_ONE_SIDED:
        return DifClass.C
    return DifClass.B


def mantel_haenszel(tables: list[np.ndarray]) -> tuple[float, float, float] | None:
    """(α_MH, SE of ln α_MH, p of the MH χ² test) of 2×2 tables; None when not estimable."""
    from statsmodels.stats.contingency_tables import StratifiedTable  # ≈0.8 s to import: only when used

    usable = [t for t in tables if t[0].sum() > 0 and t[1].sum() > 0]
    if not usable:
        return None
    table = StratifiedTable([np.asarray(t, dtype=float) for t in usable])
    ratio = float(table.oddsratio_pooled)
    if not math.isfinite(ratio) or ratio <= 0:
        return None
    return ratio, float(table.logodds_pooled_se), float(table.test_null_odds(correction=True).pvalue)


def item_dif(item_key: str, scored: Mapping[str, int], totals: Mapping[str, int], groups: Mapping[str, str],
             reference: str, focal: str, min_group: int = MIN_DIF_GROUP) -> Dif:
    """MH DIF of one item: ``scored`` {attempt: 0/1 on the item}, ``totals`` {attempt: total score},
    ``groups`` {attempt: group value}; attempts in neither group are left out."""
    cells: dict[int, np.ndarray] = {}
    counts = {reference: 0, focal: 0}
    for attempt, right in scored.items():
        group = groups.get(attempt)
        if group not in counts:
            continue
        counts[group] += 1
        table = cells.setdefault(int(totals[attempt]), np.zeros((2, 2)))
        table[0 if group == reference else 1, 0 if right else 1] += 1
    if min(counts.values()) < min_group:
        return Dif(item_key, counts[reference], counts[focal], too_few=True)
    result = Dif(item_key, counts[reference], counts[focal])
    estimate = mantel_haenszel([cells[k] for k in sorted(cells)])
    if estimate is None:
        return result
    ratio, log_se, p_value = estimate
    delta = DELTA_SCALE * math.log(ratio)
    delta_se = abs(DELTA_SCALE) * log_se
    return Dif(item_key, counts[reference], counts[focal], ratio, delta, delta_se, p_value,
               ets_class(delta, delta_se, p_value))
