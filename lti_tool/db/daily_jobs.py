"""The SQL of the worker's daily jobs (``lti_tool.daily_jobs``): who runs a job, and when it is next due.

A job's next due time is a row of the key-value table (``kv_entries``, key ``daily:<job>``, expiring then), so
every worker and every restart agree on it. On PostgreSQL the transaction that runs a job holds an advisory
lock for it (``pg_try_advisory_xact_lock``): a second worker does not wait, it skips and learns the new due time
a round later. SQLite serialises writing transactions anyway (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import NamedTuple

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .models import KeyValue

#: high half of the advisory lock keys of daily jobs ("AIDP"); the low half is a checksum of the job's name
LOCK_PREFIX = 0x41494450


class Claim(NamedTuple):
    """``run``: this transaction runs the job now; ``next_due``: when it is due again (None: another worker is
    running it at this moment)."""

    run: bool
    next_due: dt.datetime | None


def claim(db: Session, job: str, interval: dt.timedelta, now: dt.datetime) -> Claim:
    """Take ``job`` for this transaction when it is due, and mark it due again ``interval`` from ``now`` (the mark
    commits with the job's work, or rolls back with it)."""
    postgres = db.get_bind().dialect.name == "postgresql"
    if postgres:
        key = (LOCK_PREFIX << 32) + zlib.crc32(job.encode())
        if not db.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}):
            return Claim(False, None)
    name = f"daily:{job}"
    due = db.scalar(select(KeyValue.expires_at).where(KeyValue.key == name))
    if due is not None and due > now:
        return Claim(False, due)
    next_due = now + interval
    value = {"last_run": now.isoformat()}
    insert = (pg_insert if postgres else sqlite_insert)(KeyValue).values(key=name, value=value, expires_at=next_due)
    db.execute(insert.on_conflict_do_update(index_elements=[KeyValue.key],
                                            set_={"value": value, "expires_at": next_due}))
    return Claim(True, next_due)
