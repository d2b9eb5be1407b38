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

from sqlalchemy.orm import Session

from .audit import record
from .db import privacy as store
from .db.models import MailOutbox, Person, ScoreOutbox
from .settings import Settings

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
    data = store.personal_data(db, person)
    return {
        "person": _plain(person),
        "platform": {"issuer": data.platform.issuer if data.platform else None},
        "memberships": [_plain(m) for m in data.memberships],
        "attempts": [{**_plain(a), "responses": [_plain(r) for r in a.responses]} for a in data.attempts],
        "certificates": [_plain(c) for c in data.certificates],
        "statements": [s.body for s in data.statements],
        "accommodations": [_plain(a) for a in data.accommodations],
        "roles": [r.role for r in data.roles],
        "audit": [_plain(e) for e in data.audit],
    }


def erase(db: Session, person: Person, by: str, now: dt.datetime) -> dict[str, Any]:
    """Pseudonymise a person (right to erasure) without breaking reports or certificate checks."""
    before = {field: getattr(person, field) is not None for field in ERASED_FIELDS}
    for field in ERASED_FIELDS:
        setattr(person, field, None)
    person.lms_attributes = None
    person.erased_at = now  # their open sessions end with their next request
    store.clear_answers_and_accommodations(db, person.id)
    record(db, "person.erased", person.subject, before=before, after={"erased_at": now.isoformat()},
           platform_id=person.platform_id, actor=by)
    return {"subject": person.subject, "fields_cleared": [f for f, had in before.items() if had]}


def purge(db: Session, *, answers_days: int, journal_days: int, leavers_days: int, now: dt.datetime,
          keep_verbs: list[str], outbox_days: int | None = None) -> dict[str, int]:
    """Apply the retention periods: answer content of old attempts, delivered statements in the
    journal (certificate statements are kept: certification is derived from them), the
    personal details of people who left long enough ago; with ``outbox_days`` also finished score and mail
    outbox rows, used nonces past their validity and expired entries of the database key-value store."""
    answers = store.clear_answers_submitted_before(db, now - dt.timedelta(days=answers_days))
    statements = store.delete_delivered_statements(db, now - dt.timedelta(days=journal_days), keep_verbs)
    cutoff = (now - dt.timedelta(days=leavers_days)).date()
    leavers = 0
    for person in store.leavers_with_details(db, cutoff, ERASED_FIELDS):
        erase(db, person, "retention", now)
        leavers += 1
    counts = {"answers": answers, "statements": statements, "leavers": leavers}
    if outbox_days is not None:
        queued_before = now - dt.timedelta(days=outbox_days)
        counts.update(scores=store.delete_finished_outbox(db, ScoreOutbox, queued_before),
                      mails=store.delete_finished_outbox(db, MailOutbox, queued_before),
                      nonces=store.delete_used_nonces(db, now), key_values=store.delete_expired_key_values(db, now))
    return counts


def retention_purge(db: Session, settings: Settings, keep_verbs: list[str], now: dt.datetime) -> dict[str, int]:
    """Every retention period of the settings (``AIDIP_RETENTION_*``), as ``flask privacy purge`` and the worker's
    daily run apply them."""
    return purge(db, answers_days=settings.retention_answers_days, journal_days=settings.retention_journal_days,
                 leavers_days=settings.retention_leavers_days, now=now, keep_verbs=keep_verbs,
                 outbox_days=settings.retention_outbox_days)


def describe_purge(counts: dict[str, int]) -> str:
    """One line for the CLI and the worker's log."""
    line = (f"purged answers of {counts['answers']} questions, {counts['statements']} statements; "
            f"pseudonymised {counts['leavers']} leavers")
    if "scores" in counts:
        line += (f"; removed {counts['scores']} score and {counts['mails']} mail outbox rows, "
                 f"{counts['nonces']} used nonces, {counts['key_values']} expired key-values")
    return line
