"""Read model of the course staff pages: the SELECTs their views run (SQLAlchemy Core, the same
on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..db.models import Attempt, Membership, ResourceLink


def attempts_by_person(db: Session, link_id: int) -> dict[int, Attempt]:
    """Each person's latest-started attempt at a placed exam."""
    attempts: dict[int, Attempt] = {}
    for attempt in db.scalars(select(Attempt).where(Attempt.resource_link_pk == link_id)
                              .order_by(Attempt.started_at)):
        attempts[attempt.person_id] = attempt
    return attempts


def links_in_context(db: Session, context_pk: int) -> list[ResourceLink]:
    """The exams placed in one course, in the order they were placed."""
    return list(db.scalars(select(ResourceLink).where(ResourceLink.context_pk == context_pk)
                           .order_by(ResourceLink.id)))


def members_with_people(db: Session, context_pk: int) -> list[Membership]:
    """A course's memberships, oldest first, each with its person loaded (pages show names)."""
    return list(db.scalars(select(Membership).where(Membership.context_pk == context_pk)
                           .options(selectinload(Membership.person)).order_by(Membership.id)))
