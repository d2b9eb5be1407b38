"""Benchmark: full LTI 1.3 launches (OIDC login + id_token launch) per second through the tool
under gunicorn on PostgreSQL, against a minimal pylti1p3 tool (benchmarks/baseline_tool.py)
under the same gunicorn settings, measured in the same run.

    .venv/bin/python benchmarks/bench_launch.py [--launches 1000] [--concurrency 16]
        [--workers 2] [--threads 4] [--redis redis://127.0.0.1:6379/7] [--role learner|instructor]

The benchmark plays the platform (benchmarks/platform_emulator.py): its own RSA key and JWKS on
127.0.0.1, an id_token signed for the nonce each tool issued. Every launch is a different
employee; with ``--role learner`` (the default, the deadline-day case) the tool's launch also
records the person, course and link and leads to the exam's start page (the attempt is drawn on its
Start button since issue 14, which ``bench_deadline_day`` times), which the baseline does not do —
that is what the ratio prices. ``--role instructor`` launches staff
(to the course page: no attempt). A fresh PostgreSQL database is created for the tool, the
platform is registered with the tool's CLI (``flask --app wsgi platform add``), and the database
is dropped at the end. Before measuring, each tool must refuse an id_token signed with another
key; during the run, any answer other than the expected redirect stops it.

Besides launches/s, the server CPU time per launch (the gunicorn workers' user+system time from
/proc, PostgreSQL's not included) and the load generator's own CPU use are printed: the machine
is shared, and the load generator must not be the bottleneck.

Where a learner's launch spends its time (py-spy on one worker and cProfile in process, 2026-11-29):
about 45 SQL statements in about 8 transactions, each checkout with a pre-ping, and about 70 % of
a worker's samples waiting on PostgreSQL. Drawing the attempt (the catalogue reads blueprints and
the competence model several times, then all approved items of the level) ≈30 %; launch state,
nonce and session in the shared store ≈20 % (Redis removes most of it); the person, course,
membership and link upserts ≈25 %; token validation ≈12 %. Still possible: cache the catalogue
reads per process keyed by version, keep platform keys in memory for a minute, one-statement
``INSERT … ON CONFLICT`` upserts. None of it brings a launch that writes to the database near 0.8
of a baseline that writes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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
from platform_emulator import INSTRUCTOR, LEARNER, Employee, Platform, forged_launch_status, login_and_launch
from rawhttp import Client


@dataclass(frozen=True)
class Run:
    name: str
    launches: int
    seconds: float
    server_cpu: float
    client_cpu: float
    forged_status: int
    postgres_cpu: float = 0.0

    @property
    def rate(self) -> float:
        return self.launches / self.seconds

    def show(self) -> str:
        server_ms = 1000 * self.server_cpu / self.launches
        return (f"  {self.name:36s} {self.rate:7.1f} launches/s   server CPU {server_ms:5.1f} ms/launch "
                f"+ PostgreSQL {1000 * self.postgres_cpu / self.launches:4.1f} ms   "
                f"load generator {100 * self.client_cpu / self.seconds:3.0f}% of a core "
                f"({1000 * self.client_cpu / self.launches:.1f} ms/launch)")


async def drive(url: str, platform: Platform, people: list[Employee], concurrency: int, expect: int,
                check_location: str) -> None:
    """Launch every person once, ``concurrency`` at a time."""
    queue = iter(people)
    async with Client(url, concurrency) as http:
        async def worker() -> None:
            for person in queue:
                await login_and_launch(http, url, platform, person, "link-basic", expect_launch=expect,
                                       check=lambda r: check_location in r.headers.get("location", ""))
        await asyncio.gather(*(worker() for _ in range(concurrency)))


def measure(name: str, server: Gunicorn, platform: Platform, args: argparse.Namespace, prefix: str,
            expect: int, check_location: str) -> Run:
    role = INSTRUCTOR if args.role == "instructor" else LEARNER

    async def forged() -> int:
        async with Client(server.url, 1) as http:
            return await forged_launch_status(http, server.url, platform, Employee(f"{prefix}-forger", "F F"),
                                              "link-basic")
    status = asyncio.run(forged())
    if status in (200, 303):
        raise SystemExit(f"{name} accepted an id_token with a forged signature ({status})")
    warm = [Employee(f"{prefix}-warm-{i}", f"Warm Up {i}", (role,)) for i in range(args.warmup)]
    asyncio.run(drive(server.url, platform, warm, args.concurrency, expect, check_location))
    people = [Employee(f"{prefix}-{i}", f"Employee Number{i}", (role,)) for i in range(args.launches)]
    spy = None
    if args.profile and name.startswith("tool"):
        spy = subprocess.Popen([str(BIN / "py-spy"), "record", "--pid", str(server.workers()[0]), "--format", "raw",
                                "--rate", "200", "--output", args.profile, "--nonblocking"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
    cpu0, pg0, client0, start = server.cpu_seconds(), postgres_cpu_snapshot(), time.process_time(), time.perf_counter()
    asyncio.run(drive(server.url, platform, people, args.concurrency, expect, check_location))
    seconds = time.perf_counter() - start
    if spy is not None:
        spy.send_signal(signal.SIGINT)
        spy.wait(60)
    return Run(name, len(people), seconds, server.cpu_seconds() - cpu0, time.process_time() - client0, status,
               postgres_cpu_used(pg0))


def run_baseline(platform: Platform, settings: WorkerSettings, args: argparse.Namespace, logs: Path) -> Run:
    conf = {platform.issuer: [{
        "default": True, "client_id": platform.client_id, "auth_login_url": platform.auth_login_url,
        "auth_token_url": platform.token_url, "key_set_url": None, "key_set": platform.jwks,
        "deployment_ids": [platform.deployment_id]}]}
    server = Gunicorn("baseline_tool:app", {}, settings, cwd=BENCH, log=logs / "baseline.log")
    server.env = {**os.environ, "BASELINE_TOOL_CONF": json.dumps(conf), "BASELINE_BASE_URL": server.url}
    with server:
        return measure("baseline (pylti1p3 only)", server, platform, args, "base", 303, "/launched/")


def run_tool(platform: Platform, settings: WorkerSettings, args: argparse.Namespace, logs: Path) -> Run:
    with fresh_database("aidip_bench_launch") as database_url:
        server = Gunicorn("wsgi:app", {}, settings, log=logs / "tool.log")
        extra = {"AIDIP_REDIS_URL": args.redis} if args.redis else {}
        server.env = tool_env(database_url, server.url, logs / "instance", **extra)
        flask_cli(server.env, "init")
        flask_cli(server.env, "platform", "add", "--issuer", platform.issuer, "--client-id", platform.client_id,
                  "--auth-login-url", platform.auth_login_url, "--token-url", platform.token_url,
                  "--jwks-url", platform.jwks_url, "--deployment-id", platform.deployment_id,
                  "--name", "Benchmark LMS")
        with server:
            target = "/start" if args.role == "learner" else "/s/"
            store = "Redis" if args.redis else "PostgreSQL"
            return measure(f"tool ({args.role}s; state in {store})", server, platform, args, "tool", 303, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launches", type=int, default=1000, help="measured launches per tool")
    parser.add_argument("--warmup", type=int, default=50, help="launches before measuring (caches, pools)")
    parser.add_argument("--concurrency", type=int, default=16, help="launches in flight at once")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--role", choices=["learner", "instructor"], default="learner")
    parser.add_argument("--profile", default="", help="py-spy one tool worker during the run (collapsed stacks)")
    parser.add_argument("--logs", default="", help="keep gunicorn's logs in this folder")
    parser.add_argument("--redis", default="", help="AIDIP_REDIS_URL for the tool (default: state in PostgreSQL)")
    args = parser.parse_args()
    settings = WorkerSettings(args.workers, args.threads)
    platform = Platform().start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            logs = Path(args.logs or folder)
            logs.mkdir(parents=True, exist_ok=True)
            baseline = run_baseline(platform, settings, args, logs)
            tool = run_tool(platform, settings, args, logs)
    finally:
        platform.stop()
    print(f"{args.launches} launches each (after {args.warmup} warm-up), {args.concurrency} in flight, "
          f"{settings.describe()}, every launch a different person:")
    print(baseline.show())
    print(tool.show())
    print(f"  an id_token with a forged signature was refused by both (baseline {baseline.forged_status}, "
          f"tool {tool.forged_status})")
    print(f"  ratio tool / baseline: {tool.rate / baseline.rate:.2f} (launches/s; target >= 0.8); "
          f"server CPU per launch {tool.server_cpu / tool.launches / (baseline.server_cpu / baseline.launches):.1f}x")
    cpu = {run.name: 1000 * (run.server_cpu + run.postgres_cpu) / run.launches for run in (tool, baseline)}
    result("launch_rate", tool.rate, baseline.rate, 0.8)
    result("launch_cpu_ms_incl_postgres", cpu[tool.name], cpu[baseline.name], 1.25, higher_is_better=False)


if __name__ == "__main__":
    main()
