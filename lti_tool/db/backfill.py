"""SQL of the certificate backfill: journaled passes whose attempt has no ``earned`` statement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Statement


def _registration() -> Any:
    return Statement.body["context"]["registration"].as_string()


def earned_registrations(db: Session, earned_verb: str) -> set[str]:
    """The attempts (registrations) an ``earned`` statement names; read as strings, no body decoded."""
    return {reg for reg in db.scalars(select(_registration()).where(Statement.verb == earned_verb)) if reg}


def passes_without_certificate(db: Session, passed_verb: str, earned_verb: str) -> list[Statement]:
    """The journaled ``passed`` statements whose registration no ``earned`` statement names."""
    certified = earned_registrations(db, earned_verb)
    passes = db.execute(select(Statement.id, _registration()).where(Statement.verb == passed_verb))
    missing = [sid for sid, reg in passes if reg and reg not in certified]
    return list(db.scalars(select(Statement).where(Statement.id.in_(missing)).order_by(Statement.created_at)))
