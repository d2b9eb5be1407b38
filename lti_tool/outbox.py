"""Delivering the outboxes: statements to the LRS, scores to the platforms' gradebooks.

Both are written in the transaction of the change that caused them; these senders run after
it, from the CLI (``flask xapi send``, ``flask grades send``), a background thread, or a
separate worker process. Several may run at once: rows are leased with ``SKIP LOCKED``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from xapi.lrs_client import LrsClient
from xapi.sender import DeliveryReport, backoff, deliver

from .db import Database
from .db.models import Attempt, Context, Platform, ResourceLink, ScoreOutbox, Statement, utcnow
from .db.repositories import claim_due
from .egress import egress_transport
from .grade_sync import held_by_stop
from .lti import ags
from .lti.keys import signing_key
from .lti.services import PlatformServices, ServiceError
from .settings import Settings

log = logging.getLogger(__name__)
LEASE = dt.timedelta(seconds=120)


class SqlStatementOutbox:
    def __init__(self, db: Database, max_tries: int) -> None:
        self.db = db
        self.max_tries = max_tries

    def claim(self, limit: int, now: dt.datetime) -> list[tuple[str, Mapping[str, Any]]]:
        """Lease due statements (plain rows: the bodies go straight to the LRS)."""
        with self.db.transaction() as session:
            rows = session.execute(
                select(Statement.id, Statement.body).where(Statement.status == "pending",
                                                           Statement.next_attempt_at <= now)
                .order_by(Statement.created_at).limit(limit).with_for_update(skip_locked=True)).all()
            if rows:
                session.execute(update(Statement).where(Statement.id.in_([r.id for r in rows]))
                                .values(next_attempt_at=now + LEASE, tries=Statement.tries + 1))
            return [(row.id, row.body) for row in rows]

    def mark_sent(self, ids: Sequence[str], now: dt.datetime) -> None:
        with self.db.transaction() as session:
            session.execute(update(Statement).where(Statement.id.in_(list(ids)))
                            .values(status="sent", sent_at=now, last_error=None))

    def mark_failed(self, ids: Sequence[str], error: str, now: dt.datetime, permanent: bool) -> None:
        with self.db.transaction() as session:
            for row in session.scalars(select(Statement).where(Statement.id.in_(list(ids)))):
                row.last_error = error[:2000]
                if permanent or row.tries >= self.max_tries:
                    row.status = "failed"
                else:
                    row.next_attempt_at = now + backoff(row.tries)


def send_statements(db: Database, settings: Settings, now: dt.datetime | None = None) -> DeliveryReport:
    if not settings.lrs_endpoint:
        return DeliveryReport(errors=["no LRS configured (AIDIP_LRS_ENDPOINT)"])
    with LrsClient(settings.lrs_endpoint, settings.lrs_username, settings.lrs_password,
                   timeout=settings.lrs_timeout, transport=egress_transport(settings, settings.lrs_timeout)) as client:
        return deliver(SqlStatementOutbox(db, settings.outbox_max_attempts), client,
                       settings.lrs_batch_size, now or utcnow())


@dataclass
class ScoreReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    held: int = 0  #: not sent: grade sync of the line item is stopped for the attempt's date


#: platform answers after which resending the same score cannot succeed
PERMANENT = {400, 403, 404, 405, 410, 422}


def send_scores(db: Database, settings: Settings, now: dt.datetime | None = None,
                limit: int = 200, ids: Sequence[int] | None = None) -> ScoreReport:
    """Post due scores (only ``ids`` when given). Each score carries the submission time as its
    timestamp, so a retry of the same score is ignored by the platform (AGS: not newer than the
    stored one); a resend from the grade sync page carries the time it was asked for.
    A score whose line item stopped syncing before its attempt was submitted is held, not sent.
    No database transaction is held while a platform is called."""
    now = now or utcnow()
    report = ScoreReport()
    with db.transaction() as session:
        claimed = [row.id for row in claim_due(session, ScoreOutbox, limit, now, LEASE, ids)]
        key = signing_key(session)
    for row_id in claimed:
        with db.session() as session:
            row = session.get(ScoreOutbox, row_id)
            platform = session.get(Platform, row.platform_id) if row else None
            if row is None or platform is None:
                continue
            stopped = held_by_stop(session, row)
            session.expunge_all()
        if stopped is not None:
            with db.transaction() as session:
                held = session.get(ScoreOutbox, row_id)
                assert held is not None
                held.status, held.tries = "held", max(held.tries - 1, 0)
                held.last_error = f"grade sync stopped after {stopped.isoformat()}"
            report.held += 1
            continue
        lineitem = row.lineitem_url
        try:
            with PlatformServices(platform, key, settings) as services:
                if not lineitem:
                    lineitem = _resolve_lineitem(db, services, row)
                status: int | None = ags.post_score(services, lineitem, row.payload)
            error = None if status is not None and 200 <= status < 300 else f"platform answered {status}"
        except ServiceError as exc:
            status, error = exc.status, str(exc)
        with db.transaction() as session:
            stored = session.get(ScoreOutbox, row_id)
            assert stored is not None
            stored.last_status, stored.lineitem_url = status, lineitem
            if error is None:
                stored.status, stored.sent_at, stored.last_error = "sent", now, None
                report.sent += 1
                continue
            stored.last_error = error
            report.failed += 1
            report.errors.append(f"score {row_id}: {error}")
            if status in PERMANENT or stored.tries >= settings.outbox_max_attempts:
                stored.status = "failed"
            else:
                stored.next_attempt_at = now + backoff(stored.tries)
    return report


def _resolve_lineitem(db: Database, services: PlatformServices, row: ScoreOutbox) -> str:
    """Links placed by hand (no line item in the launch): find or create the line item."""
    with db.session() as session:
        attempt = session.get(Attempt, row.attempt_id) if row.attempt_id else None
        link = session.get(ResourceLink, attempt.resource_link_pk) if attempt else None
        context = session.get(Context, link.context_pk) if link and link.context_pk else None
        if link is None or context is None or not context.lineitems_url:
            raise ServiceError("the platform gave no line item and no line items service for this link", 404)
        link_pk, lineitems_url = link.id, context.lineitems_url
        link_id, label, exam = link.resource_link_id, link.title or link.exam_key, link.exam_key
    url = ags.find_or_create_lineitem(services, lineitems_url, link_id, label,
                                      float(row.payload["scoreMaximum"]), exam)
    with db.transaction() as session:
        stored_link = session.get(ResourceLink, link_pk)
        if stored_link is not None:
            stored_link.lineitem_url = url
    return url
