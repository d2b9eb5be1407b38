"""The score sender: grades to the platforms' gradebooks (AGS), one score per request.

Each score carries the submission time as its timestamp, so a retry of the same score is ignored
by the platform (AGS: not newer than the stored one); a resend from the grade sync page carries
the time it was asked for. A score whose line item stopped syncing before its attempt was
submitted is held, not sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from ..db import Database
from ..db.models import Attempt, Context, Platform, ResourceLink, ScoreOutbox, utcnow
from ..grade_sync import held_by_stop
from ..lti import ags
from ..lti.keys import SigningKey, signing_key
from ..lti.services import PlatformServices, ServiceError
from ..settings import Settings
from .engine import Limits, Outcome, Report, run

#: platform answers after which resending the same score cannot succeed
PERMANENT = {400, 403, 404, 405, 410, 422}


@dataclass(frozen=True)
class LinkTarget:
    """Where to find or create the line item of a link placed by hand (no line item in the launch)."""

    link_pk: int
    lineitems_url: str
    resource_link_id: str
    label: str
    exam: str


@dataclass(frozen=True)
class ScoreJob:
    id: int
    platform: Platform  #: detached: read before the claim's unit of work ended
    key: SigningKey
    lineitem_url: str
    payload: dict[str, Any]
    stopped: dt.date | None  #: grade sync of the line item stopped after this day
    target: LinkTarget | None  #: only when ``lineitem_url`` is empty


class ScoreSender:
    name = "scores"
    model = ScoreOutbox
    deferred = ()

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def prepare(self, session: Session, rows: list[ScoreOutbox]) -> list[ScoreJob]:
        key = signing_key(session)
        jobs = []
        for row in rows:
            platform = session.get(Platform, row.platform_id)
            if platform is None:
                continue
            jobs.append(ScoreJob(row.id, platform, key, row.lineitem_url, dict(row.payload),
                                 held_by_stop(session, row), None if row.lineitem_url else _target(session, row)))
        return jobs

    def send(self, jobs: list[ScoreJob]) -> Iterator[Outcome]:
        for job in jobs:
            yield self._send(job)

    def _send(self, job: ScoreJob) -> Outcome:
        if job.stopped is not None:
            return Outcome([job.id], f"grade sync stopped after {job.stopped.isoformat()}", held=True)
        lineitem, also = job.lineitem_url, None
        try:
            with PlatformServices(job.platform, job.key, self.settings) as services:
                if not lineitem:
                    lineitem = _resolve_lineitem(services, job)
                    also = partial(_store_lineitem, job.target, lineitem)
                status: int | None = ags.post_score(services, lineitem, job.payload)
            error = None if status is not None and 200 <= status < 300 else f"platform answered {status}"
        except ServiceError as exc:
            status, error = exc.status, str(exc)
        return Outcome([job.id], error, permanent=status in PERMANENT, note=error and f"score {job.id}: {error}",
                       columns={"last_status": status, "lineitem_url": lineitem}, also=also)


def _target(session: Session, row: ScoreOutbox) -> LinkTarget | None:
    attempt = session.get(Attempt, row.attempt_id) if row.attempt_id else None
    link = session.get(ResourceLink, attempt.resource_link_pk) if attempt else None
    context = session.get(Context, link.context_pk) if link and link.context_pk else None
    if link is None or context is None or not context.lineitems_url:
        return None
    return LinkTarget(link.id, context.lineitems_url, link.resource_link_id, link.title or link.exam_key,
                      link.exam_key)


def _resolve_lineitem(services: PlatformServices, job: ScoreJob) -> str:
    """Links placed by hand: find or create the line item."""
    target = job.target
    if target is None:
        raise ServiceError("the platform gave no line item and no line items service for this link", 404)
    return ags.find_or_create_lineitem(services, target.lineitems_url, target.resource_link_id, target.label,
                                       float(job.payload["scoreMaximum"]), target.exam)


def _store_lineitem(target: LinkTarget | None, url: str, session: Session) -> None:
    link = session.get(ResourceLink, target.link_pk) if target else None
    if link is not None:
        link.lineitem_url = url


def send_scores(db: Database, settings: Settings, now: dt.datetime | None = None,
                limit: int = 200, ids: Sequence[int] | None = None) -> Report:
    """Post due scores (only ``ids`` when given), up to ``limit`` in one round."""
    return run(db, ScoreSender(settings), now or utcnow(),
               Limits(limit, settings.outbox_max_attempts, max_batches=1, ids=ids))
