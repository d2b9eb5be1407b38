"""What the authoring pages read: the bank's newest versions, drafts, accommodations, model history."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from assessments.workflow import BlueprintStatus

from ..db.models import Accommodation, BlueprintVersion, CompetenceModelVersion, ItemVersion, Person

#: the item bank's filters that match a column exactly
EXACT_FILTERS = ("competence", "level", "status")


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
