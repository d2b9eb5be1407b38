"""The mail sender: reminder messages to managers, one message per SMTP conversation.

A message refused for good (5xx, recipient refused) is parked at once; an unreachable server is an
outage: the round stops and the rows are tried again after the engine's backoff. The egress guard
refusing the mail server is permanent: it will refuse it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..db import Database
from ..db.models import MailOutbox, utcnow
from ..egress import REASONS, EgressRefused
from ..mail import MailError, build, deliver, sending_on
from ..settings import Settings
from .engine import Limits, Outcome, Report, run


@dataclass(frozen=True)
class MailJob:
    id: int
    recipient: str
    recipient_name: str
    subject: str
    body: str


class MailSender:
    name = "mail"
    model = MailOutbox
    deferred = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def prepare(self, session: Session, rows: list[MailOutbox]) -> list[MailJob]:
        return [MailJob(row.id, row.recipient, row.recipient_name, row.subject, row.body) for row in rows]

    def send(self, jobs: list[MailJob]) -> Iterator[Outcome]:
        for job in jobs:
            message = build(self.settings, job.recipient, job.recipient_name, job.subject, job.body)
            try:
                deliver(self.settings, message)
            except EgressRefused as exc:
                error = f"mail server refused by the egress guard: {REASONS.get(exc.reason, exc.reason)}"
                yield Outcome([job.id], error, permanent=True, note=f"mail {job.id}: {error}")
            except MailError as exc:
                yield Outcome([job.id], str(exc), permanent=exc.permanent, outage=not exc.permanent,
                              note=f"mail {job.id} to {job.recipient}: {exc}")
            else:
                yield Outcome([job.id])


def send_mail(db: Database, settings: Settings, now: dt.datetime | None = None, limit: int = 50) -> Report:
    """Deliver due reminder mails (none when no mail server is configured: they wait)."""
    if not sending_on(settings):
        return Report()
    return run(db, MailSender(settings), now or utcnow(), Limits(limit, settings.outbox_max_attempts))
