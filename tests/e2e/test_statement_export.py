"""``flask xapi export`` over real exams: the journal and the real LRS (Ralph) hold the statements; the README's
DuckDB SQL over the Parquet export answers the analyst questions as the LRS does, read page by page."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from demo_lms.testing import start_platform
from lti_tool.db.models import Statement, utcnow
from lti_tool.outbox import send_statements
from tests.conftest import RunningTool, provision_database, running_tool
from tests.e2e.test_exam_flow import correct_answers
from tests.lti_client import Browser, create_link, csrf_token, launch, register
from xapi.statement_table import columns
from xapi.vocabulary import ToolIris

README = Path(__file__).resolve().parents[2] / "README.md"
#: learner → questions answered correctly (of 20; fewer than the pass mark fails): two departments twice
LEARNERS = {"sanne": 20, "mohammed": 4, "eva": 20, "joost": 3}


@dataclass
class Exams:
    tool: RunningTool
    journaled_by: dt.datetime  # every statement was journaled before this and delivered after it
    started: dt.datetime


def take_exam(browser: Browser, platform: Any, tool: RunningTool, link_id: str, user: str, correct: int) -> None:
    """Launch, answer the first ``correct`` questions correctly, and submit (confirming unanswered ones)."""
    page = launch(browser, platform, link_id, user)
    attempt_id = re.search(r"/attempt/([^/]+)/q/", str(page.url)).group(1)
    answers = correct_answers(tool, attempt_id)
    base = str(page.url).rsplit("/q/", 1)[0]
    for position in range(1, correct + 1):
        response = browser.post(f"{base}/q/{position}", data={"csrf_token": csrf_token(page.text),
                                                               "answer": answers[position], "go": "next"})
        assert response.status_code == 303
        page = browser.follow(response)
    submitted = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(page.text), "confirmed": "1"})
    assert submitted.status_code == 303, submitted.text


@pytest.fixture(scope="module")
def exams(lrs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exams]:
    folder = tmp_path_factory.mktemp("export")
    platform = start_platform(port=0, control_api=True)
    started = utcnow() - dt.timedelta(seconds=1)
    try:
        with provision_database("postgresql", folder) as url, running_tool(url, lrs, folder / "instance") as tool:
            with Browser() as admin:
                link = create_link(platform, register(admin, platform, tool).client_id)
            for user, correct in LEARNERS.items():
                with Browser() as browser:
                    take_exam(browser, platform, tool, link["id"], user, correct)
            journaled_by = utcnow()
            report = send_statements(tool.svc.db, tool.svc.settings)  # "late": stored after journaled_by
            assert report.failed == 0 and report.sent > 100  # more than one LRS page
            yield Exams(tool, journaled_by, started)
    finally:
        platform.stop()


def cli(tool: RunningTool, *args: str) -> Any:
    return tool.app.test_cli_runner().invoke(args=["xapi", "export", *args])


def export(exams: Exams, out: Path, *args: str, fmt: str = "parquet") -> Path:
    result = cli(exams.tool, "--since", exams.started.isoformat(), "--format", fmt, "--out", str(out), *args)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return out


def lrs_pages(tool: RunningTool, **params: str) -> list[dict[str, Any]]:
    """What the README's ``statements`` shell function does: limit=100, then every ``more`` on the LRS host."""
    settings = tool.svc.settings
    origin = httpx.URL(settings.lrs_endpoint).copy_with(path="/", query=None)
    found: list[dict[str, Any]] = []
    with httpx.Client(auth=(settings.lrs_username, settings.lrs_password),
                      headers={"X-Experience-API-Version": "1.0.3"}) as client:
        page = client.get(settings.lrs_endpoint.rstrip("/") + "/statements", params={"limit": 100, **params}).json()
        while True:
            assert len(page["statements"]) <= 100
            found.extend(page["statements"])
            if not page.get("more"):
                return found
            page = client.get(str(origin.join(page["more"]))).json()


def journal_ids(tool: RunningTool) -> list[str]:
    with tool.svc.db.session() as db:
        return list(db.scalars(select(Statement.id)))


def test_the_journal_export_has_one_row_per_statement_and_the_documented_columns(exams, tmp_path):
    table = pq.read_table(export(exams, tmp_path / "s.parquet"))
    iris = exams.tool.svc.iris
    assert table.column_names == [c.name for c in columns(iris)]
    ids = table.column("id").to_pylist()
    assert len(ids) == len(set(ids)) and sorted(ids) == sorted(journal_ids(exams.tool))
    readme = README.read_text()
    assert [name for name in table.column_names if f"`{name}`" not in readme] == []
    rows = table.to_pylist()
    passed = [r for r in rows if r["verb"] == "passed"]
    assert len(passed) == 2 and all(r["score_scaled"] == 1.0 and r["success"] is True for r in passed)
    assert {r["ctx_department"] for r in passed} == {"Klantenservice", "Financiën"}
    earned = [r for r in rows if r["verb"] == "earned"]
    assert all(r["res_valid_until"] > r["timestamp"] and r["ctx_certificate_id"] for r in earned)
    assert all(json.loads(r["statement"])["id"] == r["id"] for r in rows)
    assert {r["ctx_item_version"] for r in rows if r["verb"] == "scored"} >= {1}


def test_the_lrs_export_windows_on_stored_time_and_follows_every_page(exams, tmp_path):
    """Every statement was journaled before ``journaled_by`` and delivered after it: an LRS export since then
    holds all of them, a journal export none, and the LRS asked with since (on timestamp) gives none."""
    since = exams.journaled_by.isoformat()
    late = pq.read_table(export(exams, tmp_path / "lrs.parquet", "--source", "lrs", "--since", since))
    ids = late.column("id").to_pylist()
    assert len(ids) == len(set(ids)) and sorted(ids) == sorted(journal_ids(exams.tool)) and len(ids) > 100
    assert all(stored > exams.journaled_by for stored in late.column("stored").to_pylist())
    assert pq.read_table(export(exams, tmp_path / "j.parquet", "--since", since)).num_rows == 0
    # the same rows as from the journal, but for the stored time and the LRS's additions to the statement
    journal = pq.read_table(export(exams, tmp_path / "all.parquet")).drop_columns(["stored", "statement"])
    assert sorted(late.drop_columns(["stored", "statement"]).to_pylist(), key=lambda r: r["id"]) == sorted(
        journal.to_pylist(), key=lambda r: r["id"])
    iris = exams.tool.svc.iris
    assert lrs_pages(exams.tool, activity=iris.category, related_activities="true", since=since) == []


def test_the_jsonl_export_has_the_same_rows(exams, tmp_path):
    lines = export(exams, tmp_path / "s.jsonl", fmt="jsonl").read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    assert list(rows[0]) == [c.name for c in columns(exams.tool.svc.iris)]
    assert sorted(r["id"] for r in rows) == sorted(journal_ids(exams.tool))
    assert all(r["statement"]["id"] == r["id"] and r["timestamp"].endswith("Z") for r in rows)


def readme_sql() -> tuple[str, dict[str, str]]:
    """The README's DuckDB setup block and its questions (``-- question: <name>`` blocks)."""
    blocks = re.findall(r"```sql\n(.*?)```", README.read_text(), re.DOTALL)
    setup = [b for b in blocks if "CREATE VIEW statements" in b]
    questions = {re.match(r"-- question: (.*)\n", b).group(1): b for b in blocks if b.startswith("-- question:")}
    assert len(setup) == 1 and len(questions) == 4
    return setup[0], questions


def duckdb_answers(parquet: Path, variables: dict[str, str]) -> dict[str, list[tuple]]:
    setup, questions = readme_sql()
    setup = setup.replace("'statements.parquet'", f"'{parquet}'")
    for name, value in variables.items():  # the README's example values, replaced by this run's
        setup = re.sub(rf"(SET VARIABLE {name} = (?:TIMESTAMPTZ )?)'[^']*'", rf"\g<1>'{value}'", setup)
    with duckdb.connect() as con:
        con.execute(setup)
        return {name: con.execute(sql).fetchall() for name, sql in questions.items()}


def ext(statement: dict, iris: ToolIris, name: str) -> Any:
    return (statement.get("context") or {}).get("extensions", {}).get(iris.extension(name))


def lrs_answers(tool: RunningTool, item: str, since: str, until: str) -> dict[str, list[tuple]]:
    """The README's curl/jq questions, computed over the LRS's pages."""
    iris, adl = tool.svc.iris, "http://adlnet.gov/expapi/verbs/"
    every = lrs_pages(tool, activity=iris.category, related_activities="true")
    earned = lrs_pages(tool, verb="http://id.tincanapi.com/verb/earned", activity=iris.certificate("basic"),
                       since=since, until=until)
    scored = lrs_pages(tool, verb=adl + "scored", activity=iris.item(item))
    started = lrs_pages(tool, verb=adl + "initialized", activity=iris.exam("basic"), since=since)
    departments = Counter(ext(s, iris, "department") or "(unknown)" for s in started)
    people = Counter(d for d, _ in {(ext(s, iris, "department") or "(unknown)", s["actor"]["account"]["name"])
                                    for s in started})
    return {
        "statements per verb": sorted(Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in every).items()),
        "who passed": sorted((s["actor"]["account"]["homePage"], s["actor"]["account"]["name"],
                              dt.datetime.fromisoformat(s["timestamp"]), ext(s, iris, "certificate-id"))
                             for s in earned),
        "answers to one question": sorted(
            (key[0], key[1], key[2], n) for key, n in
            Counter((ext(s, iris, "item-version"), s["result"]["response"], s["result"]["success"])
                    for s in scored).items()),
        "attempts per department": sorted((d, n, people[d]) for d, n in departments.items()),
    }


def test_the_readme_sql_answers_as_the_lrs_does(exams, tmp_path):
    parquet = export(exams, tmp_path / "statements.parquet")
    with exams.tool.svc.db.session() as db:  # the question answered most often
        scored = [b for b in db.scalars(select(Statement.body).where(Statement.verb.like("%/scored")))]
    item = Counter(b["object"]["id"].rsplit("/", 1)[-1] for b in scored).most_common(1)[0][0]
    since, until = exams.started.isoformat(), (utcnow() + dt.timedelta(minutes=1)).isoformat()
    sql = duckdb_answers(parquet, {"since": since, "until": until, "level": "basic", "exam": "basic", "item": item})
    sql["who passed"] = sorted((h, n, t.astimezone(dt.UTC), c) for h, n, t, c in sql["who passed"])
    lrs = lrs_answers(exams.tool, item, since, until)
    assert sql == lrs
    assert [name for _, name, _, _ in lrs["who passed"]] and len(lrs["who passed"]) == 2
    assert ("Klantenservice", 2, 2) in lrs["attempts per department"]
    assert sum(n for _, n in lrs["statements per verb"]) > 100


def test_an_export_since_after_every_statement_is_an_empty_valid_file(exams, tmp_path):
    later = (utcnow() + dt.timedelta(days=1)).isoformat()
    for fmt, name in (("parquet", "empty.parquet"), ("jsonl", "empty.jsonl")):
        for source in ("journal", "lrs"):
            out = tmp_path / f"{source}-{name}"
            result = cli(exams.tool, "--since", later, "--format", fmt, "--out", str(out), "--source", source)
            assert result.exit_code == 0 and "exported 0 statements" in result.output, result.output
            if fmt == "parquet":
                table = pq.read_table(out)
                assert table.num_rows == 0 and table.column_names == [c.name for c in columns(exams.tool.svc.iris)]
            else:
                assert out.read_text() == ""


@pytest.mark.parametrize(("args", "says"), [
    (["--since", "last tuesday"], "not a date"),
    (["--since", "2026-02-01", "--until", "2026-01-01"], "must be later than --since"),
    (["--since", "2026-01-01", "--format", "xlsx"], "'xlsx' is not one of"),
    (["--since", "2026-01-01", "--source", "ftp"], "'ftp' is not one of"),
    (["--format", "parquet"], "Missing option '--since'"),
    (["--since", "2026-01-01", "--out", "/no/such/folder/s.parquet"], "does not exist"),
])
def test_bad_arguments_say_what_is_wrong_and_exit_2(exams, tmp_path, args, says):
    defaults = {"--format": "parquet", "--out": str(tmp_path / "s.parquet")}
    full = [*args, *(x for k, v in defaults.items() if k not in args for x in (k, v))]
    result = cli(exams.tool, *full)
    assert result.exit_code == 2 and says in result.output, result.output
    assert not (tmp_path / "s.parquet").exists()
