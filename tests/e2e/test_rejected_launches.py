"""The 1EdTech certification's "known bad payloads", and other broken launches: each gets a
4xx answer that says what was wrong, never a 500, and nothing is written for the user."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from demo_lms.testing import RunningPlatform, parse_autosubmit_form, start_platform
from lti_tool.db.models import Attempt, Person
from tests.conftest import DATABASES, provision_database, running_tool
from tests.lti_client import Browser, create_link, register, start_launch

LTI = "https://purl.imsglobal.org/spec/lti/claim/"


@dataclass
class Env:
    tool: Any
    platform: RunningPlatform
    client_id: str
    link_id: str


@pytest.fixture(scope="module", params=DATABASES)
def env(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    folder: Path = tmp_path_factory.mktemp("rejected")
    with provision_database(request.param, folder) as url, running_tool(url, None, folder / "instance") as tool:
        platform = start_platform()
        try:
            with Browser() as browser:
                reg = register(browser, platform, tool)
            link = create_link(platform, reg.client_id)
            yield Env(tool, platform, reg.client_id, link["id"])
        finally:
            platform.stop()


def tamper(env: Env, **instruction: Any) -> None:
    """Tamper with the platform's next id_token. ``seconds_from_now``: time claims as offsets from this moment (a
    time fixed when the module was imported is an hour old in a long run, and an "iat in the future" passed)."""
    offsets = instruction.pop("seconds_from_now", None)
    if offsets:
        now = int(time.time())
        instruction["claims"] = {**instruction.get("claims", {}), **{k: now + v for k, v in offsets.items()}}
    response = httpx.post(env.platform.url + "/_control/tamper", json=instruction)
    assert response.status_code == 200, response.text


def post_launch(browser: Browser, env: Env, user: str = "sanne", **form_changes: str | None) -> httpx.Response:
    form = start_launch(browser, env.platform, env.link_id, user)
    action, fields = parse_autosubmit_form(form.text)
    for key, value in form_changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return browser.post(action, data=fields)


# (case id, tamper instruction, expected status, words the message must contain)
TAMPERED = [
    ("no-kid", {"header": {"kid": None}}, 401, "no kid"),
    ("unknown-kid", {"header": {"kid": "no-such-key"}}, 401, "does not contain"),
    ("alg-none", {"sign": "none"}, 401, "only RS256"),
    ("hs256-with-public-key", {"sign": "hs256-public-key"}, 401, "only RS256"),
    ("signed-with-other-key", {"sign": "other-key"}, 401, "signature"),
    ("wrong-lti-version", {"claims": {LTI + "version": "1.2.0"}}, 400, "version"),
    ("no-lti-version", {"remove_claims": [LTI + "version"]}, 400, "version"),
    ("unknown-message-type", {"claims": {LTI + "message_type": "LtiFooRequest"}}, 400, "message type"),
    ("no-message-type", {"remove_claims": [LTI + "message_type"]}, 400, "message type"),
    ("no-roles", {"remove_claims": [LTI + "roles"]}, 400, "roles"),
    ("no-deployment-id", {"remove_claims": [LTI + "deployment_id"]}, 400, "deployment_id"),
    ("unknown-deployment-id", {"claims": {LTI + "deployment_id": "not-a-deployment"}}, 400, "deployment"),
    ("no-resource-link-id", {"claims": {LTI + "resource_link": {"title": "x"}}}, 400, "resource link"),
    ("no-sub", {"remove_claims": ["sub"]}, 400, "sub"),
    ("empty-sub", {"claims": {"sub": ""}}, 400, "sub"),
    ("expired", {"seconds_from_now": {"exp": -3600, "iat": -7200}}, 401, "expired"),
    ("iat-in-future", {"seconds_from_now": {"iat": 3600, "exp": 7200}}, 401, "iat"),
    ("no-exp", {"remove_claims": ["exp"]}, 401, "exp"),
    ("wrong-aud", {"claims": {"aud": "somebody-else"}}, 401, "aud"),
    ("several-aud-without-azp", {"claims": {"aud": ["__client__", "other"]}, "remove_claims": ["azp"]}, 401, "azp"),
    ("one-aud-foreign-azp", {"claims": {"azp": "somebody-else"}}, 401, "azp 'somebody-else'"),
    ("several-aud-foreign-azp", {"claims": {"aud": ["__client__", "other"], "azp": "other"}}, 401, "azp"),
    ("wrong-iss", {"claims": {"iss": "https://evil.example"}}, 401, "iss"),
    ("wrong-nonce", {"claims": {"nonce": "not-the-nonce"}}, 401, "nonce"),
    ("no-nonce", {"remove_claims": ["nonce"]}, 401, "nonce"),
]


@pytest.mark.parametrize(("instruction", "status", "words"), [c[1:] for c in TAMPERED], ids=[c[0] for c in TAMPERED])
def test_tampered_id_token_is_refused(env: Env, instruction: dict[str, Any], status: int, words: str) -> None:
    if instruction.get("claims", {}).get("aud") == ["__client__", "other"]:
        instruction = {**instruction, "claims": {**instruction["claims"], "aud": [env.client_id, "other"]}}
    people_before = _count(env, Person)
    tamper(env, **instruction)
    with Browser() as browser:
        response = post_launch(browser, env)
    assert response.status_code == status, response.text
    assert words.lower() in unescape(response.text).lower()
    assert "Traceback" not in response.text
    assert _count(env, Person) == people_before  # nothing written for a refused launch


def _count(env: Env, model: type) -> int:
    with env.tool.svc.db.session() as db:
        return int(db.scalar(select(func.count()).select_from(model)))


def test_refusals_are_explained_in_dutch_to_a_dutch_browser(env: Env) -> None:
    tamper(env, seconds_from_now={"exp": -3600, "iat": -7200})
    with Browser(language="nl") as browser:
        response = post_launch(browser, env)
    assert response.status_code == 401
    assert "Het id_token is verlopen." in response.text
    assert "Start opnieuw vanuit de cursus" in response.text


def test_replayed_id_token_is_refused(env: Env) -> None:
    with Browser() as browser:
        form = start_launch(browser, env.platform, env.link_id, "eva")
        action, fields = parse_autosubmit_form(form.text)
        first = browser.post(action, data=fields)
        assert first.status_code == 303
        replay = browser.post(action, data=fields)
    assert replay.status_code == 401
    assert "already used" in replay.text or "al gebruikt" in replay.text  # the launch's language: nl


def test_replayed_id_token_with_a_fresh_state_is_refused(env: Env) -> None:
    with Browser() as browser:
        form = start_launch(browser, env.platform, env.link_id, "eva")
        action, fields = parse_autosubmit_form(form.text)
        assert browser.post(action, data=fields).status_code == 303
        fresh = start_launch(browser, env.platform, env.link_id, "eva")
        _, fresh_fields = parse_autosubmit_form(fresh.text)
        replay = browser.post(action, data={"state": fresh_fields["state"], "id_token": fields["id_token"]})
    assert replay.status_code == 401
    assert "nonce" in replay.text


@pytest.mark.parametrize(("changes", "status", "words"), [
    ({"id_token": None}, 400, "no id_token"),
    ({"state": None}, 400, "no state"),
    ({"state": "forged-state"}, 401, "unknown, expired or already used"),
    ({"id_token": "abc.def"}, 400, "3 parts"),
    ({"id_token": "!!!.@@@.###"}, 400, "can't be decoded"),
], ids=["no-id-token", "no-state", "forged-state", "two-part-jwt", "garbage-jwt"])
def test_broken_launch_form_is_refused(env: Env, changes: dict[str, str | None], status: int, words: str) -> None:
    with Browser() as browser:
        response = post_launch(browser, env, **changes)
    assert response.status_code == status, response.text
    assert words.lower() in unescape(response.text).lower()


def test_launch_from_another_browser_is_refused(env: Env) -> None:
    """Login CSRF: an id_token posted in a browser that did not start the login."""
    with Browser() as victim, Browser() as attacker:
        form = start_launch(attacker, env.platform, env.link_id, "sanne")
        action, fields = parse_autosubmit_form(form.text)
        response = victim.post(action, data=fields)
    assert response.status_code == 401
    assert "state cookie" in response.text


def test_learner_cannot_start_deep_linking(env: Env) -> None:
    tamper(env, claims={LTI + "message_type": "LtiDeepLinkingRequest",
                        "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings": {
                            "deep_link_return_url": env.platform.url + "/deep-link-return",
                            "accept_types": ["ltiResourceLink"],
                            "accept_presentation_document_targets": ["iframe"]}})
    with Browser() as browser:
        response = post_launch(browser, env, user="sanne")
    assert response.status_code == 403
    assert "staff" in response.text or "cursusbeheerders" in response.text


def test_azp_equal_to_the_client_id_is_accepted(env: Env) -> None:
    tamper(env, claims={"azp": env.client_id})
    with Browser() as browser:
        response = post_launch(browser, env, user="eva")
    assert response.status_code == 303, response.text


BIG = 64 * 1024 + 1


@pytest.mark.parametrize("id_token", ["!" * BIG, "a" * (BIG // 2) + "." + "b" * (BIG // 2) + ".c"],
                         ids=["oversized-garbage", "oversized-three-parts"])
def test_oversized_id_token_is_refused_before_it_is_decoded(env: Env, id_token: str) -> None:
    """413 with the size as reason, not "can't be decoded": nothing tried to parse it."""
    with Browser() as browser:
        response = post_launch(browser, env, id_token=id_token)
    assert response.status_code == 413, response.text
    assert "larger than 64 KB" in response.text


def test_oversized_signed_id_token_is_refused(env: Env) -> None:
    """A validly signed id_token from the platform, padded past 64 KB with a claim."""
    people_before = _count(env, Person)
    tamper(env, claims={"https://example.com/padding": "x" * BIG})
    with Browser(language="nl") as browser:
        response = post_launch(browser, env)
    assert response.status_code == 413
    assert "groter dan 64 KB" in response.text
    assert _count(env, Person) == people_before


DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


@pytest.mark.parametrize("dl_settings", [
    {"accept_types": ["ltiResourceLink"], "accept_presentation_document_targets": ["iframe"]},
    {"deep_link_return_url": "", "accept_types": ["ltiResourceLink"],
     "accept_presentation_document_targets": ["iframe"]},
    {"deep_link_return_url": "javascript:alert(1)", "accept_types": ["ltiResourceLink"],
     "accept_presentation_document_targets": ["iframe"]},
    None,
], ids=["no-return-url", "empty-return-url", "script-return-url", "no-settings-claim"])
def test_deep_linking_without_return_url_is_refused(env: Env, dl_settings: dict[str, Any] | None) -> None:
    claims: dict[str, Any] = {LTI + "message_type": "LtiDeepLinkingRequest"}
    if dl_settings is not None:
        claims[DL_SETTINGS] = dl_settings
    tamper(env, claims=claims, **({} if dl_settings is not None else {"remove_claims": [DL_SETTINGS]}))
    with Browser() as browser:
        response = post_launch(browser, env, user="linda")
    assert response.status_code == 400, response.text
    assert "deep_link_return_url" in unescape(response.text)


@pytest.mark.parametrize(("params", "words"), [
    ({"iss": "https://unknown.example", "login_hint": "x", "target_link_uri": "__tool__/lti/launch"}, "not registered"),
    ({"login_hint": "x", "target_link_uri": "__tool__/lti/launch"}, "iss"),
    ({"iss": "__platform__", "login_hint": "x", "target_link_uri": "https://evil.example/"}, "does not belong"),
], ids=["unknown-issuer", "no-issuer", "foreign-target"])
def test_bad_login_requests(env: Env, params: dict[str, str], words: str) -> None:
    params = {k: v.replace("__tool__", env.tool.url).replace("__platform__", env.platform.url)
              for k, v in params.items()}
    response = httpx.get(env.tool.url + "/lti/login", params=params, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert words in response.text


def test_json_clients_get_json_errors(env: Env) -> None:
    response = httpx.post(env.tool.url + "/lti/launch", data={"state": "x"},
                          headers={"Accept": "application/json", "Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json()["error"] == "The launch has no id_token."


def test_refused_launches_wrote_nothing(env: Env) -> None:
    """Runs last in this module: only the accepted launches of the replay tests (Eva, vg-1003)
    left a person and an attempt behind; dozens of refused launches left nothing."""
    with env.tool.svc.db.session() as db:
        subjects = set(db.scalars(select(Person.subject)))
        attempts = db.scalar(select(func.count()).select_from(Attempt))
    assert subjects <= {"vg-1003"}
    assert attempts <= 1
