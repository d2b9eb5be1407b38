"""axe (WCAG 2.1 A/AA) on the report, HR, role-matrix, own-status and verification pages,
in Dutch and English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lti_tool.db.models import Certificate

from .conftest import (
    Site,
    answer_over_http,
    assert_no_violations,
    attempt_id_of,
    attempt_layout,
    axe,
    own_site,
    set_accept_language,
    submit_over_http,
)

LANGS = ("nl", "en")
HR_EXPORT = Path(__file__).resolve().parents[2] / "config" / "demo" / "hr_export.csv"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """This module's own tool and LMS: its HR import makes line managers, whose exam links open reports."""
    with own_site(tmp_path_factory, "reports-site") as mine:
        yield mine


@pytest.fixture(scope="module")
def organisation(site: Site) -> dict[str, Any]:
    """The demo organisation imported, governance roles granted, and one passed exam (Daan)."""
    runner = site.tool.app.test_cli_runner()
    result = runner.invoke(args=["people-import", str(HR_EXPORT), "--issuer", site.platform.url,
                                 "--client-id", site.client_id])
    assert result.exit_code == 0, result.output
    for subject, role in (("vg-1004", "hr"), ("vg-1005", "works_council")):
        assert runner.invoke(args=["roles", "grant", "--issuer", site.platform.url, "--client-id", site.client_id,
                                   "--subject", subject, "--role", role]).exit_code == 0
    link = site.new_link(title="AI-diploma (rapportages)")
    url = site.launch("daan", "en", link_id=link)
    for slot in attempt_layout(site, attempt_id_of(url)):
        answer_over_http(url, slot["position"], slot["correct"])
    submit_over_http(url)
    with site.tool.svc.db.session() as db:
        certificate = db.scalars(select(Certificate)).first()
    assert certificate is not None
    return {"link": link, "certificate": certificate.id}


def _base(url: str) -> str:
    return url.split("/staff/")[0].split("/attempt/")[0].split("/reports")[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["/reports/?as_of=2026-11-29", "/reports/people", "/reports/reminders",
                                  "/reports/matrix", "/reports/hr-import"])
def test_hr_report_pages(lang: str, page: str, site: Site, organisation: dict, driver: Any) -> None:
    url = site.launch("priya", lang, link_id=organisation["link"])
    driver.get(_base(url) + page)
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    assert_no_violations(axe(driver), f"{lang} {page}")


@pytest.mark.parametrize("lang", LANGS)
def test_works_council_aggregate_page(lang: str, site: Site, organisation: dict, driver: Any) -> None:
    url = site.launch("joost", lang, link_id=organisation["link"])
    driver.get(_base(url) + "/reports/?as_of=2026-11-29")
    assert "—" in driver.page_source
    assert_no_violations(axe(driver), f"{lang} works council")


@pytest.mark.parametrize("lang", LANGS)
def test_own_status_and_public_verification(lang: str, site: Site, organisation: dict, driver: Any) -> None:
    url = site.launch("daan", lang, link_id=organisation["link"])
    driver.get(_base(url) + "/me/")
    assert_no_violations(axe(driver), f"{lang} own status")
    set_accept_language(driver, lang)
    driver.get(f"{site.tool.url}/verify/{organisation['certificate']}")
    assert_no_violations(axe(driver), f"{lang} certificate check")
    driver.get(f"{site.tool.url}/verify")
    assert_no_violations(axe(driver), f"{lang} credential check")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("user", "page"), [("priya", "/reports/monitoring?grain=month"),
                                            ("joost", "/reports/monitoring"), ("joost", "/governance/rollout")])
def test_monitoring_and_remarks_at_phone_and_desktop_width(lang: str, user: str, page: str, site: Site,
                                                          organisation: dict, driver: Any) -> None:
    """The monitoring table (HR: whole organisation; works council: aggregates) and the rollout page with the
    remark form the works council now has, at 390 and 1366 px."""
    url = site.launch(user, lang, link_id=organisation["link"])
    try:
        for width in (390, 1366):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            driver.get(_base(url) + page)
            assert driver.find_element("tag name", "html").get_attribute("lang") == lang
            assert "Error" not in driver.title
            assert_no_violations(axe(driver), f"{lang} {user} {page} {width} px")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("lang", LANGS)
def test_board_summary_at_phone_and_laptop_width(lang: str, site: Site, organisation: dict, driver: Any) -> None:
    url = site.launch("joost", lang, link_id=organisation["link"])  # the works council: aggregates only
    driver.get(_base(url) + "/reports/board")
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    try:
        for width in (390, 1366):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
            assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), width
            assert_no_violations(axe(driver), f"{lang} board summary at {width} px")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
