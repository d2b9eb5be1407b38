"""The server side of launches without third-party cookies (lti_tool/lti/platform_storage.py), over
real HTTP against the demo LMS: a browser whose cookies are dropped in the frame proves its login
with the values it read back from the platform's storage, and every forged, tampered or replayed
proof is refused with a 4xx page while writing nothing. The in-browser half (postMessage) is in
tests/browser/test_platform_storage.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urljoin, urlparse

import httpx
import pytest
from sqlalchemy import func, select

from demo_lms.testing import RunningPlatform, parse_autosubmit_form, start_platform
from lti_tool.db.models import Attempt, Person
from tests.conftest import DATABASES, provision_database, running_tool
from tests.lti_client import Browser, create_link, press_start, register

FRAMED = {"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site"}


@dataclass
class Env:
    tool: Any
    platform: RunningPlatform
    client_id: str
    link_id: str


@pytest.fixture(scope="module", params=DATABASES)
def env(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    folder: Path = tmp_path_factory.mktemp("storage")
    with provision_database(request.param, folder) as url, running_tool(url, None, folder / "instance") as tool:
        platform = start_platform()
        try:
            with Browser() as browser:
                reg = register(browser, platform, tool)
            link = create_link(platform, reg.client_id)
            yield Env(tool, platform, reg.client_id, link["id"])
        finally:
            platform.stop()


def data_attributes(html: str, element_id: str = "lti-storage") -> dict[str, str]:
    """The ``data-*`` attributes of the element with ``element_id``."""
    tag = re.search(r'<[a-z]+ id="' + re.escape(element_id) + r'"[^>]*>', html)
    assert tag, f"no #{element_id} in the page"
    return {name: unescape(value) for name, value in re.findall(r'data-([a-z-]+)="([^"]*)"', tag.group(0))}


def login_url(browser: Browser, env: Env, user: str) -> str:
    """The LMS's launch initiation: the tool's login URL (with the LMS's lti_storage_target)."""
    start = browser.get(f"{env.platform.url}/launch/{env.link_id}", params={"user": user})
    assert start.status_code == 302, start.text
    return str(start.headers["location"])


@dataclass
class StorageLaunch:
    """A launch that came back without its state cookie to the storage launch page."""

    page: httpx.Response
    fields: dict[str, str]
    stored: dict[str, str]  # what the login page put into the platform's storage


def launch_without_cookie(browser: Browser, env: Env, user: str) -> StorageLaunch:
    login = browser.get(login_url(browser, env, user), headers=FRAMED)
    assert login.status_code == 200, login.text
    put = data_attributes(login.text)
    assert put["mode"] == "put" and put["target"] == "_parent"
    assert put["platform-origin"] == env.platform.url  # the origin of the OIDC authorization endpoint
    assert any(c.startswith("lti_state_") for c in browser.cookies), "the cookie is still set"
    stored = {f"state_{put['state']}": put["state"], f"nonce_{put['nonce']}": put["nonce"]}
    browser.cookies.clear()  # what a browser that blocks third-party cookies does
    auth = browser.get(put["next"])
    assert auth.status_code == 200, auth.text
    action, fields = parse_autosubmit_form(auth.text)
    assert fields.get("lti_storage_target") == "_parent"  # the platform repeats it in the launch
    page = browser.post(action, data=fields, headers=FRAMED)
    assert page.status_code == 200, page.text
    _, form = parse_autosubmit_form(page.text)
    return StorageLaunch(page, form, stored)


def prove(browser: Browser, env: Env, launch: StorageLaunch, origin: str | None = None,
          site: str | None = "same-origin", **changes: str) -> httpx.Response:
    """Post the launch again the way platform_storage.js does, with the values read back."""
    get = data_attributes(launch.page.text)
    fields = dict(launch.fields)
    fields["lti_storage_state"] = launch.stored.get(f"state_{get['state']}", "")
    fields["lti_storage_nonce"] = launch.stored.get(f"nonce_{get['nonce']}", "")
    fields.update(changes)
    headers = {"Origin": origin or env.tool.url}
    if site:
        headers["Sec-Fetch-Site"] = site
    return browser.post(f"{env.tool.url}/lti/launch", data=fields, headers=headers)


def written(env: Env) -> tuple[int, int]:
    with env.tool.svc.db.session() as db:
        return (int(db.scalar(select(func.count()).select_from(Person))),
                int(db.scalar(select(func.count()).select_from(Attempt))))


def test_launch_completes_through_platform_storage(env: Env) -> None:
    with Browser() as browser:
        launch = launch_without_cookie(browser, env, "sanne")
        get = data_attributes(launch.page.text)
        assert get["mode"] == "get" and get["platform-origin"] == env.platform.url
        assert launch.page.headers["Referrer-Policy"] == "same-origin"
        assert "no-store" in launch.page.headers["Cache-Control"]
        assert not any(c.startswith("lti_state_") for c in browser.cookies)
        done = prove(browser, env, launch)
        assert done.status_code == 303, done.text
        page = press_start(browser, browser.follow(done))
    assert page.status_code == 200 and "/attempt/" in str(page.url), page.text


def test_replayed_storage_proof_is_refused(env: Env) -> None:
    with Browser() as browser:
        launch = launch_without_cookie(browser, env, "eva")
        assert prove(browser, env, launch).status_code == 303
        before = written(env)
        browser.cookies.clear()  # the launch session's cookie (and its language)
        replay = prove(browser, env, launch)
    assert replay.status_code == 401
    assert "unknown, expired or already used" in unescape(replay.text)
    assert written(env) == before


@pytest.mark.parametrize(("changes", "words"), [
    ({"lti_storage_state": "another-state"}, "state kept in the LMS's platform storage does not match"),
    ({"lti_storage_nonce": "another-nonce"}, "nonce kept in the LMS's platform storage does not match"),
    ({"lti_storage_state": ""}, "state kept in the LMS's platform storage does not match"),
], ids=["state", "nonce", "nothing-stored"])
def test_tampered_storage_values_are_refused_and_spend_the_state(env: Env, changes: dict[str, str],
                                                                 words: str) -> None:
    before = written(env)
    with Browser() as browser:
        launch = launch_without_cookie(browser, env, "priya")
        refused = prove(browser, env, launch, **changes)
        assert refused.status_code == 401, refused.text
        assert words in unescape(refused.text)
        honest = prove(browser, env, launch)  # the state was used by the refused attempt
    assert honest.status_code == 401
    assert written(env) == before


@pytest.mark.parametrize(("origin", "site"), [
    ("__platform__", "cross-site"),  # a page of another site posting a forged proof
    ("__tool__", "cross-site"),
    ("null", None),
], ids=["other-origin", "cross-site-fetch", "opaque-origin"])
def test_proof_from_another_site_is_refused(env: Env, origin: str, site: str | None) -> None:
    before = written(env)
    with Browser() as browser:
        launch = launch_without_cookie(browser, env, "joost")
        origin = origin.replace("__platform__", env.platform.url).replace("__tool__", env.tool.url)
        refused = prove(browser, env, launch, origin=origin, site=site)
    assert refused.status_code == 403, refused.text
    assert "not sent by this tool's own page" in unescape(refused.text)
    assert written(env) == before


def test_storage_proof_for_a_login_without_storage_is_refused(env: Env) -> None:
    """A login outside a frame keeps only the cookie: a storage proof cannot stand in for it."""
    with Browser() as browser:
        login = browser.get(login_url(browser, env, "daan"))  # no Sec-Fetch-Dest: the plain redirect
        assert login.status_code == 302
        state = parse_qs(urlparse(login.headers["location"]).query)["state"][0]
        nonce = parse_qs(urlparse(login.headers["location"]).query)["nonce"][0]
        browser.cookies.clear()
        auth = browser.get(login.headers["location"])
        action, fields = parse_autosubmit_form(auth.text)
        refused = browser.post(action, data={**fields, "lti_storage_state": state, "lti_storage_nonce": nonce},
                               headers={"Origin": env.tool.url, "Sec-Fetch-Site": "same-origin"})
    assert refused.status_code == 401
    assert "did not start with platform storage" in unescape(refused.text)


def test_framed_login_without_storage_checks_the_cookie_before_the_platform(env: Env) -> None:
    with Browser() as browser:
        url = login_url(browser, env, "mohammed")
        bare = re.sub(r"&lti_storage_target=[^&]*", "", url)
        login = browser.get(bare, headers=FRAMED)
        assert login.status_code == 302 and "/lti/login/check/" in login.headers["location"]
        check = urljoin(env.tool.url, login.headers["location"])
        with_cookie = browser.get(check)
        assert with_cookie.status_code == 302
        assert with_cookie.headers["location"].startswith(env.platform.url + "/auth?")
        browser.cookies.clear()
        without = browser.get(check)
    assert without.status_code == 200
    action, fields = parse_autosubmit_form(without.text)
    assert urlparse(action).path == "/lti/login" and "lti_storage_target" not in fields
    assert parse_qs(urlparse(url).query)["lti_message_hint"][0] == fields["lti_message_hint"]
    assert 'target="_blank"' in without.text and "Open in a new window" in without.text


def test_new_window_restart_completes_the_launch(env: Env) -> None:
    """The fallback page's form, sent top-level (first-party: the cookie works): an ordinary launch."""
    with Browser() as frame:
        url = re.sub(r"&lti_storage_target=[^&]*", "", login_url(frame, env, "sanne"))
        check = frame.get(url, headers=FRAMED)
        frame.cookies.clear()
        fallback = frame.get(urljoin(env.tool.url, check.headers["location"]))
    action, fields = parse_autosubmit_form(fallback.text)
    with Browser() as window:
        login = window.get(urljoin(env.tool.url, action), params=fields)
        assert login.status_code == 302, login.text
        auth = window.get(login.headers["location"])
        assert auth.status_code == 200, auth.text
        done = window.submit_form(auth)
        assert done.status_code == 303, done.text
        assert "/s/" in done.headers["location"]


def test_launch_without_cookie_or_storage_offers_a_new_window(env: Env) -> None:
    with Browser() as browser:
        login = browser.get(login_url(browser, env, "eva"))
        browser.cookies.clear()
        auth = browser.get(login.headers["location"])
        refused = browser.submit_form(auth)
    assert refused.status_code == 401
    assert "state cookie missing" in refused.text
    assert 'id="new-window"' in refused.text


@pytest.mark.parametrize("target", ["javascript:alert(1)", "a" * 65, "frame name"])
def test_odd_storage_targets_are_ignored(env: Env, target: str) -> None:
    with Browser() as browser:
        url = re.sub(r"lti_storage_target=[^&]*", "lti_storage_target=" + quote(target),
                     login_url(browser, env, "sanne"))
        login = browser.get(url, headers=FRAMED)
    assert login.status_code == 302 and "/lti/login/check/" in login.headers["location"]


def test_unknown_state_at_the_login_check(env: Env) -> None:
    response = httpx.get(f"{env.tool.url}/lti/login/check/no-such-state", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "unknown, expired or already used" in unescape(response.text)
