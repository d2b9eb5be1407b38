"""Grade sync control against the test platform: a column deleted in the LMS and created again, a
gradebook edited by hand, a platform that answers 401 until the token is renewed, syncing stopped
after a date and lifted, idempotent resends, and who may use the page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
from sqlalchemy import func, select

from assessments.feedback_policy import FeedbackLevel, FeedbackPolicy
from lti_tool.db.models import AuditEntry, ResourceLink, ScoreOutbox, utcnow
from lti_tool.outbox import send_scores
from tests.e2e.test_exam_flow import answer, correct_answers
from tests.lti_client import NOT_PLATFORM, Browser, cli, create_link, csrf_token, launch, register, state


def take_exam(tool, platform, link_id: str, user: str, right: int = 2) -> None:
    """Launch, answer the first ``right`` questions correctly, submit from the review page
    (the score is then ``right`` of 20; quicker than answering all twenty)."""
    with Browser() as learner:
        page = launch(learner, platform, link_id, user)
        attempt_id = page.url.path.split("/attempt/")[1].split("/")[0]
        answers = correct_answers(tool, attempt_id)
        for position in range(1, right + 1):
            page = learner.follow(answer(learner, page, position, answers[position]))
        base = str(page.url).split("/attempt/")[0] + f"/attempt/{attempt_id}"
        review = learner.get(base + "/review")
        done = learner.follow(learner.post(base + "/submit", data={"csrf_token": csrf_token(review.text),
                                                                  "confirmed": "1"}))  # some left open
        assert done.status_code == 200 and "/result" in str(done.url), done.text


@dataclass
class Course:
    link: dict
    browser: Browser  #: L&D (Linda) launched from the link
    grades_url: str


def course(tool, platform, browser) -> Course:
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = launch(browser, platform, link["id"], "linda")
    assert page.status_code == 200 and "/staff/link" in str(page.url)
    assert "/staff/grades" in page.text  # the exam page links to grade sync
    switched = browser.post(str(page.url).split("/staff/")[0] + "/language",  # the assertions read English
                            data={"csrf_token": csrf_token(page.text), "lang": "en"})
    assert switched.status_code == 303
    return Course(link, browser, str(page.url).replace("/staff/link", "/staff/grades"))


def page(c: Course) -> httpx.Response:
    response = c.browser.get(c.grades_url)
    assert response.status_code == 200, response.text
    return response


def post(c: Course, action: str, html: str, **fields: str) -> httpx.Response:
    """Submit one of the page's forms as the browser would (CSRF token and request key from the page)."""
    data = {"csrf_token": csrf_token(html), **fields}
    key = re.search(r'name="request_key" value="([^"]+)"', html)
    if action == "resend" and key and "request_key" not in fields:
        data["request_key"] = key.group(1)
    return c.browser.post(f"{c.grades_url}/{action}", data=data)


def applied(platform, user_id: str, lineitem_id: str | None = None) -> list[dict]:
    return [s for s in state(platform)["scores"] if s["outcome"] == "applied" and s["payload"]["userId"] == user_id
            and (lineitem_id is None or s["lineitem_id"] == lineitem_id)]


def gradebook(platform, lineitem_id: str) -> dict[str, dict]:
    return state(platform)["results"].get(lineitem_id, {})


def audit(tool, action: str) -> list[AuditEntry]:
    with tool.svc.db.session() as db:
        return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_column_deleted_in_the_lms_is_shown_created_again_and_filled_once(tool, platform, browser):
    c = course(tool, platform, browser)
    take_exam(tool, platform, c.link["id"], "sanne")
    assert send_scores(tool.svc.db, tool.svc.settings).sent == 1
    old_id = c.link["lineitem_id"]
    assert "matches" in page(c).text
    base = c.grades_url.split("/staff/")[0]
    for lang, words in (("nl", "Cijfers naar het LMS: verstuurd 1"), ("en", "Grades to the LMS: sent 1")):
        shown = c.browser.get(base + "/staff/link").text
        assert c.browser.post(base + "/language", data={"csrf_token": csrf_token(shown), "lang": lang}).is_redirect
        assert words in c.browser.get(base + "/staff/link").text  # the status in words, not its code

    assert httpx.delete(f"{platform.url}/_control/lineitems/{old_id}").status_code == 200
    shown = page(c).text
    assert "The column was deleted in the LMS" in shown
    assert "Mismatch" in shown and "the column was deleted in the LMS" in shown

    done = c.browser.follow(post(c, "recreate", shown, link=str(_link_pk(tool))))
    assert done.status_code == 200
    assert "1 grades queued" in done.text and "Sent now: 1" in done.text
    items = [i for i in state(platform)["lineitems"] if not i["deleted"]]
    assert len(items) == 1 and items[0]["id"] != old_id
    new = items[0]
    assert new["resourceLinkId"] == c.link["id"] and new["resourceId"] == "basic"
    assert len(applied(platform, "vg-1001", new["id"])) == 1
    assert gradebook(platform, new["id"])["vg-1001"]["scoreGiven"] == 2
    with tool.svc.db.session() as db:
        stored = db.get(ResourceLink, _link_pk(tool))
        assert stored.lineitem_url.endswith(f"/lineitems/{new['id']}")
    assert "matches" in done.text and "Mismatch" not in done.text

    # the same form posted again: the column exists now, nothing is created or sent twice
    again = c.browser.follow(post(c, "recreate", shown, link=str(_link_pk(tool))))
    assert "still exists" in again.text
    assert len([i for i in state(platform)["lineitems"] if not i["deleted"]]) == 1
    assert len(applied(platform, "vg-1001", new["id"])) == 1
    assert send_scores(tool.svc.db, tool.svc.settings).sent == 0
    [entry] = audit(tool, "grade_column.recreated")
    assert entry.actor == "Linda Mulder" and entry.after["lineitem_url"].endswith(f"/lineitems/{new['id']}")


def _link_pk(tool) -> int:
    with tool.svc.db.session() as db:
        return db.scalars(select(ResourceLink.id)).one()


def test_a_grade_edited_by_hand_is_flagged_and_resent_once_after_a_revoked_token(tool, platform, browser):
    c = course(tool, platform, browser)
    take_exam(tool, platform, c.link["id"], "sanne")
    take_exam(tool, platform, c.link["id"], "eva")
    assert send_scores(tool.svc.db, tool.svc.settings).sent == 2
    lineitem = c.link["lineitem_id"]
    edited = httpx.post(f"{platform.url}/_control/results",
                        json={"lineitem_id": lineitem, "user_id": "vg-1001", "scoreGiven": 3})
    assert edited.status_code == 200

    shown = page(c).text
    assert "Mismatches: 1" in shown
    assert "Mismatch</strong> the gradebook holds another grade" in shown
    sanne = re.search(r'<th scope="row">Sanne de Vries</th>(.*?)</tr>', shown, re.S).group(1)
    assert "2 / 20" in sanne and "3 / 20" in sanne and "Mismatch" in sanne

    # The platform revokes every token: the first call answers 401, the tool fetches a new token.
    tokens = state(platform)["token_requests"]
    httpx.post(platform.url + "/_control/revoke-tokens")
    person = re.search(r'name="person" value="(\d+)"', sanne).group(1)
    first = post(c, "resend", shown, link=str(_link_pk(tool)), person=person)
    assert first.status_code == 303
    assert state(platform)["token_requests"] == tokens + 1
    assert "Sent now: 1, failed: 0" in c.browser.follow(first).text
    assert gradebook(platform, lineitem)["vg-1001"]["scoreGiven"] == 2
    assert len(applied(platform, "vg-1001")) == 2  # the first delivery and the resend
    assert len(applied(platform, "vg-1003")) == 1  # Eva's grade was not touched

    # The same form posted twice (double click, reload): nothing is queued or sent again.
    second = c.browser.follow(post(c, "resend", shown, link=str(_link_pk(tool)), person=person))
    assert "already handled" in second.text
    assert len(applied(platform, "vg-1001")) == 2
    with tool.svc.db.session() as db:
        assert db.scalar(select(func.count()).select_from(ScoreOutbox)) == 3
    assert len(audit(tool, "grades.resent")) == 1

    after = page(c).text
    assert "No mismatches" in after and "Mismatch</strong>" not in after

    # "Resend all" posted twice at the same moment sends every grade once more, once.
    everything = page(c).text
    form = {"csrf_token": csrf_token(everything), "link": str(_link_pk(tool)),
            "request_key": re.search(r'name="request_key" value="([^"]+)"', everything).group(1)}

    def send_all(_: int) -> int:
        with Browser() as clicker:
            return clicker.post(f"{c.grades_url}/resend", data=form).status_code

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(send_all, range(2))) == [303, 303]
    assert (len(applied(platform, "vg-1001")), len(applied(platform, "vg-1003"))) == (3, 2)
    assert len(audit(tool, "grades.resent")) == 2

    # a grade typed into the gradebook for somebody the tool has no grade for is flagged too
    httpx.post(f"{platform.url}/_control/results", json={"lineitem_id": lineitem, "user_id": "vg-1006",
                                                         "scoreGiven": 11})
    stranger = re.search(r'<th scope="row">vg-1006</th>(.*?)</tr>', page(c).text, re.S).group(1)
    assert "Mismatch" in stranger and "the tool holds no grade" in stranger and "11 / 20" in stranger


def test_syncing_stopped_after_a_date_holds_later_grades_until_lifted(tool, platform, browser):
    c = course(tool, platform, browser)
    take_exam(tool, platform, c.link["id"], "sanne")
    assert send_scores(tool.svc.db, tool.svc.settings).sent == 1
    yesterday = (utcnow() - dt.timedelta(days=1)).date().isoformat()

    shown = page(c).text
    assert c.browser.post(f"{c.grades_url}/stop", data={"csrf_token": csrf_token(shown), "stop_after": "31-12"}
                          ).status_code == 400
    stopped = c.browser.follow(post(c, "stop", shown, link=str(_link_pk(tool)), stop_after=yesterday))
    assert f"Grades of attempts submitted after {yesterday} are not sent" in stopped.text

    take_exam(tool, platform, c.link["id"], "eva")  # submitted today: after the stop date
    report = send_scores(tool.svc.db, tool.svc.settings)
    assert (report.sent, report.held) == (0, 1)
    assert applied(platform, "vg-1003") == [] and "vg-1003" not in gradebook(platform, c.link["lineitem_id"])
    shown = page(c).text
    eva = re.search(r'<th scope="row">Eva Jansen</th>(.*?)</tr>', shown, re.S).group(1)
    assert "not sent: syncing stopped" in eva and "held back" in eva
    sanne = re.search(r'<th scope="row">Sanne de Vries</th>(.*?)</tr>', shown, re.S).group(1)
    assert "matches" in sanne  # sent before the stop
    # a resend does not get round the stop (both attempts are from today: after the stop date)
    resent = c.browser.follow(post(c, "resend", shown, link=str(_link_pk(tool))))
    assert "Sent now: 0, failed: 0, held back (syncing stopped): 2" in resent.text
    assert applied(platform, "vg-1003") == [] and len(applied(platform, "vg-1001")) == 1

    lifted = c.browser.follow(post(c, "resume", page(c).text, link=str(_link_pk(tool))))
    notice = re.search(r"<div class=\"notice\".*?</div>", lifted.text, re.S)
    assert notice and "Syncing resumed" in notice.group(0) and "Sent now: 2" in notice.group(0), lifted.text
    assert len(applied(platform, "vg-1003")) == 1 and len(applied(platform, "vg-1001")) == 2
    assert "No mismatches" in lifted.text
    assert [e.after["sync_stop_after"] for e in audit(tool, "grade_sync.stopped")] == [yesterday]
    assert [e.before["sync_stop_after"] for e in audit(tool, "grade_sync.resumed")] == [yesterday]


def test_employees_may_not_use_grade_sync_and_other_links_are_not_found(tool, platform, browser):
    c = course(tool, platform, browser)
    shown = page(c).text
    with Browser() as employee:
        own = launch(employee, platform, c.link["id"], "sanne")
        base = str(own.url).split("/attempt/")[0]
        token = csrf_token(own.text)
        assert employee.get(f"{base}/staff/grades").status_code == 403
        for action in ("resend", "recreate", "stop", "resume"):
            refused = employee.post(f"{base}/staff/grades/{action}",
                                    data={"csrf_token": token, "request_key": "k" * 20, "stop_after": "2026-01-01"})
            assert refused.status_code == 403, action
    assert c.browser.get(c.grades_url, params={"link": "99999"}).status_code == 404
    for bad in ("x", "²", "9" * 30):
        assert c.browser.get(c.grades_url, params={"link": bad}).status_code == 404
    assert post(c, "resend", shown, request_key="../../").status_code == 400
    with tool.svc.db.session() as db:
        assert db.scalar(select(func.count()).select_from(AuditEntry).where(NOT_PLATFORM)) == 0


def test_where_the_feedback_policy_shows_the_verdict_alone_the_gradebook_gets_all_or_nothing(tool, platform, browser):
    """The learner reads the LMS gradebook too: after an attempt whose feedback policy shows only whether they passed,
    the gradebook gets all of the maximum or nothing, when first sent and when resent, and the page compares the
    gradebook with that. Here the level depends on the attempt just judged (the last one allowed)."""
    c = course(tool, platform, browser)
    with tool.svc.db.transaction() as db:
        seed = tool.svc.catalogue.blueprint(db, db.scalars(select(ResourceLink.exam_key)).one())
        verdict_at_the_end = FeedbackPolicy(after_fail=FeedbackLevel.SCORE, after_pass=FeedbackLevel.SCORE,
                                            after_last_attempt=FeedbackLevel.NONE)
        tool.svc.catalogue.store_blueprint(db, dataclasses.replace(seed, max_attempts=1, feedback=verdict_at_the_end),
                                           by="test")
    take_exam(tool, platform, c.link["id"], "sanne")  # 2 of 20, and no attempt left: the verdict alone
    assert send_scores(tool.svc.db, tool.svc.settings).sent == 1
    assert [(s["payload"]["scoreGiven"], s["payload"]["scoreMaximum"]) for s in applied(platform, "vg-1001")] == [
        (0, 20)]

    shown = page(c).text
    sanne = re.search(r'<th scope="row">Sanne de Vries</th>(.*?)</tr>', shown, re.S).group(1)
    assert "2 / 20" in sanne and "the gradebook gets 0: the exam" in sanne and "matches" in sanne
    assert "No mismatches" in shown
    resent = c.browser.follow(post(c, "resend", shown, link=str(_link_pk(tool))))
    assert "Sent now: 1" in resent.text
    assert [s["payload"]["scoreGiven"] for s in applied(platform, "vg-1001")] == [0, 0]

    # Her own pages keep to the policy too; L&D's copy of her dossier has it all
    with Browser(language="en") as sanne:
        landed = launch(sanne, platform, c.link["id"], "sanne")
        base = re.match(r"(.*/s/[^/]+)/", str(landed.url)).group(1)
        assert sanne.post(base + "/language", data={"csrf_token": csrf_token(landed.text), "lang": "en"}
                          ).status_code == 303
        mine = sanne.get(base + "/me/")
        assert mine.status_code == 200 and "not shown (feedback policy)" in mine.text and "2 / 20" not in mine.text
        person = re.search(r"/people/(\d+)/dossier.xlsx", mine.text).group(1)
        own = dossier_sheets(sanne.get(f"{base}/reports/people/{person}/dossier.xlsx"))
    assert set(own) == {"status", "certificates", "attempts", "competences"}, set(own)
    assert own["attempts"][1][4] == "not shown (feedback policy)" and len(own["competences"]) == 1  # header only
    cli(tool, "roles", "grant", "--issuer", platform.url, "--client-id", state(platform)["tools"][-1]["client_id"],
        "--subject", "vg-2001", "--role", "ld")  # Linda: L&D for the organisation, not only the course's teacher
    full = dossier_sheets(c.browser.get(c.grades_url.split("/staff/")[0] + f"/reports/people/{person}/dossier.xlsx"))
    assert full["attempts"][1][4:6] == (2, 20) and len(full["competences"]) > 1  # numbers a spreadsheet can sum
    assert all(isinstance(row[3], int | float) and isinstance(row[4], int | float) for row in full["competences"][1:])


def dossier_sheets(response: httpx.Response) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
