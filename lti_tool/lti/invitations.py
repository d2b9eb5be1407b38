"""Registration by invitation only.

``flask platform invite`` makes a one-time token and prints the Dynamic Registration URL that
carries it (``/lti/register/<token>``); the LMS administrator pastes that URL into the LMS. Only a
valid, unused, unexpired token lets a platform register, and only the token's SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db.models import Platform, PlatformInvitation, utcnow
from ..errors import UserError

_DURATION = re.compile(r"^(\d{1,4})([mhd])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
MAX_VALIDITY = dt.timedelta(days=90)


def parse_validity(text: str) -> dt.timedelta:
    """``30m``, ``12h`` or ``7d`` (at most 90 days)."""
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a duration such as 30m, 12h or 7d")
    validity = dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if not dt.timedelta(minutes=1) <= validity <= MAX_VALIDITY:
        raise ValueError("an invitation is valid for at least one minute and at most 90 days")
    return validity


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_invitation(db: Session, validity: dt.timedelta, note: str = "", home: bool = False,
                      by: str = "", now: dt.datetime | None = None) -> tuple[str, PlatformInvitation]:
    """A new invitation; returns the token (shown once) and the stored row."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    row = PlatformInvitation(token_hash=_digest(token), note=note[:500], home=home, created_by=by[:255],
                             created_at=now, expires_at=now + validity)
    db.add(row)
    db.flush()
    return token, row


def registration_url(base_url: str, token: str) -> str:
    return f"{base_url}/lti/register/{token}"


def check_invitation(db: Session, token: str, now: dt.datetime | None = None,
                     lock: bool = False) -> PlatformInvitation:
    """The invitation ``token`` names, if it may still be used; a clear 4xx otherwise."""
    now = now or utcnow()
    query = select(PlatformInvitation).where(PlatformInvitation.token_hash == _digest(token))
    row = db.scalars(query.with_for_update() if lock else query).first()
    hint = _("Ask the tool administrator for a new registration URL (flask platform invite) and paste it "
             "into the LMS.")
    if row is None:
        raise UserError(_("This registration URL is not valid: the AI diploma registers only platforms it "
                          "invited."), 403, hint=hint)
    if row.used_at is not None:
        raise UserError(_("This registration URL has already been used; an invitation registers one "
                          "platform once."), 410, hint=hint)
    if row.expires_at <= now:
        raise UserError(_("This registration URL expired on %(when)s.",
                          when=row.expires_at.strftime("%Y-%m-%d %H:%M UTC")), 410, hint=hint)
    return row


def home_platform(db: Session) -> Platform | None:
    return db.scalars(select(Platform).where(Platform.is_home.is_(True))).first()


def list_invitations(db: Session) -> list[PlatformInvitation]:
    return list(db.scalars(select(PlatformInvitation).order_by(PlatformInvitation.id)))
