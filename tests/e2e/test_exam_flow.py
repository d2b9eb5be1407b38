"""The whole path: install by dynamic registration, launch, take the basic exam, grade back
through AGS, statements into the LRS."""

from __future__ import annotations

import json

import httpx
from ralph.models.xapi.base.statements import BaseXapiStatement
from sqlalchemy import func, select

from lti_tool.db.models import Attempt, Person, Platform, ScoreOutbox, Statement
from lti_tool.outbox import send_scores, send_statements
from tests.lti_client import COURSE, create_link, csrf_token, launch, register, state


def correct_answers(tool, attempt_id: str) -> dict[int, list[str]]:
    """The correct answer to each question as the form submits it (in the attempt's opaque ids)."""
    from lti_tool.db.repositories import items_by_version_ids

    with tool.svc.db.session() as db:
        attempt = db.get(Attempt, attempt_id)
        items = items_by_version_ids(db, [e["item_version_id"] for e in attempt.layout])
        answers = {}
        for entry in attempt.layout:
            item = items[entry["item_version_id"]]
            answers[entry["position"]] = item.kind.form_values(entry, item.kind.correct_response(item.content))
        return answers


def only_attempt(tool) -> Attempt:
    with tool.svc.db.session() as db:
        attempts = list(db.scalars(select(Attempt)))
    assert len(attempts) == 1
    return attempts[0]


def lrs_statements(lrs, issuer: str, subject: str) -> list[dict]:
    agent = json.dumps({"account": {"homePage": issuer, "name": subject}})
    found, url, params = [], lrs.url + "statements", {"agent": agent, "limit": 100}
    with httpx.Client(auth=(lrs.username, lrs.password), headers={"X-Experience-API-Version": "1.0.3"}) as client:
        while url:
            page = client.get(url, params=params).json()
            found.extend(page["statements"])
            url, params = (httpx.URL(lrs.url).join(page["more"]) if page.get("more") else None), None
    return found


def answer(browser, page, position: int, values: list[str], go: str = "next"):
    return browser.post(str(page.url).rsplit("/q/", 1)[0] + f"/q/{position}",
                        data={"csrf_token": csrf_token(page.text), "answer": values, "go": go})


def test_install_launch_exam_grade_and_statements(tool, platform, browser, lrs):
    reg = register(browser, platform, tool)
    with tool.svc.db.session() as db:
        stored = db.scalars(select(Platform)).one()
        assert (stored.issuer, stored.client_id) == (platform.url, reg.client_id)
        assert [d.deployment_id for d in stored.deployments] == [reg.deployment_id]
    link = create_link(platform, reg.client_id)

    page = launch(browser, platform, link["id"], "sanne")
    assert page.status_code == 200
    assert "/q/1" in str(page.url)
    attempt = only_attempt(tool)
    assert attempt.exam_key == "basic" and len(attempt.layout) == 20
    answers = correct_answers(tool, attempt.id)

    # who launched: name, e-mail and the organisation attributes from custom parameters
    with tool.svc.db.session() as db:
        person = db.scalars(select(Person)).one()
        assert (person.subject, person.name) == ("vg-1001", "Sanne de Vries")
        assert (person.department, person.location, person.function_group) == (
            "Klantenservice", "Utrecht", "medewerker")
        assert person.attributes_seen_at is not None

    for position in range(1, 21):
        response = answer(browser, page, position, answers[position])
        assert response.status_code == 303
        page = browser.follow(response)
    assert "/review" in str(page.url)
    assert "20" in page.text

    submit_url = f"{tool.url}{page.url.path.rsplit('/review', 1)[0]}/submit"
    token = csrf_token(page.text)
    first = browser.post(submit_url, data={"csrf_token": token})
    second = browser.post(submit_url, data={"csrf_token": token})
    assert first.status_code == second.status_code == 303
    result = browser.follow(first)
    assert result.status_code == 200 and "/result" in str(result.url)
    assert "20 of 20" in result.text or "20 van 20" in result.text

    with tool.svc.db.session() as db:
        assert db.scalar(select(func.count()).select_from(ScoreOutbox)) == 1
    scores = send_scores(tool.svc.db, tool.svc.settings)
    assert (scores.sent, scores.failed) == (1, 0), scores.errors
    received = [s for s in state(platform)["scores"] if s["payload"]["userId"] == "vg-1001"]
    assert len(received) == 1
    payload = received[0]["payload"]
    assert payload["scoreGiven"] == 20 and payload["scoreMaximum"] == 20
    assert payload["activityProgress"] == "Completed" and payload["gradingProgress"] == "FullyGraded"
    assert payload["timestamp"]

    delivered = send_statements(tool.svc.db, tool.svc.settings)
    # launched, initialized, 20 answered, 20 scored (at submission), passed, terminated, and the certificate
    assert delivered.failed == 0 and delivered.sent == 45
    in_lrs = lrs_statements(lrs, platform.url, "vg-1001")
    assert sorted(s["verb"]["id"].rsplit("/", 1)[-1] for s in in_lrs) == sorted(
        ["launched", "initialized", *["answered"] * 20, *["scored"] * 20, "passed", "terminated", "earned"])
    for statement in in_lrs:
        BaseXapiStatement.model_validate({k: v for k, v in statement.items() if k not in ("stored", "authority")})
        assert statement["context"]["registration"] == attempt.id  # the certificate too: it names its attempt
    with tool.svc.db.session() as db:
        assert db.scalar(select(func.count()).select_from(Statement).where(Statement.status != "sent")) == 0
    assert COURSE in json.dumps(in_lrs[0]["context"])


def test_refresh_and_relaunch_resume_the_same_attempt(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = launch(browser, platform, link["id"], "eva")
    attempt = only_attempt(tool)
    answers = correct_answers(tool, attempt.id)
    page = browser.follow(answer(browser, page, 1, answers[1]))
    page = browser.follow(answer(browser, page, 2, answers[2]))
    again = browser.get(str(page.url))
    assert again.status_code == 200
    relaunched = launch(browser, platform, link["id"], "eva")
    assert "/q/3" in str(relaunched.url)
    assert only_attempt(tool).id == attempt.id
    with tool.svc.db.session() as db:
        assert len(db.get(Attempt, attempt.id).responses) == 2


def test_autosave_answers_json_and_rejects_unknown_options(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    page = launch(browser, platform, link["id"], "joost")
    attempt = only_attempt(tool)
    with tool.svc.db.session() as db:  # "zz" is a fine answer to a short-text question: take another one
        from lti_tool.db.models import ItemVersion

        kinds = {e["position"]: db.get(ItemVersion, e["item_version_id"]).item_type for e in attempt.layout}
    position = min(p for p, kind in kinds.items() if kind != "short_text")
    url = str(page.url).rsplit("/q/", 1)[0] + f"/q/{position}"
    saved = browser.post(url, data={"csrf_token": csrf_token(page.text), "answer": ["zz"]},
                         headers={"Accept": "application/json"})
    assert saved.status_code == 400
    assert "'zz'" in saved.json()["error"] or "zz" in saved.json()["error"]  # the refused value is named
    good = correct_answers(tool, attempt.id)[position]
    saved = browser.post(url, data={"csrf_token": csrf_token(page.text), "answer": good},
                         headers={"Accept": "application/json"})
    assert saved.status_code == 200 and saved.json()["saved"] is True
    no_csrf = browser.post(url, data={"answer": good}, headers={"Accept": "application/json"})
    assert no_csrf.status_code == 400 and "CSRF" in no_csrf.json()["error"]
