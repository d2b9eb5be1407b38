"""axe (WCAG 2.1 A/AA) on the governance pages — roles, rollout with pilot feedback, policy register,
a policy version with its changes, clause coverage and recertification — and on the question bank
with flagged questions, in Dutch and English."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from lti_tool.db.models import Platform
from lti_tool.db.models import PolicyVersion as PolicyRow
from lti_tool.governance.operations import decide_recertification, store_policy_version

from .conftest import (
    Site,
    answer_over_http,
    assert_no_violations,
    attempt_id_of,
    attempt_layout,
    axe,
    own_site,
    submit_over_http,
)

LANGS = ("nl", "en")
CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """This module's own tool and LMS: its HR import makes line managers, whose exam links open reports."""
    with own_site(tmp_path_factory, "governance-site") as mine:
        yield mine


@pytest.fixture(scope="module")
def governed(site: Site) -> dict[str, Any]:
    """HR data imported, a passed exam, a changed policy clause (questions flagged) and a decision."""
    runner = site.tool.app.test_cli_runner()
    result = runner.invoke(args=["people-import", str(CONFIG / "demo" / "hr_export.csv"), "--issuer",
                                 site.platform.url, "--client-id", site.client_id])
    assert result.exit_code == 0, result.output
    for subject, role in (("vg-1004", "hr"), ("vg-1005", "works_council")):
        assert runner.invoke(args=["roles", "grant", "--issuer", site.platform.url, "--client-id", site.client_id,
                                   "--subject", subject, "--role", role]).exit_code == 0
    link = site.new_link(title="AI-diploma (governance)")
    url = site.launch("sanne", "en", link_id=link)
    for slot in attempt_layout(site, attempt_id_of(url)):
        answer_over_http(url, slot["position"], slot["correct"])
    submit_over_http(url)
    raw = copy.deepcopy(yaml.safe_load((CONFIG / "policies.yaml").read_text(encoding="utf-8"))["policies"][0])
    raw["version"] = "2026.2"
    raw["clauses"][2]["text"] = {"nl": "Nieuwe tekst.", "en": "New text."}
    with site.tool.svc.db.transaction() as db:
        row, _changes, flagged = store_policy_version(db, raw, "test")
        version_id = row.id
        platform = db.scalars(select(Platform).where(Platform.issuer == site.platform.url,
                                                     Platform.client_id == site.client_id)).one()
        decide_recertification(db, site.tool.svc.derivation(db), platform, ["basic"],
                               dt.date.today() + dt.timedelta(days=60), "New INFOSEC version", "test")
        assert flagged > 0 and db.get(PolicyRow, version_id) is not None
    return {"link": link, "version": version_id}


def _base(url: str) -> str:
    return url.split("/staff/")[0].split("/attempt/")[0]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["/governance/rollout", "/governance/policies", "/governance/policies/clauses",
                                  "/governance/recertification", "/governance/policies/versions/{version}",
                                  "/authoring/items", "/governance/flags"])
def test_governance_pages_for_l_and_d(lang: str, page: str, site: Site, governed: dict, driver: Any) -> None:
    url = site.launch("linda", lang, link_id=governed["link"])
    driver.get(_base(url) + page.format(version=governed["version"]))
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    assert "500" not in driver.title
    assert_no_violations(axe(driver), f"{lang} {page}")


@pytest.mark.parametrize("lang", LANGS)
def test_roles_page_for_the_tool_administrator(lang: str, site: Site, governed: dict, driver: Any) -> None:
    url = site.launch("kees", lang, link_id=governed["link"])
    driver.get(_base(url) + "/governance/roles")
    assert_no_violations(axe(driver), f"{lang} roles")


@pytest.mark.parametrize("lang", LANGS)
def test_rollout_for_the_works_council(lang: str, site: Site, governed: dict, driver: Any) -> None:
    url = site.launch("joost", lang, link_id=governed["link"])
    driver.get(_base(url) + "/governance/rollout")
    assert_no_violations(axe(driver), f"{lang} rollout (works council)")
