"""In Chromium: a refused form comes back with what was typed (keep_input.js adds the page it was on,
the error page links back, the form is filled again), in Dutch and English, and the pages pass axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from .conftest import Site, assert_no_violations, axe, own_site, set_accept_language

AUDITOR = "vg-1003"  # eva
REMARK = {"nl": "De roosters in de zorg laten geen ruimte voor de pilot in december. " * 62,
          "en": "Care rosters leave no room for the pilot in December, move it to January please. " * 52}
REFUSED = {"nl": "Je tekst is", "en": "Your text is"}
BACK = {"nl": "Terug naar het formulier", "en": "Back to the form"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with own_site(tmp_path_factory, "kept-input-site") as mine:
        runner = mine.tool.app.test_cli_runner()
        assert runner.invoke(args=["roles", "grant", "--issuer", mine.platform.url, "--client-id", mine.client_id,
                                   "--subject", AUDITOR, "--role", "auditor"]).exit_code == 0
        yield mine


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_refused_remark_is_back_in_its_form(site: Site, driver: Any, lang: str) -> None:
    set_accept_language(driver, lang)
    page = site.launch("eva", lang).split("/s/", 1)
    rollout = f"{page[0]}/s/{page[1].split('/', 1)[0]}/governance/rollout"
    driver.get(rollout)
    text = REMARK[lang]
    phase = Select(driver.find_element(By.ID, "phase"))
    phase.select_by_index(len(phase.options) - 1)
    chosen = phase.first_selected_option.get_attribute("value")
    box = driver.find_element(By.ID, "text")
    # a browser that does not hold to maxlength (or a paste by a password manager): the server refuses
    driver.execute_script("arguments[0].removeAttribute('maxlength'); arguments[0].value = arguments[1];", box, text)
    box.find_element(By.XPATH, "ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()

    WebDriverWait(driver, 10).until(lambda d: REFUSED[lang] in d.find_element(By.TAG_NAME, "main").text)
    assert_no_violations(axe(driver), f"the refusal ({lang})")
    back = driver.find_element(By.PARTIAL_LINK_TEXT, BACK[lang])
    assert "kept=" in back.get_attribute("href") and "/governance/rollout?" in back.get_attribute("href")
    back.click()

    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "kept-notice").is_displayed())
    assert driver.find_element(By.ID, "text").get_attribute("value") == text
    assert Select(driver.find_element(By.ID, "phase")).first_selected_option.get_attribute("value") == chosen
    assert driver.switch_to.active_element.get_attribute("name") in ("phase", "text")
    assert_no_violations(axe(driver), f"the form with what was typed ({lang})")
