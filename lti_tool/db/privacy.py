"""The SQL of the privacy operations (``lti_tool.privacy``): a person's rows, erasure, retention."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from .models import (
    Accommodation,
    Attempt,
    AuditEntry,
    Certificate,
    KeyValue,
    MailOutbox,
    Membership,
    Person,
    Platform,
    Response,
    RoleGrant,
    ScoreOutbox,
    Statement,
    UsedNonce,
)

#: outbox states that are final: delivered, given up, or replaced by a newer score
FINISHED = ("sent", "failed", "superseded")


@dataclass(frozen=True)
class PersonalData:
    """Every row the tool holds about one person (an access request, art. 15 GDPR)."""

    platform: Platform | None
    memberships: list[Membership]
    attempts: list[Attempt]
    certificates: list[Certificate]
    statements: list[Statement]
    accommodations: list[Accommodation]
    roles: list[RoleGrant]
    audit: list[AuditEntry]


def personal_data(db: Session, person: Person) -> PersonalData:
    def of(model: Any) -> list[Any]:  # the rows of one table that name this person
        return list(db.scalars(select(model).where(model.person_id == person.id)))

    # the subject alone is not unique: another platform may have a person with the same sub
    audit = list(db.scalars(select(AuditEntry).where(or_(
        AuditEntry.actor_person_id == person.id,
        and_(AuditEntry.subject == person.subject, AuditEntry.platform_id == person.platform_id)))))
    return PersonalData(platform=db.get(Platform, person.platform_id), memberships=of(Membership),
                        attempts=of(Attempt), certificates=of(Certificate), statements=of(Statement),
                        accommodations=of(Accommodation), roles=of(RoleGrant), audit=audit)


def clear_answers_and_accommodations(db: Session, person_id: int) -> None:
    """Erasure: drop the person's extra-time arrangement and the content of their answers."""
    db.execute(delete(Accommodation).where(Accommodation.person_id == person_id))
    db.execute(update(Response).where(Response.attempt_id.in_(
        select(Attempt.id).where(Attempt.person_id == person_id))).values(response=[]))


def clear_answers_submitted_before(db: Session, before: dt.datetime) -> int:
    """Retention: the content of answers in attempts submitted before ``before``; how many answers."""
    return db.execute(update(Response).where(Response.attempt_id.in_(
        select(Attempt.id).where(Attempt.submitted_at < before))).values(response=[])).rowcount


def delete_delivered_statements(db: Session, sent_before: dt.datetime, keep_verbs: Sequence[str]) -> int:
    """Retention: journaled statements delivered before ``sent_before``, except ``keep_verbs``; how many."""
    return db.execute(delete(Statement).where(
        Statement.status == "sent", Statement.sent_at < sent_before,
        Statement.verb.not_in(list(keep_verbs)))).rowcount


def leavers_with_details(db: Session, left_before: dt.date, fields: Sequence[str]) -> list[Person]:
    """People who left before ``left_before`` and still have any of ``fields``."""
    return list(db.scalars(select(Person).where(Person.left_on.is_not(None), Person.left_on < left_before,
                                                or_(*(getattr(Person, f).is_not(None) for f in fields)))))


def delete_finished_outbox(db: Session, model: type[ScoreOutbox] | type[MailOutbox], created_before: dt.datetime
                           ) -> int:
    """Retention: score or mail outbox rows queued before ``created_before`` that are done with; how many."""
    return db.execute(delete(model).where(model.status.in_(FINISHED), model.created_at < created_before)).rowcount


def delete_used_nonces(db: Session, now: dt.datetime) -> int:
    """Nonces whose id_token has expired: a replay of it fails on its age already."""
    return db.execute(delete(UsedNonce).where(UsedNonce.expires_at <= now)).rowcount


def delete_expired_key_values(db: Session, now: dt.datetime) -> int:
    """Launch states, sessions and cached JWKS in the database store that have expired."""
    return db.execute(delete(KeyValue).where(KeyValue.expires_at <= now)).rowcount
