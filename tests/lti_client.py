"""A test user agent: real HTTP, a browser's cookie rules, and the LTI launch dance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import urljoin

import httpx
from flask import Flask

from demo_lms.testing import RunningPlatform, parse_autosubmit_form
from lti_tool.db.models import AuditEntry
from lti_tool.lti.invitations import home_platform

COURSE = "ai-diploma-2026"


class LoopbackSecurePolicy(DefaultCookiePolicy):
    """Like browsers, treat http://127.0.0.1 as a secure context for ``Secure`` cookies."""

    def return_ok_secure(self, cookie, request):  # type: ignore[no-untyped-def]
        host = request.host.split(":")[0]
        return not cookie.secure or request.type == "https" or host in ("127.0.0.1", "localhost")


class Browser(httpx.Client):
    def __init__(self, language: str = "en") -> None:
        super().__init__(timeout=30, headers={"Accept": "text/html", "Accept-Language": language})
        self.cookies.jar.set_policy(LoopbackSecurePolicy())

    def _merge_cookies(self, cookies=None):  # type: ignore[no-untyped-def]
        return None  # httpx copies the jar per request, losing its policy: see build_request

    def build_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        request = super().build_request(*args, **kwargs)
        self.cookies.set_cookie_header(request)
        return request

    def follow(self, response: httpx.Response, limit: int = 10) -> httpx.Response:
        """Follow redirects by hand (so every hop is visible to assertions)."""
        for _ in range(limit):
            if response.status_code not in (301, 302, 303, 307):
                return response
            response = self.get(urljoin(str(response.url), response.headers["location"]))
        raise AssertionError("too many redirects")

    def submit_form(self, response: httpx.Response, extra: dict[str, str] | None = None) -> httpx.Response:
        action, fields = parse_autosubmit_form(response.text)
        return self.post(urljoin(str(response.url), action), data={**fields, **(extra or {})})


def csrf_token(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


@dataclass
class Registration:
    client_id: str
    deployment_id: str


#: the demo organisation's grants (as scripts/demo.py makes them): Linda works for L&D, Kees is the
#: tool administrator. Their LTI roles (Instructor, Administrator) alone give no organisation power.
STAFF_GRANTS = (("vg-2001", "ld"), ("vg-9001", "admin"))


#: audit entries about the tool's own setup (invitations, registrations): leave them out to count the rest
NOT_PLATFORM = AuditEntry.action.not_like("platform.%")


def _app(tool: Any) -> Flask:
    return tool if isinstance(tool, Flask) else tool.app


def cli(tool: Any, *args: str) -> str:
    """Run a ``flask --app wsgi`` command against the tool's app; fail the test if it fails."""
    result = _app(tool).test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return str(result.output)


def invite(tool: Any, home: bool = True, note: str = "tests") -> str:
    """A one-time registration URL, as the tool administrator makes it (``platform invite``)."""
    return cli(tool, "platform", "invite", "--note", note, *(["--home"] if home else [])).strip().splitlines()[0]


def register(browser: Browser, platform: RunningPlatform, tool: Any, *, home: bool | None = None,
             grants: Sequence[tuple[str, str]] = ()) -> Registration:
    """LTI Dynamic Registration with an invitation, driven as the LMS admin's browser would; then the
    organisation's grants (e.g. ``STAFF_GRANTS``). ``tool``: a RunningTool or the tool's Flask app;
    ``home``: whether the platform becomes the home platform (default: when there is none yet)."""
    if home is None:
        with _app(tool).extensions["aidiploma"].db.session() as db:
            home = home_platform(db) is None
    url = invite(tool, home=home)
    grant = httpx.post(platform.url + "/_control/registration-token").json()
    response = browser.get(url, params={
        "openid_configuration": grant["openid_configuration"],
        "registration_token": grant["registration_token"]})
    assert response.status_code == 200, response.text
    registered = state(platform)["tools"][-1]
    for subject, role in grants:
        cli(tool, "roles", "grant", "--issuer", platform.url, "--client-id", registered["client_id"],
            "--subject", subject, "--role", role)
    return Registration(registered["client_id"], registered["deployment_id"])


def state(platform: RunningPlatform) -> dict[str, Any]:
    return httpx.get(platform.url + "/_control/state").json()


def create_link(platform: RunningPlatform, client_id: str, exam: str = "basic",
                score_maximum: float = 20, title: str = "AI-diploma basis") -> dict[str, Any]:
    response = httpx.post(platform.url + "/_control/links", json={
        "client_id": client_id, "context_id": COURSE, "title": title, "custom": {"exam": exam},
        "line_item": {"scoreMaximum": score_maximum, "label": title, "resourceId": exam}})
    assert response.status_code == 201, response.text
    return response.json()


def new_persona(platform: RunningPlatform, **fields: str) -> dict[str, Any]:
    """A new plain employee ("Medewerker 0001", a Learner of the course and nothing else, ``fields`` such as
    ``given_name`` overriding) through the demo LMS's control API: the persona (``key`` to launch with,
    ``user_id``, ``name``). Attempts count per person and exam, so a test that needs an attempt of its own
    needs a person of its own."""
    response = httpx.post(platform.url + "/_control/personas", json={"context_id": COURSE, **fields})
    assert response.status_code == 201, response.text
    return dict(response.json())


def new_learner(platform: RunningPlatform, **fields: str) -> str:
    """The key of a new plain employee (see ``new_persona``)."""
    return str(new_persona(platform, **fields)["key"])


def start_launch(browser: Browser, platform: RunningPlatform, link_id: str, user: str) -> httpx.Response:
    """Up to the platform's auto-submitting id_token form (not yet posted to the tool)."""
    response = browser.get(f"{platform.url}/launch/{link_id}", params={"user": user})
    assert response.status_code == 302, response.text
    login = browser.get(response.headers["location"])
    assert login.status_code == 302, login.text
    auth = browser.get(login.headers["location"])
    assert auth.status_code == 200, auth.text
    return auth


def launch(browser: Browser, platform: RunningPlatform, link_id: str, user: str, *,
           start: bool = True) -> httpx.Response:
    """A complete resource-link launch; returns the tool's first page. A learner's launch shows the exam's
    start page: with ``start`` this presses its Start button as the learner would, and returns the page that
    leads to (the first question)."""
    posted = browser.submit_form(start_launch(browser, platform, link_id, user))
    assert posted.status_code == 303, posted.text
    page = browser.follow(posted)
    return press_start(browser, page) if start else page


def on_start_page(page: httpx.Response) -> bool:
    return page.status_code == 200 and page.url.path.endswith("/start")


def press_start(browser: Browser, page: httpx.Response) -> httpx.Response:
    """Press Start when ``page`` is an exam's start page that offers it; else ``page`` itself."""
    if not on_start_page(page) or 'action="' + page.url.path + '"' not in page.text:
        return page
    return browser.follow(browser.post(str(page.url), data={"csrf_token": csrf_token(page.text)}))


def deep_link_launch(browser: Browser, platform: RunningPlatform, user: str = "linda",
                     client_id: str | None = None) -> httpx.Response:
    params = {"user": user, **({"client_id": client_id} if client_id else {})}
    response = browser.get(f"{platform.url}/deep-link/{COURSE}", params=params)
    assert response.status_code == 302, response.text
    login = browser.get(response.headers["location"])
    auth = browser.get(login.headers["location"])
    posted = browser.submit_form(auth)
    return browser.follow(posted)
