"""LTI Dynamic Registration 1.0, and the JSON configuration for platforms that take a paste.

The platform opens ``/lti/register?openid_configuration=…&registration_token=…``; the tool
reads the platform's OpenID configuration, checks it, posts its own client registration to the
platform's registration endpoint and stores the platform it gets back.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import httpx
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from ..db.models import Platform
from ..errors import UserError
from .platforms import add_platform
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


def _fetch_config(url: str, token: str | None, timeout: float) -> dict[str, Any]:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        response = httpx.get(url, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise UserError(_(
            "The platform's configuration at %(url)s could not be read: %(error)s.",
            url=url, error=exc), 424) from exc
    if response.status_code != 200:
        raise UserError(_(
            "The platform's configuration at %(url)s answered %(status)s.",
            url=url, status=response.status_code), 424)
    try:
        config = response.json()
    except ValueError as exc:
        raise UserError(_("The platform's configuration at %(url)s is not JSON.", url=url), 424) from exc
    if not isinstance(config, dict):
        raise UserError(_("The platform's configuration is not a JSON object."), 424)
    return config


def check_platform_config(url: str, config: dict[str, Any]) -> list[str]:
    """What is wrong with a platform's OpenID configuration (empty when usable)."""
    problems = [f"{key} is missing" for key in
                ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint")
                if not config.get(key)]
    issuer = str(config.get("issuer") or "")
    if issuer and urlparse(issuer).netloc != urlparse(url).netloc:
        problems.append(f"issuer {issuer} is not on the host of the configuration URL {url}")
    if "RS256" not in (config.get("id_token_signing_alg_values_supported") or []):
        problems.append("the platform does not sign id_tokens with RS256")
    if not isinstance(config.get(PLATFORM_CONFIG), dict):
        problems.append(f"{PLATFORM_CONFIG} is missing: this is not an LTI 1.3 platform")
    return problems


def register_with_platform(session: Session, base_url: str, config_url: str, token: str | None,
                           timeout: float) -> Platform:
    if not config_url.startswith(("https://", "http://")):
        raise UserError(_("openid_configuration must be an http(s) URL."), 400)
    config = _fetch_config(config_url, token, timeout)
    problems = check_platform_config(config_url, config)
    if problems:
        raise UserError(_("The platform's configuration cannot be used: %(problems)s.",
                          problems="; ".join(problems)), 400)
    request_body = client_registration(base_url, config)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        response = httpx.post(config["registration_endpoint"], json=request_body, headers=headers,
                              timeout=timeout)
    except httpx.HTTPError as exc:
        raise UserError(_(
            "The platform's registration endpoint could not be reached: %(error)s.",
            error=exc), 424) from exc
    if response.status_code not in (200, 201):
        raise UserError(_(
            "The platform refused the registration (%(status)s): %(answer)s",
            status=response.status_code, answer=response.text[:300]), 424)
    try:
        answer = response.json()
        client_id = str(answer["client_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(_("The platform's registration answer has no client_id."), 424) from exc
    tool_config = answer.get(TOOL_CONFIG) or {}
    deployment = tool_config.get("deployment_id")
    return add_platform(
        session,
        issuer=config["issuer"],
        client_id=client_id,
        auth_login_url=config["authorization_endpoint"],
        auth_token_url=config["token_endpoint"],
        key_set_url=config["jwks_uri"],
        auth_audience=config.get("authorization_server"),
        deployment_ids=[str(deployment)] if deployment else [],
        name=(config.get(PLATFORM_CONFIG) or {}).get("product_family_code", "") or config["issuer"],
        registration={"platform_configuration": config, "registration": answer},
    )
