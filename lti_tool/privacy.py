"""Privacy operations (GDPR): what the tool holds about a person, erasure that keeps aggregate
reports and certificate verification consistent, and retention.

Erasure pseudonymises: name, e-mail, employee number and manager link are removed; the LMS's own
pseudonymous subject id stays, because certificates and the statement trail (LRS) are keyed to it.
Department, location, function group and risk class stay so aggregate reports do not shift; the
public verification page then shows "(name not shared)".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from .audit import record
from .db.models import (
    Accommodation,
    Attempt,
    AuditEntry,
    Certificate,
    Membership,
    Person,
    Platform,
    Response,
    RoleGrant,
    Statement,
)

ERASED_FIELDS = ("name", "email", "employee_number", "manager_employee_number")


def _plain(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for column in row.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(row, column.key)
        out[column.key] = value.isoformat() if isinstance(value, dt.date | dt.datetime) else value
    return out


def access_export(db: Session, person: Person) -> dict[str, Any]:
    """Everything the tool holds about one person (an access request, art. 15 GDPR)."""
    platform = db.get(Platform, person.platform_id)
    attempts = list(db.scalars(select(Attempt).where(Attempt.person_id == person.id)))
    return {
        "person": _plain(person),
        "platform": {"issuer": platform.issuer if platform else None},
        "memberships": [_plain(m) for m in db.scalars(select(Membership).where(Membership.person_id == person.id))],
        "attempts": [{**_plain(a), "responses": [_plain(r) for r in a.responses]} for a in attempts],
        "certificates": [_plain(c) for c in db.scalars(select(Certificate).where(Certificate.person_id == person.id))],
        "statements": [s.body for s in db.scalars(select(Statement).where(Statement.person_id == person.id))],
        "accommodations": [_plain(a) for a in db.scalars(select(Accommodation).where(
            Accommodation.person_id == person.id))],
        "roles": [r.role for r in db.scalars(select(RoleGrant).where(RoleGrant.person_id == person.id))],
        # the subject alone is not unique: another platform may have a person with the same sub
        "audit": [_plain(e) for e in db.scalars(select(AuditEntry).where(or_(
            AuditEntry.actor_person_id == person.id,
            and_(AuditEntry.subject == person.subject, AuditEntry.platform_id == person.platform_id))))],
    }


def erase(db: Session, person: Person, by: str, now: dt.datetime) -> dict[str, Any]:
    """Pseudonymise a person (right to erasure) without breaking reports or certificate checks."""
    before = {field: getattr(person, field) is not None for field in ERASED_FIELDS}
    for field in ERASED_FIELDS:
        setattr(person, field, None)
    person.lms_attributes = None
    person.erased_at = now  # their open sessions end with their next request
    db.execute(delete(Accommodation).where(Accommodation.person_id == person.id))
    db.execute(update(Response).where(Response.attempt_id.in_(
        select(Attempt.id).where(Attempt.person_id == person.id))).values(response=[]))
    record(db, "person.erased", person.subject, before=before, after={"erased_at": now.isoformat()},
           platform_id=person.platform_id, actor=by)
    return {"subject": person.subject, "fields_cleared": [f for f, had in before.items() if had]}


def purge(db: Session, *, answers_days: int, journal_days: int, leavers_days: int, now: dt.datetime,
          keep_verbs: list[str]) -> dict[str, int]:
    """Apply the retention periods: answer content of old attempts, delivered statements in the
    journal (certificate statements are kept: certification is derived from them) and the
    personal details of people who left long enough ago."""
    old = now - dt.timedelta(days=answers_days)
    answers = db.execute(update(Response).where(Response.attempt_id.in_(
        select(Attempt.id).where(Attempt.submitted_at < old))).values(response=[])).rowcount
    statements = db.execute(delete(Statement).where(
        Statement.status == "sent", Statement.sent_at < now - dt.timedelta(days=journal_days),
        Statement.verb.not_in(keep_verbs))).rowcount
    cutoff = (now - dt.timedelta(days=leavers_days)).date()
    leavers = 0
    for person in db.scalars(select(Person).where(Person.left_on.is_not(None), Person.left_on < cutoff,
                                                  or_(*(getattr(Person, f).is_not(None) for f in ERASED_FIELDS)))):
        erase(db, person, "retention", now)
        leavers += 1
    return {"answers": answers, "statements": statements, "leavers": leavers}
