"""Launches without third-party cookies, in a real Chromium: the demo LMS's course page is served on
one loopback origin (127.0.0.2) and frames the tool on another (127.0.0.1).

* ``blocked``: a Chromium that refuses the tool's cookies inside 127.0.0.2 (third-party cookies
  blocked, and a cookie block for 127.0.0.1 embedded in 127.0.0.2, which also stops partitioned
  cookies — Chromium's own 3PC blocking still lets CHIPS through). Each test checks in the frame
  that a cookie really cannot be set there, and at the server that the launch arrived without its
  state cookie.
* ``driver`` (the shared Chromium from conftest): cookies allowed in the frame.

With Platform Storage the launch and an exam complete in the frame either way; with a platform
without it and blocked cookies, the fallback page's button opens the tool in a new window, where
the launch and the exam complete. The fallback page passes axe in Dutch and English.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from werkzeug.serving import make_server

from demo_lms import create_app as create_lms
from demo_lms.testing import RunningPlatform
from lti_tool.db.models import Attempt, Response
from tests.conftest import provision_database, running_tool
from tests.lti_client import COURSE, Browser, create_link, new_learner, register

from .conftest import (
    CHROME_ARGS,
    CHROMEDRIVER,
    CHROMIUM,
    assert_no_violations,
    attempt_id_of,
    attempt_layout,
    axe,
    set_accept_language,
)

PLATFORM_HOST = "127.0.0.2"
WAIT = 60  # seconds: generous, the machine may be busy
CHOICE_TYPES = ("single_choice", "true_false")


class CookieLog:
    """WSGI middleware: which tool requests arrived with which cookie names (the server's view)."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, set[str]]] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        names = {part.split("=", 1)[0].strip() for part in environ.get("HTTP_COOKIE", "").split(";") if "=" in part}
        with self.lock:
            self.requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"], names))
        return self.app(environ, start_response)

    def launches(self) -> list[set[str]]:
        """The cookie names of every POST /lti/launch so far."""
        with self.lock:
            return [names for method, path, names in self.requests if (method, path) == ("POST", "/lti/launch")]


def start_lms(storage: bool) -> RunningPlatform:
    """A demo LMS on 127.0.0.2 (another site than the tool on 127.0.0.1)."""
    app = create_lms({"CONTROL_API": True, "PLATFORM_STORAGE": storage})
    server = make_server(PLATFORM_HOST, 0, app, threaded=True)
    url = f"http://{PLATFORM_HOST}:{server.port}"
    app.config["ISSUER"] = url
    thread = threading.Thread(target=server.serve_forever, name="demo-lms-127.0.0.2", daemon=True)
    thread.start()
    return RunningPlatform(url=url, app=app, server=server, thread=thread)


@dataclass
class Lms:
    platform: RunningPlatform
    link_id: str


@dataclass
class Setup:
    tool: Any
    log: CookieLog
    with_storage: Lms
    without_storage: Lms

    def learner(self, lms: Lms) -> str:
        """A new learner of ``lms``, who has not taken the exam yet (each test takes one)."""
        return new_learner(lms.platform)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = Path(tmp_path_factory.mktemp("platform-storage"))
    with provision_database("sqlite", folder) as url, running_tool(url, None, folder / "instance") as tool:
        log = CookieLog(tool.app.wsgi_app)
        tool.app.wsgi_app = log  # type: ignore[method-assign]
        platforms = [start_lms(storage=True), start_lms(storage=False)]
        try:
            lms = []
            for platform in platforms:
                with Browser() as client:
                    reg = register(client, platform, tool)
                lms.append(Lms(platform, str(create_link(platform, reg.client_id)["id"])))
            tool.svc._frame_ancestors = None  # the CSP's cached frame-ancestors: now with both platforms
            yield Setup(tool, log, *lms)
        finally:
            for platform in platforms:
                platform.stop()


@pytest.fixture(scope="module")
def blocked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Chromium that keeps no cookies for 127.0.0.1 inside pages of 127.0.0.2 (but does at top level)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (*CHROME_ARGS, "--test-third-party-cookie-phaseout", "--lang=en-US"):
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-blocked')}")
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "en-US,en",
        "profile.block_third_party_cookies": True,
        "profile.cookie_controls_mode": 1,
        "profile.content_settings.exceptions.cookies": {
            f"http://127.0.0.1:*,http://{PLATFORM_HOST}:*": {"setting": 2}},
    })
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


# --- steps --------------------------------------------------------------------------------------


def open_in_frame(driver: Any, lms: Lms, learner: str) -> None:
    """On the LMS's course page, launch the exam as ``learner`` in the page's tool frame."""
    driver.get(f"{lms.platform.url}/course/{COURSE}?lang=en")
    Select(driver.find_element(By.ID, f"user-{lms.link_id}")).select_by_value(learner)
    driver.find_element(By.CSS_SELECTOR, f"#row-{lms.link_id} button[name=target][value=iframe]").click()
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("var f = document.querySelector('iframe.tool'); "
                                   "try { return f.contentWindow.location.href; } catch (e) { return 'cross-origin'; }")
        != "about:blank", message="the launch never reached the tool frame")
    driver.switch_to.frame("tool-frame")


def here(driver: Any) -> str:
    """The URL of the current frame's document (``current_url`` is always the top window's)."""
    return str(driver.execute_script("return window.location.href"))


def wait_for(driver: Any, part: str) -> str:
    WebDriverWait(driver, WAIT).until(lambda d: part in here(d),
                                      message=f"never reached a page with {part!r} in its URL")
    return here(driver)


def cookie_can_be_set_here(driver: Any) -> bool:
    """Try to set a (partitioned) cookie from the current document and read it back."""
    return bool(driver.execute_script(
        "document.cookie = 'probe=1; SameSite=None; Secure; Partitioned; path=/';"
        "return document.cookie.indexOf('probe=1') >= 0;"))


def press_start(driver: Any) -> str:
    """On the exam's start page, press Start (the attempt begins); the first question's URL."""
    wait_for(driver, "/start")
    driver.find_element(By.CSS_SELECTOR, "form.start button[type=submit]").click()
    return wait_for(driver, "/attempt/")


def take_exam(driver: Any, setup: Setup) -> str:
    """Answer a choice question (correctly) with a click, then review and submit, confirming that the other
    questions stay unanswered; the result URL."""
    url = wait_for(driver, "/attempt/")
    attempt_id = attempt_id_of(url)
    layout = attempt_layout(setup, attempt_id)  # type: ignore[arg-type]
    slot = next(s for s in layout if s["type"] in CHOICE_TYPES)
    if not url.endswith(f"/q/{slot['position']}"):  # the question navigator, in the same frame or window
        driver.find_element(By.CSS_SELECTOR, f"nav a[href$='/q/{slot['position']}']").click()
        wait_for(driver, f"/q/{slot['position']}")
    driver.find_element(By.CSS_SELECTOR, f"#answer-form input[value='{slot['correct'][0]}']").click()
    driver.find_element(By.CSS_SELECTOR, "button[name=go][value=review]").click()
    wait_for(driver, "/review")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/submit'] button[type=submit]").click()
    wait_for(driver, "/confirm")  # the others are unanswered: the tool lists them and asks first
    assert driver.find_elements(By.CSS_SELECTOR, "ul.positions a")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/submit'] button[type=submit]").click()
    result = wait_for(driver, "/result")
    with setup.tool.svc.db.session() as db:
        attempt = db.get(Attempt, attempt_id)
        assert attempt is not None and attempt.status != "in_progress"
        saved = db.get(Response, (attempt_id, slot["position"]))
        assert saved is not None and saved.response == slot["response"], "the clicked answer was not saved"
    return result


# --- tests --------------------------------------------------------------------------------------


def test_blocked_cookies_launch_and_exam_through_platform_storage(setup: Setup, blocked: Any) -> None:
    before = len(setup.log.launches())
    open_in_frame(blocked, setup.with_storage, setup.learner(setup.with_storage))
    press_start(blocked)
    assert not cookie_can_be_set_here(blocked), "cookies are not blocked in the frame: the test proves nothing"
    launches = setup.log.launches()[before:]
    # the platform's post came without the state cookie; the page's own post carried the storage proof
    assert len(launches) == 2 and not any(n.startswith("lti_state_") for names in launches for n in names)
    take_exam(blocked, setup)
    blocked.switch_to.default_content()


def test_allowed_cookies_launch_and_exam_in_the_frame(setup: Setup, driver: Any) -> None:
    before = len(setup.log.launches())
    open_in_frame(driver, setup.with_storage, setup.learner(setup.with_storage))
    press_start(driver)
    assert cookie_can_be_set_here(driver), "cookies should work in the frame here"
    launches = setup.log.launches()[before:]
    assert len(launches) == 1 and any(n.startswith("lti_state_") for n in launches[0])  # the cookie path
    take_exam(driver, setup)
    driver.switch_to.default_content()


def test_no_storage_and_blocked_cookies_complete_in_a_new_window(setup: Setup, blocked: Any) -> None:
    before = len(setup.log.launches())
    frame_window = blocked.current_window_handle
    open_in_frame(blocked, setup.without_storage, setup.learner(setup.without_storage))
    button = WebDriverWait(blocked, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#new-window button"),
                                                message="no fallback page in the frame")[0]
    assert not cookie_can_be_set_here(blocked)
    assert setup.log.launches()[before:] == [], "the platform was asked for an id_token although the cookie failed"
    handles = set(blocked.window_handles)
    button.click()
    WebDriverWait(blocked, WAIT).until(lambda d: len(d.window_handles) > len(handles), message="no new window")
    blocked.switch_to.window((set(blocked.window_handles) - handles).pop())
    try:
        press_start(blocked)
        assert cookie_can_be_set_here(blocked), "top level, the tool's cookies work"
        launches = setup.log.launches()[before:]
        assert len(launches) == 1 and any(n.startswith("lti_state_") for n in launches[0])
        take_exam(blocked, setup)
    finally:
        blocked.close()
        blocked.switch_to.window(frame_window)


def test_storage_that_does_not_answer_falls_back_before_the_platform_is_asked(setup: Setup, blocked: Any) -> None:
    """A login names a storage frame but nothing answers there: the script gives up, and without
    the cookie the frame shows the new-window page (the platform's login hint still unused)."""
    lms = setup.without_storage  # its course page hosts no storage handler
    with Browser() as client:
        start = client.get(f"{lms.platform.url}/launch/{lms.link_id}", params={"user": "linda"})
    login = start.headers["location"] + "&lti_storage_target=_parent"
    before = len(setup.log.launches())
    blocked.get(f"{lms.platform.url}/course/{COURSE}?lang=en")
    blocked.execute_script("document.querySelector('iframe.tool').src = arguments[0];", login)
    blocked.switch_to.frame("tool-frame")
    try:
        WebDriverWait(blocked, WAIT).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#new-window button"),
                                           message="no fallback page after the storage frame stayed silent")
        assert "/lti/login/check/" in here(blocked)
        assert setup.log.launches()[before:] == []
    finally:
        blocked.switch_to.default_content()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_fallback_page_is_accessible(setup: Setup, driver: Any, lang: str) -> None:
    lms = setup.without_storage
    with Browser() as client:
        start = client.get(f"{lms.platform.url}/launch/{lms.link_id}", params={"user": "linda"})
        login = client.get(start.headers["location"], headers={"Sec-Fetch-Dest": "iframe"})
        assert login.status_code == 302 and "/lti/login/check/" in login.headers["location"]
    set_accept_language(driver, lang)
    driver.get(setup.tool.url + login.headers["location"])  # a browser without the login's cookie
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert driver.find_elements(By.CSS_SELECTOR, "#new-window button[type=submit]")
    assert_no_violations(axe(driver), f"new-window fallback page ({lang})")
