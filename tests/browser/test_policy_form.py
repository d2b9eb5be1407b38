"""The policy form, its preview of what a new version changes and its confirmation dialog in Chromium: axe
(WCAG 2.1 A/AA) at a phone's 390 px and a laptop's 1366 px, in Dutch and English; the page does not scroll
sideways. Nothing is saved (Cancel in the dialog), so the two languages do not depend on each other."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from lti_tool.db.models import PolicyVersion

from .conftest import Site, assert_no_violations, axe, own_site

WIDTHS = (390, 1366)
HEADING = {"nl": "Wat de nieuwe versie verandert", "en": "What the new version changes"}
TITLE = {"nl": "Beleid INFOSEC wijzigen", "en": "Change policy INFOSEC"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with own_site(tmp_path_factory, "policy-form-site") as mine:
        yield mine


def _check(driver: Any, what: str) -> None:
    for width in WIDTHS:
        driver.set_window_size(width, 900)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width, f"{what} {width}"
        assert_no_violations(axe(driver), f"{what} at {width} px")


def _versions(site: Site) -> int:
    with site.tool.svc.db.session() as db:
        return len(list(db.scalars(select(PolicyVersion.id).where(PolicyVersion.policy_key == "INFOSEC"))))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_policy_form_its_preview_and_the_dialog(lang: str, site: Site, driver: Any) -> None:
    url = site.launch("linda", lang)
    base = re.match(r"(.*/s/[^/]+)/", url).group(1)
    driver.get(f"{base}/governance/policies/edit?policy=INFOSEC")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert driver.find_element(By.TAG_NAME, "h1").text == TITLE[lang]
    _check(driver, f"{lang} policy form")
    text = driver.find_element(By.ID, "clause-2-text_en")
    driver.execute_script("arguments[0].value = 'Confidential information only goes into VG-Assistent.'", text)
    driver.find_element(By.CSS_SELECTOR, "form[action$='/policies/edit'] button[type=submit]").click()
    heading = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "preview"))  # the page that answers
    assert heading.text == HEADING[lang]
    assert driver.find_element(By.ID, "clause-2-text_en").get_attribute("value").startswith("Confidential")  # kept
    _check(driver, f"{lang} policy preview")

    save = driver.find_element(By.CSS_SELECTOR, "form[action$='/policies/save'] button[type=submit]")
    save.click()
    dialog = driver.find_element(By.ID, "confirm-dialog")
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is not None)
    assert "INFOSEC" in dialog.find_element(By.ID, "confirm-question").text
    assert_no_violations(axe(driver), f"{lang} save dialog")
    dialog.find_element(By.CSS_SELECTOR, "button[value='cancel']").click()
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is None)
    assert _versions(site) == 1  # Cancel sent nothing
