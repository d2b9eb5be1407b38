"""A refused form loses nothing: the error page shows what was typed and links back to the form, which
gets the values again (for the signed-in person only, never the CSRF token, never in the URL)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from lti_tool.db.models import Certificate, Person
from tests.e2e.test_certification import course, import_hr, reports_user  # noqa: F401  (course is a fixture)

REASON = "Fraude bij de toets vastgesteld door de examencommissie; zie dossier 2026-118. " * 55  # 4,455 characters


def back_link(page: str) -> str | None:
    found = re.search(r'<a class="button" href="([^"]*kept=[^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def kept_json(page: str) -> dict | None:
    found = re.search(r'<script type="application/json" id="kept-input">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else None


def certificate_for(tool, employee_number: str) -> str:
    """A basic certificate of the person (issued a month ago), as the projection holds it."""
    now = dt.datetime.now(dt.UTC)
    with tool.svc.db.transaction() as db:
        person = db.scalars(select(Person).where(Person.employee_number == employee_number)).one()
        cert = Certificate(id=uuid.uuid4().hex, platform_id=person.platform_id, person_id=person.id, level="basic",
                           issued_at=now - dt.timedelta(days=30), valid_until=now + dt.timedelta(days=700),
                           statement_ids=[])
        db.add(cert)
        return cert.id


def revoked(tool, certificate_id: str) -> bool:
    with tool.svc.db.session() as db:
        return db.get(Certificate, certificate_id).revoked_at is not None


def test_a_refused_revocation_comes_back_to_its_form_with_what_was_typed(tool, platform, course):  # noqa: F811
    _reg, link = course
    hr = reports_user(tool, platform, link, "priya", "hr")
    import_hr(hr)
    certificate = certificate_for(tool, "VG-20001")  # Anna Bakker
    form_page = urlsplit(hr.base).path + "/reports/people?q=Anna"
    assert f"/certificates/{certificate}/revoke" in hr.get_reports("/people", q="Anna").text

    refused = hr.post_reports(f"/certificates/{certificate}/revoke", {"reason": REASON, "_from": form_page})
    assert refused.status_code == 400
    assert f"{len(REASON.strip())} characters long" in refused.text  # what was wrong, in words
    assert html.escape(REASON.strip(), quote=False)[:200] in refused.text  # what was typed, on the page itself
    back = back_link(refused.text)
    assert back and urlsplit(back).path == urlsplit(form_page).path and "q=Anna" in back
    assert hr.token not in back and not revoked(tool, certificate)

    again = hr.browser.get(urljoin(hr.base, back))
    assert again.status_code == 200 and "Anna Bakker" in again.text
    kept = kept_json(again.text)
    assert kept == {"action": urlsplit(hr.base).path + f"/reports/certificates/{certificate}/revoke",
                    "fields": {"reason": [REASON]}}
    assert hr.token not in again.text.split('id="kept-input"')[1].split("</script>")[0]  # no CSRF token kept
    assert 'id="kept-notice"' in again.text

    # the token is the person's own: another HR officer following the link gets the plain page
    other = reports_user(tool, platform, link, "joost", "hr")
    token = dict(p.split("=", 1) for p in urlsplit(back).query.split("&"))["kept"]
    stolen = other.get_reports("/people", q="Anna", kept=token)
    assert stolen.status_code == 200 and "Anna Bakker" in stolen.text and kept_json(stolen.text) is None


def test_without_the_page_it_came_from_the_typed_text_stays_on_the_error_page(tool, platform, course):  # noqa: F811
    _reg, link = course
    hr = reports_user(tool, platform, link, "priya", "hr")
    import_hr(hr)
    certificate = certificate_for(tool, "VG-20001")
    # no script on the page: no _from; the revoke address answers POST only, so there is no way back to link to
    refused = hr.post_reports(f"/certificates/{certificate}/revoke", {"reason": REASON})
    assert refused.status_code == 400 and back_link(refused.text) is None
    assert '<details class="typed" open>' in refused.text
    assert html.escape(REASON.strip(), quote=False)[:200] in refused.text
