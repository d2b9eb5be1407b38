"""The statement sender: journaled statements to the LRS, in batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy.orm import Session

from xapi.lrs_client import LrsClient
from xapi.sender import post_batch

from ..db import Database
from ..db.models import Statement, utcnow
from ..db.queries import statement_texts
from ..egress import egress_transport
from ..settings import Settings
from .engine import Limits, Outcome, Report, run

StatementJob = tuple[str, str]  #: the statement's id and its JSON text as journaled


class StatementSender:
    name = "statements"
    model = Statement
    deferred = ("body",)

    def __init__(self, client: LrsClient) -> None:
        self.client = client

    def prepare(self, session: Session, rows: list[Statement]) -> list[StatementJob]:
        texts = statement_texts(session, [row.id for row in rows])
        return [(row.id, texts[row.id]) for row in rows]

    def send(self, jobs: list[StatementJob]) -> Iterator[Outcome]:
        for delivery in post_batch(self.client, jobs):
            yield Outcome(delivery.ids, delivery.error, permanent=delivery.permanent, outage=delivery.outage,
                          note=delivery.note)


def send_statements(db: Database, settings: Settings, now: dt.datetime | None = None) -> Report:
    """Send every due statement (until the LRS fails to answer)."""
    if not settings.lrs_endpoint:
        return Report(errors=["no LRS configured (AIDIP_LRS_ENDPOINT)"])
    with LrsClient(settings.lrs_endpoint, settings.lrs_username, settings.lrs_password,
                   timeout=settings.lrs_timeout, transport=egress_transport(settings, settings.lrs_timeout)) as client:
        return run(db, StatementSender(client), now or utcnow(),
                   Limits(settings.lrs_batch_size, settings.outbox_max_attempts))
