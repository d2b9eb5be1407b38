"""What the certificate documents and the public checks read."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Certificate, Person, Platform


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
