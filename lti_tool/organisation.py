"""People and the role matrix in the database: HR imports and matrix versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from assessments.items import content_hash
from assessments.people import HrOutcome, apply_hr_row
from assessments.role_matrix import parse_matrix

from .db import people
from .db.models import Person, RoleMatrixVersion, utcnow
from .db.repositories import person_state, store_person_state

ROLE_MATRIX = Path(__file__).resolve().parent.parent / "config" / "role_matrix.yaml"


def matrix_versions(db: Session, level_ranks: Mapping[str, int]) -> list[Any]:
    """Every role-matrix version (parsed), oldest first."""
    rows = people.matrix_rows(db)
    return [parse_matrix({**row.content, "version": row.version, "effective_from": row.effective_from.isoformat()},
                         level_ranks) for row in rows]


def store_matrix(db: Session, content: Mapping[str, Any], by: str,
                 level_ranks: Mapping[str, int]) -> RoleMatrixVersion | None:
    """A new matrix version (effective from ``content['effective_from']``) unless nothing changed."""
    parse_matrix(content, level_ranks)  # raises MatrixError listing the problems
    digest = content_hash({k: v for k, v in content.items() if k != "version"})
    newest = people.newest_matrix(db)
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
    if not ROLE_MATRIX.exists() or people.newest_matrix(db) is not None:
        return 0
    data = yaml.safe_load(ROLE_MATRIX.read_text(encoding="utf-8"))
    return int(store_matrix(db, data, "config/", level_ranks) is not None)


def apply_hr_import(db: Session, platform_id: int, rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Upsert people from an HR export by the rules of ``assessments.people``: matched on the LMS
    account the row names, else the employee number; leavers are marked, never deleted; importing
    the same file twice changes nothing."""
    counts = {**{outcome.value: 0 for outcome in HrOutcome}, "left": 0}
    now = utcnow()
    for row in rows:
        by_number = people.person_by_number(db, platform_id, str(row["employee_number"]))
        subject = str(row.get("lti_subject") or "") or None
        by_subject = people.person_by_subject(db, platform_id, subject) if subject else None
        upsert = apply_hr_row(row, person_state(by_number) if by_number else None,
                              person_state(by_subject) if by_subject else None, now)
        if upsert.folded is not None and by_number is not None:  # HR-only, never launched: joins the LMS account
            db.delete(by_number)
            db.flush()
        person = next((p for p in (by_subject, by_number) if p is not None and p.id == upsert.person.id), None)
        if person is None:
            person = Person(platform_id=platform_id, subject=upsert.person.subject, first_seen_at=now)
            db.add(person)
        store_person_state(person, upsert.person)
        counts[upsert.outcome.value] += 1
        counts["left"] += upsert.left
    db.flush()
    return counts


def team_of(db: Session, manager: Person) -> list[Person]:
    """A line manager's team: the people whose manager is their employee number."""
    if not manager.employee_number:
        return []
    return people.team(db, manager.platform_id, manager.employee_number)
