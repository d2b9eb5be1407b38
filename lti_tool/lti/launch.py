"""One LTI launch after its message is validated: sync → session → dispatch by message type (after django-lti).

``lti/views.launch`` parses the request, calls ``validate`` and ``run``, and redirects to the page ``run`` returns.
``run`` is one unit of work: the nonce is consumed, the person, course, membership and link are written, the
session is started and the handler of the message type runs (for an exam: the start page, or the open attempt
resumed with its ``launched`` statement). Roles
come from the course roles of the launch and the organisation's grants (``principal``), never from the launch
alone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask.sessions import SessionMixin
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from sqlalchemy.orm import Session

from ..db.models import Context, Person, Platform, ResourceLink
from ..db.principals import new_person_principal, principal_row
from ..db.repositories import (
    course_and_link,
    upsert_context,
    upsert_membership,
    upsert_person_created,
    upsert_resource_link,
)
from ..delivery.start import Launched, first_open, resume_at_launch
from ..errors import Forbidden, UserError
from ..metrics import count
from ..permissions import Permission, Role, course_roles, has
from ..principal import organisation_roles
from ..request import supported_locale
from ..services import Services
from ..sessions import start as start_fresh_session
from .claims import Launch, parse_launch
from .launch_validation import ToolMessageLaunch

DEEP_LINKING = "LtiDeepLinkingRequest"
RESOURCE_LINK = "LtiResourceLinkRequest"

#: where a launch that is not an exam goes, by the first permission the person's roles grant
LANDINGS = ((Permission.VIEW_COURSE, "staff.link"), (Permission.VIEW_REPORTS, "reports.overview"),
            (Permission.VIEW_AGGREGATES, "reports.overview"), (Permission.VIEW_TEAM, "reports.overview"),
            (Permission.VIEW_BANK, "authoring.items"), (Permission.VIEW_POLICIES, "governance.policies"),
            (Permission.MANAGE_ROLES, "governance.roles"), (Permission.RATE_ITEMS, "standards.panel"),
            (Permission.VIEW_OWN_STATUS, "me.status"))


@dataclass(frozen=True)
class ValidatedLaunch:
    """What validation produced: the checked message (its platform, its nonce still to consume) and its claims."""

    message: ToolMessageLaunch
    claims: Launch


@dataclass(frozen=True)
class LaunchContext:
    """Who launched from where, once the launch is synced: the rows it wrote and the roles it resolved."""

    db: Session
    svc: Services
    claims: Launch
    platform: Platform
    person: Person
    context: Context | None
    course: frozenset[Role]  # from the launch, in this course only
    organisation: frozenset[Role]  # from the grants and the HR file
    locale: str
    now: dt.datetime
    new_person: bool = False  # created by this launch: no attempt of theirs can exist yet
    known_link: ResourceLink | None = None  # the exam link, read with the course when both existed

    @property
    def roles(self) -> list[Role]:
        return sorted(self.course | self.organisation)

    @property
    def home(self) -> bool:
        return bool(self.platform.is_home)

    @property
    def takes_exam(self) -> bool:
        """An employee opening an exam link. Course staff and anyone holding an organisation role (HR, a line
        manager, the CISO, a panel member, …) land on their own pages instead and may preview the exam; from
        the preview, one who is also a learner here can still start it themselves."""
        return (self.claims.message_type != DEEP_LINKING and Role.EMPLOYEE in self.course
                and not self.organisation and not has(Permission.VIEW_COURSE, self.roles, self.home))


def validate(svc: Services, state: dict[str, Any] | None, form: Mapping[str, str], cookies: Mapping[str, str],
             *, storage_verified: bool) -> ValidatedLaunch:
    """pylti1p3's checks and ours (``launch_validation``). Validation only reads (the JWKS cache may write to the
    shared store); the launch's effects are ``run``'s one unit of work. Its one read needs no transaction."""
    with svc.db.autocommit() as db:
        message = ToolMessageLaunch(db, state, svc.platform_keys, form, cookies,
                                    storage_verified=storage_verified).validate()
        return ValidatedLaunch(message, parse_launch(message.claims))


def run(svc: Services, launch: ValidatedLaunch, session: SessionMixin, now: dt.datetime) -> str:
    """Consume the nonce, sync, start the session and dispatch, in one unit of work; the URL to go to."""
    with svc.db.transaction() as db:
        launch.message.consume_nonce(db)
        ctx = sync(db, svc, launch, now)
        sid = start_session(ctx, session)
        return handler_for(launch.claims.message_type)(ctx, sid, session)


def sync(db: Session, svc: Services, launch: ValidatedLaunch, now: dt.datetime) -> LaunchContext:
    """Write what the launch says about the person, the course and the membership; resolve the roles."""
    claims = launch.claims
    assert launch.message.platform is not None  # validation found it
    platform = db.merge(launch.message.platform, load=False)
    locale = supported_locale(claims.locale, svc.settings.default_locale)
    person, created = upsert_person_created(db, platform.id, claims.subject, name=claims.name, email=claims.email,
                                            attributes=claims.person_attributes, locale=locale, now=now,
                                            launched=True)
    known = course_and_link(db, platform.id, claims.context_id, claims.resource_link_id) \
        if claims.context_id and claims.resource_link_id else None
    context = _sync_course(db, platform, person, claims, now, known[0] if known else None)
    course = frozenset(course_roles(claims.roles))
    row = new_person_principal(platform, person) if created else None
    row = row or principal_row(db, platform.id, person.id)
    assert row is not None
    organisation = frozenset(organisation_roles(row))
    if not course | organisation:
        raise Forbidden(_("Your role in this course (%(roles)s) has no access to the AI diploma.",
                          roles=", ".join(r.rsplit("#", 1)[-1] for r in claims.roles) or "-"))
    return LaunchContext(db, svc, claims, platform, person, context, course, organisation, locale, now, created,
                         known[1] if known else None)


def _sync_course(db: Session, platform: Platform, person: Person, claims: Launch, now: dt.datetime,
                 known: Context | None) -> Context | None:
    if not claims.context_id:
        return None
    context = upsert_context(db, platform.id, claims.deployment_id, claims.context_id, claims.context_label,
                             claims.context_title, claims.memberships_url, claims.lineitems_url, known)
    upsert_membership(db, context, person, claims.roles, source="launch", now=now)
    return context


def start_session(ctx: LaunchContext, session: SessionMixin) -> str:
    """A fresh session (no fixation) with what the launch established; its id. Staff sessions are shorter:
    their URLs open reports and exports, not one exam."""
    sid = start_fresh_session(session, ttl=None if ctx.takes_exam else ctx.svc.settings.staff_session_ttl)
    session.update(platform_id=ctx.platform.id, person_id=ctx.person.id, course_roles=_names(ctx.course),
                   org_roles=_names(ctx.organisation), context_pk=ctx.context.id if ctx.context else None,
                   locale=ctx.locale, xapi_session=str(uuid.uuid4()), since=ctx.now.timestamp())
    generate_csrf()  # the form token's secret now: the first page with a form need not write the session again
    return sid


def _names(roles: Iterable[Role]) -> list[str]:
    return [str(r) for r in roles]


Handler = Callable[[LaunchContext, str, MutableMapping[str, Any]], str]


def handler_for(message_type: str | None) -> Handler:
    """The handler of a message type; anything but deep linking opens its resource link."""
    return handle_deep_linking if message_type == DEEP_LINKING else handle_resource_link


def handle_deep_linking(ctx: LaunchContext, sid: str, session: MutableMapping[str, Any]) -> str:
    """Course staff choose an exam to place: keep the platform's deep-linking settings for the return."""
    if not has(Permission.PLACE_EXAM, ctx.roles, ctx.home):
        raise Forbidden(_("Only course staff can place an exam."))
    session["deep_link"] = {"settings": dict(ctx.claims.deep_linking or {}),
                            "deployment_id": ctx.claims.deployment_id}
    return url_for("staff.deep_link", sid=sid)


def handle_resource_link(ctx: LaunchContext, sid: str, session: MutableMapping[str, Any]) -> str:
    """An exam link: the employee's exam, or for everyone else the first page their roles open."""
    claims = ctx.claims
    if not claims.resource_link_id:
        raise UserError(_("The launch has no resource link."), 400)
    link = upsert_resource_link(ctx.db, ctx.platform.id, ctx.context, claims.resource_link_id,
                                claims.resource_link_title, claims.exam_key, claims.lineitem_url, claims.ags_scopes,
                                ctx.known_link)
    session["link_pk"] = link.id
    if ctx.takes_exam or Role.EMPLOYEE in ctx.course:  # staff who started it themselves (preview) resume too
        resumed = resume_exam(ctx, link, sid, session)
        if resumed is not None:
            return resumed
    if ctx.takes_exam:  # the start page: nothing is drawn, stored or journaled until its Start button
        return url_for("delivery.start", sid=sid)
    return landing(sid, ctx.roles, ctx.home)


def resume_exam(ctx: LaunchContext, link: ResourceLink, sid: str, session: MutableMapping[str, Any]) -> str | None:
    """An open attempt goes straight back in (``launched`` journaled, same unit of work): its first open
    question. None when there is no open attempt (none can exist for a person this launch created)."""
    if ctx.new_person:
        return None
    who = Launched(ctx.platform, ctx.person, link, ctx.context, session["xapi_session"])
    attempt = resume_at_launch(ctx.db, ctx.svc, who, ctx.now)
    if attempt is None:
        return None
    count("attempts", "resumed")
    return url_for("delivery.question", sid=sid, attempt_id=attempt.id, position=first_open(attempt))


def landing(sid: str, roles: Iterable[Role], home: bool) -> str:
    """The first page this person may see (HR, an auditor or the board have no course page)."""
    for permission, endpoint in LANDINGS:
        if has(permission, roles, home):
            return url_for(endpoint, sid=sid)
    raise Forbidden(_("Your role in this course gives no access to the AI diploma. Ask the tool administrator "
                      "for a role."))
