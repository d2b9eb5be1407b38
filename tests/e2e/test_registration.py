"""Dynamic registration: the happy path is in test_exam_flow; here what the tool sends, that only
invited platforms register, and how it refuses a platform it cannot work with or trust."""

from __future__ import annotations

import datetime as dt
import json
import threading

import httpx
import pytest
from sqlalchemy import select
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from demo_lms.testing import start_platform
from lti_tool.db.models import AuditEntry, PlatformInvitation, utcnow
from lti_tool.lti.platforms import list_platforms
from lti_tool.lti.registration import TOOL_CONFIG, check_platform_config, client_registration
from tests.lti_client import cli, invite, register, state


def test_registration_request_carries_messages_scopes_urls_and_both_languages(tool, platform, browser):
    register(browser, platform, tool)
    registered = state(platform)["tools"][-1]
    assert registered["jwks_uri"] == tool.url + "/lti/jwks.json"
    assert registered["initiate_login_uri"] == tool.url + "/lti/login"
    assert tool.url + "/lti/launch" in registered["redirect_uris"]
    scopes = set(registered["scopes"])
    assert {"https://purl.imsglobal.org/spec/lti-ags/scope/score",
            "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
            "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
            "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"} <= scopes
    body = client_registration(tool.url, {})
    types = {m["type"] for m in body[TOOL_CONFIG]["messages"]}
    assert types == {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}
    assert body["client_name#nl"] == "AI-diploma" and body["client_name#en"] == "AI diploma"
    page = browser.get(tool.url + "/lti/register")  # opened by hand, without an invitation
    assert page.status_code == 403 and "platform invite" in page.text


def test_registration_page_closes_the_platform_dialog(tool, platform, browser):
    grant = httpx.post(platform.url + "/_control/registration-token").json()
    page = browser.get(invite(tool), params={
        "openid_configuration": grant["openid_configuration"], "registration_token": grant["registration_token"]})
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    script = browser.get(tool.url + "/static/close.js").text
    assert "org.imsglobal.lti.close" in script and "/static/close.js" in page.text


class FakePlatform:
    """An 'LMS' whose OpenID configuration and registration answer the test chooses, counting every
    request it gets (a trial Moodle on a laptop, or whoever controls one JSON file on an LMS host)."""

    def __init__(self, client_id: str = "client-1", **config: object) -> None:
        self.requests: list[str] = []
        self.client_id = client_id
        self.config = config
        self.answer_status = 200
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def config_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def openid_configuration(self) -> dict:
        return {"issuer": self.url, "authorization_endpoint": self.url + "/auth", "token_endpoint": self.url + "/token",
                "jwks_uri": self.url + "/jwks", "registration_endpoint": self.url + "/register",
                "id_token_signing_alg_values_supported": ["RS256"],
                "https://purl.imsglobal.org/spec/lti-platform-configuration": {"product_family_code": "fake"},
                **self.config}

    @Request.application
    def app(self, request: Request) -> Response:
        self.requests.append(f"{request.method} {request.path}")
        if request.path.endswith("openid-configuration"):
            return Response(json.dumps(self.openid_configuration()), mimetype="application/json")
        if request.path == "/register":
            body = {"client_id": self.client_id} if self.answer_status == 200 else {"error": "SECRET-REMOTE-TEXT"}
            return Response(json.dumps(body), status=self.answer_status, mimetype="application/json")
        return Response("not here", 404)

    def stop(self) -> None:
        self.server.shutdown()


@pytest.fixture
def fake_platform():
    fake = FakePlatform()
    yield fake
    fake.stop()


def platforms(tool) -> list[tuple[str, str, str, bool]]:
    with tool.svc.db.session() as db:
        return [(p.issuer, p.client_id, p.key_set_url, p.is_home) for p in list_platforms(db)]


def test_an_uninvited_platform_cannot_register_and_nothing_is_fetched(tool, fake_platform, browser):
    refused = [browser.get(tool.url + "/lti/register", params={"openid_configuration": fake_platform.config_url}),
               browser.get(tool.url + "/lti/register/not-a-real-invitation",
                           params={"openid_configuration": fake_platform.config_url})]
    assert [r.status_code for r in refused] == [403, 403]
    assert "invited" in refused[1].text and "platform invite" in refused[1].text
    assert fake_platform.requests == [] and platforms(tool) == []


def test_an_invitation_registers_one_platform_once_and_expires(tool, fake_platform, browser):
    url = invite(tool, home=False)
    params = {"openid_configuration": fake_platform.config_url}
    assert browser.get(url, params=params).status_code == 200
    assert platforms(tool) == [(fake_platform.url, "client-1", fake_platform.url + "/jwks", False)]
    seen = len(fake_platform.requests)
    again = browser.get(url, params=params)
    assert again.status_code == 410 and "already been used" in again.text
    assert len(fake_platform.requests) == seen  # refused before fetching anything
    expired = invite(tool, home=False)
    with tool.svc.db.transaction() as db:
        for row in db.scalars(select(PlatformInvitation).where(PlatformInvitation.used_at.is_(None))):
            row.expires_at = utcnow() - dt.timedelta(seconds=1)
    late = browser.get(expired, params=params)
    assert late.status_code == 410 and "expired" in late.text and len(fake_platform.requests) == seen


def test_registering_again_never_changes_an_existing_registration(tool, fake_platform, browser):
    params = {"openid_configuration": fake_platform.config_url}
    assert browser.get(invite(tool), params=params).status_code == 200
    before = platforms(tool)
    fake_platform.config = {"jwks_uri": fake_platform.url + "/attacker-keys",
                            "authorization_endpoint": fake_platform.url + "/attacker-login"}
    again = browser.get(invite(tool, home=False), params=params)
    assert again.status_code == 409 and "platform update" in again.text
    assert platforms(tool) == before and before[0][3] is True  # keys, URLs and the home flag unchanged
    changed = cli(tool, "platform", "update", "--issuer", fake_platform.url, "--client-id", "client-1",
                  "--jwks-url", fake_platform.url + "/new-keys")
    assert "key_set_url" in changed
    assert platforms(tool)[0][2] == fake_platform.url + "/new-keys"
    with tool.svc.db.session() as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "platform.updated")).one()
    assert entry.before == {"key_set_url": fake_platform.url + "/jwks"}
    assert entry.after == {"key_set_url": fake_platform.url + "/new-keys"}


@pytest.mark.parametrize("field", ["authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"])
def test_every_endpoint_must_be_on_the_issuers_host(tool, fake_platform, browser, field):
    fake_platform.config = {field: "http://127.0.0.2:9/elsewhere"}
    page = browser.get(invite(tool), params={"openid_configuration": fake_platform.config_url})
    assert page.status_code == 400 and field in page.text and "issuer" in page.text
    assert "POST /register" not in fake_platform.requests and platforms(tool) == []


def test_the_platforms_own_words_are_never_shown(tool, fake_platform, browser):
    fake_platform.answer_status = 400
    page = browser.get(invite(tool), params={"openid_configuration": fake_platform.config_url})
    assert page.status_code == 424 and "400" in page.text and "SECRET-REMOTE-TEXT" not in page.text
    assert platforms(tool) == []


def test_a_used_registration_token_is_refused_with_a_clear_message(tool, platform, browser):
    grant = httpx.post(platform.url + "/_control/registration-token").json()
    params = {"openid_configuration": grant["openid_configuration"], "registration_token": grant["registration_token"]}
    assert browser.get(invite(tool), params=params).status_code == 200
    again = browser.get(invite(tool, home=False), params=params)  # a new invitation, the platform's spent token
    assert again.status_code == 424
    assert "401" in again.text


def test_unreachable_or_unsuitable_platforms_get_4xx(tool, browser):
    with start_platform() as gone:
        url = gone.url + "/.well-known/openid-configuration"
    unreachable = browser.get(invite(tool), params={"openid_configuration": url})
    assert unreachable.status_code == 424
    not_http = browser.get(invite(tool), params={"openid_configuration": "file:///etc/passwd"})
    assert not_http.status_code == 400
    problems = check_platform_config("https://lms.example/.well-known/openid-configuration", {
        "issuer": "https://evil.example", "authorization_endpoint": "x", "token_endpoint": "x",
        "jwks_uri": "x", "id_token_signing_alg_values_supported": ["HS256"]})
    assert any("registration_endpoint is missing" in p for p in problems)
    assert any("not on the host" in p for p in problems)
    assert any("RS256" in p for p in problems)
    assert any("not an LTI 1.3 platform" in p for p in problems)


def test_invitation_command_line(tool):
    assert "/lti/register/" in invite(tool, home=False, note="Moodle Acme")
    listed = json.loads(cli(tool, "platform", "list", "--json"))
    assert [(i["note"], i["used"]) for i in listed["invitations"]] == [("Moodle Acme", False)]
    bad = tool.app.test_cli_runner().invoke(args=["platform", "invite", "--expires", "2y"])
    assert bad.exit_code != 0 and "30m, 12h or 7d" in bad.output


def test_canvas_json_configuration(tool):
    config = httpx.get(tool.url + "/lti/config.json").json()
    assert config["oidc_initiation_url"] == tool.url + "/lti/login"
    assert config["public_jwk_url"] == tool.url + "/lti/jwks.json"
    placements = config["extensions"][0]["settings"]["placements"]
    assert {p["message_type"] for p in placements} == {"LtiDeepLinkingRequest"}


def test_the_invitation_stays_out_of_the_logs(tool, fake_platform, browser, caplog):
    url = invite(tool, home=False)
    token = url.rsplit("/", 1)[1]
    with caplog.at_level("INFO"):
        assert browser.get(url, params={"openid_configuration": fake_platform.config_url}).status_code == 200
    assert "/lti/register/…" in caplog.text and token not in caplog.text


@pytest.mark.parametrize("where", ["loopback", "metadata", "private", "mapped"])
def test_registration_cannot_be_pointed_at_internal_addresses(database_url, lrs, tmp_path, fake_platform,
                                                              browser, where):
    """With private hosts not allowed (production), an invited registration still cannot make the tool
    fetch from this machine (however its address is written), the cloud metadata service or a private
    network. (A platform JWKS that redirects is refused too: tests/integration/test_egress.py.)"""
    from tests.conftest import running_tool

    targets = {"loopback": fake_platform.config_url,
               "metadata": "http://169.254.169.254/latest/meta-data/openid-configuration",
               "private": "http://10.0.0.1/.well-known/openid-configuration",
               "mapped": f"http://[::ffff:127.0.0.1]:{fake_platform.server.port}/.well-known/openid-configuration"}
    with running_tool(database_url, lrs, tmp_path / "prod", allow_private_hosts=False) as prod:
        page = browser.get(invite(prod), params={"openid_configuration": targets[where]})
        assert page.status_code == 424 and "was not called" in page.text, page.text
        assert platforms(prod) == []
    assert fake_platform.requests == []  # nothing reached the machine's own server
