"""The demo LMS as a real LTI 1.3 platform, exercised over HTTP by a minimal fake tool."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from base64 import urlsafe_b64encode
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.dynamic_registration import DynamicRegistration
from pylti1p3.exception import LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from werkzeug.serving import BaseWSGIServer, make_server

from demo_lms import create_app
from demo_lms.seed import ROLE_INST_STAFF, ROLE_LEARNER
from demo_lms.testing import RunningPlatform, parse_autosubmit_form, start_platform

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
TOOL_CONF = "https://purl.imsglobal.org/spec/lti-tool-configuration"
SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
RESULT = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
COURSE = "ai-diploma-2026"


# -- the fake tool -----------------------------------------------------------------------------


@dataclass
class FakeTool:
    """A key pair whose JWKS is served over HTTP, plus the URLs a tool would register."""

    base: str
    private_pem: str
    public_pem: str
    kid: str
    server: BaseWSGIServer

    @property
    def login_url(self) -> str:
        """OIDC login initiation URL."""
        return f"{self.base}/lti/login"

    @property
    def launch_url(self) -> str:
        """Redirect / launch URL."""
        return f"{self.base}/lti/launch"

    @property
    def jwks_url(self) -> str:
        """Tool JWKS URL."""
        return f"{self.base}/lti/jwks.json"

    def sign(self, claims: dict[str, Any], kid: str | None = None) -> str:
        """A JWT signed with the tool key."""
        return jwt.encode(claims, self.private_pem, algorithm="RS256",
                          headers={"kid": kid or self.kid})


def _key_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private, public


@pytest.fixture(scope="module")
def tool() -> Iterator[FakeTool]:
    """A fake tool serving its JWKS on 127.0.0.1."""
    private, public = _key_pair()
    jwk = Registration.get_jwk(public)
    app = Flask("fake_tool")

    @app.get("/lti/jwks.json")
    def jwks() -> dict[str, Any]:
        return {"keys": [jwk]}

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeTool(f"http://127.0.0.1:{server.port}", private, public, str(jwk["kid"]), server)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def lms() -> Iterator[RunningPlatform]:
    """The demo LMS with the control API on."""
    platform = start_platform()
    yield platform
    platform.stop()


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    """A plain HTTP client that does not follow redirects."""
    with httpx.Client(timeout=10.0, follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="module")
def client_id(lms: RunningPlatform, tool: FakeTool, http: httpx.Client) -> str:
    """The fake tool registered directly through the control API."""
    resp = http.post(f"{lms.url}/_control/tools", json={
        "client_id": "fake-tool", "deployment_id": "dep-1", "jwks_uri": tool.jwks_url,
        "initiate_login_uri": tool.login_url, "redirect_uris": [tool.launch_url],
        "target_link_uri": tool.launch_url, "deep_link_url": f"{tool.base}/lti/launch?dl=1",
        "custom_parameters": {"user_ref": "$User.id", "course_ref": "$Context.id"},
    })
    assert resp.status_code == 201, resp.text
    return str(resp.json()["client_id"])


@pytest.fixture(autouse=True)
def _clear_faults(lms: RunningPlatform, http: httpx.Client) -> Iterator[None]:
    yield
    http.post(f"{lms.url}/_control/faults", json={"scores_status": None})


def make_link(lms: RunningPlatform, http: httpx.Client, client_id: str, **extra: Any) -> Any:
    """A resource link with a 10-point line item."""
    body = {"client_id": client_id, "title": "Basisexamen AI",
            "line_item": {"scoreMaximum": 10, "label": "Basis", "tag": "basis"}, **extra}
    resp = http.post(f"{lms.url}/_control/links", json=body)
    assert resp.status_code == 201, resp.text
    return resp.json()


def login_params(http: httpx.Client, url: str) -> dict[str, str]:
    """Follow the platform's launch initiation to the tool's login URL; return its query."""
    resp = http.get(url)
    assert resp.status_code == 302, resp.text
    location = resp.headers["location"]
    return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}


def auth_request(tool: FakeTool, login: dict[str, str], **override: str) -> dict[str, str]:
    """The OIDC authentication request a tool sends back to the platform."""
    params = {
        "scope": "openid", "response_type": "id_token", "response_mode": "form_post",
        "prompt": "none", "client_id": login["client_id"], "redirect_uri": tool.launch_url,
        "login_hint": login["login_hint"], "lti_message_hint": login["lti_message_hint"],
        "nonce": uuid.uuid4().hex, "state": uuid.uuid4().hex,
    }
    params.update(override)
    return params


def launch(
    lms: RunningPlatform, http: httpx.Client, tool: FakeTool, path: str
) -> tuple[str, dict[str, str], dict[str, str]]:
    """Run initiation → /auth; return (form action, form fields, auth params)."""
    login = login_params(http, f"{lms.url}{path}")
    params = auth_request(tool, login)
    resp = http.post(f"{lms.url}/auth", data=params)
    assert resp.status_code == 200, resp.text
    action, fields = parse_autosubmit_form(resp.text)
    return action, fields, params


def verify(lms: RunningPlatform, token: str, audience: str) -> dict[str, Any]:
    """Verify an id_token against the platform JWKS."""
    key = jwt.PyJWKClient(f"{lms.url}/jwks").get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=audience, issuer=lms.url)


class CachingConnector(ServiceConnector):
    """pylti1p3's service connector with an in-memory token cache."""

    def __init__(self, registration: Registration) -> None:
        super().__init__(registration)
        self.cache: dict[str, str] = {}

    def _get_cached_access_token(self, scope_key: str) -> str | None:
        return self.cache.get(scope_key)

    def _cache_access_token(self, scope_key: str, access_token: str, expires_in: float) -> None:
        self.cache[scope_key] = access_token


def connector(lms: RunningPlatform, tool: FakeTool, client_id: str) -> CachingConnector:
    """A pylti1p3 service connector for the fake tool."""
    reg = (Registration().set_issuer(lms.url).set_client_id(client_id)
           .set_auth_token_url(f"{lms.url}/token").set_tool_private_key(tool.private_pem))
    reg.set_tool_public_key(tool.public_pem)
    return CachingConnector(reg)


def assertion(tool: FakeTool, client_id: str, aud: str | list[str], **extra: Any) -> str:
    """A client_credentials JWT assertion."""
    now = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": aud, "iat": now, "exp": now + 60,
              "jti": uuid.uuid4().hex, **extra}
    return tool.sign(claims)


def get_token(lms: RunningPlatform, http: httpx.Client, tool: FakeTool, client_id: str,
              scope: str, aud: str | None = None) -> httpx.Response:
    """POST /token with a signed assertion."""
    return http.post(f"{lms.url}/token", data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion(tool, client_id, aud or f"{lms.url}/token"),
        "scope": scope,
    })


def score(user_id: str, given: float, ts: datetime | None = None) -> dict[str, Any]:
    """An AGS score payload."""
    return {"userId": user_id, "scoreGiven": given, "scoreMaximum": 10,
            "activityProgress": "Completed", "gradingProgress": "FullyGraded",
            "timestamp": (ts or datetime.now(UTC)).isoformat()}


SCORE_TYPE = {"Content-Type": "application/vnd.ims.lis.v1.score+json"}


# -- discovery and registration ----------------------------------------------------------------


def test_openid_configuration(lms: RunningPlatform, http: httpx.Client) -> None:
    """The configuration names every endpoint and the LTI platform configuration."""
    conf = http.get(f"{lms.url}/.well-known/openid-configuration").json()
    assert conf["issuer"] == lms.url
    assert conf["authorization_endpoint"] == f"{lms.url}/auth"
    assert conf["token_endpoint"] == f"{lms.url}/token"
    assert conf["jwks_uri"] == f"{lms.url}/jwks"
    assert conf["registration_endpoint"] == f"{lms.url}/registration"
    assert conf["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert conf["token_endpoint_auth_signing_alg_values_supported"] == ["RS256"]
    assert conf["id_token_signing_alg_values_supported"] == ["RS256"]
    assert conf["response_types_supported"] == ["id_token"]
    assert {"openid", SCORE, LINEITEM, RESULT, NRPS} <= set(conf["scopes_supported"])
    platform = conf["https://purl.imsglobal.org/spec/lti-platform-configuration"]
    assert platform["product_family_code"] == "demo-lms"
    types = {m["type"] for m in platform["messages_supported"]}
    assert types == {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}
    keys = http.get(conf["jwks_uri"]).json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and keys[0]["kid"]


class FakeDynamicRegistration(DynamicRegistration):
    """pylti1p3's dynamic registration flow for the fake tool."""

    client_name = "AI-diploma (test)"
    description = "test tool"

    def __init__(self, tool: FakeTool, conf_url: str, token: str) -> None:
        self.tool, self.conf_url, self.token = tool, conf_url, token

    def get_initiate_login_uri(self) -> str:
        return self.tool.login_url

    def get_jwks_uri(self) -> str:
        return self.tool.jwks_url

    def get_redirect_uris(self) -> list[str]:
        return [self.tool.launch_url]

    def get_scopes(self) -> list[str]:
        return [SCORE, LINEITEM, RESULT, NRPS, "https://example.com/unknown-scope"]

    def get_domain(self) -> str:
        return urlparse(self.tool.base).netloc

    def get_target_link_uri(self) -> str:
        return self.tool.launch_url

    def get_messages(self) -> list[dict[str, str]]:
        return [{"type": "LtiDeepLinkingRequest", "target_link_uri": self.tool.launch_url}]

    def get_logo_uri(self) -> str:
        return f"{self.tool.base}/logo.png"

    def get_openid_configuration_endpoint(self) -> str:
        return self.conf_url

    def get_registration_token(self) -> str:
        return self.token

    def complete_registration(self, openid_configuration: dict[str, Any],
                              openid_registration: dict[str, Any]) -> Any:
        return openid_registration


def test_dynamic_registration(lms: RunningPlatform, tool: FakeTool, http: httpx.Client) -> None:
    """pylti1p3's registration succeeds once per token; the tool is stored with its scopes."""
    grant = http.post(f"{lms.url}/_control/registration-token").json()
    registrar = FakeDynamicRegistration(tool, grant["openid_configuration"],
                                        grant["registration_token"])
    answer = registrar.register()
    assert answer["client_id"]
    assert answer[TOOL_CONF]["deployment_id"]
    assert set(answer["scope"].split()) == {SCORE, LINEITEM, RESULT, NRPS}
    state = http.get(f"{lms.url}/_control/state").json()
    stored = next(t for t in state["tools"] if t["client_id"] == answer["client_id"])
    assert stored["jwks_uri"] == tool.jwks_url
    assert stored["redirect_uris"] == [tool.launch_url]
    with pytest.raises(LtiServiceException):
        registrar.register()  # the token is single use


def _registration_body(tool: FakeTool) -> dict[str, Any]:
    return {
        "application_type": "web", "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": tool.login_url, "redirect_uris": [tool.launch_url],
        "jwks_uri": tool.jwks_url, "token_endpoint_auth_method": "private_key_jwt",
        "scope": SCORE,
        TOOL_CONF: {"domain": "127.0.0.1", "target_link_uri": tool.launch_url,
                    "custom_parameters": {"a": "b"}, "claims": ["sub"], "messages": []},
    }


@pytest.mark.parametrize(("change", "complaint"), [
    ({"application_type": "native"}, "application_type"),
    ({"grant_types": ["implicit"]}, "grant_types"),
    ({"jwks_uri": "not a url"}, "jwks_uri"),
    ({"token_endpoint_auth_method": "client_secret_basic"}, "token_endpoint_auth_method"),
    ({TOOL_CONF: {"target_link_uri": "http://x/launch"}}, "domain"),
])
def test_registration_rejects_invalid_body(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, change: dict[str, Any],
    complaint: str,
) -> None:
    """An invalid registration answers 400 with a JSON error naming the problem."""
    token = http.post(f"{lms.url}/_control/registration-token").json()["registration_token"]
    body = {**_registration_body(tool), **change}
    resp = http.post(f"{lms.url}/registration", json=body,
                     headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 400
    assert resp.json()["error"] == "invalid_client_metadata"
    assert complaint in resp.json()["error_description"]


def test_registration_rejects_bad_token(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client
) -> None:
    """Without a token the platform issued, registration is refused with 401."""
    body = _registration_body(tool)
    assert http.post(f"{lms.url}/registration", json=body).status_code == 401
    resp = http.post(f"{lms.url}/registration", json=body,
                     headers={"Authorization": "Bearer made-up"})
    assert resp.status_code == 401


# -- OIDC launch -------------------------------------------------------------------------------


def test_resource_link_launch_round_trip(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """Initiation → /auth → a signed id_token with the LTI claims and persona custom params."""
    link = make_link(lms, http, client_id)
    login = login_params(http, f"{lms.url}/launch/{link['id']}?user=sanne&lang=en")
    assert login["iss"] == lms.url
    assert login["login_hint"] == "vg-1001"
    assert login["target_link_uri"] == tool.launch_url
    assert login["client_id"] == client_id
    assert login["lti_deployment_id"] == "dep-1"
    params = auth_request(tool, login)
    resp = http.get(f"{lms.url}/auth", params=params)
    assert resp.status_code == 200
    action, fields = parse_autosubmit_form(resp.text)
    assert action == tool.launch_url
    assert fields["state"] == params["state"]
    assert jwt.get_unverified_header(fields["id_token"])["kid"]
    claims = verify(lms, fields["id_token"], client_id)
    assert claims["nonce"] == params["nonce"]
    assert claims["sub"] == "vg-1001"
    assert claims["azp"] == client_id
    assert claims["exp"] > time.time()
    assert claims["name"] == "Sanne de Vries"
    assert claims["given_name"] == "Sanne"
    assert claims["email"] == "sanne.devries@voorbeeldgroep.nl"
    assert claims[f"{CLAIM}message_type"] == "LtiResourceLinkRequest"
    assert claims[f"{CLAIM}version"] == "1.3.0"
    assert claims[f"{CLAIM}deployment_id"] == "dep-1"
    assert claims[f"{CLAIM}target_link_uri"] == tool.launch_url
    assert claims[f"{CLAIM}resource_link"] == {"id": link["id"], "title": "Basisexamen AI"}
    assert "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner" in claims[f"{CLAIM}roles"]
    context = claims[f"{CLAIM}context"]
    assert context["id"] == COURSE and context["title"] == "AI-diploma" and context["label"]
    presentation = claims[f"{CLAIM}launch_presentation"]
    assert presentation["document_target"] == "iframe"
    assert presentation["locale"] == "en-GB"
    assert presentation["return_url"].startswith(f"{lms.url}/course/{COURSE}")
    custom = claims[f"{CLAIM}custom"]
    assert custom["department"] == "Klantenservice"
    assert custom["location"] == "Utrecht"
    assert custom["business_unit"] == "Particulieren"
    assert custom["function_group"] == "medewerker"
    assert custom["employee_number"] == "VG-10231"
    assert custom["user_ref"] == "vg-1001" and custom["course_ref"] == COURSE
    ags = claims[AGS_CLAIM]
    assert ags["lineitems"] == f"{lms.url}/ags/{COURSE}/lineitems"
    assert ags["lineitem"] == link["lineitem_url"]
    assert {SCORE, LINEITEM, RESULT} <= set(ags["scope"])
    nrps = claims[NRPS_CLAIM]
    assert nrps["context_memberships_url"] == f"{lms.url}/nrps/{COURSE}/memberships"
    assert nrps["service_versions"] == ["2.0"]
    # The message hint is single use.
    again = http.post(f"{lms.url}/auth", data=params)
    assert again.status_code == 400 and "already used" in again.text


def test_launch_without_email_and_window_target(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """Joost has no e-mail on record; the window target is passed on."""
    link = make_link(lms, http, client_id)
    _, fields, _ = launch(lms, http, tool, f"/launch/{link['id']}?user=joost&target=window")
    claims = verify(lms, fields["id_token"], client_id)
    assert "email" not in claims
    assert claims[f"{CLAIM}custom"]["department"] == "Zorg"
    assert claims[f"{CLAIM}launch_presentation"]["document_target"] == "window"


def test_control_api_adds_launchable_employees(tool: FakeTool, http: httpx.Client) -> None:
    """Tests that need many distinct learners add them: a plain employee, enrolled as a Learner, launched
    like a seeded persona; without the control API there is no such endpoint."""
    own = start_platform()  # its own LMS: the module's roster counts stay as seeded
    try:
        registered = http.post(f"{own.url}/_control/tools", json={
            "jwks_uri": tool.jwks_url, "initiate_login_uri": tool.login_url,
            "redirect_uris": [tool.launch_url], "target_link_uri": tool.launch_url})
        client_id = registered.json()["client_id"]
        first = http.post(f"{own.url}/_control/personas", json={"context_id": COURSE})
        second = http.post(f"{own.url}/_control/personas", json={"given_name": "Fatma", "family_name": "Yilmaz"})
        assert first.status_code == second.status_code == 201, (first.text, second.text)
        one, two = first.json(), second.json()
        assert (one["name"], one["key"], one["course_roles"]) == ("Medewerker 0001", "medewerker-0001", [ROLE_LEARNER])
        assert two["name"] == "Fatma Yilmaz" and len({one["user_id"], two["user_id"], "vg-1001"}) == 3
        taken = http.post(f"{own.url}/_control/personas", json={"key": "sanne"})
        assert taken.status_code == 409
        state = http.get(f"{own.url}/_control/state").json()
        assert state["courses"][COURSE]["member_count"] == 8 + 2
        link = make_link(own, http, client_id)
        _, fields, _ = launch(own, http, tool, f"/launch/{link['id']}?user={two['key']}")
        claims = verify(own, fields["id_token"], client_id)
        assert claims["sub"] == two["user_id"] and claims["name"] == "Fatma Yilmaz"
        assert claims[f"{CLAIM}roles"] == [ROLE_LEARNER, ROLE_INST_STAFF]
        course = http.get(f"{own.url}/course/{COURSE}")
        assert "Fatma Yilmaz" in course.text and "Medewerker 0001" in course.text
        assert "Fatma Yilmaz" in http.get(f"{own.url}/").text
        assert http.post(f"{own.url}/_control/reset").status_code == 200  # back to the seeded personas
        assert "Fatma Yilmaz" not in http.get(f"{own.url}/").text
        assert http.get(f"{own.url}/_control/state").json()["courses"][COURSE]["member_count"] == 8
    finally:
        own.stop()
    closed = start_platform(control_api=False)
    try:
        assert http.post(f"{closed.url}/_control/personas", json={}).status_code == 404
    finally:
        closed.stop()


@pytest.mark.parametrize(("override", "complaint"), [
    ({"scope": "profile"}, "scope"),
    ({"response_type": "code"}, "response_type"),
    ({"response_mode": "query"}, "response_mode"),
    ({"prompt": "login"}, "prompt"),
    ({"client_id": "nobody"}, "client_id"),
    ({"redirect_uri": "http://evil.example/launch"}, "redirect_uri"),
    ({"login_hint": "vg-1002"}, "login_hint"),
    ({"lti_message_hint": "forged"}, "lti_message_hint"),
    ({"nonce": ""}, "nonce"),
    ({"state": ""}, "state"),
])
def test_auth_rejects_bad_requests(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str,
    override: dict[str, str], complaint: str,
) -> None:
    """Every malformed authentication request gets a 400 page saying what is wrong."""
    link = make_link(lms, http, client_id)
    login = login_params(http, f"{lms.url}/launch/{link['id']}?user=sanne")
    resp = http.post(f"{lms.url}/auth", data=auth_request(tool, login, **override))
    assert resp.status_code == 400
    assert complaint in resp.text


def test_unknown_persona_is_refused(
    lms: RunningPlatform, http: httpx.Client, client_id: str
) -> None:
    """Launch initiation needs a known persona."""
    link = make_link(lms, http, client_id)
    assert http.get(f"{lms.url}/launch/{link['id']}?user=nobody").status_code == 400


@pytest.fixture(scope="module")
def pylti_tool(lms: RunningPlatform, http: httpx.Client) -> Iterator[str]:
    """A real pylti1p3 Flask tool (login + launch validation) registered as ``pylti-tool``."""
    from pylti1p3.contrib.flask import FlaskMessageLaunch, FlaskOIDCLogin, FlaskRequest
    from pylti1p3.tool_config import ToolConfDict

    private, public = _key_pair()
    app = Flask("pylti_tool")
    app.secret_key = "test"
    server = make_server("127.0.0.1", 0, app, threaded=True)
    base = f"http://127.0.0.1:{server.port}"
    conf = ToolConfDict({lms.url: [{
        "default": True, "client_id": "pylti-tool", "auth_login_url": f"{lms.url}/auth",
        "auth_token_url": f"{lms.url}/token", "key_set_url": f"{lms.url}/jwks",
        "deployment_ids": ["dep-py"],
    }]})
    conf.set_private_key(lms.url, private, client_id="pylti-tool")
    conf.set_public_key(lms.url, public, client_id="pylti-tool")

    @app.get("/lti/jwks.json")
    def jwks() -> dict[str, Any]:
        return {"keys": conf.get_jwks(lms.url, "pylti-tool")["keys"]}

    @app.route("/lti/login", methods=["GET", "POST"])
    def login() -> Any:
        from flask import request

        oidc = FlaskOIDCLogin(FlaskRequest(), conf)
        return oidc.redirect(request.values["target_link_uri"])

    @app.post("/lti/launch")
    def launch_view() -> Any:
        message = FlaskMessageLaunch(FlaskRequest(), conf)
        data = message.get_launch_data()
        if not message.is_deep_link_launch():
            return data
        resource = (
            DeepLinkResource().set_url(f"{base}/lti/launch").set_title("Examen expert (pylti)")
            .set_custom_params({"exam": "expert"})
            .set_lineitem(LineItem().set_score_maximum(50).set_label("Expert")
                          .set_resource_id("exam-expert").set_tag("ai-diploma"))
        )
        return message.get_deep_link().output_response_form([resource])

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    resp = http.post(f"{lms.url}/_control/tools", json={
        "client_id": "pylti-tool", "deployment_id": "dep-py", "jwks_uri": f"{base}/lti/jwks.json",
        "initiate_login_uri": f"{base}/lti/login", "redirect_uris": [f"{base}/lti/launch"],
        "target_link_uri": f"{base}/lti/launch",
    })
    assert resp.status_code == 201, resp.text
    yield base
    server.shutdown()
    server.server_close()


def test_pylti1p3_tool_accepts_the_launch(
    lms: RunningPlatform, http: httpx.Client, pylti_tool: str
) -> None:
    """The browser flow against a pylti1p3 tool: its full message validation passes."""
    link = make_link(lms, http, "pylti-tool")
    with httpx.Client(timeout=10.0, follow_redirects=True) as browser:
        page = browser.get(f"{lms.url}/launch/{link['id']}?user=priya")
        assert page.status_code == 200, page.text
        action, fields = parse_autosubmit_form(page.text)
        assert action == f"{pylti_tool}/lti/launch"
        launched = browser.post(action, data=fields)
    assert launched.status_code == 200, launched.text
    data = launched.json()
    assert data["sub"] == "vg-1004"
    assert data[f"{CLAIM}custom"]["function_group"] == "beleidsmedewerker"
    assert data[f"{CLAIM}resource_link"]["id"] == link["id"]


def test_pylti1p3_tool_deep_linking(
    lms: RunningPlatform, http: httpx.Client, pylti_tool: str
) -> None:
    """A pylti1p3 deep linking response is accepted and creates the link and line item."""
    with httpx.Client(timeout=10.0, follow_redirects=True) as browser:
        page = browser.get(f"{lms.url}/deep-link/{COURSE}?user=linda&client_id=pylti-tool")
        action, fields = parse_autosubmit_form(page.text)
        response_form = browser.post(action, data=fields)
        assert response_form.status_code == 200, response_form.text
        return_url, dl_fields = parse_autosubmit_form(response_form.text)
        assert return_url == f"{lms.url}/deep-link-return"
        course = browser.post(return_url, data=dl_fields)
    assert course.status_code == 200, course.text
    state = http.get(f"{lms.url}/_control/state").json()
    link = next(lk for lk in state["links"] if lk["title"] == "Examen expert (pylti)")
    assert link["client_id"] == "pylti-tool" and link["custom"] == {"exam": "expert"}
    item = next(i for i in state["lineitems"] if i["id"] == link["lineitem_id"])
    assert (item["scoreMaximum"], item["label"], item["tag"]) == (50, "Expert", "ai-diploma")


# -- token endpoint ----------------------------------------------------------------------------


def test_token_endpoint(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """A good assertion gets a bearer token; wrong aud, reused jti, or a foreign key do not."""
    before = http.get(f"{lms.url}/_control/state").json()["token_requests"]
    resp = get_token(lms, http, tool, client_id, f"{SCORE} {NRPS} https://example.com/other")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert set(body["scope"].split()) == {SCORE, NRPS}
    wrong_aud = get_token(lms, http, tool, client_id, SCORE, aud=f"{lms.url}/elsewhere")
    assert wrong_aud.status_code == 401 and "aud" in wrong_aud.json()["error_description"]
    in_list = http.post(f"{lms.url}/token", data={
        "grant_type": "client_credentials", "scope": SCORE,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion(tool, client_id, [lms.url, f"{lms.url}/token"]),
    })
    assert in_list.status_code == 200, in_list.text
    reused = assertion(tool, client_id, f"{lms.url}/token", jti="fixed-jti")
    form = {"grant_type": "client_credentials", "scope": SCORE, "client_assertion": reused,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"}
    assert http.post(f"{lms.url}/token", data=form).status_code == 200
    assert http.post(f"{lms.url}/token", data=form).status_code == 401
    other_private, _ = _key_pair()
    forged = jwt.encode(jwt.decode(reused, options={"verify_signature": False}) | {"jti": "x"},
                        other_private, algorithm="RS256", headers={"kid": tool.kid})
    form["client_assertion"] = forged
    assert http.post(f"{lms.url}/token", data=form).status_code == 401
    after = http.get(f"{lms.url}/_control/state").json()["token_requests"]
    assert after - before == 6


# -- AGS ---------------------------------------------------------------------------------------


def test_scores_reach_the_gradebook(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """pylti1p3 posts a score; the platform keeps payload and receive time; stale ones lose."""
    link = make_link(lms, http, client_id)
    ags = AssignmentsGradesService(connector(lms, tool, client_id), {
        "scope": [SCORE, LINEITEM, RESULT], "lineitems": f"{lms.url}/ags/{COURSE}/lineitems",
        "lineitem": link["lineitem_url"],
    })
    now = datetime.now(UTC)
    grade = (Grade().set_score_given(8).set_score_maximum(10).set_user_id("vg-1003")
             .set_activity_progress("Completed").set_grading_progress("FullyGraded")
             .set_timestamp(now.isoformat()).set_comment("Goed gedaan"))
    ags.put_grade(grade)
    older = (Grade().set_score_given(2).set_score_maximum(10).set_user_id("vg-1003")
             .set_activity_progress("Completed").set_grading_progress("FullyGraded")
             .set_timestamp((now - timedelta(minutes=5)).isoformat()))
    ags.put_grade(older)
    state = http.get(f"{lms.url}/_control/state").json()
    received = [s for s in state["scores"] if s["lineitem_id"] == link["lineitem_id"]]
    assert [s["payload"]["scoreGiven"] for s in received] == [8, 2]
    assert received[0]["outcome"] == "applied" and received[0]["received_at"]
    assert received[1]["outcome"].startswith("ignored")
    assert state["results"][link["lineitem_id"]]["vg-1003"]["scoreGiven"] == 8
    results = list(ags.get_grades())
    assert len(results) == 1
    assert results[0]["userId"] == "vg-1003" and results[0]["resultScore"] == 8
    assert results[0]["resultMaximum"] == 10 and results[0]["comment"] == "Goed gedaan"
    page = http.get(f"{lms.url}/course/{COURSE}/gradebook?lang=en")
    assert page.status_code == 200 and "FullyGraded" in page.text


def test_score_validation(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """Malformed scores are refused with 400, the wrong media type with 415."""
    link = make_link(lms, http, client_id)
    token = get_token(lms, http, tool, client_id, SCORE).json()["access_token"]
    url = f"{link['lineitem_url']}/scores"
    auth = {"Authorization": f"Bearer {token}", **SCORE_TYPE}
    bad = [
        {**score("vg-1001", 11)},
        {**score("vg-1001", 5), "timestamp": "yesterday"},
        {**score("vg-1001", 5), "activityProgress": "Done"},
        {**score("vg-1001", 5), "gradingProgress": "Graded"},
        {k: v for k, v in score("vg-1001", 5).items() if k != "userId"},
        score("not-a-member", 5),
    ]
    for payload in bad:
        assert http.post(url, content=json.dumps(payload), headers=auth).status_code == 400
    wrong_type = {"Authorization": f"Bearer {token}", "Content-Type": "text/plain"}
    resp = http.post(url, content=json.dumps(score("vg-1001", 5)), headers=wrong_type)
    assert resp.status_code == 415
    assert http.post(url, content=json.dumps(score("vg-1001", 5)), headers=auth).status_code == 204


def test_score_fault_then_recovery(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """With a 503 fault set, scores are refused until the fault is cleared."""
    link = make_link(lms, http, client_id)
    token = get_token(lms, http, tool, client_id, SCORE).json()["access_token"]
    url = f"{link['lineitem_url']}/scores"
    headers = {"Authorization": f"Bearer {token}", **SCORE_TYPE}
    assert http.post(f"{lms.url}/_control/faults", json={"scores_status": 503}).status_code == 200
    resp = http.post(url, content=json.dumps(score("vg-1002", 7)), headers=headers)
    assert resp.status_code == 503
    http.post(f"{lms.url}/_control/faults", json={"scores_status": None})
    resp = http.post(url, content=json.dumps(score("vg-1002", 7)), headers=headers)
    assert resp.status_code == 204
    state = http.get(f"{lms.url}/_control/state").json()
    outcomes = [s["outcome"] for s in state["scores"] if s["lineitem_id"] == link["lineitem_id"]]
    assert outcomes == ["fault 503", "applied"]


def test_revoked_tokens_get_401(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """After revoke-tokens an old token gets 401 and a fresh one works."""
    link = make_link(lms, http, client_id)
    url = f"{link['lineitem_url']}/scores"
    old = get_token(lms, http, tool, client_id, SCORE).json()["access_token"]
    assert http.post(f"{lms.url}/_control/revoke-tokens").json()["revoked"] >= 1
    resp = http.post(url, content=json.dumps(score("vg-1004", 6)),
                     headers={"Authorization": f"Bearer {old}", **SCORE_TYPE})
    assert resp.status_code == 401 and resp.json()["error"] == "invalid_token"
    fresh = get_token(lms, http, tool, client_id, SCORE).json()["access_token"]
    assert fresh != old
    resp = http.post(url, content=json.dumps(score("vg-1004", 6)),
                     headers={"Authorization": f"Bearer {fresh}", **SCORE_TYPE})
    assert resp.status_code == 204


def test_service_auth_and_scopes(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """No token → 401; a score-only token cannot create line items (403)."""
    lineitems = f"{lms.url}/ags/{COURSE}/lineitems"
    assert http.get(lineitems).status_code == 401
    assert http.get(lineitems, headers={"Authorization": "Bearer junk"}).status_code == 401
    token = get_token(lms, http, tool, client_id, SCORE).json()["access_token"]
    resp = http.post(lineitems, json={"label": "x", "scoreMaximum": 1},
                     headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 403


def test_lineitem_crud_and_paging(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """Create, filter, page (Link rel=next), update and delete line items."""
    token = get_token(lms, http, tool, client_id, f"{LINEITEM} {SCORE}").json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    item_type = {"Content-Type": "application/vnd.ims.lis.v2.lineitem+json"}
    base = f"{lms.url}/ags/{COURSE}/lineitems"
    created = []
    for n in range(3):
        body = {"label": f"Gevorderd {n}", "scoreMaximum": 20, "tag": "crud-test",
                "resourceId": f"res-{n}"}
        resp = http.post(base, content=json.dumps(body), headers={**auth, **item_type})
        assert resp.status_code == 201, resp.text
        created.append(resp.json())
    assert created[0]["id"].startswith(f"{base}/")
    bad = http.post(base, content=json.dumps({"label": "x"}), headers={**auth, **item_type})
    assert bad.status_code == 400
    page1 = http.get(base, params={"tag": "crud-test", "limit": 2}, headers=auth)
    assert page1.status_code == 200
    assert page1.headers["content-type"].startswith(
        "application/vnd.ims.lis.v2.lineitemcontainer+json")
    assert [i["label"] for i in page1.json()] == ["Gevorderd 0", "Gevorderd 1"]
    next_url = page1.links["next"]["url"]
    page2 = http.get(next_url, headers=auth)
    assert [i["label"] for i in page2.json()] == ["Gevorderd 2"]
    assert "next" not in page2.links
    by_resource = http.get(base, params={"resource_id": "res-1"}, headers=auth).json()
    assert [i["id"] for i in by_resource] == [created[1]["id"]]
    update = {"label": "Hernoemd", "scoreMaximum": 25, "tag": "crud-test"}
    resp = http.put(created[0]["id"], content=json.dumps(update), headers={**auth, **item_type})
    assert resp.status_code == 200 and resp.json()["label"] == "Hernoemd"
    assert http.delete(created[0]["id"], headers=auth).status_code == 204
    assert http.get(created[0]["id"], headers=auth).status_code == 404
    lid = created[1]["id"].rsplit("/", 1)[1]
    assert http.delete(f"{lms.url}/_control/lineitems/{lid}").status_code == 200
    resp = http.post(f"{created[1]['id']}/scores", content=json.dumps(score("vg-1001", 1)),
                     headers={**auth, **SCORE_TYPE})
    assert resp.status_code == 404


def test_manual_result_override_is_read_back(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """A result set by hand in the gradebook is what the tool reads from /results."""
    link = make_link(lms, http, client_id)
    resp = http.post(f"{lms.url}/_control/results", json={
        "lineitem_id": link["lineitem_id"], "user_id": "vg-1005", "scoreGiven": 4,
        "scoreMaximum": 5, "comment": "Handmatig aangepast",
    })
    assert resp.status_code == 200
    token = get_token(lms, http, tool, client_id, RESULT).json()["access_token"]
    results = http.get(f"{link['lineitem_url']}/results", params={"user_id": "vg-1005"},
                       headers={"Authorization": f"Bearer {token}"})
    assert results.headers["content-type"].startswith(
        "application/vnd.ims.lis.v2.resultcontainer+json")
    [result] = results.json()
    assert result["resultScore"] == 8 and result["resultMaximum"] == 10
    assert result["comment"] == "Handmatig aangepast"
    none = http.get(f"{link['lineitem_url']}/results", params={"user_id": "vg-1001"},
                    headers={"Authorization": f"Bearer {token}"})
    assert none.json() == []


# -- NRPS --------------------------------------------------------------------------------------


def test_nrps_paging_over_250_members(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """250 extra members are read in pages of 100 through Link rel=next (with pylti1p3)."""
    resp = http.post(f"{lms.url}/_control/members", json={"context_id": COURSE, "generate": 250})
    total = resp.json()["member_count"]
    assert total == 258
    url = f"{lms.url}/nrps/{COURSE}/memberships"
    nrps = NamesRolesProvisioningService(connector(lms, tool, client_id),
                                         {"context_memberships_url": url})
    pages: list[int] = []
    members: list[dict[str, Any]] = []
    next_url: str | None = f"{url}?limit=100"
    while next_url:
        page, next_url = nrps.get_members_page(next_url)
        pages.append(len(page))
        members.extend(page)
    assert pages == [100, 100, 58]
    assert len({m["user_id"] for m in members}) == 258
    sanne = next(m for m in members if m["user_id"] == "vg-1001")
    assert sanne["name"] == "Sanne de Vries" and sanne["status"] == "Active"
    assert sanne["email"] == "sanne.devries@voorbeeldgroep.nl"
    token = get_token(lms, http, tool, client_id, NRPS).json()["access_token"]
    raw = http.get(url, params={"role": "Instructor"}, headers={"Authorization": f"Bearer {token}"})
    assert raw.headers["content-type"].startswith(
        "application/vnd.ims.lti-nrps.v2.membershipcontainer+json")
    body = raw.json()
    assert body["id"] == url and body["context"]["id"] == COURSE
    assert [m["user_id"] for m in body["members"]] == ["vg-2001"]


# -- deep linking ------------------------------------------------------------------------------


def test_deep_linking_creates_link_and_line_item(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """The instructor's deep linking launch; the response creates a link with a line item."""
    _, fields, _ = launch(lms, http, tool, f"/deep-link/{COURSE}?user=linda&client_id={client_id}")
    claims = verify(lms, fields["id_token"], client_id)
    assert claims[f"{CLAIM}message_type"] == "LtiDeepLinkingRequest"
    assert claims[f"{CLAIM}target_link_uri"] == f"{tool.base}/lti/launch?dl=1"
    settings = claims[DL_SETTINGS]
    assert settings["deep_link_return_url"] == f"{lms.url}/deep-link-return"
    assert settings["accept_types"] == ["ltiResourceLink"]
    assert settings["accept_presentation_document_targets"] == ["iframe", "window"]
    assert settings["accept_multiple"] is False and settings["auto_create"] is True
    now = int(time.time())
    response = {
        "iss": client_id, "aud": lms.url, "iat": now, "exp": now + 300,
        "nonce": uuid.uuid4().hex,
        f"{CLAIM}message_type": "LtiDeepLinkingResponse", f"{CLAIM}version": "1.3.0",
        f"{CLAIM}deployment_id": claims[f"{CLAIM}deployment_id"],
        "https://purl.imsglobal.org/spec/lti-dl/claim/data": settings["data"],
        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [{
            "type": "ltiResourceLink", "title": "Examen gevorderd — teamleiders",
            "url": tool.launch_url, "custom": {"exam": "gevorderd-teamleider"},
            "lineItem": {"scoreMaximum": 100, "label": "Gevorderd (teamleider)",
                         "resourceId": "exam-gevorderd-teamleider", "tag": "ai-diploma"},
        }],
    }
    resp = http.post(settings["deep_link_return_url"], data={"JWT": tool.sign(response)})
    assert resp.status_code == 200, resp.text
    assert "Examen gevorderd" in resp.text
    state = http.get(f"{lms.url}/_control/state").json()
    link = next(lk for lk in state["links"] if lk["title"] == "Examen gevorderd — teamleiders")
    assert link["custom"] == {"exam": "gevorderd-teamleider"}
    item = next(i for i in state["lineitems"] if i["id"] == link["lineitem_id"])
    assert item["scoreMaximum"] == 100 and item["resourceId"] == "exam-gevorderd-teamleider"
    assert item["tag"] == "ai-diploma" and item["resourceLinkId"] == link["id"]
    # Replaying the same response is refused (nonce and data are single use).
    again = http.post(settings["deep_link_return_url"], data={"JWT": tool.sign(response)})
    assert again.status_code == 400
    # The new link launches with the custom parameter and its line item.
    _, fields, _ = launch(lms, http, tool, f"/launch/{link['id']}?user=mohammed")
    launched = verify(lms, fields["id_token"], client_id)
    assert launched[f"{CLAIM}custom"]["exam"] == "gevorderd-teamleider"
    assert launched[f"{CLAIM}custom"]["function_group"] == "teamleider"
    assert launched[AGS_CLAIM]["lineitem"].endswith(f"/lineitems/{item['id']}")


def test_deep_linking_rejects_bad_responses(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """Wrong aud, a foreign signature, or a learner starting deep linking are refused."""
    assert http.get(f"{lms.url}/deep-link/{COURSE}?user=sanne").status_code == 403
    _, fields, _ = launch(lms, http, tool, f"/deep-link/{COURSE}?user=linda&client_id={client_id}")
    settings = verify(lms, fields["id_token"], client_id)[DL_SETTINGS]
    now = int(time.time())
    base = {
        "iss": client_id, "aud": lms.url, "iat": now, "exp": now + 300, "nonce": "n1",
        f"{CLAIM}message_type": "LtiDeepLinkingResponse", f"{CLAIM}version": "1.3.0",
        f"{CLAIM}deployment_id": "dep-1",
        "https://purl.imsglobal.org/spec/lti-dl/claim/data": settings["data"],
        "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [],
    }
    url = settings["deep_link_return_url"]
    resp = http.post(url, data={"JWT": tool.sign({**base, "aud": "http://other"})})
    assert resp.status_code == 400 and "aud" in resp.text
    other_private, _ = _key_pair()
    forged = jwt.encode(base, other_private, algorithm="RS256", headers={"kid": tool.kid})
    assert http.post(url, data={"JWT": forged}).status_code == 400
    html_item = {**base, "nonce": "n2",
                 "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [
                     {"type": "html", "html": "<p>x</p>"}]}
    assert http.post(url, data={"JWT": tool.sign(html_item)}).status_code == 400


# -- tampering ---------------------------------------------------------------------------------


def test_tamper_alters_only_the_next_id_token(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str
) -> None:
    """Claims merged, claims removed, header changed and another key: once, then normal."""
    link = make_link(lms, http, client_id)
    resp = http.post(f"{lms.url}/_control/tamper", json={
        "claims": {"aud": "someone-else", f"{CLAIM}version": "1.1"},
        "remove_claims": ["nonce"], "header": {"x-test": "yes"}, "sign": "other-key",
    })
    assert resp.status_code == 200
    _, fields, _ = launch(lms, http, tool, f"/launch/{link['id']}?user=eva")
    token = fields["id_token"]
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["x-test"] == "yes" and header["alg"] == "RS256"
    assert claims["aud"] == "someone-else" and claims[f"{CLAIM}version"] == "1.1"
    assert "nonce" not in claims
    with pytest.raises(jwt.InvalidSignatureError):
        verify(lms, token, "someone-else")
    _, fields, _ = launch(lms, http, tool, f"/launch/{link['id']}?user=eva")
    assert verify(lms, fields["id_token"], client_id)["nonce"]


@pytest.mark.parametrize(("mode", "alg"), [("none", "none"), ("hs256-public-key", "HS256")])
def test_tamper_signing_modes(
    lms: RunningPlatform, tool: FakeTool, http: httpx.Client, client_id: str, mode: str,
    alg: str,
) -> None:
    """alg=none and HS256-with-the-public-key tokens, for the catalogue of bad launches."""
    link = make_link(lms, http, client_id)
    http.post(f"{lms.url}/_control/tamper", json={"sign": mode})
    _, fields, _ = launch(lms, http, tool, f"/launch/{link['id']}?user=daan")
    token = fields["id_token"]
    assert jwt.get_unverified_header(token)["alg"] == alg
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["sub"] == "vg-1006"
    if mode == "none":
        assert token.endswith(".")
    else:
        public = lms.app.extensions["demo_lms"].store.public_key
        signing_input, signature = token.rsplit(".", 1)
        mac = hmac.new(public.encode(), signing_input.encode(), hashlib.sha256).digest()
        assert urlsafe_b64encode(mac).rstrip(b"=").decode() == signature


# -- persistence and pages ---------------------------------------------------------------------


def test_data_file_keeps_key_and_registrations(tmp_path: Path, tool: FakeTool) -> None:
    """A restart with the same DATA_FILE keeps the key, tools, links and line items."""
    data_file = str(tmp_path / "lms.json")
    first = create_app({"CONTROL_API": True, "DATA_FILE": data_file})
    c1 = first.test_client()
    created = c1.post("/_control/tools", json={
        "jwks_uri": tool.jwks_url, "initiate_login_uri": tool.login_url,
        "redirect_uris": [tool.launch_url], "target_link_uri": tool.launch_url,
    }).get_json()
    c1.post("/_control/links", json={"title": "Persistent", "line_item": {"scoreMaximum": 5}})
    second = create_app({"CONTROL_API": True, "DATA_FILE": data_file})
    c2 = second.test_client()
    assert c2.get("/jwks").get_json() == c1.get("/jwks").get_json()
    state = c2.get("/_control/state").get_json()
    assert [t["client_id"] for t in state["tools"]] == [created["client_id"]]
    assert state["links"][0]["title"] == "Persistent"
    assert state["lineitems"][0]["scoreMaximum"] == 5


def test_pages_and_control_api_switch(lms: RunningPlatform, http: httpx.Client) -> None:
    """Pages render in both languages; without CONTROL_API there is no /_control."""
    home_nl = http.get(f"{lms.url}/")
    assert home_nl.status_code == 200 and 'lang="nl"' in home_nl.text
    assert "Klantenservice" in home_nl.text and "Mohammed El Amrani" in home_nl.text
    home_en = http.get(f"{lms.url}/?lang=en")
    assert 'lang="en"' in home_en.text and "Customer service" in home_en.text
    course = http.get(f"{lms.url}/course/{COURSE}?lang=en")
    assert course.status_code == 200 and 'name="tool-frame"' in course.text
    assert "Add exam" in course.text
    admin = http.get(f"{lms.url}/admin/register-tool",
                     params={"url": "http://127.0.0.1:5000/lti/register"})
    assert admin.status_code == 200
    assert "registration_token=" in admin.text and "org.imsglobal.lti.close" in admin.text
    closed = start_platform(control_api=False)
    try:
        assert httpx.get(f"{closed.url}/_control/state").status_code == 404
    finally:
        closed.stop()
