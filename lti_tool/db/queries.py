"""Reads shared by features that have no package of their own (HR import)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Person


def employee_numbers(db: Session, platform_id: int) -> set[str]:
    """The employee numbers of the people the tool knows on this platform."""
    return {n for n in db.scalars(select(Person.employee_number).where(Person.platform_id == platform_id)) if n}
