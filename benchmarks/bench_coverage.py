"""Benchmark: the coverage report, level mix and quarterly trend in SQL at 100,000 people on PostgreSQL.

    .venv/bin/python benchmarks/bench_coverage.py [--people 100000] [--statements 2000000] [--repeat 5]

It generates the organisation and journal of ``bench_certification.py`` (~20 statements per person, an
``earned`` certificate for three in four people, some revoked), rebuilds the certificate projection from the
journal, runs ``ANALYZE`` (the product does after every bulk load: without statistics the grouped query took
over a minute), then times, in the same run:

* **baseline**: ``SELECT count(*)`` over the journal;
* **coverage per department in SQL** (``reports.grouped.queries``: requirement decided once per pair, one
  grouped query; lagging groups are ``lag_rows`` of the same rows), the **level mix** per risk class and the
  **trend** over nine quarter ends (one query);
* the **Python path** each replaced (load people and certificate spans, match in Python), for comparison.

Target (issue 17): coverage < 0.25 s and ≤ 1× the ``count(*)``; PostgreSQL CPU of the SQL figures is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_certification import build
from harness import fresh_database, postgres_cpu_snapshot, postgres_cpu_used, result
from sqlalchemy import select, text

from lti_tool.db.models import Platform, Statement

DAY = dt.date(2026, 11, 29)


def timed(fn: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``repeat`` runs (one warm-up first)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def prepare(app: object) -> int:
    """The projection rebuilt from the journal and the tables analysed; the platform id."""
    from lti_tool.certification import certificate_verbs, rebuild
    from lti_tool.db.repositories import analyze

    svc = app.extensions["aidiploma"]  # type: ignore[attr-defined]
    with svc.db.transaction() as db:
        config = svc.derivation(db)
        rebuild(db, config, db.scalars(select(Statement.body).where(
            Statement.verb.in_(certificate_verbs(config.iris)))))
    with svc.db.transaction() as db:
        analyze(db)
        return int(db.scalar(select(Platform.id)) or 0)


def measure(app: object, platform_id: int, repeat: int) -> None:
    from assessments.coverage import coverage, level_mix, trend
    from lti_tool.organisation import matrix_versions
    from lti_tool.reports.data import load
    from lti_tool.reports.grouped import queries as grouped

    svc = app.extensions["aidiploma"]  # type: ignore[attr-defined]
    with svc.db.session() as db:
        ranks = {k: lvl.rank for k, lvl in svc.catalogue.model(db).levels.items()}
        matrices = matrix_versions(db, ranks)
        statements = db.scalar(text("SELECT count(*) FROM statements"))
        certificates = db.scalar(text("SELECT count(*) FROM certificates"))
    start = dt.date(DAY.year - 2, DAY.month, 1)

    def count() -> None:
        with svc.db.session() as db:
            db.execute(text("SELECT count(*) FROM statements")).scalar()

    def sql(figure: str) -> Callable[[], object]:
        def run() -> object:
            with svc.db.session() as db:
                if figure == "coverage":
                    return grouped.coverage_rows(db, platform_id, matrices, DAY, "department", ranks)
                if figure == "mix":
                    return grouped.mix_rows(db, platform_id, DAY, "risk_class", ranks)
                return grouped.trend_points(db, platform_id, matrices, start, DAY, None, ranks)
        return run

    def python(figure: str) -> Callable[[], object]:
        def run() -> object:
            with svc.db.session() as db:
                data = load(db, platform_id, ranks, with_persons=False)
            if figure == "coverage":
                return coverage(data.people, data.matrices, data.held, DAY, "department", level_ranks=ranks)
            if figure == "mix":
                return level_mix(data.people, data.held, DAY, "risk_class", level_ranks=ranks)
            return trend(data.people, data.matrices, data.held, start, DAY, level_ranks=ranks)
        return run

    for figure in ("coverage", "mix", "trend"):
        assert sql(figure)() == python(figure)(), f"{figure}: SQL and Python differ"
    print(f"journal: {statements:,} statements; projection: {certificates:,} certificates")
    base = timed(count, repeat)
    lines = []
    for figure in ("coverage", "mix", "trend"):
        cpu = postgres_cpu_snapshot()
        value = timed(sql(figure), repeat)
        pg_cpu = postgres_cpu_used(cpu) / (repeat + 1)
        old = timed(python(figure), max(1, repeat // 2))
        print(f"{figure}: SQL {value * 1000:.0f} ms (PostgreSQL CPU {pg_cpu * 1000:.0f} ms), "
              f"Python path {old * 1000:.0f} ms, count(*) {base * 1000:.0f} ms")
        lines.append((figure, value, old))
    for figure, value, old in lines:
        result(f"{figure}_sql", value, base, 1, higher_is_better=False, unit="s",
               limit=0.25 if figure == "coverage" else None)
        result(f"{figure}_python_path", old, base, None, higher_is_better=False, unit="s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the generated database (its URL is printed)")
    parser.add_argument("--reuse", metavar="URL", help="measure a database kept by --keep (no generation)")
    args = parser.parse_args()
    if args.reuse:
        app = reuse(args.reuse)
        with app.extensions["aidiploma"].db.session() as db:  # type: ignore[attr-defined]
            platform_id = int(db.scalar(select(Platform.id)) or 0)
        measure(app, platform_id, args.repeat)
        return
    with fresh_database("aidip_bench_coverage", keep=args.keep) as url:
        app, seconds = build(url, args.people, args.statements)
        print(f"generated {args.people:,} people and {args.statements:,} statements in {seconds:.0f} s")
        platform_id = prepare(app)
        if args.keep:
            print(f"kept: --reuse {url}")
        measure(app, platform_id, args.repeat)
        app.extensions["aidiploma"].db.dispose()  # type: ignore[attr-defined]


def reuse(url: str) -> object:
    """The tool on a database kept by ``--keep`` (migrations brought up to date, tables analysed)."""
    import tempfile

    from lti_tool import create_app
    from lti_tool.db.repositories import analyze

    app = create_app({"instance_path": tempfile.mkdtemp(), "database_url": url, "testing": True,
                      "base_url": "https://tool.bench.example"})
    svc = app.extensions["aidiploma"]
    svc.db.upgrade()
    with svc.db.transaction() as db:
        analyze(db)
    return app


if __name__ == "__main__":
    main()
