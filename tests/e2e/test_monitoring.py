"""Monitoring for L&D over real HTTP (participation and pass rate per exam, department and period, the page and
its CSV, the small-group rule for the board and the works council), and the remarks on the rollout that the works
council and the board leave and L&D answers (issue 15)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

import pytest
from sqlalchemy import select

from lti_tool.db.models import Attempt, AuditEntry, Person, PhaseRemark, ResourceLink
from tests.e2e.test_authoring import as_user, grant
from tests.lti_client import create_link, register

#: the role matrix (config/role_matrix.yaml) requires basic of every "medewerker" from 2026-01-01
HIRED = dt.date(2020, 1, 1)
#: (department, people): Gamma is smaller than the aggregate audiences' minimum group (5)
DEPARTMENTS = {"Alfa": 12, "Beta": 9, "Gamma": 3, "Delta": 20}


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool)  # no grants: Linda is only a course teacher (LTI Instructor)
    return reg, create_link(platform, reg.client_id)


def _when(month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 0, tzinfo=dt.UTC)


#: per department, each person's attempts: (month, status, passed); people not listed took none
ATTEMPTS: dict[str, dict[int, list[tuple[int, str, bool | None]]]] = {
    "Alfa": {0: [(4, "submitted", True)], 1: [(4, "submitted", True)], 2: [(4, "submitted", True)],
             3: [(4, "submitted", True)], 4: [(4, "submitted", False), (5, "submitted", True)],
             5: [(4, "in_progress", None)], 6: [(5, "submitted", True)], 7: [(5, "timed_out", True)],
             8: [(5, "submitted", False)], 9: [(5, "in_progress", None)]},
    "Beta": {0: [(6, "submitted", True)], 1: [(6, "submitted", True)], 2: [(6, "submitted", True)],
             3: [(6, "submitted", False), (6, "submitted", False)], 4: [(6, "timed_out", False)],
             5: [(6, "submitted", False)]},
    "Gamma": {0: [(5, "submitted", True)], 1: [(5, "submitted", True)]},
    "Delta": {i: [(5, "submitted", True)] for i in range(10)}
    | {i: [(5, "submitted", False)] for i in range(10, 15)}
    | {i: [(5, "in_progress", None)] for i in range(15, 20)},
}


def seed(tool) -> None:
    """The departments' people (all required basic) and their attempts at the basic exam, in 2026 Q2."""
    with tool.svc.db.transaction() as db:
        link = db.scalars(select(ResourceLink)).first()
        assert link is not None
        for dept, size in DEPARTMENTS.items():
            for i in range(size):
                person = Person(platform_id=link.platform_id, subject=f"mon-{dept}-{i}", name=f"{dept} {i}",
                                department=dept, function_group="medewerker", risk_class="laag",
                                hire_date=HIRED)
                db.add(person)
                db.flush()
                for month, status, passed in ATTEMPTS[dept].get(i, []):
                    db.add(Attempt(id=str(uuid.uuid4()), platform_id=link.platform_id, person_id=person.id,
                                   resource_link_pk=link.id, exam_key="basic", blueprint_version="basic@1",
                                   seed=1, locale="nl", status=status, started_at=_when(month),
                                   submitted_at=_when(month, 11) if status != "in_progress" else None,
                                   passed=passed, layout=[]))


def _table(page: str) -> dict[tuple[str, str], list[str]]:
    """``(period, department) → [required, started, finished, passed, participation, pass rate]`` of the basic
    exam, read from the page's table."""
    rows = {}
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    for tr in body.split("<tr")[1:]:
        cells = [c.split(">", 1)[1].split("<")[0].strip() for c in tr.split("<t")[1:] if c[:1] in "dh"]
        if "(Basic)" in cells[1] or "(Basis)" in cells[1]:
            rows[(cells[0], cells[2])] = cells[3:]
    return rows


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    return lines[lines.index([]) + 1:]


def test_monitoring_counts_people_once_per_period_grouped_by_department(tool, platform, course):
    _reg, link = course
    grant(tool, platform, "vg-1004", "ld")
    ld = as_user(platform, link, "priya")
    seed(tool)
    page = ld.browser.get(f"{ld.base}/reports/monitoring", params={"start": "2026-Q2", "end": "2026-Q2"})
    assert page.status_code == 200, page.text
    rows = _table(page.text)
    # Alfa: 10 people started (Alfa 4 twice: counted once), 8 finished, 7 passed (Alfa 4 on the retake)
    assert rows[("2026-Q2", "Alfa")] == ["12", "10", "8", "7", "83%", "88%"]
    # Beta 3 failed twice: one person; counting attempts would say 7 started and 7 finished
    assert rows[("2026-Q2", "Beta")] == ["9", "6", "6", "3", "67%", "50%"]
    assert rows[("2026-Q2", "Gamma")] == ["3", "2", "2", "2", "67%", "100%"]  # L&D sees small groups
    assert rows[("2026-Q2", "Delta")] == ["20", "20", "15", "10", "100%", "67%"]
    # per month the same people fall apart: Alfa 4 counts in April and in May
    months = _table(ld.browser.get(f"{ld.base}/reports/monitoring",
                                   params={"grain": "month", "start": "2026-04", "end": "2026-05"}).text)
    assert months[("2026-04", "Alfa")][1:4] == ["6", "5", "4"]
    assert months[("2026-05", "Alfa")][1:4] == ["5", "4", "3"]
    assert ("2026-06", "Alfa") not in months
    # the CSV holds the same table
    export = ld.browser.get(f"{ld.base}/reports/monitoring.csv", params={"start": "2026-Q2", "end": "2026-Q2"})
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    lines = _csv(export)
    assert lines[0][:4] == ["Period", "Exam", "Level", "Department"]
    alfa = next(r for r in lines[1:] if r[3] == "Alfa" and r[2] == "Basic")
    assert alfa[4:] == ["12", "10", "8", "7", "83.3", "87.5"]
    # bad input: in words, never a 500
    assert ld.browser.get(f"{ld.base}/reports/monitoring", params={"grain": "week"}).status_code == 400
    backwards = ld.browser.get(f"{ld.base}/reports/monitoring", params={"start": "2026-Q3", "end": "2026-Q1"})
    assert backwards.status_code == 400 and "comes after" in backwards.text


def test_monitoring_for_the_board_hides_small_groups_whatever_the_filter(tool, platform, course):
    _reg, link = course
    grant(tool, platform, "vg-1004", "ld")
    grant(tool, platform, "vg-1006", "board")
    ld, board = as_user(platform, link, "priya"), as_user(platform, link, "daan")
    seed(tool)
    full = _table(ld.browser.get(f"{ld.base}/reports/monitoring",
                                 params={"start": "2026-Q1", "end": "2026-Q3"}).text)
    seen = {}
    for start, end in (("2026-Q2", "2026-Q2"), ("2026-Q1", "2026-Q3"), ("2026-Q1", "2026-Q2")):
        page = board.browser.get(f"{board.base}/reports/monitoring", params={"start": start, "end": end})
        assert page.status_code == 200, page.text
        rows = _table(page.text)
        assert rows[("2026-Q2", "Gamma")] == ["—"] * 6  # 3 people: nothing at all, not even a share
        assert rows[("2026-Q2", "Delta")][0] == "20"
        for key, cells in rows.items():  # what is shown is the true figure; the rest is hidden
            assert all(c == "—" or c == f for c, f in zip(cells, full[key], strict=True)), key
        if ("2026-Q2", "Alfa") in seen:  # decided across the calendar: the range chosen changes nothing
            assert rows[("2026-Q2", "Alfa")] == seen[("2026-Q2", "Alfa")]
        seen.update(rows)
    # a small count is never published: Alfa's 1 who failed and 2 who did not finish, Gamma's 3
    assert "—" in seen[("2026-Q2", "Alfa")]
    # aggregate audiences get completed quarters only: no months, no quarter still running
    assert board.browser.get(f"{board.base}/reports/monitoring", params={"grain": "month"}).status_code == 400
    assert board.browser.get(f"{board.base}/reports/monitoring", params={"end": "2026-Q4"}).status_code == 400
    lines = _csv(board.browser.get(f"{board.base}/reports/monitoring.csv",
                                   params={"start": "2026-Q2", "end": "2026-Q2"}))
    gamma = next(r for r in lines[1:] if r[3] == "Gamma" and r[2] == "Basic")
    assert gamma[4:] == [""] * 6


def test_monitoring_permissions_and_languages(tool, platform, course):
    _reg, link = course
    grant(tool, platform, "vg-1005", "works_council")
    teacher = as_user(platform, link, "linda")  # LTI Instructor, no grant
    assert teacher.browser.get(f"{teacher.base}/reports/monitoring").status_code == 403
    assert teacher.browser.get(f"{teacher.base}/reports/monitoring.csv").status_code == 403
    employee = as_user(platform, link, "sanne")
    assert employee.browser.get(f"{employee.base}/reports/monitoring").status_code == 403
    council = as_user(platform, link, "joost", language="nl")
    page = council.browser.get(f"{council.base}/reports/monitoring")
    assert page.status_code == 200 and "Deelname" in page.text and "Participation" not in page.text
    english = as_user(platform, link, "joost")
    page = english.browser.get(f"{english.base}/reports/monitoring")
    assert page.status_code == 200 and "Participation" in page.text and "Deelname" not in page.text


def _gov_post(staff, path, data):
    return staff.browser.post(f"{staff.base}/governance{path}", data={"csrf_token": staff.token, **data})


def test_the_works_council_and_the_board_remark_on_the_pilot_and_ld_answers(tool, platform, course):
    _reg, link = course
    grant(tool, platform, "vg-1005", "works_council")
    grant(tool, platform, "vg-1006", "board")
    grant(tool, platform, "vg-1004", "ld")
    council, board, ld = (as_user(platform, link, "joost"), as_user(platform, link, "daan"),
                          as_user(platform, link, "priya"))
    teacher = as_user(platform, link, "linda")
    assert _gov_post(teacher, "/rollout/remarks", {"phase": "pilot-zorg", "text": "x"}).status_code == 403
    # too long: refused in words at the field, the text kept as typed
    long = _gov_post(council, "/rollout/remarks", {"phase": "pilot-zorg", "text": "Lang " + "y" * 4000})
    assert long.status_code == 400 and "4005 characters long" in long.text
    assert 'aria-invalid="true"' in long.text and "Lang yyyy" in long.text
    empty = _gov_post(council, "/rollout/remarks", {"phase": "pilot-zorg", "text": "  "})
    assert empty.status_code == 400 and "Write the remark" in empty.text
    assert _gov_post(council, "/rollout/remarks", {"phase": "pilot-zorg", "text": "OR wil de evaluatie zien"}
                     ).status_code == 303
    assert _gov_post(board, "/rollout/remarks", {"phase": "pilot-zorg", "text": "Graag kosten per deelnemer"}
                     ).status_code == 303
    # each sees the other's remark with role and date
    page = board.browser.get(f"{board.base}/governance/rollout").text
    assert "OR wil de evaluatie zien" in page and "Joost Bakker (works council)" in page
    page = council.browser.get(f"{council.base}/governance/rollout").text
    assert "Graag kosten per deelnemer" in page and "Daan Visser (board)" in page
    assert "Save answer" not in page  # only L&D answers
    with tool.svc.db.session() as db:
        remark = db.scalars(select(PhaseRemark).where(PhaseRemark.role == "works_council")).one()
        created = remark.created_at
    assert created.date().isoformat() in page or str(created.year) in page
    # the council may not answer; L&D answers and marks it handled, audit-logged
    answer = f"/rollout/remarks/{remark.id}/answer"
    assert _gov_post(council, answer, {"answer": "zelf"}).status_code == 403
    assert _gov_post(ld, answer, {"answer": ""}).status_code == 400
    assert _gov_post(ld, "/rollout/remarks/999999/answer", {"answer": "x"}).status_code == 404
    assert _gov_post(ld, answer, {"answer": "Komt in het Q3-verslag", "handled": "1"}).status_code == 303
    page = council.browser.get(f"{council.base}/governance/rollout").text
    assert "Komt in het Q3-verslag" in page and "[handled]" in page
    with tool.svc.db.session() as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "rollout.remark_answered")).one()
        assert entry.actor == "Priya Ramdin" and entry.after == {"answer": "Komt in het Q3-verslag", "handled": True}
    dutch = as_user(platform, link, "joost", language="nl")
    page = dutch.browser.get(f"{dutch.base}/governance/rollout").text
    assert "Opmerkingen per fase" in page and "[afgehandeld]" in page
