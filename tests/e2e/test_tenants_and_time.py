"""Tenant isolation between platforms, the server-side deadline, and staff pages."""

from __future__ import annotations

import datetime as dt

import httpx
from sqlalchemy import select

from demo_lms.testing import start_platform
from lti_tool.db.models import Attempt, Person, Platform
from tests.e2e.test_exam_flow import answer, correct_answers
from tests.lti_client import STAFF_GRANTS, Browser, create_link, csrf_token, launch, register


def test_two_platforms_with_the_same_subject_are_two_people(tool, platform, browser):
    with start_platform() as other:
        reg_a = register(browser, platform, tool)
        reg_b = register(browser, other, tool)
        link_a = create_link(platform, reg_a.client_id)
        link_b = create_link(other, reg_b.client_id)
        with Browser() as a, Browser() as b:
            page_a = launch(a, platform, link_a["id"], "sanne")
            page_b = launch(b, other, link_b["id"], "sanne")  # same sub vg-1001, same course id
            with tool.svc.db.session() as db:
                people = list(db.scalars(select(Person).where(Person.subject == "vg-1001")))
                attempts = list(db.scalars(select(Attempt)))
            assert len(people) == 2 and len({p.platform_id for p in people}) == 2
            assert len(attempts) == 2
            # a session of platform B cannot open platform A's attempt, even with its id
            attempt_a = page_a.url.path.split("/attempt/")[1].split("/")[0]
            foreign = b.get(str(page_b.url).split("/attempt/")[0] + f"/attempt/{attempt_a}/q/1")
            assert foreign.status_code == 404
            # and B's staff pages list B's people only
            staff = b.follow(launch(b, other, link_b["id"], "linda"))
            assert staff.text.count("Sanne de Vries") == 1  # B's Sanne only, not A's as well
        with tool.svc.db.session() as db:
            assert len(list(db.scalars(select(Platform)))) == 2


def test_answers_after_the_deadline_are_refused_and_the_attempt_is_graded(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = launch(browser, platform, link["id"], "mohammed")
    attempt_id = page.url.path.split("/attempt/")[1].split("/")[0]
    answers = correct_answers(tool, attempt_id)
    page = browser.follow(answer(browser, page, 1, answers[1]))
    assert "timer" in page.text
    with tool.svc.db.transaction() as db:  # the 30 minutes have passed
        attempt = db.get(Attempt, attempt_id)
        attempt.started_at = attempt.started_at - dt.timedelta(minutes=31)
    late = browser.post(str(page.url), data={"csrf_token": csrf_token(page.text), "answer": answers[2]},
                        headers={"Accept": "application/json"})
    assert late.status_code == 409
    assert "run out" in late.json()["error"] or "verstreken" in late.json()["error"]
    with tool.svc.db.session() as db:
        attempt = db.get(Attempt, attempt_id)
        assert attempt.status == "timed_out" and attempt.score_raw == 1.0
        assert len(attempt.responses) == 1
    result = browser.follow(browser.get(str(page.url)))
    assert result.status_code == 200 and "/result" in str(result.url)


def test_staff_see_participants_and_delivery_status(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)  # Kees is the tool administrator
    link = create_link(platform, reg.client_id)
    with Browser() as learner:
        launch(learner, platform, link["id"], "sanne")
    page = launch(browser, platform, link["id"], "kees")  # the LMS administrator
    assert "Sanne de Vries" in page.text and "Klantenservice" in page.text
    outbox = browser.get(page.url.copy_with(path=page.url.path.replace("/staff/link", "/admin/outbox")))
    assert outbox.status_code == 200
    assert "in de wachtrij" in outbox.text  # statements waiting ("pending"), labelled in the launch language
    retry = browser.post(outbox.url.copy_with(path=outbox.url.path + "/retry"),
                         data={"csrf_token": csrf_token(outbox.text)})
    assert retry.status_code == 303


def test_pages_send_security_headers_and_partitioned_cookies(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    login = browser.get(f"{platform.url}/launch/{link['id']}", params={"user": "sanne"})
    to_tool = browser.get(login.headers["location"])
    cookie = to_tool.headers["set-cookie"]
    assert "Secure" in cookie and "SameSite=None" in cookie and "Partitioned" in cookie and "HttpOnly" in cookie
    page = httpx.get(tool.url + "/")
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors" in page.headers["Content-Security-Policy"]
    assert page.headers["Referrer-Policy"] == "no-referrer"
