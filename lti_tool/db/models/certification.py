"""The certificate projection, the role-matrix versions and the append-only audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, utcnow
from .people import Person

UNEXPIRED = "revoked_at IS NULL AND expiry_journaled_at IS NULL"
UNEXPIRED_CUT_OFF = UNEXPIRED + " AND cut_off_at IS NOT NULL"


class Certificate(Base):
    """The projection of certificates derived from statements (xapi/certification.py).
    Rebuildable at any time from the statement journal or the LRS."""

    __tablename__ = "certificates"
    __table_args__ = (
        Index("ix_certificates_person_level", "person_id", "level"),
        # the daily expiry run's candidates: unrevoked certificates not yet known to have their ``expired``
        # statement, by their end (valid-until or cut-off); in a steady state none of them has ended
        Index("ix_certificates_unexpired_until", "valid_until", postgresql_where=text(UNEXPIRED),
              sqlite_where=text(UNEXPIRED)),
        Index("ix_certificates_unexpired_cut_off", "cut_off_at", postgresql_where=text(UNEXPIRED_CUT_OFF),
              sqlite_where=text(UNEXPIRED_CUT_OFF)),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the certificate id
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(32))
    issued_at: Mapped[dt.datetime] = mapped_column()
    valid_until: Mapped[dt.datetime] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    cut_off_at: Mapped[dt.datetime | None] = mapped_column()
    source: Mapped[str] = mapped_column(String(255), default="tool")
    statement_ids: Mapped[list[Any]] = mapped_column(default=list)
    registration: Mapped[str | None] = mapped_column(String(36))
    blueprint_version: Mapped[str | None] = mapped_column(String(64))
    model_version: Mapped[str | None] = mapped_column(String(16))
    status_index: Mapped[int | None] = mapped_column(Integer, unique=True)
    #: when the journal was found (or made) to hold this certificate's ``expired`` statement; NULL: not known
    #: yet. Not derived: a rebuild keeps it while the certificate's end stays the same, else the next daily run
    #: looks in the journal again
    expiry_journaled_at: Mapped[dt.datetime | None] = mapped_column()

    person: Mapped[Person] = relationship()


class RoleMatrixVersion(Base):
    """Who must reach which level by when; a report for a past date uses the version then in force."""

    __tablename__ = "role_matrix_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only log of administrative changes: who, what, before and after, when.

    The application only inserts; database triggers refuse UPDATE and DELETE (migration 0005)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    platform_id: Mapped[int | None] = mapped_column(Integer)  # no FK: the log outlives what it describes
    actor_person_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(255), default="")
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
