"""A certificate that is not plainly valid cannot print as valid: the state mark, the note and the logo."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from pypdf import PdfReader

from lti_tool.credentials.pdf import StateMark, certificate_pdf

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
       '<rect width="120" height="40" fill="#164e8c"/></svg>')


def make(language: str = "nl", **overrides) -> tuple[PdfReader, str]:
    values = dict(holder_name="Sanne de Vries", level_name="Basis", organisation="Voorbeeld Groep",
                  issued_on=dt.date(2026, 12, 5), valid_until=dt.date(2028, 12, 5), certificate_id="c-1",
                  verify_url="https://diploma.example.com/verify/c-1", language=language,
                  competences=["Veilig dagelijks gebruik"])
    values.update(overrides)
    reader = PdfReader(io.BytesIO(certificate_pdf(**values)))
    return reader, re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_a_revoked_certificate_is_marked_and_has_no_validity_line():
    mark = StateMark("INGETROKKEN", "Ingetrokken op 6 december 2026: dit certificaat is niet geldig.",
                     "Reden: fraude bij de toets")
    reader, text = make(mark=mark)
    assert "INGETROKKEN" in text  # the watermark
    assert text.count("Ingetrokken op 6 december 2026") == 2  # the band and in place of the validity line
    assert "Ingetrokken op 6 december 2026" in text and "Reden: fraude bij de toets" in text
    assert "Geldig tot en met" not in text
    assert "Uitgereikt op 5 december 2026" in text and "Voorbeeld Groep" in text
    assert reader.metadata.title == "AI-diploma Basis – Sanne de Vries – INGETROKKEN"
    assert "Ingetrokken op 6 december 2026" in reader.metadata.subject
    assert "INGETROKKEN" in reader.metadata.keywords


def test_a_plain_certificate_has_its_validity_line_and_no_mark():
    reader, text = make()
    assert "Geldig tot en met 5 december 2028" in text
    assert reader.metadata.title == "AI-diploma Basis – Sanne de Vries"


def test_an_expiring_certificate_keeps_its_validity_line_with_a_note():
    _reader, text = make("en", level_name="Basic", note="expiring soon: renew it in time")
    assert "Valid until 5 December 2028 (expiring soon: renew it in time)" in text


def test_a_long_reason_is_shrunk_or_cut_but_the_state_stays_on_the_page():
    mark = StateMark("RECERTIFICATION REQUIRED", "Recertification required: valid until 1 March 2027 instead of "
                     "5 December 2028.", "Why: " + "the policy changed in many ways " * 12, ended=False)
    reader, text = make("en", level_name="Basic", mark=mark)
    assert len(reader.pages) == 1
    assert "RECERTIFICATION REQUIRED" in text and "valid until 1 March 2027" in text
    assert "Why: the policy changed" in text and "Valid until 5 December 2028" not in text


def test_the_logo_is_drawn_and_without_an_organisation_name_the_author_is_the_diploma(tmp_path: Path):
    logo = tmp_path / "logo.svg"
    logo.write_text(SVG, encoding="utf-8")
    with_logo = certificate_pdf(holder_name="A", level_name="Basis", organisation="", issued_on=dt.date(2026, 1, 1),
                                valid_until=dt.date(2028, 1, 1), certificate_id="c-2",
                                verify_url="https://diploma.example.com/verify/c-2", language="nl", competences=[],
                                logo=logo)
    without = certificate_pdf(holder_name="A", level_name="Basis", organisation="", issued_on=dt.date(2026, 1, 1),
                              valid_until=dt.date(2028, 1, 1), certificate_id="c-2",
                              verify_url="https://diploma.example.com/verify/c-2", language="nl", competences=[])
    drawn = PdfReader(io.BytesIO(with_logo)).pages[0].get_contents().get_data()
    assert b"0 0 120 40 re f" in drawn  # the SVG's rectangle, drawn as vector paths
    plain = PdfReader(io.BytesIO(without))
    assert b"0 0 120 40 re f" not in plain.pages[0].get_contents().get_data()
    assert plain.metadata.author == "AI-diploma"
