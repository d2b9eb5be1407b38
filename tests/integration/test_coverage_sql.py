"""Coverage, level mix, lagging groups and the trend in SQL (``reports.grouped.queries``) give exactly what the
Python path (``assessments.coverage`` over the loaded records) gives, on generated organisations, on SQLite
and PostgreSQL: scope by hire and leaving dates, requirements by matrix version, function group and risk class
(unknown, empty and differently written values, ties between rules), onboarding terms at month ends,
certificates issued, expiring, revoked and cut off around midnight, levels the model does not know."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.coverage import GROUPINGS, MIX_GROUPINGS, coverage, lag_rows, level_mix, trend
from assessments.role_matrix import DEFAULT_LEVEL_RANKS, MatrixRule, RoleMatrix
from assessments.suppression import suppress_coverage, suppress_mix, suppress_trend
from lti_tool.db import Database
from lti_tool.db.models import Certificate, Person, Platform
from lti_tool.reports import queries
from lti_tool.reports.data import records_input
from lti_tool.reports.grouped import queries as grouped

from ..conftest import provision_database

RANKS = dict(DEFAULT_LEVEL_RANKS)
FUNCTION_GROUPS = ["dev", "Dev ", "ops", "", None]
RISK_CLASSES = ["high", "low", "", None]
GROUP_VALUES = ["A", "a", "B", "", None]
# month ends and their neighbours make the onboarding term's clamping matter
DAYS = [dt.date(y, m, d) for y in (2023, 2024, 2025) for m in (1, 2, 3, 6, 8, 12) for d in (1, 15, 28, 29, 30, 31)
        if not (m == 2 and d > 28 + (y == 2024)) and not (m == 6 and d == 31)]
dates = st.sampled_from(DAYS)
stamps = st.builds(lambda d, h: dt.datetime.combine(d, dt.time(h, 30 if h else 0), tzinfo=dt.UTC), dates,
                   st.sampled_from([0, 12, 23]))

rules = st.builds(MatrixRule, st.sampled_from([*FUNCTION_GROUPS[:3], None]), st.sampled_from(["high", "low", None]),
                  st.sampled_from(list(RANKS)), dates, st.integers(0, 13))
matrices = st.lists(st.builds(lambda v, d, r: RoleMatrix(v, d, tuple(r)), st.integers(1, 9), dates,
                              st.lists(rules, max_size=4)), max_size=3)
people = st.lists(st.fixed_dictionaries({
    "department": st.sampled_from(GROUP_VALUES), "location": st.sampled_from(GROUP_VALUES),
    "business_unit": st.sampled_from(GROUP_VALUES), "critical_process": st.sampled_from(GROUP_VALUES),
    "function_group": st.sampled_from(FUNCTION_GROUPS), "risk_class": st.sampled_from(RISK_CLASSES),
    "hire_date": st.none() | dates, "left_on": st.none() | dates,
    "certificates": st.lists(st.tuples(st.sampled_from([*RANKS, "unknown"]), stamps, stamps,
                                       st.none() | stamps, st.none() | stamps), max_size=3),
}), max_size=25)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with provision_database(request.param, Path(tmp_path_factory.mktemp("coverage"))) as url:
        database = Database(url)
        database.upgrade()
        yield database
        database.dispose()


_platforms = itertools.count()


def _organisation(database: Database, generated: list[dict]) -> int:
    """A new platform holding the generated people and certificates; its id."""
    with database.transaction() as db:
        platform = Platform(issuer=f"https://p{next(_platforms)}", client_id="c", auth_login_url="x",
                            auth_token_url="x", key_set_url="x")
        db.add(platform)
        db.flush()
        for n, fields in enumerate(generated):
            person = Person(platform_id=platform.id, subject=f"s{n}",
                            **{k: v for k, v in fields.items() if k != "certificates"})
            db.add(person)
            db.flush()
            for c, (level, issued, until, revoked, cut_off) in enumerate(fields["certificates"]):
                db.add(Certificate(id=f"{platform.id}-{n}-{c}", platform_id=platform.id, person_id=person.id,
                                   level=level, issued_at=issued, valid_until=until, revoked_at=revoked,
                                   cut_off_at=cut_off))
        return platform.id


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people, matrices, dates, st.sampled_from([None, *GROUPINGS]), st.sampled_from(MIX_GROUPINGS),
       st.integers(1, 4), st.sampled_from([2, 17]))
def test_sql_equals_python(database: Database, generated: list[dict], versions: list[RoleMatrix], day: dt.date,
                           by: str | None, mix_by: str, min_n: int, years: int) -> None:
    platform_id = _organisation(database, generated)
    with database.session() as db:
        data = records_input(queries.people_rows(db, platform_id), queries.certificate_spans(db, platform_id),
                             RANKS, versions)
        rows = grouped.coverage_rows(db, platform_id, versions, day, by, RANKS)
        mix = grouped.mix_rows(db, platform_id, day, mix_by, RANKS)
        # two years: 8-9 report days, as bit masks on PostgreSQL; 17 years: more than a mask holds
        start = dt.date(day.year - years, day.month, 1)
        points = grouped.trend_points(db, platform_id, versions, start, day, by, RANKS)
        team = [p.id for p in data.people][::2]
        team_rows = grouped.coverage_rows(db, platform_id, versions, day, by, RANKS, only=team)
    expected = coverage(data.people, versions, data.held, day, by, level_ranks=RANKS)
    assert rows == expected
    # the same types too: a Decimal share from a PostgreSQL sum equals 0.5 but not 0.304
    assert [(type(r.required), type(r.share)) for r in rows] == [(type(r.required), type(r.share)) for r in expected]
    assert lag_rows(rows) == lag_rows(expected)
    assert suppress_coverage(rows, min_n) == suppress_coverage(expected, min_n)
    expected_mix = level_mix(data.people, data.held, day, mix_by, level_ranks=RANKS)
    assert mix == expected_mix
    parts = ["none", *RANKS]
    assert suppress_mix(mix, min_n, parts) == suppress_mix(expected_mix, min_n, parts)
    expected_points = trend(data.people, versions, data.held, start, day, by, level_ranks=RANKS)
    assert points == expected_points
    assert suppress_trend(points, min_n) == suppress_trend(expected_points, min_n)
    keep = set(team)
    assert team_rows == coverage([p for p in data.people if p.id in keep], versions, data.held, day, by,
                                 level_ranks=RANKS)


# the trend: dates on and around quarter ends (scope and validity change at the report days' edges), every
# matrix requiring something of most people, so that who holds which level on which day decides the answers
QUARTER_ENDS = [dt.date(y, m, d) for y in (2023, 2024) for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
near_ends = st.builds(lambda d, shift: d + dt.timedelta(days=shift), st.sampled_from(QUARTER_ENDS),
                      st.sampled_from([-1, 0, 1]))
near_stamps = st.builds(lambda d, h: dt.datetime.combine(d, dt.time(h, 30 if h else 0), tzinfo=dt.UTC), near_ends,
                        st.sampled_from([0, 23]))
wide_rules = st.builds(MatrixRule, st.sampled_from([None, None, "dev"]), st.sampled_from([None, None, "high"]),
                       st.sampled_from(list(RANKS)), near_ends, st.integers(0, 3))
wide_matrices = st.lists(st.builds(lambda v, d, r: RoleMatrix(v, d, tuple(r)), st.integers(1, 9),
                                   st.sampled_from([dt.date(2022, 1, 1), *QUARTER_ENDS]),
                                   st.lists(wide_rules, min_size=1, max_size=3)), min_size=1, max_size=2)
trend_people = st.lists(st.fixed_dictionaries({
    "department": st.sampled_from(["A", "B"]), "function_group": st.sampled_from(["dev", "ops"]),
    "risk_class": st.sampled_from(["high", "low"]), "hire_date": st.none() | near_ends,
    "left_on": st.none() | near_ends,
    "certificates": st.lists(st.tuples(st.sampled_from(list(RANKS)), near_stamps, near_stamps,
                                       st.none() | near_stamps, st.none() | near_stamps), max_size=3),
}), min_size=1, max_size=15)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(trend_people, wide_matrices, st.sampled_from([None, "department", "function_group"]))
def test_trend_sql_equals_python(database: Database, generated: list[dict], versions: list[RoleMatrix],
                                 by: str | None) -> None:
    platform_id = _organisation(database, generated)
    start, end = dt.date(2023, 1, 1), dt.date(2025, 1, 1)
    with database.session() as db:
        data = records_input(queries.people_rows(db, platform_id), queries.certificate_spans(db, platform_id),
                             RANKS, versions)
        points = grouped.trend_points(db, platform_id, versions, start, end, by, RANKS)
    assert points == trend(data.people, versions, data.held, start, end, by, level_ranks=RANKS)
