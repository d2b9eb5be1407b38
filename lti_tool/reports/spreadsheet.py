"""XLSX downloads an auditor can work with: typed cells (numbers stay numbers, dates are dates), a styled
header with a filter on every column and frozen panes, column widths that fit, and what the export was made
from on a sheet of its own. Text never runs as a formula (``TYPE_STRING``), a header that holds a group's
name included."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

#: the widest a column gets (characters); longer cells wrap in the spreadsheet
MAX_WIDTH = 60


def workbook(header: Sequence[str], rows: Sequence[Sequence[Any]], title: str,
             about: Mapping[str, str] | None = None, about_title: str = "about", freeze: str = "B2") -> bytes:
    """One data sheet ``title`` (header in row 1) and, when ``about`` is given, a second sheet with its
    name/value pairs (when it was generated, the filters)."""
    from openpyxl import Workbook  # slow to import (≈0.2 s) and only needed here
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([_cell(v) for v in header])
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    _type_cells(sheet)
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(name, (r[index - 1] for r in rows))
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        sheet.freeze_panes = freeze
    if about is not None:
        info = book.create_sheet(about_title[:31])
        for name, value in about.items():
            info.append([_cell(name), _cell(value)])
        for cell in info["A"]:
            cell.font = Font(bold=True)
        _type_cells(info)
        info.column_dimensions["A"].width = _width("", about.keys())
        info.column_dimensions["B"].width = _width("", about.values())
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Numbers, dates and empty cells as they are; anything else as its text."""
    if value is None or (isinstance(value, int | float | dt.date) and not isinstance(value, bool)):
        return value
    return str(value)


def _type_cells(sheet: Any) -> None:
    from openpyxl.cell.cell import TYPE_STRING

    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula
            elif isinstance(cell.value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def _width(name: Any, values: Any) -> float:
    longest = max([len(str(name))] + [len(_shown(v)) for v in values if v is not None], default=8)
    return min(max(10, longest + 2), MAX_WIDTH)


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
