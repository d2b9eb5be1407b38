"""Layout of the report PDFs (audit export, board summary): fonts, "page N of M" on every page, and table
columns sized from their content so a header wraps only between its words.

fpdf2 breaks a word in the middle when it is wider than its column ("personeelsn/ummer"); so every column is at
least as wide as the widest word of its header. Cells get what is left, in proportion to how much they need;
a cell longer than its column wraps (a single very long token, such as a list of statement ids, may break).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

FONT_SIZE = 8  # points, table text
PADDING = 1.0  # mm, each side of a cell
SPARE = 1.5  # mm a column gets beyond its measured text, so rounding never pushes a word to the next line
LONGEST_CELL = 70.0  # mm: a column never asks for more than this; longer cells wrap
MARGIN = 10.0  # mm, left and right page margin


def new_pdf(title: str, landscape: bool = False) -> Any:
    """An A4 document with DejaVu Sans (core Helvetica without it) and "page N of M" at the foot of every page."""
    from fpdf import FPDF  # slow to import and only needed for PDF

    from ..credentials.pdf import BOLD, REGULAR, find_font_dir  # imports fpdf too

    page_text = _("page %(n)s of %(total)s", n="{n}", total="{nb}")

    class ReportPDF(FPDF):  # type: ignore[misc]
        family = "Helvetica"

        def footer(self) -> None:
            self.set_y(-10)
            self.set_font(self.family, size=7)
            self.cell(0, 5, page_text.replace("{n}", str(self.page_no())), align="R")

    pdf = ReportPDF(orientation="L" if landscape else "P", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_title(title)
    pdf.alias_nb_pages("{nb}")
    fonts = find_font_dir()
    if fonts is not None:
        pdf.add_font("DejaVu", "", str(fonts / REGULAR))
        pdf.add_font("DejaVu", "B", str(fonts / BOLD))
        pdf.family = "DejaVu"
    return pdf


def printable(pdf: Any, text: str) -> str:
    """``text`` as the document's font can print it (core fonts are latin-1 only)."""
    return text if pdf.family == "DejaVu" else text.encode("latin-1", "replace").decode("latin-1")


def text_width(pdf: Any, text: str, bold: bool = False, size: float = FONT_SIZE) -> float:
    pdf.set_font(pdf.family, "B" if bold else "", size)
    return float(pdf.get_string_width(text))


def _longest_word(pdf: Any, text: str, bold: bool, size: float) -> float:
    return max((text_width(pdf, word, bold, size) for word in text.split()), default=0.0)


def column_widths(pdf: Any, header: Sequence[str], rows: Sequence[Sequence[str]], available: float,
                  size: float = FONT_SIZE) -> list[float] | None:
    """Widths (mm) of the columns in ``available`` mm: each at least its header's widest word; the rest shared
    in proportion to what each column's longest text still needs. ``None`` when the header words do not fit."""
    extra = 2 * PADDING + SPARE
    least = [_longest_word(pdf, h, True, size) + extra for h in header]
    wanted = []
    for i, h in enumerate(header):
        cells = max((text_width(pdf, row[i], False, size) for row in rows), default=0.0)
        wanted.append(max(least[i], min(max(text_width(pdf, h, True, size), cells) + extra, LONGEST_CELL)))
    if sum(least) > available:
        return None
    if sum(wanted) <= available:  # everything fits on one line: spread the spare room evenly
        spare = (available - sum(wanted)) / len(wanted)
        return [w + spare for w in wanted]
    room = (available - sum(least)) / (sum(wanted) - sum(least))
    return [lo + (w - lo) * room for lo, w in zip(least, wanted, strict=True)]


def table_layout(pdf_factory: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[Any, list[float],
                                                                                                    float]:
    """A new document (portrait when the table fits, else landscape), the column widths and the font size:
    the size shrinks (down to 6 pt) only when the header words do not fit a landscape page."""
    for landscape in (False, True):
        pdf = pdf_factory(landscape)
        available = pdf.w - 2 * MARGIN - 0.01
        for size in ((FONT_SIZE,) if not landscape else (FONT_SIZE, 7, 6)):
            widths = column_widths(pdf, header, rows, available, size)
            natural = widths is not None and (landscape or _fits_naturally(pdf, header, rows, available, size))
            if widths is not None and natural:
                return pdf, widths, size
    widths = [(pdf.w - 2 * MARGIN) / len(header)] * len(header)
    return pdf, widths, 6


def _fits_naturally(pdf: Any, header: Sequence[str], rows: Sequence[Sequence[str]], available: float,
                    size: float) -> bool:
    """Portrait only when no column must squeeze below what its cells ask for."""
    extra = 2 * PADDING + SPARE
    need = sum(max(text_width(pdf, h, True, size) / 2, max((text_width(pdf, r[i], False, size) for r in rows),
                                                          default=0.0)) + extra
               for i, h in enumerate(header))
    return need <= available


def write_table(pdf: Any, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                size: float) -> None:
    """The table, its header row repeated at the top of every page."""
    pdf.set_font(pdf.family, size=size)
    width = min(sum(widths), pdf.epw)  # the sum may overshoot the page width by a rounding error
    with pdf.table(width=width, col_widths=tuple(widths), text_align="LEFT", line_height=size * 0.5,
                   padding=PADDING, repeat_headings=1, align="LEFT") as table:
        head = table.row()
        for name in header:
            head.cell(name)
        for row in rows:
            line = table.row()
            for value in row:
                line.cell(value)


def heading(pdf: Any, text: str, size: float = 14) -> None:
    pdf.set_font(pdf.family, "B", size)
    pdf.multi_cell(0, size * 0.5, printable(pdf, text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def pairs(pdf: Any, items: Sequence[tuple[str, str]], size: float = 9) -> None:
    """"label: value" lines, each wrapping within the page."""
    pdf.set_font(pdf.family, "", size)
    for label, value in items:
        pdf.multi_cell(0, size * 0.55, printable(pdf, f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
