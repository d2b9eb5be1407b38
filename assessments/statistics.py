"""Item statistics from attempt data (classical test theory). Pure functions on plain data.

Input: scored responses ``(attempt_id, item_key, language, response, fraction)`` — one per item
an attempt was given, an unanswered item with ``response == []`` and ``fraction == 0`` — and
each attempt's total score (the sum of its item fractions, ``Grade.raw``).

Per item (``item_statistics``) and per item and language (``item_language_statistics``):

* ``n`` — respondents: the attempts that were given the item (in that language).
* ``facility`` — the mean fraction (the "p-value"): 0 nobody scored, 1 everybody had full marks.
* ``discrimination`` — the *corrected* item–total correlation: Pearson's r between the item's
  fraction and the attempt's **rest score** (total minus this item's fraction), so the item is
  not correlated with itself. For an all-or-nothing item this is the point-biserial
  correlation; for partial-credit fractions it is the product-moment correlation. ``None``
  when it is undefined: fewer than two respondents, or no variance in the item fractions or
  in the rest scores.
* ``choice_rates`` — for option-based items (those given in ``options``): per option key, the
  share of the respondents who chose it (options nobody chose included, at 0.0); ``omitted``
  is the share who gave no answer. Empty for other items.
* ``flags`` — ``low_n`` (n < ``min_n``), ``negative_discrimination`` (r < 0 and n ≥ ``min_n``),
  ``nobody_correct`` (facility 0), ``everybody_correct`` (facility 1).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .item_types.choice import ChoiceType
from .items import Item

#: the default minimum number of respondents before an item's discrimination is trusted
MIN_N = 20
_EPS = 1e-9

LOW_N = "low_n"
NEGATIVE_DISCRIMINATION = "negative_discrimination"
NOBODY_CORRECT = "nobody_correct"
EVERYBODY_CORRECT = "everybody_correct"


class ScoredResponse(NamedTuple):
    attempt_id: str
    item_key: str
    language: str
    response: Sequence[str]
    fraction: float


@dataclass(frozen=True)
class ItemStatistics:
    item_key: str
    language: str | None  # None: all languages together
    n: int
    facility: float | None  # None only when n == 0
    discrimination: float | None
    choice_rates: Mapping[str, float] = field(default_factory=dict)
    omitted: float = 0.0
    flags: frozenset[str] = frozenset()


def correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or None when undefined (fewer than two pairs or a constant variable)."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    if statistics.pvariance(xs) < _EPS * _EPS or statistics.pvariance(ys) < _EPS * _EPS:
        return None
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return None


def choice_option_keys(items: Iterable[Item]) -> dict[str, list[str]]:
    """Option keys of the option-based items (single choice, multiple response, true/false), by item key:
    the ``options`` argument of the functions below."""
    return {item.key: ChoiceType.option_keys(item.content) for item in items if isinstance(item.kind, ChoiceType)}


def _statistics(item_key: str, language: str | None, rows: Sequence[ScoredResponse],
                totals: Mapping[str, float], min_n: int, options: Sequence[str] | None) -> ItemStatistics:
    n = len(rows)
    fractions = [float(r.fraction) for r in rows]
    rest = []
    for r in rows:
        if r.attempt_id not in totals:
            raise ValueError(f"no total score for attempt {r.attempt_id}")
        rest.append(float(totals[r.attempt_id]) - float(r.fraction))
    facility = statistics.fmean(fractions) if n else None
    r_rest = correlation(fractions, rest)
    rates: dict[str, float] = {}
    omitted = 0.0
    if n:
        omitted = sum(1 for r in rows if not r.response) / n
        if options is not None:
            rates = {key: sum(1 for r in rows if key in r.response) / n for key in options}
    flags = set()
    if n < min_n:
        flags.add(LOW_N)
    elif r_rest is not None and r_rest < 0:
        flags.add(NEGATIVE_DISCRIMINATION)
    if facility is not None and facility <= _EPS:
        flags.add(NOBODY_CORRECT)
    if facility is not None and facility >= 1 - _EPS:
        flags.add(EVERYBODY_CORRECT)
    return ItemStatistics(item_key, language, n, facility, r_rest, rates, omitted, frozenset(flags))


def _grouped(responses: Iterable[Sequence[Any]], key: Callable[[ScoredResponse], Hashable],
             ) -> dict[Any, list[ScoredResponse]]:
    groups: dict[Any, list[ScoredResponse]] = {}
    for row in responses:
        scored = ScoredResponse(*row)
        groups.setdefault(key(scored), []).append(scored)
    return groups


def item_statistics(responses: Iterable[Sequence[Any]], totals: Mapping[str, float], *, min_n: int = MIN_N,
                    options: Mapping[str, Sequence[str]] | None = None) -> dict[str, ItemStatistics]:
    """Statistics per item key, all languages together (``language`` is None)."""
    options = options or {}
    return {
        item_key: _statistics(item_key, None, rows, totals, min_n, options.get(item_key))
        for item_key, rows in sorted(_grouped(responses, lambda r: r.item_key).items())
    }


def item_language_statistics(responses: Iterable[Sequence[Any]], totals: Mapping[str, float], *,
                             min_n: int = MIN_N, options: Mapping[str, Sequence[str]] | None = None,
                             ) -> dict[tuple[str, str], ItemStatistics]:
    """Statistics per (item key, language). The rest score is still the attempt's whole total minus the item."""
    options = options or {}
    return {
        (item_key, language): _statistics(item_key, language, rows, totals, min_n, options.get(item_key))
        for (item_key, language), rows in sorted(_grouped(responses, lambda r: (r.item_key, r.language)).items())
    }
