"""Writes of the exam quality feature: a calibration run and its items' parameters."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assessments.psychometrics.irt import Calibration

from ..db.models import CalibrationRun, ItemCalibration


def add_run(db: Session, level: str, calibration: Calibration, by: str) -> CalibrationRun:
    run = CalibrationRun(level=level, model=calibration.model.value, attempts=calibration.attempts,
                         items=len(calibration.items), created_by=by)
    db.add(run)
    db.flush()
    for item in calibration.items:
        db.add(ItemCalibration(run_id=run.id, item_key=item.item_key, difficulty=item.difficulty,
                               discrimination=item.discrimination, n=item.n, infit=item.infit, outfit=item.outfit))
    db.flush()
    return run
