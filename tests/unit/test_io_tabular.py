"""CSV and XLSX: exact round trips of the seed bank and line-level errors for broken files."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from assessments.bank import load_seed_bank
from assessments.io.tabular import COLUMNS, export_csv, export_xlsx, import_csv, import_xlsx, record_to_row

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "tests" / "assets" / "io"


@pytest.fixture(scope="module")
def bank():
    return load_seed_bank(ROOT / "config")


def _single(bank):
    return next(i for i in bank.items if i["type"] == "single_choice" and i["level"] == "basic")


def _csv(rows: list[dict], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _row(bank, **changes):
    row = record_to_row(_single(bank))
    row.update(changes)
    return row


def _messages(res):
    return [str(e) for e in res.errors]


def test_csv_round_trip_all_seed_items(bank):
    res = import_csv(export_csv(bank.items), bank.model)
    assert res.errors == []
    assert res.records == bank.items


def test_dutch_excel_csv_with_semicolons_and_bom(bank):
    data = ("\ufeff" + export_csv(bank.items, delimiter=";")).encode("utf-8")
    res = import_csv(data, bank.model)
    assert res.errors == []
    assert res.records == bank.items


def test_xlsx_round_trip_all_seed_items(bank):
    data = export_xlsx(bank.items)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == COLUMNS
    res = import_xlsx(data, bank.model)
    assert res.errors == []
    assert res.records == bank.items


def test_text_starting_with_equals_is_not_a_formula(bank):
    record = dict(_single(bank), stem={"nl": "=SUM(A1)", "en": "=1+1 is two"})
    res = import_xlsx(export_xlsx([record]), bank.model)
    assert res.records[0]["stem"] == {"nl": "=SUM(A1)", "en": "=1+1 is two"}


def test_decimal_comma_and_pipe_lists(bank):
    numeric = dict(next(i for i in bank.items if i["type"] == "numeric"))
    row = record_to_row(numeric)
    row.update(answer="2,5", tolerance="0,5")
    short = dict(next(i for i in bank.items if i["type"] == "short_text"))
    short["accepted"] = {"nl": ["a|b", "c\\d"], "en": ["e"]}
    res = import_csv(_csv([row, record_to_row(short)], ";"), bank.model)
    assert res.errors == []
    assert (res.records[0]["answer"], res.records[0]["tolerance"]) == (2.5, 0.5)
    assert res.records[1]["accepted"] == {"nl": ["a|b", "c\\d"], "en": ["e"]}


# --- broken files ----------------------------------------------------------------------------------------------


def test_missing_columns(bank):
    res = import_csv((ASSETS / "broken" / "missing_columns.csv").read_text(encoding="utf-8"), bank.model)
    assert res.records == []
    assert _messages(res) == [
        "items.csv line 1: the header row has no column high_risk, author, policy_refs, case, scoring, stem_nl, "
        "stem_en, rationale_nl and 73 more; start from an exported file or the documented column list"]


def test_unknown_type(bank):
    res = import_csv(_csv([_row(bank, type="essay")]), bank.model)
    assert res.records == []
    assert _messages(res) == [
        f"items.csv line 2: question '{_single(bank)['key']}' has 'essay', which is not a question type; use one of: "
        "single_choice, multiple_response, true_false, ordering, matching, numeric, short_text"]


def test_unknown_competence(bank):
    res = import_csv(_csv([_row(bank), _row(bank, key="basic-new-1", competence="prompting")]), bank.model)
    assert res.records == []
    assert _messages(res) == [
        "items.csv line 3: question 'basic-new-1': the competence 'prompting' does not exist; use one of: "
        "safe-everyday-use, data-confidentiality-prompts, personal-data-privacy, checking-output-sources, "
        "bias-misleading-use, transparency, ai-tool-policy, ai-in-processes, risk-recognition, ai-governance-design"]


def test_level_not_offered_for_competence(bank):
    res = import_csv(_csv([_row(bank, competence="ai-governance-design")]), bank.model)
    assert res.records == []
    assert _messages(res) == [
        f"items.csv line 2: question '{_single(bank)['key']}': the competence 'ai-governance-design' has no level "
        "'basic'; it is assessed at: expert"]


def test_single_choice_with_two_correct(bank):
    res = import_csv(_csv([_row(bank, option_1_correct="yes", option_2_correct="ja", option_3_correct="nee",
                                option_4_correct="no")]), bank.model)
    assert res.records == []
    assert _messages(res) == [f"items.csv line 2: question '{_single(bank)['key']}': needs exactly one correct "
                              "option, has 2"]


def test_missing_english_stem(bank):
    res = import_csv(_csv([_row(bank, stem_en="  ")]), bank.model)
    assert res.records == []
    assert _messages(res) == [f"items.csv line 2: question '{_single(bank)['key']}' has no English question text "
                              "(stem)"]


def test_duplicate_key(bank):
    res = import_csv(_csv([_row(bank), _row(bank)]), bank.model)
    assert res.records == []
    assert _messages(res) == [f"items.csv line 3: the key '{_single(bank)['key']}' is used twice (also at items.csv "
                              "line 2); every question needs its own key"]


def test_non_numeric_tolerance(bank):
    numeric = next(i for i in bank.items if i["type"] == "numeric")
    row = record_to_row(numeric)
    row["tolerance"] = "ongeveer 2"
    res = import_csv(_csv([row]), bank.model)
    assert res.records == []
    assert _messages(res) == [
        "items.csv line 2: tolerance is 'ongeveer 2', which is not a number; write a number such as 72 or 0.5",
        f"items.csv line 2: question '{numeric['key']}': needs a tolerance of 0 or more (how far an answer may be "
        "off and still count)"]


def test_line_numbers_count_multiline_cells(bank):
    rows = [_row(bank, key="basic-a", stem_nl="regel 1\nregel 2"),
            _row(bank, key="basic-b", competence="ai-governance-design")]
    res = import_csv(_csv(rows), bank.model)
    assert [e.location for e in res.errors] == ["items.csv line 4"]


def test_xlsx_with_empty_required_cell(bank):
    data = export_xlsx(bank.items[:3])
    workbook = load_workbook(io.BytesIO(data))
    workbook.active.cell(row=3, column=COLUMNS.index("competence") + 1).value = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    res = import_xlsx(buffer.getvalue(), bank.model, filename="vragen.xlsx")
    assert res.records == []
    assert _messages(res) == [
        "vragen.xlsx row 3: the cell 'competence' is empty; it must be filled in",
        f"vragen.xlsx row 3: question '{bank.items[1]['key']}' has no competence; use one of: safe-everyday-use, "
        "data-confidentiality-prompts, personal-data-privacy, checking-output-sources, bias-misleading-use, "
        "transparency, ai-tool-policy, ai-in-processes, risk-recognition, ai-governance-design"]


def test_xlsx_that_is_not_excel(bank):
    res = import_xlsx(b"key,competence\n", bank.model)
    assert res.records == []
    assert _messages(res) == ["items.xlsx: this is not an Excel (.xlsx) file; save it as 'Excel Workbook (.xlsx)'"]


def test_csv_with_too_many_rows(bank):
    row = _row(bank)
    lines = [",".join(COLUMNS)]
    body = io.StringIO()
    csv.writer(body, lineterminator="\n").writerow([row[c] for c in COLUMNS])
    lines.extend(body.getvalue().rstrip("\n") for _ in range(10_001))
    res = import_csv("\n".join(lines), bank.model)
    assert res.records == []
    assert _messages(res) == ["items.csv line 10002: the file has more than 10,000 questions; split it into "
                              "smaller files"]


def test_xlsx_with_too_many_rows(bank):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for i in range(10_001):
        sheet.append([f"basic-x-{i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    res = import_xlsx(buffer.getvalue(), bank.model)
    assert res.records == []
    assert _messages(res) == ["items.xlsx row 10002: the file has more than 10,000 questions; split it into "
                              "smaller files"]


def test_csv_export_defuses_formulas_and_import_restores_them() -> None:
    from pathlib import Path

    from assessments.bank import load_seed_bank
    from assessments.io.tabular import export_csv, import_csv

    bank = load_seed_bank(Path(__file__).resolve().parents[2] / "config")
    record = dict(bank.items[0])
    record["stem"] = {"nl": '=HYPERLINK("http://evil")', "en": "+1 is not a formula here"}
    text = export_csv([record])
    assert "'=HYPERLINK" in text and "'+1 is" in text
    result = import_csv(text, bank.model)
    assert not result.errors
    assert result.records[0]["stem"] == record["stem"]
