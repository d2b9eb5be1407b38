"""The printable diploma: an A4 landscape PDF certificate with a QR code to the verification page.

fpdf2 draws it; segno makes the QR code (PNG in memory). Text is set in DejaVu Sans when the font exists (Debian
package ``fonts-dejavu-core``: any Unicode name prints); without it the PDF core font Helvetica is used and
text outside Latin-1 is transliterated (``ë``, ``é``, ``ß`` are Latin-1 and stay as they are). The output is
deterministic for the same input (creation date = issue date), so it can be cached or compared.

A certificate that is not plainly valid on the day it is downloaded carries a :class:`StateMark`: a red band at
the top and a large diagonal watermark with the state, its validity line replaced by the state (and why), and the
state in its title and subject; the caller words it in the document's language. The organisation's logo (PNG or
SVG, checked at start by ``lti_tool.settings``) is printed top left when given.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)
REGULAR, BOLD = "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"

MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}

TEXTS = {
    "nl": {
        "title": "AI-diploma",
        "level": "Niveau",
        "awarded": "uitgereikt aan",
        "by": "door",
        "issued": "Uitgereikt op",
        "valid": "Geldig tot en met",
        "competences": "Aangetoonde competenties",
        "more": "en nog {n} andere",
        "id": "Certificaatnummer",
        "verify": "Controleer dit diploma",
        "subject": "Intern AI-diploma (AI-geletterdheid, EU AI-verordening artikel 4)",
    },
    "en": {
        "title": "AI diploma",
        "level": "Level",
        "awarded": "awarded to",
        "by": "by",
        "issued": "Issued on",
        "valid": "Valid until",
        "competences": "Competences demonstrated",
        "more": "and {n} more",
        "id": "Certificate ID",
        "verify": "Verify this diploma",
        "subject": "Internal AI diploma (AI literacy, EU AI Act Article 4)",
    },
}

@dataclass(frozen=True)
class StateMark:
    """How a certificate that is not plainly valid is marked, in the document's language."""

    #: one or two words, printed large across the page and in the title: "INGETROKKEN", "EXPIRED"
    banner: str
    #: replaces the validity line: "Ingetrokken op 5 december 2026"
    line: str
    #: why, when known: "Reden: …"
    detail: str = ""
    #: red for an ended certificate, amber for one still in force (cut short)
    ended: bool = True


INK = (33, 37, 41)
ALERT = (176, 0, 32)
CAUTION = (138, 75, 0)
MUTED = (96, 103, 112)
ACCENT = (22, 78, 140)
MAX_COMPETENCES = 10

#: typographic characters outside Latin-1 and their plain replacements (core-font fallback only)
_PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-",
                        "·": "-", "€": "EUR", "\u00a0": " "})


def format_date(value: dt.date, language: str) -> str:
    """``29 november 2026`` (nl) or ``29 November 2026`` (en)."""
    return f"{value.day} {MONTHS[language][value.month - 1]} {value.year}"


def find_font_dir() -> Path | None:
    """The directory holding DejaVu Sans regular and bold, or None."""
    for directory in FONT_DIRS:
        if (directory / REGULAR).is_file() and (directory / BOLD).is_file():
            return directory
    return None


class _Certificate(FPDF):
    def __init__(self, font_dir: Path | None) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.unicode = font_dir is not None
        if font_dir is not None:
            self.add_font("DejaVu", "", str(font_dir / REGULAR))
            self.add_font("DejaVu", "B", str(font_dir / BOLD))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)

    def safe(self, text: str) -> str:
        if self.unicode:
            return text
        plain = str(text).translate(_PLAIN)
        out = []
        for char in plain:
            if ord(char) < 256:
                out.append(char)
            else:
                stripped = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
                out.append(stripped or "?")
        return "".join(out)

    def style(self, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*color)

    def centred(self, y: float, text: str, size: float, *, bold: bool = False, color=INK, width: float = 237,
                min_size: float = 10) -> None:
        """One line centred on the page, shrunk until it fits ``width``."""
        text = self.safe(text)
        self.style(size, bold, color)
        while self.get_string_width(text) > width and size > min_size:
            size -= 1
            self.style(size, bold, color)
        self.set_xy((self.w - width) / 2, y)
        self.cell(width, size * 0.45, text, align="C")


def _qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=0, dark="#16324f")
    return buffer.getvalue()


def _metadata(pdf: _Certificate, t: Mapping[str, str], *, holder_name: str, level_name: str, organisation: str,
              certificate_id: str, language: str, issued_on: dt.date, mark: StateMark | None) -> None:
    """Document properties: title, author, subject, keywords, language and the issue date as creation date;
    a marked certificate says its state in the title, subject and keywords."""
    title = f"{t['title']} {level_name} – {holder_name}"
    state = f" – {mark.banner}" if mark else ""
    pdf.set_title(pdf.safe(title + state))
    pdf.set_author(pdf.safe(organisation or t["title"]))
    pdf.set_subject(pdf.safe(f"{t['subject']}{state}" + (f": {mark.line}" if mark else "")))
    pdf.set_keywords(pdf.safe(f"{t['title']}, {level_name}, {certificate_id}" + (f", {mark.banner}" if mark else "")))
    pdf.set_creator("AI diploma LTI tool")
    pdf.set_lang("nl-NL" if language == "nl" else "en-GB")
    pdf.set_creation_date(dt.datetime(issued_on.year, issued_on.month, issued_on.day, tzinfo=dt.UTC))


def _frame(pdf: _Certificate) -> None:
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    pdf.set_fill_color(*ACCENT)
    pdf.rect(13, 13, pdf.w - 26, 4, style="F")


def _state_band(pdf: _Certificate, mark: StateMark) -> None:
    """The state across the top band and, large and light, diagonally across the page."""
    colour = ALERT if mark.ended else CAUTION
    pdf.set_fill_color(*colour)
    pdf.rect(13, 13, pdf.w - 26, 9, style="F")
    band = mark.line if mark.line.upper().startswith(mark.banner) else f"{mark.banner} – {mark.line}"
    pdf.centred(15.5, band, 11, bold=True, color=(255, 255, 255), width=pdf.w - 40)
    with pdf.local_context(fill_opacity=0.13, text_color=colour), pdf.rotation(24, pdf.w / 2, pdf.h / 2):
        pdf.centred(pdf.h / 2 - 14, mark.banner, 96, bold=True, color=colour, width=pdf.w - 40, min_size=40)


def _logo(pdf: _Certificate, logo: Path) -> None:
    """The organisation's logo, top left, at most 40 × 14 mm."""
    pdf.image(str(logo), x=20, y=24, h=14, keep_aspect_ratio=True, w=40)


def _heading(pdf: _Certificate, t: Mapping[str, str], organisation: str, level_name: str, holder_name: str,
             narrow: bool) -> None:
    """Organisation, title, level and holder, centred, with a rule under them (the organisation's line
    narrower when a logo sits beside it)."""
    pdf.centred(28, organisation, 13, color=MUTED, width=170 if narrow else 237)
    pdf.centred(40, t["title"], 34, bold=True, color=ACCENT)
    pdf.centred(58, f"{t['level']}: {level_name}", 16, bold=True)
    pdf.centred(72, t["awarded"], 12, color=MUTED)
    pdf.centred(80, holder_name, 26, bold=True)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.line(78, 96, pdf.w - 78, 96)


def _competences(pdf: _Certificate, t: Mapping[str, str], competences: Sequence[str], left: float, top: float,
                 bottom: float = 172.0) -> None:
    """The bulleted competences (left), at most ``MAX_COMPETENCES`` and what fits, then "and N more"."""
    pdf.style(11, bold=True, color=ACCENT)
    pdf.set_xy(left, top)
    pdf.cell(150, 6, pdf.safe(t["competences"]))
    pdf.style(10)
    bullet = "•" if pdf.unicode else "-"
    y, line = top + 8, 5.0
    for number, competence in enumerate(competences):
        text = pdf.safe(competence)
        needed = len(pdf.multi_cell(155, line, text, dry_run=True, output="LINES")) * line + 1
        rest = len(competences) - number
        # keep one line free for "and N more" unless this is the last competence and it fits
        if number >= MAX_COMPETENCES or y + needed > bottom - (0 if rest == 1 else line + 1):
            pdf.set_xy(left + 5, y)
            pdf.set_text_color(*MUTED)
            pdf.cell(155, line, pdf.safe(t["more"].format(n=rest)))
            break
        pdf.set_xy(left, y)
        pdf.cell(5, line, bullet)
        pdf.set_xy(left + 5, y)
        pdf.multi_cell(155, line, text, align="L")
        y = pdf.get_y() + 1


def _verification_qr(pdf: _Certificate, t: Mapping[str, str], verify_url: str, top: float) -> None:
    """The QR code to the verification page (right) with its caption."""
    qr_size = 42
    qr_x, qr_y = pdf.w - 26 - qr_size, top
    pdf.image(io.BytesIO(_qr_png(verify_url)), x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    pdf.style(9, bold=True, color=ACCENT)
    pdf.set_xy(qr_x - 14, qr_y + qr_size + 2)
    pdf.cell(qr_size + 28, 5, pdf.safe(t["verify"]), align="C")


def _fitted(pdf: _Certificate, text: str, width: float, size: float, min_size: float, bold: bool,
            color: tuple[int, int, int]) -> str:
    """``text`` shrunk to fit ``width`` down to ``min_size``, then cut with an ellipsis."""
    text = pdf.safe(text)
    pdf.style(size, bold, color)
    while pdf.get_string_width(text) > width and size > min_size:
        size -= 0.5
        pdf.style(size, bold, color)
    ellipsis = pdf.safe("…")
    while pdf.get_string_width(text) > width and len(text) > 1:
        text = text[:-2].rstrip() + ellipsis
    return text


def _validity(pdf: _Certificate, t: Mapping[str, str], valid_until: dt.date, language: str,
              mark: StateMark | None, note: str) -> None:
    """The validity line (and a note such as "expiring soon"), or in its place the state (bold, in colour) and
    why."""
    if mark is None:
        pdf.style(10)
        pdf.set_xy(26, 182)
        pdf.cell(120, 5, _fitted(pdf, f"{t['valid']} {format_date(valid_until, language)}"
                                 + (f" ({note})" if note else ""), 120, 10, 7, False, CAUTION if note else INK))
        return
    colour = ALERT if mark.ended else CAUTION
    width = 180  # up to the QR code's caption
    line = _fitted(pdf, mark.line, width, 11, 7, True, colour)
    pdf.set_xy(26, 176 if mark.detail else 182)
    pdf.cell(width, 5, line)
    if mark.detail:
        detail = _fitted(pdf, mark.detail, width, 9, 6, False, colour)
        pdf.set_xy(26, 182)
        pdf.cell(width, 5, detail)


def _footer(pdf: _Certificate, t: Mapping[str, str], *, issued_on: dt.date, valid_until: dt.date,
            certificate_id: str, verify_url: str, language: str, mark: StateMark | None, note: str) -> None:
    """Dates (or the state), certificate id and the verification URL (smaller when long)."""
    pdf.style(10)
    pdf.set_xy(26, 170 if mark and mark.detail else 176)
    pdf.cell(120, 5, pdf.safe(f"{t['issued']} {format_date(issued_on, language)}"))
    _validity(pdf, t, valid_until, language, mark, note)
    pdf.style(8, color=MUTED)
    pdf.set_xy(26, 188)
    pdf.cell(120, 4, pdf.safe(f"{t['id']}: {certificate_id}"))
    pdf.set_xy(150, 188)
    pdf.set_font(pdf.family, "", 8 if pdf.get_string_width(verify_url) < 120 else 6)
    pdf.cell(121, 4, pdf.safe(verify_url), align="R", link=verify_url)


def certificate_pdf(
    *,
    holder_name: str,
    level_name: str,
    organisation: str,
    issued_on: dt.date,
    valid_until: dt.date,
    certificate_id: str,
    verify_url: str,
    language: str,
    competences: Sequence[str],
    mark: StateMark | None = None,
    note: str = "",
    logo: Path | None = None,
) -> bytes:
    """The diploma as PDF bytes (A4 landscape), in Dutch (``nl``) or English (``en``); ``mark`` when it is not
    plainly valid (revoked, expired, cut short), ``note`` after the validity line of a valid one (expiring soon),
    ``logo`` the organisation's PNG or SVG."""
    if language not in TEXTS:
        raise ValueError("language must be 'nl' or 'en'")
    t = TEXTS[language]
    pdf = _Certificate(find_font_dir())
    _metadata(pdf, t, holder_name=holder_name, level_name=level_name, organisation=organisation,
              certificate_id=certificate_id, language=language, issued_on=issued_on, mark=mark)
    pdf.add_page()
    _frame(pdf)
    if logo is not None:
        _logo(pdf, logo)
    _heading(pdf, t, organisation, level_name, holder_name, narrow=logo is not None)
    left, top = 26, 104
    _competences(pdf, t, competences, left, top, 166.0 if mark and mark.detail else 172.0)
    _verification_qr(pdf, t, verify_url, top)
    _footer(pdf, t, issued_on=issued_on, valid_until=valid_until, certificate_id=certificate_id,
            verify_url=verify_url, language=language, mark=mark, note=note)
    if mark is not None:
        _state_band(pdf, mark)  # last: the watermark lies over everything
    return bytes(pdf.output())


__all__ = ["StateMark", "certificate_pdf", "find_font_dir", "format_date"]
