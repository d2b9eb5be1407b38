# ruff: noqa: E501 - the HR export rows read best one per line
"""Certification derived from statements, certificates and credentials, the HR import, reports by
role, audit exports, and rebuilding the projection from the journal and from the LRS."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import uuid

import httpx
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from lti_tool.db.models import Certificate, Person, Statement
from lti_tool.outbox import send_statements
from tests.dates import iso_today
from tests.e2e.test_authoring import as_user, grant
from tests.e2e.test_outages import take_exam
from tests.lti_client import NOT_PLATFORM, create_link, register

#: the HR export names each person's LMS account (lti_subject): the only link between the two
HR_ROWS = [
    ['personeelsnummer', 'naam', 'e-mail', 'afdeling', 'locatie', 'business_unit', 'functiegroep', 'risicoklasse', 'manager', 'datum_in_dienst', 'datum_uit_dienst', 'lti_subject'],
    ['VG-10487', 'Mohammed El Amrani', 'mohammed.elamrani@voorbeeldgroep.nl', 'Klantenservice', 'Rotterdam', 'Particulieren', 'teamleider', 'midden', '', '2019-03-01', '', 'vg-1002'],
    ['VG-10231', 'Sanne de Vries', 'sanne.devries@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', 'VG-10487', '2021-05-01', '', 'vg-1001'],
    ['VG-11020', 'Eva Jansen', 'eva.jansen@voorbeeldgroep.nl', 'Klantenservice', 'Groningen', 'Zakelijk', 'medewerker', 'laag', 'VG-10487', '2020-09-01', '', 'vg-1003'],
    ['VG-20001', 'Anna Bakker', 'anna.bakker@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', 'VG-10487', '2018-01-15', '', ''],
    ['VG-20002', 'Bram de Wit', 'bram.dewit@voorbeeldgroep.nl', 'Klantenservice', 'Utrecht', 'Particulieren', 'medewerker', 'laag', 'VG-10487', '2018-02-15', '', ''],
    ['VG-20003', 'Chantal Smit', 'chantal.smit@voorbeeldgroep.nl', 'Klantenservice', 'Rotterdam', 'Particulieren', 'medewerker', 'laag', 'VG-10487', '2017-06-01', '2026-03-31', ''],
    ['VG-20004', 'Dirk Mulder', 'dirk.mulder@voorbeeldgroep.nl', 'Financiën', 'Groningen', 'Zakelijk', 'medewerker', 'laag', '', '2016-04-01', '', ''],
    ['VG-20005', 'Esra Yilmaz', 'esra.yilmaz@voorbeeldgroep.nl', 'Financiën', 'Groningen', 'Zakelijk', 'medewerker', 'laag', '', '2026-10-01', '', ''],
]
HR_CSV = "\n".join(";".join(row) for row in HR_ROWS) + "\n"


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool)
    return reg, create_link(platform, reg.client_id)


def import_hr(staff, text: str = HR_CSV):
    preview = staff.post_reports("/hr-import", files={"file": ("hr.csv", text.encode("utf-8-sig"), "text/csv")})
    assert preview.status_code == 200, preview.text
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    return preview, staff.post_reports("/hr-import", {"token": token})


def reports_user(tool, platform, link, user, role=None):
    if role:
        grant(tool, platform, {"priya": "vg-1004", "joost": "vg-1005", "daan": "vg-1006",
                               "eva": "vg-1003"}[user], role)
    staff = as_user(platform, link, user)
    staff.post_reports = lambda path, data=None, **kw: staff.browser.post(
        f"{staff.base}/reports{path}", data={"csrf_token": staff.token, **(data or {})}, **kw)
    staff.get_reports = lambda path, **params: staff.browser.get(f"{staff.base}/reports{path}", params=params)
    return staff


def test_passing_issues_a_certificate_with_pdf_badge_verification_and_revocation(tool, platform, course):
    _reg, link = course
    take_exam(tool, platform, link["id"], "sanne")
    with tool.svc.db.session() as db:
        cert = db.scalars(select(Certificate)).one()
        earned = db.get(Statement, cert.statement_ids[0])
    assert cert.level == "basic" and cert.source == "tool" and cert.blueprint_version == "basic@1"
    assert earned.verb == "http://id.tincanapi.com/verb/earned"
    assert (cert.valid_until - cert.issued_at).days >= 730

    sanne = as_user(platform, link, "sanne")  # relaunch: the passed exam shows its result
    me = sanne.browser.get(f"{sanne.base}/me/")
    assert me.status_code == 200 and "valid" in me.text
    pdf = sanne.browser.get(f"{sanne.base}/me/certificates/{cert.id}.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Sanne de Vries" in text and cert.id in text
    token = sanne.browser.get(f"{sanne.base}/me/certificates/{cert.id}/badge.jwt").text
    checked = httpx.post(tool.url + "/verify", data={"credential": token}, headers={"Accept-Language": "en"})
    assert checked.status_code == 200 and "valid" in checked.text
    other = as_user(platform, link, "eva")
    assert other.browser.get(f"{other.base}/me/certificates/{cert.id}.pdf").status_code == 404

    hr = reports_user(tool, platform, link, "priya", "hr")
    assert hr.post_reports(f"/certificates/{cert.id}/revoke", {"reason": ""}).status_code == 400
    assert hr.post_reports(f"/certificates/{cert.id}/revoke", {"reason": "fraude bij de toets"}).status_code == 303
    again = httpx.post(tool.url + "/verify", data={"credential": token}, headers={"Accept-Language": "en"})
    assert again.status_code == 422 and "revoked" in again.text
    public = httpx.get(f"{tool.url}/verify/{cert.id}", headers={"Accept-Language": "en"})
    assert public.status_code == 200 and "revoked" in public.text
    with tool.svc.db.session() as db:
        revoked = db.get(Certificate, cert.id)
        verbs = [s.verb for s in db.scalars(select(Statement).where(Statement.id.in_(revoked.statement_ids)))]
    assert revoked.revoked_at is not None and any(v.endswith("/verbs/revoked") for v in verbs)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert httpx.post(tool.url + "/verify", data={"credential": tampered}).status_code == 422


def snapshot(tool) -> list[tuple]:
    with tool.svc.db.session() as db:
        return sorted((c.id, c.person_id, c.level, c.issued_at, c.valid_until, c.revoked_at, c.source,
                       tuple(c.statement_ids)) for c in db.scalars(select(Certificate)))


def test_rebuild_from_the_journal_and_from_the_lrs_give_the_same_state(tool, platform, course, lrs):
    _reg, link = course
    for user in ("sanne", "eva", "joost"):
        take_exam(tool, platform, link["id"], user)
    hr = reports_user(tool, platform, link, "priya", "hr")
    with tool.svc.db.session() as db:
        eva = db.scalars(select(Certificate).join(Person).where(Person.subject == "vg-1003")).one()
    hr.post_reports(f"/certificates/{eva.id}/revoke", {"reason": "test"})
    assert send_statements(tool.svc.db, tool.svc.settings).failed == 0
    live = snapshot(tool)
    assert len(live) == 3 and sum(1 for row in live if row[5] is not None) == 1
    runner = tool.app.test_cli_runner()
    with tool.svc.db.transaction() as db:
        for cert in db.scalars(select(Certificate)):
            db.delete(cert)
    result = runner.invoke(args=["certification", "rebuild", "--from", "journal"])
    assert result.exit_code == 0, result.output
    assert "3 certificates for 3 people (3 rows written, 0 removed, the rest were right)" in result.output
    assert snapshot(tool) == live
    result = runner.invoke(args=["certification", "rebuild", "--from", "journal"])  # right already
    assert "(0 rows written, 0 removed, the rest were right)" in result.output and snapshot(tool) == live
    with tool.svc.db.transaction() as db:
        for cert in db.scalars(select(Certificate)):
            db.delete(cert)
    result = runner.invoke(args=["certification", "rebuild", "--from", "lrs"])
    assert result.exit_code == 0, result.output
    assert "3 certificates" in result.output
    assert snapshot(tool) == live


def test_statements_from_an_accepted_external_activity_count(tool, platform, course, lrs):
    external = "https://elearning.example/courses/ai-basics"
    tool.svc.certification = dataclasses.replace(tool.svc.certification, accepted_activities={external: "basic"})
    statement = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": platform.url, "name": "vg-1005"}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en": "completed"}},
        "object": {"objectType": "Activity", "id": external}, "result": {"success": True, "completion": True},
        "timestamp": dt.datetime.now(dt.UTC).isoformat(),
    }
    other = {**statement, "id": str(uuid.uuid4()), "object": {"objectType": "Activity", "id": external + "-other"}}
    with httpx.Client(auth=(lrs.username, lrs.password), headers={"X-Experience-API-Version": "1.0.3"}) as client:
        assert client.post(lrs.url + "statements", json=[statement, other]).status_code == 200
    result = tool.app.test_cli_runner().invoke(args=["certification", "rebuild", "--from", "lrs"])
    assert result.exit_code == 0, result.output
    with tool.svc.db.session() as db:
        certs = list(db.scalars(select(Certificate).join(Person).where(Person.subject == "vg-1005")))
    assert [(c.level, c.source) for c in certs] == [("basic", f"external:{external}")]


def test_hr_import_reports_by_role_exports_and_reminders(tool, platform, course):
    _reg, link = course
    hr = reports_user(tool, platform, link, "priya", "hr")
    preview, done = import_hr(hr)
    assert "8 new" in preview.text or "8 nieuw" in preview.text
    assert done.status_code == 303
    again_preview, _again = import_hr(hr)
    assert "0 new, 0 updated, 8 unchanged" in again_preview.text
    broken = HR_CSV.replace("2021-05-01", "2021-13-45")
    refused = hr.post_reports("/hr-import", files={"file": ("hr.csv", broken.encode(), "text/csv")})
    assert refused.status_code == 400 and "hr.csv line 3" in refused.text
    with tool.svc.db.session() as db:
        people = {p.employee_number: p for p in db.scalars(select(Person)) if p.employee_number}
    assert people["VG-20003"].left_on == dt.date(2026, 3, 31)
    assert people["VG-10231"].subject == "vg-1001" or people["VG-10231"].department == "Klantenservice"

    take_exam(tool, platform, link["id"], "sanne")
    overview = hr.get_reports("/", by="department", as_of=iso_today())
    assert overview.status_code == 200 and "<svg" in overview.text
    # Klantenservice: Mohammed, Sanne, Eva, Anna, Bram (Chantal left); only Sanne holds a diploma.
    row = overview.text.split("<th scope=\"row\">Klantenservice</th>")[1].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split("<td>")[1:]]
    assert cells[:3] == ["5", "1", "20%"]

    council = reports_user(tool, platform, link, "joost", "works_council")
    aggregate = council.get_reports("/", by="department", as_of=iso_today())
    assert aggregate.status_code == 200 and "—" in aggregate.text
    assert "Financiën</th><td>2" not in aggregate.text  # a group of two is never shown
    assert council.get_reports("/people").status_code == 403
    assert council.get_reports("/export", format="csv").status_code == 403

    manager = reports_user(tool, platform, link, "mohammed")
    team = manager.get_reports("/people", as_of=iso_today())
    assert team.status_code == 200
    assert "Sanne de Vries" in team.text and "Anna Bakker" in team.text and "Dirk Mulder" not in team.text

    employee = reports_user(tool, platform, link, "eva")
    assert employee.get_reports("/").status_code == 403

    export = hr.get_reports("/export", format="csv", as_of=iso_today())
    assert export.status_code == 200 and export.headers["content-type"] == "text/csv; charset=utf-8"
    text = export.content.decode("utf-8-sig")
    with tool.svc.db.session() as db:
        cert = db.scalars(select(Certificate)).one()
    assert cert.id in text and cert.statement_ids[0] in text and "basic@1" in text
    assert text.splitlines()[0].startswith("generated")
    for fmt, magic in (("xlsx", b"PK"), ("pdf", b"%PDF")):
        response = hr.get_reports("/export", format=fmt, as_of=iso_today())
        assert response.status_code == 200 and response.content.startswith(magic)
    check_audit_xlsx(hr.get_reports("/export", format="xlsx", as_of=iso_today()).content, cert.id)
    pdf_text = "".join(page.extract_text() for page in
                       PdfReader(io.BytesIO(hr.get_reports("/export", format="pdf", as_of=iso_today()).content)).pages)
    assert "None" not in pdf_text  # empty cells are empty
    # narrowed: a department, a manager's team, a location, a required level (the form offers what exists)
    form = overview.text.split('action="', 1)[1]
    assert '<option value="Financiën">Financiën</option>' in form and '<option value="VG-10487">' in form
    def names(**narrow: str) -> set[str]:
        csv_text = hr.get_reports("/export", format="csv", as_of=iso_today(), **narrow).content.decode("utf-8-sig")
        lines = csv_text.splitlines()
        return {line.split(",")[1] for line in lines[lines.index("") + 2:]}
    assert names(department="Financiën") == {"Dirk Mulder", "Esra Yilmaz"}
    assert names(manager="VG-10487", location="Groningen") == {"Eva Jansen"}
    assert "Mohammed El Amrani" in names(level="advanced") and "Sanne de Vries" not in names(level="advanced")
    assert names(department="Nergens") == set()
    assert hr.get_reports("/export", format="csv", department="x" * 300).status_code == 400
    reminders = hr.get_reports("/reminders", format="csv", as_of=iso_today())
    assert reminders.status_code == 200 and "Anna Bakker" in reminders.content.decode("utf-8-sig")
    assert "Mohammed El Amrani,mohammed.elamrani@voorbeeldgroep.nl,VG-20001,Anna Bakker" in \
        reminders.content.decode("utf-8-sig")  # one line per reminder with the manager's address: a mail merge
    page = hr.get_reports("/reminders", as_of=iso_today()).text
    team = page.split("Mohammed El Amrani <span", 1)[1].split("</section>", 1)[0]  # his team's section
    assert "mailto:mohammed.elamrani@voorbeeldgroep.nl?subject=" in team and "Anna%20Bakker" in team
    assert "Anna Bakker" in team and "Dirk Mulder" not in team


def check_audit_xlsx(content: bytes, certificate_id: str) -> None:
    """An auditor's XLSX: header in row 1, styled, filtered and frozen; dates are dates and numbers numbers;
    when and how it was made on a sheet of its own."""
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["audit", "export"]
    sheet = book["audit"]
    head = [c.value for c in sheet[1]]
    assert head[:2] == ["employee number", "name"] and sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(head)).column_letter}{sheet.max_row}"
    assert sheet.freeze_panes == "C2"
    rows = {r[head.index("certificate")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    sanne = rows[certificate_id]
    assert isinstance(sanne[head.index("issued")], dt.datetime)  # a date cell (openpyxl reads it as datetime)
    at = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, head.index("certificate") + 1).value
              == certificate_id)
    assert sheet.cell(at, head.index("issued") + 1).number_format == "yyyy-mm-dd"
    late = [r for r in rows.values() if r[head.index("days late")] is not None]
    assert late and all(isinstance(r[head.index("days late")], int) for r in late)
    assert all(sheet.column_dimensions[c].width >= 10 for c in "ABC")
    about = {r[0]: r[1] for r in book["export"].iter_rows(values_only=True)}
    assert {"generated", "as of", "scope"} <= set(about)


def test_role_matrix_is_versioned(tool, platform, course):
    _reg, link = course
    hr = reports_user(tool, platform, link, "priya", "hr")
    page = hr.get_reports("/matrix")
    assert page.status_code == 200 and "teamleider" in page.text
    text = page.text.split('name="matrix"')[1].split(">", 1)[1].split("</textarea>")[0]
    import html

    content = html.unescape(text).replace("2026-06-30", "2026-09-30").replace('effective_from: \'2026-01-01\'',
                                                                             "effective_from: '2026-07-01'")
    saved = hr.post_reports("/matrix", {"matrix": content})
    assert saved.status_code == 303
    assert hr.post_reports("/matrix", {"matrix": "rules: [ {level: master} ]"}).status_code == 400
    assert "version 2" in hr.get_reports("/matrix").text.lower() or "v2" in hr.get_reports("/matrix").text


def test_expiry_is_recorded_as_a_statement_once(tool, platform, course):
    _reg, link = course
    take_exam(tool, platform, link["id"], "eva")
    with tool.svc.db.transaction() as db:
        cert = db.scalars(select(Certificate)).one()
        cert.issued_at = cert.issued_at - dt.timedelta(days=800)
        cert.valid_until = cert.valid_until - dt.timedelta(days=800)
    runner = tool.app.test_cli_runner()
    assert "1 certificates recorded as expired" in runner.invoke(args=["certification", "expire"]).output
    assert "0 certificates recorded as expired" in runner.invoke(args=["certification", "expire"]).output
    with tool.svc.db.session() as db:
        verbs = [s.verb for s in db.scalars(select(Statement))]
    assert sum(1 for v in verbs if v.endswith("/verbs/expired")) == 1


def test_administrative_changes_are_in_the_append_only_audit_log(tool, platform, course):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from lti_tool.db.models import AuditEntry

    _reg, link = course
    hr = reports_user(tool, platform, link, "priya", "hr")  # the grant itself is logged
    import_hr(hr)
    take_exam(tool, platform, link["id"], "eva")
    with tool.svc.db.session() as db:
        cert = db.scalars(select(Certificate)).one()
    hr.post_reports(f"/certificates/{cert.id}/revoke", {"reason": "controle"})
    with tool.svc.db.session() as db:
        actions = [e.action for e in db.scalars(select(AuditEntry).where(NOT_PLATFORM).order_by(AuditEntry.id))]
    assert actions == ["role.granted", "people.imported", "certificate.revoked"]
    page = hr.get_reports("/audit")
    assert page.status_code == 200 and 'data-action="certificate.revoked">certificate revoked<' in page.text
    assert "<li>reason: controle</li>" in page.text and "&#34;reason&#34;" not in page.text  # in words, no JSON
    csv_text = hr.get_reports("/audit", format="csv").content.decode("utf-8-sig")
    assert "controle" in csv_text
    narrowed = hr.get_reports("/audit", action="certificate.revoked", who="priya", since=iso_today(), until=iso_today())
    assert narrowed.text.count('data-action="') == 1
    assert hr.get_reports("/audit", who="nobody-like-this").text.count('data-action="') == 0
    assert hr.get_reports("/audit", until="2000-01-01").text.count('data-action="') == 0
    assert reports_user(tool, platform, link, "eva").get_reports("/audit").status_code == 403
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), tool.svc.db.transaction() as db:
            db.execute(text(statement))
    with tool.svc.db.session() as db:
        assert len(list(db.scalars(select(AuditEntry).where(NOT_PLATFORM)))) == 3
