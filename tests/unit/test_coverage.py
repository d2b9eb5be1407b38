"""Coverage reports on a generated organisation whose expected numbers are worked out by hand below."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.coverage import (
    ALL,
    NONE,
    CoverageRow,
    LagRow,
    PersonRecord,
    TrendPoint,
    coverage,
    coverage_total,
    held_from_intervals,
    lagging,
    level_mix,
    level_parts,
    people_in_scope,
    quarter_ends,
    trend,
    trend_series,
)
from assessments.role_matrix import MatrixRule, RoleMatrix

BASIC, ADVANCED, EXPERT = 1, 2, 3

# Matrix v1 (from 1 Jan 2026) and v2 (from 1 Oct 2026: policy officers now need advanced). Onboarding 3 months.
V1_RULES = (
    MatrixRule(None, None, "basic", date(2026, 3, 31)),
    MatrixRule("teamleider", None, "advanced", date(2026, 6, 30)),
    MatrixRule(None, "hoog", "advanced", date(2026, 6, 30)),
    MatrixRule("data-specialist", None, "expert", date(2026, 9, 30)),
)
V1 = RoleMatrix(1, date(2026, 1, 1), V1_RULES)
V2_RULE = MatrixRule("beleidsmedewerker", None, "advanced", date(2026, 12, 31))
V2 = RoleMatrix(2, date(2026, 10, 1), (*V1_RULES, V2_RULE))
MATRICES = [V1, V2]


def two_years(rank: int, year: int, month: int, day: int) -> tuple[int, date, date]:
    """A certificate valid for two years from its issue date."""
    return rank, date(year, month, day), date(year + 2, month, day)


# id, department, location, function group, risk class, critical process, hired, left, certificates
ORG = [
    # Financiën (business unit Bedrijfsvoering)
    (1, "Financiën", "Utrecht", "medewerker", "midden", "betalingen", None, None, [two_years(BASIC, 2026, 2, 1)]),
    (2, "Financiën", "Utrecht", "medewerker", "midden", "betalingen", None, None, []),
    (3, "Financiën", "Utrecht", "teamleider", "hoog", "betalingen", None, None, [two_years(ADVANCED, 2026, 5, 1)]),
    (4, "Financiën", "Zwolle", "medewerker", "hoog", "betalingen", None, None, [two_years(BASIC, 2026, 1, 15)]),
    (5, "Financiën", "Zwolle", "beleidsmedewerker", "midden", None, None, None, [two_years(BASIC, 2026, 3, 1)]),
    (6, "Financiën", "Zwolle", "medewerker", "laag", None, None, None, [two_years(EXPERT, 2025, 10, 1)]),
    (7, "Financiën", "Utrecht", "medewerker", "laag", None, None, None, [two_years(BASIC, 2024, 1, 10)]),
    (8, "Financiën", "Utrecht", "medewerker", "laag", None, None, date(2026, 8, 31), [two_years(BASIC, 2026, 2, 1)]),
    (9, "Financiën", "Zwolle", "medewerker", "laag", None, date(2026, 8, 1), None, [two_years(BASIC, 2026, 10, 20)]),
    (10, "Financiën", "Zwolle", "medewerker", "laag", None, date(2026, 10, 15), None, []),
    # IT (business unit Digitaal)
    (11, "IT", "Utrecht", "data-specialist", "midden", "datawarehouse", None, None, [two_years(EXPERT, 2026, 6, 1)]),
    (12, "IT", "Utrecht", "data-specialist", "midden", "datawarehouse", None, None, [two_years(ADVANCED, 2026, 4, 1)]),
    (13, "IT", "Utrecht", "medewerker", "laag", None, None, None, [two_years(BASIC, 2026, 2, 10)]),
    (14, "IT", "Utrecht", "medewerker", "laag", None, None, None, [(BASIC, date(2026, 2, 10), date(2026, 7, 1))]),
    (15, "IT", "Zwolle", "teamleider", "midden", None, None, None, [two_years(ADVANCED, 2026, 6, 15)]),
    (16, "IT", "Zwolle", "medewerker", "midden", None, None, None, [two_years(BASIC, 2025, 5, 1)]),
    (17, "IT", "Zwolle", "medewerker", "hoog", "datawarehouse", None, None, [two_years(ADVANCED, 2026, 3, 1)]),
    (18, "IT", "Zwolle", "medewerker", None, None, None, None, [two_years(BASIC, 2026, 1, 20)]),
    (19, "IT", "Utrecht", "medewerker", "laag", None, None, date(2026, 9, 30), [two_years(BASIC, 2026, 1, 5)]),
    (20, "IT", "Utrecht", "medewerker", "laag", None, None, None, []),
    # HR (business unit Bedrijfsvoering)
    (21, "HR", "Utrecht", "beleidsmedewerker", "laag", None, None, None, [two_years(BASIC, 2026, 3, 15)]),
    (22, "HR", "Utrecht", "beleidsmedewerker", "laag", None, None, None, []),
    (23, "HR", "Utrecht", "teamleider", "midden", None, None, None, [two_years(BASIC, 2026, 2, 1)]),
    (24, "HR", "Zwolle", "medewerker", "laag", None, None, None, [two_years(BASIC, 2026, 3, 20)]),
    (25, "HR", "Zwolle", "medewerker", "laag", None, date(2026, 7, 1), None, []),
    (26, "HR", "Zwolle", "medewerker", "laag", None, date(2026, 5, 20), None, []),
    (27, "HR", "Zwolle", "medewerker", "midden", "salarisadministratie", None, None, [two_years(BASIC, 2026, 4, 10)]),
    (28, "HR", "Utrecht", "medewerker", "midden", "salarisadministratie", None, None, []),
]
UNIT = {"Financiën": "Bedrijfsvoering", "HR": "Bedrijfsvoering", "IT": "Digitaal"}
PEOPLE = [
    PersonRecord(
        id=pid, department=dept, location=loc, business_unit=UNIT[dept], function_group=group, risk_class=risk,
        critical_process=process, manager_id=None, hire_date=None if pid == 20 else (hired or date(2019, 9, 1)),
        left_on=left,
    )
    for pid, dept, loc, group, risk, process, hired, left, _ in ORG
]
HELD = held_from_intervals({pid: certs for pid, *_, certs in ORG})
# People who never launched an exam: they exist only in the HR import / NRPS roster, and still count.
NEVER_LAUNCHED = {2, 10, 20, 22, 25, 26, 28}
DAY = date(2026, 9, 30)  # Q3 end; matrix v1 is in force

# Status of everyone on DAY, by hand (in scope: all but 8, who left on 31 Aug, and 10, hired on 15 Oct):
#   covered:   1 3 5 6 11 13 15 16 17 18 19 21 24 27  (19 leaves on DAY itself: still counted; 6 holds expert)
#   on track:  9 (hired 1 Aug → deadline 1 Nov), 12 (expert deadline is DAY itself), 25 (hired 1 Jul → 1 Oct)
#   late:      2 7 14 20 22 28 → 183 days (basic, due 31 Mar; 7 expired 10 Jan, 14 revoked 1 Jul)
#              4 23 → 92 days (advanced, due 30 Jun: hold basic only); 26 → 41 days (hired 20 May → due 20 Aug)


def test_people_in_scope_on_a_day():
    ids = {p.id for p in people_in_scope(PEOPLE, DAY)}
    assert ids == set(range(1, 29)) - {8, 10}
    assert 19 in ids  # left on the day itself
    assert 20 in ids  # hire date unknown
    assert {p.id for p in people_in_scope(PEOPLE, date(2026, 8, 31))} >= {8}
    assert 9 not in {p.id for p in people_in_scope(PEOPLE, date(2026, 7, 31))}


def test_held_from_intervals_treats_the_end_as_exclusive():
    assert HELD(14, date(2026, 6, 30)) == BASIC
    assert HELD(14, date(2026, 7, 1)) == 0
    assert HELD(7, date(2026, 1, 9)) == BASIC and HELD(7, date(2026, 1, 10)) == 0
    assert HELD(999, DAY) == 0
    assert held_from_intervals({1: [(BASIC, date(2026, 1, 1), None), (EXPERT, date(2026, 5, 1), None)]})(
        1, date(2026, 6, 1)) == EXPERT


def test_coverage_per_department():
    rows = coverage(PEOPLE, MATRICES, HELD, DAY, "department")
    assert rows == [
        CoverageRow("Financiën", required=8, covered=4, share=0.5, late=3, max_days_late=183,
                    mean_days_late=pytest.approx((183 + 92 + 183) / 3)),
        CoverageRow("HR", required=8, covered=3, share=3 / 8, late=4, max_days_late=183,
                    mean_days_late=(183 + 92 + 41 + 183) / 4),
        CoverageRow("IT", required=10, covered=7, share=0.7, late=2, max_days_late=183, mean_days_late=183.0),
    ]
    assert [r.on_track for r in rows] == [1, 1, 1]
    total = coverage_total(rows)
    assert (total.group, total.required, total.covered, total.late, total.max_days_late) == (ALL, 26, 14, 9, 183)
    assert total.share == pytest.approx(14 / 26)
    assert total.mean_days_late == pytest.approx((6 * 183 + 2 * 92 + 41) / 9)
    (overall,) = coverage(PEOPLE, MATRICES, HELD, DAY, None)
    assert overall == total


def test_people_who_never_launched_are_in_the_denominator():
    in_scope = {p.id for p in people_in_scope(PEOPLE, DAY)}
    launched_only = [p for p in PEOPLE if p.id not in NEVER_LAUNCHED]
    (everyone,) = coverage(PEOPLE, MATRICES, HELD, DAY, None)
    (launched,) = coverage(launched_only, MATRICES, HELD, DAY, None)
    assert everyone.required == 26
    assert launched.required == 26 - len(NEVER_LAUNCHED & in_scope) == 20
    assert everyone.covered == launched.covered == 14  # the share would be flattered without HR data


def test_coverage_per_location_and_business_unit():
    assert coverage(PEOPLE, MATRICES, HELD, DAY, "location") == [
        CoverageRow("Utrecht", 14, 6, 6 / 14, 7, 183, (6 * 183 + 92) / 7),
        CoverageRow("Zwolle", 12, 8, 8 / 12, 2, 92, (92 + 41) / 2),
    ]
    units = {r.group: (r.required, r.covered, r.late) for r in coverage(PEOPLE, MATRICES, HELD, DAY, "business_unit")}
    assert units == {"Bedrijfsvoering": (16, 7, 7), "Digitaal": (10, 7, 2)}


def test_coverage_groups_unknown_values_last_and_rejects_unknown_groupings():
    rows = coverage(PEOPLE, MATRICES, HELD, DAY, "risk_class")
    assert [r.group for r in rows] == ["hoog", "laag", "midden", None]
    assert rows[-1] == CoverageRow(None, 1, 1, 1.0, 0, None, None)  # person 18
    hoog = rows[0]
    assert (hoog.required, hoog.covered, hoog.late, hoog.max_days_late) == (3, 2, 1, 92)  # 3, 17 covered; 4 late
    with pytest.raises(ValueError, match="cannot group by 'salary'"):
        coverage(PEOPLE, MATRICES, HELD, DAY, "salary")


def test_no_matrix_in_force_means_nobody_is_required():
    rows = coverage(PEOPLE, MATRICES, HELD, date(2025, 12, 31), "department")
    assert [(r.group, r.required, r.share) for r in rows] == [("Financiën", 0, None), ("HR", 0, None), ("IT", 0, None)]


def test_level_mix_per_risk_class():
    rows = level_mix(PEOPLE, HELD, DAY, "risk_class")
    assert [r.group for r in rows] == ["hoog", "laag", "midden", None]
    mix = {r.group: (dict(r.counts), r.total) for r in rows}
    assert mix["hoog"] == ({NONE: 0, "basic": 1, "advanced": 2, "expert": 0}, 3)
    assert mix["laag"] == ({NONE: 7, "basic": 4, "advanced": 0, "expert": 1}, 12)
    assert mix["midden"] == ({NONE: 2, "basic": 5, "advanced": 2, "expert": 1}, 10)
    assert mix[None] == ({NONE: 0, "basic": 1, "advanced": 0, "expert": 0}, 1)
    assert list(rows[0].counts) == level_parts() == [NONE, "basic", "advanced", "expert"]


def test_level_mix_per_critical_process():
    mix = {r.group: dict(r.counts) for r in level_mix(PEOPLE, HELD, DAY, "critical_process")}
    assert mix["betalingen"] == {NONE: 1, "basic": 2, "advanced": 1, "expert": 0}
    assert mix["datawarehouse"] == {NONE: 0, "basic": 0, "advanced": 2, "expert": 1}
    assert mix["salarisadministratie"] == {NONE: 1, "basic": 1, "advanced": 0, "expert": 0}
    assert sum(mix[None].values()) == 17
    with pytest.raises(ValueError):
        level_mix(PEOPLE, HELD, DAY, "department")


def test_level_mix_uses_the_given_level_names():
    ranks = {"basis": 1, "gevorderd": 2, "expert": 3}
    (row, *_) = level_mix(PEOPLE, HELD, DAY, "risk_class", level_ranks=ranks)
    assert dict(row.counts) == {NONE: 0, "basis": 1, "gevorderd": 2, "expert": 0}


def test_lagging_departments_and_locations():
    assert lagging(PEOPLE, MATRICES, HELD, DAY, "department") == [
        LagRow("HR", required=8, late=4, mean_days_late=499 / 4, max_days_late=183),
        LagRow("Financiën", required=8, late=3, mean_days_late=pytest.approx(458 / 3), max_days_late=183),
        LagRow("IT", required=10, late=2, mean_days_late=183.0, max_days_late=183),
    ]
    assert lagging(PEOPLE, MATRICES, HELD, DAY, "location") == [
        LagRow("Utrecht", 14, 7, 170.0, 183),
        LagRow("Zwolle", 12, 2, 66.5, 92),
    ]
    # on 31 March only the basic deadline has come, and it is that very day: nobody is late yet
    assert lagging(PEOPLE, MATRICES, HELD, date(2026, 3, 31), "department") == []
    # a new hire inside the onboarding term is not late: 25 (due 1 Oct) is not counted on DAY
    hr_zwolle = [p for p in PEOPLE if p.id in {24, 25, 26}]
    assert lagging(hr_zwolle, MATRICES, HELD, DAY, "location") == [LagRow("Zwolle", 3, 1, 41.0, 41)]


def test_quarter_ends():
    assert quarter_ends(date(2026, 1, 1), date(2026, 12, 31)) == [
        date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]
    assert quarter_ends(date(2026, 3, 31), date(2027, 3, 30)) == [
        date(2026, 3, 31), date(2026, 6, 30), date(2026, 9, 30), date(2026, 12, 31)]
    assert quarter_ends(date(2026, 4, 1), date(2026, 6, 29)) == []
    assert quarter_ends(date(2025, 11, 1), date(2026, 4, 1)) == [date(2025, 12, 31), date(2026, 3, 31)]


def test_trend_per_quarter_uses_the_state_at_each_quarter_end():
    # Q1: 24 in scope (not yet hired: 9 10 25 26); covered 1 5 6 8 13 14 16 17 18 19 21 24 → 12
    # Q2: 25 in scope (26 hired 20 May); + 3 11 15 27 covered → 16
    # Q3: 26 in scope (8 left, 9 25 hired); 14 covered (see DAY)
    # Q4: matrix v2, 26 in scope (10 hired; 8 and 19 left); 5 and 21 now need advanced, 14 revoked,
    #     9 certified on 20 Oct → covered 1 3 6 9 11 13 15 16 17 18 24 27 → 12
    points = trend(PEOPLE, MATRICES, HELD, date(2026, 1, 1), date(2026, 12, 31))
    assert points == [
        TrendPoint(date(2026, 3, 31), ALL, 24, 12, 0.5),
        TrendPoint(date(2026, 6, 30), ALL, 25, 16, 16 / 25),
        TrendPoint(date(2026, 9, 30), ALL, 26, 14, 14 / 26),
        TrendPoint(date(2026, 12, 31), ALL, 26, 12, 12 / 26),
    ]


def test_trend_per_group_and_as_chart_series():
    points = trend(PEOPLE, MATRICES, HELD, date(2026, 1, 1), date(2026, 12, 31), by="department")
    for day in quarter_ends(date(2026, 1, 1), date(2026, 12, 31)):
        expected = [(r.group, r.required, r.covered) for r in coverage(PEOPLE, MATRICES, HELD, day, "department")]
        assert [(p.group, p.required, p.covered) for p in points if p.day == day] == expected
    q3 = {p.group: p.share for p in points if p.day == DAY}
    assert q3 == {"Financiën": 0.5, "HR": 3 / 8, "IT": 0.7}
    series = trend_series(points)
    assert list(series) == ["Financiën", "HR", "IT"]
    assert [day for day, _ in series["IT"]] == quarter_ends(date(2026, 1, 1), date(2026, 12, 31))
    # Financiën on Q1: in scope 1-8 → covered 1 5 6 8 → 4 / 8
    assert series["Financiën"][0] == (date(2026, 3, 31), 0.5)
    # a group missing in a quarter becomes a gap
    gap = trend_series([TrendPoint(DAY, "A", 5, 5, 1.0), TrendPoint(date(2026, 12, 31), "B", 5, 0, 0.0)])
    assert gap == {"A": [(DAY, 1.0), (date(2026, 12, 31), None)], "B": [(DAY, None), (date(2026, 12, 31), 0.0)]}
