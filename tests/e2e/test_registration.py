"""Dynamic registration: the happy path is in test_exam_flow; here what the tool sends and how
it refuses a platform it cannot work with."""

from __future__ import annotations

import httpx

from demo_lms.testing import start_platform
from lti_tool.lti.registration import TOOL_CONFIG, check_platform_config, client_registration
from tests.lti_client import register, state


def test_registration_request_carries_messages_scopes_urls_and_both_languages(tool, platform, browser):
    register(browser, platform, tool.url)
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
    page = browser.get(tool.url + "/lti/register")  # opened by hand, without a platform
    assert page.status_code == 400 and "Tool" in page.text


def test_registration_page_closes_the_platform_dialog(tool, platform, browser):
    grant = httpx.post(platform.url + "/_control/registration-token").json()
    page = browser.get(tool.url + "/lti/register", params={
        "openid_configuration": grant["openid_configuration"], "registration_token": grant["registration_token"]})
    assert page.status_code == 200
    script = browser.get(tool.url + "/static/close.js").text
    assert "org.imsglobal.lti.close" in script and "/static/close.js" in page.text


def test_a_used_registration_token_is_refused_with_a_clear_message(tool, platform, browser):
    grant = httpx.post(platform.url + "/_control/registration-token").json()
    params = {"openid_configuration": grant["openid_configuration"], "registration_token": grant["registration_token"]}
    assert browser.get(tool.url + "/lti/register", params=params).status_code == 200
    again = browser.get(tool.url + "/lti/register", params=params)
    assert again.status_code == 424
    assert "401" in again.text


def test_unreachable_or_unsuitable_platforms_get_4xx(tool, browser):
    with start_platform() as gone:
        url = gone.url + "/.well-known/openid-configuration"
    unreachable = browser.get(tool.url + "/lti/register", params={"openid_configuration": url})
    assert unreachable.status_code == 424
    not_http = browser.get(tool.url + "/lti/register", params={"openid_configuration": "file:///etc/passwd"})
    assert not_http.status_code == 400
    problems = check_platform_config("https://lms.example/.well-known/openid-configuration", {
        "issuer": "https://evil.example", "authorization_endpoint": "x", "token_endpoint": "x",
        "jwks_uri": "x", "id_token_signing_alg_values_supported": ["HS256"]})
    assert any("registration_endpoint is missing" in p for p in problems)
    assert any("not on the host" in p for p in problems)
    assert any("RS256" in p for p in problems)
    assert any("not an LTI 1.3 platform" in p for p in problems)


def test_canvas_json_configuration(tool):
    config = httpx.get(tool.url + "/lti/config.json").json()
    assert config["oidc_initiation_url"] == tool.url + "/lti/login"
    assert config["public_jwk_url"] == tool.url + "/lti/jwks.json"
    placements = config["extensions"][0]["settings"]["placements"]
    assert {p["message_type"] for p in placements} == {"LtiDeepLinkingRequest"}
