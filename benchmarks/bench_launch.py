"""Benchmark: LTI 1.3 learner launches per second under gunicorn on PostgreSQL, three servers in one run under
the same gunicorn settings (issue 17):

- the tool: OIDC login, the id_token launch, the exam's start page and its Start button, i.e. a new person
  and a new attempt (since issue 14 the attempt is drawn on Start, not at the launch; the start page is
  fetched too because Start needs its CSRF token, as in a browser);
- the minimal durable launch (``benchmarks/minimal_durable_tool.py``): the same pylti1p3 validation, then
  one transaction that records the nonce, upserts the person, stores an attempt drawn with the tool's own
  draw and journals ``launched``, ``initialized`` and a session row — what a durable launch cannot skip;
- the pylti1p3-only baseline (``benchmarks/baseline_tool.py``), which stores nothing (informational).

    .venv/bin/python benchmarks/bench_launch.py [--launches 1000] [--concurrency 16]
        [--workers 2] [--threads 4] [--redis redis://127.0.0.1:6379/7]

With ``--redis`` the tool runs twice, with its launch state and sessions in PostgreSQL and in Redis.

The benchmark plays the platform (benchmarks/platform_emulator.py): its own RSA key and JWKS on
127.0.0.1, an id_token signed for the nonce each tool issued. Every launch is a different employee. Fresh
PostgreSQL databases are made for the tool and for the minimal launch and dropped at the end. Before
measuring, each server must refuse an id_token signed with another key; during the run, any answer other
than the expected one stops it.

Printed per server: launches/s, the gunicorn workers' CPU (user+system from /proc) and PostgreSQL's backend
CPU per launch, the load generator's CPU, and the workers' resident memory after the warm-up and after the
run (growth must stay under 10 %). The RESULT lines: the tool's rate against the minimal durable launch
(target >= 0.6), the tool's CPU per launch with PostgreSQL's (at most 12 ms), its rate against the pylti1p3
baseline (no target) and the largest worker memory growth (at most 10 %).

The SQL of one learner launch is counted by tests/integration/test_launch_statements.py. Removed for
issue 17 (launch + Start: 51 → 25 → 15 statements besides the state store, 7 → 1 transaction per request,
7 → 0 rollbacks): the catalogue's blueprints and model are found with one statement and parsed once per
process, the level's items parsed once per process; nonce, person, course, membership, link and attempt are
single INSERT … ON CONFLICT statements; a person's attempts are read once; a new attempt loads no answers;
item versions are marked used once per process; read-only units of work commit (a rollback makes psycopg
deallocate its prepared statements); the JWKS is kept a minute per process; the course and link rows are read
(together, in one statement) and written only when a launch changes them (an upsert locked them until commit,
so a course's launches queued); a young exam's exposure unpacks only the layouts a process has not
counted; the platform is read with the deployment check; a person the launch creates is not asked for grants
or attempts it cannot have; the accommodation comes with the exam page's rows; the calibration is kept a
minute per process; the validation's read, the login's read and the state store's statements run without
BEGIN/COMMIT; the nonce's, membership's and attempt's INSERTs are built once on their tables (an entity's INSERT
executed with parameters took the ORM's bulk path, rebuilding it every time). Still spent: the session and
principal on each of the four requests, the ids of a young version's attempts (until it has 500), the ORM's
loading and flushes, the start page's rendering.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import (
    BENCH,
    BIN,
    Gunicorn,
    WorkerSettings,
    flask_cli,
    fresh_database,
    postgres_cpu_snapshot,
    postgres_cpu_used,
    result,
    tool_env,
)
from minimal_durable_tool import create_schema
from platform_emulator import LEARNER, Employee, Platform, forged_launch_status, login_and_launch
from rawhttp import Client, Response

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Run:
    name: str
    launches: int
    seconds: float
    server_cpu: float
    client_cpu: float
    forged_status: int
    postgres_cpu: float
    rss_before: dict[int, int]
    rss_after: dict[int, int]

    @property
    def rate(self) -> float:
        return self.launches / self.seconds

    @property
    def cpu_ms(self) -> float:
        """Worker and PostgreSQL CPU per launch, ms."""
        return 1000 * (self.server_cpu + self.postgres_cpu) / self.launches

    @property
    def memory_growth(self) -> float:
        """The largest growth of one worker's resident memory over the run, %."""
        return max(100 * (self.rss_after.get(pid, 0) - before) / before for pid, before in self.rss_before.items())

    def show(self) -> str:
        memory = ", ".join(f"{self.rss_before[p] // 1024}→{self.rss_after.get(p, 0) // 1024} MiB"
                           for p in self.rss_before)
        return (f"  {self.name:42s} {self.rate:7.1f} launches/s   worker CPU "
                f"{1000 * self.server_cpu / self.launches:5.1f} ms/launch + PostgreSQL "
                f"{1000 * self.postgres_cpu / self.launches:4.1f} ms   load generator "
                f"{100 * self.client_cpu / self.seconds:3.0f}% of a core   workers' RSS {memory}")


async def learner(http: Client, url: str, platform: Platform, person: Employee, expect: str, start: bool) -> None:
    """One learner's launch, redirected to a URL with ``expect`` in it; ``start``: then the start page and its
    Start button (the tool)."""
    launched = await login_and_launch(http, url, platform, person, "link-basic",
                                      check=lambda r: expect in r.headers.get("location", ""))
    if not start:
        return
    page_url = url + launched.headers["location"]
    page = await http.get(page_url)
    token = CSRF.search(page.text) if page.status_code == 200 else None
    if token is None:
        raise RuntimeError(f"start page answered {page.status_code} without a Start form: {page.text[:300]}")
    started: Response = await http.post(page_url, [("csrf_token", html.unescape(token.group(1)))])
    if started.status_code != 303 or "/q/1" not in started.headers.get("location", ""):
        raise RuntimeError(f"Start answered {started.status_code}: {started.text[:300]}")


async def drive(url: str, platform: Platform, people: list[Employee], concurrency: int, expect: str,
                start: bool) -> None:
    """Launch every person once, ``concurrency`` at a time."""
    queue = iter(people)
    async with Client(url, concurrency) as http:
        async def worker() -> None:
            for person in queue:
                await learner(http, url, platform, person, expect, start)
        await asyncio.gather(*(worker() for _ in range(concurrency)))


def measure(name: str, server: Gunicorn, platform: Platform, args: argparse.Namespace, prefix: str,
            expect: str, start: bool = False) -> Run:
    async def forged() -> int:
        async with Client(server.url, 1) as http:
            return await forged_launch_status(http, server.url, platform, Employee(f"{prefix}-forger", "F F"),
                                              "link-basic")
    status = asyncio.run(forged())
    if status in (200, 303):
        raise SystemExit(f"{name} accepted an id_token with a forged signature ({status})")
    warm = [Employee(f"{prefix}-warm-{i}", f"Warm Up {i}", (LEARNER,)) for i in range(args.warmup)]
    asyncio.run(drive(server.url, platform, warm, args.concurrency, expect, start))
    people = [Employee(f"{prefix}-{i}", f"Employee Number{i}", (LEARNER,)) for i in range(args.launches)]
    spy = None
    if args.profile and name.startswith("tool"):
        spy = subprocess.Popen([str(BIN / "py-spy"), "record", "--pid", str(server.workers()[0]), "--format", "raw",
                                "--rate", "200", "--output", args.profile, "--nonblocking",
                                "--gil"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
    rss = server.rss_kib()
    cpu0, pg0, client0, began = server.cpu_seconds(), postgres_cpu_snapshot(), time.process_time(), time.perf_counter()
    asyncio.run(drive(server.url, platform, people, args.concurrency, expect, start))
    seconds = time.perf_counter() - began
    run = Run(name, len(people), seconds, server.cpu_seconds() - cpu0, time.process_time() - client0, status,
              postgres_cpu_used(pg0), rss, server.rss_kib())
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)
    return run


def platform_conf(platform: Platform) -> str:
    return json.dumps({platform.issuer: [{
        "default": True, "client_id": platform.client_id, "auth_login_url": platform.auth_login_url,
        "auth_token_url": platform.token_url, "key_set_url": None, "key_set": platform.jwks,
        "deployment_ids": [platform.deployment_id]}]})


def run_baseline(platform: Platform, settings: WorkerSettings, args: argparse.Namespace, logs: Path) -> Run:
    server = Gunicorn("baseline_tool:app", {}, settings, cwd=BENCH, log=logs / "baseline.log")
    server.env = {**os.environ, "BASELINE_TOOL_CONF": platform_conf(platform), "BASELINE_BASE_URL": server.url}
    with server:
        return measure("pylti1p3 only (stores nothing)", server, platform, args, "base", "/launched/")


def run_minimal(platform: Platform, settings: WorkerSettings, args: argparse.Namespace, logs: Path) -> Run:
    with fresh_database("aidip_bench_minimal") as database_url:
        create_schema(database_url)
        server = Gunicorn("minimal_durable_tool:app", {}, settings, cwd=BENCH, log=logs / "minimal.log")
        server.env = {**os.environ, "MINIMAL_TOOL_CONF": platform_conf(platform), "MINIMAL_BASE_URL": server.url,
                      "MINIMAL_DATABASE_URL": database_url}
        with server:
            return measure("minimal durable launch", server, platform, args, "min", "/q/1")


def run_tool(platform: Platform, settings: WorkerSettings, args: argparse.Namespace, logs: Path,
             redis: str) -> Run:
    with fresh_database("aidip_bench_launch") as database_url:
        server = Gunicorn("wsgi:app", {}, settings, log=logs / "tool.log")
        extra = {"AIDIP_REDIS_URL": redis} if redis else {}
        server.env = tool_env(database_url, server.url, logs / "instance", **extra)
        flask_cli(server.env, "init")
        flask_cli(server.env, "platform", "add", "--issuer", platform.issuer, "--client-id", platform.client_id,
                  "--auth-login-url", platform.auth_login_url, "--token-url", platform.token_url,
                  "--jwks-url", platform.jwks_url, "--deployment-id", platform.deployment_id,
                  "--name", "Benchmark LMS")
        with server:
            store = "Redis" if redis else "PostgreSQL"
            return measure(f"tool (launch + Start; state in {store})", server, platform, args, "tool", "/start",
                           start=True)


def report(tool: Run, minimal: Run, baseline: Run, suffix: str) -> None:
    result(f"launch_rate_vs_minimal_durable{suffix}", tool.rate, minimal.rate, 0.6, unit="/s")
    result(f"launch_cpu_ms_incl_postgres{suffix}", tool.cpu_ms, minimal.cpu_ms, higher_is_better=False, unit="ms",
           limit=12)
    result(f"launch_rate_vs_pylti1p3{suffix}", tool.rate, baseline.rate, unit="/s")
    result(f"launch_worker_memory_growth{suffix}", tool.memory_growth, minimal.memory_growth,
           higher_is_better=False, unit="%", limit=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launches", type=int, default=1000, help="measured launches per server")
    parser.add_argument("--warmup", type=int, default=50, help="launches before measuring (caches, pools)")
    parser.add_argument("--concurrency", type=int, default=16, help="launches in flight at once")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--profile", default="", help="py-spy one tool worker during the run (collapsed stacks of "
                        "the thread holding the GIL: CPU, not waits for PostgreSQL)")
    parser.add_argument("--logs", default="", help="keep gunicorn's logs in this folder")
    parser.add_argument("--redis", default="", help="also run the tool with AIDIP_REDIS_URL (state in Redis)")
    args = parser.parse_args()
    settings = WorkerSettings(args.workers, args.threads)
    platform = Platform().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            logs = Path(args.logs or folder)
            logs.mkdir(parents=True, exist_ok=True)
            baseline = run_baseline(platform, settings, args, logs)
            minimal = run_minimal(platform, settings, args, logs)
            tools = [("", run_tool(platform, settings, args, logs, ""))]
            if args.redis:
                tools.append(("_redis", run_tool(platform, settings, args, logs, args.redis)))
    finally:
        platform.stop()
    print(f"{args.launches} launches each (after {args.warmup} warm-up), {args.concurrency} in flight, "
          f"{settings.describe()}, every launch a different person:")
    for run in (baseline, minimal, *(tool for _suffix, tool in tools)):
        print(run.show())
    print(f"  an id_token with a forged signature was refused by all (baseline {baseline.forged_status}, minimal "
          f"{minimal.forged_status}, tool {', '.join(str(tool.forged_status) for _s, tool in tools)})")
    for suffix, tool in tools:
        report(tool, minimal, baseline, suffix)


if __name__ == "__main__":
    main()
