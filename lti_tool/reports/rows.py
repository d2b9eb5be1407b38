"""Person-level report rows (people page, reminders, audit export), computed from loaded report input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from assessments.coverage import PersonRecord
from assessments.role_matrix import matrix_as_of, requirement

from ..db.models import Certificate, Person
from .data import ReportInput


def person_rows(data: ReportInput, certs: Mapping[int, list[Certificate]], day: dt.date) -> list[dict[str, Any]]:
    """One row per person of ``data`` on ``day``: requirement, level held, late or not, latest certificate."""
    matrix = matrix_as_of(data.matrices, day) if data.matrices else None
    records = sorted(data.people, key=lambda p: (p.department or "", data.persons[p.id].name or ""))
    return [full_row(standing(data, matrix, record, day), data.persons[record.id], certs, day)
            for record in records]


def standing(data: ReportInput, matrix: Any, record: PersonRecord, day: dt.date) -> dict[str, Any]:
    """Where ``record`` stands on ``day`` under ``matrix``: requirement, level held, covered, late (days),
    left, and the one ``status`` word the People list filters on."""
    need = requirement(matrix, record, data.level_ranks) if matrix else None
    held = data.held(record.id, day)
    covered = need is not None and held >= need.rank
    left = record.left_on is not None and record.left_on < day
    late = need is not None and not covered and not left and day > need.deadline  # a leaver is past deadlines
    status = ("left" if left else "not_required" if need is None else "valid" if covered
              else "late" if late else "on_track")
    return {"id": record.id, "need": need, "held": held, "covered": covered, "late": late,
            "days_late": (day - need.deadline).days if need and late else 0, "left": left, "status": status}


def full_row(row: dict[str, Any], person: Person, certs: Mapping[int, list[Certificate]],
             day: dt.date) -> dict[str, Any]:
    """``row`` (a ``standing``) with the person and their latest certificate in force on ``day``."""
    in_force = [c for c in certs.get(person.id, []) if c.issued_at.date() <= day]
    return {**row, "person": person, "certificate": in_force[-1] if in_force else None}


def reminders_per_manager(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The reminder rows grouped per manager (those without a known manager last), each group with the
    manager's name, e-mail address and their rows in date order."""
    groups: dict[Any, dict[str, Any]] = {}
    for row in rows:
        key = row["manager_number"] or row["manager"]
        group = groups.setdefault(key, {"manager": row["manager"], "email": row["manager_email"],
                                        "number": row["manager_number"], "locale": row.get("manager_locale"),
                                        "rows": []})
        group["rows"].append(row)
    return list(groups.values())
