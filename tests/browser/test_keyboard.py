"""The whole exam can be taken with the keyboard alone, in a real Chromium: after opening the
first question page, every step is a key press (Tab, Shift+Tab, Space, arrows, Enter, typing) —
no clicks, no scripts that set values. Scripts only *read* the page (what has focus, its style)."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from lti_tool.db.models import Attempt

from .conftest import Site, attempt_id_of, attempt_layout

#: the learner and language of the keyboard run; item types its (seeded) draw must contain
LANG = "en"
ITEM_TYPES = {"single_choice", "multiple_response", "true_false", "matching", "numeric", "short_text"}
SAVED = "Answer saved"
MAX_TABS = 80


def press(driver: Any, *keys: str) -> None:
    actions = ActionChains(driver)
    for key in keys:
        actions.send_keys(key)
    actions.perform()


def shift_tab(driver: Any) -> None:
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()


def focused(driver: Any) -> WebElement:
    return driver.switch_to.active_element


def describe_focus(driver: Any) -> str:
    return str(driver.execute_script(
        "const e = document.activeElement; return e ? e.outerHTML.slice(0, 160) : 'nothing'"))


#: how many Tab presses (at least) lie between the focused element and the first element matching
#: arguments[0] — read from the page, the way a sighted user sees how far away a control is
_TAB_STOPS = """
const wanted = arguments[0];
const focusable = 'a[href], button, input, select, textarea, [tabindex]';
const start = document.activeElement;
const all = Array.from(document.querySelectorAll(focusable)).filter(e =>
  !e.disabled && e.tabIndex >= 0 && e.type !== 'hidden' && e.getClientRects().length > 0);
let stops = 0, seen = new Set(), counting = !start || start === document.body;
for (const e of all) {
  if (e === start) { counting = true; continue; }
  if (!counting) continue;
  if (e.type === 'radio') { if (seen.has(e.name)) continue; seen.add(e.name); }
  stops += 1;
  if (e.matches(wanted)) return stops;
}
return 0;
"""


def tab_to(driver: Any, wanted: str, backwards: bool = False) -> WebElement:
    """Press Tab (or Shift+Tab) until the focused element matches the CSS selector ``wanted``.
    Going forward, the presses that surely do not reach it yet are sent in one go (faster)."""
    if not backwards:
        ahead = int(driver.execute_script(_TAB_STOPS, wanted) or 0)
        if ahead > 2:
            press(driver, *[Keys.TAB] * (ahead - 2))
    for _ in range(MAX_TABS):
        if backwards:
            shift_tab(driver)
        else:
            press(driver, Keys.TAB)
        if driver.execute_script("return document.activeElement.matches(arguments[0])", wanted):
            return focused(driver)
    raise AssertionError(f"{MAX_TABS} tabs did not reach {wanted!r}; focus is on {describe_focus(driver)}")


def assert_focus_visible(driver: Any) -> None:
    """The focused element shows a focus indicator: an outline or a box shadow."""
    style = driver.execute_script("""
        const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow};
    """)
    outlined = style["outline"] != "none" and style["width"] not in ("0px", "")
    assert outlined or style["shadow"] != "none", f"no visible focus on {describe_focus(driver)}: {style}"


def wait_saved(driver: Any) -> None:
    """The autosave status region says the answer was saved (after a change)."""
    status = driver.find_element(By.ID, "saved")
    assert status.get_attribute("role") == "status"
    WebDriverWait(driver, 10).until(lambda d: status.text.strip() == SAVED,
                                    message=f"#saved never said {SAVED!r}")


def option_values(driver: Any, css: str) -> list[str]:
    return [str(v) for v in driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]), e => e.value)", css)]


def answer_radios(driver: Any, correct: list[str]) -> None:
    values = option_values(driver, "#answer-form input[type=radio][name=answer]")
    first = tab_to(driver, "#answer-form input[type=radio]")
    assert first.get_attribute("value") == values[0], "Tab should enter an unanswered group at its first option"
    assert_focus_visible(driver)
    target = values.index(correct[0])
    if target == 0:
        press(driver, Keys.SPACE)
        wait_saved(driver)
    for _ in range(target):  # each arrow moves to and selects the next option (and autosaves)
        press(driver, Keys.ARROW_DOWN)
        wait_saved(driver)
    assert focused(driver).get_attribute("value") == correct[0]
    assert focused(driver).is_selected()


def answer_checkboxes(driver: Any, correct: list[str]) -> None:
    values = option_values(driver, "#answer-form input[type=checkbox][name=answer]")
    for index, value in enumerate(values):
        box = tab_to(driver, "#answer-form input[type=checkbox]")
        assert box.get_attribute("value") == value, f"checkbox {index + 1} is not the next tab stop"
        assert_focus_visible(driver)
        if value in correct:
            press(driver, Keys.SPACE)
            wait_saved(driver)
            assert box.is_selected()


def answer_text(driver: Any, correct: list[str]) -> None:
    box = tab_to(driver, "#answer-form input[type=text][name=answer]")
    assert_focus_visible(driver)
    press(driver, correct[0])
    press(driver, Keys.TAB)  # leaving the field commits it: a change, so an autosave
    wait_saved(driver)
    assert box.get_attribute("value") == correct[0]


def answer_selects(driver: Any, correct: list[str]) -> None:
    """Matching (one select per left item, values ``left=right``) and ordering (one select per
    position, values are option keys): arrow keys change a closed select on Linux/Windows."""
    count = len(driver.find_elements(By.CSS_SELECTOR, "#answer-form select[name=answer]"))
    for index in range(count):
        select = tab_to(driver, "#answer-form select[name=answer]")
        assert_focus_visible(driver)
        values = [str(o.get_attribute("value")) for o in select.find_elements(By.TAG_NAME, "option")]
        matches = [v for v in values if v in correct]
        wanted = matches[0] if len(matches) == 1 else correct[index]
        current = values.index(str(select.get_attribute("value")))
        step = Keys.ARROW_DOWN if values.index(wanted) >= current else Keys.ARROW_UP
        for _ in range(abs(values.index(wanted) - current)):
            press(driver, step)
            wait_saved(driver)
        assert select.get_attribute("value") == wanted


def answer(driver: Any, entry: dict[str, Any]) -> None:
    kinds = set(driver.execute_script("""
        return Array.from(document.querySelectorAll('#answer-form [name=answer]'),
                          e => e.tagName === 'SELECT' ? 'select' : e.type);
    """))
    if kinds == {"radio"}:
        answer_radios(driver, entry["correct"])
    elif kinds == {"checkbox"}:
        answer_checkboxes(driver, entry["correct"])
    elif kinds == {"text"}:
        answer_text(driver, entry["correct"])
    elif kinds == {"select"}:
        answer_selects(driver, entry["correct"])
    else:
        raise AssertionError(f"no keyboard strategy for {entry['type']} (controls: {sorted(kinds)})")


def wait_for_url(driver: Any, fragment: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: fragment in d.current_url and
                                    d.execute_script("return document.readyState") == "complete",
                                    message=f"never reached {fragment!r} (at {driver.current_url})")


def launch_exam(site: Site, purpose: str) -> tuple[str, list[dict[str, Any]]]:
    seed = site.seed_covering(ITEM_TYPES)
    # a learner of their own: attempts count per person and exam, on any link
    url = site.launch(site.new_learner(), LANG, site.new_link(title=f"AI-diploma ({purpose})"), seed=seed)
    assert url.endswith("/q/1"), url
    return url, attempt_layout(site, attempt_id_of(url))


@pytest.fixture(scope="module")
def exam(site: Site) -> tuple[str, list[dict[str, Any]]]:
    """An attempt only looked at (the page-navigation checks change nothing)."""
    return launch_exam(site, "keyboard navigation")


@pytest.fixture
def fresh_exam(site: Site) -> tuple[str, list[dict[str, Any]]]:
    return launch_exam(site, "keyboard exam")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(exam: Any, driver: Any) -> None:
    url, _layout = exam
    driver.get(url)
    press(driver, Keys.TAB)
    assert "skip" in (focused(driver).get_attribute("class") or "").split(), describe_focus(driver)
    assert focused(driver).get_attribute("href").endswith("#main")
    assert focused(driver).is_displayed() and focused(driver).location["x"] >= 0, "the skip link stays off screen"
    assert_focus_visible(driver)
    press(driver, Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: focused(d).get_attribute("id") == "main",
                                   message="Enter on the skip link did not move focus to main")
    # the next Tab continues inside main: the question navigator
    press(driver, Keys.TAB)
    assert driver.execute_script("return document.activeElement.matches('.navigator a')"), describe_focus(driver)


def test_question_navigator_is_reachable_and_usable_by_keyboard(exam: Any, driver: Any) -> None:
    url, layout = exam
    driver.get(url)
    links = driver.find_elements(By.CSS_SELECTOR, ".navigator a")
    assert len(links) == len(layout)
    reached = []
    for _ in range(len(links)):
        link = tab_to(driver, ".navigator a")
        assert_focus_visible(driver)
        reached.append(link.get_attribute("href"))
    assert reached == [a.get_attribute("href") for a in links], "Tab order differs from the navigator's order"
    # back to question 2 with Shift+Tab, and open it with Enter
    for _ in range(len(links) - 2):
        shift_tab(driver)
    assert focused(driver).get_attribute("href").endswith("/q/2"), describe_focus(driver)
    press(driver, Keys.ENTER)
    wait_for_url(driver, "/q/2")
    assert driver.find_element(By.CSS_SELECTOR, ".navigator a[aria-current]").get_attribute("href").endswith("/q/2")


def test_the_whole_exam_with_the_keyboard_alone(fresh_exam: Any, driver: Any, site: Site) -> None:
    url, layout = fresh_exam
    assert {e["type"] for e in layout} >= ITEM_TYPES
    driver.get(url)
    count = len(layout)
    for entry in layout:
        position = entry["position"]
        wait_for_url(driver, f"/q/{position}")
        assert driver.find_element(By.ID, "saved").text.strip() == "", "a fresh question should not say saved"
        answer(driver, entry)
        assert driver.find_element(By.ID, "saved").text.strip() == SAVED
        current = driver.find_element(By.CSS_SELECTOR, ".navigator a[aria-current]")
        assert "answered" in (current.get_attribute("class") or "").split(), "the navigator should mark it answered"
        go = "next" if position < count else "review"
        tab_to(driver, f"#answer-form button[name=go][value={go}]")
        assert_focus_visible(driver)
        press(driver, Keys.ENTER)
    wait_for_url(driver, "/review")

    main = driver.find_element(By.TAG_NAME, "main").text
    assert f"You answered {count} of {count} questions." in main
    tab_to(driver, "main form button[type=submit]")
    assert_focus_visible(driver)
    press(driver, Keys.ENTER)
    wait_for_url(driver, "/result")

    verdict = driver.find_element(By.CSS_SELECTOR, ".verdict").text
    assert "Passed" in verdict and f"score {count} of {count} (100%" in verdict, verdict
    with site.tool.svc.db.session() as db:
        attempt = db.get(Attempt, attempt_id_of(driver.current_url))
        assert attempt is not None and attempt.status == "submitted"
        assert (attempt.score_raw, attempt.score_max, attempt.passed) == (count, count, True)
