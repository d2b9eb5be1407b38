"""Benchmark: what counting item exposure adds to a launch, on PostgreSQL with 100,000 attempts.

    .venv/bin/python -m benchmarks.bench_exposure_query [--attempts 100000] [--rounds 50]

A throwaway database (``harness.fresh_database``) gets the migrations and ``--attempts`` attempts of
three exam versions (70 % basic, 20 % advanced, 10 % expert) by 1,000 people, with real layouts laid out
from the seed bank. Timed in the same run: ``delivery.queries.exposure`` (the newest 500 attempts at
the exam ``basic``, their layouts unpacked and counted in SQL, over ``ix_attempts_exam_started``) against
``repositories.attempts_of`` (the person's attempts at the exam, a read every launch already makes). Prints
the plan of the exposure query. Target: the query itself at most 10 ms; what a launch pays
(``ExposureCounts.at_launch``, which keeps a full window's count for a minute) no more than ``attempts_of``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, text

from assessments.assembly import assemble
from assessments.attempts import lay_out
from assessments.bank import load_seed_bank
from assessments.items import item_from_record
from benchmarks.harness import fresh_database, result
from lti_tool.db import Database
from lti_tool.db.models import Attempt, Person, Platform, ResourceLink
from lti_tool.db.repositories import attempts_of
from lti_tool.delivery.exposure import ExposureCounts
from lti_tool.delivery.queries import exposure

CONFIG = Path(__file__).resolve().parent.parent / "config"


def layouts(per_exam: int = 200) -> dict[str, list[list[dict]]]:
    bank = load_seed_bank(CONFIG)
    items = [item_from_record(r, 1, n) for n, r in enumerate(bank.items, start=1)]
    return {b.version_label: [lay_out(b, assemble(b, items, s), s) for s in range(per_exam)] for b in bank.blueprints}


def fill(db: Database, attempts: int) -> tuple[int, int]:
    """Store the attempts; returns a (person id, link id): the person's attempts time ``attempts_of``."""
    shapes = layouts()
    labels = list(shapes)
    rng = random.Random(5)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with db.transaction() as s:
        endpoint = "https://lms.example/endpoint"  # never called
        platform = Platform(issuer="https://lms.example", client_id="c", auth_login_url=endpoint,
                            auth_token_url=endpoint, key_set_url=endpoint)
        s.add(platform)
        s.flush()
        link = ResourceLink(platform_id=platform.id, resource_link_id="l1", exam_key="basic")
        people = [Person(platform_id=platform.id, subject=f"p{n}") for n in range(1000)]
        s.add_all([link, *people])
        s.flush()
        ids = (platform.id, link.id, [p.id for p in people])
    for batch in range(0, attempts, 5000):
        rows = []
        for n in range(batch, min(attempts, batch + 5000)):
            label = rng.choices(labels, weights=[7, 2, 1][: len(labels)])[0]
            rows.append({"id": str(uuid.uuid4()), "platform_id": ids[0], "person_id": ids[2][n % 1000],
                         "resource_link_pk": ids[1], "exam_key": label.split("@")[0], "blueprint_version": label,
                         "seed": n, "locale": "nl", "status": "submitted",
                         "started_at": start + dt.timedelta(minutes=n), "layout": rng.choice(shapes[label])})
        with db.transaction() as s:
            s.execute(insert(Attempt), rows)
    with db.transaction() as s:
        s.execute(text("ANALYZE attempts"))
    return ids[2][0], ids[1]


def median_ms(db: Database, call: Callable[..., object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        with db.session() as s:
            began = time.perf_counter()
            call(s)
            times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    with fresh_database("aidip_bench_exposure") as url:
        db = Database(url)
        db.upgrade()
        began = time.perf_counter()
        person_id, _link_id = fill(db, args.attempts)
        print(f"{args.attempts} attempts stored in {time.perf_counter() - began:.0f} s")
        with db.session() as s:
            counted = exposure(s, "basic")
            print(f"basic: {counted.attempts} attempts counted, {len(counted.shown)} items, "
                  f"most shown {max(counted.shown.values())}")
            plan = s.execute(text("EXPLAIN (ANALYZE, BUFFERS) SELECT x.k, count(*) FROM (SELECT value ->> 'item_key' "
                                  "AS k FROM (SELECT layout FROM attempts WHERE exam_key = 'basic' "
                                  "ORDER BY started_at DESC LIMIT 500) r JOIN json_array_elements(r.layout) "
                                  "ON true) x GROUP BY x.k"))
            print("\n".join(row[0] for row in plan))
        query = median_ms(db, lambda s: exposure(s, "basic"), args.rounds)
        kept = ExposureCounts()
        at_launch = median_ms(db, lambda s: kept.at_launch(s, "basic"), args.rounds)
        baseline = median_ms(db, lambda s: attempts_of(s, person_id, "basic"), args.rounds)
        db.dispose()
    print(f"exposure query: median {query:.2f} ms; at launch (kept per process for a minute): "
          f"median {at_launch:.3f} ms; attempts_of: median {baseline:.2f} ms")
    result("exposure_query_ms", query, baseline, higher_is_better=False, unit="ms", limit=10)
    result("exposure_at_launch_ms", at_launch, baseline, 1.0, higher_is_better=False, unit="ms")


if __name__ == "__main__":
    main()
