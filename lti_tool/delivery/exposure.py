"""Item exposure at launch, counted per exam over all its versions: exact while the exam is young, a per-process
copy once its counted window is full.

Counting the newest ``EXPOSURE_WINDOW`` attempts unpacks 500 stored layouts (about 18 ms of PostgreSQL per
launch at 100,000 attempts, ``benchmarks/bench_exposure_query.py``). Once that many exist, one more or less
barely moves a rate, so each process keeps the count for ``REFRESH_SECONDS`` and adds the forms it assembles
itself in between; launches in other processes show up at the next refresh.

A young exam (fewer attempts than the window) is counted exactly at every launch, but without unpacking
every layout again (that cost 10 ms of PostgreSQL per launch at 250 attempts): each process keeps the items
of the attempts it has counted, reads the ids of the exam's attempts, and unpacks only the layouts it has
not seen (those made since, by any process); attempts gone since (an erasure) drop out.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterable

from sqlalchemy.orm import Session

from assessments.assembly import Exposure

from .queries import EXPOSURE_WINDOW, attempt_ids, exposure, shown_items

REFRESH_SECONDS = 60.0


class ExposureCounts:
    """One app's kept counts per exam (blueprint key); the app's catalogue holds it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[float, int, Counter[str]]] = {}  # exam → when, attempts, counts
        # young exam → (attempt id → its item keys, item key → attempts showing it)
        self._young: dict[str, tuple[dict[str, list[str]], Counter[str]]] = {}

    def at_launch(self, db: Session, exam_key: str) -> Exposure:
        """The exposure a new attempt at ``exam_key`` is assembled with."""
        with self._lock:
            kept = self._kept.get(exam_key)
            if kept is not None and time.monotonic() - kept[0] < REFRESH_SECONDS:
                return Exposure(kept[1], dict(kept[2]))
        ids = attempt_ids(db, exam_key, EXPOSURE_WINDOW)
        if len(ids) < EXPOSURE_WINDOW:
            return self._young_exposure(db, exam_key, ids)
        found = exposure(db, exam_key)
        with self._lock:
            self._young.pop(exam_key, None)
            if found.attempts >= EXPOSURE_WINDOW:
                self._kept[exam_key] = (time.monotonic(), found.attempts, Counter(found.shown))
        return found

    def _young_exposure(self, db: Session, exam_key: str, ids: list[str]) -> Exposure:
        """Every attempt at a young exam counted: the layouts this process has not seen are read."""
        with self._lock:
            known, counts = self._young.get(exam_key, ({}, Counter()))
        unseen = [i for i in ids if i not in known]
        gone = known.keys() - set(ids) if len(known) + len(unseen) != len(ids) else set()
        if unseen or gone:
            known, counts = dict(known), Counter(counts)
            for attempt_id, keys in (shown_items(db, unseen) if unseen else {}).items():
                known[attempt_id] = keys
                counts.update(keys)
            for attempt_id in gone:
                counts.subtract(known.pop(attempt_id))
            counts = +counts  # no zero or negative entries
            with self._lock:
                self._young[exam_key] = (known, counts)
        return Exposure(len(known), dict(counts))

    def shown(self, exam_key: str, item_keys: Iterable[str]) -> None:
        """Count a form this process just assembled in its kept copy (if it keeps one)."""
        with self._lock:
            kept = self._kept.get(exam_key)
            if kept is not None:
                kept[2].update(item_keys)
                self._kept[exam_key] = (kept[0], kept[1] + 1, kept[2])
