"""axe (WCAG 2.1 A/AA) on the authoring pages that show item-writing findings and the answer key — the item
page, the editor and the question bank with its balance per level — in Dutch and English."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By

from lti_tool.authoring import operations as ops
from lti_tool.permissions import Role

from .conftest import Site, assert_no_violations, axe

LANGS = ("nl", "en")
CUED_ITEM = "basic-a11y-cue-001"
CUED = {"key": CUED_ITEM, "type": "single_choice", "competence": "data-confidentiality-prompts", "level": "basic",
        "stem": {"nl": "Mag je een klantdossier NIET in een openbare AI-tool plakken?",
                 "en": "May you NOT paste a customer file into a public AI tool?"},
        "rationale": {"nl": "Vertrouwelijke gegevens horen niet in openbare tools.",
                      "en": "Confidential data does not belong in public tools."},
        "options": [{"key": "a", "correct": True,
                     "text": {"nl": "Nee, alleen in de interne VG-Assistent en pas na het weglaten van namen",
                              "en": "No, only in the internal VG-Assistent and only after removing the names"},
                     "feedback": {"nl": "Juist.", "en": "Correct."}},
                    {"key": "b", "correct": False, "text": {"nl": "Ja, altijd", "en": "Yes, always"},
                     "feedback": {"nl": "Onjuist.", "en": "Incorrect."}},
                    {"key": "c", "correct": False, "text": {"nl": "Ja, als het gratis is", "en": "Yes, if it is free"},
                     "feedback": {"nl": "Onjuist.", "en": "Incorrect."}}]}


@pytest.fixture(scope="module")
def cued(site: Site) -> str:
    """A draft whose key is clearly the longest option (a problem) and with an absolute word in a distractor."""
    with site.tool.svc.db.transaction() as db:
        ops.save_item(db, CUED, ops.Actor(None, "L&D test", frozenset({Role.LD}), home=True))
    return CUED_ITEM


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [f"/authoring/items/{CUED_ITEM}", f"/authoring/items/{CUED_ITEM}/edit",
                                  "/authoring/items"])
def test_authoring_pages_with_findings(lang: str, page: str, site: Site, cued: str, driver: Any) -> None:
    url = site.launch("linda", lang)
    driver.get(url.split("/staff/")[0].split("/attempt/")[0] + page)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert "500" not in driver.title
    if page != "/authoring/items":
        assert driver.find_elements(By.CSS_SELECTOR, "section.findings li.finding")
    if page.endswith(CUED_ITEM):
        assert driver.find_elements(By.CSS_SELECTOR, "section.answer-key tr.key-correct")
    assert_no_violations(axe(driver), f"{lang} {page}")
