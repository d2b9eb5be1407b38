"""Item statistics on a synthetic set of 10 attempts × 6 items, with the expected values worked out by hand."""

from __future__ import annotations

import math

import pytest

from assessments.items import item_from_record
from assessments.statistics import (
    EVERYBODY_CORRECT,
    LOW_N,
    NEGATIVE_DISCRIMINATION,
    NOBODY_CORRECT,
    ScoredResponse,
    choice_option_keys,
    correlation,
    item_language_statistics,
    item_statistics,
)
from tests.factories import choice_record, make_item

ATTEMPTS = [f"A{i}" for i in range(10)]
LANGUAGE = {a: ("nl" if i < 5 else "en") for i, a in enumerate(ATTEMPTS)}

# the response each attempt gave, and its fraction, per item
#   q1 single choice (a correct), discriminates well
#   q2 single choice (x correct), the weaker candidates get it right: negative discrimination
#   q3 multiple response (a, b correct), partial credit
#   q4 numeric, everybody right; q5 short text, nobody right; q6 ordering
RESPONSES = {
    "q1": (["a", "a", "a", "a", "a", "a", "b", "c", "b", ""], [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]),
    "q2": (["y", "z", "y", "x", "y", "x", "x", "x", "x", "x"], [0, 0, 0, 1, 0, 1, 1, 1, 1, 1]),
    "q3": (["ab", "ab", "a", "ab", "a", "a", "a", "c", "c", "c"], [1, 1, 0.5, 1, 0.5, 0.5, 0.5, 0, 0, 0]),
    "q4": (["72"] * 10, [1] * 10),
    "q5": (["nope"] * 9 + [""], [0] * 10),
    "q6": (["abc", "abc", "abc", "bac", "abc", "bac", "cba", "abc", "cba", "cba"], [1, 1, 1, 0, 1, 0, 0, 1, 0, 0]),
}
OPTIONS = {"q1": ["a", "b", "c", "d"], "q2": ["x", "y", "z"], "q3": ["a", "b", "c", "d"]}


def _split(item_key: str, given: str) -> list[str]:
    if not given:
        return []
    return [given] if item_key in ("q4", "q5") else list(given)


ROWS = [
    ScoredResponse(attempt, item_key, LANGUAGE[attempt], _split(item_key, given[i]), float(fractions[i]))
    for item_key, (given, fractions) in RESPONSES.items()
    for i, attempt in enumerate(ATTEMPTS)
]
# totals by hand: q1+q2+q3+q4+q5+q6 per attempt
TOTALS = {"A0": 4, "A1": 4, "A2": 3.5, "A3": 4, "A4": 3.5, "A5": 3.5, "A6": 2.5, "A7": 3, "A8": 2, "A9": 2}


def pearson(xs: list[float], ys: list[float]) -> float:
    """Pearson's r written out: Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² · Σ(y−ȳ)²)."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def rest_scores(item_key: str, attempts: list[str] = ATTEMPTS) -> tuple[list[float], list[float]]:
    fractions = {r.attempt_id: r.fraction for r in ROWS if r.item_key == item_key}
    return [fractions[a] for a in attempts], [TOTALS[a] - fractions[a] for a in attempts]


def test_the_totals_are_the_sums_of_the_fractions():
    for attempt in ATTEMPTS:
        assert sum(r.fraction for r in ROWS if r.attempt_id == attempt) == TOTALS[attempt]


def test_facility_is_the_mean_fraction():
    stats = item_statistics(ROWS, TOTALS, min_n=10, options=OPTIONS)
    assert list(stats) == ["q1", "q2", "q3", "q4", "q5", "q6"]
    assert {k: s.n for k, s in stats.items()} == dict.fromkeys(stats, 10)
    assert stats["q1"].facility == pytest.approx(6 / 10)
    assert stats["q2"].facility == pytest.approx(6 / 10)
    assert stats["q3"].facility == pytest.approx((3 * 1 + 4 * 0.5) / 10)
    assert stats["q4"].facility == 1.0
    assert stats["q5"].facility == 0.0
    assert stats["q6"].facility == pytest.approx(5 / 10)
    assert all(s.language is None for s in stats.values())


def test_discrimination_is_the_point_biserial_with_the_rest_score():
    stats = item_statistics(ROWS, TOTALS, min_n=10, options=OPTIONS)
    # q1 by the point-biserial formula: rest scores of those right (A0–A5): 3, 3, 2.5, 3, 2.5, 2.5 (mean 2.75),
    # of those wrong (A6–A9): 2.5, 3, 2, 2 (mean 2.375); all rest scores: mean 2.6, population variance 0.14
    by_hand = (2.75 - 2.375) / math.sqrt(0.14) * math.sqrt(0.6 * 0.4)
    assert stats["q1"].discrimination == pytest.approx(by_hand)
    assert stats["q1"].discrimination == pytest.approx(0.49099, abs=1e-5)
    for key in ("q1", "q2", "q3", "q6"):
        assert stats[key].discrimination == pytest.approx(pearson(*rest_scores(key))), key
    assert stats["q2"].discrimination < -0.8
    assert stats["q3"].discrimination > 0.5
    # the *corrected* correlation: not the same as correlating with the total (which includes the item)
    fractions, _rest = rest_scores("q1")
    assert pearson(fractions, [TOTALS[a] for a in ATTEMPTS]) > stats["q1"].discrimination + 0.1


def test_zero_variance_gives_no_discrimination():
    stats = item_statistics(ROWS, TOTALS, min_n=10)
    assert stats["q4"].discrimination is None  # everybody right
    assert stats["q5"].discrimination is None  # nobody right
    assert correlation([1.0, 0.0, 1.0], [2.0, 2.0, 2.0]) is None  # constant rest score
    assert correlation([1.0], [2.0]) is None
    assert correlation([], []) is None
    assert correlation([0.0, 1.0], [1.0, 3.0]) == pytest.approx(1.0)


def test_distractor_choice_rates():
    stats = item_statistics(ROWS, TOTALS, options=OPTIONS)
    assert stats["q1"].choice_rates == pytest.approx({"a": 0.6, "b": 0.2, "c": 0.1, "d": 0.0})
    assert stats["q1"].omitted == pytest.approx(0.1)
    assert stats["q2"].choice_rates == pytest.approx({"x": 0.6, "y": 0.3, "z": 0.1})
    assert stats["q2"].omitted == 0.0
    # multiple response: a respondent counts once for every option chosen
    assert stats["q3"].choice_rates == pytest.approx({"a": 0.7, "b": 0.3, "c": 0.3, "d": 0.0})
    # not option-based: no rates, but the omissions still count
    assert stats["q5"].choice_rates == {}
    assert stats["q5"].omitted == pytest.approx(0.1)
    assert stats["q6"].choice_rates == {}


def test_flags():
    stats = item_statistics(ROWS, TOTALS, min_n=10, options=OPTIONS)
    assert {k: s.flags for k, s in stats.items()} == {
        "q1": frozenset(),
        "q2": {NEGATIVE_DISCRIMINATION},
        "q3": frozenset(),
        "q4": {EVERYBODY_CORRECT},
        "q5": {NOBODY_CORRECT},
        "q6": {NEGATIVE_DISCRIMINATION},
    }
    # with the default minimum of 20 respondents: everything is low_n, and a negative r is not yet flagged
    default = item_statistics(ROWS, TOTALS, options=OPTIONS)
    assert default["q2"].discrimination < 0
    assert default["q2"].flags == {LOW_N}
    assert default["q4"].flags == {LOW_N, EVERYBODY_CORRECT}
    assert default["q5"].flags == {LOW_N, NOBODY_CORRECT}
    assert item_statistics(ROWS, TOTALS, min_n=11)["q2"].flags == {LOW_N}


def test_statistics_per_item_and_language():
    stats = item_language_statistics(ROWS, TOTALS, min_n=5, options=OPTIONS)
    assert len(stats) == 12
    assert list(stats)[:2] == [("q1", "en"), ("q1", "nl")]
    nl, en = stats[("q1", "nl")], stats[("q1", "en")]
    assert (nl.n, nl.language, nl.facility, nl.discrimination) == (5, "nl", 1.0, None)
    assert nl.flags == {EVERYBODY_CORRECT}
    assert en.facility == pytest.approx(1 / 5)
    assert en.choice_rates == pytest.approx({"a": 0.2, "b": 0.4, "c": 0.2, "d": 0.0})
    assert en.omitted == pytest.approx(0.2)
    # the rest score is still the attempt's whole total minus the item
    nl_attempts = ATTEMPTS[:5]
    assert stats[("q2", "nl")].discrimination == pytest.approx(pearson(*rest_scores("q2", nl_attempts)))
    assert stats[("q2", "nl")].discrimination < 0
    # q3 in Dutch: every rest score is 3.0, so r is undefined although the fractions vary
    assert rest_scores("q3", nl_attempts)[1] == [3.0] * 5
    assert stats[("q3", "nl")].discrimination is None
    assert stats[("q3", "nl")].flags == frozenset()
    assert stats[("q2", "nl")].facility == pytest.approx(1 / 5)
    assert stats[("q2", "en")].flags == {EVERYBODY_CORRECT}
    assert stats[("q6", "nl")].discrimination == pytest.approx(pearson(*rest_scores("q6", nl_attempts)))


def test_plain_tuples_work_and_a_missing_total_is_an_error():
    as_tuples = [tuple(r) for r in ROWS]
    assert item_statistics(as_tuples, TOTALS, min_n=10) == item_statistics(ROWS, TOTALS, min_n=10)
    with pytest.raises(ValueError, match="no total score for attempt A9"):
        item_statistics(ROWS, {k: v for k, v in TOTALS.items() if k != "A9"})
    assert item_statistics([], {}) == {}


def test_choice_option_keys_lists_only_option_based_items():
    ordering = item_from_record({**choice_record("ord"), "type": "ordering"})
    items = [make_item("sc", options=("a", "b", "c")), make_item("mr", correct=("a", "b")), ordering]
    assert choice_option_keys(items) == {"sc": ["a", "b", "c"], "mr": ["a", "b", "c", "d"]}
