"""Benchmark: deadline day. Many employees take the basic exam at the same time; afterwards
nothing may be missing: every attempt submitted and graded, every statement at the LRS, every
score at the platform, each exactly once.

    .venv/bin/python benchmarks/bench_deadline_day.py [--employees 500] [--questions 20] [--think 15]
        [--ramp 30] [--workers 2] [--threads 8] [--runs 2]

A quick run: ``--employees 30 --think 1 --ramp 5``. ``--runs 2`` runs it twice (each on a fresh database and
server) and reports both runs' figures, suffixed ``_run1`` and ``_run2``.

The tool runs with its DEFAULT rate limits (issue 17: the earlier figures were taken with the launch limit
raised to 10^6 per minute). All employees come from one address (127.0.0.1), as a company behind one NAT
address does: the per-address limits on the launch steps must let the whole arrival through, and everything
after the launch is counted per person. A 429 is an error like any other.

Production shape, all on 127.0.0.1: the tool under gunicorn (gthread workers) on a fresh
PostgreSQL database (created here, dropped at the end) with Redis for launch state, sessions and
rate-limit counters (``AIDIP_REDIS_URL``), the statement and score sender running beside it as
``flask --app wsgi worker --interval 1``, a real LRS (Ralph, demo_lrs) and the platform played
by benchmarks/platform_emulator.py (keys, JWKS, OAuth2 token and AGS score endpoints).

Every employee is a different person and does what the browser does (lti_tool/static/exam.js
and the exam pages): OIDC login and launch; the start page and its Start button; the first
question page; for each question, after thinking, the autosave ``fetch`` (``multipart/form-data``
from ``new FormData(form)``, with the page's CSRF token, ``Accept: application/json``), then "Save
and next" (a form post, 303 to the next page) and that page; the review page, the submit form, the
result page. Static files are left out (a browser caches them).

Think time (``--think``, seconds per question, each pause drawn uniformly from 0.5x to 1.5x;
default 15): people need 20-60 s for a question, so 15 s is a fast pace — with 500 people
mid-exam it offers about 95 requests/s, twice what 500 people at a realistic 30 s would, and the
run still takes about 6-8 minutes on a busy 2-core machine. Without think time, 500 "users" on 2
cores would only measure a queue. Arrivals are spread over ``--ramp`` seconds (default 30).

Figures (RESULT lines): errors (every unexpected answer, 429 included, and every problem found afterwards;
limit 0), and the autosave p99 separately for the arrival burst (autosaves begun before the last employee
reached their first question, i.e. while launches and draws still compete for the CPU) and after it; limit
300 ms each, baseline the autosave p50 of the same run. A probe requests ``/healthz`` (no database) every
100 ms during the load: what the server's queueing alone costs at that moment, printed beside them.

Afterwards: resident memory (VmRSS from /proc) of every gunicorn worker and of the sender.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (
    BIN,
    ROOT,
    Gunicorn,
    WorkerSettings,
    flask_cli,
    fresh_database,
    percentile,
    postgres_cpu_snapshot,
    postgres_cpu_used,
    proc_rss_kib,
    result,
    tool_env,
)
from platform_emulator import Employee, LaunchFailed, LaunchTimer, Platform, login_and_launch
from rawhttp import Client, HttpError, Response

from demo_lrs import start_lrs

LRS_PASSWORD = "bench-password"  # noqa: S105 - a throwaway local LRS
DEPARTMENTS = ("Finance", "HR", "IT", "Legal", "Operations", "Sales")
LOCATIONS = ("Utrecht", "Amsterdam", "Eindhoven")
AUTOSAVE = "POST answer (autosave)"
ORDER = ("GET /lti/login", "POST /lti/launch", "GET start page", "POST start", "GET question", AUTOSAVE,
         "POST answer (save and next)", "GET review", "POST submit", "GET result", "GET /healthz (probe)")


# --- the pages, read as the browser's form would be ------------------------------------------------


@dataclass
class QuestionForm:
    action: str
    csrf: str
    choices: list[str] = field(default_factory=list)  # radio buttons
    boxes: list[str] = field(default_factory=list)  # check boxes
    selects: list[list[str]] = field(default_factory=list)  # ordering / matching: options per select
    ordering: bool = False
    text: str | None = None  # "number" or "text" input

    def answer(self, rng: random.Random) -> list[str]:
        """Values for the form's ``answer`` fields, in document order, as a person might fill them."""
        if self.choices:
            return [rng.choice(self.choices)]
        if self.boxes:
            return rng.sample(self.boxes, rng.randint(1, len(self.boxes)))
        if self.selects and self.ordering:  # every option once
            return rng.sample(self.selects[0], len(self.selects))
        if self.selects:
            return [rng.choice(options) for options in self.selects]
        if self.text == "number":
            return [str(rng.randint(1, 100))]
        return ["ja"]


FORM = re.compile(r'<form method="post" id="answer-form" action="([^"]+)">')
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
INPUT = re.compile(r'<input type="(radio|checkbox)" name="answer" id="[^"]*" value="([^"]*)"')
SELECT = re.compile(r'<select name="answer"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')
SUBMIT = re.compile(r'<form method="post" action="([^"]+/submit)">')


def question_form(page: str) -> QuestionForm:
    action, csrf = FORM.search(page), CSRF.search(page)
    if action is None or csrf is None:
        raise ValueError("no answer form on the question page")
    form = QuestionForm(html.unescape(action.group(1)), html.unescape(csrf.group(1)))
    for kind, value in INPUT.findall(page):
        (form.choices if kind == "radio" else form.boxes).append(html.unescape(value))
    form.selects = [[html.unescape(v) for v in OPTION.findall(block)] for block in SELECT.findall(page)]
    form.ordering = 'class="ordering"' in page
    if 'inputmode="decimal" name="answer"' in page:
        form.text = "number"
    elif 'type="text" name="answer"' in page:
        form.text = "text"
    if not (form.choices or form.boxes or form.selects or form.text):
        raise ValueError("no answer fields on the question page")
    return form


# --- the load ---------------------------------------------------------------------------------------


class Unexpected(Exception):
    """A request whose answer was not what the browser expects."""


@dataclass
class Load:
    url: str
    http: Client
    platform: Platform
    args: argparse.Namespace
    timer: LaunchTimer = field(default_factory=LaunchTimer)
    errors: list[str] = field(default_factory=list)
    finished: dict[str, str] = field(default_factory=dict)  # subject -> attempt id
    active: int = 0
    started: float = field(default_factory=time.perf_counter)
    saves: list[tuple[float, float]] = field(default_factory=list)  # autosave: (began, seconds), from ``started``
    arrived: list[float] = field(default_factory=list)  # when each employee reached their first question

    async def call(self, name: str, request, expect: int) -> Response:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            response = await request
        except HttpError as exc:
            raise Unexpected(f"{name}: {exc}") from exc
        self.timer.add(name, time.perf_counter() - started)
        if name == AUTOSAVE:
            self.saves.append((started - self.started, time.perf_counter() - started))
        if response.status_code != expect:
            raise Unexpected(f"{name} answered {response.status_code} (expected {expect}): {response.text[:300]}")
        return response

    def path(self, location: str) -> str:
        return location if location.startswith("http") else self.url + location

    async def employee(self, number: int, rng: random.Random) -> None:
        await asyncio.sleep(self.args.ramp * number / self.args.users)
        self.active += 1
        person = Employee(f"emp-{number:05d}", f"Employee Number{number}", department=rng.choice(DEPARTMENTS),
                          location=rng.choice(LOCATIONS), locale=rng.choice(("nl", "en")))
        try:
            launched = await login_and_launch(self.http, self.url, self.platform, person, "link-basic",
                                              timer=self.timer,
                                              check=lambda r: "/start" in (r.headers.get("location") or ""))
            rules = await self.call("GET start page", self.http.get(self.path(launched.headers["location"])), 200)
            csrf = CSRF.search(rules.text)
            if csrf is None:
                raise Unexpected("no Start form on the start page")
            await asyncio.sleep(rng.uniform(0.5, 2.0))  # reading the rules
            started = await self.call("POST start", self.http.post(
                self.path(launched.headers["location"]), [("csrf_token", html.unescape(csrf.group(1)))]), 303)
            page = await self.call("GET question", self.http.get(self.path(started.headers["location"])), 200)
            self.arrived.append(time.perf_counter() - self.started)
            for n in range(1, self.args.questions + 1):
                form = question_form(page.text)
                answer = form.answer(rng)
                await asyncio.sleep(self.args.think * rng.uniform(0.5, 1.5))
                saved = await self.call(AUTOSAVE, self.http.post_multipart(
                    self.path(form.action), [("csrf_token", form.csrf), *(("answer", a) for a in answer)],
                    headers={"Accept": "application/json"}), 200)
                if saved.json().get("saved") is not True:
                    raise Unexpected(f"autosave did not save: {saved.text[:200]}")
                await asyncio.sleep(rng.uniform(0.3, 1.0))  # then the click on "Save and next"
                go = "next" if n < self.args.questions else "review"
                moved = await self.call("POST answer (save and next)", self.http.post(
                    self.path(form.action), [("csrf_token", form.csrf), *(("answer", a) for a in answer),
                                             ("go", go)]), 303)
                location = moved.headers["location"]
                page = await self.call("GET question" if "/q/" in location else "GET review",
                                       self.http.get(self.path(location)), 200)
            submit, csrf = SUBMIT.search(page.text), CSRF.search(page.text)
            if submit is None or csrf is None:
                raise Unexpected("no submit form on the review page")
            await asyncio.sleep(rng.uniform(0.5, 2.0))
            done = await self.call("POST submit", self.http.post(
                self.path(html.unescape(submit.group(1))), [("csrf_token", html.unescape(csrf.group(1))),
                                                            ("confirmed", "1")]), 303)  # as confirmed, if asked
            result = await self.call("GET result", self.http.get(self.path(done.headers["location"])), 200)
            attempt = re.search(r"/attempt/([0-9a-f-]{36})/result", done.headers["location"])
            if attempt is None or "result" not in result.text.lower():
                raise Unexpected("the submit did not lead to the attempt's result page")
            self.finished[person.sub] = attempt.group(1)
        except (Unexpected, LaunchFailed, ValueError, KeyError) as exc:
            self.errors.append(f"{person.sub}: {exc}")
        finally:
            self.active -= 1

    async def probe(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.call("GET /healthz (probe)", self.http.get(self.url + "/healthz"), 200)
            except Unexpected as exc:
                self.errors.append(f"probe: {exc}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.1)

    async def run(self) -> float:
        rngs = [random.Random(n) for n in range(self.args.users)]
        stop = asyncio.Event()
        probe = asyncio.create_task(self.probe(stop))
        self.started = started = time.perf_counter()
        await asyncio.gather(*(self.employee(n, rngs[n]) for n in range(self.args.users)))
        elapsed = time.perf_counter() - started
        stop.set()
        await probe
        return elapsed


def split_at_arrival(load: Load) -> tuple[list[float], list[float], float]:
    """Autosave latencies begun during the arrival burst and after it, and when the burst ended (seconds into
    the run: the last employee on their first question)."""
    end = max(load.arrived, default=0.0)
    return [s for began, s in load.saves if began < end], [s for began, s in load.saves if began >= end], end


# --- afterwards: was anything lost? ------------------------------------------------------------------


def outbox_state(dsn: str) -> dict[str, dict[str, int]]:
    with psycopg.connect(dsn) as conn:
        return {table: dict(conn.execute(f"SELECT status, count(*) FROM {table} GROUP BY status").fetchall())  # noqa: S608
                for table in ("statements", "score_outbox")}


def wait_for_delivery(dsn: str, timeout: float) -> tuple[dict[str, dict[str, int]], float]:
    started = time.perf_counter()
    while True:
        state = outbox_state(dsn)
        pending = sum(n for table in state.values() for status, n in table.items() if status != "sent")
        if pending == 0 or time.perf_counter() - started > timeout:
            return state, time.perf_counter() - started
        time.sleep(1)


def lrs_statement_ids(url: str, auth: tuple[str, str]) -> list[str]:
    """Every statement id the LRS holds, page by page through its ``more`` links."""
    ids: list[str] = []
    with httpx.Client(auth=auth, headers={"X-Experience-API-Version": "1.0.3"}, timeout=120) as client:
        next_url: str | None = url + "statements?limit=100"
        while next_url:
            body = client.get(next_url).raise_for_status().json()
            ids.extend(s["id"] for s in body["statements"])
            more = body.get("more")
            next_url = urljoin(next_url, more) if more and body["statements"] else None
    return ids


@dataclass
class Verified:
    problems: list[str]
    attempts: int
    journaled: int
    at_lrs: int
    scores_queued: int


def verify(dsn: str, load: Load, platform: Platform, lrs_url: str, lrs_auth: tuple[str, str]) -> Verified:
    """Everything that must hold after the run."""
    problems: list[str] = []
    with psycopg.connect(dsn) as conn:
        attempts = conn.execute(
            "SELECT p.subject, a.id, a.status, a.score_raw, a.score_max, a.passed, "
            "(SELECT count(*) FROM responses r WHERE r.attempt_id = a.id AND r.response::text <> '[]') "
            "FROM attempts a JOIN people p ON p.id = a.person_id").fetchall()
        journal = {row[0] for row in conn.execute("SELECT id FROM statements").fetchall()}
        scores = conn.execute("SELECT user_id, status FROM score_outbox").fetchall()
    by_subject: dict[str, list[tuple]] = {}  # type: ignore[type-arg]
    for row in attempts:
        by_subject.setdefault(row[0], []).append(row)
    for subject, attempt_id in load.finished.items():
        rows = by_subject.get(subject, [])
        if len(rows) != 1:
            problems.append(f"{subject}: {len(rows)} attempts in the database (expected 1)")
            continue
        _, found_id, status, raw, maximum, passed, answered = rows[0]
        if found_id != attempt_id or status != "submitted" or raw is None or maximum is None or passed is None:
            problems.append(f"{subject}: attempt {found_id} is {status}, score {raw}/{maximum}, passed {passed}")
        if answered != load.args.questions:
            problems.append(f"{subject}: {answered} answers stored (expected {load.args.questions})")
    at_lrs = lrs_statement_ids(lrs_url, lrs_auth)
    if len(at_lrs) != len(set(at_lrs)):
        problems.append(f"the LRS holds {len(at_lrs) - len(set(at_lrs))} duplicate statements")
    if set(at_lrs) != journal:
        problems.append(f"journal {len(journal)} statements, LRS {len(set(at_lrs))}: "
                        f"{len(journal - set(at_lrs))} missing at the LRS, {len(set(at_lrs) - journal)} unknown there")
    unsent = [s for s in scores if s[1] != "sent"]
    if unsent:
        problems.append(f"{len(unsent)} scores not delivered")
    for subject in load.finished:
        if platform.scores.get(subject, 0) != 1:
            problems.append(f"{subject}: the platform received {platform.scores.get(subject, 0)} scores (expected 1)")
    return Verified(problems, len(attempts), len(journal), len(set(at_lrs)), len(scores))


# --- the run -------------------------------------------------------------------------------------------


def report_latencies(timer: LaunchTimer, elapsed: float) -> None:
    total = sum(len(v) for k, v in timer.samples.items() if "probe" not in k)
    print(f"\n{'endpoint':30s} {'requests':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}")
    for name in ORDER:
        values = timer.samples.get(name)
        if values:
            p50, p95, p99 = (1000 * percentile(values, q) for q in (50, 95, 99))
            print(f"{name:30s} {len(values):8d} {p50:8.1f} {p95:8.1f} {p99:8.1f} {1000 * max(values):8.1f}")
    print(f"{total} requests in {elapsed:.0f} s: {total / elapsed:.1f} requests/s (without the probe)")


@dataclass
class RunFigures:
    """One run's figures for the RESULT lines."""

    errors: int  # unexpected answers (429s included) and problems found afterwards
    employees: int
    burst: list[float]  # autosave seconds, begun during the arrival burst
    after: list[float]  # … and after it
    burst_end: float  # seconds into the run
    too_many: int  # of the errors: 429 Too Many Requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", "--users", dest="users", type=int, default=500,
                        help="employees, each a different person")
    parser.add_argument("--questions", type=int, default=20, help="questions answered per employee (<= 20)")
    parser.add_argument("--think", type=float, default=15.0, help="mean seconds per question (0.5x-1.5x)")
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which employees arrive")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", type=int, default=1, help="run it this many times, each reported")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11", help="AIDIP_REDIS_URL")
    parser.add_argument("--logs", default="", help="keep the logs (gunicorn, sender, LRS) in this folder")
    args = parser.parse_args()
    runs = []
    for number in range(1, args.runs + 1):
        print(f"\n=== run {number} of {args.runs} ===", flush=True)
        runs.append(run_once(args, number))
    print()
    for number, figures in enumerate(runs, 1):
        report(figures, f"_run{number}" if args.runs > 1 else "")
    if any(figures.errors for figures in runs):
        sys.exit(1)


def report(figures: RunFigures, suffix: str) -> None:
    everything = figures.burst + figures.after
    p50 = 1000 * percentile(everything, 50) if everything else 0.0
    result(f"deadline_day_errors{suffix}", figures.errors, figures.employees, higher_is_better=False, limit=0)
    for name, saves in (("burst", figures.burst), ("after", figures.after)):
        p99 = 1000 * percentile(saves, 99) if saves else float("nan")
        result(f"autosave_p99_{name}_ms{suffix}", p99, p50, higher_is_better=False, unit="ms", limit=300)


def run_once(args: argparse.Namespace, number: int) -> RunFigures:
    """One deadline day on a fresh database, server, LRS and platform."""
    platform = Platform().start()
    with tempfile.TemporaryDirectory() as folder:
        logs = Path(args.logs or folder) / f"run{number}"
        logs.mkdir(parents=True, exist_ok=True)
        lrs = start_lrs(logs / "lrs", port=0, username="bench", password=LRS_PASSWORD)
        try:
            with fresh_database("aidip_bench_deadline") as database_url:
                return serve_and_load(args, platform, lrs, database_url, logs)
        finally:
            lrs.stop()
            platform.stop()


def serve_and_load(args: argparse.Namespace, platform: Platform, lrs: Any, database_url: str,
                   logs: Path) -> RunFigures:
    """The tool (default rate limits) and its sender on ``database_url``; the load; the checks afterwards."""
    settings = WorkerSettings(args.workers, args.threads)
    server = Gunicorn("wsgi:app", {}, settings, log=logs / "tool.log")
    server.env = tool_env(database_url, server.url, logs / "instance", AIDIP_REDIS_URL=args.redis,
                          AIDIP_LRS_ENDPOINT=lrs.url, AIDIP_LRS_USERNAME=lrs.username,
                          AIDIP_LRS_PASSWORD=lrs.password, AIDIP_RATE_LIMIT_PREFIX=f"bench:{uuid.uuid4().hex}")
    del server.env["AIDIP_RATE_LIMIT_LAUNCH"]  # the shipped limits: tool_env lifts this one for other benchmarks
    flask_cli(server.env, "init")
    flask_cli(server.env, "platform", "add", "--issuer", platform.issuer, "--client-id", platform.client_id,
              "--auth-login-url", platform.auth_login_url, "--token-url", platform.token_url, "--jwks-url",
              platform.jwks_url, "--deployment-id", platform.deployment_id, "--name", "Benchmark LMS")
    with open(logs / "sender.log", "ab") as sender_log:
        sender = subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "worker", "--interval", "1"],
                                  cwd=ROOT, env=server.env, stdout=sender_log, stderr=sender_log)
    try:
        with server:
            print(f"{args.users} employees, {args.questions} questions each, think {args.think:g} s (0.5-1.5x), "
                  f"arrivals over {args.ramp:g} s; {settings.describe()}; PostgreSQL + Redis; default rate "
                  f"limits; sender: flask worker --interval 1", flush=True)
            load = measure(server, platform, args)
            dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
            state, waited = wait_for_delivery(dsn, timeout=240)
            print(f"outbox drained {waited:.0f} s after the last request: {json.dumps(state)}")
            checked = verify(dsn, load, platform, lrs.url, lrs.auth)
            print(f"verified: {checked.attempts} attempts in the database, {len(load.finished)} submitted and graded "
                  f"as the employees saw; {checked.journaled} statements journaled, {checked.at_lrs} at the LRS; "
                  f"{checked.scores_queued} scores queued, {sum(platform.scores.values())} received by the platform")
            print(f"problems: {len(checked.problems)}" + "".join(f"\n  {p}" for p in checked.problems[:20]))
            print_memory(server, sender)
        burst, after, end = split_at_arrival(load)
        return RunFigures(len(load.errors) + len(checked.problems), args.users, burst, after, end,
                          sum(" 429 " in e for e in load.errors))
    finally:
        sender.terminate()
        try:
            sender.wait(30)
        except subprocess.TimeoutExpired:
            sender.kill()
            sender.wait(30)


def measure(server: Gunicorn, platform: Platform, args: argparse.Namespace) -> Load:
    """Run the employees against ``server``; print the latencies, the split at the burst's end, CPU and errors."""
    cpu0, pg0 = server.cpu_seconds(), postgres_cpu_snapshot()

    async def go() -> tuple[Load, float]:
        async with Client(server.url, args.users + 4) as http:
            load = Load(server.url, http, platform, args)
            return load, await load.run()

    load, elapsed = asyncio.run(go())
    server_cpu, pg_cpu = server.cpu_seconds() - cpu0, postgres_cpu_used(pg0)
    report_latencies(load.timer, elapsed)
    burst, after, end = split_at_arrival(load)
    for name, saves in (("during the arrival burst", burst), ("after it", after)):
        if saves:
            print(f"autosave {name}: {len(saves)} saves, p50 {1000 * percentile(saves, 50):.1f} ms, "
                  f"p99 {1000 * percentile(saves, 99):.1f} ms, max {1000 * max(saves):.1f} ms")
    probes = load.timer.samples.get("GET /healthz (probe)", [0.0])
    print(f"the burst ended {end:.1f} s into the run (the last employee on their first question); /healthz "
          f"probe in the same gunicorn: p50 {1000 * percentile(probes, 50):.1f} ms, "
          f"p99 {1000 * percentile(probes, 99):.1f} ms")
    requests = sum(len(v) for v in load.timer.samples.values())
    print(f"CPU: gunicorn workers {server_cpu:.0f} s + PostgreSQL {pg_cpu:.0f} s = "
          f"{1000 * (server_cpu + pg_cpu) / requests:.1f} ms per request; exams completed: "
          f"{len(load.finished)}/{args.users}; client-side retries on closed keep-alive connections: "
          f"{load.http.retries}")
    too_many = sum(" 429 " in e for e in load.errors)
    print(f"errors: {len(load.errors)} (429 Too Many Requests: {too_many})"
          + "".join(f"\n  {e}" for e in load.errors[:20]))
    return load


def print_memory(server: Gunicorn, sender: subprocess.Popen[bytes]) -> None:
    print("\nresident memory after the run (VmRSS):")
    for pid, kib in sorted(server.rss_kib().items()):
        print(f"  gunicorn worker {pid}: {kib / 1024:6.1f} MiB")
    assert server.process is not None
    print(f"  gunicorn master {server.process.pid}: {proc_rss_kib(server.process.pid) / 1024:6.1f} MiB")
    print(f"  sender (flask worker) {sender.pid}: {proc_rss_kib(sender.pid) / 1024:6.1f} MiB")


if __name__ == "__main__":
    main()
