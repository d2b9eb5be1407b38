"""OIDC third-party initiated login: the first leg of every LTI 1.3 launch."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlparse

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..errors import UserError
from ..kv import KeyValueStore
from .platforms import find_platform

STATE_COOKIE_PREFIX = "lti_state_"
#: the login parameters kept with the state, so a blocked launch can restart the login in a new window
LOGIN_PARAMS = ("iss", "login_hint", "target_link_uri", "client_id", "lti_message_hint", "lti_deployment_id")


@dataclass(frozen=True)
class LoginRedirect:
    url: str
    state: str
    ttl: int
    nonce: str = ""
    #: the frame named by the login's ``lti_storage_target`` (None: the platform offers no storage)
    storage_target: str | None = None
    #: scheme://host[:port] of the platform's OIDC authorization endpoint (postMessage target origin)
    platform_origin: str = ""


def start_login(session: Session, store: KeyValueStore, params: Mapping[str, str], base_url: str,
                ttl: int, framed: bool = False) -> LoginRedirect:
    """Check the login request, remember state and nonce, and build the redirect to the
    platform's authorization endpoint. ``framed``: the browser runs the login in a frame, so the
    platform's storage (``lti_storage_target``) is used when offered (see ``platform_storage``)."""
    missing = [p for p in ("iss", "login_hint", "target_link_uri") if not params.get(p)]
    if missing:
        raise UserError(_(
            "The login request lacks %(params)s. Start the launch from the LMS.",
            params=', '.join(missing)),
                        status=400)
    target = params["target_link_uri"]
    if urlparse(target).netloc != urlparse(base_url).netloc:
        raise UserError(_(
            "target_link_uri %(target)s does not belong to this tool (%(tool)s).",
            target=repr(target), tool=base_url), status=400)
    platform = find_platform(session, params["iss"], params.get("client_id"))
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    storage_target = valid_storage_target(params.get("lti_storage_target")) if framed else None
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": base_url + "/lti/launch",
        "login_hint": params["login_hint"],
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    url = platform.auth_login_url + separator + urlencode(query)
    store.set(
        "oidc:" + state,
        {"platform_id": platform.id, "nonce": nonce, "target_link_uri": target,
         "deployment_id": params.get("lti_deployment_id"), "storage_target": storage_target, "auth_url": url,
         "login": {k: str(params[k]) for k in LOGIN_PARAMS if params.get(k)}},
        ttl,
    )
    auth = urlparse(platform.auth_login_url)
    return LoginRedirect(url, state, ttl, nonce, storage_target, f"{auth.scheme}://{auth.netloc}")


def valid_storage_target(value: str | None) -> str | None:
    """The ``lti_storage_target`` login parameter when it names a frame (``_parent`` or a frame
    name of letters, digits, ``_`` and ``-``); anything else is ignored (the cookie path remains)."""
    if value and len(value) <= 64 and re.fullmatch(r"[A-Za-z0-9_-]+", value):
        return value
    return None
