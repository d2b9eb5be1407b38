"""Who a role-matrix change affects, per person and per unit, by the reports' requirement rule."""

from __future__ import annotations

import datetime as dt

from assessments.coverage import PersonRecord
from assessments.matrix_change import change_of, matrix_change
from assessments.role_matrix import DEFAULT_LEVEL_RANKS, Requirement, parse_matrix

D = dt.date


def matrix(*rules: dict, version: int = 1) -> object:
    return parse_matrix({"version": version, "effective_from": "2026-01-01", "rules": list(rules)},
                        DEFAULT_LEVEL_RANKS)


def test_change_of_one_person() -> None:
    basic, advanced = Requirement("basic", D(2026, 6, 30), 1), Requirement("advanced", D(2026, 6, 30), 2)
    assert change_of(None, basic) == "higher" and change_of(basic, advanced) == "higher"
    assert change_of(advanced, basic) == "lower" and change_of(basic, None) == "lower"
    assert change_of(basic, Requirement("basic", D(2026, 9, 30), 1)) == "new_deadline"
    assert change_of(basic, basic) is None and change_of(None, None) is None


def test_counts_per_unit_use_precedence_and_onboarding() -> None:
    current = matrix({"level": "basic", "deadline": "2026-06-30"},
                     {"function_group": "ciso", "level": "expert", "deadline": "2027-03-31"})
    proposed = matrix({"level": "basic", "deadline": "2026-09-30"},
                      {"function_group": "ciso", "level": "expert", "deadline": "2027-03-31"},
                      {"risk_class": "hoog", "level": "advanced", "deadline": "2026-12-31"}, version=2)
    people = [
        PersonRecord(1, "IT", function_group="ciso", risk_class="hoog", hire_date=D(2018, 1, 1)),  # expert wins
        PersonRecord(2, "IT", function_group="medewerker", risk_class="hoog", hire_date=D(2018, 1, 1)),  # higher
        PersonRecord(3, "HR", function_group="medewerker", risk_class="laag", hire_date=D(2018, 1, 1)),  # deadline
        # hired late: the onboarding term decides both before and after, so the deadline does not change
        PersonRecord(4, "HR", function_group="medewerker", risk_class="laag", hire_date=D(2026, 11, 1)),
        PersonRecord(5, "HR", function_group="medewerker", left_on=D(2026, 2, 1)),  # left: not counted
        PersonRecord(6, None),
    ]
    change = matrix_change(people, current, proposed, DEFAULT_LEVEL_RANKS, D(2026, 12, 1))
    got = {u.unit: (u.people, u.higher, u.lower, u.new_deadline) for u in change.units}
    assert got == {"HR": (2, 0, 0, 1), "IT": (2, 1, 0, 0), None: (1, 0, 0, 1)}
    assert [u.unit for u in change.units] == ["HR", "IT", None]
    assert (change.total.people, change.total.affected) == (5, 3)
