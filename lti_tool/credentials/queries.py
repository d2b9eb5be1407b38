"""What the certificate documents and the public checks read."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Certificate, Person, Platform, RecertificationDecision, Statement


def certificate_with_holder(db: Session, certificate_id: str
                            ) -> tuple[Certificate, Person | None, Platform | None] | None:
    """A certificate with its holder and their platform; None when no certificate has this id."""
    cert = db.get(Certificate, certificate_id)
    if cert is None:
        return None
    return cert, db.get(Person, cert.person_id), db.get(Platform, cert.platform_id)


def revoked_status_indexes(db: Session) -> list[int]:
    """The revocation status list's set bits."""
    return [index for index in db.scalars(select(Certificate.status_index).where(
        Certificate.revoked_at.is_not(None), Certificate.status_index.is_not(None))) if index is not None]


def statement_extension(db: Session, statement_ids: Sequence[str], verb: str, key: str) -> str | None:
    """The ``key`` context extension of the first journaled statement among ``statement_ids`` with ``verb``
    (e.g. the reason of a certificate's revocation); None when there is none."""
    if not statement_ids:
        return None
    bodies = db.scalars(select(Statement.body).where(Statement.id.in_(list(statement_ids)), Statement.verb == verb)
                        .order_by(Statement.created_at, Statement.id))
    for body in bodies:
        value = ((body or {}).get("context") or {}).get("extensions", {}).get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def recertification_decisions(db: Session, platform_id: int) -> list[RecertificationDecision]:
    """The platform's recertification decisions, oldest first."""
    return list(db.scalars(select(RecertificationDecision).where(RecertificationDecision.platform_id == platform_id)
                           .order_by(RecertificationDecision.created_at, RecertificationDecision.id)))
