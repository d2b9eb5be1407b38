"""What every request with a session reads about its person (``lti_tool.principal``), and what a launch knows
without asking about a person it has just created."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, aliased

from .models import Person, Platform, RoleGrant


@dataclass(frozen=True)
class PrincipalRow:
    platform_id: int
    person_id: int
    name: str
    erased_at: dt.datetime | None
    home: bool
    grants: tuple[str, ...]
    manages_someone: bool


@cache
def _principal_query() -> Select[Any]:
    """Built once: every request runs it, and building the statement cost more than running it."""
    manager = aliased(Person)
    manages = select(manager.id).where(manager.platform_id == Person.platform_id,
                                       manager.manager_employee_number == Person.employee_number).exists()
    return (select(Person.name, Person.subject, Person.erased_at, Platform.is_home, manages.label("manages"),
                   RoleGrant.role)
            .join(Platform, Platform.id == Person.platform_id)
            .outerjoin(RoleGrant, (RoleGrant.platform_id == Person.platform_id) & (RoleGrant.person_id == Person.id))
            .where(Person.id == bindparam("person_id"), Person.platform_id == bindparam("platform_id")))


def principal_row(session: Session, platform_id: int, person_id: int) -> PrincipalRow | None:
    """What every session request needs to know about its person, in one statement (one row per grant):
    None when the person or the platform is gone."""
    rows = session.execute(_principal_query(), {"person_id": person_id, "platform_id": platform_id}).all()
    if not rows:
        return None
    row = rows[0]
    return PrincipalRow(platform_id, person_id, row.name or row.subject, row.erased_at, bool(row.is_home),
                        tuple(r.role for r in rows if r.role is not None), bool(row.manages))


def new_person_principal(platform: Platform, person: Person) -> PrincipalRow | None:
    """``principal_row`` of a person the caller's unit of work has just created, without asking: no grant can
    name a row no one else can see yet, and a launch sets no employee number for the HR file to match (None when
    the row holds one after all: ask ``principal_row``)."""
    if person.employee_number is not None or person.erased_at is not None:
        return None
    return PrincipalRow(platform.id, person.id, person.name or person.subject, None, bool(platform.is_home), (),
                        False)
