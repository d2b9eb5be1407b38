"""File downloads of report data: CSV (spreadsheet formulas defused) and any attachment."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from flask import Response
from flask_babel import gettext as _

from ..db.models import utcnow


def download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, content_type=mimetype)  # as given: a mimetype would get a second charset
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _defuse(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula; numbers stay numbers (a negative one too)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def csv_response(filename: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 filters: Mapping[str, str]) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("generated"), utcnow().isoformat(timespec="seconds")])
    for name, value in filters.items():
        writer.writerow([name, value])
    writer.writerow([])
    writer.writerow([_defuse(v) for v in header])  # headers may hold a group's name
    writer.writerows([[_defuse(v) for v in row] for row in rows])
    return download(buffer.getvalue().encode("utf-8-sig"), filename, "text/csv; charset=utf-8")
