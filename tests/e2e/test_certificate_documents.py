"""Certificates that cannot mislead, over real HTTP: the PDF, the Open Badge and the public verification page
say a certificate's state as of the download (valid, cut short by a recertification decision, revoked) and
name the organisation from the settings. The PDFs' rendered text is read with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import jwt
import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from lti_tool.db.models import Certificate, Person, PolicyVersion
from lti_tool.db.models import utcnow as now
from tests.conftest import RunningTool, running_tool
from tests.e2e.test_authoring import as_user
from tests.e2e.test_certification import reports_user
from tests.e2e.test_governance import governance
from tests.e2e.test_outages import take_exam
from tests.lti_client import STAFF_GRANTS, create_link, register

ORGANISATION = "Voorbeeld Groep"
DECISION = "INFOSEC 2026.2 changes where confidential information may go"


@pytest.fixture
def tool(database_url: str, lrs, tmp_path: Path) -> Iterator[RunningTool]:
    instance = tmp_path / "instance"
    instance.mkdir()
    Image.new("RGB", (240, 80), (22, 78, 140)).save(instance / "logo.png")
    with running_tool(database_url, lrs, instance, organisation_name=ORGANISATION,
                      organisation_logo="logo.png") as running:
        yield running


def read_pdf(response: httpx.Response) -> tuple[PdfReader, str]:
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def badge(user, cert_id: str) -> tuple[str, dict]:
    token = user.browser.get(f"{user.base}/me/certificates/{cert_id}/badge.jwt").text
    return token, jwt.decode(token, options={"verify_signature": False})


def checked(tool, token: str, language: str) -> httpx.Response:
    """The tool's own check of a credential: signature, validity and the revocation status list."""
    return httpx.post(tool.url + "/verify", data={"credential": token}, headers={"Accept-Language": language})


def certificate_of(tool, subject: str) -> Certificate:
    with tool.svc.db.session() as db:
        person = db.scalars(select(Person).where(Person.subject == subject)).one()
        return db.scalars(select(Certificate).where(Certificate.person_id == person.id)).one()


def long_date(day: dt.date) -> str:
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def test_pdf_badge_and_verification_page_say_valid_cut_short_and_revoked(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    link = create_link(platform, reg.client_id)
    take_exam(tool, platform, link["id"], "sanne")
    take_exam(tool, platform, link["id"], "eva")
    sanne, eva = certificate_of(tool, "vg-1001"), certificate_of(tool, "vg-1003")
    sanne_nl = as_user(platform, link, "sanne", "nl")

    # valid: the organisation's name and logo, the validity line, a badge named after level and organisation
    reader, text = read_pdf(sanne_nl.browser.get(f"{sanne_nl.base}/me/certificates/{sanne.id}.pdf"))
    assert ORGANISATION in text and "Sanne de Vries" in text and "Niveau: Basis" in text
    assert f"Geldig tot en met {long_date(sanne.valid_until.date())}" in text
    assert "de organisatie" not in text and "INGETROKKEN" not in text and "HERCERTIFICERING" not in text
    assert reader.metadata.title == "AI-diploma Basis – Sanne de Vries" and reader.metadata.author == ORGANISATION
    assert len(list(reader.pages[0].images)) == 2  # the QR code and the logo
    token, credential = badge(sanne_nl, sanne.id)
    assert credential["name"] == f"AI-diploma Basis — {ORGANISATION}"
    assert credential["issuer"]["name"] == ORGANISATION
    assert credential["credentialSubject"]["achievement"]["name"] == f"AI-diploma Basis — {ORGANISATION}"
    good = checked(tool, token, "nl")
    until = dt.datetime.fromisoformat(credential["validUntil"].replace("Z", "+00:00"))
    assert good.status_code == 200 and f"geldig tot {long_date(until.date())}, {until:%H:%M} UTC" in good.text
    assert credential["validUntil"] not in good.text
    broken = checked(tool, "x" + token, "nl")  # a stray character pasted with it: the text stays for mending
    assert broken.status_code == 422 and "is de hele tekst van het .jwt-bestand geplakt?" in broken.text
    assert f">x{token}</textarea>" in broken.text and "Invalid" not in broken.text
    page = httpx.get(f"{tool.url}/verify/{sanne.id}", headers={"Accept-Language": "nl"})
    assert page.status_code == 200 and ORGANISATION in page.text and 'src="data:image/png;base64,' in page.text
    assert "geldig" in page.text.lower()
    profile = httpx.get(f"{tool.url}/credentials/issuer").json()
    assert profile["name"] == ORGANISATION and profile["image"]["id"].startswith("data:image/png;base64,")

    # L&D cuts basic short; HR revokes Eva's
    due = dt.date.today() + dt.timedelta(days=60)
    with tool.svc.db.session() as db:
        version_id = db.scalars(select(PolicyVersion.id)).first()
    ld = governance(as_user(platform, link, "linda"))
    assert ld.post_gov(f"/policies/versions/{version_id}/recertify",
                       {"level": "basic", "due": due.isoformat(), "reason": DECISION}).status_code == 303
    hr = reports_user(tool, platform, link, "priya", "hr")
    assert hr.post_reports(f"/certificates/{eva.id}/revoke", {"reason": "fraude bij de toets"}).status_code == 303
    revoked_on = now().date()

    # cut short: marked, with the due date and why, never the plain validity line
    reader, text = read_pdf(sanne_nl.browser.get(f"{sanne_nl.base}/me/certificates/{sanne.id}.pdf"))
    assert "HERCERTIFICERING VEREIST" in text and f"geldig tot en met {long_date(due)}" in text
    assert f"Waarom: {DECISION}" in text and ORGANISATION in text
    assert f"Geldig tot en met {long_date(sanne.valid_until.date())}" not in text
    assert "HERCERTIFICERING VEREIST" in reader.metadata.title
    token, credential = badge(sanne_nl, sanne.id)
    assert credential["name"] == f"AI-diploma Basis — {ORGANISATION} (hercertificering vereist)"
    assert DECISION in credential["description"] and credential["validUntil"].startswith(due.isoformat())
    assert checked(tool, token, "nl").status_code == 200  # still in force until the due date
    page = httpx.get(f"{tool.url}/verify/{sanne.id}", headers={"Accept-Language": "nl"})
    assert "hercertificering vereist" in page.text and due.isoformat() in page.text and DECISION in page.text

    # revoked: marked in both languages, never "valid until"; the reason stays off documents that get shown around
    eva_nl, eva_en = as_user(platform, link, "eva", "nl"), as_user(platform, link, "eva", "en")
    reader, text = read_pdf(eva_nl.browser.get(f"{eva_nl.base}/me/certificates/{eva.id}.pdf"))
    assert "INGETROKKEN" in text and f"Ingetrokken op {long_date(revoked_on)}" in text
    assert "fraude" not in text and ORGANISATION in text and "Eva Jansen" in text
    assert "Geldig tot en met" not in text
    assert reader.metadata.title.endswith("– INGETROKKEN") and "INGETROKKEN" in reader.metadata.subject
    _reader, text = read_pdf(eva_en.browser.get(f"{eva_en.base}/me/certificates/{eva.id}.pdf"))
    assert "REVOKED" in text and "Revoked on" in text and "Valid until" not in text and ORGANISATION in text
    token, credential = badge(eva_nl, eva.id)
    assert credential["name"] == f"AI-diploma Basis — {ORGANISATION} (ingetrokken)"
    assert "fraude" not in credential["description"]
    assert dt.datetime.fromisoformat(credential["validUntil"]) <= now() + dt.timedelta(seconds=1)
    refused = checked(tool, token, "en")
    assert refused.status_code == 422 and "revoked" in refused.text  # the status list says so too
    page = httpx.get(f"{tool.url}/verify/{eva.id}", headers={"Accept-Language": "nl"})
    assert page.status_code == 200 and "ingetrokken" in page.text and "fraude" not in page.text
    english = httpx.get(f"{tool.url}/verify/{eva.id}", headers={"Accept-Language": "en"})
    assert "Revoked on" in english.text and revoked_on.isoformat() in english.text
