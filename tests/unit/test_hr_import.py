"""HR exports: good CSV (comma; semicolon with BOM), good XLSX, and broken files with line-level errors."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from assessments.io import LineError
from assessments.io.hr import COLUMNS, MAX_ROWS, import_hr, import_hr_csv, import_hr_xlsx, parse_date

HEADER = ("employee_number,email,name,department,location,business_unit,function_group,risk_class,critical_process,"
          "manager_employee_number,hire_date,leave_date,lti_subject")
GOOD_CSV = (
    HEADER + "\n"
    "1001,ceo@example.com,Eva Jansen,Directie,Utrecht,Holding,Bestuur,hoog,,,2015-01-05,,lti-1001\n"
    "1002,jan.devries@example.com,Jan de Vries,Zorg,Utrecht,Zorg,Teamleider,hoog,Medicatieverstrekking,1001,"
    "01-03-2020,,lti-1002\n"
    "1003,zoe@example.com,Zoë Bakker,Zorg,Amersfoort,Zorg,Medewerker,midden,,1002,2021-9-1,31-12-2026,\n"
)
DUTCH_CSV = (
    "Personeelsnummer;E-mail;Naam;Afdeling;Locatie;Functiegroep;Risicoklasse;Kritiek proces;Manager;"
    "Datum in dienst;Datum uit dienst;Salaris\n"
    "1001;ceo@example.com;Eva Jansen;Directie;Utrecht;Bestuur;hoog;;;05-01-2015;;9000\n"
    "1002;jan.devries@example.com;Jan de Vries;Zorg;Utrecht;Teamleider;hoog;Medicatieverstrekking;1001;"
    "2020-03-01;;5000\n"
    "1003;zoe@example.com;Zoë Bakker;Zorg;Amersfoort;Medewerker;midden;;1002;01-09-2021;2026-12-31;4000\n"
)


def _check_good(result, *, with_subjects: bool = True):
    assert result.ok, [str(e) for e in result.errors]
    assert [p["employee_number"] for p in result.people] == ["1001", "1002", "1003"]
    first, second, third = result.people
    assert set(first) == set(COLUMNS)
    assert first["email"] == "ceo@example.com"
    assert first["manager_employee_number"] is None
    assert first["hire_date"] == dt.date(2015, 1, 5)
    assert first["leave_date"] is None
    assert second["department"] == "Zorg"
    assert second["critical_process"] == "Medicatieverstrekking"
    assert second["manager_employee_number"] == "1001"
    assert second["hire_date"] == dt.date(2020, 3, 1)
    assert third["name"] == "Zoë Bakker"
    assert third["risk_class"] == "midden"
    assert third["hire_date"] == dt.date(2021, 9, 1)
    assert third["leave_date"] == dt.date(2026, 12, 31)
    if with_subjects:
        assert [p["lti_subject"] for p in result.people] == ["lti-1001", "lti-1002", None]


def _xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fails(result, location: str, *fragments: str) -> None:
    assert result.people == []
    assert not result.ok
    matching = [e for e in result.errors if e.location == location and all(f in e.message for f in fragments)]
    assert matching, f"no error at {location} with {fragments}: {[str(e) for e in result.errors]}"


# --- good files --------------------------------------------------------------------------------------------


def test_comma_csv():
    result = import_hr_csv(GOOD_CSV.encode())
    _check_good(result)
    assert result.ignored_columns == []


def test_semicolon_csv_with_bom_and_dutch_headers():
    result = import_hr_csv("\ufeff".encode() + DUTCH_CSV.replace("\n", "\r\n").encode("utf-8"))
    _check_good(result, with_subjects=False)
    assert result.ignored_columns == ["Salaris"]
    assert all("Salaris" not in p and "9000" not in p.values() for p in result.people)
    assert result.people[0]["business_unit"] is None  # column absent


def test_xlsx_with_real_dates_and_numbers():
    data = _xlsx([
        ["Personeelsnummer", "E-mail", "Naam", "Afdeling", "Manager", "Datum in dienst", "Datum uit dienst",
         "lti_subject", "Risicoklasse"],
        [1001, "ceo@example.com", "Eva Jansen", "Directie", None, dt.datetime(2015, 1, 5), None, "lti-1001", "hoog"],
        [1002, "jan.devries@example.com", "Jan de Vries", "Zorg", 1001, "01-03-2020", None, "lti-1002", "hoog"],
        [],
        ["1003", "zoe@example.com", "Zoë Bakker", "Zorg", "1002", dt.date(2021, 9, 1), "2026-12-31", None, "midden"],
    ])
    result = import_hr_xlsx(data)
    assert result.ok, [str(e) for e in result.errors]
    assert [p["employee_number"] for p in result.people] == ["1001", "1002", "1003"]
    assert result.people[0]["hire_date"] == dt.date(2015, 1, 5)
    assert result.people[1]["manager_employee_number"] == "1001"
    assert result.people[1]["hire_date"] == dt.date(2020, 3, 1)
    assert result.people[2]["leave_date"] == dt.date(2026, 12, 31)
    assert result.people[2]["name"] == "Zoë Bakker"
    assert import_hr(data, "export.xlsx").people == result.people
    assert import_hr(data, "export.bin").people == result.people  # detected from the content


def test_known_managers_from_outside_the_file():
    text = HEADER + "\n2001,a@example.com,A,Zorg,,,,,,9999,,,\n"
    assert not import_hr_csv(text).ok
    result = import_hr_csv(text, known_managers={"9999"})
    assert result.ok and result.people[0]["manager_employee_number"] == "9999"


def test_parse_date():
    assert parse_date("2025-03-01") == parse_date("01-03-2025") == parse_date("1-3-2025") == dt.date(2025, 3, 1)
    assert parse_date("") is None
    for bad in ("2025/03/01", "03-01-25", "31-02-2024", "morgen"):
        with pytest.raises(ValueError):
            parse_date(bad)


# --- broken files ------------------------------------------------------------------------------------------


def test_missing_required_column():
    text = "email,name\na@example.com,A\n"
    _fails(import_hr_csv(text), "hr.csv line 1", "no column employee_number")


def test_two_columns_for_the_same_field():
    text = "employee_number,personeelsnummer,name\n1,1,A\n"
    _fails(import_hr_csv(text), "hr.csv line 1", "'employee_number' and 'personeelsnummer'", "keep one")


def test_duplicate_employee_number():
    text = HEADER + "\n1001,a@example.com,A,,,,,,,,,,\n1002,b@example.com,B,,,,,,,,,,\n1001,c@example.com,C,,,,,,,,,,\n"
    _fails(import_hr_csv(text), "hr.csv line 4", "employee number 1001 is also on hr.csv line 2")


def test_empty_employee_number():
    text = HEADER + "\n1001,a@example.com,A,,,,,,,,,,\n,b@example.com,B,,,,,,,,,,\n"
    _fails(import_hr_csv(text), "hr.csv line 3", "employee_number is empty")


def test_bad_dates():
    text = (HEADER + "\n1001,a@example.com,A,,,,,,,,31-02-2024,,\n"
            "1002,b@example.com,B,,,,,,,,2024-01-01,2024/06/30,\n")
    result = import_hr_csv(text)
    _fails(result, "hr.csv line 2", "hire_date is '31-02-2024'", "YYYY-MM-DD")
    _fails(result, "hr.csv line 3", "leave_date is '2024/06/30'", "DD-MM-YYYY")


def test_leave_before_hire():
    text = HEADER + "\n1001,a@example.com,A,,,,,,,,2024-05-01,30-04-2024,\n"
    _fails(import_hr_csv(text), "hr.csv line 2", "leave_date 2024-04-30 is before hire_date 2024-05-01")


def test_unknown_manager():
    text = HEADER + "\n1001,a@example.com,A,,,,,,,,,,\n1002,b@example.com,B,,,,,,,4242,,,\n"
    _fails(import_hr_csv(text, known_managers={"1"}), "hr.csv line 3", "manager 4242 is not in this file")


def test_own_manager():
    text = HEADER + "\n1001,a@example.com,A,,,,,,,1001,,,\n"
    _fails(import_hr_csv(text), "hr.csv line 2", "cannot be their own manager")


def test_bad_email():
    text = HEADER + "\n1001,a@example.com,A,,,,,,,,,,\n1002,jan.devries(at)example.com,B,,,,,,,,,,\n"
    _fails(import_hr_csv(text), "hr.csv line 3", "email 'jan.devries(at)example.com' is not an e-mail address")


def test_duplicate_lti_subject():
    text = HEADER + "\n1001,,A,,,,,,,,,,lti-9\n1002,,B,,,,,,,,,,lti-9\n"
    _fails(import_hr_csv(text), "hr.csv line 3", "lti_subject lti-9 is also on hr.csv line 2")


def test_too_long_value():
    text = HEADER + f"\n{'9' * 65},,A,,,,,,,,,,\n"
    _fails(import_hr_csv(text), "hr.csv line 2", "employee_number is 65 characters long; at most 64")


def test_stray_separator():
    text = "employee_number,name\n1001,Jansen, Eva\n"
    _fails(import_hr_csv(text), "hr.csv line 2", "3 cells but the header has 2 columns")


def test_too_many_rows():
    lines = ["employee_number"] + [str(100_000 + i) for i in range(MAX_ROWS + 1)]
    result = import_hr_csv("\n".join(lines) + "\n")
    _fails(result, f"hr.csv line {MAX_ROWS + 2}", "more than 100,000 people")
    assert len(result.errors) == 1


def test_not_utf8():
    data = (HEADER + "\n1001,a@example.com,Zoë,,,,,,,,,,\n").encode("cp1252")
    _fails(import_hr_csv(data), "hr.csv", "not UTF-8", "CSV UTF-8")


def test_empty_and_header_only():
    _fails(import_hr_csv(b""), "hr.csv", "the file is empty")
    _fails(import_hr_csv(HEADER + "\n\n"), "hr.csv line 1", "no people")


def test_xlsx_errors_name_the_row():
    data = _xlsx([["employee_number", "hire_date", "manager"], [1, "2024-13-01", None], [2, None, 77]])
    result = import_hr_xlsx(data, filename="export.xlsx")
    _fails(result, "export.xlsx row 2", "hire_date is '2024-13-01'")
    _fails(result, "export.xlsx row 3", "manager 77 is not in this file")


def test_not_an_xlsx():
    _fails(import_hr_xlsx(b"employee_number\n1\n", filename="hr.xlsx"), "hr.xlsx", "not an Excel (.xlsx) file")
    broken = b"PK\x03\x04" + b"\x00" * 100
    result = import_hr(broken, "hr.xlsx")
    assert result.people == [] and result.errors


def test_every_problem_is_listed():
    text = (HEADER + "\n1001,bad-email,A,,,,,,,,2024-05-01,2024-04-01,\n"
            "1001,b@example.com,B,,,,,,,555,nope,,\n")
    result = import_hr_csv(text)
    assert result.people == []
    assert [e.location for e in result.errors] == ["hr.csv line 2", "hr.csv line 2", "hr.csv line 3",
                                                   "hr.csv line 3", "hr.csv line 3"]
    assert all(isinstance(e, LineError) for e in result.errors)


def test_function_groups_and_risk_classes_must_be_in_the_role_matrix_and_names_filled() -> None:
    from assessments.io.hr import Vocabulary

    vocabulary = Vocabulary(frozenset({"medewerker", "teamleider"}), frozenset({"laag", "midden", "hoog"}))
    text = ("personeelsnummer;naam;functiegroep;risicoklasse\n"
            "VG-1;Sanne de Vries;Medewerker;LAAG\n"  # case does not matter
            "VG-2;Tom Tovenaar;tovenaar;laag\n"
            "VG-3;Eva Extreem;medewerker;extreem\n"
            "VG-4;;medewerker;laag\n")
    result = import_hr_csv(text, vocabulary=vocabulary)
    assert not result.ok and result.people == []
    found = [(str(e.location), e.message.code) for e in result.errors]
    assert found == [("hr.csv line 3", "hr.unknown_function_group"), ("hr.csv line 4", "hr.unknown_risk_class"),
                     ("hr.csv line 5", "hr.name_empty")]
    assert "known: medewerker, teamleider" in str(result.errors[0].message)
    assert import_hr_csv(text.rsplit("VG-2", 1)[0], vocabulary=vocabulary).ok
    # a matrix that declares no vocabulary accepts any value; an empty name is refused all the same
    assert import_hr_csv(text.replace("VG-4;;", "VG-4;Iemand;")).ok
    assert [e.message.code for e in import_hr_csv(text).errors] == ["hr.name_empty"]
