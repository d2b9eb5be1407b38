"""The published xAPI profile against what really reaches the LRS: flows that make every kind of
statement the tool emits, read back from Ralph and checked against the profile's templates and
patterns; every template is used by at least one statement (no dead templates); the profile is
served at the category IRI the statements carry."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict

import httpx
import pytest
from sqlalchemy import func, select

from lti_tool.certification import record_expiries
from lti_tool.db.models import Attempt, Certificate, Person, Platform, Statement, utcnow
from lti_tool.governance.operations import decide_recertification
from lti_tool.outbox import send_statements
from tests.conftest import provision_database, running_tool
from tests.e2e.test_authoring import as_user, grant
from tests.e2e.test_exam_flow import answer, correct_answers
from tests.e2e.test_outages import take_exam
from tests.lti_client import Browser, create_link, csrf_token, launch, on_start_page, register
from tests.xapi_profile_check import ProfileChecker
from xapi.profile import build_profile, pattern_iri, render
from xapi.vocabulary import ToolIris

XAPI = {"X-Experience-API-Version": "1.0.3"}


@pytest.fixture
def tool(lrs, tmp_path):
    """One database is enough here: the statements are the same on both (the journal is tested on both
    by the other end-to-end modules)."""
    with provision_database("sqlite", tmp_path) as url, running_tool(url, lrs, tmp_path / "instance") as running:
        yield running


def statements_in_lrs(lrs, category: str) -> list[dict]:
    """Everything of one deployment: its statements all carry its profile version as category."""
    found, url = [], lrs.url + "statements"
    params: dict | None = {"activity": category, "related_activities": "true", "limit": 100}
    with httpx.Client(auth=(lrs.username, lrs.password), headers=XAPI, timeout=30) as client:
        while url:
            response = client.get(url, params=params)
            assert response.status_code == 200, response.text
            page = response.json()
            found.extend(page["statements"])
            url, params = (str(httpx.URL(lrs.url).join(page["more"])) if page.get("more") else None), None
    return found


def query(lrs, **params) -> list[dict]:
    """GET /statements with the analyst's parameters, following ``more`` links (as in the README)."""
    found, url, query_params = [], lrs.url + "statements", {"limit": 100, **params}
    with httpx.Client(auth=(lrs.username, lrs.password), headers=XAPI, timeout=30) as client:
        while url:
            page = client.get(url, params=query_params).json()
            found.extend(page["statements"])
            url, query_params = (str(httpx.URL(lrs.url).join(page["more"])) if page.get("more") else None), None
    return found


def fail_by_deadline(tool, platform, link_id: str, user: str) -> str:
    """One answer, then the time runs out: the next answer closes the attempt as timed out."""
    with Browser() as browser:
        page = launch(browser, platform, link_id, user)
        attempt_id = page.url.path.split("/attempt/")[1].split("/")[0]
        answers = correct_answers(tool, attempt_id)
        page = browser.follow(answer(browser, page, 1, answers[1]))
        with tool.svc.db.transaction() as db:
            attempt = db.get(Attempt, attempt_id)
            attempt.started_at = attempt.started_at - dt.timedelta(minutes=31)
        late = browser.post(str(page.url), data={"csrf_token": csrf_token(page.text), "answer": answers[2]},
                            headers={"Accept": "application/json"})
        assert late.status_code == 409
    return attempt_id


def test_every_statement_in_the_lrs_follows_the_profile_and_every_template_is_used(tool, platform, lrs):
    iris = ToolIris(tool.url)
    with Browser() as browser:
        reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)

    take_exam(tool, platform, link["id"], "sanne")  # passed → earned; later expired
    take_exam(tool, platform, link["id"], "eva")  # passed → earned; later revoked
    fail_by_deadline(tool, platform, link["id"], "daan")  # timed-out judgement: failed
    with Browser() as browser:  # a launch after passing: the start page says so and links the result, no statement
        again = launch(browser, platform, link["id"], "sanne")
        assert on_start_page(again) and "/result" in again.text
    with Browser() as browser:  # Joost presses Start and stops there: an attempt begun, not finished
        assert "/q/1" in str(launch(browser, platform, link["id"], "joost").url)

    grant(tool, platform, "vg-1004", "hr")
    hr = as_user(platform, link, "priya")
    with tool.svc.db.session() as db:
        eva = db.scalars(select(Certificate).join(Person).where(Person.subject == "vg-1003")).one()
    revoked = hr.browser.post(f"{hr.base}/reports/certificates/{eva.id}/revoke",
                              data={"csrf_token": hr.token, "reason": "exam fraud"})
    assert revoked.status_code == 303
    with tool.svc.db.transaction() as db:  # the daily expiry run, as on a day after sanne's certificate ended
        assert record_expiries(db, tool.svc.derivation(db), utcnow() + dt.timedelta(days=3 * 366)) == 1
    with tool.svc.db.transaction() as db:  # L&D's recertification decision (the governance page's operation)
        decide_recertification(db, tool.svc.derivation(db), db.scalars(select(Platform)).one(), ["basic"],
                               (utcnow() + dt.timedelta(days=90)).date(), "new AI policy", "L&D board",
                               clauses=["AI-7.1"])

    report = send_statements(tool.svc.db, tool.svc.settings)
    assert report.failed == 0, report.errors
    with tool.svc.db.session() as db:
        journaled = db.scalar(select(func.count()).select_from(Statement))
    in_lrs = statements_in_lrs(lrs, iris.category)
    assert len(in_lrs) == journaled == report.sent

    checker = ProfileChecker(build_profile(iris))
    verdicts = {s["id"]: checker.validate(s) for s in in_lrs}
    broken = [f"{s['verb']['id']} {s['id']}: {verdicts[s['id']].explain()}" for s in in_lrs if not verdicts[s["id"]].ok]
    assert not broken, "\n".join(broken)

    used = {template for verdict in verdicts.values() for template in verdict.templates}
    dead = {t["id"] for t in checker.profile["templates"]} - used
    assert not dead, f"templates no statement matched: {sorted(dead)}"
    timed_out = iris.extension("timed-out")
    assert any(timed_out in (s.get("result") or {}).get("extensions", {}) for s in in_lrs)
    question_verbs = {"http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/scored"}
    languages = {s["context"].get("language") for s in in_lrs if s["verb"]["id"] in question_verbs}
    assert languages and languages <= {"nl", "en"}  # each question names the language it was shown in

    by_registration: defaultdict[str, list[dict]] = defaultdict(list)
    by_certificate: defaultdict[str, list[dict]] = defaultdict(list)
    for statement in in_lrs:
        context = statement.get("context") or {}
        if context.get("registration"):
            by_registration[context["registration"]].append(statement)
        certificate_id = (context.get("extensions") or {}).get(iris.extension("certificate-id"))
        if certificate_id:
            by_certificate[certificate_id].append(statement)
    assert len(by_registration) == 4 and len(by_certificate) == 2
    outcomes = []
    for registration, statements in by_registration.items():
        verdict = checker.follows(statements)
        assert verdict.pattern == pattern_iri(iris, "exam-attempt"), (registration, verdict)
        outcomes.append((verdict.outcome, statements[0]["actor"]["account"]["name"]))
    # Joost's begun attempt matches as far as it goes; Priya's launch (HR, to revoke) began none (issue 14)
    assert sorted(outcomes) == [("partial", "vg-1005"), ("success", "vg-1001"), ("success", "vg-1003"),
                                ("success", "vg-1006")]
    lifecycles = sorted(tuple(s["verb"]["id"].rsplit("/", 1)[-1] for s in sorted(group, key=lambda s: s["timestamp"]))
                        for group in by_certificate.values())
    assert lifecycles == [("earned", "expired"), ("earned", "revoked")]
    for statements in by_certificate.values():
        assert checker.follows(statements, [pattern_iri(iris, "certificate-lifecycle")]).outcome == "success"
    decisions = [s for s in in_lrs if s["verb"]["id"] == iris.verb("recertification-required")]
    assert [d["context"]["extensions"][iris.extension("scope")] for d in decisions] == [platform.url]
    assert checker.follows(decisions, [pattern_iri(iris, "recertification-decision")]).outcome == "success"

    # the README's questions for analysts, asked as the README asks them
    period = {"since": (utcnow() - dt.timedelta(hours=1)).isoformat(), "until": (utcnow() + dt.timedelta(hours=1))
              .isoformat()}
    earned = query(lrs, verb="http://id.tincanapi.com/verb/earned", activity=iris.certificate("basic"), **period)
    assert sorted(s["actor"]["account"]["name"] for s in earned) == ["vg-1001", "vg-1003"]
    passed = query(lrs, verb="http://adlnet.gov/expapi/verbs/passed", activity=iris.exam("basic"), **period)
    assert sorted(s["actor"]["account"]["name"] for s in passed) == ["vg-1001", "vg-1003"]
    first = next(s for s in in_lrs if s["verb"]["id"].endswith("/answered"))
    answers = query(lrs, verb="http://adlnet.gov/expapi/verbs/answered", activity=first["object"]["id"])
    assert answers and all(s["object"]["id"] == first["object"]["id"] and set(s["result"]) == {"response"}
                           for s in answers)  # saved answers: nothing about correctness
    graded = query(lrs, verb="http://adlnet.gov/expapi/verbs/scored", activity=first["object"]["id"])
    assert graded and all("success" in s["result"] and "correctResponsesPattern" in s["object"]["definition"]
                          for s in graded)  # once judged: one per attempt that answered it
    assert len({s["context"]["registration"] for s in graded}) == len(graded)
    started = query(lrs, verb="http://adlnet.gov/expapi/verbs/initialized", activity=iris.exam("basic"), **period)
    per_department = Counter((s["context"].get("extensions") or {}).get(iris.extension("department"), "(unknown)")
                             for s in started)
    with tool.svc.db.session() as db:
        expected = Counter(department or "(unknown)" for department in db.scalars(
            select(Person.department).join(Attempt, Attempt.person_id == Person.id)))
    assert per_department == expected and sum(expected.values()) == 4


def test_the_profile_is_served_at_the_category_iri_the_statements_carry(tool):
    iris = ToolIris(tool.url)
    served = httpx.get(iris.category)  # the category IRI is the profile version: it dereferences
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("application/ld+json")
    assert "set-cookie" not in served.headers  # public, no session
    assert served.text == render(build_profile(iris))
    profile = json.loads(served.text)
    assert profile["versions"][0]["id"] == iris.category
    assert profile["@context"] == "https://w3id.org/xapi/profiles/context"
    again = httpx.get(tool.url + "/xapi/profile.jsonld", headers={"If-None-Match": served.headers["etag"]})
    assert again.status_code == 304
    assert httpx.get(tool.url + "/xapi/profile.jsonld").text == served.text
    assert httpx.post(iris.category).status_code == 405
