"""Primary and complementary suppression of one table, and the interval audit; the rules are in
``assessments.suppression`` (rules 1-2 and the audit), which re-exports everything public here."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

DEFAULT_MIN_N = 5


class _Total:
    """The key of a total: ``(row, TOTAL)`` is a row total, ``(TOTAL, col)`` a column total."""

    _instance: _Total | None = None

    def __new__(cls) -> _Total:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TOTAL"

    def __reduce__(self) -> str:
        return "TOTAL"


TOTAL: Any = _Total()

Cell = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Table:
    """Counts for ``rows × cols``; missing cells are 0. Totals are computed, and addressed with ``TOTAL``."""

    rows: tuple[Hashable, ...]
    cols: tuple[Hashable, ...]
    cells: Mapping[Cell, int]

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", tuple(self.rows))
        object.__setattr__(self, "cols", tuple(self.cols))
        for name, keys in (("rows", self.rows), ("cols", self.cols)):
            if len(set(keys)) != len(keys):
                raise ValueError(f"{name} repeat a key")
            if TOTAL in keys:
                raise ValueError(f"{name} may not contain TOTAL")
        for (r, c), value in self.cells.items():
            if r not in self.rows or c not in self.cols:
                raise ValueError(f"cell {(r, c)!r} is outside the table")
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"cell {(r, c)!r}: counts are whole numbers ≥ 0, not {value!r}")

    def value(self, row: Hashable, col: Hashable) -> int:
        rows = self.rows if row is TOTAL else (row,)
        cols = self.cols if col is TOTAL else (col,)
        return sum(self.cells.get((r, c), 0) for r in rows for c in cols)

    def all_cells(self) -> list[Cell]:
        """Interior cells, then row totals, column totals and the grand total."""
        return [(r, c) for r in (*self.rows, TOTAL) for c in (*self.cols, TOTAL)]

    def lines(self) -> list[tuple[Cell, list[Cell]]]:
        """Every additive relation ``sum(members) == total``: ``(total cell, member cells)``."""
        rows = [((r, TOTAL), [(r, c) for c in self.cols]) for r in (*self.rows, TOTAL)]
        cols = [((TOTAL, c), [(r, c) for r in self.rows]) for c in (*self.cols, TOTAL)]
        return rows + cols


@dataclass(frozen=True)
class Suppression:
    table: Table
    min_n: int
    primary: frozenset[Cell]
    hidden: frozenset[Cell]  # primary and complementary

    def is_hidden(self, row: Hashable, col: Hashable) -> bool:
        return (row, col) in self.hidden

    def shown(self, row: Hashable, col: Hashable) -> int | None:
        """The count to publish, ``None`` when it is suppressed."""
        return None if (row, col) in self.hidden else self.table.value(row, col)


RemainderCheck = Callable[[Cell, Sequence[Cell]], bool]


def _line_safe(table: Table, total: Cell, members: Sequence[Cell], hidden: set[Cell], min_n: int,
               remainder_ok: RemainderCheck | None = None) -> bool:
    hidden_members = [m for m in members if m in hidden]
    count = len(hidden_members) + (total in hidden)
    if count == 0:
        return True
    if count < 2:
        return False
    if total in hidden:
        return True
    if sum(table.value(*m) for m in hidden_members) < min_n:
        return False
    return remainder_ok is None or len(hidden_members) == len(members) or remainder_ok(total, hidden_members)


def suppress(table: Table, min_n: int = DEFAULT_MIN_N, *, forced: Iterable[Cell] = (),
             fixed: Iterable[Cell] = (), remainder_ok: RemainderCheck | None = None) -> Suppression:
    """Primary and complementary suppression of ``table`` (rules: see the module docstring).

    ``forced`` cells are hidden as primaries too (the rule across periods); ``fixed`` cells are never taken as
    complements (the overall row, decided once for every breakdown); ``remainder_ok(total, hidden members)`` may
    refuse a hidden remainder that rule 2 would accept (the rule across periods)."""
    if min_n < 1:
        raise ValueError("min_n must be at least 1")
    order = {cell: i for i, cell in enumerate(table.all_cells())}
    values = {cell: table.value(*cell) for cell in order}
    primary = {cell for cell, value in values.items() if 0 < value < min_n}
    small_rows = {r for r in (*table.rows, TOTAL) if 0 < values[(r, TOTAL)] < min_n}
    primary |= {cell for cell in order if cell[0] in small_rows}  # zeros included: nothing about a small group
    primary |= {cell for cell in forced if cell in order}
    hidden = set(primary)
    keep = set(fixed) - hidden
    lines = table.lines()
    # under a published total of 0 (fixed: shown in every breakdown) every cell is known to be 0: hiding one
    # protects nothing, so such cells neither count as hidden nor serve as complements
    zeros = {m for total, members in lines if total in keep and values[total] == 0 for m in members}

    def preference(cell: Cell) -> tuple:
        return (cell[1] is TOTAL or cell[0] is TOTAL, values[cell] == 0, values[cell], order[cell])

    while True:
        _complete_lines(table, lines, hidden, keep | zeros, zeros, min_n, remainder_ok, preference)
        pinned = [c for c in _pinned(lines, values, hidden) if c not in zeros]
        if not pinned:
            break
        # several lines together pin a hidden cell (a row remainder of 9 over three cells each ≤ 3): hide one
        # more cell on a line through it, with the same preference as rule 2
        cell = min(pinned, key=order.__getitem__)
        candidates = [m for total, members in lines if cell == total or cell in members
                      for m in (*members, total) if m not in hidden and m not in keep and m not in zeros]
        if not candidates:
            break
        hidden.add(min(candidates, key=preference))
    return Suppression(table, min_n, frozenset(primary), frozenset(hidden))


def _complete_lines(table: Table, lines: list[tuple[Cell, list[Cell]]], hidden: set[Cell], barred: set[Cell],
                    zeros: set[Cell], min_n: int, remainder_ok: RemainderCheck | None,
                    preference: Callable[[Cell], tuple]) -> None:
    """Rule 2, line by line, until every line is safe (``hidden`` only grows, so this ends)."""
    changed = True
    while changed:
        changed = False
        for total, members in lines:
            while not _line_safe(table, total, members, hidden - zeros, min_n, remainder_ok):
                candidates = [m for m in (*members, total) if m not in hidden and m not in barred]
                if not candidates:  # only fixed cells left: they are published the same everywhere
                    break
                hidden.add(min(candidates, key=lambda m: (m == total, *preference(m)[1:])))
                changed = True


def _pinned(lines: list[tuple[Cell, list[Cell]]], values: Mapping[Cell, int], hidden: set[Cell],
            rounds: int = 100) -> list[Cell]:
    """The hidden cells a reader pins exactly by narrowing ``[low, high]`` of every hidden cell with every line
    at once, knowing counts are ≥ 0 (the interval attack)."""
    grand = values[(TOTAL, TOTAL)]
    low, high = dict.fromkeys(hidden, 0), dict.fromkeys(hidden, grand)
    relevant = [(total, members) for total, members in lines if total in hidden or any(m in hidden for m in members)]
    for _ in range(rounds):
        changed = False
        for total, members in relevant:
            sign = {m: 1 for m in members} | {total: -1}  # sum(sign · value) == 0 over the line
            known = sum(sign[c] * values[c] for c in sign if c not in hidden)
            unknown = [c for c in sign if c in hidden]
            least = sum(min(sign[o] * low[o], sign[o] * high[o]) for o in unknown)
            most = sum(max(sign[o] * low[o], sign[o] * high[o]) for o in unknown)
            for cell in unknown:
                own_least = min(sign[cell] * low[cell], sign[cell] * high[cell])
                own_most = max(sign[cell] * low[cell], sign[cell] * high[cell])
                lo, hi = -known - (most - own_most), -known - (least - own_least)
                if sign[cell] == -1:
                    lo, hi = -hi, -lo
                if lo > low[cell]:
                    low[cell], changed = lo, True
                if hi < high[cell]:
                    high[cell], changed = hi, True
        if not changed:
            break
    return [c for c in hidden if low[c] >= high[c]]
