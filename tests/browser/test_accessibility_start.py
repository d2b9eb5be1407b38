"""WCAG 2.1 A/AA on issue 14's pages, in Dutch and in English, in Chromium: the exam's start page (open and
refused), the staff preview with its sample form, and the submit confirmation listing unanswered and flagged
questions."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By

from tests.lti_client import Browser, csrf_token

from .conftest import Site, assert_no_violations, axe, exam_base, submit_over_http

LANGS = ("nl", "en")


def check(driver: Any, url: str, page: str, lang: str) -> None:
    driver.get(url)
    assert "Error 500" not in driver.title, f"{page}: the tool failed to render {url}"
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert_no_violations(axe(driver), f"{page} ({url})")


@pytest.mark.parametrize("lang", LANGS)
def test_start_page(lang: str, site: Site, driver: Any) -> None:
    link = site.new_link(title=f"AI-diploma (start {lang})")
    learner = site.new_learner()  # of their own: attempts count per person and exam, on any link
    url = site.launch(learner, lang, link, start=False)
    assert url.endswith("/start"), url
    check(driver, url, f"start page ({lang})", lang)
    assert driver.find_elements(By.CSS_SELECTOR, "form.start button[type=submit]")

    # after a failed attempt, the same page says why and when instead of offering Start
    begun = site.launch(learner, lang, link)
    submit_over_http(begun)
    refused = site.launch(learner, lang, link, start=False)
    check(driver, refused, f"refused start page ({lang})", lang)
    assert driver.find_elements(By.CSS_SELECTOR, ".notice.refusal")
    assert not driver.find_elements(By.CSS_SELECTOR, "form.start")


@pytest.mark.parametrize("lang", LANGS)
def test_staff_preview(lang: str, site: Site, driver: Any) -> None:
    landed = site.launch("linda", lang, site.new_link(title=f"AI-diploma (preview {lang})"))
    assert "/staff/link" in landed, landed
    check(driver, landed.replace("/staff/link", "/preview"), f"preview ({lang})", lang)
    assert driver.find_elements(By.CSS_SELECTOR, "ol.sample fieldset[disabled]")  # L&D may read the bank


@pytest.mark.parametrize("lang", LANGS)
def test_submit_confirmation(lang: str, site: Site, driver: Any) -> None:
    url = site.launch(site.new_learner(), lang, site.new_link(title=f"AI-diploma (confirm {lang})"))
    base = exam_base(url)
    with Browser() as client:
        page = client.get(f"{base}/q/2")
        saved = client.post(f"{base}/q/2", data={"csrf_token": csrf_token(page.text), "flagged": "1", "go": "next"})
        assert saved.status_code == 303
    check(driver, f"{base}/q/3", f"question page with a flagged question ({lang})", lang)
    assert driver.find_elements(By.CSS_SELECTOR, ".navigator a.flagged")
    check(driver, f"{base}/confirm", f"submit confirmation ({lang})", lang)
    listed = driver.find_elements(By.CSS_SELECTOR, "ul.positions a")
    assert len(listed) == 20 + 1  # every question is open, and question 2 is flagged too
