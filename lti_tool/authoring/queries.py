"""What the authoring pages read: the bank's newest versions, drafts, accommodations, model history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from assessments.attempts import AttemptStatus
from assessments.workflow import BlueprintStatus

from ..db.models import (
    Accommodation,
    Attempt,
    BlueprintVersion,
    CompetenceModelVersion,
    ItemReview,
    ItemVersion,
    Person,
    Response,
)

#: the item bank's filters that match a column exactly
EXACT_FILTERS = ("competence", "level", "status", "item_type")


def newest_item_versions(db: Session, filters: Mapping[str, str], author: str = "") -> list[ItemVersion]:
    """The newest version of every item, narrowed by exact ``filters`` and a part of the author's name."""
    newest = select(ItemVersion.item_key, func.max(ItemVersion.version).label("v")).group_by(
        ItemVersion.item_key).subquery()
    query = select(ItemVersion).join(newest, (ItemVersion.item_key == newest.c.item_key)
                                     & (ItemVersion.version == newest.c.v))
    for name in EXACT_FILTERS:
        if filters.get(name):
            query = query.where(getattr(ItemVersion, name) == filters[name])
    if author:
        query = query.where(ItemVersion.author.ilike(f"%{author}%"))
    return list(db.scalars(query.order_by(ItemVersion.level, ItemVersion.competence, ItemVersion.item_key)))


def item_key_exists(db: Session, key: str) -> bool:
    return db.scalar(select(ItemVersion.id).where(ItemVersion.item_key == key).limit(1)) is not None


def item_version(db: Session, version_id: int) -> ItemVersion | None:
    return db.get(ItemVersion, version_id)


def blueprint_drafts(db: Session) -> list[BlueprintVersion]:
    return list(db.scalars(select(BlueprintVersion).where(BlueprintVersion.status == BlueprintStatus.DRAFT.value)
                           .order_by(BlueprintVersion.key, BlueprintVersion.version)))


def person_named(db: Session, platform_id: int, who: str) -> Person | None:
    """The person on this platform whose LTI id, e-mail or name is ``who``."""
    return db.scalars(select(Person).where(Person.platform_id == platform_id, or_(
        Person.subject == who, Person.email == who, Person.name == who))).first()


def accommodations(db: Session, platform_id: int) -> list[Row[tuple[Accommodation, Person]]]:
    return list(db.execute(select(Accommodation, Person).join(Person, Person.id == Accommodation.person_id)
                           .where(Accommodation.platform_id == platform_id).order_by(Person.name)).all())


def competence_model_history(db: Session) -> list[CompetenceModelVersion]:
    return list(db.scalars(select(CompetenceModelVersion).order_by(CompetenceModelVersion.version.desc())))


def review_history(db: Session, version_ids: Iterable[int]) -> list[ItemReview]:
    return list(db.scalars(select(ItemReview).where(ItemReview.item_version_id.in_(list(version_ids)))
                           .order_by(ItemReview.at, ItemReview.id)))


def usage_counts(db: Session) -> dict[str, int]:
    """How many attempts used each item key (any version)."""
    rows = db.execute(select(ItemVersion.item_key, func.count(Response.attempt_id))
                      .join(Response, Response.item_version_id == ItemVersion.id).group_by(ItemVersion.item_key))
    return {key: count for key, count in rows}


def blueprint_history(db: Session, key: str) -> list[BlueprintVersion]:
    return list(db.scalars(select(BlueprintVersion).where(BlueprintVersion.key == key)
                           .order_by(BlueprintVersion.version.desc())))


def finished_attempts(db: Session) -> list[Attempt]:
    return list(db.scalars(select(Attempt).where(Attempt.status != AttemptStatus.IN_PROGRESS.value)))


def finished_responses(db: Session) -> list[Response]:
    return list(db.scalars(select(Response).join(Attempt, Attempt.id == Response.attempt_id)
                           .where(Attempt.status != AttemptStatus.IN_PROGRESS.value)))


def newest_versions_by_key(db: Session, keys: list[str]) -> dict[str, ItemVersion]:
    return {v.item_key: v for v in db.scalars(select(ItemVersion).where(ItemVersion.item_key.in_(keys))
                                                 .order_by(ItemVersion.version))}


def newest_versions(db: Session, status: str | None = None, level: str | None = None) -> list[ItemVersion]:
    """The newest version of every item (with ``status``: the newest in that status), by key."""
    newest = select(func.max(ItemVersion.id)).group_by(ItemVersion.item_key)
    if status is not None:
        newest = newest.where(ItemVersion.status == status)
    query = select(ItemVersion).where(ItemVersion.id.in_(newest))
    if level:
        query = query.where(ItemVersion.level == level)
    return list(db.scalars(query.order_by(ItemVersion.item_key)))
