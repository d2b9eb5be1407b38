"""The works council cannot learn one leaver's status by comparing report dates (issue 11, trust boundary).

One employee of Klantenservice leaves on 2026-05-15; in the same quarter six people join Financiën. The test
builds that organisation twice — the leaver certified, and the leaver not certified — and reads every page the
works council can reach over real HTTP: only completed quarter ends can be chosen, the days around the last day
show the quarter end before them, and every figure published for a quarter end after the last day is the same
in both worlds, for every grouping, level mix and the rollout progress. What differs is only the quarter end
when the leaver was still employed, where they are one of at least ``min_n`` people.

The groups are large enough that the leaver's status does not change *which* cells that earlier quarter end
hides (it changes their values only): what is hidden later may depend on what was published earlier, which
the reader already has.
"""

from __future__ import annotations

import datetime as dt
import re

import httpx
import pytest
from sqlalchemy import delete, select

from lti_tool.db.models import Certificate, Person
from lti_tool.reports.views import DIMENSIONS, MIX_DIMENSIONS
from tests.e2e.test_report_parameters import session_with  # the one place roles are given
from tests.lti_client import create_link, launch, register

LAST_DAY = dt.date(2026, 5, 15)
QUARTER_BEFORE, QUARTER_AFTER = dt.date(2026, 3, 31), dt.date(2026, 6, 30)
HTML = {"Accept": "text/html"}


def employee(platform_id: int, number: str, department: str, location: str, unit: str, *,
             hired: dt.date = dt.date(2020, 1, 1), left: dt.date | None = None, process: str | None = None) -> Person:
    return Person(platform_id=platform_id, subject=f"hr-{number}", name=f"Medewerker {number}",
                  employee_number=number, department=department, location=location, business_unit=unit,
                  function_group="medewerker", risk_class="laag", critical_process=process, hire_date=hired,
                  left_on=left)


def certificate(person: Person, number: int) -> Certificate:
    issued = dt.datetime(2026, 2, 1, 9, 0, tzinfo=dt.UTC)
    return Certificate(id=f"cert-{number}", platform_id=person.platform_id, person_id=person.id, level="basic",
                       issued_at=issued, valid_until=issued.replace(year=2028), statement_ids=[])


@pytest.fixture
def organisation(tool, platform, browser) -> tuple[Person, str]:
    """The launched person (whose session we borrow) and the leaver's employee number."""
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "joost")
    with tool.svc.db.transaction() as db:
        me = db.scalars(select(Person)).one()
        pid = me.platform_id
        staff = [employee(pid, "L-1", "Klantenservice", "Utrecht", "Particulieren", left=LAST_DAY,
                          process="betalingen")]
        staff += [employee(pid, f"K-{i}", "Klantenservice", "Utrecht", "Particulieren", process="betalingen")
                  for i in range(11)]
        staff += [employee(pid, f"F-{i}", "Financiën", "Rotterdam", "Zakelijk") for i in range(10)]
        staff += [employee(pid, f"N-{i}", "Financiën", "Rotterdam", "Zakelijk", hired=dt.date(2026, 5, 1))
                  for i in range(6)]
        staff += [employee(pid, f"I-{i}", "ICT", "Groningen", "Zakelijk") for i in range(8)]
        db.add_all(staff)
        db.flush()
        # the leaver, 5 of the 11 others in Klantenservice, 5 of 10 in Financiën, 4 of 8 in ICT; the six new
        # hires have none
        certified = [staff[0], *staff[1:6], *staff[12:17], *staff[28:32]]
        db.add_all(certificate(p, i) for i, p in enumerate(certified))
    with tool.svc.db.session() as db:
        me = db.get(Person, me.id)
    return me, "L-1"


def rows_of(page: str, table: int) -> list[list[str]]:
    """The cells (header and data) of the ``table``-th table on a page, row by row."""
    body = re.findall(r"<table>(.*?)</table>", page, re.S)[table]
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body,
                                                                                       re.S)]


def published(page: str) -> dict[str, list[list[str]]]:
    """What a page publishes for its own quarter end: coverage, level mix and late groups (tables 0–2), and the
    trend rows for quarter ends after the last day (earlier rows are the quarter when the leaver was there)."""
    trend = [row for row in rows_of(page, 3) if not row[0][:4].isdigit() or row[0] >= QUARTER_AFTER.isoformat()]
    return {"coverage": rows_of(page, 0), "mix": rows_of(page, 1), "late": rows_of(page, 2), "trend": trend}


def offered(page: str) -> list[str]:
    select_ = re.search(r'<select id="as_of" name="as_of">(.*?)</select>', page, re.S)
    assert select_ is not None, "aggregate audiences choose a quarter end from a list"
    return re.findall(r'<option value="([0-9-]+)"', select_.group(1))


def read_everything(client: httpx.Client, base: str) -> dict[tuple, object]:
    first = client.get(f"{base}/reports/")
    assert first.status_code == 200
    ends = offered(first.text)
    seen: dict[tuple, object] = {("ends",): ends}
    for end in ends:
        for by in DIMENSIONS:
            for mix_by in MIX_DIMENSIONS:
                page = client.get(f"{base}/reports/", params={"as_of": end, "by": by, "mix_by": mix_by})
                assert page.status_code == 200, page.text[:300]
                seen[("overview", end, by, mix_by)] = published(page.text)
        rollout = client.get(f"{base}/governance/rollout", params={"as_of": end})
        assert rollout.status_code == 200 and offered(rollout.text) == ends
        seen[("rollout", end)] = rows_of(rollout.text, 0)
    return seen


def test_the_works_council_cannot_difference_a_leaver_out_of_two_dates(tool, organisation):
    me, leaver = organisation
    sid = session_with(tool, me, {"works_council"}, "en")
    base = f"{tool.url}/s/{sid}"
    with httpx.Client(timeout=120, headers=HTML) as client:
        # only completed quarter ends are offered; the days around the last day show the quarter end before them
        ends = offered(client.get(f"{base}/reports/").text)
        assert ends[-1] < dt.date.today().isoformat() and QUARTER_BEFORE.isoformat() in ends
        for end in ends:
            day = dt.date.fromisoformat(end)
            assert (day + dt.timedelta(days=1)).day == 1 and day.month in (3, 6, 9, 12)
        around = [client.get(f"{base}/reports/", params={"as_of": (LAST_DAY + dt.timedelta(days=d)).isoformat()})
                  for d in (0, 1)]
        exact = client.get(f"{base}/reports/", params={"as_of": QUARTER_BEFORE.isoformat()})
        for page in around:
            assert page.status_code == 200 and "the quarter end before it" in page.text
            assert published(page.text) == published(exact.text)
        # nothing person-level, no export
        for path in ("/reports/people", "/reports/reminders", "/reports/export"):
            assert client.get(base + path, params={"format": "csv"}).status_code == 403
        certified_world = read_everything(client, base)

    with tool.svc.db.transaction() as db:  # the other world: the leaver never held a certificate
        person = db.scalars(select(Person).where(Person.employee_number == leaver)).one()
        db.execute(delete(Certificate).where(Certificate.person_id == person.id))
    with httpx.Client(timeout=120, headers=HTML) as client:
        uncertified_world = read_everything(client, base)

    assert certified_world.keys() == uncertified_world.keys()
    after = [key for key in certified_world if len(key) > 1 and key[1] >= QUARTER_AFTER.isoformat()]
    assert len(after) >= len(DIMENSIONS) * len(MIX_DIMENSIONS) + 1
    for key in after:
        assert certified_world[key] == uncertified_world[key], key
    # the quarter when the leaver was employed does differ: the worlds are really different, the leaver is one
    # of at least min_n people there
    before = ("overview", QUARTER_BEFORE.isoformat(), "department", "risk_class")
    assert certified_world[before] != uncertified_world[before]
    total = certified_world[before]["coverage"][-1]  # type: ignore[index]
    assert total[0] == "Total" and int(total[1]) >= tool.svc.certification.min_group_size
    assert pattern(certified_world[before]) == pattern(uncertified_world[before])  # the premise (docstring)
    later = certified_world[("overview", QUARTER_AFTER.isoformat(), "department", "risk_class")]
    assert later["coverage"][-1][1].isdigit()  # type: ignore[index]  # not vacuous: the headcount is published


def pattern(tables: object) -> object:
    """Which cells are hidden ("—"), not their values."""
    return {name: [[cell == "—" for cell in row] for row in rows] for name, rows in tables.items()}  # type: ignore


def test_what_is_hidden_says_why_in_the_chart_and_the_late_table(tool, organisation):
    """A group of 11 hidden because a leaver changed it by one (not because it is small): the chart's words give
    both reasons, and the late table does not claim that no group is behind when it lists none of the hidden."""
    me, _leaver = organisation
    sid = session_with(tool, me, {"works_council"}, "en")
    with httpx.Client(timeout=120, headers=HTML) as client:
        page = client.get(f"{tool.url}/s/{sid}/reports/", params={"as_of": QUARTER_AFTER.isoformat()}).text
    klantenservice = next(row for row in rows_of(page, 0) if row[0] == "Klantenservice")
    assert klantenservice[1:] == ["—"] * 4  # 11 people on the day, hidden all the same
    reason = "Klantenservice: hidden (fewer than 5 people, or a figure they could be worked out from)"
    assert reason in page and "Klantenservice: hidden (fewer than 5 people);" not in page
    assert rows_of(page, 2)[1:] == [["No group whose numbers are shown is behind."]]
    assert "No group is behind." not in page
