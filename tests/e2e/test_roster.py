"""NRPS: the course roster, all pages, from the staff page, from the CLI and on the worker's schedule,
with joins and leaves."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import func, select

from lti_tool.db.models import Context, Membership, Person
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
        assert "128 leden, 128 actief" in result.output
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


def _statuses(tool) -> dict[str, str]:
    with tool.svc.db.session() as db:
        return {p.subject: m.status for m, p in db.execute(select(Membership, Person).join(Person))}


def test_the_worker_keeps_rosters_fresh_with_joins_and_leaves(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    launch(browser, platform, link["id"], "linda")  # a course's first launch: its roster is due at once
    assert count(tool, Membership) == 1
    runner = tool.app.test_cli_runner()
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert count(tool, Membership) == 8 and set(_statuses(tool).values()) == {"Active"}
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0  # not due again for a day: no fetch
    with tool.svc.db.session() as db:
        course = db.scalars(select(Context)).one()
        assert course.roster_synced_at is not None and course.roster_due_at is not None
        assert course.roster_due_at - course.roster_synced_at == dt.timedelta(hours=24)

    changed = httpx.post(platform.url + "/_control/members", json={
        "context_id": COURSE, "remove": ["vg-1003"], "generate": 2})  # Eva leaves, two join
    assert changed.status_code == 200
    with tool.svc.db.transaction() as db:  # a day later
        db.scalars(select(Context)).one().roster_due_at = dt.datetime.now(dt.UTC)
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    statuses = _statuses(tool)
    assert statuses["vg-1003"] == "Deleted" and statuses["gen-00009"] == statuses["gen-00010"] == "Active"
    assert sum(s == "Active" for s in statuses.values()) == 9
    course_page = launch(browser, platform, link["id"], "linda")
    assert course_page.text.count("uit de cursus") == 1  # Eva, on the Dutch course page


def test_a_failing_lms_is_tried_again_later_without_stopping_the_worker(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    launch(browser, platform, link["id"], "linda")
    platform.stop()  # the LMS is gone
    before = dt.datetime.now(dt.UTC)
    result = tool.app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    with tool.svc.db.session() as db:
        course = db.scalars(select(Context)).one()
    assert course.roster_synced_at is None  # never claimed to be fetched
    assert dt.timedelta(minutes=59) < course.roster_due_at - before < dt.timedelta(minutes=61)
