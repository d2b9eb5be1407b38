"""Governance: policies, item flags, exam feedback, rollout plans and their remarks, recertification
decisions."""

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
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class PolicyVersion(Base):
    """A version of one policy of the organisation (register), with its named clauses.
    Organisation-wide like the competence model; a new version never changes an old one."""

    __tablename__ = "policy_versions"
    __table_args__ = (UniqueConstraint("policy_key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    policy_key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(32))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    content: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ItemFlag(Base):
    """A question flagged for L&D: by an employee after an exam, or by a changed policy clause.
    Open until L&D resolves it."""

    __tablename__ = "item_flags"
    __table_args__ = (Index("ix_item_flags_open", "resolved_at", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(128), index=True)
    item_version: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))  # "employee" | "policy"
    clause_key: Mapped[str | None] = mapped_column(String(64))
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id", ondelete="SET NULL"))
    attempt_id: Mapped[str | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None] = mapped_column()
    resolved_by: Mapped[str] = mapped_column(String(255), default="")


class ExamFeedback(Base):
    """An employee's rating of an exam they finished (1–5 for clarity and relevance)."""

    __tablename__ = "exam_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[str] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    clarity: Mapped[int] = mapped_column(Integer)
    relevance: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RolloutPlanVersion(Base):
    """A version of a platform's rollout plan (scenario and phases, see ``assessments.rollout``)."""

    __tablename__ = "rollout_plans"
    __table_args__ = (UniqueConstraint("platform_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict[str, Any]] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PhaseRemark(Base):
    """A remark on a rollout phase (managers, auditors, the works council, the board), and L&D's answer."""

    __tablename__ = "phase_remarks"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), index=True)
    phase_key: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    author: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="", server_default="")
    answered_by: Mapped[str] = mapped_column(String(255), default="", server_default="")
    answered_at: Mapped[dt.datetime | None] = mapped_column()
    handled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class RecertificationDecision(Base):
    """L&D's decision that certificates at some levels need recertification by a date (usually
    after a policy change). The statements it journaled are what the derivation honours."""

    __tablename__ = "recertification_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), index=True)
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id", ondelete="SET NULL"))
    clauses: Mapped[list[Any]] = mapped_column(default=list)
    levels: Mapped[list[Any]] = mapped_column(default=list)
    due: Mapped[dt.date] = mapped_column(Date)
    issued_before: Mapped[dt.datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(Text, default="")
    statement_ids: Mapped[list[Any]] = mapped_column(default=list)
    decided_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
