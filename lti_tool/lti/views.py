"""HTTP endpoints of the LTI protocol: login, launch, JWKS, registration, configuration."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, make_response, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..db.models import utcnow
from ..errors import UserError
from ..metrics import count
from ..services import Services, services
from . import platform_storage as storage
from .invitations import check_invitation
from .keys import ensure_key, published_jwks
from .launch import run, validate
from .launch_validation import take_state
from .oidc import STATE_COOKIE_PREFIX, start_login
from .registration import canvas_configuration, negotiate, store_registration

bp = Blueprint("lti", __name__, url_prefix="/lti")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    svc = services()
    params = request.values.to_dict()
    with svc.db.autocommit() as db:  # one read: no transaction round trips
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


@bp.post("/launch")
def launch() -> ResponseReturnValue:
    """Parse, validate, run (sync → session → dispatch by message type, ``lti/launch.py``), redirect."""
    svc = services()
    now = utcnow()
    proof = storage.has_storage_proof(request.form)
    if not proof and not _state_cookie_came_back():
        page = _without_state_cookie(svc)
        if page is not None:
            return page
    state = take_state(svc.store, request.form)
    if proof:
        storage.verify_storage_proof(request, state, storage.origin_of(svc.settings.base_url))
    validated = validate(svc, state, request.form, request.cookies, storage_verified=proof)
    target = run(svc, validated, session, now)
    count("launches", validated.claims.message_type or "unknown")
    response = redirect(target, code=303)
    response.delete_cookie(STATE_COOKIE_PREFIX + request.form.get("state", ""), path="/lti/", secure=True,
                           httponly=True, samesite="None", partitioned=True)
    return response


def _state_cookie_came_back() -> bool:
    posted = request.form.get("state", "")
    return bool(posted) and request.cookies.get(STATE_COOKIE_PREFIX + posted) == posted


def _without_state_cookie(svc: Services) -> ResponseReturnValue | None:
    """A launch whose state cookie did not come back (a framed tool, third-party cookies blocked): the page that
    reads state and nonce back from the platform's storage, or the new-window page; None: validate as usual
    (``take_state`` refuses an unknown state)."""
    if not request.form.get("id_token"):
        return None
    posted = request.form.get("state", "")
    record = storage.peek_state(svc.store, posted)
    if record is None:
        return None
    if record.get("storage_target"):  # the login kept state and nonce in the platform's storage: read them back
        return _storage_page("lti/storage_launch.html", record=record, state=posted,
                             id_token=request.form["id_token"], platform_origin=storage.origin_of(record["auth_url"]))
    svc.store.delete("oidc:" + posted)  # neither cookie nor platform storage: the state is spent
    count("refused")
    return _fallback(record, 401, _(
        "The launch did not come back to the browser that started it (state cookie missing). Allow "
        "cookies for this tool, or open it in a new window."))


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
