"""The rows of people and role-matrix versions that HR imports and the matrix pages change."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Person, RoleMatrixVersion


def matrix_rows(db: Session) -> list[RoleMatrixVersion]:
    """Every role-matrix version, oldest first."""
    return list(db.scalars(select(RoleMatrixVersion).order_by(RoleMatrixVersion.version)))


def newest_matrix(db: Session) -> RoleMatrixVersion | None:
    return db.scalars(select(RoleMatrixVersion).order_by(RoleMatrixVersion.version.desc())).first()


def person_by_number(db: Session, platform_id: int, employee_number: str) -> Person | None:
    return db.scalars(select(Person).where(Person.platform_id == platform_id,
                                           Person.employee_number == employee_number)).first()


def person_by_subject(db: Session, platform_id: int, subject: str) -> Person | None:
    return db.scalars(select(Person).where(Person.platform_id == platform_id, Person.subject == subject)).first()


def team(db: Session, platform_id: int, manager_number: str) -> list[Person]:
    """The people whose manager is ``manager_number``."""
    return list(db.scalars(select(Person).where(Person.platform_id == platform_id,
                                                Person.manager_employee_number == manager_number)))
