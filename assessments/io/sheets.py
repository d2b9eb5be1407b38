"""Reading a spreadsheet upload, shared by the item importer (``tabular``) and the HR importer (``hr``):
CSV text (UTF-8 with or without BOM, ``,`` or ``;`` detected from the header row) and the first sheet of
an XLSX workbook (the package checked against zip bombs first), as a header row and located rows; and the
formula defusing of exported cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..problems import Problem, place
from . import LineError
from .safe import PackageError, read_zip

#: a cell starting with one of these is a formula to spreadsheet programs (CSV injection)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """Prefix a formula-like text with ``'`` so a spreadsheet shows it as text; ``revive`` undoes it."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def revive(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


@dataclass
class Sheet:
    header: list[Any]
    #: (location such as "items.csv line 7" or "hr.xlsx row 7", cell values)
    rows: list[tuple[str, list[Any]]]


def _always(values: Sequence[Any]) -> bool:
    return True


def decode_utf8(data: str | bytes | bytearray) -> str | None:
    """The text of an upload without BOM; None when it is not UTF-8."""
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    return data.lstrip("\ufeff")


def read_csv(text: str, filename: str, *, what: str, max_rows: int, cell: Callable[[str], Any] = str,
             counts: Callable[[Sequence[Any]], bool] = _always) -> Sheet | LineError:
    """The header and the rows of CSV text, or the first problem. ``what`` is one row ("question"); reading
    stops after ``max_rows`` + 1 rows (the caller reports too many), counting rows for which ``counts`` holds."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return LineError(place("file", file=filename), Problem(f"sheet.empty_{what}"))
    except csv.Error as exc:
        return LineError(place("file_line", file=filename, line=1), Problem("sheet.header_unreadable", error=exc))
    rows: list[tuple[str, list[Any]]] = []
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            return LineError(place("file_line", file=filename, line=start), Problem("sheet.line_unreadable", error=exc))
        rows.append((place("file_line", file=filename, line=start), [cell(v) for v in values]))
        start = reader.line_num + 1
        if len(rows) > max_rows + 1 and counts(values):
            break
    return Sheet(header, rows)


def read_xlsx(data: bytes, filename: str, *, what: str, not_xlsx: str, max_rows: int,
              counts: Callable[[Sequence[Any]], bool] = _always, max_total: int | None = None
              ) -> Sheet | list[LineError]:
    """The header and rows of the first sheet (values, not formulas), or the problems; ``not_xlsx`` is the
    message for a file that is not a zip at all."""
    from openpyxl import load_workbook  # openpyxl is slow to import and only needed for XLSX

    try:  # refuse zip bombs and odd paths before openpyxl unpacks anything
        read_zip(data, filename) if max_total is None else read_zip(data, filename, max_total=max_total)
    except PackageError as exc:
        return [LineError(place("file", file=filename), not_xlsx) if "not a zip file" in e.message else e
                for e in exc.errors]
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        return [LineError(place("file", file=filename), Problem("sheet.xlsx_unreadable", error=type(exc).__name__))]
    try:
        try:  # a damaged workbook can fail while its sheets and rows are read, not only when it is opened
            iterator = workbook.worksheets[0].iter_rows(values_only=True)
            header = next(iterator, None)
        except Exception as exc:  # openpyxl raises many types for broken files
            return [LineError(place("file", file=filename), Problem("sheet.xlsx_damaged", error=type(exc).__name__))]
        if header is None:
            return [LineError(place("file", file=filename), Problem(f"sheet.xlsx_empty_{what}"))]
        rows: list[tuple[str, list[Any]]] = []
        try:
            for number, values in enumerate(iterator, 2):
                cells = list(values)
                rows.append((place("file_row", file=filename, row=number), cells))
                if len(rows) > max_rows + 1 and counts(cells):
                    break
        except Exception as exc:  # openpyxl raises many types for broken files
            return [LineError(place("file", file=filename), Problem("sheet.xlsx_damaged", error=type(exc).__name__))]
        return Sheet(list(header), rows)
    finally:
        workbook.close()
