"""Calibrating a level: one unit of work reads the scored responses, fits the model, writes the run and
audit-logs it. Called from the report page (L&D, home platform) and ``flask bank calibrate``."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.psychometrics.irt import Model, calibrate

from ..audit import record as audit
from ..services import services
from . import queries
from .repositories import add_run


@dataclass(frozen=True)
class CalibrationDone:
    run_id: int
    level: str
    model: str
    attempts: int
    items: int
    excluded: dict[str, str]


def calibrate_level(level: str, model: Model | str, by: str) -> CalibrationDone:
    """Fit ``model`` to the finished attempts of every blueprint version of ``level`` and store the run
    (``TooFewAttempts`` below the minimum sample; nothing is written then)."""
    chosen = Model(model)
    with services().db.transaction() as db:
        attempts = queries.attempt_scores(db, queries.labels_of_level(db, level))
        calibration = calibrate({a.attempt_id: a.dichotomous() for a in attempts}, chosen)
        run = add_run(db, level, calibration, by)
        excluded = {key: reason.value for key, reason in calibration.excluded.items()}
        audit(db, "items.calibrated", f"{level} run {run.id}", actor=by,
              after={"model": chosen.value, "attempts": calibration.attempts, "items": len(calibration.items),
                     "excluded": excluded, "marginal_reliability": calibration.marginal_reliability})
        done = CalibrationDone(run.id, level, chosen.value, calibration.attempts, len(calibration.items), excluded)
    services().catalogue.calibrated.forget(level)  # committed: this process's next form uses the new run
    return done
