"""The People list over HTTP: search, filters, sort, pages and bad parameters, and a manager's team scope
that a search cannot leave."""

from __future__ import annotations

import re

import pytest

from tests.dates import iso_today
from tests.e2e.test_certification import HR_ROWS, course, import_hr, reports_user  # noqa: F401

NAMES = [row[1] for row in HR_ROWS[1:]]


def names(page) -> list[str]:
    """The people listed, in page order."""
    assert page.status_code == 200, page.text
    body = page.text.split("<tbody>")[1].split("</tbody>")[0]
    return [n for n in re.findall(r'title="[^"]*">([^<]+)</a> ·', body)]


@pytest.fixture
def hr(tool, platform, course):  # noqa: F811
    _reg, link = course
    staff = reports_user(tool, platform, link, "priya", "hr")
    import_hr(staff)
    staff.link = link
    return staff


def test_search_filters_sort_and_pages(hr):
    today = iso_today()
    everyone = names(hr.get_reports("/people", as_of=today))
    assert set(everyone) >= set(NAMES) and everyone == sorted(everyone, key=str)  # by name
    assert names(hr.get_reports("/people", as_of=today, q="DE VRIES")) == ["Sanne de Vries"]
    assert names(hr.get_reports("/people", as_of=today, q="vg-2000")) == ["Anna Bakker", "Bram de Wit", "Chantal Smit",
                                                                           "Dirk Mulder", "Esra Yilmaz"]
    assert names(hr.get_reports("/people", as_of=today, q="eva.jansen@")) == ["Eva Jansen"]
    assert names(hr.get_reports("/people", as_of=today, q="%")) == []  # a wildcard is a literal character
    assert names(hr.get_reports("/people", as_of=today, department="Financiën")) == ["Dirk Mulder", "Esra Yilmaz"]
    assert names(hr.get_reports("/people", as_of=today, location="Groningen", function_group="medewerker")) == [
        "Dirk Mulder", "Esra Yilmaz", "Eva Jansen"]
    assert names(hr.get_reports("/people", as_of=today, status="left")) == ["Chantal Smit"]
    # one status per person: a leaver past a deadline is "left", not also late, in the list and in its filter
    listed = hr.get_reports("/people", as_of=today).text
    chantal = listed.split("Chantal Smit</a>")[1].split("</tr>")[0]
    assert 'data-status="left"' in chantal and "left the organisation" in chantal and "late (" not in chantal
    late_cells = re.findall(r'data-status="late"><strong>late \(', listed)
    assert late_cells and len(late_cells) == listed.count("late (") == len(
        names(hr.get_reports("/people", as_of=today, status="late")))
    audit = hr.get_reports("/export", format="csv", as_of=today).content.decode("utf-8-sig")
    header = next(line for line in audit.splitlines() if "days late" in line).split(",")
    row = next(line for line in audit.splitlines() if "Chantal Smit" in line).split(",")
    assert row[header.index("status")] == "left the organisation" and row[header.index("days late")] == ""
    for status in ("valid", "on_track", "late", "not_required"):
        page = hr.get_reports("/people", as_of=today, status=status)
        assert "Chantal Smit" not in names(page)
        assert set(re.findall(r'data-status="([a-z_]+)"', page.text)) <= {status}
    by_dept = names(hr.get_reports("/people", as_of=today, sort="department", order="desc", q="VG-"))
    assert by_dept.index("Sanne de Vries") < by_dept.index("Dirk Mulder")  # Klantenservice before Financiën
    late = hr.get_reports("/people", as_of=today, sort="days_late", order="desc")
    days = [int(d) for d in re.findall(r"late \((\d+) days\)", late.text)]
    assert days == sorted(days, reverse=True)
    typed = hr.get_reports("/people", as_of=today, q="Bakker", department="Klantenservice")
    assert 'value="Bakker"' in typed.text and '<option value="Klantenservice" selected>' in typed.text


def test_paging_keeps_the_other_parameters(hr):
    today = iso_today()
    for n in range(60):
        HR_ROWS.append([f"VG-3{n:04d}", f"Zz Extra {n:02d}", f"x{n}@example.nl", "Extra", "Delft", "", "medewerker",
                        "laag", "", "2020-01-01", "", ""])
    try:
        import_hr(hr, "\n".join(";".join(r) for r in HR_ROWS) + "\n")
    finally:
        del HR_ROWS[-60:]
    first = hr.get_reports("/people", as_of=today, department="Extra")
    assert len(names(first)) == 50 and "60 people" in first.text and "page 1 of 2" in first.text
    link = re.search(r'rel="next" href="([^"]+)"', first.text)
    assert link and "department=Extra" in link.group(1) and "page=2" in link.group(1)
    second = hr.browser.get(hr.base.split("/s/")[0] + link.group(1).replace("&amp;", "&"))
    assert names(second) == [f"Zz Extra {n:02d}" for n in range(50, 60)]
    assert len(names(hr.get_reports("/people", as_of=today, department="Extra", size="100"))) == 60
    assert names(hr.get_reports("/people", as_of=today, department="Extra", page="9")) == []


@pytest.mark.parametrize("name,value", [("page", "0"), ("page", "x"), ("page", "-1"), ("size", "75"),
                                        ("sort", "salary"), ("order", "up"), ("status", "gone"), ("level", "guru"),
                                        ("q", "\x00"), ("department", "x" * 300)])
def test_bad_parameters_are_refused(hr, name, value):
    page = hr.get_reports("/people", **{name: value})
    assert page.status_code == 400 and name in page.text


def test_a_managers_search_stays_in_the_team(tool, platform, hr):
    today = iso_today()
    manager = reports_user(tool, platform, hr.link, "mohammed")
    team = names(manager.get_reports("/people", as_of=today))
    assert "Sanne de Vries" in team and "Dirk Mulder" not in team
    assert names(manager.get_reports("/people", as_of=today, q="Dirk")) == []
    assert names(manager.get_reports("/people", as_of=today, department="Financiën")) == []
    page = manager.get_reports("/people", as_of=today)
    assert "Financiën" not in page.text  # the filter offers only the team's departments
