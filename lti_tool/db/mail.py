"""The mail outbox's reads and writes: queueing reminder messages once, and the log of what was sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .models import MailOutbox, utcnow


def queue_mails(session: Session, platform_id: int, messages: Iterable[Mapping[str, Any]], by: str,
                now: dt.datetime | None = None) -> tuple[int, int]:
    """Add a row per message whose ``send_key`` is not queued yet; (queued, already queued)."""
    messages = list(messages)
    keys = [m["send_key"] for m in messages]
    known = set(session.scalars(select(MailOutbox.send_key).where(MailOutbox.send_key.in_(keys)))) if keys else set()
    queued = 0
    for message in messages:
        if message["send_key"] in known:
            continue
        known.add(message["send_key"])
        session.add(MailOutbox(platform_id=platform_id, queued_by=by, created_at=now or utcnow(),
                               next_attempt_at=now or utcnow(), status="pending", tries=0, **message))
        queued += 1
    return queued, len(messages) - queued


def mail_log(session: Session, platform_id: int, limit: int = 200) -> list[MailOutbox]:
    """The platform's reminder mails, newest first."""
    return list(session.scalars(select(MailOutbox).where(MailOutbox.platform_id == platform_id)
                                .order_by(MailOutbox.created_at.desc(), MailOutbox.id.desc()).limit(limit)))


def requeue_failed(session: Session, platform_id: int, now: dt.datetime | None = None) -> int:
    """Put the platform's failed mails back as pending, due now, with their tries counted afresh."""
    result = session.execute(update(MailOutbox).where(MailOutbox.platform_id == platform_id,
                                                      MailOutbox.status == "failed")
                             .values(status="pending", tries=0, next_attempt_at=now or utcnow()))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
