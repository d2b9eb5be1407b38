"""The reminders page at organisation scale: HR searches a manager or team member, narrows to a department
or a reason, and pages through the managers; the mail-merge CSV follows the same narrowing."""

from __future__ import annotations

import re

import pytest

from tests.dates import iso_today
from tests.e2e.test_certification import HR_ROWS, import_hr, reports_user
from tests.lti_client import create_link, register

MANAGERS = 45


def hr_file() -> str:
    """HR_ROWS's header and 45 managers (in two departments) with two team members each."""
    rows = [HR_ROWS[0]]
    for m in range(MANAGERS):
        department = "Zorg" if m % 3 == 0 else "Inkoop"
        rows.append([f"M-{m:03d}", f"Manager {m:03d}", f"manager{m:03d}@voorbeeldgroep.nl", department, "Utrecht",
                     "Zakelijk", "teamleider", "laag", "", "2015-01-01", "", ""])
        for k in range(2):
            # one member hired long ago (deadline passed), one 75 days ago (3 months' onboarding: deadline soon)
            hired = "2016-01-01" if k == 0 else iso_today(-75)
            rows.append([f"E-{m:03d}-{k}", f"Medewerker {m:03d}-{k}", "", department, "Utrecht", "Zakelijk",
                         "medewerker", "laag", f"M-{m:03d}", hired, "", ""])
    return "\n".join(";".join(row) for row in rows) + "\n"


@pytest.fixture
def hr(tool, platform, browser):
    reg = register(browser, platform, tool)
    staff = reports_user(tool, platform, create_link(platform, reg.client_id), "priya", "hr")
    import_hr(staff, hr_file())
    return staff


def managers_on(page: str) -> list[str]:
    return re.findall(r'<h2 id="mgr-\d+">([^<]+?) <span', page)


def test_the_managers_come_in_pages_of_twenty(hr):
    first = hr.get_reports("/reminders", as_of=iso_today()).text
    count = first.split('id="reminder-count" role="status">', 1)[1].split("</p>", 1)[0]
    assert "46 managers" in count and "page 1 of 3" in count  # 45 managers and "no manager known" (their own)
    seen = managers_on(first)
    assert len(seen) == 20
    for page in (2, 3):
        seen += managers_on(hr.get_reports("/reminders", as_of=iso_today(), page=str(page)).text)
    assert len(seen) == 46 and len(set(seen)) == 46
    assert 'rel="next"' in first and 'aria-current="page"' in first
    past_the_end = hr.get_reports("/reminders", as_of=iso_today(), page="9").text
    assert len(managers_on(past_the_end)) == 6  # past the end: the last page


def test_search_department_and_reason_narrow_the_page_and_the_csv(hr):
    one = hr.get_reports("/reminders", as_of=iso_today(), q="Medewerker 007-1").text
    assert managers_on(one) == ["Manager 007"] and "Medewerker 007-1" in one and "Medewerker 007-0" not in one
    by_manager = hr.get_reports("/reminders", as_of=iso_today(), q="manager012@voorbeeldgroep.nl").text
    # his team's reminders, and his own (he is late himself; he has no manager on file)
    assert managers_on(by_manager) == ["Manager 012", "(no manager known)"] and "Medewerker 012-0" in by_manager
    care = hr.get_reports("/reminders", as_of=iso_today(), department="Zorg").text
    care_count = care.split('id="reminder-count"', 1)[1].split("</p>", 1)[0]
    assert "45 reminders" in care_count and "16 managers" in care_count  # 15 teams, and the 15 managers' own
    soon = hr.get_reports("/reminders", as_of=iso_today(), reason="soon", department="Zorg", format="csv")
    lines = soon.content.decode("utf-8-sig").splitlines()
    body = lines[lines.index("") + 2:] if "" in lines else lines[1:]
    members = [line for line in body if line.split(",")[3].startswith("Medewerker")]
    assert len(members) == 15 and all(line.split(",")[3].endswith("-1") for line in members)  # the new hires only
    assert len(body) == 30 and all(",Zorg,deadline soon," in line for line in body)  # and the managers' own
    passed = hr.get_reports("/reminders", as_of=iso_today(), reason="passed", q="Medewerker 030").text
    assert "Medewerker 030-0" in passed and "Medewerker 030-1" not in passed
    nobody = hr.get_reports("/reminders", as_of=iso_today(), q="Niemand Bestaat").text
    assert "No reminder matches." in nobody and managers_on(nobody) == []
    assert hr.get_reports("/reminders", as_of=iso_today(), reason="late").status_code == 400
    assert hr.get_reports("/reminders", as_of=iso_today(), page="0").status_code == 400
