"""Synchronising a course roster from NRPS: who is expected to take the exam."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..db.models import Context, Platform, utcnow
from ..db.repositories import upsert_membership, upsert_person
from ..errors import UserError
from ..settings import Settings
from .keys import SigningKey
from .nrps import fetch_members
from .services import PlatformServices


@dataclass(frozen=True)
class RosterReport:
    members: int
    active: int


def fetch_roster(platform: Platform, context: Context, key: SigningKey, settings: Settings) -> list[dict]:
    if not context.memberships_url:
        raise UserError(_("The platform did not offer its roster service (NRPS) for this course. "
                          "Enable \"Names and roles\" for the tool in the LMS and launch again."), 409)
    with PlatformServices(platform, key, settings) as services:
        return fetch_members(services, context.memberships_url)


def store_roster(db: Session, context: Context, members: list[dict]) -> RosterReport:
    now = utcnow()
    active = 0
    for member in members:
        user_id = member.get("user_id")
        if not user_id:
            continue
        person = upsert_person(db, context.platform_id, str(user_id), name=member.get("name"),
                               email=member.get("email"), now=now)
        status = member.get("status", "Active")
        active += status == "Active"
        upsert_membership(db, context, person, member.get("roles", []), source="nrps", status=status, now=now)
    context.roster_synced_at = now
    return RosterReport(len(members), active)
