"""What the authoring use cases load to change and write: an item's versions, extra time for a person."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import record
from ..db.models import Accommodation, ItemVersion, Person


def item_versions(db: Session, key: str) -> list[ItemVersion]:
    """Every version of item ``key``, oldest first (empty for a new key)."""
    return list(db.scalars(select(ItemVersion).where(ItemVersion.item_key == key).order_by(ItemVersion.version)))


def set_accommodation(db: Session, platform_id: int, person: Person, minutes: int, note: str,
                      granted_by: str) -> Accommodation:
    """Give ``person`` ``minutes`` extra time per attempt (audited), creating their row if needed."""
    row = db.scalars(select(Accommodation).where(Accommodation.platform_id == platform_id,
                                                 Accommodation.person_id == person.id)).first()
    if row is None:
        row = Accommodation(platform_id=platform_id, person_id=person.id)
        db.add(row)
    record(db, "accommodation.set", person.subject, before={"extra_minutes": row.extra_minutes},
           after={"extra_minutes": minutes})
    row.extra_minutes, row.note, row.granted_by = minutes, note, granted_by
    return row
