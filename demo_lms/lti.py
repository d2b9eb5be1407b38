"""LTI 1.3 platform endpoints: discovery, registration, OIDC, token, AGS, NRPS, deep linking."""

from __future__ import annotations

import html
import json
import secrets
import time
import uuid
from typing import Any
from urllib.parse import urlencode, urlparse

import jwt
from flask import Blueprint, Response, current_app, redirect, request
from flask.typing import ResponseReturnValue
from lti1p3platform.constants import LTI_1P3_ACCESS_TOKEN_SCOPES
from lti1p3platform.exceptions import LtiDeepLinkingResponseException, LtiException
from lti1p3platform.response import Response as LtiResponse

from .context import issuer, json_error, platform_config, store
from .platform import DL_SETTINGS, LtiRequest, MessageLaunch, OIDCLogin
from .seed import COURSE_TYPE
from .services import (
    ALL_SCOPES,
    SCOPE_LINEITEM,
    SCOPE_LINEITEM_RO,
    SCOPE_NRPS,
    SCOPE_RESULT_RO,
    SCOPE_SCORE,
    GradeService,
    RosterService,
)

bp = Blueprint("lti", __name__)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
TOOL_CONF = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONF = "https://purl.imsglobal.org/spec/lti-platform-configuration"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
MESSAGE_TYPES = ("LtiResourceLinkRequest", "LtiDeepLinkingRequest")
VARIABLES = [
    "User.id", "User.username", "Person.sourcedId", "Person.name.full", "Person.name.given",
    "Person.name.family", "Person.email.primary", "Context.id", "Context.label", "Context.title",
    "ResourceLink.id", "ResourceLink.title",
]
PENDING_TTL = 600.0
#: the frame that answers LTI Platform Storage messages: the course page around the tool's iframe
STORAGE_TARGET = "_parent"


def version() -> str:
    """The demo LMS version string."""
    from . import __version__

    return __version__


# -- discovery and keys ------------------------------------------------------------------------


@bp.get("/.well-known/openid-configuration")
def openid_configuration() -> ResponseReturnValue:
    """OpenID configuration per LTI Dynamic Registration 1.0."""
    iss = issuer()
    return {
        "issuer": iss,
        "authorization_endpoint": f"{iss}/auth",
        "token_endpoint": f"{iss}/token",
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
        "jwks_uri": f"{iss}/jwks",
        "registration_endpoint": f"{iss}/registration",
        "scopes_supported": ["openid", *ALL_SCOPES],
        "response_types_supported": ["id_token"],
        "response_modes_supported": ["form_post"],
        "subject_types_supported": ["public", "pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": [
            "iss", "sub", "aud", "exp", "iat", "nonce", "azp", "name", "given_name",
            "family_name", "email", "locale",
        ],
        PLATFORM_CONF: {
            "product_family_code": "demo-lms",
            "version": version(),
            "messages_supported": [
                {"type": "LtiResourceLinkRequest"},
                {"type": "LtiDeepLinkingRequest", "placements": ["ContentArea"]},
            ],
            "variables": VARIABLES,
        },
    }


@bp.get("/jwks")
def jwks() -> ResponseReturnValue:
    """The platform's public key set."""
    config = platform_config(None)
    config.get_registration()
    return dict(config.get_jwks())


# -- dynamic registration ----------------------------------------------------------------------


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def validate_registration(body: Any) -> list[str]:
    """Problems with a tool's client registration request (empty when valid)."""
    if not isinstance(body, dict):
        return ["body must be a JSON object"]
    errors: list[str] = []
    if body.get("application_type") != "web":
        errors.append("application_type must be 'web'")
    grants = body.get("grant_types")
    if not isinstance(grants, list) or not {"client_credentials", "implicit"} <= set(grants):
        errors.append("grant_types must include 'client_credentials' and 'implicit'")
    if body.get("response_types") != ["id_token"]:
        errors.append("response_types must be ['id_token']")
    for key in ("initiate_login_uri", "jwks_uri"):
        if not _is_url(body.get(key)):
            errors.append(f"{key} must be an absolute http(s) URL")
    uris = body.get("redirect_uris")
    if not isinstance(uris, list) or not uris or not all(_is_url(u) for u in uris):
        errors.append("redirect_uris must be a non-empty list of URLs")
    if body.get("token_endpoint_auth_method") != "private_key_jwt":
        errors.append("token_endpoint_auth_method must be 'private_key_jwt'")
    if "scope" in body and not isinstance(body["scope"], str):
        errors.append("scope must be a space-separated string")
    for key in ("client_name", "logo_uri"):
        if key in body and body[key] is not None and not isinstance(body[key], str):
            errors.append(f"{key} must be a string")
    conf = body.get(TOOL_CONF)
    if not isinstance(conf, dict):
        errors.append(f"{TOOL_CONF} object is required")
        return errors
    if not isinstance(conf.get("domain"), str) or not conf["domain"]:
        errors.append("lti-tool-configuration.domain is required")
    if not _is_url(conf.get("target_link_uri")):
        errors.append("lti-tool-configuration.target_link_uri must be a URL")
    messages = conf.get("messages", [])
    if not isinstance(messages, list):
        errors.append("lti-tool-configuration.messages must be a list")
    else:
        for i, msg in enumerate(messages):
            if not isinstance(msg, dict) or not isinstance(msg.get("type"), str):
                errors.append(f"messages[{i}] must be an object with a 'type'")
            elif msg.get("target_link_uri") is not None and not _is_url(msg["target_link_uri"]):
                errors.append(f"messages[{i}].target_link_uri must be a URL")
    custom = conf.get("custom_parameters", {})
    if not isinstance(custom, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in custom.items()
    ):
        errors.append("lti-tool-configuration.custom_parameters must map strings to strings")
    claims = conf.get("claims", [])
    if not isinstance(claims, list) or not all(isinstance(c, str) for c in claims):
        errors.append("lti-tool-configuration.claims must be a list of strings")
    return errors


def _bearer() -> str | None:
    parts = request.headers.get("Authorization", "").split()
    if len(parts) != 2 or parts[0].lower() != "bearer":
        return None
    return parts[1]


@bp.post("/registration")
def registration() -> ResponseReturnValue:
    """Register a tool (LTI Dynamic Registration 1.0)."""
    st = store()
    token = _bearer()
    with st.lock:
        info = st.registration_tokens.get(token or "")
        usable = bool(info) and not info["used"] and time.time() - info["created"] < 3600
    if not token or not usable:
        return json_error(401, "invalid_token", "a valid, unused registration token is required")
    body = request.get_json(silent=True)
    errors = validate_registration(body)
    if errors:
        return json_error(400, "invalid_client_metadata", "; ".join(errors))
    if not st.consume_registration_token(token):
        return json_error(401, "invalid_token", "registration token already used")
    conf = body[TOOL_CONF]
    requested = body.get("scope", "").split()
    granted = [s for s in requested if s in ALL_SCOPES]
    dl_url = next(
        (m.get("target_link_uri") for m in conf.get("messages", [])
         if m.get("type") == "LtiDeepLinkingRequest" and m.get("target_link_uri")),
        None,
    )
    tool = st.add_tool({
        "source": "dynamic-registration",
        "client_name": body.get("client_name") or conf["domain"],
        "logo_uri": body.get("logo_uri"),
        "initiate_login_uri": body["initiate_login_uri"],
        "redirect_uris": list(body["redirect_uris"]),
        "jwks_uri": body["jwks_uri"],
        "target_link_uri": conf["target_link_uri"],
        "deep_link_url": dl_url or conf["target_link_uri"],
        "domain": conf["domain"],
        "scopes": granted,
        "custom_parameters": dict(conf.get("custom_parameters", {})),
        "claims": list(conf.get("claims", [])),
        "messages": list(conf.get("messages", [])),
        "registration": body,
    })
    answer = dict(body)
    answer["client_id"] = tool["client_id"]
    answer["scope"] = " ".join(granted)
    answer[TOOL_CONF] = {**conf, "deployment_id": tool["deployment_id"]}
    return answer, 200


# -- launch initiation -------------------------------------------------------------------------


def error_page(status: int, message: str) -> ResponseReturnValue:
    """A small HTML error page."""
    body = (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title>"
        f"</head><body><main><h1>Error {status}</h1><p id=\"error\">{html.escape(message)}</p>"
        "</main></body></html>"
    )
    return Response(body, status=status, mimetype="text/html")


def _start_launch(
    tool: dict[str, Any],
    persona_key: str,
    context_id: str,
    message_type: str,
    target_link_uri: str,
    link_id: str | None = None,
) -> ResponseReturnValue:
    st = store()
    persona = st.personas.get(persona_key)
    if not persona:
        return error_page(400, f"unknown persona {persona_key!r}; known: {sorted(st.personas)}")
    if st.member(context_id, persona["user_id"]) is None:
        return error_page(403, f"{persona_key} is not a member of {context_id}")
    target = request.args.get("target", "iframe")
    hint = secrets.token_urlsafe(16)
    pending: dict[str, Any] = {
        "hint": hint,
        "user_id": persona["user_id"],
        "context_id": context_id,
        "client_id": tool["client_id"],
        "message_type": message_type,
        "target_link_uri": target_link_uri,
        "link_id": link_id,
        "document_target": target if target in ("iframe", "window") else "iframe",
        "lang": request.args.get("lang", "nl"),
        "created": time.time(),
        "used": False,
    }
    if current_app.config.get("PLATFORM_STORAGE") and pending["document_target"] == "iframe":
        pending["storage_target"] = STORAGE_TARGET
    with st.lock:
        cutoff = time.time() - PENDING_TTL
        for old in [k for k, v in st.pending_launches.items() if v["created"] < cutoff]:
            del st.pending_launches[old]
        st.pending_launches[hint] = pending
    config = platform_config(tool)
    login = OIDCLogin(request, config)
    login.set_launch_url(target_link_uri)
    login.set_lti_message_hint(hint=hint)
    url = login.initiate_login(persona["user_id"])
    if pending.get("storage_target"):
        url += ("&" if "?" in url else "?") + urlencode({"lti_storage_target": pending["storage_target"]})
    return redirect(url, code=302)


@bp.get("/launch/<link_id>")
def launch(link_id: str) -> ResponseReturnValue:
    """Start a resource link launch for ``?user=<persona key>``."""
    st = store()
    link = st.links.get(link_id)
    if not link:
        return error_page(404, f"unknown resource link {link_id}")
    tool = st.tools.get(link["client_id"])
    if not tool:
        return error_page(404, "the tool of this link is not registered")
    return _start_launch(
        tool, request.args.get("user", ""), link["context_id"], "LtiResourceLinkRequest",
        link.get("url") or tool["target_link_uri"], link_id,
    )


@bp.get("/deep-link/<context_id>")
def deep_link(context_id: str) -> ResponseReturnValue:
    """Start a deep linking launch (instructors and administrators only)."""
    st = store()
    if context_id not in st.courses:
        return error_page(404, f"unknown context {context_id}")
    client_id = request.args.get("client_id")
    tool = st.tools.get(client_id) if client_id else st.default_tool()
    if not tool:
        return error_page(404, "no tool is registered")
    key = request.args.get("user", "linda")
    persona = st.personas.get(key)
    member = st.member(context_id, persona["user_id"]) if persona else None
    if member and not any(r.endswith(("#Instructor", "#Administrator")) for r in member["roles"]):
        return error_page(403, "only instructors and administrators can add content")
    return _start_launch(
        tool, key, context_id, "LtiDeepLinkingRequest",
        tool.get("deep_link_url") or tool["target_link_uri"],
    )


# -- OIDC authorization endpoint ---------------------------------------------------------------


def _substitute(value: str, variables: dict[str, str | None]) -> str:
    if value.startswith("$") and value[1:] in variables:
        return variables[value[1:]] or ""
    return value


def autosubmit_form(action: str, fields: dict[str, str]) -> str:
    """An HTML page that POSTs ``fields`` to ``action`` on load."""
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in fields.items()
    )
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Launching</title>"
        f'</head><body><form id="lti-form" method="post" action="{html.escape(action)}">'
        f"{inputs}<noscript><button type=\"submit\">Continue</button></noscript></form>"
        "<script>document.getElementById('lti-form').submit();</script></body></html>"
    )


def _check_auth_request(params: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]] | str:
    st = store()
    if "openid" not in params.get("scope", "").split():
        return "scope must be 'openid'"
    if params.get("response_type") != "id_token":
        return "response_type must be 'id_token'"
    if params.get("response_mode") != "form_post":
        return "response_mode must be 'form_post'"
    if params.get("prompt") != "none":
        return "prompt must be 'none'"
    tool = st.tools.get(params.get("client_id", ""))
    if not tool:
        return "unknown client_id"
    if params.get("redirect_uri") not in tool["redirect_uris"]:
        return "redirect_uri is not registered for this client"
    for key in ("nonce", "state", "login_hint", "lti_message_hint"):
        if not params.get(key):
            return f"{key} is required"
    with st.lock:
        pending = st.pending_launches.get(params["lti_message_hint"])
        if not pending or time.time() - pending["created"] > PENDING_TTL:
            return "lti_message_hint does not match a pending launch (unknown or expired)"
        if pending["used"]:
            return "lti_message_hint was already used"
        if pending["user_id"] != params["login_hint"]:
            return "login_hint does not match the pending launch"
        if pending["client_id"] != tool["client_id"]:
            return "client_id does not match the pending launch"
        pending["used"] = True
    return tool, pending


@bp.route("/auth", methods=["GET", "POST"])
def auth() -> ResponseReturnValue:
    """OIDC authorization endpoint: answers with an auto-submitting id_token form."""
    params = request.values.to_dict()
    checked = _check_auth_request(params)
    if isinstance(checked, str):
        return error_page(400, checked)
    tool, pending = checked
    st = store()
    iss = issuer()
    course = st.courses[pending["context_id"]]
    member = st.member(course["id"], pending["user_id"]) or {}
    persona = st.persona_for(pending["user_id"]) or {}
    link = st.links.get(pending["link_id"] or "")
    lang = pending["lang"] if pending["lang"] in ("nl", "en") else "nl"

    with st.lock:
        tamper, st.tamper = st.tamper, None
    launch = MessageLaunch(LtiRequest(request), platform_config(tool), st, tamper)
    launch.set_launch_url(pending["target_link_uri"])
    roles = list(member.get("roles", [])) + list(persona.get("institution_roles", []))
    launch.set_user_data(
        pending["user_id"], roles, member.get("name") or persona.get("name"),
        member.get("email") or persona.get("email"),
    )
    extra: dict[str, Any] = {"locale": "nl-NL" if lang == "nl" else "en-GB"}
    for key in ("given_name", "family_name"):
        if member.get(key) or persona.get(key):
            extra[key] = member.get(key) or persona.get(key)
    extra[f"{CLAIM}lis"] = {
        "person_sourcedid": persona.get("employee_number", pending["user_id"]),
        "course_offering_sourcedid": course["id"],
    }
    extra[f"{CLAIM}tool_platform"] = {
        "guid": iss, "name": "Voorbeeld Groep Demo LMS", "product_family_code": "demo-lms",
        "version": version(),
    }
    launch.set_extra_claims(extra)
    launch.set_launch_context_claim(
        course["id"], list(course.get("type", [COURSE_TYPE])), course["title"], course["label"]
    )
    if link:
        launch.set_resource_link_claim(link["id"], link.get("text") or None, link["title"])
    launch.lti_claim_launch_presentation = {
        f"{CLAIM}launch_presentation": {
            "locale": extra["locale"],
            "document_target": pending["document_target"],
            "return_url": f"{iss}/course/{course['id']}?lang={lang}",
        }
    }
    variables: dict[str, str | None] = {
        "User.id": pending["user_id"], "User.username": persona.get("key"),
        "Person.sourcedId": persona.get("employee_number"),
        "Person.name.full": member.get("name"), "Person.name.given": member.get("given_name"),
        "Person.name.family": member.get("family_name"),
        "Person.email.primary": member.get("email"), "Context.id": course["id"],
        "Context.label": course["label"], "Context.title": course["title"],
        "ResourceLink.id": link["id"] if link else None,
        "ResourceLink.title": link["title"] if link else None,
    }
    custom: dict[str, str] = {
        k: _substitute(v, variables) for k, v in tool.get("custom_parameters", {}).items()
    }
    if link:
        custom.update({k: _substitute(str(v), variables) for k, v in link["custom"].items()})
    for key in ("department", "location", "business_unit", "function_group", "employee_number"):
        if persona.get(key) or member.get(key):
            custom[key] = str(member.get(key) or persona.get(key))
    launch.set_custom_parameters_claim(custom)

    scopes = set(tool.get("scopes", []))
    ags_scopes = [s for s in (SCOPE_LINEITEM, SCOPE_LINEITEM_RO, SCOPE_RESULT_RO, SCOPE_SCORE)
                  if s in scopes]
    if ags_scopes:
        lineitems = f"{iss}/ags/{course['id']}/lineitems"
        lineitem = None
        if link and link.get("lineitem_id"):
            item = st.lineitems.get(link["lineitem_id"])
            if item and not item["deleted"]:
                lineitem = f"{lineitems}/{item['id']}"
        launch.set_ags(lineitems, lineitem, allow_creating_lineitems=SCOPE_LINEITEM in scopes)
        ags_claim = launch.extra_claims["https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"]
        ags_claim["scope"] = [s for s in ags_claim["scope"] if s in scopes] or ags_scopes
    if SCOPE_NRPS in scopes:
        launch.set_nrps(f"{iss}/nrps/{course['id']}/memberships")

    if pending["message_type"] == "LtiDeepLinkingRequest":
        data = secrets.token_urlsafe(16)
        with st.lock:
            st.pending_deep_links[data] = {
                "context_id": course["id"], "client_id": tool["client_id"],
                "user_id": pending["user_id"], "lang": lang, "created": time.time(),
                "used": False,
            }
        launch.deep_linking = True
        launch._deep_linking_launch_data = {
            DL_SETTINGS: {
                "deep_link_return_url": f"{iss}/deep-link-return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": False,
                "auto_create": True,
                "title": course["title"],
                "text": "Voeg een examen toe aan de cursus",
                "data": data,
            }
        }
    launch_data = launch.lti_launch()
    with st.lock:
        pending["id_token"] = launch_data["id_token"]
        pending["tampered"] = tamper
    fields = {"id_token": launch_data["id_token"], "state": launch_data["state"]}
    if pending.get("storage_target"):
        fields["lti_storage_target"] = pending["storage_target"]
    return Response(autosubmit_form(launch_data["launch_url"], fields), mimetype="text/html")


# -- OAuth 2 client credentials ----------------------------------------------------------------


@bp.post("/token")
def token() -> ResponseReturnValue:
    """Client credentials grant with a signed JWT client assertion (private_key_jwt)."""
    st = store()
    with st.lock:
        st.token_requests += 1
    form = request.form
    for key in ("grant_type", "client_assertion_type", "client_assertion", "scope"):
        if not form.get(key):
            return json_error(400, "invalid_request", f"{key} is required")
    if form["grant_type"] != "client_credentials":
        return json_error(400, "unsupported_grant_type", "grant_type must be client_credentials")
    if form["client_assertion_type"] != JWT_BEARER:
        return json_error(400, "invalid_request", f"client_assertion_type must be {JWT_BEARER}")
    assertion = form["client_assertion"]
    try:
        unverified = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError:
        return json_error(401, "invalid_client", "client_assertion is not a JWT")
    tool = st.tools.get(str(unverified.get("sub", "")))
    if not tool:
        return json_error(401, "invalid_client", "unknown client (sub)")
    try:
        claims = platform_config(tool).tool_validate_and_decode(assertion)
    except (LtiException, jwt.PyJWTError, AssertionError) as exc:
        return json_error(401, "invalid_client", f"client_assertion rejected: {exc}")
    token_url = f"{issuer()}/token"
    aud = claims.get("aud")
    auds = aud if isinstance(aud, list) else [aud]
    if claims.get("iss") != tool["client_id"] or claims.get("sub") != tool["client_id"]:
        return json_error(401, "invalid_client", "iss and sub must equal the client_id")
    if token_url not in auds:
        return json_error(401, "invalid_client", f"aud must be the token endpoint {token_url}")
    if not isinstance(claims.get("exp"), (int, float)):
        return json_error(401, "invalid_client", "exp is required")
    jti = claims.get("jti")
    if not jti:
        return json_error(401, "invalid_client", "jti is required")
    ttl = max(float(claims["exp"]) - time.time(), 0) + 60
    if not st.remember_once(st.used_assertion_jtis, f"{tool['client_id']}:{jti}", ttl):
        return json_error(401, "invalid_client", "jti was already used")
    requested = form["scope"].split()
    granted = [
        s for s in requested if s in LTI_1P3_ACCESS_TOKEN_SCOPES and s in tool.get("scopes", [])
    ]
    if not granted:
        return json_error(400, "invalid_scope", "none of the requested scopes is granted")
    scope = " ".join(granted)
    access_jti = str(uuid.uuid4())
    registration = platform_config(tool).get_registration()
    access_token = registration.platform_encode_and_sign(
        {"iss": issuer(), "sub": tool["client_id"], "scopes": scope, "jti": access_jti},
        expiration=3600,
    )
    with st.lock:
        st.access_tokens[access_jti] = {
            "client_id": tool["client_id"], "scopes": granted, "issued_at": time.time(),
            "revoked": False,
        }
    return {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600,
            "scope": scope}


def authorize(required: list[str]) -> dict[str, Any] | ResponseReturnValue:
    """The tool behind a valid bearer access token with one of ``required`` scopes."""
    st = store()
    token_value = _bearer()
    if not token_value:
        return _unauthorized("a bearer access token is required")
    try:
        claims = jwt.decode(
            token_value, st.public_key, algorithms=["RS256"], issuer=issuer(),
            options={"require": ["exp", "iat", "sub", "jti"]},
        )
    except jwt.PyJWTError as exc:
        return _unauthorized(f"invalid access token: {exc}")
    with st.lock:
        record = st.access_tokens.get(str(claims["jti"]))
        revoked = record is None or record["revoked"]
        tool = st.tools.get(str(claims["sub"]))
    if revoked or not tool:
        return _unauthorized("access token revoked or unknown")
    if not set(required) & set(str(claims.get("scopes", "")).split()):
        body = {"error": "insufficient_scope",
                "error_description": f"one of these scopes is required: {required}"}
        return body, 403, {"WWW-Authenticate": 'Bearer error="insufficient_scope"'}
    return tool


def _unauthorized(description: str) -> ResponseReturnValue:
    body = {"error": "invalid_token", "error_description": description}
    return body, 401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def _to_flask(resp: LtiResponse, empty_status: int | None = None) -> ResponseReturnValue:
    """Turn a lti1p3platform service ``Response`` into a Flask response."""
    if resp.code >= 400:
        return json_error(resp.code, "request_failed", resp.message)
    if resp.result is None:
        return Response(status=empty_status or (204 if resp.code == 200 else resp.code))
    result: Any = resp.result
    headers: dict[str, str] = {}
    if isinstance(result, dict) and "content" in result and "has_next" in result:
        if result.get("next"):
            headers["Link"] = f'<{result["next"]}>; rel="next"'
        result = result["content"]
    elif isinstance(result, dict) and result.get("next"):
        headers["Link"] = f'<{result.pop("next")}>; rel="next"'
    return Response(json.dumps(result), status=resp.code, mimetype=resp.media_type,
                    headers=headers)


def _query(names: tuple[str, ...]) -> dict[str, Any] | str:
    """The allowed query parameters, with ``page`` and ``limit`` as positive integers."""
    out: dict[str, Any] = {}
    for name in names:
        value = request.args.get(name)
        if value is None:
            continue
        if name in ("page", "limit"):
            if not value.isdigit() or int(value) < 1:
                return f"{name} must be a positive integer"
            out[name] = int(value)
        else:
            out[name] = value
    return out


def _grade_service(
    context_id: str, required: list[str], lineitem_id: str | None = None,
    get_data: dict[str, Any] | None = None,
) -> GradeService | ResponseReturnValue:
    st = store()
    if context_id not in st.courses:
        return json_error(404, "not_found", "unknown context")
    tool = authorize(required)
    if not isinstance(tool, dict) or "client_id" not in tool:
        return tool
    return GradeService(
        LtiRequest(request, get_data), platform_config(tool), st, issuer(), context_id,
        tool["client_id"], required, lineitem_id, st.faults,
    )


def _media_type_ok(*allowed: str) -> bool:
    return (request.mimetype or "") in allowed


@bp.route("/ags/<context_id>/lineitems", methods=["GET", "POST"])
def lineitems(context_id: str) -> ResponseReturnValue:
    """List (GET, filtered and paged) or create (POST) line items."""
    if request.method == "GET":
        params = _query(("page", "limit", "resource_link_id", "resource_id", "tag"))
        if isinstance(params, str):
            return json_error(400, "invalid_request", params)
        service = _grade_service(context_id, [SCOPE_LINEITEM, SCOPE_LINEITEM_RO], None, params)
        if not isinstance(service, GradeService):
            return service
        return _to_flask(service.handle_resp(service.handle_get_lineitems))
    service = _grade_service(context_id, [SCOPE_LINEITEM])
    if not isinstance(service, GradeService):
        return service
    if not _media_type_ok("application/vnd.ims.lis.v2.lineitem+json", "application/json"):
        return json_error(415, "unsupported_media_type",
                          "use application/vnd.ims.lis.v2.lineitem+json")
    return _to_flask(service.handle_resp(service.handle_create_lineitem))


@bp.route("/ags/<context_id>/lineitems/<lineitem_id>", methods=["GET", "PUT", "DELETE"])
def lineitem(context_id: str, lineitem_id: str) -> ResponseReturnValue:
    """Read, update or delete one line item."""
    required = [SCOPE_LINEITEM, SCOPE_LINEITEM_RO] if request.method == "GET" else [SCOPE_LINEITEM]
    service = _grade_service(context_id, required, lineitem_id)
    if not isinstance(service, GradeService):
        return service
    if request.method == "GET":
        return _to_flask(service.handle_resp(service.handle_get_lineitem,
                                             line_item_id=lineitem_id))
    if request.method == "PUT":
        if not _media_type_ok("application/vnd.ims.lis.v2.lineitem+json", "application/json"):
            return json_error(415, "unsupported_media_type",
                              "use application/vnd.ims.lis.v2.lineitem+json")
        return _to_flask(service.handle_resp(service.handle_update_lineitem,
                                             line_item_id=lineitem_id))
    return _to_flask(service.handle_resp(service.handle_delete_lineitem,
                                         line_item_id=lineitem_id))


@bp.post("/ags/<context_id>/lineitems/<lineitem_id>/scores")
def scores(context_id: str, lineitem_id: str) -> ResponseReturnValue:
    """Receive a score (AGS Score Publish Service)."""
    service = _grade_service(context_id, [SCOPE_SCORE], lineitem_id)
    if not isinstance(service, GradeService):
        return service
    if not _media_type_ok("application/vnd.ims.lis.v1.score+json"):
        return json_error(415, "unsupported_media_type",
                          "use application/vnd.ims.lis.v1.score+json")
    return _to_flask(service.handle_resp(service.handle_update_score, line_item_id=lineitem_id))


@bp.get("/ags/<context_id>/lineitems/<lineitem_id>/results")
def results(context_id: str, lineitem_id: str) -> ResponseReturnValue:
    """Results of a line item (optional ``user_id``, ``limit``)."""
    params = _query(("page", "limit", "user_id"))
    if isinstance(params, str):
        return json_error(400, "invalid_request", params)
    service = _grade_service(context_id, [SCOPE_RESULT_RO], lineitem_id, params)
    if not isinstance(service, GradeService):
        return service
    return _to_flask(service.handle_resp(service.handle_get_results, line_item_id=lineitem_id))


@bp.get("/nrps/<context_id>/memberships")
def memberships(context_id: str) -> ResponseReturnValue:
    """NRPS 2.0 context membership (``limit``, ``role``, ``rlid``; Link rel=next paging)."""
    st = store()
    if context_id not in st.courses:
        return json_error(404, "not_found", "unknown context")
    params = _query(("page", "limit", "role", "rlid"))
    if isinstance(params, str):
        return json_error(400, "invalid_request", params)
    tool = authorize([SCOPE_NRPS])
    if not isinstance(tool, dict) or "client_id" not in tool:
        return tool
    service = RosterService(LtiRequest(request, params), platform_config(tool), st, issuer(),
                            context_id)
    return _to_flask(service.handle_resp(service.handle_get_members))


# -- deep linking return -----------------------------------------------------------------------


@bp.post("/deep-link-return")
def deep_link_return() -> ResponseReturnValue:
    """Accept an LtiDeepLinkingResponse, create links and line items, show the course."""
    from .ui import render_course

    st = store()
    token_value = request.form.get("JWT", "")
    try:
        unverified = jwt.decode(token_value, options={"verify_signature": False})
    except jwt.PyJWTError:
        return error_page(400, "JWT form field missing or not a JWT")
    tool = st.tools.get(str(unverified.get("iss", "")))
    if not tool:
        return error_page(400, "iss is not a registered client_id")
    config = platform_config(tool)
    config.set_accepted_deeplinking_types(["ltiResourceLink"])
    try:
        items = config.validate_deeplinking_resp({"JWT": token_value})
    except (LtiException, LtiDeepLinkingResponseException, jwt.PyJWTError, KeyError) as exc:
        return error_page(400, f"deep linking response rejected: {exc}")
    claims = unverified
    aud = claims.get("aud")
    if issuer() not in (aud if isinstance(aud, list) else [aud]):
        return error_page(400, "aud must be the platform issuer")
    if not claims.get("nonce") or not st.remember_once(st.used_nonces, str(claims["nonce"])):
        return error_page(400, "nonce missing or already used")
    if claims.get(f"{CLAIM}deployment_id") != tool["deployment_id"]:
        return error_page(400, "deployment_id does not match the registration")
    if claims.get(f"{CLAIM}version") != "1.3.0":
        return error_page(400, "version must be 1.3.0")
    data = claims.get(f"{DL_CLAIM}data")
    with st.lock:
        pending = st.pending_deep_links.get(str(data))
        if not pending or pending["used"] or pending["client_id"] != tool["client_id"]:
            return error_page(400, "data does not match a pending deep linking request")
        if len(items) > 1:
            return error_page(400, "accept_multiple is false: at most one content item")
        pending["used"] = True
    created: list[dict[str, Any]] = []
    for item in items:
        line_item = item.get("lineItem")
        if line_item is not None:
            maximum = line_item.get("scoreMaximum") if isinstance(line_item, dict) else None
            if not isinstance(maximum, (int, float)) or isinstance(maximum, bool) or maximum <= 0:
                return error_page(400, "lineItem.scoreMaximum must be a number > 0")
        custom = item.get("custom") or {}
        link = st.add_link(
            pending["context_id"], tool["client_id"], str(item.get("title") or "Exam"),
            item.get("url"), str(item.get("text") or ""),
            {str(k): str(v) for k, v in custom.items()},
            {k: line_item[k] for k in ("scoreMaximum", "label", "resourceId", "tag",
                                       "gradesReleased") if k in line_item}
            if line_item is not None else None,
            "window" if "window" in item else "iframe",
        )
        created.append(link)
    msg = claims.get(f"{DL_CLAIM}msg") or claims.get(f"{DL_CLAIM}errormsg")
    return render_course(
        pending["context_id"], pending["lang"], added=created, tool_message=msg, breakout=True
    )


def course_url(context_id: str, **params: str) -> str:
    """Absolute URL of a course page."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{issuer()}/course/{context_id}{query}"
