"""Loading report inputs from the database: people in scope, role-matrix versions, and who held
which level when (from the certificate projection)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.coverage import Held, PersonRecord, held_from_intervals

from ..db.models import Certificate, Person
from ..organisation import matrix_versions

PEOPLE_SQL = {
    "qmark": "SELECT id, department, location, business_unit, function_group, risk_class, critical_process, "
             "manager_employee_number, employee_number, hire_date, left_on FROM people WHERE platform_id = ?",
    "format": "SELECT id, department, location, business_unit, function_group, risk_class, critical_process, "
              "manager_employee_number, employee_number, hire_date, left_on FROM people WHERE platform_id = %s",
}
CERTIFICATES_SQL = {
    "qmark": "SELECT person_id, level, issued_at, valid_until, revoked_at, cut_off_at FROM certificates "
             "WHERE platform_id = ?",
    "format": "SELECT person_id, level, issued_at, valid_until, revoked_at, cut_off_at FROM certificates "
              "WHERE platform_id = %s",
}


@dataclass(frozen=True)
class ReportInput:
    people: list[PersonRecord]
    matrices: list[Any]
    held: Held
    level_ranks: dict[str, int]
    persons: dict[int, Person]


def load(db: Session, platform_id: int, level_ranks: dict[str, int],
         only: Iterable[int] | None = None, with_persons: bool = True) -> ReportInput:
    """Everything a report needs for one platform (tenant), optionally a subset of people (a team)."""
    # The DB-API cursor directly: reports run over 10⁵ people, and ORM rows or even Core rows
    # cost more than the query itself. Dates come back as strings from SQLite: _date() reads both.
    raw = db.connection().connection.driver_connection
    style = "qmark" if db.get_bind().dialect.name == "sqlite" else "format"
    cursor = raw.cursor()
    cursor.execute(PEOPLE_SQL[style], (platform_id,))
    rows = cursor.fetchall()
    if only is not None:
        keep = set(only)
        rows = [r for r in rows if r[0] in keep]
    by_number = {r[8]: r[0] for r in rows if r[8]}
    people = [PersonRecord(r[0], r[1], r[2], r[3], r[4], r[5], r[6], by_number.get(r[7] or ""), _date(r[9]),
                           _date(r[10])) for r in rows]
    wanted = {r[0] for r in rows}
    intervals: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    cursor.execute(CERTIFICATES_SQL[style], (platform_id,))
    for person_id, level, issued, valid_until, revoked, cut_off in cursor.fetchall():
        if person_id in wanted and level in level_ranks:
            ends = min(d for d in (_date(valid_until), _date(revoked), _date(cut_off)) if d is not None)
            intervals[person_id].append((level_ranks[level], _date(issued), ends))
    cursor.close()
    persons = {p.id: p for p in db.scalars(select(Person).where(Person.id.in_(wanted)))} if with_persons else {}
    return ReportInput(people, matrix_versions(db, level_ranks), held_from_intervals(intervals), level_ranks,
                       persons)


def _date(value: dt.datetime | dt.date | str | None) -> dt.date | None:
    """A stored date or timestamp as a date (PostgreSQL gives objects, SQLite strings)."""
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date()
    return dt.date.fromisoformat(value[:10])


def certificates_of(db: Session, person_ids: Sequence[int]) -> dict[int, list[Certificate]]:
    out: dict[int, list[Certificate]] = defaultdict(list)
    for cert in db.scalars(select(Certificate).where(Certificate.person_id.in_(list(person_ids)))
                           .order_by(Certificate.issued_at)):
        out[cert.person_id].append(cert)
    return out
