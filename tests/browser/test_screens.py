"""Every screen size: no page an employee, manager, L&D, HR, an auditor or the tool administrator sees
scrolls sideways at 320 px (the smallest phone), 390 px (a phone), 1024 px (where the header menu
unfolds) or 1366 px (a laptop), in Dutch and English, and axe finds no WCAG 2.1 A/AA violation at
390 px; the header menu collapses on a phone and works by keyboard; inside an LMS frame the page tells
the LMS its height (``lti.frameResize``).

Each page is loaded once and measured at every width (one Chromium, on a site of this module's own).
A screenshot of every page at every width is written to ``AIDIP_SCREENS_DIR`` (default
``test-artifacts/screens/``); with ``AIDIP_README_SCREENS=1`` the README's screenshots in
``docs/screens/`` are taken again.
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from lti_tool.db.models import Certificate
from tests.lti_client import COURSE

from .conftest import ROOT, Site, assert_no_violations, axe, describe, own_site, set_accept_language
from .test_accessibility import LANGS, Exam, Pages
from .test_accessibility_governance import governed  # noqa: F401  (a fixture: HR data, a policy change, a decision)

SMALLEST, PHONE, MENU_OPENS, LAPTOP = 320, 390, 1024, 1366  # MENU_OPENS: the header shows its sections
WIDTHS = (SMALLEST, PHONE, MENU_OPENS, LAPTOP)
HEIGHT = {SMALLEST: 640, PHONE: 844, MENU_OPENS: 768, LAPTOP: 900}
ARTIFACTS = Path(os.environ.get("AIDIP_SCREENS_DIR") or ROOT / "test-artifacts" / "screens")
README_DIR = ROOT / "docs" / "screens"
#: the README's screenshots: (role, lang, page, width) → file name in docs/screens/
README_SHOTS = {("employee", "en", "question", PHONE): "exam-question-390.png",
                ("employee", "en", "result", PHONE): "result-390.png",
                ("employee", "en", "my-ai-diploma", PHONE): "my-ai-diploma-390.png",
                ("hr", "en", "reports", LAPTOP): "report-1366.png"}
AUDITOR = ("eva", "vg-1003")

#: the elements sticking out to the right of the viewport (the first few, to say what scrolls)
_SIDEWAYS = """
const width = window.innerWidth, found = [];
for (const el of document.querySelectorAll('body *')) {
  const box = el.getBoundingClientRect();
  if (box.right > width + 0.5 && box.width > 0 && el.checkVisibility() && !el.closest('.table-scroll')) {
    found.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\\s+/).join('.') : ''} (right edge ${Math.round(box.right)} px)`);
  }
}
return {scroll: document.documentElement.scrollWidth, inner: width, culprits: found.slice(0, 6)};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """This module's own tool and LMS (its grants and attempts must not change other tests' pages)."""
    with own_site(tmp_path_factory, "screens-site") as mine:
        yield mine


@pytest.fixture(scope="module")
def world(site: Site, governed: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    """The governed organisation (HR data, a passed exam, a policy change, a decision) plus an auditor."""
    runner = site.tool.app.test_cli_runner()
    assert runner.invoke(args=["roles", "grant", "--issuer", site.platform.url, "--client-id", site.client_id,
                               "--subject", AUDITOR[1], "--role", "auditor"]).exit_code == 0
    with site.tool.svc.db.session() as db:
        certificate = db.scalars(select(Certificate.id)).first()
    # the employee pages are sat by new plain employees (not in the HR data: a line manager lands on reports)
    return {**governed, "pages": Pages(site), "certificate": certificate}


def _base(url: str) -> str:
    return url.split("/s/", 1)[0] + "/s/" + url.split("/s/", 1)[1].split("/", 1)[0]


def _session(site: Site, user: str, lang: str, link: str) -> Callable[[str], str]:
    base = _base(site.launch(user, lang, link_id=link))
    return lambda path: base + path


def position(exam: Exam, *kinds: str) -> int:
    """The position of the first of ``kinds`` in the attempt (the draw may leave a flagged type out)."""
    return next((e["position"] for kind in kinds for e in exam.layout if e["type"] == kind), 1)


def employee(world: dict[str, Any], site: Site, lang: str) -> dict[str, str]:
    pages: Pages = world["pages"]
    exam = pages.exam(lang, "questions")
    answered = pages.answered(lang)
    return {"question": f"{exam.base}/q/{position(exam, 'matching', 'single_choice')}",
            "question-short-text": f"{exam.base}/q/{position(exam, 'short_text', 'numeric')}",
            "review": f"{answered.base}/review", "confirm": f"{answered.base}/confirm", "result": pages.finished(lang),
            "my-ai-diploma": _base(exam.url) + "/me/"}


def manager(world: dict[str, Any], site: Site, lang: str) -> dict[str, str]:
    at = _session(site, "mohammed", lang, world["link"])  # Sanne's manager in the HR file
    return {"my-ai-diploma": at("/me/"), "team": at("/reports/team"), "reports": at("/reports/"),
            "people": at("/reports/people"),
            "reminders": at("/reports/reminders"), "rollout": at("/governance/rollout")}


def l_and_d(world: dict[str, Any], site: Site, lang: str) -> dict[str, str]:
    at = _session(site, "linda", lang, world["link"])
    pages = {"course": "/staff/link", "grades": "/staff/grades", "bank": "/authoring/items",
             "item": "/authoring/items/basic-toolpol-001", "item-edit": "/authoring/items/basic-toolpol-001/edit",
             "item-new": "/authoring/items/new", "blueprints": "/authoring/blueprints",
             "blueprint-edit": "/authoring/blueprints/basic/edit", "statistics": "/authoring/statistics",
             "competences": "/authoring/competences", "learning-paths": "/authoring/learning-paths",
             "accommodations": "/authoring/accommodations",
             "import": "/authoring/import", "flags": "/governance/flags", "rollout": "/governance/rollout",
             "policies": "/governance/policies",
             "clauses": "/governance/policies/clauses", "recertification": "/governance/recertification",
             "policy-version": f"/governance/policies/versions/{world['version']}",
             "standard-setting": "/standards/rounds", "quality": "/quality/",
             "quality-exam": "/quality/exams/basic@1", "outbox": "/admin/outbox", "exam-preview": "/preview",
             "monitoring": "/reports/monitoring?grain=month"}
    return {**{name: at(path) for name, path in pages.items()}, "deep-link": site.deep_link("linda", lang)}


def hr(world: dict[str, Any], site: Site, lang: str) -> dict[str, str]:
    at = _session(site, "priya", lang, world["link"])
    pages = {"reports": "/reports/?as_of=2026-11-29", "people": "/reports/people", "reminders": "/reports/reminders",
             "matrix": "/reports/matrix", "matrix-edit": "/reports/matrix/edit", "hr-import": "/reports/hr-import",
             "audit-log": "/reports/audit", "rollout-edit": "/governance/rollout/edit",
             "recertification": "/governance/recertification", "board": "/reports/board"}
    return {name: at(path) for name, path in pages.items()}


def auditor(world: dict[str, Any], site: Site, lang: str) -> dict[str, str]:
    at = _session(site, AUDITOR[0], lang, world["link"])
    return {"reports": at("/reports/"), "audit-log": at("/reports/audit"), "policies": at("/governance/policies"),
            "rollout": at("/governance/rollout"), "monitoring": at("/reports/monitoring"),
            "board": at("/reports/board")}


def admin(world: dict[str, Any], site: Site, lang: str) -> dict[str, str]:
    at = _session(site, "kees", lang, world["link"])
    return {"roles": at("/governance/roles"), "outbox": at("/admin/outbox")}


def public(world: dict[str, Any], site: Site, lang: str) -> dict[str, str]:
    return {"landing": f"{site.tool.url}/?lang={lang}", "setup": f"{site.tool.url}/lti/?lang={lang}",
            "verify": f"{site.tool.url}/verify?lang={lang}",
            "certificate": f"{site.tool.url}/verify/{world['certificate']}?lang={lang}"}


#: who sees which pages; a new page type is one more entry here
ROLES: dict[str, Callable[[dict[str, Any], Site, str], dict[str, str]]] = {
    "employee": employee, "manager": manager, "ld": l_and_d, "hr": hr, "auditor": auditor, "admin": admin,
    "public": public}


def viewport(driver: Any, width: int) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": HEIGHT[width], "deviceScaleFactor": 1, "mobile": False})


@pytest.fixture
def screen(driver: Any) -> Iterator[Any]:
    """The shared Chromium, given back at its usual size."""
    yield driver
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def screenshot(driver: Any, path: Path, full: bool = True) -> None:
    """A PNG of the page (its full length, up to 4000 px, or the viewport)."""
    params: dict[str, Any] = {"format": "png"}
    if full:
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        params |= {"captureBeyondViewport": True,
                   "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 4000), "scale": 1}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(driver.execute_cdp_cmd("Page.captureScreenshot", params)["data"]))


def readme_shot(driver: Any, name: str) -> None:
    """The viewport as a small PNG (256 colours) for the README."""
    from PIL import Image

    png = base64.b64decode(driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})["data"])
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=256)
    README_DIR.mkdir(parents=True, exist_ok=True)
    image.save(README_DIR / name, optimize=True)


def sideways(driver: Any) -> str | None:
    """Why the page scrolls sideways, or None when it does not."""
    found = driver.execute_script(_SIDEWAYS)
    if found["scroll"] <= found["inner"]:
        return None
    return f"scrollWidth {found['scroll']} > innerWidth {found['inner']}: {', '.join(found['culprits']) or '?'}"


def measure(driver: Any, role: str, lang: str, name: str, url: str) -> list[str]:
    """The problems of one page at every width (it is loaded once and resized)."""
    driver.get(url)
    assert "Error 500" not in driver.title and "403" not in driver.title, f"{role} {name}: {driver.title} ({url})"
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang, url
    problems = []
    for width in WIDTHS:
        viewport(driver, width)
        screenshot(driver, ARTIFACTS / f"{role}-{name}-{lang}-{width}.png")
        if os.environ.get("AIDIP_README_SCREENS") and (role, lang, name, width) in README_SHOTS:
            readme_shot(driver, README_SHOTS[role, lang, name, width])
        if why := sideways(driver):
            problems.append(f"{role} {name} ({lang}, {width} px) scrolls sideways: {why}")
        if width == PHONE and (violations := axe(driver)):
            problems.append(f"{role} {name} ({lang}, {width} px) axe:\n{describe(violations)}")
    return problems


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_scrolls_sideways(role: str, lang: str, world: dict[str, Any], site: Site, screen: Any) -> None:
    set_accept_language(screen, lang)
    problems = [problem for name, url in ROLES[role](world, site, lang).items()
                for problem in measure(screen, role, lang, name, url)]
    assert not problems, "\n".join(problems)


#: the table regions whose table is wider than they are, with what their background draws
_CLIPPED = """
return [...document.querySelectorAll('main .table-scroll')].filter(r => r.scrollWidth > r.clientWidth + 1)
  .map(r => ({label: r.getAttribute('aria-label'), cue: getComputedStyle(r).backgroundImage}));
"""


@pytest.mark.parametrize("lang", LANGS)
def test_a_table_wider_than_a_phone_shows_that_it_scrolls(lang: str, world: dict[str, Any], site: Site,
                                                          screen: Any) -> None:
    """A table that does not fit scrolls inside its region (the page does not); the region's edges show a shadow
    where columns are out of sight, so a reader knows there is more than the visible columns."""
    set_accept_language(screen, lang)
    pages = {**employee(world, site, lang), **manager(world, site, lang), **hr(world, site, lang)}
    clipped = {}
    for name, url in pages.items():
        screen.get(url)
        viewport(screen, SMALLEST)
        clipped.update({(name, region["label"]): region["cue"] for region in screen.execute_script(_CLIPPED)})
    assert clipped, "no table is wider than a phone: the test would say nothing"
    assert all(cue.count("gradient(") == 4 for cue in clipped.values()), clipped


LONGEST = "Kredietwaardigheidsbeoordelingsverantwoordelijkheid"  # a Dutch compound, no place to break


def test_a_long_compound_word_in_an_answer_does_not_push_the_page_sideways(world: dict[str, Any], site: Site,
                                                                            screen: Any) -> None:
    """The sample form draws other items each time; whatever it draws, an answer, a matching item or a
    question made of one long word must wrap inside a phone's width (every label type, every legend)."""
    set_accept_language(screen, "en")
    screen.get(l_and_d(world, site, "en")["exam-preview"])
    viewport(screen, SMALLEST)
    kinds = screen.execute_script(
        "const found = new Set();"
        "for (const el of document.querySelectorAll('main label, main legend .stem')) {"
        "  el.textContent = arguments[0]; found.add(el.closest('div, li')?.className || el.tagName); }"
        "return [...found];", LONGEST)
    assert len(kinds) >= 2, f"the sample form has too few kinds of labels to say anything: {kinds}"
    assert sideways(screen) is None, sideways(screen)


# --- the header menu ------------------------------------------------------------------------------


def test_header_menu_collapses_on_a_phone_and_opens_by_keyboard(world: dict[str, Any], site: Site,
                                                                 screen: Any) -> None:
    url = l_and_d(world, site, "en")["bank"]
    screen.get(url)
    viewport(screen, PHONE)
    summary = screen.find_element(By.CSS_SELECTOR, "header .menu > summary")
    links = screen.find_elements(By.CSS_SELECTOR, "header .staffnav a")
    assert summary.is_displayed() and len(links) >= 5
    assert not any(link.is_displayed() for link in links), "the menu is open before it is asked for"
    summary.send_keys(Keys.ENTER)  # the disclosure opens from the keyboard, with no script of the tool's
    WebDriverWait(screen, 5).until(lambda d: all(link.is_displayed() for link in links))
    assert screen.find_element(By.CSS_SELECTOR, "header .lang button[value=nl]").is_displayed()
    assert summary.get_attribute("aria-expanded") in (None, "true")
    assert_no_violations(axe(screen), "the open menu at 390 px")
    links[0].send_keys(Keys.ENTER)
    WebDriverWait(screen, 10).until(lambda d: d.current_url != url)

    screen.get(url)
    viewport(screen, LAPTOP)  # wide: no menu button, the sections in the header row, reachable by Tab
    assert not screen.find_element(By.CSS_SELECTOR, "header .menu > summary").is_displayed()
    links = screen.find_elements(By.CSS_SELECTOR, "header .staffnav a")
    # (Selenium's is_displayed calls anything in a closed <details> hidden: ask the page and the a11y tree)
    assert all(screen.execute_script("return arguments[0].checkVisibility()", link) for link in links)
    assert all(not node.get("ignored") for node in accessibility_nodes(screen, links[0]))
    tops = {round(link.rect["y"]) for link in links}
    assert len(tops) <= 2, f"the sections take {len(tops)} rows at {LAPTOP} px"
    screen.find_element(By.CSS_SELECTOR, ".skip").send_keys(Keys.TAB)
    assert screen.switch_to.active_element == links[0]


def accessibility_nodes(driver: Any, element: Any) -> list[dict[str, Any]]:
    """Chromium's accessibility node(s) of ``element`` (what a screen reader is given)."""
    driver.execute_script("arguments[0].id = arguments[0].id || 'probe'", element)
    document = driver.execute_cdp_cmd("DOM.getDocument", {})
    node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"],
                                                         "selector": f"#{element.get_attribute('id')}"})
    tree = driver.execute_cdp_cmd("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"],
                                                                     "fetchRelatives": False})
    return list(tree["nodes"])


# --- lti.frameResize -------------------------------------------------------------------------------

_FRAME = """
window.resizes = [];
window.addEventListener('message', event => {
  if (event.data && event.data.subject === 'lti.frameResize') window.resizes.push({height: event.data.height,
                                                                                 origin: event.origin});
});
const frame = document.createElement('iframe');
Object.assign(frame, {id: 'tool', title: 'tool', src: arguments[0]});
frame.style.cssText = 'width: 600px; height: 300px';
document.body.prepend(frame);  // in view: Chromium throttles the rendering of frames out of view
"""


def test_the_page_tells_the_lms_frame_its_height(world: dict[str, Any], site: Site, screen: Any) -> None:
    """An LMS page (the demo LMS's origin, a registered platform the CSP lets frame the tool) frames a
    tool page; the tool posts its height on load and again when the page grows."""
    url = _session(site, "daan", "en", world["link"])("/me/")
    screen.get(site.platform.url + "/")
    screen.execute_script(_FRAME, url)
    wait = WebDriverWait(screen, 15)
    first = wait.until(lambda d: d.execute_script("return window.resizes.at(-1)"))
    assert first["origin"] == site.tool.url
    screen.switch_to.frame(screen.find_element(By.ID, "tool"))
    height = screen.execute_script("return document.documentElement.getBoundingClientRect().height")
    assert "/me/" in screen.execute_script("return location.pathname") and height > 300
    screen.execute_script("const tall = document.createElement('div'); tall.style.height = '1500px';"
                          "document.querySelector('main').append(tall);")  # CSSOM: allowed by the tool's CSP
    screen.switch_to.default_content()
    assert abs(first["height"] - height) <= 1, (first, height)
    try:
        grown = wait.until(lambda d: [r for r in d.execute_script("return window.resizes")
                                      if r["height"] >= height + 1500])
    except TimeoutException as slow:
        raise AssertionError(f"no message after the page grew: {screen.execute_script('return window.resizes')}") \
            from slow
    assert grown[0]["origin"] == site.tool.url


def test_a_page_outside_a_frame_posts_nothing(world: dict[str, Any], site: Site, screen: Any) -> None:
    screen.get(site.tool.url + "/?lang=en")
    screen.execute_script("window.posted = []; window.addEventListener('message', e => window.posted.push(e.data));"
                          "window.dispatchEvent(new Event('resize'));")
    screen.execute_script("document.body.insertAdjacentHTML('beforeend', '<p>more</p>')")
    assert screen.execute_script("return new Promise(r => setTimeout(() => r(window.posted), 300))") == []


def test_the_demo_lms_frame_grows_with_the_exam(world: dict[str, Any], site: Site, screen: Any) -> None:
    """A real launch into the demo LMS's course-page frame (38rem high): the frame takes the tool page's
    height, so the exam does not scroll inside the frame."""
    screen.get(f"{site.platform.url}/course/{COURSE}?lang=en")
    Select(screen.find_element(By.ID, f"user-{site.link_id}")).select_by_value("joost")
    screen.find_element(By.CSS_SELECTOR, f"#row-{site.link_id} button[name=target][value=iframe]").click()
    frame = screen.find_element(By.CSS_SELECTOR, "iframe.tool")
    before = frame.size["height"]

    def inside() -> dict[str, Any]:
        screen.switch_to.frame(frame)
        try:
            return dict(screen.execute_script("return {path: location.pathname, ready: document.readyState,"
                                              " content: document.documentElement.scrollHeight,"
                                              " view: window.innerHeight}"))
        finally:
            screen.switch_to.default_content()

    def fitted(_: Any) -> dict[str, Any] | None:
        page = inside()
        done = "/s/" in page["path"] and page["ready"] == "complete" and page["content"] <= page["view"]
        return page if done and frame.size["height"] != before else None

    try:
        page = WebDriverWait(screen, 30).until(fitted)
    except TimeoutException as slow:
        raise AssertionError(f"the frame ({frame.size['height']} px) does not fit the tool page: {inside()}") \
            from slow
    assert abs(frame.size["height"] - page["content"]) <= 4, (frame.size, page)
