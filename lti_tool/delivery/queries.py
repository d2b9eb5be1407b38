"""What the exam pages read besides the attempt itself (see ``operations``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Attempt, Context, ExamFeedback, Person, Platform, ResourceLink


def statement_context(db: Session, attempt: Attempt) -> tuple[Platform, Person, ResourceLink, Context | None]:
    """In one round trip, what every answer's statement names (this runs on every autosave)."""
    platform, person, link, context = db.execute(
        select(Platform, Person, ResourceLink, Context).select_from(ResourceLink)
        .join(Platform, Platform.id == ResourceLink.platform_id)
        .join(Person, Person.id == attempt.person_id)
        .outerjoin(Context, Context.id == ResourceLink.context_pk)
        .where(ResourceLink.id == attempt.resource_link_pk)).one()
    return platform, person, link, context


def platform_of(db: Session, attempt: Attempt) -> Platform:
    platform = db.get(Platform, attempt.platform_id)
    assert platform is not None
    return platform


def has_feedback(db: Session, attempt_id: str) -> bool:
    """Whether the employee rated this attempt's exam already."""
    return db.scalar(select(ExamFeedback.id).where(ExamFeedback.attempt_id == attempt_id)) is not None
