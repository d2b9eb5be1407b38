"""axe (WCAG 2.1 A/AA) on the public verification page of a cut-short and of a revoked certificate, with the
organisation's name and logo from the settings, in Dutch and English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from demo_lms.testing import start_platform
from lti_tool.db.models import Certificate, Person, PolicyVersion
from lti_tool.governance import handlers as governance
from lti_tool.reports import operations as reports
from tests.conftest import provision_database, running_tool
from tests.lti_client import STAFF_GRANTS, Browser, create_link, register

from .conftest import (
    Site,
    answer_over_http,
    assert_no_violations,
    attempt_id_of,
    attempt_layout,
    axe,
    set_accept_language,
    submit_over_http,
)

LANGS = ("nl", "en")
ORGANISATION = "Voorbeeld Groep"


def _pass(site: Site, user: str) -> str:
    url = site.launch(user, "en")
    for slot in attempt_layout(site, attempt_id_of(url)):
        answer_over_http(url, slot["position"], slot["correct"])
    submit_over_http(url)
    with site.tool.svc.db.session() as db:
        person = db.scalars(select(Person).where(Person.subject == {"sanne": "vg-1001", "eva": "vg-1003"}[user])).one()
        return db.scalars(select(Certificate.id).where(Certificate.person_id == person.id)).one()


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, dict[str, str]]]:
    """Its own tool with the organisation's name and logo: Sanne's certificate cut short, Eva's revoked."""
    folder = Path(tmp_path_factory.mktemp("certificate-site"))
    instance = folder / "instance"
    instance.mkdir()
    Image.new("RGB", (240, 80), (22, 78, 140)).save(instance / "logo.png")
    with provision_database("sqlite", folder) as url, running_tool(
            url, None, instance, organisation_name=ORGANISATION, organisation_logo="logo.png") as tool:
        platform = start_platform(port=0, control_api=True)
        try:
            with Browser() as client:
                reg = register(client, platform, tool, grants=STAFF_GRANTS)
            site = Site(tool, platform, reg.client_id, str(create_link(platform, reg.client_id)["id"]))
            ids = {"cut_short": _pass(site, "sanne"), "revoked": _pass(site, "eva")}
            with tool.svc.db.session() as db:
                version_id = db.scalars(select(PolicyVersion.id)).first()
                platform_id = db.get(Certificate, ids["revoked"]).platform_id
            with tool.app.test_request_context():
                governance.recertify(platform_id, version_id, ["basic"], dt.date.today() + dt.timedelta(days=30),
                                     "The policy on confidential information changed", "L&D", [])
                reports.revoke(platform_id, ids["revoked"], "fraude bij de toets")
            yield site, ids
        finally:
            platform.stop()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["cut_short", "revoked"])
def test_verification_page_of_a_certificate_that_is_not_plainly_valid(lang: str, kind: str, certificates: Any,
                                                                      driver: Any) -> None:
    site, ids = certificates
    set_accept_language(driver, lang)
    driver.get(f"{site.tool.url}/verify/{ids[kind]}")
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    verdict = driver.find_element("css selector", ".verdict")
    assert "fail" in verdict.get_attribute("class")
    assert verdict.text == {("nl", "cut_short"): "hercertificering vereist", ("en", "cut_short"):
                            "recertification required", ("nl", "revoked"): "ingetrokken",
                            ("en", "revoked"): "revoked"}[(lang, kind)]
    assert ORGANISATION in driver.page_source and "fraude" not in driver.page_source
    assert driver.find_element("css selector", "img[src^='data:image/png']").get_attribute("alt") == ORGANISATION
    assert_no_violations(axe(driver), f"{lang} {kind} certificate check")
