"""HTTP endpoints of the LTI protocol: login, launch, JWKS, registration, configuration."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, jsonify, make_response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from .. import sessions
from ..db.models import utcnow
from ..db.repositories import (
    principal_row,
    upsert_context,
    upsert_membership,
    upsert_person,
    upsert_resource_link,
)
from ..delivery.operations import exam_context, record_launch, start_or_resume
from ..errors import Forbidden, UserError
from ..observability import count
from ..permissions import Permission, Role, course_roles, has
from ..principal import organisation_roles
from ..services import services
from . import platform_storage as storage
from .claims import parse_launch
from .invitations import check_invitation
from .keys import ensure_key, published_jwks
from .launch_validation import ToolMessageLaunch, take_state
from .oidc import STATE_COOKIE_PREFIX, start_login
from .registration import canvas_configuration, negotiate, store_registration

bp = Blueprint("lti", __name__, url_prefix="/lti")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    svc = services()
    params = request.values.to_dict()
    with svc.db.session() as db:
        target = start_login(db, svc.store, params, svc.settings.base_url, svc.settings.launch_state_ttl,
                             framed=storage.framed(request))
    if target.storage_target:
        # Platform Storage: keep state and nonce in the platform's frame too, then go on
        response = make_response(_storage_page("lti/storage_login.html", target=target))
    elif storage.framed(request):  # see whether the state cookie survives before the platform is asked
        response = redirect(url_for("lti.login_check", state=target.state))
    else:
        response = redirect(target.url)
    response.set_cookie(STATE_COOKIE_PREFIX + target.state, target.state, max_age=target.ttl,
                        secure=True, httponly=True, samesite="None", partitioned=True, path="/lti/")
    return response


@bp.get("/login/check/<state>")
def login_check(state: str) -> ResponseReturnValue:
    """A login from a frame: on to the platform when the state cookie came back, else the
    new-window page (the platform's login hint is still unused, so the new window can use it)."""
    svc = services()
    record = storage.peek_state(svc.store, state)
    if record is None or not record.get("auth_url"):
        raise UserError(_("This launch's state is unknown, expired or already used (a replayed or stale launch)."),
                        400, hint=_("Start the launch again from the course in your LMS."))
    if request.cookies.get(STATE_COOKIE_PREFIX + state) == state:
        return redirect(record["auth_url"])
    return _fallback(record, 200)


def _storage_page(template: str, **context: object) -> Response:
    response = make_response(render_template(template, **context))
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"  # so the page's own post carries its Origin
    return response


def _fallback(record: dict[str, Any], status: int, message: str | None = None) -> ResponseReturnValue:
    return render_template("lti/fallback.html", login_params=storage.restart_login(record),
                           message=message, status=status), status


#: where a launch that is not an exam goes, by the first permission the person's roles grant
LANDINGS = ((Permission.VIEW_COURSE, "staff.link"), (Permission.VIEW_REPORTS, "reports.overview"),
            (Permission.VIEW_AGGREGATES, "reports.overview"), (Permission.VIEW_TEAM, "reports.overview"),
            (Permission.VIEW_BANK, "authoring.items"), (Permission.VIEW_POLICIES, "governance.policies"),
            (Permission.MANAGE_ROLES, "governance.roles"), (Permission.VIEW_OWN_STATUS, "me.status"))


def _landing(sid: str, roles: Any, home: bool) -> str:
    """The first page this person may see (HR, an auditor or the board have no course page)."""
    for permission, endpoint in LANDINGS:
        if has(permission, roles, home):
            return url_for(endpoint, sid=sid)
    raise Forbidden(_("Your role in this course gives no access to the AI diploma. Ask the tool administrator "
                      "for a role."))


@bp.post("/launch")
def launch() -> ResponseReturnValue:
    svc = services()
    now = utcnow()
    posted_state = request.form.get("state", "")
    with_cookie = bool(posted_state) and request.cookies.get(STATE_COOKIE_PREFIX + posted_state) == posted_state
    proof = storage.has_storage_proof(request.form)
    if not with_cookie and not proof and request.form.get("id_token"):
        record = storage.peek_state(svc.store, posted_state)
        if record is not None and record.get("storage_target"):
            # no cookie, but the login kept state and nonce in the platform's storage: read them back
            return _storage_page("lti/storage_launch.html", record=record, state=posted_state,
                                 id_token=request.form["id_token"],
                                 platform_origin=storage.origin_of(record["auth_url"]))
        if record is not None:  # neither cookie nor platform storage: the state is spent, offer a new window
            svc.store.delete("oidc:" + posted_state)
            count("refused")
            return _fallback(record, 401, _(
                "The launch did not come back to the browser that started it (state cookie missing). Allow "
                "cookies for this tool, or open it in a new window."))
    state = take_state(svc.store, request.form)
    if proof:
        storage.verify_storage_proof(request, state, storage.origin_of(svc.settings.base_url))
    # Validation reads only (the JWKS cache may write to the shared store); the launch's
    # effects — nonce consumed, person, course, link, attempt, statements — are one unit of work.
    with svc.db.session() as db:
        message = ToolMessageLaunch(db, state, svc.platform_keys, request.form, request.cookies,
                                    storage_verified=proof).validate()
        claims = parse_launch(message.claims)
    with svc.db.transaction() as db:
        message.consume_nonce(db)
        platform = db.merge(message.platform, load=False)
        locale = _locale(claims.locale, svc.settings.default_locale)
        person = upsert_person(db, platform.id, claims.subject, name=claims.name, email=claims.email,
                               attributes=claims.person_attributes, locale=locale, now=now)
        person.last_launch_at = now
        context = None
        if claims.context_id:
            context = upsert_context(db, platform.id, claims.deployment_id, claims.context_id,
                                     claims.context_label, claims.context_title, claims.memberships_url,
                                     claims.lineitems_url)
            upsert_membership(db, context, person, claims.roles, source="launch", now=now)
        course = set(course_roles(claims.roles))
        row = principal_row(db, platform.id, person.id)
        assert row is not None
        organisation = organisation_roles(row)
        roles = sorted(course | organisation)
        if not roles:
            raise Forbidden(_("Your role in this course (%(roles)s) has no access to the AI diploma.",
                              roles=", ".join(r.rsplit("#", 1)[-1] for r in claims.roles) or "-"))
        home = platform.is_home
        takes_exam = (claims.message_type != "LtiDeepLinkingRequest" and Role.EMPLOYEE in roles
                      and not has(Permission.VIEW_COURSE, roles, home))
        # staff sessions are shorter: their URLs open reports and exports, not one exam
        sid = sessions.start(session, ttl=None if takes_exam else svc.settings.staff_session_ttl)
        session.update(platform_id=platform.id, person_id=person.id, course_roles=[str(r) for r in course],
                       org_roles=[str(r) for r in organisation],
                       context_pk=context.id if context else None, locale=locale,
                       xapi_session=str(uuid.uuid4()), since=now.timestamp())
        if claims.message_type == "LtiDeepLinkingRequest":
            if not has(Permission.PLACE_EXAM, roles, home):
                raise Forbidden(_("Only course staff can place an exam."))
            session["deep_link"] = {"settings": dict(claims.deep_linking or {}),
                                    "deployment_id": claims.deployment_id}
            target = url_for("staff.deep_link", sid=sid)
        else:
            if not claims.resource_link_id:
                raise UserError(_("The launch has no resource link."), 400)
            link = upsert_resource_link(db, platform.id, context, claims.resource_link_id,
                                        claims.resource_link_title, claims.exam_key, claims.lineitem_url,
                                        claims.ags_scopes)
            session["link_pk"] = link.id
            if takes_exam:
                attempt, created = start_or_resume(db, svc.catalogue, person, link, locale, now)
                if created:
                    count("attempts", "started")
                blueprint = svc.catalogue.blueprint_version(db, attempt.blueprint_version)
                ctx = exam_context(svc.iris, platform, person, link, context, attempt, blueprint,
                                   session["xapi_session"])
                record_launch(db, ctx, attempt, created, now)
                if attempt.status == "in_progress":
                    target = url_for("delivery.question", sid=sid, attempt_id=attempt.id,
                                     position=_first_open(attempt))
                else:  # no retake allowed (yet): the last result says why and when
                    target = url_for("delivery.result", sid=sid, attempt_id=attempt.id)
            else:
                target = _landing(sid, roles, home)
    count("launches", claims.message_type or "unknown")
    response = redirect(target, code=303)
    response.delete_cookie(STATE_COOKIE_PREFIX + request.form.get("state", ""), path="/lti/", secure=True,
                           httponly=True, samesite="None", partitioned=True)
    return response


def _first_open(attempt) -> int:  # type: ignore[no-untyped-def]
    answered = {r.position for r in attempt.responses}
    return next((e["position"] for e in attempt.layout if e["position"] not in answered), 1)


def _locale(value: str | None, default: str) -> str:
    lang = (value or default).replace("_", "-").split("-")[0].lower()
    return lang if lang in ("nl", "en") else default


@bp.get("/jwks.json")
def jwks() -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        body = published_jwks(db, svc.settings.key_grace_days)
    if not body["keys"]:  # first start: make the key (normally done by `flask init`)
        with svc.db.transaction() as db:
            ensure_key(db)
            body = published_jwks(db, svc.settings.key_grace_days)
    response = jsonify(body)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/register")
def register() -> ResponseReturnValue:
    """Without an invitation nothing is fetched: say how to get one."""
    raise UserError(_("The AI diploma registers only platforms it invited. This URL without an invitation "
                      "cannot register a platform."), 403,
                    hint=_("Ask the tool administrator for a registration URL (flask platform invite) and paste "
                           "it into your LMS's \"Tool URL\" field (LTI Advantage dynamic registration)."))


@bp.get("/register/<token>")
def register_invited(token: str) -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        check_invitation(db, token)  # before anything is fetched
    config_url = request.args.get("openid_configuration")
    if not config_url:
        raise UserError(_("This is a registration URL for your LMS: paste it into its \"Tool URL\" field "
                          "(LTI Advantage dynamic registration) instead of opening it directly."), 400)
    got = negotiate(svc.settings, config_url, request.args.get("registration_token"))
    with svc.db.transaction() as db:
        invitation = check_invitation(db, token, lock=True)  # a second use racing this one waits, then fails
        platform = store_registration(db, invitation, got, utcnow())
        name, issuer = platform.name, platform.issuer
    response = make_response(render_template("lti/registered.html", name=name, issuer=issuer))
    response.headers["Referrer-Policy"] = "no-referrer"  # the URL carried the invitation
    return response


@bp.get("/config.json")
def configuration() -> ResponseReturnValue:
    return jsonify(canvas_configuration(services().settings.base_url))


@bp.get("/")
def setup() -> Response | str:
    """A page for LMS administrators with the URLs to register the tool."""
    base = services().settings.base_url
    return render_template("lti/setup.html", base=base)
