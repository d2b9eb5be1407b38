"""Writes of the learning path catalogue: each save is a new version, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from assessments.items import content_hash

from ..audit import record
from ..db.models import LearningPathVersion
from .queries import newest_version


def store_version(db: Session, content: dict[str, Any], by: str) -> LearningPathVersion | None:
    """``content`` as the next version, unless it equals the newest one (None then)."""
    digest = content_hash(content)
    newest = newest_version(db)
    if newest is not None and newest.content_hash == digest:
        return None
    row = LearningPathVersion(version=(newest.version + 1) if newest else 1, content=content, content_hash=digest,
                              created_by=by)
    db.add(row)
    db.flush()
    record(db, "learning_paths.changed", f"v{row.version}", before={"version": newest.version} if newest else None,
           after={"content": content})
    return row
