"""In Chromium: a refused form comes back with what was typed (keep_input.js adds the page it was on,
the error page links back, the form is filled again), in Dutch and English, and the pages pass axe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.test_kept_input import REASON, certificate_for, revoked

from .conftest import Site, assert_no_violations, axe, own_site, set_accept_language, submit_over_http

CONFIG = Path(__file__).resolve().parents[2] / "config"
REFUSED = {"nl": "Je tekst is", "en": "Your text is"}
BACK = {"nl": "Terug naar het formulier", "en": "Back to the form"}
HOLDER = {"nl": ("VG-10231", "Sanne de Vries"), "en": ("VG-10487", "Mohammed El Amrani")}
#: what a wait across a page load meets: the new page's element not there yet, the old page's gone stale
NAVIGATING = (NoSuchElementException, StaleElementReferenceException)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Its own tool: HR data and an HR grant (priya) must not change the other modules' pages."""
    with own_site(tmp_path_factory, "kept-input-site") as mine:
        runner = mine.tool.app.test_cli_runner()
        assert runner.invoke(args=["people-import", str(CONFIG / "demo" / "hr_export.csv"), "--issuer",
                                   mine.platform.url, "--client-id", mine.client_id]).exit_code == 0
        assert runner.invoke(args=["roles", "grant", "--issuer", mine.platform.url, "--client-id", mine.client_id,
                                   "--subject", "vg-1004", "--role", "hr"]).exit_code == 0
        yield mine


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_refused_revocation_is_back_in_its_form(site: Site, driver: Any, lang: str) -> None:
    number, name = HOLDER[lang]
    certificate = certificate_for(site.tool, number)
    set_accept_language(driver, lang)
    start = site.launch("priya", lang).split("/s/", 1)
    driver.get(f"{start[0]}/s/{start[1].split('/', 1)[0]}/reports/people?q={name.replace(' ', '+')}")
    box = driver.find_element(By.ID, f"reason-{certificate}")
    driver.execute_script("arguments[0].value = arguments[1];", box, REASON)  # (typing 4,455 characters is slow)
    box.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    dialog = WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "confirm-dialog"))
    dialog.find_element(By.CSS_SELECTOR, "button[value='proceed']").click()

    # the old page's elements go stale while the refusal loads: wait through that, not only for a missing element
    WebDriverWait(driver, 10, ignored_exceptions=NAVIGATING).until(
        lambda d: REFUSED[lang] in d.find_element(By.TAG_NAME, "main").text)
    assert_no_violations(axe(driver), f"the refusal ({lang})")
    back = driver.find_element(By.PARTIAL_LINK_TEXT, BACK[lang])
    assert "kept=" in back.get_attribute("href") and "/reports/people?q=" in back.get_attribute("href")
    back.click()

    WebDriverWait(driver, 10, ignored_exceptions=NAVIGATING).until(
        lambda d: d.find_element(By.ID, "kept-notice").is_displayed())
    assert driver.find_element(By.ID, f"reason-{certificate}").get_attribute("value") == REASON
    assert driver.switch_to.active_element.get_attribute("id") == f"reason-{certificate}"
    assert_no_violations(axe(driver), f"the form with what was typed ({lang})")
    assert not revoked(site.tool, certificate)


def test_a_refused_flag_comes_back_in_the_flag_form_of_its_question_only(site: Site, driver: Any) -> None:
    """Every question's flag form posts to one address: the text goes back into the form of the question it
    was about, which is opened, and into no other."""
    set_accept_language(driver, "en")
    result = submit_over_http(site.launch("eva", "en"))
    driver.get(result)
    box = driver.find_element(By.ID, "flag-3")
    driver.execute_script("arguments[0].closest('details').open = true; arguments[0].value = arguments[1];",
                          box, "x" * 4001)  # one more than the field allows: the tool refuses it
    box.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10, ignored_exceptions=NAVIGATING).until(
        lambda d: REFUSED["en"] in d.find_element(By.TAG_NAME, "main").text)
    driver.find_element(By.PARTIAL_LINK_TEXT, BACK["en"]).click()
    WebDriverWait(driver, 10, ignored_exceptions=NAVIGATING).until(
        lambda d: d.find_element(By.ID, "kept-notice").is_displayed())
    values = driver.execute_script(
        "return [...document.querySelectorAll('textarea[id^=flag-]')].map(t => [t.id, t.value.length, "
        "t.closest('details').open]);")
    assert [v for v in values if v[1]] == [["flag-3", 4001, True]], values
    assert len(values) > 3 and driver.switch_to.active_element.get_attribute("id") == "flag-3"
