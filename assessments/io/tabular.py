"""CSV and Excel (XLSX): one row per item.

Columns (header row required, in any order; every column must be present, cells may be empty):

``key, competence, level, type, high_risk, author, policy_refs, case, scoring, stem_nl, stem_en,
rationale_nl, rationale_en``, then for options 1..6 ``option_N_key, option_N_nl, option_N_en,
option_N_correct, option_N_feedback_nl, option_N_feedback_en``, then ``answer, tolerance, unit_nl,
unit_en, accepted_nl, accepted_en``, then for pairs 1..6 ``pair_N_key, pair_N_left_nl, pair_N_left_en,
pair_N_right_nl, pair_N_right_en``.

* yes/no cells (``high_risk``, ``option_N_correct``): yes/no, ja/nee, true/false, 1/0 (empty = no;
  for ordering leave ``correct`` empty: options are listed in the correct order);
* lists (``policy_refs``, ``accepted_nl``, ``accepted_en``) are separated by ``|``; a literal ``|`` is
  written ``\\|`` (and a backslash ``\\\\``);
* numbers (``answer``, ``tolerance``) accept a decimal point or a Dutch decimal comma;
* CSV: UTF-8 with or without BOM, ``,`` or ``;`` as separator (Dutch Excel) – detected from the header;
* at most :data:`MAX_ROWS` item rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..competences import CompetenceModel
from ..item_types.codec import ItemCodec
from ..item_types.registry import ITEM_TYPES
from ..problems import Problem, Term, place
from . import ImportResult, LineError, result
from .records import check_records
from .sheets import Sheet, decode_utf8, defuse, read_csv, read_xlsx, revive
from .values import canonical, format_number, join_list, parse_bool, parse_number, split_list

MAX_OPTIONS = 6
MAX_PAIRS = 6
MAX_ROWS = 10_000
BASE_COLUMNS = [
    "key", "competence", "level", "type", "high_risk", "author", "policy_refs", "case", "scoring",
    "expected_facility", "stem_nl", "stem_en", "rationale_nl", "rationale_en",
]
OPTION_COLUMNS = [
    f"option_{i}_{part}" for i in range(1, MAX_OPTIONS + 1)
    for part in ("key", "nl", "en", "correct", "feedback_nl", "feedback_en")
]
VALUE_COLUMNS = ["answer", "tolerance", "unit_nl", "unit_en", "accepted_nl", "accepted_en"]
PAIR_COLUMNS = [
    f"pair_{i}_{part}" for i in range(1, MAX_PAIRS + 1)
    for part in ("key", "left_nl", "left_en", "right_nl", "right_en")
]
COLUMNS = BASE_COLUMNS + OPTION_COLUMNS + VALUE_COLUMNS + PAIR_COLUMNS
REQUIRED_CELLS = ("key", "competence", "level", "type", "author")
#: columns added later: sheets made before them still import
OPTIONAL_COLUMNS = ("expected_facility",)


# --- export -----------------------------------------------------------------------------------------------


def _yes(value: Any) -> str:
    return "yes" if value else "no"


def record_to_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One record as a row (column → cell value; numbers stay numbers)."""
    options = record.get("options") or []
    pairs = record.get("pairs") or []
    if len(options) > MAX_OPTIONS or len(pairs) > MAX_PAIRS:
        raise ValueError(f"{record.get('key')}: at most {MAX_OPTIONS} options and {MAX_PAIRS} pairs fit in a row")
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row.update({
        "key": record.get("key", ""),
        "competence": record.get("competence", ""),
        "level": record.get("level", ""),
        "type": record.get("type", ""),
        "high_risk": _yes(record.get("high_risk")),
        "author": record.get("author", ""),
        "policy_refs": join_list(record.get("policy_refs") or []),
        "case": record.get("case", ""),
        "scoring": record.get("scoring", ""),
        "expected_facility": record.get("expected_facility", ""),
    })
    for name in ("stem", "rationale"):
        for lang in ("nl", "en"):
            row[f"{name}_{lang}"] = (record.get(name) or {}).get(lang, "")
    for i, option in enumerate(options, 1):
        row[f"option_{i}_key"] = option.get("key", "")
        row[f"option_{i}_nl"] = option["text"]["nl"]
        row[f"option_{i}_en"] = option["text"]["en"]
        row[f"option_{i}_correct"] = _yes(option["correct"]) if "correct" in option else ""
        for lang in ("nl", "en"):
            row[f"option_{i}_feedback_{lang}"] = (option.get("feedback") or {}).get(lang, "")
    if "answer" in record:
        row["answer"] = record["answer"]
    if "tolerance" in record:
        row["tolerance"] = record["tolerance"]
    for lang in ("nl", "en"):
        row[f"unit_{lang}"] = (record.get("unit") or {}).get(lang, "")
        row[f"accepted_{lang}"] = join_list((record.get("accepted") or {}).get(lang, []))
    for i, pair in enumerate(pairs, 1):
        row[f"pair_{i}_key"] = pair.get("key", "")
        for side in ("left", "right"):
            for lang in ("nl", "en"):
                row[f"pair_{i}_{side}_{lang}"] = pair[side][lang]
    return row


def export_csv(records: Iterable[Mapping[str, Any]], *, delimiter: str = ",") -> str:
    """CSV text (``,``-separated unless ``delimiter=";"``), header row first, one row per record.
    Texts that a spreadsheet would run as a formula are exported with a leading ``'``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        row = record_to_row(record)
        writer.writerow({k: defuse(format_number(v) if isinstance(v, int | float) else v) for k, v in row.items()})
    return buffer.getvalue()


def export_xlsx(records: Iterable[Mapping[str, Any]]) -> bytes:
    """An Excel workbook with one sheet ``items``: the same columns as the CSV."""
    from openpyxl import Workbook  # slow to import (≈0.2 s) and only needed for XLSX
    from openpyxl.cell.cell import TYPE_STRING

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "items"
    sheet.append(COLUMNS)
    for r, record in enumerate(records, 2):
        row = record_to_row(record)
        for c, column in enumerate(COLUMNS, 1):
            value = row[column]
            if value in ("", None):
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # never a formula, even when a text starts with "="
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- import -----------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Cells:
    """The cells of one row: text of a cell, language map of ``<prefix>_nl``/``<prefix>_en``."""

    def __init__(self, row: Mapping[str, Any]) -> None:
        self.row = row

    def __call__(self, name: str) -> str:
        return _text(self.row.get(name)).strip()

    def texts(self, prefix: str) -> dict[str, str]:
        return {lang: _text(self.row.get(f"{prefix}_{lang}")) for lang in ("nl", "en")}


def _options(cell: _Cells, ordered: bool, problems: list[str]) -> list[dict[str, Any]]:
    options = []
    for i in range(1, MAX_OPTIONS + 1):
        p = f"option_{i}"
        if not any(cell(f"{p}_{part}") for part in ("key", "nl", "en", "correct", "feedback_nl", "feedback_en")):
            continue
        option: dict[str, Any] = {"key": cell(f"{p}_key"), "text": cell.texts(p)}
        if not ordered or cell(f"{p}_correct"):
            correct = parse_bool(cell.row.get(f"{p}_correct"))
            if correct is None:
                problems.append(Problem("table.yes_no", cell=f"{p}_correct", value=cell(f"{p}_correct")))
            option["correct"] = bool(correct)
        feedback = cell.texts(f"{p}_feedback")
        if any(feedback.values()):
            option["feedback"] = feedback
        options.append(option)
    return options


def _pairs(cell: _Cells) -> list[dict[str, Any]]:
    pairs = []
    for i in range(1, MAX_PAIRS + 1):
        p = f"pair_{i}"
        if not any(cell(f"{p}_{part}") for part in ("key", "left_nl", "left_en", "right_nl", "right_en")):
            continue
        pairs.append({"key": cell(f"{p}_key"), "left": cell.texts(f"{p}_left"), "right": cell.texts(f"{p}_right")})
    return pairs


def _type_fields(record: dict[str, Any], cell: _Cells, codec: ItemCodec | None, problems: list[str]) -> None:
    """Options, pairs, answer, tolerance, unit and accepted answers: filled in, or the fields of the type."""
    fields = codec.fields if codec is not None else ()
    options = _options(cell, codec is not None and codec.ordered, problems)
    if options or "options" in fields:
        record["options"] = options
    pairs = _pairs(cell)
    if pairs or "pairs" in fields:
        record["pairs"] = pairs
    for name in ("answer", "tolerance"):
        if cell(name):
            number = parse_number(cell.row.get(name))
            if number is None:
                problems.append(Problem("table.number", cell=name, value=cell(name)))
            record[name] = number if number is not None else cell(name)
        elif codec is not None and name in fields:
            problems.append(Problem("table.empty_for_type", cell=name, type=Term(codec.label)))
    unit = cell.texts("unit")
    if any(unit.values()):
        record["unit"] = unit
    accepted = {lang: split_list(_text(cell.row.get(f"accepted_{lang}"))) for lang in ("nl", "en")}
    if any(accepted.values()) or "accepted" in fields:
        record["accepted"] = accepted


def row_to_record(row: Mapping[str, Any], problems: list[str]) -> dict[str, Any]:
    """A record from a row (column → cell value); messages about cells that cannot be read go to ``problems``."""
    cell = _Cells(row)
    for name in REQUIRED_CELLS:
        if not cell(name):
            problems.append(Problem("table.empty", cell=name))
    kind = cell("type")
    record: dict[str, Any] = {"key": cell("key"), "competence": cell("competence"), "level": cell("level"),
                              "type": kind}
    high_risk = parse_bool(row.get("high_risk"))
    if high_risk is None:
        problems.append(Problem("table.yes_no", cell="high_risk", value=cell("high_risk")))
    record["high_risk"] = bool(high_risk)
    record["author"] = _text(row.get("author"))
    record["policy_refs"] = split_list(_text(row.get("policy_refs")))
    if cell("case"):
        record["case"] = cell("case")
    if cell("scoring"):
        record["scoring"] = cell("scoring")
    if cell("expected_facility"):
        number = parse_number(row.get("expected_facility"))
        record["expected_facility"] = cell("expected_facility") if number is None else float(number)
    record["stem"] = cell.texts("stem")
    record["rationale"] = cell.texts("rationale")
    registered = ITEM_TYPES.get(kind)
    _type_fields(record, cell, registered.codec if registered is not None else None, problems)
    return canonical(record)


def _rows_to_result(
    header: Sequence[Any],
    rows: Iterable[tuple[str, Sequence[Any]]],
    model: CompetenceModel,
    where: str,
    known_cases: Iterable[str] | None,
) -> ImportResult:
    errors: list[LineError] = []
    names = [_text(h).strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in names and c not in OPTIONAL_COLUMNS]
    unknown = [n for n in names if n and n not in COLUMNS]
    if missing:
        errors.append(LineError(where, Problem("table.missing_columns", columns=missing[:8])
                                if len(missing) <= 8 else
                                Problem("table.missing_columns_more", columns=missing[:8], more=len(missing) - 8)))
    if unknown:
        errors.append(LineError(where, Problem("table.unknown_columns", columns=unknown)))
    if errors:
        return result([], [], errors)
    records: list[dict[str, Any]] = []
    locations: list[str] = []
    count = 0
    for location, values in rows:
        if not any(_text(v).strip() for v in values):
            continue
        count += 1
        if count > MAX_ROWS:
            return result([], [], [LineError(location, Problem("table.too_many_rows", max=f"{MAX_ROWS:,}"))])
        if len(values) > len(names) and any(_text(v).strip() for v in values[len(names):]):
            errors.append(LineError(location, Problem("hr.extra_cells", cells=len(values), columns=len(names))))
        row = {name: values[i] if i < len(values) else None for i, name in enumerate(names)}
        problems: list[str] = []
        record = row_to_record(row, problems)
        errors.extend(LineError(location, p) for p in problems)
        records.append(record)
        locations.append(location)
    if not records and not errors:
        errors.append(LineError(where, Problem("table.no_questions")))
    checked = check_records(records, locations, model, known_cases)
    errors.extend(e for e in checked if e not in errors)
    return result(records, [], errors)


def import_csv(
    text: str | bytes,
    model: CompetenceModel,
    *,
    filename: str = "items.csv",
    known_cases: Iterable[str] | None = None,
) -> ImportResult:
    """Read CSV (``,`` or ``;``, UTF-8 with or without BOM). Errors say "items.csv line 7"."""
    decoded = decode_utf8(text)
    if decoded is None:
        return result([], [], [LineError(place("file", file=filename), Problem("table.not_utf8"))])
    sheet = read_csv(decoded, filename, what="question", max_rows=MAX_ROWS, cell=revive)
    if isinstance(sheet, LineError):
        return result([], [], [sheet])
    return _rows_to_result(sheet.header, sheet.rows, model, place("file_line", file=filename, line=1), known_cases)


def import_xlsx(
    data: bytes,
    model: CompetenceModel,
    *,
    filename: str = "items.xlsx",
    known_cases: Iterable[str] | None = None,
) -> ImportResult:
    """Read the first sheet of an Excel workbook (read-only, values not formulas). Errors say "items.xlsx row 7"."""
    sheet = read_xlsx(data, filename, what="question", max_rows=MAX_ROWS,
                      not_xlsx=Problem("table.not_xlsx"))
    if not isinstance(sheet, Sheet):
        return result([], [], sheet)
    rows = sheet.rows
    while rows and not any(_text(v).strip() for v in rows[-1][1]):
        rows.pop()
    return _rows_to_result(sheet.header, rows, model, place("file_row", file=filename, row=1), known_cases)


__all__ = ["COLUMNS", "defuse", "export_csv", "export_xlsx", "import_csv", "import_xlsx", "revive"]
