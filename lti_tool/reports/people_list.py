"""The People list at 10⁵ people: search, filters, sort and pages.

What SQL does (``queries.people_narrowing``/``listed_people``): the platform or team, the search in name,
employee number and e-mail address, the department/location/function-group filters, ORDER BY name or
department, and — when neither a status nor a required-level filter nor a deadline/days-late sort is asked —
COUNT(*) plus LIMIT/OFFSET, so only one page (≤ 200 people) is derived and rendered.

What Python does: the status (valid / on track / late / not required / left), the required level, the deadline
and the days late come from the role matrix and the certificate history (``rows.standing``), which SQL cannot
express. When a filter or sort needs them they are derived once per request for every person the SQL narrowing
left (people tuples and certificate spans read through the DB-API cursor, no ORM objects), then filtered,
sorted stably on top of the name order from SQL, and sliced; ``Person`` objects and certificates are loaded
for the page only. Where the time goes on that path (measured in ``benchmarks/bench_people_list.py``): reading
the narrowed people and their certificate spans from PostgreSQL, then ``requirement`` and ``held`` per person
in Python, which is linear in the narrowed set — a search or department filter first makes it small.

Measured at 10⁵ people on PostgreSQL (``bench_people_list.py``, whole page through the test client): first
page ≈ 0.10 s (the bare ``ORDER BY name LIMIT 50``: 0.027 s; the rest is COUNT, the one DISTINCT scan for the
filter choices and rendering 50 rows), department filter ≈ 0.08 s, search ≈ 0.26 s (the ILIKE scan itself is
0.1 s: no trigram index), status=late sorted by days late ≈ 1.9 s, of which ≈ 0.55 s is reading 10⁵ people
and their certificates and most of the rest ``requirement``/``held`` for each of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from assessments.role_matrix import matrix_as_of

from ..organisation import matrix_versions
from ..permissions import Scope
from . import queries
from .data import level_ranks as ranks_of
from .data import reading, records_input
from .rows import full_row, standing

STATUSES = ("valid", "on_track", "late", "not_required", "left")
SORTS = ("name", "department", "deadline", "days_late")
SIZES = ("50", "100", "200")


@dataclass(frozen=True)
class ListQuery:
    search: str = ""
    department: str = ""
    location: str = ""
    function_group: str = ""
    status: str = ""
    level: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1
    size: int = 50

    @property
    def in_sql(self) -> bool:
        """Whether SQL can count and page: no filter or sort that needs the derivation."""
        return not self.status and not self.level and self.sort in queries.LIST_ORDERS


@dataclass(frozen=True)
class ListPage:
    rows: list[dict[str, Any]]
    total: int
    choices: dict[str, list[str]]


def people_page(platform_id: int, scope: Scope, person_id: int, q: ListQuery, day: dt.date) -> ListPage:
    """One page of the People list of ``scope`` (a manager's team, else the platform) as ``q`` asks."""
    with reading() as db:
        ranks = ranks_of(db)
        matrices = matrix_versions(db, ranks)
        only = queries.team_ids(db, person_id) if scope is Scope.TEAM else None
        where = queries.people_narrowing(platform_id, only, q.search, q.department, q.location, q.function_group)
        choices = queries.list_choices(db, platform_id, only)
        start = (q.page - 1) * q.size
        if q.in_sql:
            total = queries.count_people(db, where)
            tuples = queries.listed_people(db, platform_id, where, q.sort, q.descending, q.size, start)
            spans = queries.certificate_spans_where(db, platform_id, where, [t[0] for t in tuples])
        else:
            order = q.sort if q.sort in queries.LIST_ORDERS else "name"
            descending = q.descending and q.sort in queries.LIST_ORDERS
            tuples = queries.listed_people(db, platform_id, where, order, descending)
            spans = queries.certificate_spans_where(db, platform_id, where)
        data = records_input(tuples, spans, ranks, matrices)
        matrix = matrix_as_of(matrices, day) if matrices else None
        rows = [standing(data, matrix, record, day) for record in data.people]
        if not q.in_sql:
            rows = _narrow_and_sort(rows, q)
            total = len(rows)
            rows = rows[start:start + q.size]
        ids = [r["id"] for r in rows]
        persons = queries.persons(db, ids)
        certs = queries.certificates_of(db, ids)
        return ListPage([full_row(r, persons[r["id"]], certs, day) for r in rows], total, choices)


def _narrow_and_sort(rows: list[dict[str, Any]], q: ListQuery) -> list[dict[str, Any]]:
    """The status and required-level filters, then the deadline or days-late order (stable: ties keep the
    name order from SQL; people without a deadline come last either way)."""
    if q.status:
        rows = [r for r in rows if r["status"] == q.status]
    if q.level:
        rows = [r for r in rows if r["need"] is not None and r["need"].level == q.level]
    if q.sort == "deadline":
        dated = sorted((r for r in rows if r["need"] is not None), key=lambda r: r["need"].deadline,
                       reverse=q.descending)
        return dated + [r for r in rows if r["need"] is None]
    if q.sort == "days_late":
        return sorted(rows, key=lambda r: r["days_late"], reverse=q.descending)
    return rows


def levels() -> list[str]:
    """The level codes of the competence model (the required-level filter's choices), lowest first."""
    with reading() as db:
        ranks = ranks_of(db)
    return sorted(ranks, key=ranks.__getitem__)
