"""axe (WCAG 2.1 A/AA) on the exam quality pages — index with the calibrate form, a blueprint version with
its charts and item table, an item with its curve — in Dutch and English, on a site of their own (the
simulated attempts would change the other report pages' numbers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from demo_lms.testing import start_platform
from lti_tool.authoring.queries import newest_versions
from lti_tool.db.models import ResourceLink
from tests.conftest import provision_database, running_tool
from tests.e2e.test_exam_quality import store
from tests.lti_client import STAFF_GRANTS, Browser, create_link, register
from tests.simulated_exam import simulate

from .conftest import Site, assert_no_violations, axe

LANGS = ("nl", "en")


@pytest.fixture(scope="module")
def quality_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = Path(tmp_path_factory.mktemp("quality-site"))
    with provision_database("sqlite", folder) as url, running_tool(url, None, folder / "instance") as tool:
        platform = start_platform(port=0, control_api=True)
        try:
            with Browser() as client:
                reg = register(client, platform, tool, grants=STAFF_GRANTS)
            site = Site(tool, platform, reg.client_id, str(create_link(platform, reg.client_id)["id"]))
            landing = site.launch("linda", "en")
            with tool.svc.db.session() as db:
                link = db.scalars(select(ResourceLink)).first()
                db.expunge(link)
                items = newest_versions(db, "approved", "basic")[:30]
            sim = simulate(n_attempts=200, n_items=30, per_form=20, seed=5)
            keys = {f"q{i:02d}": (item.item_key, item.id) for i, item in enumerate(items)}
            store(tool, link, "basic@1", sim.attempts, keys)
            assert tool.app.test_cli_runner().invoke(args=["bank", "calibrate", "--level", "basic"]).exit_code == 0
            yield {"site": site, "item": keys["q00"][0], "landing": landing}
        finally:
            platform.stop()


@pytest.mark.parametrize("lang", LANGS)
def test_exam_quality_pages(lang: str, quality_site: dict[str, Any], driver: Any) -> None:
    url = quality_site["site"].launch("linda", lang)
    base = url.split("/s/", 1)[0] + "/s/" + url.split("/s/", 1)[1].split("/", 1)[0] + "/quality"
    for page in ("/", "/exams/basic@1?grouping=department&reference=Finance&focal=Legal",
                 f"/exams/basic@1/items/{quality_site['item']}"):
        driver.get(base + page)
        assert driver.find_element("tag name", "html").get_attribute("lang") == lang
        assert "<svg" in driver.page_source or page == "/"
        assert_no_violations(axe(driver), f"{lang} {page}")
