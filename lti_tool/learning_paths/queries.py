"""Reads of the learning path catalogue's versions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import LearningPathVersion


def newest_version(db: Session) -> LearningPathVersion | None:
    return db.scalars(select(LearningPathVersion).order_by(LearningPathVersion.version.desc()).limit(1)).first()


def history(db: Session) -> list[LearningPathVersion]:
    """Every version, newest first."""
    return list(db.scalars(select(LearningPathVersion).order_by(LearningPathVersion.version.desc())))
