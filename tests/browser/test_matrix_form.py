"""The role-matrix and rollout-plan forms and their previews of who is affected in Chromium: axe (WCAG 2.1 A/AA)
at a phone's 390 px and a laptop's 1366 px, in Dutch and English; the page does not scroll sideways (tables
scroll in their own region)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import Site, assert_no_violations, axe, own_site

HR_EXPORT = Path(__file__).resolve().parents[2] / "config" / "demo" / "hr_export.csv"
WIDTHS = (390, 1366)
HEADING = {"nl": "Wie het raakt", "en": "Who is affected"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with own_site(tmp_path_factory, "matrix-form-site") as mine:
        runner = mine.tool.app.test_cli_runner()
        result = runner.invoke(args=["people-import", str(HR_EXPORT), "--issuer", mine.platform.url,
                                     "--client-id", mine.client_id])
        assert result.exit_code == 0, result.output
        assert runner.invoke(args=["roles", "grant", "--issuer", mine.platform.url, "--client-id", mine.client_id,
                                   "--subject", "vg-1004", "--role", "hr"]).exit_code == 0
        yield mine


def _check(driver: Any, what: str) -> None:
    for width in WIDTHS:
        driver.set_window_size(width, 900)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width, f"{what} {width}"
        assert_no_violations(axe(driver), f"{what} at {width} px")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_form_and_its_preview(lang: str, site: Site, driver: Any) -> None:
    url = site.launch("priya", lang, link_id=site.new_link(title="AI-diploma (rolmatrix)"))
    driver.get(url.split("/reports")[0].split("/staff/")[0] + "/reports/matrix/edit")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    _check(driver, f"{lang} form")
    deadline = driver.find_element(By.ID, "rule-0-deadline")
    driver.execute_script("arguments[0].value = '2026-09-30'", deadline)
    driver.find_element(By.CSS_SELECTOR, "form[action$='/matrix/edit'] button[type=submit]").click()
    heading = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "preview"))  # the page that answers
    assert heading.text == HEADING[lang]
    assert driver.find_element(By.ID, "rule-0-deadline").get_attribute("value") == "2026-09-30"  # kept
    _check(driver, f"{lang} preview")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_rollout_form_and_its_preview(lang: str, site: Site, driver: Any) -> None:
    url = site.launch("priya", lang, link_id=site.new_link(title="AI-diploma (uitrolplan)"))
    driver.get(url.split("/reports")[0].split("/staff/")[0] + "/governance/rollout/edit")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    _check(driver, f"{lang} rollout form")
    driver.find_element(By.ID, "phase-0-message").click()  # the summary opens the phase's message fields
    assert driver.find_element(By.ID, "phase-0-subject_en").is_displayed()
    driver.execute_script("document.querySelectorAll('details.phase-message').forEach(d => d.open = true)")
    _check(driver, f"{lang} rollout form with the message fields")
    driver.find_element(By.ID, "phase-0-subject_en").send_keys("Phase {phase} {team}")
    driver.find_element(By.ID, "phase-0-text_nl").send_keys("Beste {manager}, tot {end")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/rollout/edit'] button[type=submit]").click()
    error = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "phase-0-subject_en-error"))
    assert "{team}" in error.text and driver.find_element(By.ID, "phase-0-text_nl-error").is_displayed()
    assert driver.find_element(By.ID, "phase-0-subject_en").get_attribute("value") == "Phase {phase} {team}"
    assert driver.find_element(By.ID, "phase-0-text_nl").get_attribute("value") == "Beste {manager}, tot {end"
    _check(driver, f"{lang} rollout message errors")
    driver.find_element(By.ID, "phase-0-subject_en").clear()
    driver.find_element(By.ID, "phase-0-subject_en").send_keys("Phase {phase} until {end}")
    driver.find_element(By.ID, "phase-0-text_nl").clear()
    driver.find_element(By.CSS_SELECTOR, "form[action$='/rollout/edit'] button[type=submit]").click()
    assert WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "preview")).text == HEADING[lang]
    assert driver.find_element(By.ID, "phase-0-subject_en").get_attribute("value") == "Phase {phase} until {end}"
    _check(driver, f"{lang} rollout preview")
