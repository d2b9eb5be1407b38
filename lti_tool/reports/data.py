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
         only: Iterable[int] | None = None) -> ReportInput:
    """Everything a report needs for one platform (tenant), optionally a subset of people (a team)."""
    query = select(Person).where(Person.platform_id == platform_id)
    if only is not None:
        query = query.where(Person.id.in_(list(only)))
    persons = {p.id: p for p in db.scalars(query)}
    by_number = {p.employee_number: p.id for p in persons.values() if p.employee_number}
    people = [PersonRecord(id=p.id, department=p.department, location=p.location, business_unit=p.business_unit,
                           function_group=p.function_group, risk_class=p.risk_class,
                           critical_process=p.critical_process,
                           manager_id=by_number.get(p.manager_employee_number or ""), hire_date=p.hire_date,
                           left_on=p.left_on) for p in persons.values()]
    intervals: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    certificates = db.scalars(select(Certificate).where(Certificate.platform_id == platform_id))
    for cert in certificates:
        if cert.person_id in persons and cert.level in level_ranks:
            ends = min(d for d in (cert.valid_until, cert.revoked_at, cert.cut_off_at) if d is not None)
            intervals[cert.person_id].append((level_ranks[cert.level], cert.issued_at.date(), ends.date()))
    return ReportInput(people, matrix_versions(db, level_ranks), held_from_intervals(intervals), level_ranks,
                       persons)


def certificates_of(db: Session, person_ids: Sequence[int]) -> dict[int, list[Certificate]]:
    out: dict[int, list[Certificate]] = defaultdict(list)
    for cert in db.scalars(select(Certificate).where(Certificate.person_id.in_(list(person_ids)))
                           .order_by(Certificate.issued_at)):
        out[cert.person_id].append(cert)
    return out
