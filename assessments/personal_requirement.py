"""What is required of one person on a day, and how far they are: the top of *My AI diploma*.

On a day ``d`` a person:

- has **left** when they left the organisation before ``d`` (nothing is required any more);
- has **no requirement** when no role-matrix version is in force or no rule matches them;
- otherwise must hold the level the role matrix gives their function group and risk class
  (``role_matrix.requirement``) by their personal deadline. They **meet** it when a certificate at
  that level or higher is in force on ``d`` (the caller decides which are, with ``xapi.certificate_state``:
  one rule for certificates everywhere); else they are **on track** until
  the deadline (``days_left``) and **late** after it (``days_late``).

The deadline is the rule's, or for somebody hired late the end of their **onboarding term** (hire date +
the rule's onboarding months): ``onboarding_until`` is set when that term decides the deadline, and
``in_onboarding`` while it runs. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol

from .months import add_months
from .role_matrix import MatchablePerson, RoleMatrix, matrix_as_of, requirement


class Progress(StrEnum):
    LEFT = "left"
    NONE = "none"
    MET = "met"
    ON_TRACK = "on_track"
    LATE = "late"


@dataclass(frozen=True)
class Required:
    progress: Progress
    level: str | None = None
    deadline: dt.date | None = None
    rule_deadline: dt.date | None = None
    onboarding_until: dt.date | None = None  # set when the onboarding term decides the deadline
    onboarding_months: int | None = None
    in_onboarding: bool = False
    days_left: int | None = None  # ON_TRACK: days until the deadline
    days_late: int | None = None  # LATE: days since the deadline
    renew_by: dt.date | None = None  # MET: the end of the certificate that meets it (latest one)
    function_group: str | None = None  # what the deciding rule matched on (None: everybody)
    risk_class: str | None = None


@dataclass(frozen=True)
class HeldLevel:
    """A certificate in force on the day: its level and the day it ends (revoked, cut short or valid-until)."""

    level: str
    ends_on: dt.date


class Person(MatchablePerson, Protocol):
    """What is read of a person (``coverage.PersonRecord`` fits)."""

    @property
    def left_on(self) -> dt.date | None: ...


def required_of(person: Person, matrices: Sequence[RoleMatrix], held: Sequence[HeldLevel],
                day: dt.date, level_ranks: Mapping[str, int]) -> Required:
    """What the role matrix requires of ``person`` on ``day``, and how far the certificates ``held`` (in force
    on that day) take them."""
    if person.left_on is not None and person.left_on < day:
        return Required(Progress.LEFT)
    matrix = matrix_as_of(matrices, day) if matrices else None
    need = requirement(matrix, person, level_ranks) if matrix else None
    if need is None or need.rule is None:
        return Required(Progress.NONE)
    rule = need.rule
    onboarding_end = add_months(person.hire_date, rule.onboarding_months) if person.hire_date else None
    deciding = onboarding_end if onboarding_end is not None and onboarding_end > rule.deadline else None
    base = Required(Progress.ON_TRACK, need.level, need.deadline, rule.deadline, deciding, rule.onboarding_months,
                    deciding is not None and person.hire_date is not None and person.hire_date <= day < deciding,
                    function_group=rule.function_group, risk_class=rule.risk_class)
    meeting = [h.ends_on for h in held if level_ranks.get(h.level, 0) >= need.rank]
    if meeting:  # a higher level counts for a lower one
        return _with(base, Progress.MET, renew_by=max(meeting))
    if day > need.deadline:
        return _with(base, Progress.LATE, days_late=(day - need.deadline).days)
    return _with(base, Progress.ON_TRACK, days_left=(need.deadline - day).days)


def _with(base: Required, progress: Progress, **changes: Any) -> Required:
    return replace(base, progress=progress, **changes)
