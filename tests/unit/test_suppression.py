"""Small-group suppression: primary and complementary rules, and attacks on the published tables."""

from __future__ import annotations

import random
from datetime import date

import pytest

from assessments.coverage import ALL, CoverageRow, MixRow, TrendPoint
from assessments.suppression import (
    TOTAL,
    Suppression,
    Table,
    suppress,
    suppress_coverage,
    suppress_mix,
    suppress_trend,
)


def grid(values: list[list[int]]) -> Table:
    rows = tuple(f"r{i}" for i in range(len(values)))
    cols = tuple(f"c{j}" for j in range(len(values[0])))
    return Table(rows, cols, {(r, c): values[i][j] for i, r in enumerate(rows) for j, c in enumerate(cols)})


# --- the attacks ---------------------------------------------------------------------------------------------------


def subtraction_attack(s: Suppression) -> list[str]:
    """Every row and column (totals included): what does ``total − sum(visible)`` give away?

    Returns the breaches: a single hidden cell pinned down, hidden cells pinned at 0 by a zero remainder, a hidden
    total recomputed from fully visible cells, or a remainder that is itself a small count.
    """
    t, breaches = s.table, []
    for total, members in t.lines():
        hidden = [m for m in members if m in s.hidden]
        if total in s.hidden:
            if not hidden:
                breaches.append(f"total {total} = sum of its visible cells")
            continue
        if not hidden:
            continue
        remainder = t.value(*total) - sum(t.value(*m) for m in members if m not in s.hidden)
        if len(hidden) == 1:
            breaches.append(f"{hidden[0]} = {remainder} from {total}")
        elif remainder == 0:
            breaches.append(f"{hidden} all 0 from {total}")
        elif remainder < s.min_n:
            breaches.append(f"{hidden} add up to the small count {remainder}")
    return breaches


def interval_attack(s: Suppression, rounds: int = 100) -> list[tuple]:
    """A stronger attacker: narrows [low, high] of every hidden cell using all lines at once, repeatedly,
    knowing counts are ≥ 0. Returns the hidden cells whose value is pinned exactly."""
    t = s.table
    low = dict.fromkeys(s.hidden, 0)
    high = dict.fromkeys(s.hidden, t.value(TOTAL, TOTAL))
    for _ in range(rounds):
        changed = False
        for total, members in t.lines():
            sign = {m: 1 for m in members} | {total: -1}  # sum(sign · value) == 0 over the line
            known = sum(sign[c] * t.value(*c) for c in sign if c not in s.hidden)
            unknown = [c for c in sign if c in s.hidden]
            for cell in unknown:
                others = [o for o in unknown if o != cell]
                least = sum(min(sign[o] * low[o], sign[o] * high[o]) for o in others)
                most = sum(max(sign[o] * low[o], sign[o] * high[o]) for o in others)
                lo, hi = -known - most, -known - least  # range of sign[cell] · value
                if sign[cell] == -1:
                    lo, hi = -hi, -lo
                if lo > low[cell]:
                    low[cell], changed = lo, True
                if hi < high[cell]:
                    high[cell], changed = hi, True
        if not changed:
            break
    return [c for c in s.hidden if low[c] == high[c]]


def random_table(rng: random.Random) -> Table:
    n_rows, n_cols = rng.randint(1, 7), rng.randint(1, 5)
    pool = [0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 35]
    return grid([[rng.choice(pool) if rng.random() < 0.8 else rng.randint(0, 60) for _ in range(n_cols)]
                 for _ in range(n_rows)])


@pytest.mark.parametrize("min_n", [3, 5, 10])
def test_subtraction_attack_fails_on_200_generated_tables(min_n):
    rng = random.Random(20260930 + min_n)
    hidden_any = 0
    for _ in range(200):
        table = random_table(rng)
        s = suppress(table, min_n)
        assert subtraction_attack(s) == [], table
        assert interval_attack(s) == [], table
        # every small count is hidden, totals included; nothing visible is a small count
        for cell in table.all_cells():
            if 0 < table.value(*cell) < min_n:
                assert cell in s.primary and cell in s.hidden
            if cell not in s.hidden:
                assert s.shown(*cell) == table.value(*cell)
        hidden_any += bool(s.hidden)
    assert hidden_any > 100  # the generator does produce tables that need suppression


def test_the_attack_does_find_a_naive_suppression():
    table = grid([[3, 10], [8, 9]])
    naive = Suppression(table, 5, frozenset({("r0", "c0")}), frozenset({("r0", "c0")}))
    assert subtraction_attack(naive) == ["('r0', 'c0') = 3 from ('r0', TOTAL)", "('r0', 'c0') = 3 from (TOTAL, 'c0')"]
    assert interval_attack(naive) == [("r0", "c0")]


# --- the rules, on small tables worked out by hand --------------------------------------------------------------


def test_primary_and_complementary_suppression_in_a_2x3_table():
    #          c0  c1  c2 | total
    #   r0      3  10  20 |  33
    #   r1      6   7  30 |  43
    #   total   9  17  50 |  76
    s = suppress(grid([[3, 10, 20], [6, 7, 30]]))
    assert s.primary == {("r0", "c0")}
    # row r0: the smallest other cell (10) makes the remainder 13 ≥ 5; column c0: 6 (remainder 9); then row r1 and
    # column c1 each have one hidden cell: 7 closes both
    assert s.hidden == {("r0", "c0"), ("r0", "c1"), ("r1", "c0"), ("r1", "c1")}
    assert s.shown("r0", TOTAL) == 33 and s.shown(TOTAL, TOTAL) == 76 and s.shown("r0", "c2") == 20
    assert s.shown("r0", "c0") is None and s.is_hidden("r1", "c1")


def test_zero_stays_visible_and_is_only_a_last_resort_complement():
    s = suppress(grid([[0, 12, 9], [0, 15, 11]]))
    assert s.hidden == frozenset() and s.shown("r0", "c0") == 0
    # r0: 2 needs a complement; 0 is skipped for the 6 (zeros add nothing to the remainder)
    s = suppress(grid([[2, 0, 6], [9, 0, 8], [7, 0, 5]]))
    assert ("r0", "c1") not in s.hidden and ("r0", "c2") in s.hidden


def test_a_remainder_below_min_n_needs_more_cells():
    # hiding 1 and 2 would leave "these two add up to 3": the 12 is hidden too
    s = suppress(grid([[1, 2, 12, 40]]))
    assert {("r0", "c0"), ("r0", "c1"), ("r0", "c2")} <= s.hidden
    assert ("r0", "c3") not in s.hidden and s.shown("r0", TOTAL) == 55


def test_totals_that_must_be_suppressed():
    # one department: the column totals equal its cells, so every hidden cell takes its column total along
    s = suppress(grid([[3, 10]]))
    assert (TOTAL, "c0") in s.primary
    assert s.is_hidden("r0", "c1") and s.is_hidden(TOTAL, "c1")
    assert s.shown("r0", TOTAL) == s.shown(TOTAL, TOTAL) == 13
    # a group of 4 people: its row total is a small count itself
    s = suppress(grid([[1, 3, 0], [10, 12, 9], [8, 7, 11]]))
    assert ("r0", TOTAL) in s.primary
    assert subtraction_attack(s) == []
    # the whole organisation below min_n: every cell goes, zeros included
    s = suppress(grid([[1, 0], [2, 0]]))
    assert s.hidden == frozenset(s.table.all_cells()) and subtraction_attack(s) == []


def test_nothing_is_published_about_a_group_below_min_n_not_even_a_zero():
    #   r0 is a group of 4 (its 0 is hidden too); r1 is 40 people, its 0 stays visible
    s = suppress(grid([[4, 0, 0], [30, 10, 0], [20, 0, 15]]))
    assert all(s.is_hidden("r0", c) for c in ("c0", "c1", "c2", TOTAL))
    assert s.shown("r1", "c2") == 0
    assert subtraction_attack(s) == [] and interval_attack(s) == []


def test_min_n_1_hides_nothing_and_bad_tables_are_refused():
    assert suppress(grid([[1, 2], [3, 4]]), min_n=1).hidden == frozenset()
    with pytest.raises(ValueError):
        suppress(grid([[1]]), min_n=0)
    with pytest.raises(ValueError, match="counts are whole numbers"):
        Table(("a",), ("x",), {("a", "x"): -1})
    with pytest.raises(ValueError, match="outside the table"):
        Table(("a",), ("x",), {("b", "x"): 1})
    with pytest.raises(ValueError, match="repeat"):
        Table(("a", "a"), ("x",), {})
    with pytest.raises(ValueError, match="TOTAL"):
        Table((TOTAL,), ("x",), {})


# --- applied to the report rows -----------------------------------------------------------------------------------


def test_suppress_coverage_rows_and_total():
    rows = [
        CoverageRow("Financiën", required=20, covered=14, share=0.7, late=2, max_days_late=40, mean_days_late=30.0),
        CoverageRow("HR", required=3, covered=1, share=1 / 3, late=0, max_days_late=None),
        CoverageRow("IT", required=30, covered=20, share=2 / 3, late=6, max_days_late=90, mean_days_late=50.0),
        CoverageRow("Juridisch", required=12, covered=6, share=0.5, late=6, max_days_late=20, mean_days_late=10.0),
    ]
    result = suppress_coverage(rows)
    by_group = {r.group: r for r in result.rows}
    hr = by_group["HR"]
    assert hr.required is None and hr.covered is None and hr.share is None and hr.suppressed
    assert hr.late is None  # its 0 too: nothing about a group of 3
    fin = by_group["Financiën"]
    # late 2 is hidden, and with it the days late; the remainder covered/on-track/late must stay ≥ 5
    assert fin.late is None and fin.max_days_late is None and fin.mean_days_late is None
    assert {"late", "max_days_late", "mean_days_late"} <= fin.hidden
    assert result.total.group == ALL
    assert result.suppression.table.value(TOTAL, TOTAL) == 65
    assert subtraction_attack(result.suppression) == []
    # whatever is published equals the true figure
    for masked, row in zip(result.rows, rows, strict=True):
        for name in ("required", "covered", "share", "late", "max_days_late", "mean_days_late"):
            value = getattr(masked, name)
            if name in masked.hidden:
                assert value is None
            else:
                assert value == getattr(row, name)


def test_suppress_coverage_without_small_groups_hides_nothing():
    rows = [CoverageRow("A", 20, 10, 0.5, 5, 12, 8.0), CoverageRow("B", 30, 25, 25 / 30, 0, None)]
    result = suppress_coverage(rows)
    assert not any(r.suppressed for r in result.rows) and not result.total.suppressed
    assert (result.total.required, result.total.covered, result.total.late) == (50, 35, 5)


def test_suppress_mix():
    rows = [
        MixRow("hoog", {"none": 0, "basic": 1, "advanced": 9, "expert": 2}, 12),
        MixRow("midden", {"none": 6, "basic": 30, "advanced": 8, "expert": 0}, 44),
        MixRow("laag", {"none": 10, "basic": 50, "advanced": 5, "expert": 1}, 66),
    ]
    result = suppress_mix(rows)
    assert result.parts == ("none", "basic", "advanced", "expert")
    hoog = result.rows[0]
    assert hoog.counts["basic"] is None and hoog.counts["expert"] is None and hoog.counts["none"] == 0
    assert {"basic", "expert"} <= hoog.hidden
    assert result.total.group == ALL and result.total.counts["expert"] is None  # 3 experts in the whole org
    assert subtraction_attack(result.suppression) == []


def test_suppress_trend_per_quarter():
    points = [
        TrendPoint(date(2026, 3, 31), ALL, 40, 3, 3 / 40),
        TrendPoint(date(2026, 6, 30), ALL, 40, 22, 22 / 40),
        TrendPoint(date(2026, 9, 30), ALL, 41, 38, 38 / 41),
    ]
    masked = suppress_trend(points)
    assert [(m.hidden, m.share) for m in masked] == [(True, None), (False, 22 / 40), (True, None)]
    assert masked[0].required == 40 and masked[0].covered is None  # 3 certified: hidden, the headcount is not
    assert masked[2].covered is None  # 38 of 41: the 3 without a diploma would show
    by_group = suppress_trend([TrendPoint(date(2026, 3, 31), "A", 10, 5, 0.5),
                               TrendPoint(date(2026, 3, 31), "B", 2, 1, 0.5)])
    assert [m.hidden for m in by_group] == [True, True]
