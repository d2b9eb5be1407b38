"""Placing an exam with Deep Linking creates the link and its gradebook column; the grade of
an exam taken on that link lands in that column."""

from __future__ import annotations

import jwt

from demo_lms.testing import parse_autosubmit_form
from lti_tool.outbox import send_scores
from tests.e2e.test_exam_flow import answer, correct_answers, only_attempt
from tests.lti_client import COURSE, Browser, csrf_token, deep_link_launch, launch, register, state


def test_instructor_places_the_basic_exam_and_a_learner_is_graded_in_its_column(tool, platform, browser):
    reg = register(browser, platform, tool)
    page = deep_link_launch(browser, platform, "linda", reg.client_id)
    assert page.status_code == 200 and "/staff/deep-link" in str(page.url)
    for title in ("AI-diploma – Basis", "AI-diploma – Gevorderd", "AI-diploma – Expert"):
        assert title in page.text

    returned = browser.post(str(page.url), data={"csrf_token": csrf_token(page.text), "exam": "basic"})
    assert returned.status_code == 200
    action, fields = parse_autosubmit_form(returned.text)
    assert action == platform.url + "/deep-link-return"
    claims = jwt.decode(fields["JWT"], options={"verify_signature": False})
    item = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0]
    assert item["type"] == "ltiResourceLink" and item["custom"] == {"exam": "basic"}
    assert item["lineItem"] == {"scoreMaximum": 20, "label": "AI-diploma – Basis", "resourceId": "basic",
                                "tag": "ai-diploma"}
    assert jwt.get_unverified_header(fields["JWT"])["kid"]

    course = browser.post(action, data=fields)  # the platform verifies the signature with our JWKS
    assert course.status_code in (200, 302, 303), course.text
    lms = state(platform)
    link = next(link for link in lms["links"] if (link.get("custom") or {}).get("exam") == "basic")
    lineitem = next(li for li in lms["lineitems"] if li["id"] == link["lineitem_id"])
    assert lineitem["scoreMaximum"] == 20 and lineitem["resourceId"] == "basic"

    with Browser() as learner:
        page = launch(learner, platform, link["id"], "priya")
        attempt = only_attempt(tool)
        answers = correct_answers(tool, attempt.id)
        for position in range(1, 21):
            page = learner.follow(answer(learner, page, position, answers[position] if position % 2 else []))
        learner.follow(learner.post(str(page.url).replace("/review", "/submit"),  # half unanswered: confirmed
                                    data={"csrf_token": csrf_token(page.text), "confirmed": "1"}))
    assert send_scores(tool.svc.db, tool.svc.settings).sent == 1
    scores = [s for s in state(platform)["scores"] if s["payload"]["userId"] == "vg-1004"]
    assert len(scores) == 1
    assert scores[0]["payload"]["scoreGiven"] == 10
    assert scores[0]["lineitem_id"] == lineitem["id"]
    assert COURSE in lms["courses"]


def test_deep_linking_refuses_an_exam_that_does_not_exist(tool, platform, browser):
    reg = register(browser, platform, tool)
    page = deep_link_launch(browser, platform, "linda", reg.client_id)
    refused = browser.post(str(page.url), data={"csrf_token": csrf_token(page.text), "exam": "nonsense"})
    assert refused.status_code == 400
