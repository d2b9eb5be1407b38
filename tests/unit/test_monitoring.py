"""The monitoring domain: periods, rows per department with their total, and the small-group rule."""

from __future__ import annotations

import datetime as dt

import pytest

from assessments.coverage import ALL
from assessments.monitoring import (
    PeriodKey,
    mask_series,
    masked,
    monitoring_rows,
    periods_between,
    quarter_ending,
)


def test_periods_cover_the_range_and_end_on_their_last_day():
    months = periods_between("month", dt.date(2025, 11, 15), dt.date(2026, 2, 1))
    assert [p.key for p in months] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months[1].last_day == dt.date(2025, 12, 31) and months[3].last_day == dt.date(2026, 2, 28)
    quarters = periods_between("quarter", dt.date(2026, 3, 31), dt.date(2026, 7, 1))
    assert [(p.key, p.first_day, p.last_day) for p in quarters] == [
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31)), ("2026-Q2", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30))]
    assert quarter_ending(dt.date(2026, 12, 31)) == PeriodKey("quarter", 2026, 4)
    with pytest.raises(ValueError):
        quarter_ending(dt.date(2026, 12, 30))


def test_rows_per_department_with_people_required_or_attempts_and_a_total():
    q2 = PeriodKey("quarter", 2026, 2)
    rows = monitoring_rows([q2], {"basic": "basic"}, {("2026-Q2", "basic", "A"): (4, 3, 2),
                                                       ("2026-Q2", "basic", None): (1, 1, 1)},
                           {("2026-Q2", "basic", "A"): 8, ("2026-Q2", "basic", "B"): 5,
                            ("2026-Q2", "advanced", "A"): 2})
    assert [(r.department, r.required, r.started, r.finished, r.passed) for r in rows] == [
        ("A", 8, 4, 3, 2), ("B", 5, 0, 0, 0), (None, 0, 1, 1, 1), (ALL, 13, 5, 4, 3)]
    assert rows[0].participation == 0.5 and rows[0].pass_rate == pytest.approx(2 / 3)
    assert rows[1].pass_rate is None and rows[2].participation is None


def test_a_small_department_publishes_nothing_and_a_large_one_its_counts():
    big = {f"b{i}": ("Big", "passed" if i < 6 else "failed") for i in range(12)}
    mid = {f"m{i}": ("Mid", "passed" if i < 5 else "unfinished") for i in range(8)}
    small = {f"s{i}": ("Small", "passed") for i in range(3)}
    needed = {who: dept for who, (dept, _part) in {**big, **mid, **small}.items()}
    (s,) = mask_series([{**big, **mid, **small}], [needed], 5)
    q = PeriodKey("quarter", 2026, 2)
    rows = monitoring_rows([q], {"basic": "basic"}, {("2026-Q2", "basic", "Big"): (12, 12, 6),
                                                      ("2026-Q2", "basic", "Mid"): (8, 5, 5),
                                                      ("2026-Q2", "basic", "Small"): (3, 3, 3)},
                           {("2026-Q2", "basic", "Big"): 12, ("2026-Q2", "basic", "Mid"): 8,
                            ("2026-Q2", "basic", "Small"): 3})
    shown = {r.department: masked(r, s) for r in rows}
    assert shown["Small"].required is None and shown["Small"].started is None and shown["Small"].pass_rate is None
    assert shown["Small"].hidden == {"required", "started", "finished", "passed"}
    # the smallest other department is the complement of Small's hidden count; Big stays published
    assert shown["Big"].required == 12 and shown["Mid"].required is None
    # whatever is shown is the true count
    for r in rows:
        m = shown[r.department]
        for name in ("required", "started", "finished", "passed"):
            assert getattr(m, name) in (None, getattr(r, name))
