"""The outbox engine, one for every outbox (statements to the LRS, scores to the gradebooks, reminder mails).

Rows are written in the unit of work of the change that caused them; the engine delivers them
afterwards: it leases due rows (``claim_due``: ``SKIP LOCKED`` on PostgreSQL, so several senders
can run at once; on SQLite a unit of work takes the write lock up front), lets a sender deliver
them with no transaction open, and records each outcome in one unit of work: sent; failed and
retried after a backoff; parked (status ``failed``) when the receiver rejected it for good or after
``max_tries``; or held back without counting as a try (a score whose grade sync is stopped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from ..db import Database
from ..db.outboxes import OutboxModel, claim_due, mark_delivered, outbox_rows, release_claim
from ..metrics import count

#: a claimed row stays with its sender this long; a sender that dies leaves it due again after it
LEASE = dt.timedelta(seconds=120)

Job = TypeVar("Job")


def backoff(tries: int, base: float = 5.0, cap: float = 3600.0) -> dt.timedelta:
    """Exponential backoff: 5 s, 10 s, 20 s, … capped at an hour."""
    return dt.timedelta(seconds=min(cap, base * 2 ** max(tries - 1, 0)))


@dataclass(frozen=True)
class Outcome:
    """What became of some claimed rows."""

    ids: Sequence[Any]
    error: str | None = None  #: None: delivered
    permanent: bool = False  #: the receiver rejected it: park it now, a retry cannot succeed
    outage: bool = False  #: the receiver did not answer: claim nothing more this round
    held: bool = False  #: not sent and not a try: held back (``error`` says why)
    note: str | None = None  #: the report's line, when it says more than ``error``
    columns: Mapping[str, Any] = field(default_factory=dict)  #: sender-specific columns to store on the rows
    also: Callable[[Session], None] | None = None  #: a further write in the same unit of work


@dataclass
class Report:
    sent: int = 0
    failed: int = 0
    held: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


class Sender(Protocol[Job]):
    #: the outbox's label in the metrics (``aidip_send_failures_total{outbox=…}``)
    name: str

    @property
    def model(self) -> OutboxModel:
        """The outbox table."""

    @property
    def deferred(self) -> tuple[str, ...]:
        """Columns the claim does not load (``prepare`` reads what it needs its own way)."""

    def prepare(self, session: Session, rows: list[Any]) -> list[Job]:
        """In the claim's unit of work: what sending needs, usable after the session has closed."""

    def send(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Deliver; each outcome is recorded as soon as it is yielded. No transaction is open."""


@dataclass(frozen=True)
class Limits:
    batch_size: int
    max_tries: int
    max_batches: int | None = None  #: None: until nothing is due
    ids: Sequence[Any] | None = None  #: only these rows


def run(db: Database, sender: Sender[Any], now: dt.datetime, limits: Limits) -> Report:
    """Deliver due rows in batches; a batch that met an outage ends the round. One thread works the database
    behind the sender: it claims the next batch while the current one is out and records the outcomes while the
    next one goes out, so the database's work hides behind the receiver's. A batch claimed ahead of an outage is
    given back unsent."""
    report = Report()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"outbox-{sender.name}") as behind:
        recorded: list[Future[None]] = []
        batch = claim(db, sender, now, limits)
        while batch:
            report.batches += 1
            more = limits.max_batches is None or report.batches < limits.max_batches
            upcoming = behind.submit(claim, db, sender, now, limits) if more else None
            outage = deliver(db, sender, batch, now, limits.max_tries, report, behind, recorded)
            batch = upcoming.result() if upcoming is not None else None
            if outage and batch:
                with db.transaction() as session:
                    release_claim(session, sender.model, batch.ids, now)
                batch = None
        for done in recorded:
            done.result()  # a failed record fails the round
    count("send_failures", sender.name, amount=report.failed)
    return report


@dataclass(frozen=True)
class Claimed:
    """A leased batch: the rows' ids and what sending them needs."""

    ids: list[Any]
    jobs: list[Any]


def claim(db: Database, sender: Sender[Any], now: dt.datetime, limits: Limits) -> Claimed | None:
    """Lease the next batch in its own unit of work; None when nothing is due."""
    with db.transaction() as session:
        rows = claim_due(session, sender.model, limits.batch_size, now, LEASE, limits.ids, sender.deferred)
        return Claimed([row.id for row in rows], sender.prepare(session, rows)) if rows else None


def deliver(db: Database, sender: Sender[Any], batch: Claimed, now: dt.datetime, max_tries: int,
            report: Report, behind: Executor, recorded: list[Future[None]]) -> bool:
    """Send one batch, each outcome recorded (in its own unit of work, by the ``behind`` thread, in order) as it
    comes; whether the receiver was out."""
    outage = False
    for outcome in sender.send(batch.jobs):
        recorded.append(behind.submit(record_one, db, sender.model, outcome, now, max_tries))
        tally(report, outcome)
        outage = outage or outcome.outage
    return outage


def record_one(db: Database, model: OutboxModel, outcome: Outcome, now: dt.datetime, max_tries: int) -> None:
    with db.transaction() as session:
        record(session, model, outcome, now, max_tries)


def record(session: Session, model: OutboxModel, outcome: Outcome,
           now: dt.datetime, max_tries: int) -> None:
    if outcome.error is None:
        mark_delivered(session, model, outcome.ids, now, **outcome.columns)
    else:
        for row in outbox_rows(session, model, outcome.ids):
            for name, value in outcome.columns.items():
                setattr(row, name, value)
            row.last_error = outcome.error[:2000]
            if outcome.held:
                row.status, row.tries = "held", max(row.tries - 1, 0)
            elif outcome.permanent or row.tries >= max_tries:
                row.status = "failed"
            else:
                row.next_attempt_at = now + backoff(row.tries)
    if outcome.also is not None:
        outcome.also(session)


def tally(report: Report, outcome: Outcome) -> None:
    if outcome.error is None:
        report.sent += len(outcome.ids)
    elif outcome.held:
        report.held += len(outcome.ids)
    else:
        report.failed += len(outcome.ids)
        report.errors.append(outcome.note or outcome.error)
