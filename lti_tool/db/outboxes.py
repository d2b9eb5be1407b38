"""The outboxes' rows (statements, scores, mails): leased in batches, given back, marked delivered, counted and
requeued. The engine (``lti_tool/outbox/engine.py``) drives them; writing into them is each feature's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.attributes import set_committed_value

from .models import MailOutbox, ScoreOutbox, Statement

#: the outbox tables the engine delivers from
OutboxModel = type[Statement] | type[ScoreOutbox] | type[MailOutbox]


def claim_due(session: Session, model: OutboxModel, limit: int, now: dt.datetime, lease: dt.timedelta,
              ids: Sequence[Any] | None = None, deferred: Sequence[str] = ()) -> list[Any]:
    """Lease up to ``limit`` due outbox rows to the caller (only ``ids`` when given; the ``deferred`` columns not
    loaded). ``SKIP LOCKED`` lets several senders run at once on PostgreSQL; SQLite serialises writers anyway. The
    lease is one UPDATE for the whole batch; the loaded rows are given its values without a flush."""
    query = select(model).where(model.status == "pending", model.next_attempt_at <= now)
    if deferred:
        query = query.options(*(defer(getattr(model, name)) for name in deferred))
    if ids is not None:
        query = query.where(model.id.in_(list(ids)))
    rows = list(session.scalars(
        query.order_by(model.created_at).limit(limit).with_for_update(skip_locked=True)
    ))
    if rows:
        session.execute(update(model).where(model.id.in_([row.id for row in rows]))
                        .values(next_attempt_at=now + lease, tries=model.tries + 1)
                        .execution_options(synchronize_session=False))
        for row in rows:
            set_committed_value(row, "next_attempt_at", now + lease)
            set_committed_value(row, "tries", row.tries + 1)
    return rows


def release_claim(session: Session, model: OutboxModel, ids: Sequence[Any], now: dt.datetime) -> None:
    """Give back leased rows that were not sent (claimed ahead of a batch that met an outage): due again at
    once, and the claim not counted as a try."""
    session.execute(update(model).where(model.id.in_(list(ids)), model.status == "pending")
                    .values(next_attempt_at=now, tries=model.tries - 1))


def outbox_rows(session: Session, model: OutboxModel, ids: Sequence[Any]) -> list[Any]:
    return list(session.scalars(select(model).where(model.id.in_(list(ids)))))


def mark_delivered(session: Session, model: OutboxModel, ids: Sequence[Any],
                   now: dt.datetime, **columns: Any) -> None:
    """Outbox rows the receiver accepted (one UPDATE however many)."""
    session.execute(update(model).where(model.id.in_(list(ids)))
                    .values(status="sent", sent_at=now, last_error=None, **columns))


def outbox_summary(session: Session, model: OutboxModel,
                   platform_id: int | None = None) -> dict[str, Any]:
    query = select(model.status, func.count(), func.min(model.created_at)).group_by(model.status)
    if platform_id is not None:
        query = query.where(model.platform_id == platform_id)
    return {status: {"count": count, "oldest": oldest} for status, count, oldest in session.execute(query)}


def requeue_failed(session: Session, model: OutboxModel, now: dt.datetime,
                   platform_id: int | None = None) -> int:
    query = update(model).where(model.status == "failed").values(status="pending", next_attempt_at=now, tries=0)
    if platform_id is not None:
        query = query.where(model.platform_id == platform_id)
    return session.execute(query).rowcount
