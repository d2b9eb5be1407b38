"""Synchronising a course roster from NRPS: who is expected to take the exam.

A fetch reads every page of the course's roster; storing it adds or updates each member and marks members
the roster no longer lists as left (``Deleted``), so the coverage denominator follows the course. The worker
fetches each known course's roster every ``roster_sync_hours`` and a new course in its next round
(``sync_due_rosters``); staff can fetch one at once from the course page, and ``flask roster sync`` too.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..db import Database
from ..db.models import Context, Platform, utcnow
from ..db.repositories import active_member_ids, claim_due_roster, mark_left, upsert_membership, upsert_person
from ..errors import UserError
from ..metrics import count
from ..settings import Settings
from .keys import SigningKey, signing_key
from .nrps import fetch_members
from .services import PlatformServices

log = logging.getLogger(__name__)
#: after a failed fetch the worker tries that course again this much later
RETRY_AFTER = dt.timedelta(hours=1)


@dataclass(frozen=True)
class RosterReport:
    members: int
    active: int
    joined: int = 0  # active now, not before
    left: int = 0  # listed before, not any more


def fetch_roster(platform: Platform, context: Context, key: SigningKey, settings: Settings) -> list[dict]:
    if not context.memberships_url:
        raise UserError(_("The platform did not offer its roster service (NRPS) for this course. "
                          "Enable \"Names and roles\" for the tool in the LMS and launch again."), 409)
    with PlatformServices(platform, key, settings) as services:
        return fetch_members(services, context.memberships_url)


def store_roster(db: Session, context: Context, members: list[dict], fetched_at: dt.datetime | None = None,
                 every_hours: int = 0) -> RosterReport:
    """Store a complete roster fetched at ``fetched_at`` (default: now); ``every_hours`` > 0 sets the next
    scheduled fetch."""
    now = utcnow()
    before = active_member_ids(db, context.id)
    present: set[int] = set()
    active = 0
    for member in members:
        user_id = member.get("user_id")
        if not user_id:
            continue
        person = upsert_person(db, context.platform_id, str(user_id), name=member.get("name"),
                               email=member.get("email"), now=now)
        status = member.get("status", "Active")
        active += status == "Active"
        if status == "Active":
            present.add(person.id)
        upsert_membership(db, context, person, member.get("roles", []), source="nrps", status=status, now=now)
    left = mark_left(db, context.id, fetched_at or now)
    context.roster_synced_at = now
    if every_hours > 0:
        context.roster_due_at = now + dt.timedelta(hours=every_hours)
    return RosterReport(len(members), active, len(present - before), left)


def sync_due_rosters(database: Database, settings: Settings, rounds: int = 5) -> list[RosterReport]:
    """Fetch up to ``rounds`` due course rosters, one at a time (each claimed first, so several workers
    share the work); a course whose LMS fails is logged and tried again after ``RETRY_AFTER``."""
    if settings.roster_sync_hours <= 0:
        return []
    reports = []
    for _round in range(rounds):
        now = utcnow()
        with database.transaction() as db:
            context_pk = claim_due_roster(db, now, now + RETRY_AFTER)
            if context_pk is None:
                break
            context = db.get(Context, context_pk)
            platform = db.get(Platform, context.platform_id)
            key = signing_key(db)
            db.expunge_all()  # read after this unit of work
        try:
            members = fetch_roster(platform, context, key, settings)
        except Exception as exc:
            count("rosters", "failed")
            log.warning("roster fetch failed", extra={"context_pk": context_pk, "error": str(exc)[:300]})
            continue
        with database.transaction() as db:
            reports.append(store_roster(db, db.merge(context), members, now, settings.roster_sync_hours))
        count("rosters", "synced")
    return reports
