"""OIDC third-party initiated login: the first leg of every LTI 1.3 launch."""

from __future__ import annotations

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


@dataclass(frozen=True)
class LoginRedirect:
    url: str
    state: str
    ttl: int


def start_login(session: Session, store: KeyValueStore, params: Mapping[str, str], base_url: str,
                ttl: int) -> LoginRedirect:
    """Check the login request, remember state and nonce, and build the redirect to the
    platform's authorization endpoint."""
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
    store.set(
        "oidc:" + state,
        {"platform_id": platform.id, "nonce": nonce, "target_link_uri": target,
         "deployment_id": params.get("lti_deployment_id")},
        ttl,
    )
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
    return LoginRedirect(platform.auth_login_url + separator + urlencode(query), state, ttl)
