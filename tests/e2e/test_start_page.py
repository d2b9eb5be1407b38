"""Issue 14, the employee's way in and out of an exam, over real HTTP: the start page (nothing is drawn, stored
or journaled until Start; the deadline counts from Start), resume, a refused start, staff launches and the
preview (no attempts, no statements), and the submit confirmation with flags for later."""

from __future__ import annotations

import datetime as dt
import re
import time

from sqlalchemy import func, select

from lti_tool.db.models import Attempt, Statement
from tests.e2e.test_certification import import_hr
from tests.e2e.test_exam_flow import correct_answers, only_attempt
from tests.lti_client import Browser, create_link, csrf_token, launch, on_start_page, press_start, register

#: the organisation grants of the staff below (Linda is course staff by her LTI role alone; Mohammed a line
#: manager because the HR file names him as Sanne's and Eva's manager)
GRANTS = (("vg-1004", "hr"), ("vg-1006", "ciso"), ("vg-1005", "works_council"))


def written(tool) -> tuple[int, list[str]]:
    """How many attempts there are, and the verbs of every journaled statement (sorted)."""
    with tool.svc.db.session() as db:
        attempts = db.scalar(select(func.count()).select_from(Attempt)) or 0
        verbs = sorted(v.rsplit("/", 1)[-1] for v in db.scalars(select(Statement.verb)))
    return attempts, verbs


def session_url(page, path: str) -> str:
    """``path`` in the launch session of ``page`` (``…/s/<sid>/path``)."""
    sid = page.url.path.split("/s/", 1)[1].split("/", 1)[0]
    return f"{page.url.scheme}://{page.url.netloc.decode()}/s/{sid}{path}"


def in_english(browser: Browser, page):
    """Switch the launch session to English (the demo LMS launches in Dutch) and load ``page`` again."""
    switched = browser.post(session_url(page, "/language"),
                            data={"csrf_token": csrf_token(page.text), "lang": "en", "next": page.url.path})
    assert switched.status_code == 303
    return browser.follow(switched)


def test_a_launch_shows_the_rules_and_start_begins_the_attempt(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = in_english(browser, launch(browser, platform, link["id"], "sanne", start=False))
    assert on_start_page(page), page.url
    assert written(tool) == (0, [])  # no attempt row, no launched/initialized statement
    text = re.sub(r"\s+", " ", page.text)
    for rule in ("20 questions.", "Time: 30 minutes.", "You may make 3 attempts in total.", "Attempts left: 3.",
                 "you wait 1 day before the next one", "When the time runs out", "Nederlands and English"):
        assert rule in text, rule
    assert "Start the exam" in text

    time.sleep(1.5)  # the clock must start on the button, not at the launch
    pressed = dt.datetime.now(dt.UTC)
    question = press_start(browser, page)
    assert "/q/1" in str(question.url)
    attempt = only_attempt(tool)
    started = attempt.started_at if attempt.started_at.tzinfo else attempt.started_at.replace(tzinfo=dt.UTC)
    assert pressed - dt.timedelta(seconds=1) <= started <= dt.datetime.now(dt.UTC)
    due = re.search(r'data-due="([^"]+)"', question.text)
    assert due is not None and dt.datetime.fromisoformat(due.group(1)) == started + dt.timedelta(minutes=30)
    assert written(tool) == (1, ["initialized", "launched"])
    assert press_start(browser, page).status_code == 200 and written(tool)[0] == 1  # a second click: same attempt

    # a new launch resumes the open attempt at once: no start page, one more ``launched``
    relaunched = launch(browser, platform, link["id"], "sanne", start=False)
    assert f"/attempt/{attempt.id}/q/1" in str(relaunched.url)
    assert written(tool) == (1, ["initialized", "launched", "launched"])
    back = browser.get(session_url(relaunched, "/start"))  # the start page leads back in
    assert back.status_code == 303 and f"/attempt/{attempt.id}/q/1" in back.headers["location"]


def test_a_refused_start_says_why_and_when(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = launch(browser, platform, link["id"], "eva")
    base = str(page.url).rsplit("/q/", 1)[0]
    asked = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(page.text)})
    assert asked.status_code == 303 and asked.headers["location"].endswith("/confirm")
    done = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(page.text), "confirmed": "1"})
    assert done.status_code == 303 and done.headers["location"].endswith("/result")
    result = in_english(browser, browser.follow(done))
    assert 'class="verdict fail"' in result.text and "in 1 day" in result.text  # not "06:48:14"
    assert re.search(r"\d{2}:\d{2}:\d{2}", re.sub(r"<[^>]+>", "", result.text)) is None

    again = in_english(browser, launch(browser, platform, link["id"], "eva", start=False))
    assert on_start_page(again)
    assert "You cannot start this exam now" in again.text and "in 1 day" in again.text
    assert 'action="' + again.url.path + '"' not in again.text  # no Start button
    assert "See the result of your last attempt" in again.text
    refused = browser.post(str(again.url), data={"csrf_token": csrf_token(again.text)})
    assert refused.status_code == 303 and refused.headers["location"].endswith("/start")
    attempts, verbs = written(tool)
    assert attempts == 1 and verbs.count("initialized") == 1


def test_staff_launches_create_no_attempts_and_no_statements(tool, platform, browser):
    reg = register(browser, platform, tool, grants=GRANTS)
    link = create_link(platform, reg.client_id)
    hr = Browser()
    landed = launch(hr, platform, link["id"], "priya")
    assert "/reports" in str(landed.url)
    hr_user = type("HR", (), {"browser": hr, "base": str(landed.url).split("/reports")[0],
                              "token": csrf_token(landed.text)})()
    hr_user.post_reports = lambda path, data=None, **kw: hr.post(
        f"{hr_user.base}/reports{path}", data={"csrf_token": hr_user.token, **(data or {})}, **kw)
    import_hr(hr_user)  # Mohammed manages Sanne and Eva: a line manager from now on

    landings = {"priya": "/reports", "mohammed": "/reports", "daan": "/reports", "joost": "/reports",
                "linda": "/link"}
    for user, where in landings.items():
        with Browser() as staff:
            page = launch(staff, platform, link["id"], user)  # would press Start if a start page came
            assert page.status_code == 200 and where in str(page.url), (user, page.url)
            assert "/attempt/" not in str(page.url) and not on_start_page(page), user
            assert "/preview" in page.text  # the navigation offers the preview
            preview = in_english(staff, staff.get(session_url(page, "/preview")))
            assert preview.status_code == 200 and "20 questions." in re.sub(r"\s+", " ", preview.text), user
            shows_items = "Question 1 of 20" in preview.text
            assert shows_items == (user == "daan"), user  # the sample form only for who may read the bank
            if shows_items:
                assert "<fieldset disabled>" in preview.text  # read-only: nothing to answer or send
            # a learner in this course may still take the exam themselves; Linda is course staff only
            assert ("Take this exam yourself" in preview.text) == (user != "linda"), user
    assert written(tool) == (0, [])

    # a line manager who is also a learner here takes the exam himself from the preview; a relaunch resumes it
    with Browser() as mohammed:
        page = launch(mohammed, platform, link["id"], "mohammed")
        started = press_start(mohammed, mohammed.get(session_url(page, "/start")))
        assert "/q/1" in str(started.url)
        again = launch(mohammed, platform, link["id"], "mohammed")
        assert "/q/1" in str(again.url) and again.url.path.split("/attempt/")[1].split("/")[0] == only_attempt(tool).id
    assert written(tool) == (1, ["initialized", "launched", "launched"])


def test_submit_confirms_unanswered_and_flagged_questions_and_flags_persist(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = in_english(browser, launch(browser, platform, link["id"], "joost"))
    attempt = only_attempt(tool)
    base = str(page.url).rsplit("/q/", 1)[0]
    answers = correct_answers(tool, attempt.id)
    for position in range(1, 21):
        if position == 3:
            continue
        data = {"csrf_token": csrf_token(page.text), "answer": answers[position], "go": "next"}
        if position in (5, 9):
            data["flagged"] = "1"
        saved = browser.post(f"{base}/q/{position}", data=data)
        assert saved.status_code == 303
    autosaved = browser.post(f"{base}/q/9", data={"csrf_token": csrf_token(page.text), "answer": answers[9]},
                             headers={"Accept": "application/json"})  # the checkbox cleared: autosave unflags
    assert autosaved.status_code == 200 and autosaved.json()["saved"] is True
    with tool.svc.db.session() as db:
        assert db.get(Attempt, attempt.id).flagged_positions == [5]

    reloaded = browser.get(f"{base}/q/5")
    assert re.search(r'id="flagged"[^>]*checked', reloaded.text)
    other = browser.get(f"{base}/q/6")
    assert not re.search(r'id="flagged"[^>]*checked', other.text)
    assert re.search(r'/q/5"\s+class="answered flagged"', other.text) and "(flagged for later)" in other.text
    review = browser.get(f"{base}/review")
    assert "flagged for later" in review.text and "You flagged 1 question to look at again." in review.text

    asked = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(review.text)})
    assert asked.status_code == 303 and asked.headers["location"].endswith("/confirm")
    confirm = browser.follow(asked)
    listed = re.findall(r'/q/(\d+)">Question \d+</a>', confirm.text)
    assert listed == ["3", "5"] and "1 question is not answered:" in confirm.text
    assert "You flagged 1 question to look at again:" in confirm.text
    assert only_attempt(tool).status == "in_progress"  # asking submitted nothing

    token = csrf_token(confirm.text)
    assert browser.post(f"{base}/q/3", data={"csrf_token": token, "answer": answers[3]}).status_code == 303
    assert browser.post(f"{base}/q/5", data={"csrf_token": token, "answer": answers[5]}).status_code == 303  # unflag
    done = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(confirm.text)})
    assert done.status_code == 303 and done.headers["location"].endswith("/result")  # nothing left to confirm
    result = browser.follow(done)
    assert 'class="verdict pass"' in result.text and only_attempt(tool).status == "submitted"
