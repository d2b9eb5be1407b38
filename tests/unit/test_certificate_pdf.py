"""The printable diploma: text, dates per language, metadata, QR code, and the core-font fallback."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from lti_tool.credentials import pdf as certificate
from lti_tool.credentials.pdf import certificate_pdf, format_date

VERIFY = "https://diploma.example.com/verify/c-7f3a9e21"


def _make(language: str, holder: str = "Zoë van den Berg", **overrides) -> bytes:
    values = dict(
        holder_name=holder,
        level_name="Gevorderd" if language == "nl" else "Advanced",
        organisation="Voorbeeld Zorggroep B.V.",
        issued_on=dt.date(2026, 11, 29),
        valid_until=dt.date(2028, 3, 1),
        certificate_id="c-7f3a9e21",
        verify_url=VERIFY,
        language=language,
        competences=["Gegevens en vertrouwelijkheid", "Bronnen controleren"] if language == "nl"
        else ["Data and confidentiality", "Checking sources"],
    )
    values.update(overrides)
    return certificate_pdf(**values)


def _read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"[ \t]+", " ", text)


def test_dutch_certificate():
    reader, text = _read(_make("nl"))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape in points
    assert "AI-diploma" in text
    assert "Niveau: Gevorderd" in text
    assert "Zoë van den Berg" in text
    assert "Uitgereikt op 29 november 2026" in text
    assert "Geldig tot en met 1 maart 2028" in text
    assert "Gegevens en vertrouwelijkheid" in text
    assert "c-7f3a9e21" in text
    assert VERIFY in text
    meta = reader.metadata
    assert meta.title == "AI-diploma Gevorderd – Zoë van den Berg"
    assert meta.author == "Voorbeeld Zorggroep B.V."
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"


def test_english_certificate():
    reader, text = _read(_make("en", holder="Anouk de Vries"))
    assert "AI diploma" in text and "AI-diploma" not in text
    assert "Level: Advanced" in text
    assert "Anouk de Vries" in text
    assert "Issued on 29 November 2026" in text
    assert "Valid until 1 March 2028" in text
    assert "november" not in text
    assert "Checking sources" in text
    assert "c-7f3a9e21" in text and VERIFY in text
    assert reader.metadata.title == "AI diploma Advanced – Anouk de Vries"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_qr_code_and_link_are_embedded():
    reader, _ = _read(_make("en"))
    page = reader.pages[0]
    images = list(page.images)
    assert len(images) == 1  # the QR code
    links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    assert VERIFY in links


def test_deterministic_and_many_competences():
    many = [f"Competence {i}" for i in range(1, 15)]
    first = _make("en", competences=many)
    assert first == _make("en", competences=many)
    _, text = _read(first)
    assert "Competence 9" in text and "Competence 10" not in text
    assert "and 5 more" in text


def test_long_name_still_fits_and_unicode_prints():
    name = "Şükrü Çelik-Ørsted " * 4
    _, text = _read(_make("nl", holder=name.strip()))
    assert "Şükrü Çelik-Ørsted" in text


def test_without_dejavu_falls_back_to_helvetica(monkeypatch, tmp_path):
    monkeypatch.setattr(certificate, "FONT_DIRS", (tmp_path,))
    assert certificate.find_font_dir() is None
    data = _make("nl", holder="Zoë Şahin – Ørsted", competences=["Risico’s herkennen"])
    reader, text = _read(data)
    fonts = {f["/BaseFont"] for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert all("Helvetica" in str(f) for f in fonts)
    assert "Zoë Sahin - Ørsted" in text  # ë and Ø are Latin-1; Ş is transliterated, the dash made plain
    assert "Uitgereikt op 29 november 2026" in text
    assert "Risico's herkennen" in text


def test_format_date_and_bad_language():
    assert format_date(dt.date(2026, 11, 29), "nl") == "29 november 2026"
    assert format_date(dt.date(2026, 5, 1), "en") == "1 May 2026"
    with pytest.raises(ValueError):
        _make("de")
