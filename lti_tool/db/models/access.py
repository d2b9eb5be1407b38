"""Staff roles and the exam accommodations of individual people."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class RoleGrant(Base):
    """A tool role granted to a person on top of what their LTI roles give (e.g. CISO)."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("platform_id", "person_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[str] = mapped_column(String(255), default="")
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Accommodation(Base):
    """Extra exam time for one person (e.g. dyslexia), set by L&D."""

    __tablename__ = "accommodations"
    __table_args__ = (UniqueConstraint("platform_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(500), default="")
    granted_by: Mapped[str] = mapped_column(String(255), default="")
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
