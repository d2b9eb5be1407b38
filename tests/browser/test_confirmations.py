"""Destructive or irreversible actions ask first, in the page's own <dialog> (a sandboxed LMS frame blocks
``window.confirm``): Cancel is the default and sends nothing; Continue sends the form with what was typed.
Checked in Chromium with axe on the open dialog, in Dutch and English; a template check keeps every form
of such an action wired to the dialog."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from lti_tool.db.models import ItemVersion

from .conftest import Site, assert_no_violations, axe, own_site

TEMPLATES = Path(__file__).resolve().parents[2] / "lti_tool" / "templates"
#: the endpoints whose forms must ask first (what they do cannot be undone, or takes effect for everybody)
DESTRUCTIVE = ("reports.revoke", "governance.revoke_grant", "governance.recertify", "standards.close",
               "standards.adopt", "authoring.retire", "authoring.approve", "authoring.approve_blueprint",
               "staff.recreate", "staff.stop", "reports.send_reminders", "reports.retry_reminders",
               "authoring.upload_learning_paths", "reports.matrix_rollback", "governance.plan_rollback",
               "governance.resolve_flags", "authoring.retire_selected", "governance.policy_save",
               "governance.policy_rollback")
#: one question per language, so the two runs do not depend on each other
KEY = {"nl": "basic-toolpol-002", "en": "basic-toolpol-003"}
QUESTION = {"nl": "Vraag basic-toolpol-002 buiten gebruik stellen?", "en": "Retire question basic-toolpol-003?"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Its own tool: retiring a question must not change the other modules' draws."""
    with own_site(tmp_path_factory, "confirm-site") as mine:
        yield mine


def _status(site: Site, key: str) -> list[str]:
    with site.tool.svc.db.session() as db:
        return sorted(db.scalars(select(ItemVersion.status).where(ItemVersion.item_key == key)))


def _dialog(driver: Any) -> Any:
    return driver.find_element(By.ID, "confirm-dialog")


def test_every_destructive_form_asks_first() -> None:
    forms = [m.group(0) for path in TEMPLATES.rglob("*.html")
             for m in re.finditer(r"<form\b[^>]*>", path.read_text(encoding="utf-8"))]
    for endpoint in DESTRUCTIVE:
        mine = [f for f in forms if f"url_for('{endpoint}'" in f]
        assert mine, f"no form posts to {endpoint}"
        assert all("data-confirm=" in f and "data-confirm-detail=" in f for f in mine), endpoint


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_retiring_a_question_asks_first_and_cancel_sends_nothing(lang: str, site: Site, driver: Any) -> None:
    key = KEY[lang]
    url = site.launch("linda", lang)
    base = re.match(r"(.*/s/[^/]+)/", url).group(1)
    driver.get(f"{base}/authoring/items/{key}")
    assert _status(site, key) == ["approved"]
    retire = driver.find_element(By.CSS_SELECTOR, "form[action$='/retire'] button")
    retire.click()
    dialog = _dialog(driver)
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is not None)
    assert dialog.find_element(By.ID, "confirm-question").text == QUESTION[lang]
    assert driver.switch_to.active_element.get_attribute("value") == "cancel"  # the safe choice has focus
    assert_no_violations(axe(driver), f"{lang} confirmation dialog")
    dialog.find_element(By.CSS_SELECTOR, "button[value='cancel']").click()
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is None)
    assert "retired" not in _status(site, key)  # nothing was sent
    assert driver.switch_to.active_element == retire  # back on the button
    retire.click()
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is not None)
    dialog.find_element(By.CSS_SELECTOR, "button[value='proceed']").click()
    WebDriverWait(driver, 10).until(lambda d: "retired" in _status(site, key))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_retiring_selected_questions_asks_first(lang: str, site: Site, driver: Any) -> None:
    """The bulk form asks in the dialog too; Cancel sends nothing, Continue retires the selected question."""
    key = {"nl": "basic-toolpol-004", "en": "basic-toolpol-005"}[lang]
    url = site.launch("linda", lang)
    base = re.match(r"(.*/s/[^/]+)/", url).group(1)
    driver.get(f"{base}/authoring/items?q={key}")
    assert _status(site, key) == ["approved"]
    driver.find_element(By.CSS_SELECTOR, f"input[name='key'][value='{key}']").click()
    button = driver.find_element(By.CSS_SELECTOR, "form[action$='/items/retire'] button[type='submit']")
    button.click()
    dialog = _dialog(driver)
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is not None)
    assert_no_violations(axe(driver), f"{lang} bulk retire dialog")
    dialog.find_element(By.CSS_SELECTOR, "button[value='cancel']").click()
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is None)
    assert _status(site, key) == ["approved"]  # nothing was sent
    button.click()
    WebDriverWait(driver, 5).until(lambda d: dialog.get_attribute("open") is not None)
    dialog.find_element(By.CSS_SELECTOR, "button[value='proceed']").click()
    WebDriverWait(driver, 10).until(lambda d: "retired" in _status(site, key))
