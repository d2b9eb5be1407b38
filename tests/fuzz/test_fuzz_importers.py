"""Fuzzing the importers (no server): random bytes and text, and mutations of valid files.

Every importer must return a result for any input (never raise), and the result is all-or-nothing:
either no errors and something imported, or errors and nothing imported; every error says where
(a non-empty location) and what (a non-empty message).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from assessments.bank import load_seed_bank
from assessments.io import LineError, gift, hr, qti, tabular

ROOT = Path(__file__).resolve().parents[2]
BANK = load_seed_bank(ROOT / "config")
MODEL = BANK.model
#: The same examples on every run (AIDIP_FUZZ_RANDOM=1 explores new ones); nothing is written to .hypothesis/.
#: No shrinking: a failing file is reported as drawn (shrinking openpyxl round trips takes minutes).
FUZZ = settings(max_examples=60, deadline=None, database=None, derandomize=os.environ.get("AIDIP_FUZZ_RANDOM") != "1",
                phases=[Phase.explicit, Phase.reuse, Phase.generate], print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _sample() -> list[dict[str, Any]]:
    """One question of every type, plus one that refers to a case."""
    records: list[dict[str, Any]] = []
    for record in BANK.items:
        if record["type"] not in {r["type"] for r in records}:
            records.append(record)
    records += [r for r in BANK.items if r.get("case") and r not in records][:1]
    return records


SAMPLE = _sample()
DEFAULTS = {"competence": "personal-data-privacy", "level": "basic", "author": "L&D Academy", "high_risk": False}


def _zip(files: dict[str, bytes] | list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in (files.items() if isinstance(files, dict) else files):
                # a fixed date: the same draws must give the same bytes (Hypothesis replays them)
                archive.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _unzip(data: bytes) -> list[tuple[str, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [(info.filename, archive.read(info)) for info in archive.infolist()]
    except Exception:
        return None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def _grid(text: str) -> list[list[str]]:
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))]


def _csv(grid: list[list[Any]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(grid)
    return buffer.getvalue()


def _xlsx(grid: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    sheet = workbook.active
    for r, row in enumerate(grid, 1):
        for c, value in enumerate(row, 1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
            if value not in ("", None):
                sheet.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


QTI3_PACKAGE = qti.export_qti3(SAMPLE, BANK.cases)
QTI21_PACKAGE = _zip({p.name: p.read_bytes() for p in sorted((ROOT / "tests/assets/io/qti21").iterdir())})
GIFT_TEXT = gift.export_gift(SAMPLE)
CSV_TEXT = tabular.export_csv(SAMPLE)
CSV_SEMICOLON = tabular.export_csv(SAMPLE, delimiter=";")
XLSX = tabular.export_xlsx(SAMPLE)
ITEM_GRID = _grid(CSV_TEXT)
HR_CSV = (ROOT / "config/demo/hr_export.csv").read_bytes()
HR_GRID = _grid(HR_CSV.decode("utf-8-sig"))
HR_XLSX = _xlsx(HR_GRID)


# --- what every result must satisfy -----------------------------------------------------------------------


def assert_all_or_nothing(result: Any, what: str = "records") -> None:
    imported = getattr(result, what)
    assert isinstance(result.errors, list) and isinstance(imported, list)
    if result.errors:
        assert imported == [], f"errors and yet {len(imported)} {what}: {result.errors[:3]}"
        if hasattr(result, "cases"):
            assert result.cases == [], f"errors and yet {len(result.cases)} cases"
    else:
        assert imported, f"no errors, but no {what} either"
    for error in result.errors:
        assert isinstance(error, LineError)
        assert isinstance(error.location, str) and error.location.strip(), error
        assert isinstance(error.message, str) and error.message.strip(), error


def run(importer: Callable[[], Any], what: str = "records") -> Any:
    """Call an importer; warnings are not failures here (production does not turn them into errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = importer()
    assert_all_or_nothing(result, what)
    return result


ITEM_IMPORTERS: dict[str, Callable[[Any], Any]] = {
    "qti3": lambda data: qti.import_qti3(data, MODEL),
    "qti21": lambda data: qti.import_qti21(data, MODEL),
    "qti21-defaults": lambda data: qti.import_qti21(data, MODEL, defaults=DEFAULTS, fill_missing_language=True),
    "gift": lambda text: gift.import_gift(text, MODEL),
    "csv": lambda text: tabular.import_csv(text, MODEL),
    "xlsx": lambda data: tabular.import_xlsx(data, MODEL),
}


# --- the seeds are valid (so their mutations start from something that imports) ---------------------------


@pytest.mark.parametrize(("name", "data"), [
    ("qti3", QTI3_PACKAGE), ("qti21", QTI3_PACKAGE), ("qti21-defaults", QTI21_PACKAGE), ("gift", GIFT_TEXT),
    ("csv", CSV_TEXT), ("csv", CSV_SEMICOLON), ("csv", CSV_TEXT.encode()), ("xlsx", XLSX),
    ("xlsx", _xlsx(ITEM_GRID)),
])
def test_seeds_import_cleanly(name: str, data: Any) -> None:
    result = run(lambda: ITEM_IMPORTERS[name](data))
    assert result.errors == [] and len(result.records) >= 4


@pytest.mark.parametrize(("data", "filename"), [(HR_CSV, "hr_export.csv"), (HR_XLSX, "hr_export.xlsx")])
def test_hr_seeds_import_cleanly(data: bytes, filename: str) -> None:
    result = run(lambda: hr.import_hr(data, filename), "people")
    assert result.errors == [] and len(result.people) == len(HR_GRID) - 1


# --- damaged files found by fuzzing (kept as fixed regression inputs) --------------------------------------


def _edit_member(blob: bytes, member: str, change: Callable[[bytes], bytes] | None) -> bytes:
    """The zip with one member changed (``change`` None: the member left out)."""
    return _zip([(n, change(c)) if n == member else (n, c) for n, c in _unzip(blob) or [] if n != member or change])


def _flip(blob: bytes, offset: int, mask: int) -> bytes:
    b = bytearray(blob)
    b[offset] ^= mask
    return bytes(b)


def _first_member_data(blob: bytes) -> int:
    """Offset of the first member's compressed data (after its local header)."""
    return 30 + int.from_bytes(blob[26:28], "little") + int.from_bytes(blob[28:30], "little")


def damaged_zips(blob: bytes) -> dict[str, bytes]:
    return {
        "shifted-by-one-byte": blob[1:],  # offsets point one byte too far: zipfile seeks to -1
        "deflate-data-damaged": _flip(blob, _first_member_data(blob) + 10, 0xFF),  # zlib.error while inflating
        "version-needed-9.x": _flip(blob, blob.find(b"PK\x01\x02") + 6, 0x40),  # NotImplementedError
        "empty-member-name": _zip([*(_unzip(blob) or []), ("\x00", b"x")]),  # ZipInfo.is_dir(): IndexError
    }


SHEET = "xl/worksheets/sheet1.xml"


def _unknown_attribute(sheet: bytes) -> bytes:
    if b"<sheetPr" in sheet:
        return sheet.replace(b"<sheetPr", b"<sheetPr x='1'", 1)
    return sheet.replace(b"<dimension ", b"<sheetPr x='1'/><dimension ", 1)


def damaged_workbooks(blob: bytes) -> dict[str, bytes]:
    return {
        "no-worksheet": _edit_member(blob, SHEET, None),  # workbook.worksheets == []
        "bad-cell-reference": _edit_member(blob, SHEET, lambda c: c.replace(b'r="B1"', b'r="::B1"', 1)),
        "unknown-attribute": _edit_member(blob, SHEET, _unknown_attribute),  # TypeError from openpyxl
        "truncated-sheet": _edit_member(blob, SHEET, lambda c: c[:len(c) // 2]),
        **damaged_zips(blob),
    }


DAMAGED = [
    *[(f"qti3-{k}", "qti3", v) for k, v in damaged_zips(QTI3_PACKAGE).items()],
    *[(f"qti21-{k}", "qti21-defaults", v) for k, v in damaged_zips(QTI21_PACKAGE).items()],
    *[(f"xlsx-{k}", "xlsx", v) for k, v in damaged_workbooks(XLSX).items()],
]


@pytest.mark.parametrize(("name", "data"), [(n, d) for n, _, d in DAMAGED], ids=[n for n, _, _ in DAMAGED])
def test_damaged_files_are_refused_with_errors(name: str, data: bytes) -> None:
    importer = ITEM_IMPORTERS[next(i for n, i, _ in DAMAGED if n == name)]
    assert run(lambda: importer(data)).errors


@pytest.mark.parametrize(("name", "data"), list(damaged_workbooks(HR_XLSX).items()),
                         ids=list(damaged_workbooks(HR_XLSX)))
def test_damaged_hr_workbooks_are_refused_with_errors(name: str, data: bytes) -> None:
    assert run(lambda: hr.import_hr(data, "hr.xlsx"), "people").errors


# --- strategies -------------------------------------------------------------------------------------------

#: any unicode (no surrogates), weighted towards what parsers care about
NASTY = st.sampled_from([
    "", " ", "\x00", "\ufeff", "\r", "\n", "\r\n", '"', "'", ",", ";", "|", "\\", "{", "}", "=", "~", "#", "::",
    "%", "<", ">", "&", "&amp;", "]]>", "<![CDATA[", "<!DOCTYPE x>", "<!ENTITY x 'y'>", "\u2028", "\u202e",
    "NaN", "inf", "-0", "1e999", "0,5", "9" * 40, "yes", "nee", "=cmd|' /C calc'!A0", "'=1+1", "../../x",
    "single_choice", "basic", "expert", "true", "false", "VG-10487", "2025-02-30", "31-12-9999", "\U0001f600" * 3,
    "a" * 300,
])
TEXT = st.one_of(st.text(max_size=40), NASTY, st.text(alphabet=st.characters(codec="ascii"), max_size=12))
CELL = st.one_of(TEXT, st.integers(-10**20, 10**20), st.floats(), st.booleans(), st.none(),
                 st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)))


@dataclass(frozen=True)
class Mutation:
    """One mutation, drawn up front (what it does to a file depends only on these numbers and the file)."""

    ops: tuple[int, int, int]
    where: int
    other: int
    size: int
    text: str
    blob: bytes
    cell: Any

    def pick(self, options: Sequence[str], level: int = 0) -> str:
        return options[self.ops[level] % len(options)]

    def at(self, n: int) -> int:
        return self.where % n if n else 0

    def at2(self, n: int) -> int:
        return self.other % n if n else 0


MUTATIONS = st.lists(st.builds(
    Mutation, ops=st.tuples(*[st.integers(0, 255)] * 3), where=st.integers(0, 2**24), other=st.integers(0, 2**24),
    size=st.integers(1, 64), text=TEXT, blob=st.binary(max_size=32), cell=CELL), min_size=1, max_size=4)


def mutate_bytes(m: Mutation, blob: bytes, level: int = 0) -> bytes:
    """Flip, insert, delete, replace, truncate bytes; duplicate, drop or swap lines."""
    op = m.pick(["flip", "insert", "delete", "replace", "truncate", "dup-line", "drop-line", "swap-lines"], level)
    b = bytearray(blob)
    if not b:
        return m.blob
    i = m.at(len(b))
    if op == "flip":
        b[i] ^= 1 << (m.size % 8)
    elif op == "insert":
        b[i:i] = m.blob or b"\x00"
    elif op == "delete":
        del b[i:i + m.size]
    elif op == "replace":
        b[i:i + m.size % 16 + 1] = m.blob
    elif op == "truncate":
        del b[i:]
    else:
        lines = bytes(b).split(b"\n")
        j, k = m.at(len(lines)), m.at2(len(lines))
        if op == "dup-line":
            lines.insert(k, lines[j])
        elif op == "drop-line":
            del lines[j]
        else:
            lines[j], lines[k] = lines[k], lines[j]
        return b"\n".join(lines)
    return bytes(b)


def mutate_text(m: Mutation, text: str, level: int = 0) -> str:
    """Character and line mutations, XML text/attribute replacement, and byte mutations (decoded leniently)."""
    op = m.pick(["insert", "delete", "truncate", "dup-line", "drop-line", "swap-lines", "replace-line",
                 "xml-value", "xml-value", "bytes"], level)
    if op == "bytes" or not text:
        return mutate_bytes(m, text.encode(), level + 1).decode("utf-8", errors="replace")
    i = m.at(len(text))
    if op == "insert":
        return text[:i] + m.text + text[i:]
    if op == "delete":
        return text[:i] + text[i + m.size:]
    if op == "truncate":
        return text[:i]
    if op == "xml-value":
        spots = list(re.finditer(r'>([^<]+)<|="([^"]*)"', text))
        if not spots:
            return text + m.text
        spot = spots[m.at(len(spots))]
        group = 1 if spot.group(1) is not None else 2
        return text[:spot.start(group)] + m.text + text[spot.end(group):]
    lines = text.split("\n")
    j, k = m.at(len(lines)), m.at2(len(lines))
    if op == "dup-line":
        lines.insert(k, lines[j])
    elif op == "drop-line":
        del lines[j]
    elif op == "swap-lines":
        lines[j], lines[k] = lines[k], lines[j]
    else:
        lines[j] = m.text
    return "\n".join(lines)


def mutate_grid(m: Mutation, grid: list[list[Any]], cells: bool = False) -> list[list[Any]]:
    """Swap, drop or duplicate columns and rows; replace a cell with random unicode (``cells``: any value)."""
    grid = [list(row) for row in grid] or [[""]]
    op = m.pick(["swap-columns", "drop-column", "dup-column", "dup-row", "drop-row", "swap-rows", "cell", "cell",
                 "cell", "header-cell", "extra-cell"])
    value = m.cell if cells else m.text
    width = max(len(row) for row in grid) or 1
    for row in grid:
        row.extend([""] * (width - len(row)))
    r, c, c2 = m.at(len(grid)), m.at(width), m.at2(width)
    if op == "swap-columns":
        for row in grid:
            row[c], row[c2] = row[c2], row[c]
    elif op == "drop-column":
        for row in grid:
            del row[c]
    elif op == "dup-column":
        for row in grid:
            row.insert(c2, row[c])
    elif op == "dup-row":
        grid.insert(m.at2(len(grid)), list(grid[r]))
    elif op == "drop-row":
        del grid[r]
    elif op == "swap-rows":
        r2 = m.at2(len(grid))
        grid[r], grid[r2] = grid[r2], grid[r]
    elif op == "header-cell":
        grid[0][c] = value
    elif op == "extra-cell":
        grid[r].append(value)
    else:
        grid[r][m.at2(width)] = value
    return grid


ODD_NAMES = ["../evil.xml", "/abs.xml", "C:/x.xml", "a//b.xml", "imsmanifest.xml", "[Content_Types].xml", "x\\..\\y"]


def mutate_zip(m: Mutation, blob: bytes) -> bytes:
    """Mutate one member of a zip (or drop, duplicate, rename, add one); sometimes the zip bytes themselves."""
    members = _unzip(blob)
    op = m.pick(["member", "member", "member", "drop", "dup", "rename", "add", "raw"])
    if not members or op == "raw":
        return mutate_bytes(m, blob, 1)
    i = m.at2(len(members))
    name, content = members[i]
    if op == "member":
        try:
            members[i] = (name, mutate_text(m, content.decode("utf-8"), 1).encode())
        except UnicodeDecodeError:
            members[i] = (name, mutate_bytes(m, content, 1))
    elif op == "drop":
        del members[i]
    elif op == "dup":
        members.insert(m.at(len(members)), (name, [content, b"", b"<x/>"][m.size % 3]))
    elif op == "rename":
        members[i] = ((ODD_NAMES[m.size % len(ODD_NAMES)] if m.size % 2 else m.text) or "x", content)
    else:
        members.append((m.text or "extra.xml", m.blob))
    return _zip(members)


def mutations(seed: Any, drawn: Sequence[Mutation], mutate: Callable[[Mutation, Any], Any]) -> Any:
    for m in drawn:
        seed = mutate(m, seed)
    return seed


# --- random input -----------------------------------------------------------------------------------------

RANDOM_ZIP = st.builds(_zip, st.dictionaries(
    st.one_of(st.sampled_from(["imsmanifest.xml", "items/x/nl.xml", "xl/workbook.xml", "[Content_Types].xml",
                               "xl/worksheets/sheet1.xml", "_rels/.rels"]), st.text(min_size=1, max_size=20)),
    st.one_of(st.binary(max_size=300), st.sampled_from([b"<?xml version='1.0'?><x/>", b"", b"<a><b>"])),
    max_size=5))
RANDOM_BYTES = st.one_of(st.binary(max_size=2000), RANDOM_ZIP, st.text(max_size=500).map(str.encode))
RANDOM_TEXT = st.one_of(st.text(max_size=1000), st.lists(TEXT, max_size=20).map(",".join),
                        st.lists(TEXT, max_size=20).map("\n".join),
                        st.binary(max_size=500).map(lambda b: b.decode("utf-8", errors="replace")))


@pytest.mark.parametrize("name", ["qti3", "qti21", "xlsx"])
@FUZZ
@given(blob=RANDOM_BYTES)
def test_random_bytes_into_package_importers(name: str, blob: bytes) -> None:
    run(lambda: ITEM_IMPORTERS[name](blob))


@pytest.mark.parametrize("name", ["gift", "csv"])
@FUZZ
@given(text=st.one_of(RANDOM_TEXT, st.binary(max_size=500)))
def test_random_text_into_text_importers(name: str, text: str | bytes) -> None:
    run(lambda: ITEM_IMPORTERS[name](text))


@FUZZ
@given(blob=RANDOM_BYTES, filename=st.one_of(st.sampled_from(["hr.csv", "hr.xlsx", "HR.XLSM", "hr"]),
                                             TEXT.filter(str.strip)))
def test_random_bytes_into_hr_import(blob: bytes, filename: str) -> None:
    run(lambda: hr.import_hr(blob, filename), "people")


# --- mutations of valid files -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "seed"), [("qti3", QTI3_PACKAGE), ("qti21", QTI3_PACKAGE),
                                            ("qti21-defaults", QTI21_PACKAGE)])
@settings(FUZZ, max_examples=120)
@given(drawn=MUTATIONS)
def test_mutated_qti_packages(name: str, seed: bytes, drawn: list[Mutation]) -> None:
    package = mutations(seed, drawn, mutate_zip)
    run(lambda: ITEM_IMPORTERS[name](package))


@settings(FUZZ, max_examples=100)
@given(drawn=MUTATIONS)
def test_mutated_gift(drawn: list[Mutation]) -> None:
    text = mutations(GIFT_TEXT, drawn, mutate_text)
    run(lambda: gift.import_gift(text, MODEL))


@pytest.mark.parametrize("seed", [CSV_TEXT, CSV_SEMICOLON], ids=["comma", "semicolon"])
@settings(FUZZ, max_examples=80)
@given(drawn=MUTATIONS, cells=st.booleans(), as_bytes=st.booleans())
def test_mutated_csv(seed: str, drawn: list[Mutation], cells: bool, as_bytes: bool) -> None:
    if cells:
        text = _csv(mutations(_grid(seed), drawn, mutate_grid), _delimiter(seed))
    else:
        text = mutations(seed, drawn, mutate_text)
    run(lambda: tabular.import_csv(text.encode() if as_bytes else text, MODEL))


def _any_cells(m: Mutation, grid: list[list[Any]]) -> list[list[Any]]:
    return mutate_grid(m, grid, cells=True)


@settings(FUZZ, max_examples=150)
@given(drawn=MUTATIONS, cells=st.booleans())
def test_mutated_xlsx(drawn: list[Mutation], cells: bool) -> None:
    blob = _xlsx(mutations(ITEM_GRID, drawn, _any_cells)) if cells else mutations(XLSX, drawn, mutate_zip)
    run(lambda: tabular.import_xlsx(blob, MODEL))


@settings(FUZZ, max_examples=150)
@given(drawn=MUTATIONS, kind=st.sampled_from(["csv-cells", "csv-text", "xlsx-cells", "xlsx-zip"]))
def test_mutated_hr_files(drawn: list[Mutation], kind: str) -> None:
    if kind == "csv-cells":
        blob, filename = _csv(mutations(HR_GRID, drawn, mutate_grid), ";").encode(), "hr.csv"
    elif kind == "csv-text":
        blob, filename = mutations(HR_CSV, drawn, mutate_bytes), "hr.csv"
    elif kind == "xlsx-cells":
        blob, filename = _xlsx(mutations(HR_GRID, drawn, _any_cells)), "hr.xlsx"
    else:
        blob, filename = mutations(HR_XLSX, drawn, mutate_zip), "hr.xlsx"
    run(lambda: hr.import_hr(blob, filename), "people")
