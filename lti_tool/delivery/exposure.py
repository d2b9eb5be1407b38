"""Item exposure at launch: the exact count while an exam version is young, a per-process copy once its
counted window is full.

Counting the newest ``EXPOSURE_WINDOW`` attempts unpacks 500 stored layouts (about 18 ms of PostgreSQL per
launch at 100,000 attempts, ``benchmarks/bench_exposure_query.py``). Once that many exist, one more or less
barely moves a rate, so each process keeps the count for ``REFRESH_SECONDS`` and adds the forms it assembles
itself in between; launches in other processes show up at the next refresh.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable

from sqlalchemy.orm import Session

from assessments.assembly import Exposure

from .queries import EXPOSURE_WINDOW, exposure

REFRESH_SECONDS = 60.0


class ExposureCounts:
    """One app's kept counts per exam version (``key@version``); the app's catalogue holds it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[float, int, Counter[str]]] = {}  # exam version → when, attempts, counts

    def at_launch(self, db: Session, blueprint_label: str) -> Exposure:
        """The exposure a new attempt of ``blueprint_label`` is assembled with."""
        with self._lock:
            kept = self._kept.get(blueprint_label)
            if kept is not None and time.monotonic() - kept[0] < REFRESH_SECONDS:
                return Exposure(kept[1], dict(kept[2]))
        found = exposure(db, blueprint_label)
        if found.attempts >= EXPOSURE_WINDOW:
            with self._lock:
                self._kept[blueprint_label] = (time.monotonic(), found.attempts, Counter(found.shown))
        return found

    def shown(self, blueprint_label: str, item_keys: Iterable[str]) -> None:
        """Count a form this process just assembled in its kept copy (if it keeps one)."""
        with self._lock:
            kept = self._kept.get(blueprint_label)
            if kept is not None:
                kept[2].update(item_keys)
                self._kept[blueprint_label] = (kept[0], kept[1] + 1, kept[2])
