"""Benchmark: rebuild the certificate projection and compute the coverage report for a large
organisation, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/bench_certification.py [--people 100000] [--statements 2000000]
                                                       [--databases sqlite,postgresql]

It generates an organisation (departments, locations, function groups, risk classes, leavers,
new hires) with ~20 statements per person in the tool's statement journal (launch/answer/pass
statements, an ``earned`` certificate for three in four people, some revocations), then times:

* **rebuild**: ``flask certification rebuild --from journal`` (read the certificate statements,
  derive, write the difference to the projection) — reported as the certificate statements it reads per second
  (not the journal's rows: it reads only ``earned``/``revoked``/``cut-short``/``expired``), against
  a plain read of the same statements (``SELECT body`` with the same filter, decoded) in the same run; once
  into the empty projection (every row written), then three times over a projection that is right (the median;
  nothing written);
* **coverage report**: load people, certificates and role matrix, compute coverage per department;
* **baseline**: ``SELECT count(*)`` over the same statement table, in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import result
from sqlalchemy import func, insert, select, text

from lti_tool.db.models import Person, Platform, Statement

DEPARTMENTS = ["Klantenservice", "Financiën", "HR", "Zorg", "IT & Data", "Beleid", "Juridisch", "Inkoop"]
LOCATIONS = ["Utrecht", "Rotterdam", "Groningen", "Eindhoven"]
GROUPS = ["medewerker"] * 6 + ["teamleider", "beleidsmedewerker", "projectmanager", "zorgprofessional",
                               "financieel-specialist", "data-specialist", "ai-coordinator"]
ISSUER = "https://lms.bench.example"


def build(url: str, people: int, statements: int) -> tuple[object, float]:
    from lti_tool import create_app
    from lti_tool.services import Services
    from xapi import statements as st

    app = create_app({"instance_path": tempfile.mkdtemp(), "database_url": url, "testing": True,
                      "base_url": "https://tool.bench.example"})
    svc: Services = app.extensions["aidiploma"]
    svc.db.upgrade()
    started = time.perf_counter()
    rng = random.Random(42)
    with svc.db.transaction() as db:
        svc.catalogue.seed_database(db)
        platform = Platform(issuer=ISSUER, client_id="bench", auth_login_url="https://lms.bench.example/auth",
                            auth_token_url="https://lms.bench.example/token",  # noqa: S106 - a URL, not a secret
                            key_set_url="https://lms.bench.example/jwks")
        db.add(platform)
        db.flush()
        platform_id = platform.id
    rows = []
    for n in range(people):
        hire = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(6000))
        rows.append({"platform_id": platform_id, "subject": f"u{n}", "name": f"Person {n}",
                     "department": DEPARTMENTS[n % len(DEPARTMENTS)], "location": LOCATIONS[(n // 7) % len(LOCATIONS)],
                     "business_unit": f"BU{n % 5}", "function_group": rng.choice(GROUPS),
                     "risk_class": rng.choice(["laag", "laag", "midden", "hoog"]), "employee_number": f"E{n}",
                     "hire_date": hire, "left_on": dt.date(2026, 6, 30) if n % 40 == 0 else None,
                     "first_seen_at": dt.datetime.now(dt.UTC)})
    with svc.db.transaction() as db:
        for start in range(0, len(rows), 10_000):
            db.execute(insert(Person), rows[start:start + 10_000])
        ids = dict(db.execute(select(Person.subject, Person.id)).all())
    iris = svc.iris
    per_person = max(1, statements // people)
    answered_verb = "http://adlnet.gov/expapi/verbs/answered"
    batch: list[dict] = []
    now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)

    def flush() -> None:
        with svc.db.transaction() as db:
            db.execute(insert(Statement), batch)
        batch.clear()

    made = 0
    for n in range(people):
        actor = st.Actor(ISSUER, f"u{n}")
        issued = now - dt.timedelta(days=rng.randrange(900))
        bodies = []
        if n % 4:
            cid = str(uuid.uuid4())
            level = "expert" if n % 97 == 0 else "advanced" if n % 11 == 0 else "basic"
            bodies.append(st.earned(iris, actor, level, cid, issued, issued + dt.timedelta(days=730)))
            if n % 100 == 1:
                bodies.append(st.revoked(iris, actor, level, cid, issued + dt.timedelta(days=10), "bench"))
        while len(bodies) < per_person:
            bodies.append({"id": str(uuid.uuid4()), "actor": {"account": {"homePage": ISSUER, "name": f"u{n}"}},
                           "verb": {"id": answered_verb},
                           "object": {"id": f"{iris.base}/activities/item/i{made % 150}"},
                           "result": {"response": "a", "success": True}, "timestamp": issued.isoformat()})
        for body in bodies:
            verb = body["verb"]["id"]
            batch.append({"id": body["id"], "platform_id": platform_id, "person_id": ids[f"u{n}"], "verb": verb,
                          "body": body, "status": "sent", "tries": 1, "created_at": now, "next_attempt_at": now})
            made += 1
        if len(batch) >= 20_000:
            flush()
    if batch:
        flush()
    return app, time.perf_counter() - started


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def measure(app, label: str) -> None:
    from assessments.coverage import coverage
    from lti_tool.certification import certificate_verbs, rebuild
    from lti_tool.db.queries import journaled_bodies
    from lti_tool.gc_pause import collector_paused
    from lti_tool.reports.data import load

    svc = app.extensions["aidiploma"]
    with svc.db.session() as db:
        total = db.scalar(select(func.count()).select_from(Statement))
        platform_id = db.scalar(select(Platform.id))

    def baseline() -> None:
        with svc.db.session() as db:
            db.execute(text("SELECT count(*) FROM statements")).scalar()

    def certificate_statements(db):  # what the rebuild reads
        config = svc.derivation(db)
        return config, db.scalars(select(Statement.body).where(Statement.verb.in_(certificate_verbs(config.iris))))

    def do_rebuild() -> None:  # what ``flask certification rebuild --from journal`` does after its backfill
        with svc.db.transaction() as db, collector_paused():
            config = svc.derivation(db)
            written.append(rebuild(db, config, journaled_bodies(db, certificate_verbs(config.iris)))["written"])

    def plain_read() -> None:
        with svc.db.session() as db:
            read.append(sum(1 for _ in certificate_statements(db)[1]))

    def report() -> None:
        with svc.db.session() as db:
            ranks = {k: lvl.rank for k, lvl in svc.catalogue.model(db).levels.items()}
            data = load(db, platform_id, ranks, with_persons=False)
            rows = coverage(data.people, data.matrices, data.held, dt.date(2026, 11, 29), "department",
                            level_ranks=ranks)
            assert sum(r.required for r in rows) > 0

    read: list[int] = []
    written: list[int] = []
    base = statistics.median(timed(baseline, 5))
    read_time = statistics.median(timed(plain_read, 3))
    into_empty = timed(do_rebuild, 1)[0]
    build_time = statistics.median(timed(do_rebuild, 3))
    report_time = statistics.median(timed(report, 5))
    with svc.db.session() as db:
        certs = db.scalar(text("SELECT count(*) FROM certificates"))
    print(f"[{label}] journal: {total:,} statements; projection: {certs:,} certificates")
    print(f"[{label}] baseline SELECT count(*): {base * 1000:.1f} ms")
    print(f"[{label}] rebuild from journal into the empty projection: {into_empty:.2f} s, {written[0]:,} rows "
          f"written = {read[0] / into_empty:,.0f} read statements/s")
    print(f"[{label}] rebuild from journal: {build_time:.2f} s, reading {read[0]:,} certificate statements of the "
          f"{total:,} = {read[0] / build_time:,.0f} read statements/s ({build_time / base:.0f}x the count(*) scan), "
          f"rows written: {written[1:]}; reading and decoding them alone: {read_time:.2f} s")
    print(f"[{label}] coverage report per department: {report_time * 1000:.0f} ms "
          f"({report_time / base:.1f}x the count(*) scan)")
    # targets: the rebuild within 60x and the coverage report within 10x a count(*) over the journal
    result(f"certification_rebuild_s_{label}", build_time, base, 60, higher_is_better=False, unit="s")
    result(f"certification_rebuild_read_statements_per_s_{label}", read[0] / build_time, read[0] / read_time,
           limit=200_000, unit="/s")
    result(f"certification_rebuild_into_empty_read_statements_per_s_{label}", read[0] / into_empty,
           read[0] / read_time, limit=200_000, unit="/s")
    result(f"coverage_report_s_{label}", report_time, base, 10, higher_is_better=False, unit="s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=2_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    import psycopg

    for kind in args.databases.split(","):
        if kind == "sqlite":
            url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        else:
            name = f"aidip_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = args.pg.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + "/" + name
        app, seconds = build(url, args.people, args.statements)
        print(f"[{kind}] generated {args.people:,} people and their statements in {seconds:.0f} s")
        measure(app, kind)
        app.extensions["aidiploma"].db.dispose()
        if kind != "sqlite":
            with psycopg.connect(args.pg, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
