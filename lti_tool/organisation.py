"""People and the role matrix in the database: HR imports and matrix versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.items import content_hash

from .db.models import Person, RoleMatrixVersion, utcnow

ROLE_MATRIX = Path(__file__).resolve().parent.parent / "config" / "role_matrix.yaml"
HR_FIELDS = ("email", "name", "department", "location", "business_unit", "function_group", "risk_class",
             "critical_process", "manager_employee_number", "hire_date")


def matrix_versions(db: Session, level_ranks: Mapping[str, int]) -> list[Any]:
    """Every role-matrix version (parsed), oldest first."""
    from assessments.role_matrix import parse_matrix

    rows = db.scalars(select(RoleMatrixVersion).order_by(RoleMatrixVersion.version))
    return [parse_matrix({**row.content, "version": row.version, "effective_from": row.effective_from.isoformat()},
                         level_ranks) for row in rows]


def store_matrix(db: Session, content: Mapping[str, Any], by: str,
                 level_ranks: Mapping[str, int]) -> RoleMatrixVersion | None:
    """A new matrix version (effective from ``content['effective_from']``) unless nothing changed."""
    from assessments.role_matrix import parse_matrix

    parse_matrix(content, level_ranks)  # raises MatrixError listing the problems
    digest = content_hash({k: v for k, v in content.items() if k != "version"})
    newest = db.scalars(select(RoleMatrixVersion).order_by(RoleMatrixVersion.version.desc())).first()
    if newest is not None and newest.content_hash == digest:
        return None
    effective = content.get("effective_from") or dt.date.today().isoformat()
    row = RoleMatrixVersion(version=(newest.version + 1) if newest else 1,
                            effective_from=dt.date.fromisoformat(str(effective)), content=dict(content),
                            content_hash=digest, created_by=by)
    db.add(row)
    db.flush()
    return row


def seed_matrix(db: Session, level_ranks: Mapping[str, int]) -> int:
    """Store ``config/role_matrix.yaml`` as the first version when there is none."""
    if not ROLE_MATRIX.exists() or db.scalars(select(RoleMatrixVersion)).first() is not None:
        return 0
    data = yaml.safe_load(ROLE_MATRIX.read_text(encoding="utf-8"))
    return int(store_matrix(db, data, "config/", level_ranks) is not None)


def apply_hr_import(db: Session, platform_id: int, people: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Upsert people from an HR export, matched on employee number (or their LTI subject).
    Leavers are marked with their leave date, never deleted. Importing the same file twice
    changes nothing."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "left": 0}
    now = utcnow()
    for record in people:
        number = str(record["employee_number"])
        person = _match(db, platform_id, number, str(record.get("lti_subject") or "") or None)
        created = person is None
        if person is None:
            person = Person(platform_id=platform_id, subject=str(record.get("lti_subject") or f"hr:{number}"),
                            first_seen_at=now)
            db.add(person)
        before = _snapshot(person)
        person.employee_number = number
        for field in HR_FIELDS:
            value = record.get(field)
            if value not in (None, ""):
                setattr(person, field, value)
        person.left_on = record.get("leave_date") or None
        if _snapshot(person) != before or created:
            person.hr_synced_at = now
            counts["created" if created else "updated"] += 1
        else:
            counts["unchanged"] += 1
        counts["left"] += person.left_on is not None
    db.flush()
    return counts


def _match(db: Session, platform_id: int, number: str, lti_subject: str | None) -> Person | None:
    """The person an HR row describes: by the LMS account the row names (the only link between an
    HR record and an LMS account), else by employee number. An HR-only record of the same number
    that never launched is folded into the LMS account (it has no attempts of its own)."""
    by_number = db.scalars(select(Person).where(Person.platform_id == platform_id,
                                                Person.employee_number == number)).first()
    if not lti_subject:
        return by_number
    by_subject = db.scalars(select(Person).where(Person.platform_id == platform_id,
                                                 Person.subject == lti_subject)).first()
    if by_subject is None:
        if by_number is not None and by_number.subject.startswith("hr:"):
            by_number.subject = lti_subject  # the HR file now names this person's LMS account
        return by_number
    if by_number is not None and by_number.id != by_subject.id and by_number.subject.startswith("hr:") \
            and by_number.last_launch_at is None:
        db.delete(by_number)
        db.flush()
    return by_subject


def _snapshot(person: Person) -> tuple[Any, ...]:
    return tuple(getattr(person, f) for f in (*HR_FIELDS, "employee_number", "left_on"))


def team_of(db: Session, manager: Person) -> list[Person]:
    """A line manager's team: the people whose manager is their employee number."""
    if not manager.employee_number:
        return []
    return list(db.scalars(select(Person).where(Person.platform_id == manager.platform_id,
                                                Person.manager_employee_number == manager.employee_number)))
