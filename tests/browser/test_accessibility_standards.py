"""axe (WCAG 2.1 A/AA) on the standard-setting pages — L&D's rounds and a round with its results and
Hofstee plot, a panel member's rounds and rating sheet — and the exam edit page with its feedback
policy, in Dutch and English."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from lti_tool.db.models import StandardSettingRound
from tests.lti_client import Browser, csrf_token

from .conftest import Site, assert_no_violations, axe

LANGS = ("nl", "en")
MEMBER = ("mohammed", "vg-1002")  # no other browser test launches him: his panel role changes his landing


def _base(url: str) -> str:
    return re.match(r"(.*/s/[^/]+)/", url).group(1)


def _post(base: str, path: str, data: dict[str, str], form_page: str | None = None) -> Any:
    with Browser(language="en") as client:
        token = csrf_token(client.get(base + (form_page or path)).text)
        return client.post(base + path, data={"csrf_token": token, **data})


@pytest.fixture(scope="module")
def rated(site: Site) -> Iterator[int]:
    """A round of the basic exam with one panel member's submitted ratings; the role is taken away after."""
    runner = site.tool.app.test_cli_runner()
    role = ["--issuer", site.platform.url, "--client-id", site.client_id, "--subject", MEMBER[1], "--role", "panel"]
    assert runner.invoke(args=["roles", "grant", *role]).exit_code == 0
    linda = _base(site.launch("linda", "en"))
    closes = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    assert _post(linda, "/standards/rounds", {"exam": "basic", "closes_on": closes}).status_code == 303
    with site.tool.svc.db.session() as db:
        round_ = db.scalars(select(StandardSettingRound).order_by(StandardSettingRound.id.desc())).first()
    assert _post(linda, f"/standards/rounds/{round_.id}/invite", {"person": MEMBER[1]},
                 f"/standards/rounds/{round_.id}").status_code == 303
    member = _base(site.launch(MEMBER[0], "en"))
    sheet = {f"rating_{e['item_key']}": str(50 + i % 40) for i, e in enumerate(round_.items)}
    sheet |= {"hofstee_min_cut": "60", "hofstee_max_cut": "80", "hofstee_min_fail": "5", "hofstee_max_fail": "40"}
    assert _post(member, f"/standards/panel/{round_.id}", {**sheet, "action": "submit"}).status_code == 303
    yield round_.id
    assert runner.invoke(args=["roles", "revoke", *role]).exit_code == 0


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["/standards/rounds", "/standards/rounds/{round}", "/authoring/blueprints/basic/edit"])
def test_standard_setting_pages_for_l_and_d(lang: str, page: str, site: Site, rated: int, driver: Any) -> None:
    driver.get(_base(site.launch("linda", lang)) + page.format(round=rated))
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    assert "500" not in driver.title
    assert_no_violations(axe(driver), f"{lang} {page}")


@pytest.fixture(scope="module")
def unrated(site: Site, rated: int) -> int:
    """A second round the member is invited to and has not rated yet: the sheet with its questions and form."""
    linda = _base(site.launch("linda", "en"))
    closes = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    assert _post(linda, "/standards/rounds", {"exam": "basic", "closes_on": closes}).status_code == 303
    with site.tool.svc.db.session() as db:
        round_id = db.scalars(select(StandardSettingRound.id).order_by(StandardSettingRound.id.desc())).first()
    assert round_id != rated
    assert _post(linda, f"/standards/rounds/{round_id}/invite", {"person": MEMBER[1]},
                 f"/standards/rounds/{round_id}").status_code == 303
    return round_id


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", ["/standards/panel", "/standards/panel/{round}", "/standards/panel/{open}"])
def test_standard_setting_pages_for_a_panel_member(lang: str, page: str, site: Site, rated: int, unrated: int,
                                                    driver: Any) -> None:
    """The rounds, a submitted sheet (ratings only) and a sheet still to rate (questions, keys, the form)."""
    driver.get(_base(site.launch(MEMBER[0], lang)) + page.format(round=rated, open=unrated))
    expected = "textarea" if "{open}" in page else "table" if "{round}" in page else "main"
    assert driver.find_elements("tag name", expected)
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    assert_no_violations(axe(driver), f"{lang} {page}")
