"""Suppression across periods (rule 4) and complementary suppression, as properties over generated data.

- within a period nothing hidden can be pinned down from the published cells (the interval attack of
  ``test_suppression``), for single tables and for breakdowns whose total row is decided once (``overall``);
- between any two periods, no published cell and no sum a reader can compute changed by 1 to ``min_n − 1``
  people, and a cell in a group that people joined or left is only published when it changed by ``min_n`` or more
  (cells under a total of 0 for the whole organisation excepted: that total already says they are 0);
- a period's result never depends on later periods (so the start of the calendar fixes everything).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from hypothesis import example, given, settings
from hypothesis import strategies as st

from assessments.coverage import ALL
from assessments.suppression import TOTAL, Period, Suppression, Table, suppress, suppress_periods
from tests.unit.test_suppression import interval_attack, subtraction_attack

ROWS, COLS = ("a", "b", "c"), ("x", "y", "z")
CELLS = [None] + [(r, c) for r in ROWS for c in COLS]
Members = Mapping[Hashable, tuple[Hashable, Hashable]]


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[dict[int, tuple[str, str]]], int]:
    """People moving between cells (or out of the table) over up to four periods; most of them stay put."""
    periods = draw(st.integers(1, 4))
    members: list[dict[int, tuple[str, str]]] = [{} for _ in range(periods)]
    for person in range(draw(st.integers(0, 45))):
        where = draw(st.sampled_from(CELLS))
        for t in range(periods):
            if t and draw(st.integers(0, 3)) == 0:
                where = draw(st.sampled_from(CELLS))
            if where is not None:
                members[t][person] = where
    return members, draw(st.sampled_from([3, 5]))


def decide(members: Sequence[Members], min_n: int, overall: bool) -> list[Suppression]:
    periods = [Period.of(ROWS, COLS, m) for m in members]
    if not overall:
        return suppress_periods(periods, min_n)
    whole = suppress_periods([Period.of((ALL,), COLS, {p: (ALL, c) for p, (_r, c) in m.items()}) for m in members],
                             min_n)
    return suppress_periods(periods, min_n, overall=whole)


def inside(cells: frozenset, where: tuple | None) -> bool:
    return where is not None and any((r is TOTAL or r == where[0]) and (c is TOTAL or c == where[1])
                                     for r, c in cells)


def change(members: Sequence[Members], i: int, t: int, cells: frozenset) -> int:
    """How many people entered or left the union of ``cells`` between periods ``i`` and ``t`` (computed here
    from the people, independently of the module)."""
    people = set(members[i]) | set(members[t])
    return sum(1 for p in people if inside(cells, members[i].get(p)) != inside(cells, members[t].get(p)))


def readable_sums(s: Suppression) -> set[frozenset]:
    """Every single published cell, and ``total − visible members`` of every line (the hidden remainder)."""
    sums = {frozenset({cell}) for cell in s.table.all_cells() if cell not in s.hidden}
    for total, members in s.table.lines():
        hidden = frozenset(m for m in members if m in s.hidden)
        if hidden and total not in s.hidden and len(hidden) < len(members):
            sums.add(hidden)
    return sums


def zero_known(s: Suppression) -> set:
    """Interior cells under a published column total of 0: that total alone says they are 0."""
    zeros = {c for c in s.table.cols if (TOTAL, c) not in s.hidden and s.table.value(TOTAL, c) == 0}
    return {(r, c) for r in s.table.rows for c in zeros}


def pinned_beyond_published_zeros(s: Suppression) -> list:
    """Hidden cells the interval attack pins exactly, except zeros under a published zero total (the whole
    organisation has nobody there: that is about nobody)."""
    zero_totals = {cell for cell in s.table.all_cells() if TOTAL in cell and cell not in s.hidden
                   and s.table.value(*cell) == 0}

    def under_zero(cell: tuple) -> bool:
        return any((cell[0], TOTAL) == z or (TOTAL, cell[1]) == z or z == (TOTAL, TOTAL) for z in zero_totals)

    return [c for c in interval_attack(s) if not (s.table.value(*c) == 0 and under_zero(c))]


@settings(max_examples=150, deadline=None)
@given(histories(), st.booleans())
def test_no_hidden_cell_can_be_recovered_within_a_period(history, overall):
    members, min_n = history
    for s in decide(members, min_n, overall):
        assert pinned_beyond_published_zeros(s) == [], s.table
        for cell in s.table.all_cells():
            if 0 < s.table.value(*cell) < min_n:
                assert cell in s.hidden


@settings(max_examples=150, deadline=None)
@given(histories(), st.booleans())
def test_nothing_readable_in_two_periods_changed_by_fewer_than_min_n_people(history, overall):
    members, min_n = history
    decided = decide(members, min_n, overall)
    for t in range(len(decided)):
        for i in range(t):
            both = readable_sums(decided[i]) & readable_sums(decided[t])
            known_zero = zero_known(decided[i]) & zero_known(decided[t])
            for cells in (c for c in both if not c <= known_zero):
                moved = change(members, i, t, cells)
                assert not 0 < moved < min_n, (i, t, sorted(map(str, cells)), moved)
                (cell,) = cells if len(cells) == 1 else (None,)
                if cell is not None and cell[1] is not TOTAL:
                    joined_or_left = change(members, i, t, frozenset({(cell[0], TOTAL)}))
                    assert joined_or_left == 0 or moved >= min_n, (i, t, cell, moved, joined_or_left)


@settings(max_examples=60, deadline=None)
@given(histories(), st.booleans())
def test_a_period_never_depends_on_later_ones(history, overall):
    members, min_n = history
    full = decide(members, min_n, overall)
    for j in range(1, len(members)):
        assert [s.hidden for s in decide(members[:j], min_n, overall)] == [s.hidden for s in full[:j]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 7, 9, 14, 30]), min_size=1, max_size=5),
                min_size=1, max_size=6).filter(lambda rows: len({len(r) for r in rows}) == 1),
       st.sampled_from([3, 5, 10]))
@example([[0, 0, 2, 0, 0], [0, 3, 0, 3, 3], [1, 0, 0, 0, 0]], 3)  # a row remainder of 9 over three cells each ≤ 3
def test_complementary_suppression_leaves_nothing_derivable(values, min_n):
    """Hypothesis for rule 2 on its own: no published total or cell pins a hidden cell."""
    rows = tuple(f"r{i}" for i in range(len(values)))
    cols = tuple(f"c{j}" for j in range(len(values[0])))
    table = Table(rows, cols, {(r, c): values[i][j] for i, r in enumerate(rows) for j, c in enumerate(cols)})
    s = suppress(table, min_n)
    assert subtraction_attack(s) == [] and interval_attack(s) == []


def test_a_leaver_cannot_be_differenced_out_of_two_quarter_ends():
    """Worked example: 12 in A (the leaver covered or on track), 20 in B of whom 6 get certified and 5 join,
    15 in C. The second quarter publishes the same figures whichever status the leaver had."""

    def quarter(leaver_there: bool, later: bool, leaver: str) -> dict[int, tuple[str, str]]:
        out = {0: ("a", leaver)} if leaver_there else {}
        out |= {i: ("a", "x" if i < 6 else "y") for i in range(1, 12)}
        out |= {100 + i: ("b", "x" if i < 10 or (later and i < 16) else "y") for i in range(20)}
        out |= {200 + i: ("c", "x" if i < 8 else "z") for i in range(15)}
        return out | ({300 + i: ("b", "y") for i in range(5)} if later else {})

    seen = []
    for status in ("x", "y"):
        members = [quarter(True, False, status), quarter(False, True, status)]
        second = decide(members, 5, overall=True)[1]
        assert all(second.is_hidden("a", c) for c in (*COLS, TOTAL))  # one person left A: nothing about A
        seen.append({cell: second.shown(*cell) for cell in second.table.all_cells()})
    assert seen[0] == seen[1]
    assert seen[0][(TOTAL, TOTAL)] == 51  # the headcount is still published
