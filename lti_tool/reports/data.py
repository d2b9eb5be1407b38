"""Loading report inputs from the database: people in scope, role-matrix versions, and who held
which level when (from the certificate projection)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from assessments.coverage import Held, PersonRecord, held_from_intervals

from ..db.models import Person
from ..organisation import matrix_versions
from ..permissions import Scope
from ..services import services
from . import queries


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
    rows = queries.people_rows(db, platform_id)
    if only is not None:
        keep = set(only)
        rows = [r for r in rows if r.id in keep]
    by_number = {r.employee_number: r.id for r in rows if r.employee_number}
    people = [PersonRecord(r.id, r.department, r.location, r.business_unit, r.function_group, r.risk_class,
                           r.critical_process, by_number.get(r.manager_employee_number or ""), _date(r.hire_date),
                           _date(r.left_on)) for r in rows]
    wanted = {r.id for r in rows}
    intervals: dict[int, list[tuple[int, dt.date, dt.date | None]]] = defaultdict(list)
    for person_id, level, issued, valid_until, revoked, cut_off in queries.certificate_spans(db, platform_id):
        if person_id in wanted and level in level_ranks:
            ends = min(d for d in (_date(valid_until), _date(revoked), _date(cut_off)) if d is not None)
            intervals[person_id].append((level_ranks[level], _date(issued), ends))
    return ReportInput(people, matrix_versions(db, level_ranks), held_from_intervals(intervals), level_ranks,
                       queries.persons(db, wanted) if with_persons else {})


def level_ranks(db: Session) -> dict[str, int]:
    return {k: lvl.rank for k, lvl in services().catalogue.model(db).levels.items()}


def load_scoped(db: Session, platform_id: int, scope: Scope, person_id: int,
                with_persons: bool = True) -> ReportInput:
    """``load`` for the people ``scope`` shows: a line manager's own team, else the whole platform."""
    only = queries.team_ids(db, person_id) if scope is Scope.TEAM else None
    return load(db, platform_id, level_ranks(db), only, with_persons)


def _date(value: dt.datetime | dt.date | None) -> dt.date | None:
    """A stored date, or a timestamp's day in UTC."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date()
    return value
