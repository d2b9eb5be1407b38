"""Recording administrative changes in the append-only audit log (in the change's unit of work)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import has_request_context, session
from sqlalchemy.orm import Session

from .db.models import AuditEntry
from .request import current_name

#: changes to what all platforms share (the question bank, exams, competence model, role matrix and policy
#: register): logged organisation-wide (no platform), so every platform's auditors see them
ORGANISATION_WIDE = ("item.", "items.", "blueprint.", "competence_model.", "role_matrix.", "policy.",
                     "learning_paths.")


def record(db: Session, action: str, subject: str, *, before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None, platform_id: int | None = None, actor: str | None = None,
           actor_person_id: int | None = None) -> None:
    """Append one entry. In a request the actor is the launched person; elsewhere (CLI) say who."""
    shared = action.startswith(ORGANISATION_WIDE)
    if has_request_context() and "person_id" in session:
        actor = actor or current_name()
        actor_person_id = actor_person_id or session.get("person_id")
        platform_id = platform_id or session.get("platform_id")
    if shared:
        platform_id = None
    db.add(AuditEntry(action=action, subject=subject[:255], before=dict(before) if before else None,
                      after=dict(after) if after else None, platform_id=platform_id, actor=actor or "",
                      actor_person_id=actor_person_id))
