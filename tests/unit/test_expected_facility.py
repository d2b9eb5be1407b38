"""An item's ``expected_facility`` (the author's estimate the equal-forms assembly uses): checked where items
are checked, edited as a percentage, and carried through QTI 3, CSV and GIFT."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.bank import load_seed_bank
from assessments.io.gift import export_gift, import_gift
from assessments.io.qti import export_qti3, import_qti3
from assessments.io.records import check_record
from assessments.io.tabular import export_csv, import_csv, record_to_row
from lti_tool.authoring.forms import form_from_record, record_from_form

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def bank():
    return load_seed_bank(ROOT / "config")


@pytest.fixture(scope="module")
def planted(bank):
    """A few seed items of different types, each with its own facility (one at 0.7 as a whole number's cousin)."""
    chosen = {}
    for record in bank.items:
        if record["type"] not in chosen and record["type"] != "ordering":
            chosen[record["type"]] = {**record, "expected_facility": 0.35 + 0.1 * len(chosen)}
    return list(chosen.values())


def _by_key(records):
    return {r["key"]: r for r in records}


def test_qti_round_trip_keeps_the_facility(bank, planted):
    result = import_qti3(export_qti3(planted, bank.cases), bank.model, known_cases=bank.cases)
    assert result.errors == []
    assert {k: r["expected_facility"] for k, r in _by_key(result.records).items()} == \
        {r["key"]: r["expected_facility"] for r in planted}


def test_csv_round_trip_keeps_the_facility(bank, planted):
    result = import_csv(export_csv(planted), bank.model)
    assert result.errors == []
    assert result.records == planted
    assert record_to_row(planted[0])["expected_facility"] == planted[0]["expected_facility"]


def test_gift_round_trip_keeps_the_facility(bank, planted):
    result = import_gift(export_gift(planted), bank.model)
    assert result.errors == []
    assert {k: r["expected_facility"] for k, r in _by_key(result.records).items()} == \
        {r["key"]: r["expected_facility"] for r in planted}


def test_a_dutch_decimal_comma_in_a_csv_cell_is_read(bank, planted):
    text = export_csv(planted[:1]).replace(f",{planted[0]['expected_facility']},", ",\"0,8\",")
    assert import_csv(text, bank.model).records[0]["expected_facility"] == 0.8


@pytest.mark.parametrize("value", [0, 1, 1.5, -0.2, "high", True])
def test_a_facility_outside_0_and_1_is_refused(bank, planted, value):
    problems = check_record({**planted[0], "expected_facility": value}, bank.model)
    assert any("expected_facility must be a number between 0 and 1" in p for p in problems)


def test_a_csv_cell_that_is_not_a_share_is_reported(bank, planted):
    text = export_csv(planted[:1]).replace(f",{planted[0]['expected_facility']},", ",veel,")
    assert any("expected_facility" in str(e) for e in import_csv(text, bank.model).errors)


def test_the_editor_reads_and_shows_a_percentage(bank, planted):
    form = form_from_record(planted[0])
    assert form["expected_facility"] == "35"
    record, errors = record_from_form({**form, "expected_facility": "62,5"}, bank.model, "linda")
    assert errors == [] and record["expected_facility"] == 0.625
    record, errors = record_from_form({**form, "expected_facility": ""}, bank.model, "linda")
    assert errors == [] and "expected_facility" not in record
    for typed in ("0", "100", "veel"):
        _record, errors = record_from_form({**form, "expected_facility": typed}, bank.model, "linda")
        assert any(e.startswith("expected_facility:") for e in errors)


def test_a_sheet_from_before_the_column_still_imports(bank, planted):
    lines = export_csv([{k: v for k, v in planted[0].items() if k != "expected_facility"}]).splitlines()
    header = lines[0].split(",")
    at = header.index("expected_facility")
    old = "\n".join(",".join(cell for i, cell in enumerate(line.split(",")) if i != at) for line in lines[:1])
    result = import_csv(old + "\n" + _drop_cell(lines[1], at), bank.model)
    assert result.errors == [] and "expected_facility" not in result.records[0]


def _drop_cell(line: str, at: int) -> str:
    import csv
    import io

    cells = next(csv.reader(io.StringIO(line)))
    del cells[at]
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()
