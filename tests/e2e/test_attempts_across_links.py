"""A person's attempts at an exam count together wherever it is placed: a second LMS link gives no fresh
attempts and no way round the waiting time (after a failed attempt that showed the answers, that would
hand out the key), and a launch from the second link resumes the attempt already running on the first."""

from __future__ import annotations

from sqlalchemy import func, select

from lti_tool.db.models import Attempt
from tests.e2e.test_start_page import in_english
from tests.lti_client import create_link, csrf_token, launch, on_start_page, register


def _count(tool) -> int:
    with tool.svc.db.session() as db:
        return db.scalar(select(func.count()).select_from(Attempt)) or 0


def test_a_second_link_resumes_the_running_attempt(tool, platform, browser):
    reg = register(browser, platform, tool)
    first, second = (create_link(platform, reg.client_id, title=t)["id"] for t in ("Course A", "Course B"))
    page = launch(browser, platform, first, "sanne")
    attempt_id = str(page.url).split("/attempt/", 1)[1].split("/", 1)[0]
    again = launch(browser, platform, second, "sanne", start=False)
    assert f"/attempt/{attempt_id}/q/" in str(again.url)  # straight back into the same attempt
    assert _count(tool) == 1
    with tool.svc.db.session() as db:
        assert db.get(Attempt, attempt_id).resource_link_pk is not None  # its grade still goes to course A


def test_a_second_link_gives_no_fresh_attempt_after_a_fail(tool, platform, browser):
    reg = register(browser, platform, tool)
    first, second = (create_link(platform, reg.client_id, title=t)["id"] for t in ("Course A", "Course B"))
    page = launch(browser, platform, first, "eva")
    base = str(page.url).rsplit("/q/", 1)[0]
    done = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(page.text), "confirmed": "1"})
    assert done.status_code == 303 and done.headers["location"].endswith("/result")

    other = in_english(browser, launch(browser, platform, second, "eva", start=False))
    assert on_start_page(other)
    assert "You cannot start this exam now" in other.text and "in 1 day" in other.text
    assert "Attempts left: 2." in other.text  # the attempt on the other link counts
    refused = browser.post(str(other.url), data={"csrf_token": csrf_token(other.text)})
    assert refused.status_code == 303 and refused.headers["location"].endswith("/start")
    assert _count(tool) == 1
