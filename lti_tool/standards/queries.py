"""What the standard-setting pages read: rounds, their panel and ratings, and the observed scores."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from assessments.attempts import AttemptStatus

from ..db.models import Attempt, ItemRating, PanelMember, Person, RoleGrant, StandardSettingRound


def rounds(db: Session, platform_id: int) -> list[StandardSettingRound]:
    return list(db.scalars(select(StandardSettingRound).where(StandardSettingRound.platform_id == platform_id)
                           .order_by(StandardSettingRound.id.desc())))


def round_of(db: Session, platform_id: int, round_id: int) -> StandardSettingRound | None:
    return db.scalars(select(StandardSettingRound).where(StandardSettingRound.id == round_id,
                                                         StandardSettingRound.platform_id == platform_id)).first()


def panel(db: Session, round_id: int) -> Sequence[Row]:  # type: ignore[type-arg]
    """(member, person) pairs of a round, by name."""
    return db.execute(select(PanelMember, Person).join(Person, Person.id == PanelMember.person_id)
                      .where(PanelMember.round_id == round_id).order_by(Person.name, Person.id)).all()


def member(db: Session, round_id: int, person_id: int) -> PanelMember | None:
    return db.scalars(select(PanelMember).where(PanelMember.round_id == round_id,
                                                PanelMember.person_id == person_id)).first()


def ratings(db: Session, member_ids: Sequence[int]) -> dict[int, dict[str, ItemRating]]:
    """Every rating row of these members: member id → item key → row."""
    found: dict[int, dict[str, ItemRating]] = {m: {} for m in member_ids}
    for row in db.scalars(select(ItemRating).where(ItemRating.member_id.in_(list(member_ids)))):
        found[row.member_id][row.item_key] = row
    return found


def rounds_of_member(db: Session, platform_id: int, person_id: int) -> Sequence[Row]:  # type: ignore[type-arg]
    """(round, member) pairs a person is invited to, newest first."""
    return db.execute(select(StandardSettingRound, PanelMember)
                      .join(PanelMember, PanelMember.round_id == StandardSettingRound.id)
                      .where(PanelMember.person_id == person_id, StandardSettingRound.platform_id == platform_id)
                      .order_by(StandardSettingRound.id.desc())).all()


def has_grant(db: Session, platform_id: int, person_id: int, role: str) -> bool:
    return db.scalar(select(RoleGrant.id).where(RoleGrant.platform_id == platform_id, RoleGrant.person_id == person_id,
                                                RoleGrant.role == role)) is not None


def submitted_scores(db: Session, blueprint_key: str) -> list[float]:
    """The scaled scores (0–1) of every finished attempt at the exam, on every platform (the exam is
    shared; only the numbers leave this query)."""
    rows = db.execute(select(Attempt.score_raw, Attempt.score_max).where(
        Attempt.exam_key == blueprint_key, Attempt.status != AttemptStatus.IN_PROGRESS.value,
        Attempt.score_max.is_not(None), Attempt.score_max > 0))
    return [float(raw or 0) / float(maximum) for raw, maximum in rows]
