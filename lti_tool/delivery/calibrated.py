"""The calibrated item parameters a new form is assembled with, kept per process for ``REFRESH_SECONDS``.

A level is calibrated now and then (``quality.operations.calibrate_level``), while every Start used to read the
newest run's parameters again. A calibration in this process is seen at once (``forget``); one in another
process or instance is seen within a minute, when a form or two may still be balanced with the previous
parameters (assembly only balances difficulty with them; scoring never uses them).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

from sqlalchemy.orm import Session

from assessments.assembly import ItemParameters

from .queries import calibrated_parameters

REFRESH_SECONDS = 60.0


class CalibratedParameters:
    """One app's kept parameters per level; the app's catalogue holds it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[float, Mapping[str, ItemParameters]]] = {}

    def at_launch(self, db: Session, level: str) -> Mapping[str, ItemParameters]:
        """The parameters of ``level``'s newest calibration, read at most once a minute."""
        with self._lock:
            kept = self._kept.get(level)
        if kept is not None and self._clock() - kept[0] < REFRESH_SECONDS:
            return kept[1]
        found = calibrated_parameters(db, level)
        with self._lock:
            self._kept[level] = (self._clock(), found)
        return found

    def forget(self, level: str) -> None:
        """A new run of ``level`` was stored: the next form reads it."""
        with self._lock:
            self._kept.pop(level, None)
