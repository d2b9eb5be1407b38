"""Jobs the worker runs once a day, however many workers there are: expiries and the retention purge.

The database says when a job is next due (``lti_tool.db.daily_jobs``); each worker remembers that time, so
between runs its rounds ask nothing at all, and only one worker runs a job when it is due.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from .db import Database
from .db import daily_jobs as store

T = TypeVar("T")

#: how soon a worker asks again when another one was running the job at that moment
BUSY_RETRY = dt.timedelta(minutes=1)


class Schedule:
    """When each daily job is next due, as this worker last learnt from the database."""

    def __init__(self) -> None:
        self.next_due: dict[str, dt.datetime] = {}

    def run_if_due(self, database: Database, job: str, interval: float, work: Callable[[Session, dt.datetime], T],
                   now: dt.datetime) -> T | None:
        """Run ``work`` in one transaction when ``job`` is due and no other worker runs it; None otherwise
        (and without a query while the remembered due time lies ahead). ``interval`` seconds, 0: never."""
        if interval <= 0 or now < self.next_due.get(job, now):
            return None
        self.next_due[job] = now + BUSY_RETRY  # a job that fails is tried again in a while, not every round
        result: T | None = None
        with database.transaction() as db:
            claim = store.claim(db, job, dt.timedelta(seconds=interval), now)
            if claim.run:
                result = work(db, now)
        self.next_due[job] = claim.next_due or now + BUSY_RETRY
        return result
