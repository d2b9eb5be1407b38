"""Two platforms (two issuers, two client ids) whose people have the SAME LTI subjects and the same
course id: each platform's staff — L&D by LTI role, HR and an auditor by `flask roles grant` — see
only their own people, attempts, reports and exports, and the other tenant's attempt and
certificate ids give 404, never data. See test_tenants_and_time.py for the basic separation.

Platform B's people carry other names, e-mail addresses and employee numbers than A's (same
subjects), so every page and file can be searched for the other tenant's identifiers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, or_, select

from demo_lms.seed import LIS, ROLE_INST_STAFF
from demo_lms.testing import RunningPlatform, start_platform
from lti_tool.db.models import Attempt, AuditEntry, Certificate, Person, Platform, Statement
from tests.e2e.test_exam_flow import answer, correct_answers
from tests.e2e.test_outages import take_exam
from tests.lti_client import COURSE, Browser, create_link, csrf_token, press_start, register, start_launch

#: staff without an LTI role the tool maps: their tool role comes from `flask roles grant`
MENTOR = f"{LIS}/membership#Mentor"
STAFF = {"hanna": ("vg-3001", "Hanna", "Hendriks", "hr"), "otto": ("vg-3002", "Otto", "Oosterhuis", "auditor")}
#: platform B's names for the same subjects
B_NAMES = {"sanne": ("Birgit", "Bosman"), "mohammed": ("Bart", "Brouwer"), "eva": ("Bella", "Bos"),
           "priya": ("Britt", "Boon"), "joost": ("Boris", "Bunt"), "daan": ("Bjorn", "Berg"),
           "linda": ("Bea", "Blom"), "kees": ("Ben", "Bakker"), "hanna": ("Hilde", "Bouma"),
           "otto": ("Olaf", "Boer")}
#: who took the exam on A (True) and on B (False)
LEARNERS = {True: ["Sanne de Vries", "Eva Jansen"], False: ["Birgit Bosman", "Bart Brouwer", "Boris Bunt"]}
AS_OF = "2031-01-01"  # every deadline of the role matrix has passed: reminders list everyone required


def add_staff(platform: RunningPlatform, key: str) -> None:
    subject, given, family, _role = STAFF[key]
    store = platform.app.extensions["demo_lms"].store
    with store.lock:
        persona = {"key": key, "user_id": subject, "given_name": given, "family_name": family,
                   "name": f"{given} {family}", "email": f"{key}@voorbeeldgroep.nl", "department": "HR",
                   "location": "Utrecht", "business_unit": "Staf", "function_group": "beleidsmedewerker",
                   "employee_number": f"VG-{subject[3:]}", "course_roles": [MENTOR],
                   "institution_roles": [ROLE_INST_STAFF], "title": {"nl": key, "en": key}}
        store.personas[key] = persona
        store.users_by_id[subject] = persona
        store.courses[COURSE]["members"].append({"user_id": subject, "roles": [MENTOR], "status": "Active",
                                                 "name": persona["name"], "given_name": given,
                                                 "family_name": family, "email": persona["email"]})


def rename_people(platform: RunningPlatform) -> None:
    """Platform B: the same subjects, other names, e-mail addresses and employee numbers."""
    store = platform.app.extensions["demo_lms"].store
    with store.lock:
        for key, (given, family) in B_NAMES.items():
            persona = store.personas[key]
            persona.update(given_name=given, family_name=family, name=f"{given} {family}",
                           email=f"{given.lower()}@b-platform.example", employee_number=f"BB-{persona['user_id']}")
            for member in store.courses[COURSE]["members"]:
                if member["user_id"] == persona["user_id"]:
                    member.update(name=persona["name"], given_name=given, family_name=family, email=persona["email"])


@dataclass
class Tenant:
    platform: RunningPlatform
    link: dict[str, Any]
    id: int = 0
    sessions: dict[str, tuple[Browser, str]] = field(default_factory=dict)  # persona → (browser, /s/<sid> URL)

    def identifiers(self, db: Any) -> set[str]:
        """What must never show up in the other tenant's pages and files."""
        people = list(db.scalars(select(Person).where(Person.platform_id == self.id)))
        found = {p.name for p in people if p.name} | {p.email for p in people if p.email} | {
            p.employee_number for p in people if p.employee_number}
        found |= set(db.scalars(select(Attempt.id).where(Attempt.platform_id == self.id)))
        found |= set(db.scalars(select(Certificate.id).where(Certificate.platform_id == self.id)))
        found |= set(db.scalars(select(Statement.id).where(Statement.platform_id == self.id)))
        return found

    def names(self, db: Any) -> set[str]:
        return set(db.scalars(select(Person.name).where(Person.platform_id == self.id)))


def open_session(tool_url: str, tenant: Tenant, user: str) -> tuple[Browser, str, httpx.Response]:
    browser = Browser()
    posted = browser.submit_form(start_launch(browser, tenant.platform, tenant.link["id"], user))
    assert posted.status_code == 303, posted.text
    location = posted.headers["location"]
    sid = location.split("/s/")[1].split("/")[0]
    tenant.sessions[user] = (browser, f"{tool_url}/s/{sid}")
    return browser, f"{tool_url}/s/{sid}", press_start(browser, browser.follow(posted))


def set_up(tool: Any, a: RunningPlatform, b: RunningPlatform) -> tuple[Tenant, Tenant]:
    tenants = []
    for platform in (a, b):
        with Browser() as browser:
            registration = register(browser, platform, tool, grants=(("vg-2001", "ld"),))  # Linda: L&D
        for key in STAFF:
            add_staff(platform, key)
        tenants.append(Tenant(platform, create_link(platform, registration.client_id)))
    rename_people(b)
    for tenant in tenants:
        for subject, _given, _family, role in STAFF.values():
            granted = tool.app.test_cli_runner().invoke(args=["roles", "grant", "--issuer", tenant.platform.url,
                                                             "--subject", subject, "--role", role])
            assert granted.exit_code == 0, granted.output
        with tool.svc.db.session() as db:
            tenant.id = db.scalars(select(Platform.id).where(Platform.issuer == tenant.platform.url)).one()
    first, second = tenants
    # A: Sanne passes, Eva is half-way. B: Sanne (same subject) and Mohammed pass, Joost has just begun.
    take_exam(tool, a, first.link["id"], "sanne")
    _browser, _base, page = open_session(tool.url, first, "eva")
    attempt_id = page.url.path.split("/attempt/")[1].split("/")[0]
    assert answer(first.sessions["eva"][0], page, 1, correct_answers(tool, attempt_id)[1]).status_code == 303
    take_exam(tool, b, second.link["id"], "sanne")
    take_exam(tool, b, second.link["id"], "mohammed")
    open_session(tool.url, second, "joost")
    for tenant in tenants:
        open_session(tool.url, tenant, "sanne")  # her result page
        for staff in ("linda", "hanna", "otto"):
            open_session(tool.url, tenant, staff)
    return first, second


def data_rows(rows: list[list[str]]) -> list[list[str]]:
    """The rows of one of the tool's exports below its filter lines, the blank line and the header."""
    blank = next(i for i, row in enumerate(rows) if not row)
    return rows[blank + 2:]


def csv_rows(content: bytes) -> list[list[str]]:
    return data_rows(list(csv.reader(io.StringIO(content.decode("utf-8-sig")))))


def xlsx_text(content: bytes, every_sheet: bool = False) -> list[list[str]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    sheets = book.worksheets if every_sheet else [book.active]
    return [[str(v) for v in row if v is not None] for sheet in sheets for row in sheet.iter_rows(values_only=True)]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def assert_none_of(text: str, forbidden: set[str], where: str) -> None:
    leaked = sorted(value for value in forbidden if value and value in text)
    assert not leaked, f"{where} shows the other tenant's {leaked}"


def test_each_platform_sees_only_its_own_people_attempts_reports_and_exports(tool, platform):
    """One set-up (two platforms, seven launches each, four exams), then pages and exports, the other
    tenant's ids, and the privacy operations — in this order, as the last one changes data."""
    with start_platform() as other:
        a, b = set_up(tool, platform, other)
        try:
            staff_see_only_their_own_tenant(tool, a, b)
            the_other_tenants_ids_give_404(tool, a, b)
            privacy_export_and_erasure_stay_within_their_tenant(tool, a, b)
        finally:
            for tenant in (a, b):
                for browser, _base in tenant.sessions.values():
                    browser.close()


def staff_see_only_their_own_tenant(tool, a: Tenant, b: Tenant) -> None:
    with tool.svc.db.session() as db:
        own = {t.id: (t.names(db), t.identifiers(db)) for t in (a, b)}
        audit_count = {t.id: db.scalar(select(func.count()).select_from(AuditEntry).where(or_(
            AuditEntry.platform_id == t.id, AuditEntry.platform_id.is_(None)))) for t in (a, b)}
        people_count = {t.id: db.scalar(select(func.count()).select_from(Person).where(Person.platform_id == t.id))
                        for t in (a, b)}
        statement_count = {t.id: db.scalar(select(func.count()).select_from(Statement)
                                           .where(Statement.platform_id == t.id)) for t in (a, b)}
    assert (people_count[a.id], people_count[b.id]) == (5, 6)  # learners (2 | 3), linda, hanna, otto
    for tenant, other in ((a, b), (b, a)):
        names, _ids = own[tenant.id]
        forbidden = own[other.id][1]
        ld, ld_base = tenant.sessions["linda"]
        hr, hr_base = tenant.sessions["hanna"]
        auditor, auditor_base = tenant.sessions["otto"]
        pages = [(ld, ld_base + "/staff/link"), (ld, ld_base + "/admin/outbox"),
                 *[(who, base + path) for who, base in ((ld, ld_base), (hr, hr_base), (auditor, auditor_base))
                   for path in ("/reports/", "/reports/?by=location", f"/reports/people?as_of={AS_OF}",
                                f"/reports/reminders?as_of={AS_OF}", "/reports/matrix", "/me/")],
                 (hr, hr_base + "/reports/audit"), (auditor, auditor_base + "/reports/audit"),
                 (hr, hr_base + "/reports/hr-import")]
        for who, url in pages:
            page = who.get(url)
            assert page.status_code == 200, (url, page.status_code)
            assert_none_of(page.text, forbidden, url)
        people = hr.get(hr_base + f"/reports/people?as_of={AS_OF}").text
        assert all(name in people for name in names)  # … and everyone of its own
        link_page = ld.get(ld_base + "/staff/link").text
        assert all(name in link_page for name in LEARNERS[tenant is a])
        outbox = ld.get(ld_base + "/admin/outbox").text
        assert f"in de wachtrij: {statement_count[tenant.id]}" in outbox  # "pending", labelled in Dutch

        # exports: audit CSV, XLSX and PDF (each role that may), reminders CSV, audit log CSV
        for who, base in ((ld, ld_base), (hr, hr_base), (auditor, auditor_base)):
            exported = who.get(base + f"/reports/export?format=csv&as_of={AS_OF}")
            assert exported.status_code == 200
            rows = csv_rows(exported.content)
            assert len(rows) == people_count[tenant.id] and {r[1] for r in rows} == names
            assert_none_of(exported.text, forbidden, "audit CSV")
        xlsx = hr.get(hr_base + f"/reports/export?format=xlsx&as_of={AS_OF}")
        sheet = xlsx_text(xlsx.content)  # the header in row 1 (filters on the "export" sheet)
        # (people known only from the LMS have no employee number: the sheet's reader skips empty cells)
        assert {cell for row in sheet[1:] for cell in row} >= names
        assert len(sheet[1:]) == people_count[tenant.id]
        assert_none_of(json.dumps(xlsx_text(xlsx.content, every_sheet=True), ensure_ascii=False), forbidden,
                       "audit XLSX")
        pdf = pdf_text(auditor.get(auditor_base + f"/reports/export?format=pdf&as_of={AS_OF}").content)
        assert LEARNERS[tenant is a][0] in pdf
        assert_none_of(pdf, forbidden, "audit PDF")
        reminders = hr.get(hr_base + f"/reports/reminders?format=csv&as_of={AS_OF}")
        reminded = {row[3] for row in csv_rows(reminders.content)}  # after manager, their e-mail, number
        assert reminded and reminded <= names
        assert_none_of(reminders.text, forbidden, "reminders CSV")
        log = auditor.get(auditor_base + "/reports/audit?format=csv")
        assert len(csv_rows(log.content)) == audit_count[tenant.id]
        assert_none_of(log.text, forbidden, "audit log CSV")


def the_other_tenants_ids_give_404(tool, a: Tenant, b: Tenant) -> None:
    with tool.svc.db.session() as db:
        ids = {t.id: {"attempts": list(db.scalars(select(Attempt.id).where(Attempt.platform_id == t.id))),
                      "certificates": list(db.scalars(select(Certificate.id).where(Certificate.platform_id == t.id)))}
               for t in (a, b)}
    assert (len(ids[a.id]["attempts"]), len(ids[b.id]["attempts"])) == (2, 3)
    assert (len(ids[a.id]["certificates"]), len(ids[b.id]["certificates"])) == (1, 2)
    for tenant, other in ((a, b), (b, a)):
        learner, base = tenant.sessions["sanne"]  # the same subject as the other tenant's Sanne
        token = csrf_token(learner.get(base + "/me/").text)
        for attempt_id in ids[other.id]["attempts"]:
            for path in (f"/attempt/{attempt_id}/q/1", f"/attempt/{attempt_id}/review",
                         f"/attempt/{attempt_id}/result"):
                assert learner.get(base + path).status_code == 404, path
            refused = learner.post(base + f"/attempt/{attempt_id}/q/1", data={"csrf_token": token, "answer": ["a"]})
            assert refused.status_code == 404
            assert learner.post(base + f"/attempt/{attempt_id}/submit", data={"csrf_token": token}).status_code == 404
        hr, hr_base = tenant.sessions["hanna"]
        hr_token = csrf_token(hr.get(hr_base + "/reports/matrix").text)
        for certificate_id in ids[other.id]["certificates"]:
            for path in (f"/me/certificates/{certificate_id}.pdf", f"/me/certificates/{certificate_id}/badge.jwt"):
                assert learner.get(base + path).status_code == 404, path
            revoke = hr.post(hr_base + f"/reports/certificates/{certificate_id}/revoke",
                             data={"csrf_token": hr_token, "reason": "cross-tenant attempt"})
            assert revoke.status_code == 404
    with tool.svc.db.session() as db:
        assert db.scalar(select(func.count()).select_from(Attempt).where(Attempt.status == "submitted")) == 3
        assert not list(db.scalars(select(Certificate).where(Certificate.revoked_at.is_not(None))))
        eva = db.scalars(select(Attempt).join(Person).where(Person.name == "Eva Jansen")).one()
        assert len(eva.responses) == 1  # the refused POSTs wrote nothing


def privacy_export_and_erasure_stay_within_their_tenant(tool, a: Tenant, b: Tenant) -> None:
    cli = tool.app.test_cli_runner()
    # B's HR revokes a certificate and B erases its Sanne: entries about subject vg-1001 on B
    hr, hr_base = b.sessions["hanna"]
    with tool.svc.db.session() as db:
        b_certificate = db.scalars(select(Certificate).where(Certificate.platform_id == b.id)).first().id
    revoked = hr.post(hr_base + f"/reports/certificates/{b_certificate}/revoke",
                      data={"csrf_token": csrf_token(hr.get(hr_base + "/reports/matrix").text), "reason": "test"})
    assert revoked.status_code == 303
    erased = cli.invoke(args=["privacy", "erase", "--issuer", b.platform.url, "--subject", "vg-1001", "--yes"])
    assert erased.exit_code == 0, erased.output
    with tool.svc.db.session() as db:
        forbidden = b.identifiers(db)
        a_sanne = db.scalars(select(Person).where(Person.platform_id == a.id, Person.subject == "vg-1001")).one()
        assert a_sanne.name == "Sanne de Vries" and a_sanne.email  # A's Sanne is not erased
        a_attempts = set(db.scalars(select(Attempt.id).where(Attempt.person_id == a_sanne.id)))
        a_statements = db.scalar(select(func.count()).select_from(Statement).where(Statement.person_id == a_sanne.id))
    for subject, name in (("vg-1001", "Sanne de Vries"), ("vg-3001", "Hanna Hendriks")):
        result = cli.invoke(args=["privacy", "export", "--issuer", a.platform.url, "--subject", subject])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["person"]["name"] == name and data["platform"]["issuer"] == a.platform.url
        assert_none_of(result.output, forbidden, f"privacy export of {subject}")
        assert all(entry["platform_id"] in (a.id, None) for entry in data["audit"]), data["audit"]
        if subject == "vg-1001":
            assert {x["id"] for x in data["attempts"]} == a_attempts and len(data["statements"]) == a_statements
            assert "person.erased" not in {entry["action"] for entry in data["audit"]}  # B's erasure is B's
        else:
            assert data["roles"] == ["hr"] and [e["action"] for e in data["audit"]] == ["role.granted"]
