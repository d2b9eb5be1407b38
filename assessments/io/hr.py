"""HR system exports (CSV or XLSX): one row per employee, read into person records.

All-or-nothing, like the other importers: with any problem ``people`` is empty and ``errors`` lists *every*
problem with its place ("hr.csv line 7", "hr.xlsx row 7") and a message written for HR staff.

Columns (header row required, any order, names case-insensitive; spaces and hyphens count as ``_``; the Dutch
name is accepted too). Only ``employee_number`` is required; the other columns may be left out, cells may be
empty. Columns not listed here (salary, address, ...) are ignored and their contents never kept; their names
are returned in ``ignored_columns`` so the upload page can say so.

=========================== ======================================= =============================================
column                      also accepted                           content
=========================== ======================================= =============================================
``employee_number``         personeelsnummer, employee_id           required, unique, at most 64 characters
``email``                   e-mail, e-mailadres, emailadres, mail   an e-mail address
``name``                    naam, full_name, volledige_naam         display name
``department``              afdeling                                text
``location``                locatie, vestiging                      text
``business_unit``           bedrijfsonderdeel, divisie              text
``function_group``          functiegroep                            text (matched against the role matrix later)
``risk_class``              risicoklasse                            text
``critical_process``        kritiek_proces, kritieke_processen      name of the critical process (empty = none)
``manager_employee_number`` manager, leidinggevende                 employee number of the line manager: must be
                                                                    in the file or in ``known_managers``
``hire_date``               datum_in_dienst, in_dienst              YYYY-MM-DD or DD-MM-YYYY
``leave_date``              datum_uit_dienst, uit_dienst            same formats; empty = still employed
``lti_subject``             lti_user_id, lms_user_id                the person's LTI user id (links HR to LMS)
=========================== ======================================= =============================================

CSV: UTF-8 with or without BOM, ``,`` or ``;`` as separator (detected from the header). XLSX: the first sheet,
values not formulas, the package checked against zip bombs first. At most :data:`MAX_ROWS` people.

A record is a dict with every column above as key (empty → ``None``; dates as :class:`datetime.date`), ready
for ``lti_tool.organisation.apply_hr_import``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem, place
from . import LineError
from .sheets import Sheet, decode_utf8, read_csv, read_xlsx, revive

MAX_ROWS = 100_000
#: an XLSX export of MAX_ROWS people unpacks to well under this
MAX_XLSX_UNPACKED = 200 * 1024 * 1024

COLUMNS = (
    "employee_number", "email", "name", "department", "location", "business_unit", "function_group", "risk_class",
    "critical_process", "manager_employee_number", "hire_date", "leave_date", "lti_subject",
)
REQUIRED_COLUMNS = ("employee_number",)
ALIASES: dict[str, tuple[str, ...]] = {
    "employee_number": ("personeelsnummer", "personeels_nummer", "employee_id", "employeenumber", "personeelsnr"),
    "email": ("e_mail", "e_mailadres", "emailadres", "email_address", "mail"),
    "name": ("naam", "full_name", "volledige_naam"),
    "department": ("afdeling",),
    "location": ("locatie", "vestiging"),
    "business_unit": ("bedrijfsonderdeel", "divisie", "bu"),
    "function_group": ("functiegroep", "functie_groep"),
    "risk_class": ("risicoklasse", "risico_klasse"),
    "critical_process": ("kritiek_proces", "kritieke_processen", "kritisch_proces"),
    "manager_employee_number": ("manager", "leidinggevende", "manager_personeelsnummer", "manager_number"),
    "hire_date": ("datum_in_dienst", "in_dienst", "indienstdatum", "start_date"),
    "leave_date": ("datum_uit_dienst", "uit_dienst", "uitdienstdatum", "end_date"),
    "lti_subject": ("lti_user_id", "lms_user_id", "lti_gebruiker"),
}
_LOOKUP = {name: column for column in COLUMNS for name in (column, *ALIASES.get(column, ()))}
#: database column sizes (lti_tool.db.models.Person)
MAX_LENGTH = {"employee_number": 64, "manager_employee_number": 64, "risk_class": 64, "email": 320}
DEFAULT_MAX_LENGTH = 255
DATE_COLUMNS = ("hire_date", "leave_date")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


@dataclass
class HrImportResult:
    people: list[dict[str, Any]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    #: header names that are not HR columns: their cells were not read
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _result(people: list[dict[str, Any]], errors: list[LineError], ignored: list[str] | None = None
            ) -> HrImportResult:
    if errors:
        return HrImportResult([], list(errors), list(ignored or []))
    return HrImportResult(people, [], list(ignored or []))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return revive(str(value)).strip()


def normalise_header(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _text(name).lstrip("\ufeff").strip().lower())


def parse_date(value: Any) -> dt.date | None:
    """A date from a cell: a date/datetime (Excel), ``YYYY-MM-DD`` or ``DD-MM-YYYY``; ``None`` when empty;
    ValueError when it is something else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DUTCH_DATE.match(text)
        if not match:
            raise ValueError(text)
        day, month, year = (int(g) for g in match.groups())
    return dt.date(year, month, day)  # ValueError for 31-02-2024


def _columns(header: Sequence[Any], where: str) -> tuple[dict[int, str], list[str], list[LineError]]:
    """(cell index → column, ignored header names, errors) for a header row."""
    positions: dict[int, str] = {}
    seen: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[LineError] = []
    for index, raw in enumerate(header):
        name = normalise_header(raw)
        if not name:
            continue
        column = _LOOKUP.get(name)
        if column is None:
            ignored.append(_text(raw))
            continue
        if column in seen:
            errors.append(LineError(where, Problem("hr.columns_twice", first=seen[column], second=_text(raw),
                                                   column=column)))
            continue
        seen[column] = _text(raw)
        positions[index] = column
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        errors.append(LineError(where, Problem("hr.no_number_column", columns=missing)))
    return positions, ignored, errors


@dataclass(frozen=True)
class Vocabulary:
    """The values the role matrix declares (casefolded); None: anything goes for that column."""

    function_groups: frozenset[str] | None = None
    risk_classes: frozenset[str] | None = None


def _vocabulary_errors(record: dict[str, Any], location: str, vocabulary: Vocabulary) -> list[LineError]:
    """A function group or risk class the role matrix does not know would silently fall under its general
    rule: say so, with the known values."""
    errors = []
    for column, allowed in (("function_group", vocabulary.function_groups), ("risk_class", vocabulary.risk_classes)):
        value = record[column]
        if value and allowed is not None and value.strip().casefold() not in allowed:
            errors.append(LineError(location, Problem(f"hr.unknown_{column}", value=value, known=sorted(allowed))))
    return errors


def _rows_to_result(
    header: Sequence[Any],
    rows: Iterable[tuple[str, Sequence[Any]]],
    where: str,
    known_managers: Iterable[str],
    vocabulary: Vocabulary = Vocabulary(),
) -> HrImportResult:
    positions, ignored, errors = _columns(header, where)
    if errors:
        return _result([], errors, ignored)
    people: list[dict[str, Any]] = []
    locations: list[str] = []
    numbers: dict[str, str] = {}
    subjects: dict[str, str] = {}
    count = 0
    for location, values in rows:
        if not any(_text(v) for v in values):
            continue
        count += 1
        if count > MAX_ROWS:
            return _result([], [LineError(location, Problem("hr.too_many_rows", max=f"{MAX_ROWS:,}"))], ignored)
        if len(values) > len(header) and any(_text(v) for v in values[len(header):]):
            errors.append(LineError(location, Problem("hr.extra_cells", cells=len(values), columns=len(header))))
        record = _person(values, positions, location, errors)
        number = record["employee_number"]
        if not number:
            errors.append(LineError(location, Problem("hr.number_empty")))
        elif number in numbers:
            errors.append(LineError(location, Problem("hr.number_twice", number=number, other=numbers[number])))
        else:
            numbers[number] = location
        if "name" in positions.values() and not record["name"]:
            errors.append(LineError(location, Problem("hr.name_empty")))
        errors.extend(_vocabulary_errors(record, location, vocabulary))
        email = record["email"]
        if email and not _EMAIL.match(email):
            errors.append(LineError(location, Problem("hr.email", email=email)))
        if record["hire_date"] and record["leave_date"] and record["leave_date"] < record["hire_date"]:
            errors.append(LineError(location, Problem("hr.leave_before_hire", leave=record["leave_date"].isoformat(),
                                                      hire=record["hire_date"].isoformat())))
        subject = record["lti_subject"]
        if subject:
            if subject in subjects:
                errors.append(LineError(location, Problem("hr.subject_twice", subject=subject,
                                                          other=subjects[subject])))
            else:
                subjects[subject] = location
        people.append(record)
        locations.append(location)
    if not people and not errors:
        errors.append(LineError(where, Problem("hr.no_people")))
    errors.extend(_manager_errors(people, locations, set(numbers), known_managers))
    return _result(people, errors, ignored)


def _person(values: Sequence[Any], positions: dict[int, str], location: str, errors: list[LineError]
            ) -> dict[str, Any]:
    """One person's record from a row's cells (dates read, lengths checked)."""
    raw = {column: values[i] if i < len(values) else None for i, column in positions.items()}
    record: dict[str, Any] = dict.fromkeys(COLUMNS)
    for column, value in raw.items():
        if column in DATE_COLUMNS:
            try:
                record[column] = parse_date(value)
            except ValueError:
                errors.append(LineError(location, Problem("hr.not_a_date", column=column, value=_text(value))))
            continue
        text = _text(value)
        limit = MAX_LENGTH.get(column, DEFAULT_MAX_LENGTH)
        if len(text) > limit:
            errors.append(LineError(location, Problem("hr.too_long", column=column, length=len(text), max=limit)))
        record[column] = text or None
    return record


def _manager_errors(people: Sequence[dict[str, Any]], locations: Sequence[str], numbers: set[str],
                    known_managers: Iterable[str]) -> list[LineError]:
    """Every manager is in the file or a known employee, and nobody manages themselves."""
    errors = []
    known = {str(k).strip() for k in known_managers}
    for record, location in zip(people, locations, strict=True):
        manager = record["manager_employee_number"]
        if not manager:
            continue
        if manager == record["employee_number"]:
            errors.append(LineError(location, Problem("hr.own_manager")))
        elif manager not in numbers and manager not in known:
            errors.append(LineError(location, Problem("hr.unknown_manager", manager=manager)))
    return errors


def import_hr_csv(text: str | bytes, *, filename: str = "hr.csv", known_managers: Iterable[str] = (),
                  vocabulary: Vocabulary = Vocabulary()) -> HrImportResult:
    """Read CSV (``,`` or ``;``, UTF-8 with or without BOM). Errors say "hr.csv line 7"."""
    decoded = decode_utf8(text)
    if decoded is None:
        return _result([], [LineError(place("file", file=filename), Problem("hr.not_utf8"))])
    sheet = read_csv(decoded, filename, what="person", max_rows=MAX_ROWS,
                     counts=lambda values: any(v.strip() for v in values))
    if isinstance(sheet, LineError):
        return _result([], [sheet])
    return _rows_to_result(sheet.header, sheet.rows, place("file_line", file=filename, line=1), known_managers,
                           vocabulary)


def import_hr_xlsx(data: bytes, *, filename: str = "hr.xlsx", known_managers: Iterable[str] = (),
                   vocabulary: Vocabulary = Vocabulary()) -> HrImportResult:
    """Read the first sheet of an Excel workbook (read-only, values). Errors say "hr.xlsx row 7"."""
    sheet = read_xlsx(data, filename, what="person", max_rows=MAX_ROWS, max_total=MAX_XLSX_UNPACKED,
                      not_xlsx=Problem("hr.not_xlsx"),
                      counts=lambda cells: any(_text(v) for v in cells))
    if not isinstance(sheet, Sheet):
        return _result([], sheet)
    header_cells = sheet.header
    while header_cells and not _text(header_cells[-1]):
        header_cells.pop()
    trimmed = [(loc, cells[:max(len(header_cells), _last_filled(cells))]) for loc, cells in sheet.rows]
    return _rows_to_result(header_cells, trimmed, place("file_row", file=filename, row=1), known_managers,
                           vocabulary)


def _last_filled(cells: Sequence[Any]) -> int:
    for i in range(len(cells), 0, -1):
        if _text(cells[i - 1]):
            return i
    return 0


def import_hr(data: bytes, filename: str, *, known_managers: Iterable[str] = (),
              vocabulary: Vocabulary = Vocabulary()) -> HrImportResult:
    """CSV or XLSX, chosen by the file's content (a zip is XLSX) and name."""
    if filename.lower().endswith((".xlsx", ".xlsm")) or bytes(data[:4]) == b"PK\x03\x04":
        return import_hr_xlsx(data, filename=filename, known_managers=known_managers, vocabulary=vocabulary)
    return import_hr_csv(data, filename=filename, known_managers=known_managers, vocabulary=vocabulary)


__all__ = ["COLUMNS", "MAX_ROWS", "HrImportResult", "Vocabulary", "import_hr", "import_hr_csv", "import_hr_xlsx",
           "parse_date"]
