"""LTI Dynamic Registration 1.0, and the JSON configuration for platforms that take a paste.

The platform opens ``/lti/register/<invitation>?openid_configuration=…&registration_token=…``
(the URL ``flask platform invite`` printed); the tool checks the invitation before it fetches
anything, reads the platform's OpenID configuration, checks it (every endpoint on the issuer's
host), posts its own client registration to the platform's registration endpoint and stores the
new platform it gets back, spending the invitation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import httpx
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..audit import record
from ..db.models import Platform, PlatformInvitation
from ..egress import EgressRefused, explain, get_json, post_json
from ..errors import UserError
from ..settings import Settings
from .invitations import home_platform
from .platforms import add_platform, find_platforms
from .services import ALL_SCOPES

TOOL_CONFIG = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIG = "https://purl.imsglobal.org/spec/lti-platform-configuration"

TITLE = {"en": "AI diploma", "nl": "AI-diploma"}
DESCRIPTION = {
    "en": "Role-based AI-literacy assessments (basic, advanced, expert) with grades and xAPI records.",
    "nl": "AI-geletterdheidstoetsen per rol (basis, gevorderd, expert) met cijfers en xAPI-registratie.",
}
#: custom parameters asked for at registration; values are the platforms' substitution variables
CUSTOM_PARAMETERS = {
    "location": "$Person.address.locality",
    "employee_number": "$Person.sourcedId",
}


def tool_urls(base_url: str) -> dict[str, str]:
    return {
        "login": base_url + "/lti/login",
        "launch": base_url + "/lti/launch",
        "jwks": base_url + "/lti/jwks.json",
        "logo": base_url + "/static/logo.svg",
    }


def client_registration(base_url: str, platform_config: dict[str, Any]) -> dict[str, Any]:
    """The tool's registration request (scopes limited to what the platform offers)."""
    urls = tool_urls(base_url)
    offered = set(platform_config.get("scopes_supported") or ALL_SCOPES)
    messages = [
        {"type": "LtiResourceLinkRequest", "target_link_uri": urls["launch"],
         "label": TITLE["en"], "label#nl": TITLE["nl"]},
        {"type": "LtiDeepLinkingRequest", "target_link_uri": urls["launch"],
         "label": "Place an AI diploma exam", "label#nl": "AI-diplomatoets plaatsen",
         "placements": ["ContentArea"], "supported_types": ["ltiResourceLink"]},
    ]
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": urls["login"],
        "redirect_uris": [urls["launch"]],
        "client_name": TITLE["en"],
        "client_name#en": TITLE["en"],
        "client_name#nl": TITLE["nl"],
        "jwks_uri": urls["jwks"],
        "logo_uri": urls["logo"],
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(s for s in ALL_SCOPES if s in offered),
        TOOL_CONFIG: {
            "domain": urlparse(base_url).netloc,
            "target_link_uri": urls["launch"],
            "description": DESCRIPTION["en"],
            "description#nl": DESCRIPTION["nl"],
            "custom_parameters": CUSTOM_PARAMETERS,
            "claims": ["iss", "sub", "name", "given_name", "family_name", "email", "locale"],
            "messages": messages,
        },
    }


def canvas_configuration(base_url: str) -> dict[str, Any]:
    """A Canvas developer-key JSON (LTI 1.3) to paste into Admin → Developer Keys."""
    urls = tool_urls(base_url)
    host = urlparse(base_url).netloc
    return {
        "title": TITLE["en"],
        "description": DESCRIPTION["en"],
        "oidc_initiation_url": urls["login"],
        "target_link_uri": urls["launch"],
        "public_jwk_url": urls["jwks"],
        "scopes": list(ALL_SCOPES),
        "custom_fields": {"location": "$Person.address.locality",
                          "employee_number": "$Canvas.user.sisIntegrationId"},
        "extensions": [{
            "domain": host,
            "tool_id": "ai-diploma",
            "platform": "canvas.instructure.com",
            "privacy_level": "public",
            "settings": {
                "text": TITLE["en"],
                "placements": [
                    {"placement": "link_selection", "message_type": "LtiDeepLinkingRequest",
                     "target_link_uri": urls["launch"], "text": "Place an AI diploma exam"},
                    {"placement": "assignment_selection", "message_type": "LtiDeepLinkingRequest",
                     "target_link_uri": urls["launch"], "text": "AI diploma exam"},
                ],
            },
        }],
    }


MAX_ANSWER_BYTES = 256 * 1024


def _call(settings: Settings, method: str, url: str, token: str | None,
          body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """One request to the platform through the egress guard (no private addresses, no redirects,
    a size cap); an error never carries the remote text."""
    try:
        if method == "GET":
            reply = get_json(settings, url, bearer=token, max_bytes=MAX_ANSWER_BYTES)
        else:
            reply = post_json(settings, url, body, bearer=token, max_bytes=MAX_ANSWER_BYTES)
    except EgressRefused as exc:
        raise UserError(_("%(url)s was not called: %(reason)s.", url=url, reason=explain(exc)), 424) from exc
    except httpx.HTTPError as exc:
        raise UserError(_("%(url)s could not be reached (%(error)s).", url=url,
                          error=exc.__class__.__name__), 424) from exc
    return reply.status, reply.data


def _fetch_config(settings: Settings, url: str, token: str | None) -> dict[str, Any]:
    status, config = _call(settings, "GET", url, token)
    if status != 200:
        raise UserError(_("The platform's configuration at %(url)s answered %(status)s.", url=url, status=status),
                        424)
    if not isinstance(config, dict):
        raise UserError(_("The platform's configuration at %(url)s is not a JSON object.", url=url), 424)
    return config


ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint")


def check_platform_config(url: str, config: dict[str, Any]) -> list[str]:
    """What is wrong with a platform's OpenID configuration (empty when usable). Every endpoint
    must be on the issuer's host, so a configuration cannot send the tool elsewhere."""
    problems = [_("%(key)s is missing", key=key) for key in ("issuer", *ENDPOINTS)
                if not isinstance(config.get(key), str) or not config.get(key)]
    issuer = str(config.get("issuer") or "")
    host = urlparse(issuer).netloc
    if issuer and host != urlparse(url).netloc:
        problems.append(_("issuer %(issuer)s is not on the host of the configuration URL %(url)s", issuer=issuer,
                           url=url))
    for key in ENDPOINTS:
        value = config.get(key)
        if isinstance(value, str) and value:
            parsed = urlparse(value)
            if parsed.scheme not in ("https", "http") or parsed.netloc != host:
                problems.append(_("%(key)s %(value)s is not on the issuer's host %(host)s", key=key, value=value,
                                   host=host))
    if "RS256" not in (config.get("id_token_signing_alg_values_supported") or []):
        problems.append(_("the platform does not sign id_tokens with RS256"))
    if not isinstance(config.get(PLATFORM_CONFIG), dict):
        problems.append(_("%(key)s is missing: this is not an LTI 1.3 platform", key=PLATFORM_CONFIG))
    return problems


@dataclass(frozen=True)
class PlatformAnswer:
    """What the platform told us, checked, before anything is stored."""

    config: dict[str, Any]
    client_id: str
    deployment_id: str | None
    answer: dict[str, Any]


def negotiate(settings: Settings, config_url: str, token: str | None) -> PlatformAnswer:
    """Read the platform's configuration and send it the tool's registration (no database)."""
    if not config_url.startswith(("https://", "http://")):
        raise UserError(_("openid_configuration must be an http(s) URL."), 400)
    config = _fetch_config(settings, config_url, token)
    problems = check_platform_config(config_url, config)
    if problems:
        raise UserError(_("The platform's configuration cannot be used: %(problems)s.",
                          problems="; ".join(problems)), 400)
    status, answer = _call(settings, "POST", config["registration_endpoint"], token,
                           client_registration(settings.base_url, config))
    if status not in (200, 201):
        raise UserError(_("The platform refused the registration (HTTP %(status)s); its administrator can "
                          "see why in the LMS.", status=status), 424)
    if not isinstance(answer, dict) or not isinstance(answer.get("client_id"), str | int):
        raise UserError(_("The platform's registration answer has no client_id."), 424)
    tool_config = answer.get(TOOL_CONFIG) if isinstance(answer.get(TOOL_CONFIG), dict) else {}
    deployment = tool_config.get("deployment_id")
    return PlatformAnswer(config, str(answer["client_id"]), str(deployment) if deployment else None, answer)


def store_registration(db: Session, invitation: PlatformInvitation, got: PlatformAnswer,
                       now: dt.datetime) -> Platform:
    """Store a new platform and spend the invitation. An existing issuer + client id is never
    changed here: new keys or URLs are an administrator's ``platform update``."""
    config = got.config
    if find_platforms(db, config["issuer"], got.client_id):
        raise UserError(_("%(issuer)s (client id %(client)s) is already registered. Registering again does not "
                          "change a registration; the tool administrator can update it (flask platform update).",
                          issuer=config["issuer"], client=got.client_id), 409)
    home = invitation.home and home_platform(db) is None
    platform = add_platform(
        db, issuer=config["issuer"], client_id=got.client_id, auth_login_url=config["authorization_endpoint"],
        auth_token_url=config["token_endpoint"], key_set_url=config["jwks_uri"],
        auth_audience=config.get("authorization_server"),
        deployment_ids=[got.deployment_id] if got.deployment_id else [],
        name=(config.get(PLATFORM_CONFIG) or {}).get("product_family_code", "") or config["issuer"],
        registration={"platform_configuration": config, "registration": got.answer}, home=home)
    invitation.used_at = now
    invitation.platform_id = platform.id
    record(db, "platform.registered", f"{platform.issuer} {platform.client_id}",
           after={"key_set_url": platform.key_set_url, "auth_login_url": platform.auth_login_url,
                  "auth_token_url": platform.auth_token_url, "home": home, "invitation": invitation.id,
                  "note": invitation.note},
           platform_id=platform.id, actor="dynamic registration")
    return platform
