"""Benchmark: statement delivery from the outbox into a real LRS (Ralph), against a plain batched
POST of the same statements measured in the same run; then into a slow LRS (added latency) to
show what batching buys.

    .venv/bin/python benchmarks/bench_delivery.py [--statements 3000] [--runs 3] [--latency-ms 50]

Each run posts the statements three ways into a fresh Ralph, in turn: a plain ``httpx`` loop of
batched POSTs (nothing read, nothing recorded), the outbox sender with the journal in PostgreSQL
(production) and with it in SQLite (the demo). The figure is the median over the runs of each
run's ratio. One thread behind the sender leases the next batch while the current one is at the
LRS and records the outcomes while the next one goes out, so the database's work (claim, record)
hides behind the LRS's; the journaled JSON texts are posted as stored, nothing decoded or encoded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.server
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import fresh_database, result

from demo_lrs import start_lrs

LRS_PASSWORD = "bench-password"  # noqa: S105 - a throwaway local LRS


def statements(n: int) -> list[dict]:
    from xapi import statements as st
    from xapi import vocabulary as v

    iris = v.ToolIris("https://tool.bench.example")
    ctx = st.ExamContext(iris=iris, actor=st.Actor("https://lms.bench.example", "u1"), exam_key="basic",
                         exam_title={"nl": "Basis", "en": "Basic"}, registration=str(uuid.uuid4()),
                         session_id=str(uuid.uuid4()), blueprint_version="basic@1", level="basic", mastery_score=0.7)
    now = dt.datetime.now(dt.UTC)
    return [st.launched(ctx, now) for _ in range(n)]


def plain_post(url: str, auth: tuple[str, str], bodies: list[dict], batch: int) -> float:
    start = time.perf_counter()
    with httpx.Client(auth=auth, headers={"X-Experience-API-Version": "1.0.3"}, timeout=30) as client:
        for i in range(0, len(bodies), batch):
            client.post(url + "statements", json=bodies[i:i + batch]).raise_for_status()
    return time.perf_counter() - start


def sender(url: str, auth: tuple[str, str], bodies: list[dict], batch: int, database_url: str = "") -> float:
    from lti_tool import create_app
    from lti_tool.db.repositories import journal
    from lti_tool.outbox import send_statements

    database = {"database_url": database_url} if database_url else {}
    app = create_app({**database, "instance_path": tempfile.mkdtemp(), "testing": True, "lrs_endpoint": url,
                      "lrs_username": auth[0], "lrs_password": auth[1], "lrs_batch_size": batch, "log_format": "text",
                      "allow_private_hosts": True})
    svc = app.extensions["aidiploma"]
    svc.db.upgrade()
    with svc.db.transaction() as db:
        for body in bodies:
            journal(db, body, None, None)
    start = time.perf_counter()
    report = send_statements(svc.db, svc.settings)
    elapsed = time.perf_counter() - start
    assert report.sent == len(bodies) and report.failed == 0, report
    svc.db.dispose()
    return elapsed


class SlowProxy(http.server.ThreadingHTTPServer):
    """Forwards to the LRS after ``latency`` seconds: a far-away or busy LRS."""

    def __init__(self, target: str, latency: float) -> None:
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(outer.latency)
                upstream = httpx.post(outer.target + self.path.removeprefix("/xAPI/"), content=body,
                                      headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
                                      timeout=30)
                self.send_response(upstream.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(upstream.content)))
                self.end_headers()
                self.wfile.write(upstream.content)

            def log_message(self, *args: object) -> None:
                pass

        self.target, self.latency = target, latency
        super().__init__(("127.0.0.1", 0), Handler)


def into_ralph(fn: Callable[..., float], bodies: list[dict], **options: str) -> float:
    """Statements per second ``fn`` delivers into a fresh Ralph, each statement with a new id."""
    with tempfile.TemporaryDirectory() as folder:
        lrs = start_lrs(Path(folder), port=0, username="bench", password=LRS_PASSWORD)
        try:
            fresh = [{**b, "id": str(uuid.uuid4())} for b in bodies]
            return len(fresh) / fn(lrs.url, lrs.auth, fresh, 100, **options)
        finally:
            lrs.stop()


def one_run(bodies: list[dict]) -> dict[str, float]:
    with fresh_database("aidip_bench_delivery") as database_url:
        return {"plain batched POST": into_ralph(plain_post, bodies),
                "sender, PostgreSQL": into_ralph(sender, bodies, database_url=database_url),
                "sender, SQLite": into_ralph(sender, bodies)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-ms", type=float, default=50)
    args = parser.parse_args()
    bodies = statements(args.statements)
    runs = [one_run(bodies) for _ in range(args.runs)]
    print(f"{args.statements} statements, batches of 100, into Ralph (fs backend) on 127.0.0.1, {args.runs} runs:")
    for name in runs[0]:
        print(f"  {name:20s} " + "  ".join(f"{run[name]:6.0f}" for run in runs) + "  statements/s")
    base = "plain batched POST"
    for name, figure in (("sender, PostgreSQL", "sender_statements_per_s"),
                         ("sender, SQLite", "sender_sqlite_statements_per_s")):
        ratios = [run[name] / run[base] for run in runs]
        middle = sorted(range(len(runs)), key=lambda i: ratios[i])[len(runs) // 2]  # the median run
        print(f"  ratio {name} / plain POST per run: " + ", ".join(f"{r:.3f}" for r in ratios))
        result(figure, runs[middle][name], runs[middle][base], 0.9, unit="/s")
    with tempfile.TemporaryDirectory() as folder:
        lrs = start_lrs(Path(folder), port=0, username="bench", password=LRS_PASSWORD)
        proxy = SlowProxy(lrs.url, args.latency_ms / 1000)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        slow_url = f"http://127.0.0.1:{proxy.server_address[1]}/xAPI/"
        try:
            few = statements(300)
            one = len(few) / sender(slow_url, lrs.auth, [{**b, "id": str(uuid.uuid4())} for b in few], 1)
            hundred = len(few) / sender(slow_url, lrs.auth, [{**b, "id": str(uuid.uuid4())} for b in few], 100)
        finally:
            proxy.shutdown()
            lrs.stop()
    print(f"slow LRS (+{args.latency_ms:.0f} ms per request), 300 statements through the sender:")
    print(f"  batch size 1:   {one:7.0f} statements/s")
    print(f"  batch size 100: {hundred:7.0f} statements/s  ({hundred / one:.0f}x)")
    result("sender_slow_lrs_batched_per_s", hundred, one, 10, unit="/s")


if __name__ == "__main__":
    main()
