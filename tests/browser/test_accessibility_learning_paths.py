"""axe (WCAG 2.1 A/AA) at a phone's 390 px and a laptop's 1366 px, in Dutch and English, on the learning path
pages: L&D's catalogue (also with problems at the fields after a save), an employee's path on *My AI diploma*
(weak competences first, after a failed attempt; this site has no LRS, so LMS progress reads as unknown) and
the counts on a line manager's *My team*."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from lti_tool.learning_paths import operations as paths

from .conftest import Site, assert_no_violations, axe, own_site, submit_over_http

LANGS = ("nl", "en")
WIDTHS = (390, 1366)
HR_EXPORT = Path(__file__).resolve().parents[2] / "config" / "demo" / "hr_export.csv"
CATALOGUE = [
    {"key": "prompt-hygiene", "kind": "e_learning", "competence": "data-confidentiality-prompts", "level": "basic",
     "title_nl": "Veilig prompten", "title_en": "Safe prompting",
     "activity_id": "https://elearning.voorbeeldgroep.nl/xapi/activities/prompt-hygiene"},
    {"key": "privacy-course", "kind": "lms_course", "competence": "personal-data-privacy", "level": "basic",
     "title_nl": "Privacy en AI", "title_en": "Privacy and AI", "url": "https://lms.voorbeeldgroep.nl/course/42"},
    {"key": "policy-session", "kind": "in_company", "competence": "ai-tool-policy", "level": "basic",
     "title_nl": "Werksessie AI-beleid", "title_en": "AI policy session", "starts": "2027-02-01T09:00",
     "ends": "2027-02-01T12:30", "place": "Utrecht, Catharijnesingel"},
    {"key": "basic-exam", "kind": "testing", "competence": "safe-everyday-use", "level": "basic",
     "title_nl": "AI-diploma basis", "title_en": "AI diploma basic"},
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Its own tool and LMS: the HR import makes line managers, whose exam links open reports."""
    with own_site(tmp_path_factory, "paths-site") as mine:
        yield mine


@pytest.fixture(scope="module")
def link(site: Site) -> str:
    runner = site.tool.app.test_cli_runner()
    result = runner.invoke(args=["people-import", str(HR_EXPORT), "--issuer", site.platform.url,
                                 "--client-id", site.client_id])
    assert result.exit_code == 0, result.output
    svc = site.tool.svc
    with svc.db.transaction() as db:
        saved = paths.save(db, CATALOGUE, svc.catalogue.model(db), "Linda Mulder")
    assert saved.row is not None, saved.problems
    new = site.new_link(title="AI-diploma (leerpad)")
    submit_over_http(site.launch("eva", "en", link_id=new))  # unanswered: a fail, with what to study
    return new


def _base(url: str) -> str:
    head, _, rest = url.partition("/s/")
    return f"{head}/s/{rest.split('/')[0]}"


def _check_widths(driver: Any, what: str) -> None:
    for width in WIDTHS:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        try:
            assert_no_violations(axe(driver), f"{what} at {width} px")
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogue_page_and_its_problems(lang: str, site: Site, link: str, driver: Any) -> None:
    driver.get(_base(site.launch("linda", lang, link_id=link)) + "/authoring/learning-paths")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    assert driver.find_element(By.ID, "a2_place").get_attribute("value") == "Utrecht, Catharijnesingel"
    _check_widths(driver, f"{lang} learning path catalogue")
    driver.execute_script("document.getElementById('a2_ends').value = '2027-01-31T09:00';"
                          "document.getElementById('new_key').value = 'Geen Sleutel';")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/learning-paths'] button[type=submit]").click()
    assert WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "a2_ends-error")).is_displayed()
    assert driver.find_element(By.ID, "a4_key").get_attribute("value") == "Geen Sleutel"
    _check_widths(driver, f"{lang} learning path catalogue with problems")


@pytest.mark.parametrize("lang", LANGS)
def test_my_learning_path_and_my_team(lang: str, site: Site, link: str, driver: Any) -> None:
    driver.get(_base(site.launch("eva", lang, link_id=link)) + "/me/")
    page = driver.page_source
    assert 'id="path-h"' in page and 'data-activity="policy-session"' in page and 'role="status"' in page
    _check_widths(driver, f"{lang} my learning path")
    driver.get(_base(site.launch("mohammed", lang, link_id=link)) + "/reports/team")
    assert "path-count" in driver.page_source
    _check_widths(driver, f"{lang} my team with learning paths")
