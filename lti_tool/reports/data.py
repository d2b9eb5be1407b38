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
    columns = (Person.id, Person.department, Person.location, Person.business_unit, Person.function_group,
               Person.risk_class, Person.critical_process, Person.manager_employee_number, Person.employee_number,
               Person.hire_date, Person.left_on)
    query = select(*columns).where(Person.platform_id == platform_id)
    if only is not None:
        query = query.where(Person.id.in_(list(only)))
    rows = db.execute(query).all()  # plain rows, not ORM objects: reports run over 10⁵ people
    by_number = {r.employee_number: r.id for r in rows if r.employee_number}
    people = [PersonRecord(id=r.id, department=r.department, location=r.location, business_unit=r.business_unit,
                           function_group=r.function_group, risk_class=r.risk_class,
                           critical_process=r.critical_process,
                           manager_id=by_number.get(r.manager_employee_number or ""), hire_date=r.hire_date,
                           left_on=r.left_on) for r in rows]
    wanted = {r.id for r in rows}
    intervals: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    certificates = db.execute(select(Certificate.person_id, Certificate.level, Certificate.issued_at,
                                     Certificate.valid_until, Certificate.revoked_at, Certificate.cut_off_at)
                              .where(Certificate.platform_id == platform_id))
    for person_id, level, issued, valid_until, revoked, cut_off in certificates:
        if person_id in wanted and level in level_ranks:
            ends = min(d for d in (valid_until, revoked, cut_off) if d is not None)
            intervals[person_id].append((level_ranks[level], _day(issued), _day(ends)))
    persons = {p.id: p for p in db.scalars(select(Person).where(Person.id.in_(wanted)))} if with_persons else {}
    return ReportInput(people, matrix_versions(db, level_ranks), held_from_intervals(intervals), level_ranks,
                       persons)


def _day(moment: dt.datetime | str) -> dt.date:
    """A stored timestamp's date (SQLite gives strings to Core selects of UTC columns)."""
    return moment.date() if isinstance(moment, dt.datetime) else dt.date.fromisoformat(str(moment)[:10])


def certificates_of(db: Session, person_ids: Sequence[int]) -> dict[int, list[Certificate]]:
    out: dict[int, list[Certificate]] = defaultdict(list)
    for cert in db.scalars(select(Certificate).where(Certificate.person_id.in_(list(person_ids)))
                           .order_by(Certificate.issued_at)):
        out[cert.person_id].append(cert)
    return out
