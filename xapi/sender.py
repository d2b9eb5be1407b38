"""Deliver journaled statements to the LRS: batches, retries with backoff, exactly once.

Delivery is at-least-once from the outbox and made exactly-once at the LRS by the tool's own
statement ids: when the LRS answers 409 for a batch (some ids already stored, e.g. after a
lost response), each statement is looked up and only the missing ones are posted again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from .lrs_client import LrsClient, LrsConflict, LrsError, LrsRejected


class StatementOutbox(Protocol):
    def claim(self, limit: int, now: dt.datetime) -> list[tuple[str, Mapping[str, Any]]]:
        """Pending statements that are due, leased to this sender."""

    def mark_sent(self, ids: Sequence[str], now: dt.datetime) -> None: ...

    def mark_failed(self, ids: Sequence[str], error: str, now: dt.datetime, permanent: bool) -> None: ...


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(tries: int, base: float = 5.0, cap: float = 3600.0) -> dt.timedelta:
    """Exponential backoff: 5 s, 10 s, 20 s, … capped at an hour."""
    return dt.timedelta(seconds=min(cap, base * 2 ** max(tries - 1, 0)))


def deliver(outbox: StatementOutbox, client: LrsClient, batch_size: int,
            now: dt.datetime, max_batches: int | None = None) -> DeliveryReport:
    """Send due statements until none are left (or ``max_batches`` is reached)."""
    report = DeliveryReport()
    while max_batches is None or report.batches < max_batches:
        batch = outbox.claim(batch_size, now)
        if not batch:
            break
        report.batches += 1
        ids = [sid for sid, _ in batch]
        try:
            _post(client, batch)
        except LrsRejected as exc:
            _split_rejected(outbox, client, batch, now, report, str(exc))
            continue
        except LrsError as exc:
            outbox.mark_failed(ids, str(exc), now, permanent=False)
            report.failed += len(ids)
            report.errors.append(str(exc))
            break  # the LRS is down: stop for now, the backoff decides the next try
        outbox.mark_sent(ids, now)
        report.sent += len(ids)
    return report


def _post(client: LrsClient, batch: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
    try:
        client.post_statements([body for _, body in batch])
    except LrsConflict:
        missing = [body for sid, body in batch if client.get_statement(sid) is None]
        if missing:
            client.post_statements(missing)


def _split_rejected(outbox: StatementOutbox, client: LrsClient,
                    batch: Sequence[tuple[str, Mapping[str, Any]]], now: dt.datetime,
                    report: DeliveryReport, error: str) -> None:
    """One invalid statement must not block the others: send one by one, park the bad one."""
    for sid, body in batch:
        try:
            _post(client, [(sid, body)])
        except LrsRejected as exc:
            outbox.mark_failed([sid], str(exc), now, permanent=True)
            report.failed += 1
            report.errors.append(f"{sid}: {exc}")
        except LrsError as exc:
            outbox.mark_failed([sid], str(exc), now, permanent=False)
            report.failed += 1
            report.errors.append(str(exc))
        else:
            outbox.mark_sent([sid], now)
            report.sent += 1
