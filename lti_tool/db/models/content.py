"""The exam content: question versions and their reviews, blueprints and competence models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ItemVersion(Base):
    """One version of a question, in all its languages.

    Workflow: draft → in_review → approved → retired (or superseded by a newer approved
    version). Only a draft may be edited in place; a version that has been delivered
    (``first_used_at`` set) never changes — editing it makes a new draft version.
    """

    __tablename__ = "item_versions"
    __table_args__ = (UniqueConstraint("item_key", "version"), Index("ix_item_versions_status", "status", "level"))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_key: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    competence: Mapped[str] = mapped_column(String(128), index=True)
    level: Mapped[str] = mapped_column(String(32), index=True)
    item_type: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="approved")
    high_risk: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str] = mapped_column(String(255), default="")
    author_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    content: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    first_used_at: Mapped[dt.datetime | None] = mapped_column()


class ItemReview(Base):
    """The review trail of an item version: submitted, approved, rejected, retired."""

    __tablename__ = "item_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))
    by_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    by_name: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class BlueprintVersion(Base):
    """A versioned exam definition; attempts record ``key@version``."""

    __tablename__ = "blueprint_versions"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), index=True)
    version: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="approved")
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CompetenceModelVersion(Base):
    """A version of the competence model (levels and competences), with its effective date."""

    __tablename__ = "competence_model_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
