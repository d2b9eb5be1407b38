"""Reading HR exports against what the tool already knows (managers may be existing people)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assessments.io.hr import HrImportResult, import_hr

from .db.queries import employee_numbers


def parse_hr_file(db: Session, platform_id: int, filename: str, data: bytes) -> HrImportResult:
    return import_hr(data, filename, known_managers=employee_numbers(db, platform_id))
