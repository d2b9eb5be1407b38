"""What the outbox page reads: the newest undelivered rows of a platform."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import ScoreOutbox, Statement

Outbox = TypeVar("Outbox", ScoreOutbox, Statement)


def undelivered(db: Session, model: type[Outbox], platform_id: int, limit: int = 100) -> list[Outbox]:
    """Newest first: rows of this platform's ``model`` outbox that are not sent (pending or failed)."""
    return list(db.scalars(select(model).where(model.platform_id == platform_id, model.status != "sent")
                           .order_by(model.created_at.desc()).limit(limit)))
