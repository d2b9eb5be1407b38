"""Item exposure at launch: exact while an exam version is young, a per-process copy once its counted window
is full.

Counting the newest ``EXPOSURE_WINDOW`` attempts unpacks 500 stored layouts (about 18 ms of PostgreSQL per
launch at 100,000 attempts, ``benchmarks/bench_exposure_query.py``). Once that many exist, one more or less
barely moves a rate, so each process keeps the count for ``REFRESH_SECONDS`` and adds the forms it assembles
itself in between; launches in other processes show up at the next refresh.

A young version (fewer attempts than the window) is counted exactly at every launch, but without unpacking
every layout again (that cost 10 ms of PostgreSQL per launch at 250 attempts): each process keeps the items
of the attempts it has counted, reads the ids of the version's attempts, and unpacks only the layouts it has
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
    """One app's kept counts per exam version (``key@version``); the app's catalogue holds it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[float, int, Counter[str]]] = {}  # exam version → when, attempts, counts
        # young exam version → (attempt id → its item keys, item key → attempts showing it)
        self._young: dict[str, tuple[dict[str, list[str]], Counter[str]]] = {}

    def at_launch(self, db: Session, blueprint_label: str) -> Exposure:
        """The exposure a new attempt of ``blueprint_label`` is assembled with."""
        with self._lock:
            kept = self._kept.get(blueprint_label)
            if kept is not None and time.monotonic() - kept[0] < REFRESH_SECONDS:
                return Exposure(kept[1], dict(kept[2]))
        ids = attempt_ids(db, blueprint_label, EXPOSURE_WINDOW)
        if len(ids) < EXPOSURE_WINDOW:
            return self._young_exposure(db, blueprint_label, ids)
        found = exposure(db, blueprint_label)
        with self._lock:
            self._young.pop(blueprint_label, None)
            if found.attempts >= EXPOSURE_WINDOW:
                self._kept[blueprint_label] = (time.monotonic(), found.attempts, Counter(found.shown))
        return found

    def _young_exposure(self, db: Session, blueprint_label: str, ids: list[str]) -> Exposure:
        """Every attempt of a young version counted: the layouts this process has not seen are read."""
        with self._lock:
            known, counts = self._young.get(blueprint_label, ({}, Counter()))
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
                self._young[blueprint_label] = (known, counts)
        return Exposure(len(known), dict(counts))

    def shown(self, blueprint_label: str, item_keys: Iterable[str]) -> None:
        """Count a form this process just assembled in its kept copy (if it keeps one)."""
        with self._lock:
            kept = self._kept.get(blueprint_label)
            if kept is not None:
                kept[2].update(item_keys)
                self._kept[blueprint_label] = (kept[0], kept[1] + 1, kept[2])
