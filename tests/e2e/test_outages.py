"""Outages: with the LRS stopped and the platform's score endpoint failing, exams still
complete; after recovery every statement and every score arrives exactly once."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from lti_tool.db.models import ScoreOutbox, Statement, utcnow
from lti_tool.outbox import send_scores, send_statements
from tests.e2e.test_exam_flow import answer, correct_answers, lrs_statements
from tests.lti_client import Browser, create_link, csrf_token, launch, register, state


def take_exam(tool, platform, link_id: str, user: str) -> str:
    with Browser() as browser:
        page = launch(browser, platform, link_id, user)
        attempt_id = page.url.path.split("/attempt/")[1].split("/")[0]
        answers = correct_answers(tool, attempt_id)
        for position in range(1, 21):
            page = browser.follow(answer(browser, page, position, answers[position]))
        result = browser.follow(browser.post(str(page.url).replace("/review", "/submit"),
                                             data={"csrf_token": csrf_token(page.text)}))
        assert result.status_code == 200 and "/result" in str(result.url)
    return attempt_id


def later(minutes: int = 90):
    import datetime as dt

    return utcnow() + dt.timedelta(minutes=minutes)


def test_exams_complete_during_outages_and_everything_arrives_once_after(tool, platform, lrs):
    with Browser() as browser:
        reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    lrs.stop()
    httpx.post(platform.url + "/_control/faults", json={"scores_status": 503})
    try:
        users = ["sanne", "eva", "daan"]
        for user in users:
            take_exam(tool, platform, link["id"], user)
        down = send_statements(tool.svc.db, tool.svc.settings)
        assert down.sent == 0 and down.failed > 0 and "unreachable" in down.errors[0]
        failing = send_scores(tool.svc.db, tool.svc.settings)
        failed_at = utcnow()  # the backoff counts from here (restarting Ralph below may take longer than it)
        assert failing.sent == 0 and failing.failed == 3 and "503" in failing.errors[0]
        with tool.svc.db.session() as db:
            rows = list(db.scalars(select(ScoreOutbox)))
            assert {r.status for r in rows} == {"pending"} and {r.last_status for r in rows} == {503}
            assert all(r.next_attempt_at > utcnow() for r in rows)  # backed off, not hammering
    finally:
        lrs.start()
        httpx.post(platform.url + "/_control/faults", json={"scores_status": None})

    # Before the backoff has passed nothing is retried; afterwards everything goes, once.
    assert send_scores(tool.svc.db, tool.svc.settings, now=failed_at).sent == 0
    assert send_scores(tool.svc.db, tool.svc.settings, now=later()).sent == 3
    assert send_scores(tool.svc.db, tool.svc.settings, now=later(600)).sent == 0
    sent = send_statements(tool.svc.db, tool.svc.settings, now=later())
    assert sent.failed == 0 and sent.sent == 3 * 45
    assert send_statements(tool.svc.db, tool.svc.settings, now=later(600)).sent == 0

    accepted = [s for s in state(platform)["scores"] if s["outcome"] == "applied"]
    assert sorted(s["payload"]["userId"] for s in accepted) == ["vg-1001", "vg-1003", "vg-1006"]
    for subject in ("vg-1001", "vg-1003", "vg-1006"):
        statements = _journaled_here(tool, lrs_statements(lrs, platform.url, subject))
        assert len(statements) == 45  # 20 answered, 20 scored … and the earned certificate
        assert len({s["id"] for s in statements}) == 45


def test_a_resend_after_a_lost_answer_is_not_stored_twice(tool, platform, lrs):
    """The LRS stored a batch but the tool did not hear back: the retry must not duplicate."""
    with Browser() as browser:
        reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    take_exam(tool, platform, link["id"], "joost")
    assert send_statements(tool.svc.db, tool.svc.settings).sent == 45
    with tool.svc.db.transaction() as db:  # as if the 200 had been lost: the rows are due again
        for row in db.scalars(select(Statement)):
            row.status, row.next_attempt_at = "pending", utcnow()
    again = send_statements(tool.svc.db, tool.svc.settings)
    assert again.failed == 0 and again.sent == 45
    stored = _journaled_here(tool, lrs_statements(lrs, platform.url, "vg-1005"))
    assert len(stored) == 45 and len({s["id"] for s in stored}) == 45


def _journaled_here(tool, statements: list[dict]) -> list[dict]:
    """The LRS's statements that this test's tool journaled: the LRS serves the whole session, and a platform of
    an earlier test may have had the same port and the same demo employee (CI once counted 47 of 45)."""
    with tool.svc.db.session() as db:
        ours = set(db.scalars(select(Statement.id)))
    return [s for s in statements if s["id"] in ours]


def test_a_token_revoked_by_the_platform_is_renewed(tool, platform):
    with Browser() as browser:
        reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    take_exam(tool, platform, link["id"], "sanne")
    assert send_scores(tool.svc.db, tool.svc.settings).sent == 1
    tokens_before = state(platform)["token_requests"]
    httpx.post(platform.url + "/_control/revoke-tokens")
    take_exam(tool, platform, link["id"], "eva")
    report = send_scores(tool.svc.db, tool.svc.settings)
    assert (report.sent, report.failed) == (1, 0)
    assert state(platform)["token_requests"] == tokens_before + 1
