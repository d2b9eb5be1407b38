"""NRPS: the course roster, all pages, from the staff page and from the CLI."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from lti_tool.db.models import Membership, Person
from tests.lti_client import COURSE, create_link, csrf_token, launch, register


def count(tool, model) -> int:
    with tool.svc.db.session() as db:
        return int(db.scalar(select(func.count()).select_from(model)))


def test_staff_fetch_the_whole_roster_across_pages(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    generated = httpx.post(platform.url + "/_control/members", json={"context_id": COURSE, "generate": 250})
    assert generated.status_code in (200, 201)
    page = launch(browser, platform, link["id"], "linda")
    assert "/staff/link" in str(page.url)
    fetched = browser.post(page.url.copy_with(path=page.url.path.replace("/link", "/roster")),
                           data={"csrf_token": csrf_token(page.text)})
    assert fetched.status_code == 303
    shown = browser.follow(fetched)
    assert "258" in shown.text  # 8 personas + 250 generated, in the flash message
    assert count(tool, Person) == 258
    with tool.svc.db.session() as db:
        learners = db.scalar(select(func.count()).select_from(Membership).where(Membership.source == "nrps"))
        sanne = db.scalars(select(Person).where(Person.subject == "vg-1001")).one()
    assert learners == 258
    assert sanne.name == "Sanne de Vries" and sanne.email


def test_roster_sync_from_the_cli_is_idempotent(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    httpx.post(platform.url + "/_control/members", json={"context_id": COURSE, "generate": 120})
    launch(browser, platform, link["id"], "linda")  # the course becomes known, with its roster URL
    runner = tool.app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["roster", "sync", "--issuer", platform.url, "--context", COURSE])
        assert result.exit_code == 0, result.output
        assert "128 members" in result.output
    assert count(tool, Person) == 128
    assert count(tool, Membership) == 128


def test_learners_cannot_fetch_the_roster(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = launch(browser, platform, link["id"], "sanne")
    sid_prefix = page.url.path.split("/attempt/")[0]
    refused = browser.post(f"{tool.url}{sid_prefix}/staff/roster", data={"csrf_token": csrf_token(page.text)})
    assert refused.status_code == 403
    assert count(tool, Person) == 1
