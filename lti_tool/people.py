"""Reading HR exports against what the tool already knows (managers may be existing people)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.io.hr import HrImportResult, import_hr

from .db.models import Person


def parse_hr_file(db: Session, platform_id: int, filename: str, data: bytes) -> HrImportResult:
    known = {n for n in db.scalars(select(Person.employee_number).where(Person.platform_id == platform_id)) if n}
    return import_hr(data, filename, known_managers=known)
