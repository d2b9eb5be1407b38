"""Exam quality: IRT calibrations of the bank (one run at a time, each item's parameters in it).

A calibration run fits one model (Rasch or 2PL) to the scored responses of the attempts of one
level; the draw reads the newest run's difficulty of an item once enough people answered it and
falls back to the author's estimate (``expected_facility`` in the item) before that.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class CalibrationRun(Base):
    """One fit of an IRT model to the responses of one level."""

    __tablename__ = "calibration_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(32), index=True)
    model: Mapped[str] = mapped_column(String(16))  # "rasch" or "2pl"
    attempts: Mapped[int] = mapped_column(Integer)  # attempts (candidates) in the fit
    items: Mapped[int] = mapped_column(Integer)  # items with parameters
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ItemCalibration(Base):
    """An item's parameters in one calibration run (logit scale, ability ~ N(0, 1))."""

    __tablename__ = "item_calibrations"
    __table_args__ = (UniqueConstraint("run_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("calibration_runs.id", ondelete="CASCADE"), index=True)
    item_key: Mapped[str] = mapped_column(String(128), index=True)
    difficulty: Mapped[float] = mapped_column(Float)  # b
    discrimination: Mapped[float] = mapped_column(Float, default=1.0)  # a (1 under Rasch)
    n: Mapped[int] = mapped_column(Integer)  # responses to the item in the fit
    infit: Mapped[float | None] = mapped_column(Float, nullable=True)  # information-weighted mean square
    outfit: Mapped[float | None] = mapped_column(Float, nullable=True)  # unweighted mean square
