"""Benchmark: the daily expiry run at 100,000 certificates on PostgreSQL.

    .venv/bin/python benchmarks/bench_expiry.py [--certificates 100000] [--due 1000] [--noted 20000] [--repeat 3]

It seeds one platform with a person and a certificate each: ``--due`` certificates earned three years ago through
the tool (journaled ``earned`` statements, so re-deriving their holders keeps them) that have run out and have no
``expired`` statement yet, ``--noted`` that ran out earlier and have their ``expired`` statement in the journal
(and the mark an earlier daily run left, ``expiry_journaled_at``), the rest valid (projection rows only). Then it
times:

* **first run**: ``record_expiries`` finding and recording the ``--due`` expiries (one query, one statement each,
  their holders re-derived);
* **steady run**: the same run again, with nothing left to record: what a day costs when nobody expired;
* **after the upgrade that added the mark** (or a rebuild that moved every certificate's end): every mark
  cleared, the run once more: it looks up all the ended certificates in the journal, records nothing and marks
  them (no target: once);

each against, in the same run, a bare ``SELECT count(*) FROM certificates``, and against what the worker did
before every 5-second round: load every unrevoked certificate as an ORM object. Peak memory (tracemalloc) of the
runs is measured in separate passes, so tracing does not slow the timed ones.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import fresh_database, postgres_cpu_snapshot, postgres_cpu_used, result
from sqlalchemy import func, insert, select, text, update

from lti_tool.certification import issue_certificate, record_expiries
from lti_tool.db.models import Certificate, Person, Platform, Statement

ISSUER = "https://lms.bench.example"
BATCH = 10_000


def seed(url: str, total: int, due: int, noted: int) -> Any:
    from lti_tool import create_app

    app = create_app({"instance_path": tempfile.mkdtemp(), "database_url": url, "testing": True,
                      "base_url": "https://tool.bench.example"})
    svc = app.extensions["aidiploma"]
    svc.db.upgrade()
    now = dt.datetime.now(dt.UTC)
    with svc.db.transaction() as db:
        svc.catalogue.seed_database(db)
        platform = Platform(issuer=ISSUER, client_id="bench", auth_login_url=f"{ISSUER}/auth",
                            auth_token_url=f"{ISSUER}/token", key_set_url=f"{ISSUER}/jwks")
        db.add(platform)
        db.flush()
        config = svc.derivation(db)
        db.execute(insert(Person), [{"platform_id": platform.id, "subject": f"u{n}"} for n in range(total)])
        people = dict(db.execute(select(Person.subject, Person.id)).all())
        for n in range(due):  # through the tool: earned three years ago, valid for two
            issue_certificate(db, config, platform, db.get(Person, people[f"u{n}"]), "basic",
                              now - dt.timedelta(days=3 * 365), registration=None, blueprint_version=None,
                              model_version=None)
        bulk_rows(db, config, platform.id, people, due, total, noted, now)
    with svc.db.transaction() as db:  # planner statistics, as a database that has been running has them
        db.execute(text("ANALYZE"))
    return app


def bulk_rows(db: Any, config: Any, platform_id: int, people: dict[str, int], due: int, total: int, noted: int,
              now: dt.datetime) -> None:
    """Projection rows for the rest; ``noted`` of them expired before and have their ``expired`` statement."""
    verb, key = config.iris.verb("expired"), config.iris.extension("certificate-id")
    certs, statements = [], []
    for n in range(due, total):
        cid, old = str(uuid.uuid4()), n < due + noted
        issued = now - dt.timedelta(days=(4 * 365 if old else 300) + n % 200)
        certs.append({"id": cid, "platform_id": platform_id, "person_id": people[f"u{n}"], "level": "basic",
                      "issued_at": issued, "valid_until": issued + dt.timedelta(days=730), "statement_ids": [],
                      "status_index": n,  # marked, as the daily run that found their statements left them
                      "expiry_journaled_at": issued + dt.timedelta(days=731) if old else None})
        if old:
            statements.append({"id": str(uuid.uuid4()), "platform_id": platform_id, "person_id": people[f"u{n}"],
                               "verb": verb, "status": "sent", "sent_at": now,
                               "body": {"verb": {"id": verb}, "context": {"extensions": {key: cid}}}})
    for start in range(0, len(certs), BATCH):
        db.execute(insert(Certificate), certs[start:start + BATCH])
    for start in range(0, len(statements), BATCH):
        db.execute(insert(Statement), statements[start:start + BATCH])


def once(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def peak_mib(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def measure(svc: Any, due: int, noted_count: int, repeat: int) -> None:
    def expire() -> int:
        with svc.db.transaction() as db:
            return record_expiries(db, svc.derivation(db), dt.datetime.now(dt.UTC))

    def dry_run() -> int:  # the first run's work, rolled back: nothing is recorded
        session = svc.db.session()
        with session.begin():
            count = record_expiries(session, svc.derivation(session), dt.datetime.now(dt.UTC))
            session.rollback()
        return count

    def count() -> int:
        with svc.db.session() as db:
            return int(db.scalar(select(func.count()).select_from(Certificate)))

    def orm_load() -> int:  # what every round did before
        with svc.db.session() as db:
            return len(list(db.scalars(select(Certificate).where(Certificate.revoked_at.is_(None)))))

    count()
    bare = statistics.median(once(count)[0] for _ in range(repeat))
    before = statistics.median(once(orm_load)[0] for _ in range(repeat))
    first_peak = peak_mib(dry_run)
    cpu = postgres_cpu_snapshot()
    first, recorded = once(expire)
    first_cpu = postgres_cpu_used(cpu)
    assert recorded == due, recorded
    steady_runs = [once(expire) for _ in range(repeat)]
    assert all(n == 0 for _, n in steady_runs)
    steady = statistics.median(t for t, _ in steady_runs)
    cpu = postgres_cpu_snapshot()
    expire()
    steady_cpu = postgres_cpu_used(cpu)
    steady_peak, orm_peak = peak_mib(expire), peak_mib(orm_load)
    with svc.db.transaction() as db:  # what the upgrade leaves: nobody's expiry is known to be noted
        db.execute(update(Certificate).values(expiry_journaled_at=None))
        db.execute(text("ANALYZE certificates"))
    again, recorded_again = once(expire)
    assert recorded_again == 0, recorded_again
    print(f"bare count(*) {bare * 1000:.1f} ms; ORM load of every unrevoked certificate (each round before) "
          f"{before * 1000:.0f} ms, peak {orm_peak:.1f} MiB")
    print(f"first run: {recorded} expiries recorded in {first:.2f} s (PostgreSQL CPU {first_cpu:.2f} s), "
          f"peak {first_peak:.1f} MiB")
    print(f"steady run: nothing due, {steady * 1000:.1f} ms (PostgreSQL CPU {steady_cpu * 1000:.0f} ms), "
          f"peak {steady_peak:.2f} MiB")
    print(f"after a rebuild or the upgrade (once): {due + noted_count:,} ended certificates looked up in the journal "
          f"and marked, nothing recorded, in {again:.2f} s")
    result("expiry_steady_vs_count_s", steady, bare, 10, higher_is_better=False, unit="s")
    result("expiry_steady_vs_orm_load_s", steady, before, 0.2, higher_is_better=False, unit="s")
    result("expiry_first_run_vs_orm_load_s", first, before, 1, higher_is_better=False, unit="s")
    result("expiry_steady_peak_vs_orm_load_mib", steady_peak, orm_peak, 0.05, higher_is_better=False, unit="MiB")
    result("expiry_after_rebuild_vs_orm_load_s", again, before, None, higher_is_better=False, unit="s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--noted", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with fresh_database("aidip_bench_expiry") as url:
        started = time.perf_counter()
        app = seed(url, args.certificates, args.due, args.noted)
        print(f"seeded {args.certificates:,} certificates ({args.due:,} due, {args.noted:,} expired before) "
              f"in {time.perf_counter() - started:.0f} s")
        svc = app.extensions["aidiploma"]
        with app.app_context():
            measure(svc, args.due, args.noted, args.repeat)
        svc.db.dispose()


if __name__ == "__main__":
    main()
