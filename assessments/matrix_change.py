"""Who a change of the role matrix affects: the requirement per person under the version in force and under
the proposed one, by the same rule the reports use (``role_matrix.requirement``), counted per unit.

Per person (people who have left on or before the day are not counted):

- **higher**: the proposal asks a level they did not need before, or a higher one;
- **lower**: the proposal asks a lower level, or none where one was required;
- **new deadline**: the same level, but a different personal deadline (onboarding terms included);
- otherwise unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .coverage import PersonRecord
from .role_matrix import Requirement, RoleMatrix, requirement


@dataclass
class UnitChange:
    unit: str | None
    people: int = 0
    higher: int = 0
    lower: int = 0
    new_deadline: int = 0

    @property
    def affected(self) -> int:
        return self.higher + self.lower + self.new_deadline


@dataclass
class MatrixChange:
    units: list[UnitChange] = field(default_factory=list)
    total: UnitChange = field(default_factory=lambda: UnitChange(None))


def change_of(before: Requirement | None, after: Requirement | None) -> str | None:
    """``higher``, ``lower``, ``new_deadline`` or None (unchanged) for one person."""
    rank_before = before.rank if before is not None else 0
    rank_after = after.rank if after is not None else 0
    if rank_after > rank_before:
        return "higher"
    if rank_after < rank_before:
        return "lower"
    if before is not None and after is not None and before.deadline != after.deadline:
        return "new_deadline"
    return None


def matrix_change(people: Iterable[PersonRecord], current: RoleMatrix | None, proposed: RoleMatrix,
                  level_ranks: Mapping[str, int], day: dt.date) -> MatrixChange:
    """Per unit (department; None when unknown) and in total: how many people the proposal changes."""
    units: dict[str | None, UnitChange] = {}
    total = UnitChange(None)
    for person in people:
        if person.left_on is not None and person.left_on <= day:
            continue
        unit = units.setdefault(person.department, UnitChange(person.department))
        kind = change_of(requirement(current, person, level_ranks), requirement(proposed, person, level_ranks))
        for counts in (unit, total):
            counts.people += 1
            if kind is not None:
                setattr(counts, kind, getattr(counts, kind) + 1)
    ordered = sorted(units.values(), key=lambda u: (u.unit is None, (u.unit or "").casefold()))
    return MatrixChange(ordered, total)
