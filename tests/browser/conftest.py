"""Browser fixtures: headless Chromium (driven by Selenium, fully offline) against the tool and the
demo LMS on SQLite, plus axe-core for WCAG 2.1 A/AA checks.

* ``chrome`` (session): one headless Chromium with a fresh profile; skipped with a reason when
  chromium, chromedriver or axe.min.js is missing (paths: ``AIDIP_CHROMIUM``, ``AIDIP_CHROMEDRIVER``,
  default /usr/bin/…). Selenium Manager is never used (explicit driver path, ``SE_OFFLINE=true``).
* ``driver`` (function): ``chrome`` with all cookies cleared and Accept-Language reset to en-US, so
  tests do not leak into each other.
* ``site`` (session): the tool on a fresh SQLite database (no LRS: statements stay in the journal),
  a demo LMS it is registered with, and one placed "basic" exam link; ``site.launch(...)`` returns the
  tool URL a launch ends on (the ``/s/<sid>/…`` URL is all Chromium needs); ``site.new_learner()`` adds
  a plain employee (attempts count per person and exam: a test wanting a fresh attempt needs its own).
* ``axe(driver)`` runs axe-core on the current page; ``assert_no_violations`` fails with every
  violation's rule id, impact, help text and failing node targets.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from demo_lms.testing import RunningPlatform, start_platform
from tests.conftest import RunningTool, provision_database, running_tool
from tests.lti_client import (
    COURSE,
    STAFF_GRANTS,
    Browser,
    create_link,
    csrf_token,
    new_learner,
    new_persona,
    press_start,
    register,
)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("AIDIP_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("AIDIP_CHROMEDRIVER", "/usr/bin/chromedriver"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROME_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
]


def _missing_browser_parts() -> list[str]:
    missing = [f"{path} (install Debian's chromium / chromium-driver)" for path in (CHROMIUM, CHROMEDRIVER)
               if not (path.is_file() and os.access(path, os.X_OK))]
    if not AXE_JS.is_file():
        missing.append(f"{AXE_JS} (run scripts/setup.sh or `npm ci`)")
    return missing


@pytest.fixture(scope="session", autouse=True)
def _needs_a_browser() -> None:
    """Skip before any server is started when the browser parts are missing."""
    missing = _missing_browser_parts()
    if missing:
        pytest.skip("browser tests need " + "; ".join(missing))


@pytest.fixture(scope="session")
def chrome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    missing = _missing_browser_parts()
    if missing:
        pytest.skip("browser tests need " + "; ".join(missing))
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in CHROME_ARGS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--lang=en-US")
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-US,en"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")  # belt and braces: Selenium Manager must never download
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def driver(chrome: Any) -> Any:
    """The shared Chromium, with no cookies left over from an earlier test and Accept-Language en-US."""
    chrome.execute_cdp_cmd("Network.clearBrowserCookies", {})
    chrome.get("about:blank")
    set_accept_language(chrome, "en-US")
    return chrome


# --- axe ---------------------------------------------------------------------------------------

_RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(result => done(result.violations), error => done({axeError: String(error)}));
"""


def axe(driver: Any, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page now open in ``driver``."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text(encoding="utf-8"))
    violations = driver.execute_async_script(_RUN_AXE, tags or WCAG_TAGS)
    if isinstance(violations, dict):
        raise AssertionError(f"axe-core failed on {driver.current_url}: {violations['axeError']}")
    return list(violations)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v.get("nodes", []):
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('failureSummary', '').strip()}".replace("\n", " "))
    return "\n".join(lines)


def assert_no_violations(violations: list[dict[str, Any]], page: str = "") -> None:
    if violations:
        report = describe(violations)
        print(f"axe violations on {page}:\n{report}")
        raise AssertionError(f"{len(violations)} WCAG 2.1 A/AA violation(s) on {page}:\n{report}")


# --- the tool and the LMS -----------------------------------------------------------------------


@dataclass
class Site:
    tool: RunningTool
    platform: RunningPlatform
    client_id: str
    link_id: str

    def launch(self, user: str, lang: str = "nl", link_id: str | None = None, seed: int | None = None,
               start: bool = True) -> str:
        """A resource-link launch over HTTP (the LMS's launch page → OIDC → id_token form →
        tool); returns the URL of the tool page it ends on, with ``start`` after pressing the exam's Start
        button. ``seed`` fixes the draw of a new attempt."""
        with Browser(language=lang) as client, drawing_with(seed):
            begun = client.get(f"{self.platform.url}/launch/{link_id or self.link_id}",
                               params={"user": user, "lang": lang})
            return self._finish(client, begun, start)

    def deep_link(self, user: str = "linda", lang: str = "nl") -> str:
        with Browser(language=lang) as client:
            start = client.get(f"{self.platform.url}/deep-link/{COURSE}",
                               params={"user": user, "lang": lang, "client_id": self.client_id})
            return self._finish(client, start)

    @staticmethod
    def _finish(client: Browser, begun: httpx.Response, start: bool = False) -> str:
        assert begun.status_code == 302, begun.text
        login = client.get(begun.headers["location"])
        assert login.status_code == 302, login.text
        auth = client.get(login.headers["location"])
        assert auth.status_code == 200, auth.text
        posted = client.submit_form(auth)
        assert posted.status_code == 303, posted.text
        page = press_start(client, client.follow(posted)) if start else client.follow(posted)
        assert page.status_code == 200, page.text
        return str(page.url)

    def new_link(self, exam: str = "basic", title: str = "AI-diploma") -> str:
        return str(create_link(self.platform, self.client_id, exam=exam, title=title)["id"])

    def new_learner(self, **fields: str) -> str:
        """A new plain employee of the course (persona key): attempts count per person and exam, so each
        test state that needs an attempt of its own launches its own learner."""
        return new_learner(self.platform, **fields)

    def new_persona(self, **fields: str) -> dict[str, Any]:
        """``new_learner``'s whole persona (``key``, ``user_id``, ``name``)."""
        return new_persona(self.platform, **fields)

    def seed_covering(self, item_types: set[str], exam: str = "basic", tries: int = 2000) -> int:
        """The lowest seed whose assembled form of ``exam`` contains every one of ``item_types`` (so the
        exam's layout — and the test — is the same on every run for the same bank)."""
        from assessments.assembly import assemble
        from lti_tool.db.repositories import current_items
        from lti_tool.delivery.queries import calibrated_parameters

        with self.tool.svc.db.session() as db:
            blueprint = self.tool.svc.catalogue.blueprint(db, exam)
            items = current_items(db, blueprint.level)
            calibrated = calibrated_parameters(db, blueprint.level)
        for seed in range(tries):  # without exposure, as ``drawing_with`` draws
            if item_types <= {item.type for item in assemble(blueprint, items, seed, (), None, calibrated)}:
                return seed
        raise AssertionError(f"no draw of {exam!r} in {tries} seeds has all of {sorted(item_types)}")

    def tamper_next_launch(self, **instruction: Any) -> None:
        response = httpx.post(self.platform.url + "/_control/tamper", json=instruction)
        assert response.status_code == 200, response.text


@contextmanager
def drawing_with(seed: int | None) -> Iterator[None]:
    """While a launch runs, make a new attempt's draw use ``seed`` (None: the tool's random seed) and ignore
    item exposure: these page tests need one form holding every item type, which the exposure limit rightly
    makes rare once earlier tests have drawn forms."""
    if seed is None:
        yield
        return
    from assessments.assembly import Exposure
    from lti_tool.delivery import start as launches
    from lti_tool.delivery.exposure import ExposureCounts

    original = launches.start_or_resume

    def seeded(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("seed", seed)
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(launches, "start_or_resume", seeded)
        patch.setattr(ExposureCounts, "at_launch", lambda _self, _db, _exam: Exposure())
        yield


@contextmanager
def own_site(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Site]:
    """A tool on SQLite and a demo LMS with one exam link. A module that imports HR data or grants roles
    uses its own (``site`` overridden at module scope): a line manager's or a role holder's exam link opens
    their staff pages, so such changes must not reach the other modules' learners, in any test order."""
    folder = Path(tmp_path_factory.mktemp(name))
    with provision_database("sqlite", folder) as url, running_tool(url, None, folder / "instance") as tool:
        platform = start_platform(port=0, control_api=True)
        try:
            with Browser() as client:
                reg = register(client, platform, tool, grants=STAFF_GRANTS)
            link = create_link(platform, reg.client_id)
            yield Site(tool, platform, reg.client_id, str(link["id"]))
        finally:
            platform.stop()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with own_site(tmp_path_factory, "browser-site") as shared:
        yield shared


def attempt_layout(site: Site, attempt_id: str) -> list[dict[str, Any]]:
    """Each position of an attempt with its item type and correct answer: ``response`` as stored
    (authored keys), ``correct`` as the form submits it (the attempt's opaque ids)."""
    from lti_tool.db.models import Attempt
    from lti_tool.db.repositories import items_by_version_ids

    with site.tool.svc.db.session() as db:
        attempt = db.get(Attempt, attempt_id)
        assert attempt is not None
        items = items_by_version_ids(db, [e["item_version_id"] for e in attempt.layout])
        layout = []
        for e in sorted(attempt.layout, key=lambda e: e["position"]):
            item = items[e["item_version_id"]]
            response = list(item.kind.correct_response(item.content))
            layout.append({"position": e["position"], "type": item.type, "response": response,
                           "correct": item.kind.form_values(e, response)})  # as the form submits it
        return layout


def attempt_id_of(url: str) -> str:
    """The attempt id in a ``/s/<sid>/attempt/<id>/…`` URL."""
    return url.split("/attempt/", 1)[1].split("/", 1)[0]


# --- exams over HTTP (to put an attempt into the state a page should be checked in) ------------


def exam_base(url: str) -> str:
    """``…/s/<sid>/attempt/<id>`` of any page of an attempt."""
    attempt_id = attempt_id_of(url)
    return url.split("/attempt/", 1)[0] + f"/attempt/{attempt_id}"


def answer_over_http(url: str, position: int, values: list[str], go: str = "next") -> None:
    """Save an answer the way the form does (the session id in the URL is the session)."""
    with Browser() as client:
        page = client.get(f"{exam_base(url)}/q/{position}")
        assert page.status_code == 200, page.text
        saved = client.post(f"{exam_base(url)}/q/{position}",
                            data={"csrf_token": csrf_token(page.text), "answer": values, "go": go})
        assert saved.status_code == 303, saved.text


def submit_over_http(url: str) -> str:
    """Submit the attempt from its review page (and its confirmation page, when questions are left open or
    flagged); returns the result page's URL."""
    with Browser() as client:
        review = client.get(f"{exam_base(url)}/review")
        assert review.status_code == 200, review.text
        done = client.follow(client.post(f"{exam_base(url)}/submit", data={"csrf_token": csrf_token(review.text)}))
        if "/confirm" in str(done.url):
            done = client.follow(client.post(f"{exam_base(url)}/submit",
                                             data={"csrf_token": csrf_token(done.text), "confirmed": "1"}))
        assert done.status_code == 200 and "/result" in str(done.url), done.text
        return str(done.url)


def set_accept_language(driver: Any, lang: str) -> None:
    """What Chromium sends as Accept-Language (pages outside a launch session follow it)."""
    user_agent = driver.execute_script("return navigator.userAgent")
    driver.execute_cdp_cmd("Network.setUserAgentOverride",
                           {"userAgent": user_agent, "acceptLanguage": f"{lang},{lang.split('-')[0]}"})
