"""GDPR operations: access export, erasure that keeps reports and certificate checks consistent,
and retention."""

from __future__ import annotations

import datetime as dt
import json

import httpx
from sqlalchemy import select

from lti_tool.db.models import Attempt, AuditEntry, Certificate, Person, Response, Statement, utcnow
from lti_tool.outbox import send_statements
from tests.e2e.test_outages import take_exam
from tests.lti_client import NOT_PLATFORM, Browser, create_link, register


def setup_exam(tool, platform, user="sanne"):
    with Browser() as browser:
        reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    take_exam(tool, platform, link["id"], user)
    return link


def test_access_export_lists_everything_held(tool, platform):
    setup_exam(tool, platform)
    result = tool.app.test_cli_runner().invoke(args=["privacy", "export", "--issuer", platform.url,
                                                     "--subject", "vg-1001"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["person"]["name"] == "Sanne de Vries" and data["person"]["email"]
    assert len(data["attempts"]) == 1 and len(data["attempts"][0]["responses"]) == 20
    assert len(data["certificates"]) == 1 and len(data["statements"]) == 45
    assert data["memberships"]


def test_erasure_pseudonymises_but_keeps_reports_and_verification(tool, platform):
    setup_exam(tool, platform)
    with tool.svc.db.session() as db:
        cert_id = db.scalars(select(Certificate)).one().id
    before = httpx.get(f"{tool.url}/verify/{cert_id}", headers={"Accept-Language": "en"})
    assert "Sanne de Vries" in before.text
    result = tool.app.test_cli_runner().invoke(args=["privacy", "erase", "--issuer", platform.url,
                                                     "--subject", "vg-1001", "--yes"])
    assert result.exit_code == 0 and "name, email" in result.output  # no HR file here: no employee number
    with tool.svc.db.session() as db:
        person = db.scalars(select(Person)).one()
        assert (person.name, person.email, person.employee_number) == (None, None, None)
        assert person.department == "Klantenservice"  # aggregates do not shift
        assert all(r.response == [] for r in db.scalars(select(Response)))
        assert db.get(Certificate, cert_id) is not None
        assert [e.action for e in db.scalars(select(AuditEntry).where(NOT_PLATFORM))] == ["person.erased"]
    after = httpx.get(f"{tool.url}/verify/{cert_id}", headers={"Accept-Language": "en"})
    assert after.status_code == 200 and "Sanne de Vries" not in after.text and "valid" in after.text


def test_retention_purges_old_answers_statements_and_leavers(tool, platform, lrs):
    setup_exam(tool, platform)
    assert send_statements(tool.svc.db, tool.svc.settings).sent == 45
    long_ago = utcnow() - dt.timedelta(days=1000)
    with tool.svc.db.transaction() as db:
        for attempt in db.scalars(select(Attempt)):
            attempt.submitted_at = long_ago
        for statement in db.scalars(select(Statement)):
            statement.sent_at = long_ago
        person = db.scalars(select(Person)).one()
        person.left_on = (utcnow() - dt.timedelta(days=800)).date()
    result = tool.app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "purged answers of 20 questions, 43 statements; pseudonymised 1 leavers" in result.output
    with tool.svc.db.session() as db:
        kept = sorted(s.verb.rsplit("/", 1)[-1] for s in db.scalars(select(Statement)))
        assert kept == ["earned", "passed"]  # certification is derived from these
        assert db.scalars(select(Person)).one().name is None
    rebuilt = tool.app.test_cli_runner().invoke(args=["certification", "rebuild", "--from", "journal"])
    assert "1 certificates" in rebuilt.output
