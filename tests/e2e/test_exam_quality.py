"""The exam quality report over real HTTP, on SQLite and PostgreSQL: 400 simulated attempts with known 2PL
parameters and one item planted to be harder in Dutch, stored as the delivery stores them; L&D opens the
pages, downloads the table, calibrates from the page and the command line."""

from __future__ import annotations

import csv
import io
import re
import uuid

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from assessments.psychometrics.report import AttemptScores, ItemAnswer
from lti_tool.authoring.queries import newest_versions
from lti_tool.db.models import Attempt, AuditEntry, CalibrationRun, ItemCalibration, Person, ResourceLink, Response
from tests.e2e.test_report_parameters import session_with
from tests.lti_client import Browser, create_link, csrf_token, launch, register
from tests.simulated_exam import simulate


def store(tool, link: ResourceLink, label: str, attempts: list[AttemptScores], keys: dict[str, tuple[str, int]]):
    """Write attempts and responses as delivery leaves them after a submit (one person each)."""
    with tool.svc.db.transaction() as db:
        for n, attempt in enumerate(attempts):
            person = Person(platform_id=link.platform_id, subject=f"{label}-{n}", name=f"Candidate {n}",
                            department=attempt.groups["department"], location=attempt.groups["location"])
            db.add(person)
            db.flush()
            layout = [{"position": i + 1, "item_key": keys[a.item_key][0], "item_version_id": keys[a.item_key][1]}
                      for i, a in enumerate(attempt.answers)]
            raw = attempt.raw
            row = Attempt(id=str(uuid.uuid4()), platform_id=link.platform_id, person_id=person.id,
                          resource_link_pk=link.id, exam_key=label.split("@")[0], blueprint_version=label, seed=n,
                          locale=attempt.answers[0].language, status="submitted", score_raw=raw,
                          score_max=len(layout), passed=raw >= 0.7 * len(layout), layout=layout)
            db.add(row)
            for entry, answer in zip(layout, attempt.answers, strict=True):
                db.add(Response(attempt_id=row.id, position=entry["position"], item_version_id=entry["item_version_id"],
                                response=["a"], fraction=answer.fraction, language=answer.language))


@pytest.fixture
def exam(tool, platform, browser):
    reg = register(browser, platform, tool)
    launch(browser, platform, create_link(platform, reg.client_id)["id"], "sanne")
    sim = simulate(n_attempts=400, n_items=30, per_form=20, seed=21)
    with tool.svc.db.session() as db:
        me = db.scalars(select(Person)).one()
        link = db.scalars(select(ResourceLink)).one()
        db.expunge(link)
        basic = newest_versions(db, "approved", "basic")
        advanced = newest_versions(db, "approved", "advanced")
    keys = {f"q{i:02d}": (item.item_key, item.id) for i, item in enumerate(basic[:30])}
    rare = (basic[30].item_key, basic[30].id)
    for attempt in sim.attempts[:15]:  # a question only 15 attempts got
        keys_in = [a.item_key for a in attempt.answers]
        swap = next(k for k in reversed(keys_in) if k != "q00")
        attempt.answers[keys_in.index(swap)] = ItemAnswer("rare", 1.0, attempt.answers[0].language)
    keys["rare"] = rare
    store(tool, link, "basic@1", sim.attempts, keys)
    small = simulate(n_attempts=12, n_items=15, per_form=10, dif_item=None, seed=4)
    store(tool, link, "advanced@1", small.attempts,
          {f"q{i:02d}": (item.item_key, item.id) for i, item in enumerate(advanced[:15])})
    sid = session_with(tool, me, {"ld"}, "en")
    return {"sid": sid, "planted": keys["q00"][0], "rare": rare[0], "person": me}


def rows_of(html: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r'<tr id="item-([^"]+)">(.*?)</tr>', html, re.S)}


def dif_class(row_html: str) -> str | None:
    cell = re.search(r'class="dif-language">(.*?)</td>', row_html, re.S).group(1)
    found = re.search(r"<strong>([ABC])</strong>", cell)
    return found.group(1) if found else None


def figure(html: str, name: str) -> float:
    return float(re.search(rf"<dt>{re.escape(name)}</dt><dd>([0-9.,]+)", html).group(1).replace(",", "."))


def test_report_pages_downloads_and_calibration(tool, exam):
    base = f"{tool.url}/s/{exam['sid']}/quality"
    with Browser() as client:
        index = client.get(base + "/")
        assert index.status_code == 200 and "basic@1" in index.text
        page = client.get(base + "/exams/basic@1")
        assert page.status_code == 200
        assert 0.6 <= figure(page.text, "Reliability (Cronbach's α)") <= 0.95
        assert 60 <= figure(page.text, "Decision consistency") <= 100  # percent
        rows = rows_of(page.text)
        assert dif_class(rows[exam["planted"]]) == "C"
        assert "check the translation" in rows[exam["planted"]]
        clean = [dif_class(html) for key, html in rows.items() if key not in (exam["planted"], exam["rare"])]
        assert clean.count("A") >= 0.8 * len(clean) and "C" not in clean
        assert "too few responses" in rows[exam["rare"]] and dif_class(rows[exam["rare"]]) is None
        assert "No calibration of this level yet" in page.text

        small = client.get(base + "/exams/advanced@1")
        assert small.status_code == 200 and "Not shown: fewer than 30 finished attempts" in small.text
        assert "<dt>Reliability" not in small.text and "Standard error of measurement" not in small.text
        assert all(dif_class(html) is None and "too few responses" in html for html in rows_of(small.text).values())

        token = csrf_token(index.text)
        refused = client.post(base + "/calibrate", data={"csrf_token": token, "level": "basic", "model": "2pl"})
        assert refused.status_code == 400 and "Tick the box to confirm" in refused.text
        assert '<option value="2pl" selected>' in refused.text
        too_few = client.post(base + "/calibrate", data={"csrf_token": token, "level": "advanced", "model": "rasch",
                                                         "confirm": "yes"})
        assert too_few.status_code == 400 and "Too few finished attempts to calibrate" in too_few.text
        done = client.post(base + "/calibrate", data={"csrf_token": token, "level": "basic", "model": "2pl",
                                                      "confirm": "yes"})
        assert done.status_code == 302
        with tool.svc.db.session() as db:
            run = db.scalars(select(CalibrationRun)).one()
            assert (run.level, run.model, run.attempts) == ("basic", "2pl", 400)
            stored = {c.item_key: c for c in db.scalars(select(ItemCalibration)
                                                         .where(ItemCalibration.run_id == run.id))}
            assert exam["rare"] not in stored and len(stored) == 30
            assert db.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "items.calibrated")) == 1

        page = client.get(base + "/exams/basic@1")
        assert 0.6 <= figure(page.text, "Marginal reliability") <= 0.95
        assert 'id="test-information-t"' in page.text and "Without parameters" in page.text
        item = client.get(f"{base}/exams/basic@1/items/{exam['planted']}")
        assert item.status_code == 200 and 'id="icc-t"' in item.text and "check the translation" in item.text
        switched = client.post(base.removesuffix("/quality") + "/language",
                               data={"csrf_token": csrf_token(item.text), "lang": "nl"})
        assert switched.status_code == 303
        dutch = client.get(f"{base}/exams/basic@1/items/{exam['planted']}").text
        desc = dutch.split('id="icc-d">', 1)[1].split("</desc>", 1)[0]
        assert re.search(r"\d,\d\d; ", desc) and not re.search(r"\d\.\d", desc)  # Dutch decimals, ";" between
        client.post(base.removesuffix("/quality") + "/language", data={"csrf_token": csrf_token(dutch), "lang": "en"})

        grouped = client.get(base + "/exams/basic@1", params={"grouping": "department", "reference": "Finance",
                                                               "focal": "Legal"})
        assert grouped.status_code == 200 and "DIF Legal vs Finance" in grouped.text
        assert client.get(base + "/exams/basic@1", params={"grouping": "salary"}).status_code == 400
        assert client.get(base + "/exams/basic@1", params={"reference": "Nowhere"}).status_code == 400
        assert client.get(base + "/exams/no-such@x").status_code == 404
        assert client.get(base + "/exams/basic@1/items/nope").status_code == 404

        check_downloads(client, base, exam)


def check_downloads(client, base: str, exam: dict) -> None:
    text = client.get(base + "/exams/basic@1/items.csv").content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    header_at = next(i for i, line in enumerate(lines) if line and line[0] == "Question")
    header, body = lines[header_at], {line[0]: line for line in lines[header_at + 1:]}
    assert body[exam["planted"]][header.index("DIF Dutch/English class")] == "C"
    assert body[exam["rare"]][header.index("DIF Dutch/English delta")] == ""
    book = load_workbook(io.BytesIO(client.get(base + "/exams/basic@1/items.xlsx").content))
    sheet = book.active
    head = [c.value for c in sheet[1]]
    assert head[0] == "Question" and sheet["A1"].font.bold
    by_key = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    planted = by_key[exam["planted"]]
    assert isinstance(planted[head.index("Answers")], int) and isinstance(planted[head.index("Facility")], float)
    assert isinstance(planted[head.index("Difficulty b")], float)
    assert planted[head.index("DIF Dutch/English delta")] < -1.5
    assert sheet.column_dimensions["A"].width >= 10


def test_calibrate_from_the_command_line(tool, exam):
    runner = tool.app.test_cli_runner()
    result = runner.invoke(args=["bank", "calibrate", "--level", "basic", "--model", "rasch"])
    assert result.exit_code == 0, result.output
    assert "rasch on 400 attempts, 30 items" in result.output and exam["rare"] in result.output
    refused = runner.invoke(args=["bank", "calibrate", "--level", "advanced"])
    assert refused.exit_code != 0 and "Te weinig afgeronde pogingen" in refused.output and ": 12," in refused.output
    with tool.svc.db.session() as db:
        assert [r.model for r in db.scalars(select(CalibrationRun))] == ["rasch"]


def test_hr_has_no_exam_quality_and_ciso_reads_it(tool, exam):
    hr = session_with(tool, exam["person"], {"hr"}, "en")
    with Browser() as client:
        assert client.get(f"{tool.url}/s/{hr}/quality/exams/basic@1").status_code == 403
        ciso = session_with(tool, exam["person"], {"ciso"}, "nl")
        page = client.get(f"{tool.url}/s/{ciso}/quality/")
        assert page.status_code == 200 and 'action="' not in page.text.split("<h2>", 2)[-1].split("</table>")[-1]
