"""The rows grade sync reads and changes: a link's learners, attempts and score outbox rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Attempt, Membership, ScoreOutbox


def course_members(session: Session, context_pk: int) -> list[Membership]:
    return list(session.scalars(select(Membership).where(Membership.context_pk == context_pk)))


def submitted_attempts(session: Session, link_id: int) -> list[Attempt]:
    """Every submitted attempt on a link, oldest submission first."""
    return list(session.scalars(select(Attempt).where(Attempt.resource_link_pk == link_id,
                                                      Attempt.submitted_at.is_not(None))
                                .order_by(Attempt.submitted_at)))


def attempts_at_exams(session: Session, person_ids: Iterable[int], exam_keys: Iterable[str]) -> list[Attempt]:
    """Every attempt of these people at these exams, on whichever link, oldest first (their retake states)."""
    return list(session.scalars(select(Attempt).where(Attempt.person_id.in_(list(person_ids)),
                                                      Attempt.exam_key.in_(list(exam_keys)))
                                .order_by(Attempt.started_at)))


def score_rows(session: Session, attempt_ids: Iterable[int]) -> list[ScoreOutbox]:
    """The score rows of these attempts, oldest first."""
    return list(session.scalars(select(ScoreOutbox).where(ScoreOutbox.attempt_id.in_(list(attempt_ids)))
                                .order_by(ScoreOutbox.id)))


def used_request_keys(session: Session, keys: Iterable[str]) -> set[str]:
    return set(session.scalars(select(ScoreOutbox.request_key).where(ScoreOutbox.request_key.in_(list(keys)))))


def unsent_rows(session: Session, attempt_id: int, unsent: Sequence[str]) -> list[ScoreOutbox]:
    return list(session.scalars(select(ScoreOutbox).where(ScoreOutbox.attempt_id == attempt_id,
                                                          ScoreOutbox.status.in_(unsent))))


def unsent_rows_of_link(session: Session, link_id: int, unsent: Sequence[str]) -> list[ScoreOutbox]:
    attempt_ids = select(Attempt.id).where(Attempt.resource_link_pk == link_id)
    return list(session.scalars(select(ScoreOutbox).where(ScoreOutbox.attempt_id.in_(attempt_ids),
                                                          ScoreOutbox.status.in_(unsent))))


def held_rows_of_link(session: Session, link_id: int) -> list[ScoreOutbox]:
    return list(session.scalars(select(ScoreOutbox).join(Attempt, Attempt.id == ScoreOutbox.attempt_id)
                                .where(Attempt.resource_link_pk == link_id, ScoreOutbox.status == "held")))
