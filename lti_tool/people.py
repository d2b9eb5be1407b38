"""Reading HR exports against what the tool already knows (managers may be existing people)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assessments.io.hr import HrImportResult, Vocabulary, import_hr

from .db.queries import employee_numbers
from .organisation import matrix_versions
from .reports.data import level_ranks


def parse_hr_file(db: Session, platform_id: int, filename: str, data: bytes) -> HrImportResult:
    """The file read against the newest role matrix's function groups and risk classes (when it declares them)."""
    matrices = matrix_versions(db, level_ranks(db))
    newest = matrices[-1] if matrices else None
    vocabulary = Vocabulary(newest.function_groups, newest.risk_classes) if newest is not None else Vocabulary()
    return import_hr(data, filename, known_managers=employee_numbers(db, platform_id), vocabulary=vocabulary)
