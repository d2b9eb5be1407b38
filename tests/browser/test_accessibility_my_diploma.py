"""axe (WCAG 2.1 A/AA) on *My AI diploma* in each state, in Dutch and English: a late employee with the
advice of a failed attempt, a new hire in the onboarding term, certificates in every state (valid,
expiring, expired, revoked with its reason, cut short by a recertification decision), and a line
manager's team page with a member's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from assessments.months import add_months
from lti_tool.certification import issue_certificate, revoke_certificate
from lti_tool.db.models import Certificate, Person, Platform, utcnow
from lti_tool.governance.operations import decide_recertification

from .conftest import Site, assert_no_violations, axe, own_site, submit_over_http

LANGS = ("nl", "en")
HR_EXPORT = Path(__file__).resolve().parents[2] / "config" / "demo" / "hr_export.csv"


def _person(db: Any, subject: str) -> Person:
    return db.scalars(select(Person).where(Person.subject == subject)).one()


def _certificates_in_every_state(site: Site) -> None:
    """Sanne: expired, revoked, expiring and valid certificates, and an expert one cut short by a decision."""
    svc = site.tool.svc
    now = utcnow()
    with svc.db.transaction() as db:
        config = svc.derivation(db)
        sanne = _person(db, "vg-1001")
        platform = db.get(Platform, sanne.platform_id)

        def issue(level: str, at: dt.datetime) -> str:
            return issue_certificate(db, config, platform, sanne, level, at, registration=None,
                                     blueprint_version=f"{level}@1", model_version=None)

        issue("basic", add_months(now, -25))
        revoked = issue("basic", now - dt.timedelta(days=10))
        revoke_certificate(db, config, db.get(Certificate, revoked), "fraude bij de toets", now)
        issue("basic", add_months(now, -24) + dt.timedelta(days=30))
        issue("advanced", now - dt.timedelta(days=1))
        issue("expert", now - dt.timedelta(days=1))
        decide_recertification(db, config, platform, ["expert"], now.date() + dt.timedelta(days=60),
                               "INFOSEC 2026.2 changes where confidential information may go", "Linda Mulder",
                               clauses=["INFOSEC-4.2"])
        _person(db, "vg-1002").hire_date = now.date() - dt.timedelta(days=10)  # Mohammed: a new hire


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """This module's own tool and LMS: its HR import makes line managers, whose exam links open reports."""
    with own_site(tmp_path_factory, "diploma-site") as mine:
        yield mine


@pytest.fixture(scope="module")
def diplomas(site: Site) -> dict[str, str]:
    runner = site.tool.app.test_cli_runner()
    result = runner.invoke(args=["people-import", str(HR_EXPORT), "--issuer", site.platform.url,
                                 "--client-id", site.client_id])
    assert result.exit_code == 0, result.output
    link = site.new_link(title="AI-diploma (mijn diploma)")
    eva = site.launch("eva", "en", link_id=link)  # starts an attempt: submitted unanswered, it fails
    submit_over_http(eva)
    _certificates_in_every_state(site)
    with site.tool.svc.db.session() as db:
        sanne_id = _person(db, "vg-1001").id
    return {"link": link, "sanne": str(sanne_id)}


def _base(url: str) -> str:
    """The session's root ``…/s/<sid>`` of whatever page a launch landed on (start page, attempt, staff view)."""
    head, _, rest = url.partition("/s/")
    return f"{head}/s/{rest.split('/')[0]}"


def _open(site: Site, driver: Any, user: str, lang: str, link: str, path: str) -> str:
    driver.get(_base(site.launch(user, lang, link_id=link)) + path)
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    return str(driver.page_source)


@pytest.mark.parametrize("lang", LANGS)
def test_late_employee_with_advice_after_a_fail(lang: str, site: Site, diplomas: dict, driver: Any) -> None:
    page = _open(site, driver, "eva", lang, diplomas["link"], "/me/")
    assert 'id="advice-h"' in page and "verdict fail" in page and 'id="exam-h"' in page
    assert_no_violations(axe(driver), f"{lang} my diploma: late, advice")


@pytest.mark.parametrize("lang", LANGS)
def test_certificates_in_every_state(lang: str, site: Site, diplomas: dict, driver: Any) -> None:
    page = _open(site, driver, "sanne", lang, diplomas["link"], "/me/")
    for state in ("valid", "expiring", "expired", "revoked", "cut_short"):
        assert f'class="cert-{state}"' in page, state
    assert "fraude bij de toets" in page and "INFOSEC-4.2" in page
    assert_no_violations(axe(driver), f"{lang} my diploma: certificates")


@pytest.mark.parametrize("lang", LANGS)
def test_new_hire_in_the_onboarding_term(lang: str, site: Site, diplomas: dict, driver: Any) -> None:
    page = _open(site, driver, "mohammed", lang, diplomas["link"], "/me/")
    assert ("in the onboarding term" if lang == "en" else "in de inwerkperiode") in page
    assert_no_violations(axe(driver), f"{lang} my diploma: onboarding")


@pytest.mark.parametrize("lang", LANGS)
def test_team_page_and_a_members_page(lang: str, site: Site, diplomas: dict, driver: Any) -> None:
    page = _open(site, driver, "mohammed", lang, diplomas["link"], "/reports/team")
    assert "Sanne de Vries" in page
    assert_no_violations(axe(driver), f"{lang} team")
    driver.get(driver.current_url.split("/reports/")[0] + f"/reports/people/{diplomas['sanne']}/diploma")
    assert "Sanne de Vries" in driver.page_source and 'class="cert-revoked"' in driver.page_source
    assert_no_violations(axe(driver), f"{lang} team member's diploma")
