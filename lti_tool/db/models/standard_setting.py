"""Standard setting: rounds of a modified Angoff panel, its members and their ratings.

A round belongs to one exam version on the platform where L&D opened it (the home platform); its
items are the exam version's eligible approved pool when it opened. Each invited panel member rates
every item and answers the four Hofstee questions; the round's cut may become a new exam version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class StandardSettingRound(Base):
    __tablename__ = "standard_setting_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id", ondelete="CASCADE"), index=True)
    blueprint_key: Mapped[str] = mapped_column(String(64), index=True)
    blueprint_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")
    closes_on: Mapped[dt.date] = mapped_column(Date)
    #: the pool rated: [{"item_version_id", "item_key", "competence"}], fixed when the round opened
    items: Mapped[list[Any]] = mapped_column()
    opened_by: Mapped[str] = mapped_column(String(255), default="")
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    #: the new exam version made from the cut (a draft until approved)
    adopted_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PanelMember(Base):
    """A person invited to a round, with their Hofstee answers (fractions) once given."""

    __tablename__ = "standard_setting_members"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("standard_setting_rounds.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    invited_by: Mapped[str] = mapped_column(String(255), default="")
    invited_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    hofstee_min_cut: Mapped[float | None] = mapped_column(Float, nullable=True)
    hofstee_max_cut: Mapped[float | None] = mapped_column(Float, nullable=True)
    hofstee_min_fail: Mapped[float | None] = mapped_column(Float, nullable=True)
    hofstee_max_fail: Mapped[float | None] = mapped_column(Float, nullable=True)


class ItemRating(Base):
    """A member's judgement of one item: the probability (0–1) that a minimally competent employee
    answers it correctly (partial credit: the expected score)."""

    __tablename__ = "standard_setting_ratings"
    __table_args__ = (UniqueConstraint("member_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("standard_setting_members.id", ondelete="CASCADE"),
                                           index=True)
    item_key: Mapped[str] = mapped_column(String(128))
    rating: Mapped[float | None] = mapped_column(Float, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
