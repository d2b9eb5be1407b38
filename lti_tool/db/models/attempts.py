"""Exam attempts and their responses, the xAPI statement journal, and the score outbox to the LMS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessments.attempts import AttemptStatus

from .base import Base, utcnow
from .people import Person, ResourceLink


class Attempt(Base):
    """One sitting of an exam by one person; records every item version it used."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_person_link", "person_id", "resource_link_pk"),
        # the newest attempts at an exam (any version), whose layouts the assembly counts item exposure over
        Index("ix_attempts_exam_started", "exam_key", "started_at"),
        # at most one open attempt per person and placed exam, even when two launches race (double click)
        Index("ux_attempts_open", "person_id", "resource_link_pk", unique=True,
              sqlite_where=text("status = 'in_progress'"), postgresql_where=text("status = 'in_progress'")),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    resource_link_pk: Mapped[int] = mapped_column(
        ForeignKey("resource_links.id", ondelete="CASCADE")
    )
    exam_key: Mapped[str] = mapped_column(String(128))
    blueprint_version: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.IN_PROGRESS.value)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column()
    score_raw: Mapped[float | None] = mapped_column(Float)
    score_max: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    layout: Mapped[list[Any]] = mapped_column(default=list)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    #: the positions the person flagged for later (shown in the navigator and before submitting)
    flagged_positions: Mapped[list[Any]] = mapped_column(default=list, server_default=text("'[]'"))

    person: Mapped[Person] = relationship()
    resource_link: Mapped[ResourceLink] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", order_by="Response.position", cascade="all, delete-orphan"
    )


class Response(Base):
    """The latest answer to one slot of an attempt, saved as soon as it is given."""

    __tablename__ = "responses"

    attempt_id: Mapped[str] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_versions.id"))
    response: Mapped[list[Any]] = mapped_column(default=list)
    saved_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    fraction: Mapped[float | None] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(8))  # the language the question was shown in

    attempt: Mapped[Attempt] = relationship(back_populates="responses")


class Statement(Base):
    """The statement journal and outbox: written with the change that caused it,
    delivered to the LRS afterwards."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_pending", "status", "next_attempt_at"),
                      Index("ix_statements_verb", "verb"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    platform_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(255))
    body: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column()


class ScoreOutbox(Base):
    """A score to publish to a platform line item (AGS), retried until accepted.

    Status: ``pending`` → ``sent`` or ``failed``; ``held`` while grade sync of its line item is stopped
    (back to ``pending`` when lifted); ``superseded`` when a resend or a recreated line item replaced it."""

    __tablename__ = "score_outbox"
    __table_args__ = (Index("ix_score_outbox_pending", "status", "next_attempt_at"),
                      Index("ux_score_outbox_request_key", "request_key", unique=True))

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"))
    attempt_id: Mapped[str | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    lineitem_url: Mapped[str] = mapped_column(String(1024))
    user_id: Mapped[str] = mapped_column(String(255))
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[dt.datetime | None] = mapped_column()
    #: set on a resend from the grade sync page: the same form posted twice queues one score
    request_key: Mapped[str | None] = mapped_column(String(128))
