"""Governance over real HTTP: role grants by the tool administrator, the policy-change flow
(clause changed → questions flagged → recertification decided → certificates, reports and
statements change), rollout progress with remarks and pilot feedback, and the HR-cycle exports.
Every administrative change must land in the audit log."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path

import httpx
import pytest
import yaml
from openpyxl import load_workbook
from sqlalchemy import select

from lti_tool.db.models import (
    AuditEntry,
    Certificate,
    ExamFeedback,
    ItemFlag,
    Person,
    RecertificationDecision,
    Statement,
)
from lti_tool.governance.queries import item_refs
from lti_tool.outbox import send_statements
from tests.e2e.test_authoring import as_user
from tests.e2e.test_certification import HR_CSV, import_hr, reports_user
from tests.e2e.test_outages import take_exam
from tests.lti_client import NOT_PLATFORM, STAFF_GRANTS, create_link, register

POLICIES = yaml.safe_load((Path(__file__).resolve().parents[2] / "config" / "policies.yaml")
                          .read_text(encoding="utf-8"))["policies"]


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    return reg, create_link(platform, reg.client_id)


def governance(staff):
    staff.get_gov = lambda path, **params: staff.browser.get(f"{staff.base}/governance{path}", params=params)
    staff.post_gov = lambda path, data=None, **kw: staff.browser.post(
        f"{staff.base}/governance{path}", data={"csrf_token": staff.token, **(data or {})}, **kw)
    return staff


def actions(tool) -> list[str]:
    """What the audit log recorded after the organisation was set up (registration and staff grants)."""
    with tool.svc.db.session() as db:
        entries = list(db.scalars(select(AuditEntry).where(NOT_PLATFORM).order_by(AuditEntry.id)))
    return [e.action for e in entries][len(STAFF_GRANTS):]


def test_the_tool_administrator_grants_and_takes_away_roles(tool, platform, course):
    _reg, link = course
    as_user(platform, link, "priya")  # Priya is known to the tool after her first launch
    admin = governance(as_user(platform, link, "kees"))
    page = admin.get_gov("/roles")
    assert page.status_code == 200 and "What each role may do" in page.text
    missing = admin.post_gov("/roles", {"person": "VG-99999", "role": "hr"})
    assert missing.status_code == 404 and "VG-99999" in missing.text
    assert 'value="VG-99999"' in missing.text and 'id="person-error"' in missing.text  # the form, as typed
    assert '<option value="hr" selected>' in missing.text
    assert admin.post_gov("/roles", {"person": "priya.ramdin@voorbeeldgroep.nl", "role": "pope"}).status_code == 400
    assert admin.post_gov("/roles", {"person": "priya.ramdin@voorbeeldgroep.nl", "role": "hr"}).status_code == 303
    assert admin.post_gov("/roles", {"person": "priya.ramdin@voorbeeldgroep.nl", "role": "hr"}).status_code == 303
    priya = governance(reports_user(tool, platform, link, "priya"))
    assert priya.get_reports("/matrix").status_code == 200  # HR from the next launch on
    assert governance(as_user(platform, link, "linda")).get_gov("/roles").status_code == 403  # L&D may not grant

    with tool.svc.db.session() as db:
        from lti_tool.db.models import RoleGrant

        grants = list(db.scalars(select(RoleGrant).where(RoleGrant.granted_by != "cli")))
    assert [(g.role, g.granted_by) for g in grants] == [("hr", "Kees Smit")]
    assert admin.post_gov(f"/roles/{grants[0].id}/revoke").status_code == 303
    assert reports_user(tool, platform, link, "priya").get_reports("/matrix").status_code == 403
    assert actions(tool) == ["role.granted", "role.revoked"]


def new_infosec_version() -> dict:
    raw = copy.deepcopy(next(p for p in POLICIES if p["key"] == "INFOSEC"))
    raw["version"], raw["effective_from"] = "2026.2", "2026-12-01"
    clause = next(c for c in raw["clauses"] if c["key"] == "INFOSEC-4.2")
    clause["text"] = {"nl": "Vertrouwelijke informatie gaat alleen in VG-Assistent, nooit meer in de Copilot-omgeving.",
                      "en": "Confidential information only goes into VG-Assistent, no longer into the Copilot "
                            "environment."}
    return raw


def test_policy_change_flags_questions_and_a_recertification_decision_cuts_certificates_short(
        tool, platform, course, lrs):
    _reg, link = course
    take_exam(tool, platform, link["id"], "sanne")  # Sanne holds basic
    ld = governance(as_user(platform, link, "linda"))
    register_page = ld.get_gov("/policies")
    assert register_page.status_code == 200 and "INFOSEC-4.2" in register_page.text
    clauses = ld.get_gov("/policies/clauses")
    assert clauses.status_code == 200 and "Every clause is assessed" in clauses.text

    # bad input first: nothing is stored
    assert ld.post_gov("/policies", {"policy": "key: [unclosed"}).status_code == 400
    broken = new_infosec_version()
    broken["clauses"][0]["text"] = {"nl": "alleen Nederlands"}
    refused = ld.post_gov("/policies", {"policy": yaml.safe_dump(broken)})
    assert refused.status_code == 400 and "INFOSEC-2.1: text has no en text" in refused.text
    same = copy.deepcopy(next(p for p in POLICIES if p["key"] == "INFOSEC"))
    again = ld.post_gov("/policies", {"policy": yaml.safe_dump(same)})
    assert again.status_code == 400 and "already has a version 2026.1" in again.text

    with tool.svc.db.session() as db:
        expected = sorted(k for k, refs in item_refs(db).items() if "INFOSEC-4.2" in refs)
    assert len(expected) >= 5
    saved = ld.post_gov("/policies", files={"file": ("infosec.yaml", yaml.safe_dump(new_infosec_version()).encode(),
                                                      "application/yaml")})
    assert saved.status_code == 303
    version_page = ld.browser.get(ld.base.split("/s/")[0] + saved.headers["location"])
    assert version_page.status_code == 200 and "INFOSEC-4.2" in version_page.text
    with tool.svc.db.session() as db:
        flags = list(db.scalars(select(ItemFlag).order_by(ItemFlag.item_key)))
    assert [(f.item_key, f.clause_key, f.source) for f in flags] == [(k, "INFOSEC-4.2", "policy") for k in expected]
    items_page = ld.get("/items")
    assert f"{len(expected)} question flags open for review" in items_page.text
    assert expected[0] in ld.get_gov("/flags").text

    # L&D decides: basic certificates issued before today end in 60 days
    version_id = saved.headers["location"].rsplit("/", 1)[1]
    due = dt.date.today() + dt.timedelta(days=60)
    assert ld.post_gov(f"/policies/versions/{version_id}/recertify",
                       {"level": "basic", "due": due.isoformat(), "reason": ""}).status_code == 400
    assert ld.post_gov(f"/policies/versions/{version_id}/recertify",
                       {"level": "basic", "due": "2020-01-01", "reason": "x"}).status_code == 400
    decided = ld.post_gov(f"/policies/versions/{version_id}/recertify",
                          {"level": "basic", "due": due.isoformat(), "clause": "INFOSEC-4.2",
                           "reason": "INFOSEC 2026.2 changes where confidential information may go"})
    assert decided.status_code == 303
    with tool.svc.db.session() as db:
        cert = db.scalars(select(Certificate)).one()
        decision = db.scalars(select(RecertificationDecision)).one()
        statement = db.get(Statement, decision.statement_ids[0])
    assert cert.cut_off_at is not None and cert.cut_off_at.date() == due
    assert statement.verb.endswith("/recertification-required")
    extensions = statement.body["context"]["extensions"]
    assert any(k.endswith("/scope") and v == platform.url for k, v in extensions.items())
    assert any(k.endswith("/policy-clause") and v == "INFOSEC-4.2" for k, v in extensions.items())

    affected = ld.get_gov("/recertification")
    assert affected.status_code == 200 and "Sanne de Vries" in affected.text and "not yet" in affected.text
    assert "1 certificate affected" in affected.text and "1 certificates" not in affected.text
    sanne = as_user(platform, link, "sanne")
    me = sanne.browser.get(f"{sanne.base}/me/")
    assert f'Recertify by <time datetime="{due.isoformat()}">' in me.text
    assert "recertification required" in me.text and "INFOSEC-4.2" in me.text
    hr = reports_user(tool, platform, link, "priya", "hr")
    assert f"recertify by {due.isoformat()}" in hr.get_reports("/people").text
    audit = hr.get_reports("/export", format="csv", as_of=dt.date.today().isoformat()).content.decode("utf-8-sig")
    lines = audit.splitlines()
    header = next(line for line in lines if "cut short to" in line).split(",")
    row = next(line for line in lines if "Sanne de Vries" in line).split(",")
    assert row[header.index("cut short to")] == due.isoformat()  # the auditor reads the end the holder reads
    from pypdf import PdfReader

    pdf = hr.get_reports("/export", format="pdf", as_of=dt.date.today().isoformat()).content
    printed = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert due.isoformat() in printed and row[header.index("valid until")] not in printed  # the end in force

    # the decision is a statement in the LRS, and a rebuild from the journal keeps the cut
    assert send_statements(tool.svc.db, tool.svc.settings).failed == 0
    with httpx.Client(auth=(lrs.username, lrs.password), headers={"X-Experience-API-Version": "1.0.3"}) as client:
        stored = client.get(lrs.url + "statements", params={"statementId": statement.id})
    body = stored.json()
    found = [s for s in body.get("statements", [body]) if s.get("id") == statement.id]  # Ralph answers with a list
    assert stored.status_code == 200 and [s["verb"]["id"] for s in found] == [statement.verb]
    result = tool.app.test_cli_runner().invoke(args=["certification", "rebuild", "--from", "journal"])
    assert result.exit_code == 0, result.output
    with tool.svc.db.session() as db:
        assert db.scalars(select(Certificate)).one().cut_off_at.date() == due

    # L&D resolves a flag after reviewing the question
    assert ld.post_gov(f"/flags/{flags[0].id}/resolve", {"note": "question still right"}).status_code == 303
    assert f"{len(expected) - 1} question flags open for review" in ld.get("/items").text
    assert actions(tool) == ["policy.changed", "recertification.decided", "role.granted", "item_flag.resolved"]
    with tool.svc.db.session() as db:  # the register is shared: every platform's auditors see the change
        entries = {e.action: e.platform_id for e in db.scalars(select(AuditEntry).where(NOT_PLATFORM))}
    assert entries["policy.changed"] is None and entries["recertification.decided"] is not None


def test_rollout_progress_remarks_and_pilot_feedback(tool, platform, course):
    _reg, link = course
    hr = governance(reports_user(tool, platform, link, "priya", "hr"))
    import_hr(hr)
    plan = {"scenario": "hybrid", "phases": [
        {"key": "pilot-utrecht", "name": {"nl": "Pilot Utrecht", "en": "Pilot Utrecht"}, "dimension": "location",
         "units": ["Utrecht"], "levels": ["basic"], "start": "2026-01-01", "end": "2099-12-31", "pilot": True},
        {"key": "basic-all", "name": {"nl": "Basis voor iedereen", "en": "Basic for everybody"}, "levels": ["basic"],
         "start": "2026-01-01", "end": "2026-06-30"},
        {"key": "advanced-leads", "name": {"nl": "Gevorderd teamleiders", "en": "Advanced team leads"},
         "dimension": "function_group", "units": ["teamleider"], "levels": ["advanced"], "start": "2026-07-01",
         "end": "2099-12-31"},
    ]}
    # before any plan is saved the organisation's default plan is in use, remarks included
    assert "Pilot Care (advanced)" in hr.get_gov("/rollout").text
    # Mohammed is a line manager: the HR file names him as his team's manager
    early = governance(as_user(platform, link, "mohammed"))
    assert early.post_gov("/rollout/remarks", {"phase": "pilot-zorg", "text": "Zorg is er klaar voor"}
                          ).status_code == 303
    bad = hr.post_gov("/rollout", {"plan": yaml.safe_dump({**plan, "scenario": "big bang"})})
    assert bad.status_code == 400 and "scenario must be one of" in bad.text
    unquoted = yaml.safe_dump(plan).replace("'", "")  # dates typed as people type them
    assert "start: 2026-01-01" in unquoted and hr.post_gov("/rollout", {"plan": unquoted}).status_code == 303
    assert hr.post_gov("/rollout", {"plan": yaml.safe_dump(plan)}).status_code == 303  # the same plan: no version

    attempt = take_exam(tool, platform, link["id"], "sanne")  # Utrecht: the pilot
    sanne = as_user(platform, link, "sanne")
    post = lambda path, data: sanne.browser.post(f"{sanne.base}/attempt/{attempt}/{path}",  # noqa: E731
                                                 data={"csrf_token": sanne.token, **data})
    assert post("feedback", {"clarity": "9", "relevance": "4"}).status_code == 400
    assert post("feedback", {"clarity": "4", "relevance": "5", "comment": "Goede casussen"}).status_code == 303
    assert post("feedback", {"clarity": "1", "relevance": "1"}).status_code == 303  # once per attempt
    assert post("flag", {"item": "no-such-item", "comment": "?"}).status_code == 400
    with tool.svc.db.session() as db:
        from lti_tool.db.models import Attempt

        layout = db.get(Attempt, attempt).layout
        assert [(f.clarity, f.relevance) for f in db.scalars(select(ExamFeedback))] == [(4, 5)]
    flagged_key = layout[0]["item_key"]
    assert post("flag", {"item": flagged_key, "comment": ""}).status_code == 400
    too_long = post("flag", {"item": flagged_key, "comment": "x" * 4001})  # refused in words, not cut short
    assert too_long.status_code == 400 and "4001 characters long" in too_long.text and "4000" in too_long.text
    long_remark = early.post_gov("/rollout/remarks", {"phase": "pilot-zorg", "text": "y" * 4001})
    assert long_remark.status_code == 400
    assert post("flag", {"item": flagged_key, "comment": "Antwoord b is ook verdedigbaar"}).status_code == 303
    other = as_user(platform, link, "eva")
    assert other.browser.post(f"{other.base}/attempt/{attempt}/flag", data={
        "csrf_token": other.token, "item": flagged_key, "comment": "x"}).status_code == 404  # not her attempt

    ld = governance(as_user(platform, link, "linda"))
    assert "Antwoord b is ook verdedigbaar" in ld.get_gov("/flags").text
    page = ld.get_gov("/rollout", as_of=dt.date.today().isoformat())
    assert page.status_code == 200
    # HR_CSV: in scope today (leaver Chantal and future hire Esra excluded); Utrecht = Sanne, Anna, Bram (+Priya,
    # Linda who launched with location Utrecht but no HR row: they count as people the reports know)
    with tool.svc.db.session() as db:
        people = list(db.scalars(select(Person)))
    utrecht = [p for p in people if p.location == "Utrecht" and (p.left_on is None or p.left_on >= dt.date.today())
               and (p.hire_date is None or p.hire_date <= dt.date.today())]
    assert f"<td>{len(utrecht)}</td><td>1</td><td>{len(utrecht) - 1}</td>" in page.text
    assert "Feedback from the pilot" in page.text and "Goede casussen" in page.text
    assert "Clarity 4 of 5, relevance 5 of 5" in page.text and "Questions flagged: 1." in page.text

    auditor = governance(reports_user(tool, platform, link, "joost", "auditor"))
    assert auditor.post_gov("/rollout/remarks", {"phase": "nope", "text": "x"}).status_code == 400
    assert auditor.post_gov("/rollout/remarks", {"phase": "basic-all", "text": "Deadline te krap"}).status_code == 303
    assert auditor.post_gov("/rollout", {"plan": yaml.safe_dump(plan)}).status_code == 403  # may not change
    board = governance(reports_user(tool, platform, link, "daan", "board"))
    aggregate = board.get_gov("/rollout")
    assert aggregate.status_code == 200 and "Deadline te krap" in aggregate.text
    assert "hidden" in aggregate.text and "Feedback from the pilot" not in aggregate.text
    assert board.post_gov("/rollout/remarks", {"phase": "basic-all", "text": "x"}).status_code == 303  # issue 15
    assert [a for a in actions(tool) if a.startswith(("rollout", "people"))] == ["people.imported", "rollout.changed"]


def test_hr_cycle_dossier_and_team_export(tool, platform, course):
    _reg, link = course
    hr = reports_user(tool, platform, link, "priya", "hr")
    import_hr(hr, HR_CSV)
    take_exam(tool, platform, link["id"], "sanne")
    sanne = as_user(platform, link, "sanne")
    with tool.svc.db.session() as db:
        ids = {p.name: p.id for p in db.scalars(select(Person))}
    own = sanne.browser.get(f"{sanne.base}/reports/people/{ids['Sanne de Vries']}/dossier.xlsx")
    assert own.status_code == 200
    book = load_workbook(io.BytesIO(own.content))
    assert book.sheetnames == ["status", "certificates", "attempts", "competences"]
    status = {row[0]: row[1] for row in book["status"].iter_rows(values_only=True)}
    assert status["employee number"] == "VG-10231" and status["required level"] == "Basic"
    assert status["highest valid level"] == "Basic" and status["next deadline"]
    certs = list(book["certificates"].iter_rows(values_only=True))
    assert certs[0][-2:] == ("competence model version", "exam version") and certs[1][1] == "Basic"
    competences = list(book["competences"].iter_rows(values_only=True))[1:]
    assert len(competences) >= 3 and all(row[-1] == "100%" for row in competences)
    assert sanne.browser.get(f"{sanne.base}/reports/people/{ids['Eva Jansen']}/dossier.xlsx").status_code == 403
    assert hr.browser.get(f"{hr.base}/reports/people/{ids['Eva Jansen']}/dossier.xlsx").status_code == 200

    # Mohammed is a line manager: the HR file names him as his team's manager
    mohammed = as_user(platform, link, "mohammed")
    team = mohammed.browser.get(f"{mohammed.base}/reports/team.xlsx")
    assert team.status_code == 200
    rows = list(load_workbook(io.BytesIO(team.content))["team"].iter_rows(values_only=True))
    names = {row[1]: row for row in rows[1:]}
    assert {"Sanne de Vries", "Eva Jansen", "Anna Bakker"} <= set(names)
    assert names["Sanne de Vries"][9] == "yes" and names["Eva Jansen"][9] in ("late", "not yet")
    assert names["Chantal Smit"][9] == "left the organisation"  # past her deadline, but gone: not late
    assert "Dirk Mulder" not in names  # not in his team
    assert mohammed.browser.get(f"{mohammed.base}/reports/people/{ids['Eva Jansen']}/dossier.xlsx").status_code == 200
    assert mohammed.browser.get(f"{mohammed.base}/reports/people/{ids['Dirk Mulder']}/dossier.xlsx"
                                ).status_code == 403
    assert sanne.browser.get(f"{sanne.base}/reports/team.xlsx").status_code == 403


MENTOR = {"https://purl.imsglobal.org/spec/lti/claim/roles": [
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"]}


def test_a_launch_without_course_role_lands_on_what_the_granted_role_may_see(tool, platform, course):
    from tests.lti_client import Browser, launch, start_launch

    _reg, link = course
    grant_cli = tool.app.test_cli_runner()
    as_user(platform, link, "priya")
    assert grant_cli.invoke(args=["roles", "grant", "--issuer", platform.url, "--subject", "vg-1004",
                                  "--role", "auditor"]).exit_code == 0
    httpx.post(platform.url + "/_control/tamper", json={"claims": MENTOR})
    with Browser(language="en") as browser:
        page = launch(browser, platform, link["id"], "priya")
        assert page.status_code == 200 and "/reports/" in str(page.url)  # not the course page (403)
    httpx.post(platform.url + "/_control/tamper", json={"claims": MENTOR})
    with Browser(language="en") as browser:
        refused = browser.submit_form(start_launch(browser, platform, link["id"], "eva"))  # Mentor, no tool role
        assert refused.status_code == 403 and "has no access to the AI diploma" in refused.text
