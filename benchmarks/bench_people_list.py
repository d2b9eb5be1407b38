"""Benchmark: the People list (``/s/<sid>/reports/people``) at 100,000 people on PostgreSQL.

    .venv/bin/python benchmarks/bench_people_list.py [--people 100000] [--repeat 5]

It seeds an organisation like ``bench_certification.py`` (departments, locations, function groups, risk
classes, leavers) with a certificate for three in four people straight into the projection, gives one person
the HR role, and times the whole page through the Flask test client (parameters, SQL, derivation, template):

* **first page**: no parameters (50 people by name: COUNT + LIMIT/OFFSET in SQL);
* **search**: ``q=Person 4242`` (ILIKE on name, employee number and e-mail);
* **department**: ``department=Zorg`` (one in eight people, paged in SQL);
* **late by days late**: ``status=late&sort=days_late&order=desc`` (status is derived: every person's
  requirement and level held are computed, then filtered, sorted and paged in Python).

Each is compared, in the same run, with a bare ``SELECT`` of the same rows: the page's people with the same
WHERE/ORDER BY/LIMIT, and for the derived status every person's row plus their certificate spans (what the
derivation has to read).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import fresh_database, result
from sqlalchemy import insert, select, text

from lti_tool.db.models import Certificate, Person, Platform, RoleGrant

DEPARTMENTS = ["Klantenservice", "Financiën", "HR", "Zorg", "IT & Data", "Beleid", "Juridisch", "Inkoop"]
LOCATIONS = ["Utrecht", "Rotterdam", "Groningen", "Eindhoven"]
GROUPS = ["medewerker"] * 6 + ["teamleider", "beleidsmedewerker", "projectmanager", "zorgprofessional",
                               "financieel-specialist", "data-specialist", "ai-coordinator"]
ISSUER = "https://lms.bench.example"


def build(url: str, people: int):
    from lti_tool import create_app

    app = create_app({"instance_path": tempfile.mkdtemp(), "database_url": url, "testing": True,
                      "base_url": "https://tool.bench.example"})
    svc = app.extensions["aidiploma"]
    svc.db.upgrade()
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
                     "email": f"person.{n}@bench.example",
                     "department": DEPARTMENTS[n % len(DEPARTMENTS)], "location": LOCATIONS[(n // 7) % len(LOCATIONS)],
                     "business_unit": f"BU{n % 5}", "function_group": rng.choice(GROUPS),
                     "risk_class": rng.choice(["laag", "laag", "midden", "hoog"]), "employee_number": f"E{n}",
                     "hire_date": hire, "left_on": dt.date(2026, 6, 30) if n % 40 == 0 else None,
                     "manager_employee_number": f"E{n - n % 10}" if n % 10 else None,  # teams of ten
                     "first_seen_at": dt.datetime.now(dt.UTC)})
    with svc.db.transaction() as db:
        for start in range(0, len(rows), 10_000):
            db.execute(insert(Person), rows[start:start + 10_000])
        ids = dict(db.execute(select(Person.subject, Person.id)).all())
        now = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
        certs = []
        for n in range(people):
            if n % 4:
                issued = now - dt.timedelta(days=rng.randrange(900))
                certs.append({"id": uuid.uuid4().hex, "platform_id": platform_id, "person_id": ids[f"u{n}"],
                              "level": "advanced" if n % 11 == 0 else "basic", "issued_at": issued,
                              "valid_until": issued + dt.timedelta(days=730), "statement_ids": [],
                              "revoked_at": issued + dt.timedelta(days=10) if n % 100 == 1 else None})
        for start in range(0, len(certs), 10_000):
            db.execute(insert(Certificate), certs[start:start + 10_000])
        db.add(RoleGrant(platform_id=platform_id, person_id=ids["u1"], role="hr"))
    with svc.db.transaction() as db:  # planner statistics, as a database that has been running has them
        db.execute(text("ANALYZE people"))
        db.execute(text("ANALYZE certificates"))
    sid = secrets.token_urlsafe(32)
    svc.store.set("session:" + sid, {"platform_id": platform_id, "person_id": ids["u1"], "org_roles": ["hr"],
                                     "course_roles": [], "locale": "en"}, 3600)
    return app, sid


def timed(fn, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return statistics.median(out)


ALL_ROWS = ("SELECT p.id, p.department, p.location, p.function_group, p.risk_class, p.hire_date, p.left_on, "
            "p.manager_employee_number, c.level, c.issued_at, c.valid_until, c.revoked_at FROM people p "
            "LEFT JOIN certificates c ON c.person_id = p.id ORDER BY p.name")
CASES = {  # name → (page parameters, the bare SELECT of the same rows)
    "first_page": ({}, "SELECT id, name, department, location, function_group, employee_number, hire_date, left_on "
                       "FROM people ORDER BY name, subject, id LIMIT 50"),
    "search": ({"q": "Person 4242"}, "SELECT id, name, department, location, function_group, employee_number, "
                                     "hire_date, left_on FROM people WHERE name ILIKE '%%Person 4242%%' OR "
                                     "employee_number ILIKE '%%Person 4242%%' OR email ILIKE '%%Person 4242%%' "
                                     "ORDER BY name, subject, id LIMIT 50"),
    "department": ({"department": "Zorg"}, "SELECT id, name, department, location, function_group, employee_number, "
                                           "hire_date, left_on FROM people WHERE department = 'Zorg' "
                                           "ORDER BY name, subject, id LIMIT 50"),
    "late_by_days_late": ({"status": "late", "sort": "days_late", "order": "desc"},
                          ALL_ROWS),
}
#: the reminders page: every person's standing is derived (who is late or expiring), then grouped per manager
#: and paged (20 managers); the baseline reads what that derivation needs
REMINDER_CASES = {"reminders_first_page": ({}, ALL_ROWS), "reminders_search": ({"q": "Person 4242"}, ALL_ROWS),
                  "reminders_department": ({"department": "Zorg", "reason": "passed"}, ALL_ROWS)}
TARGETS = {"first_page": 10, "search": 10, "department": 10, "late_by_days_late": 10, "reminders_first_page": 10,
           "reminders_search": 10, "reminders_department": 10}
PATHS = {**{name: "people" for name in CASES}, **{name: "reminders" for name in REMINDER_CASES}}


def measure(app, sid: str, repeat: int) -> None:
    svc = app.extensions["aidiploma"]
    client = app.test_client()
    for name, (params, sql) in {**CASES, **REMINDER_CASES}.items():
        path = f"/s/{sid}/reports/{PATHS[name]}"

        def page(params=params, path=path) -> None:
            response = client.get(path, query_string={"as_of": "2026-11-29", **params},
                                  headers={"Accept": "text/html"})
            assert response.status_code == 200, response.text[:500]

        def bare(sql=sql) -> None:
            with svc.db.session() as db:
                db.connection().exec_driver_sql(sql).fetchall()

        page()  # warm: templates compiled, caches filled
        base = timed(bare, repeat)
        value = timed(page, repeat)
        body = client.get(path, query_string={"as_of": "2026-11-29", **params}).text
        marker = 'id="people-count" role="status">' if PATHS[name] == "people" else 'id="reminder-count" role="status">'
        count = body.split(marker)[1].split("</p>")[0].strip()
        print(f"[{name}] {count}: page {value * 1000:.1f} ms, bare SELECT {base * 1000:.1f} ms")
        prefix = "people_list" if PATHS[name] == "people" else "list"
        result(f"{prefix}_{name}_s", value, base, TARGETS[name], higher_is_better=False, unit="s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with fresh_database("aidip_bench_people") as url:
        started = time.perf_counter()
        app, sid = build(url, args.people)
        print(f"seeded {args.people:,} people and their certificates in {time.perf_counter() - started:.0f} s")
        with app.app_context():
            measure(app, sid, args.repeat)
        app.extensions["aidiploma"].db.dispose()


if __name__ == "__main__":
    main()
