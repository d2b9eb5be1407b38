"""Bulk loads leave planner statistics behind (``db.repositories.analyze``): without them PostgreSQL planned the
grouped coverage query over 10⁵ people to run for over a minute (issue 17). Checked after ``flask init`` and an
HR import: ``pg_stat_user_tables.last_analyze`` (a manual ANALYZE, not autovacuum's) or ``sqlite_stat1``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from lti_tool.db.models import Platform
from lti_tool.reports.operations import import_people

from ..conftest import make_tool

HR_CSV = "\n".join(";".join(row) for row in [
    ["employee_number", "name", "email", "department", "location", "business_unit", "function_group", "risk_class",
     "manager_employee_number", "hire_date"],
    *[[f"E{n}", f"Person {n}", f"p{n}@example.org", "HR", "Utrecht", "BU", "medewerker", "laag", "", "2020-01-01"]
      for n in range(30)],
]) + "\n"


def _analysed(app, table: str) -> bool:
    with app.extensions["aidiploma"].db.session() as db:
        if db.get_bind().dialect.name == "postgresql":
            return db.scalar(text("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = :t"),
                             {"t": table}) is True
        exists = db.scalar(text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"))
        return bool(exists) and bool(db.scalar(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = :t"),
                                               {"t": table}))


def test_flask_init_analyses_the_tables_it_loaded(database_url: str, tmp_path: Path) -> None:
    app, _port = make_tool(database_url, None, tmp_path)
    assert not _analysed(app, "item_versions")
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert _analysed(app, "item_versions")
    app.extensions["aidiploma"].db.dispose()


def test_an_hr_import_analyses_the_people_table(database_url: str, tmp_path: Path) -> None:
    app, _port = make_tool(database_url, None, tmp_path)
    svc = app.extensions["aidiploma"]
    with svc.db.transaction() as db:
        platform = Platform(issuer="https://lms.example", client_id="c", auth_login_url="x", auth_token_url="x",
                            key_set_url="x")
        db.add(platform)
        db.flush()
        platform_id = platform.id
    with app.test_request_context():
        assert not _analysed(app, "people")
        import_people(platform_id, "hr.csv", HR_CSV.encode(), apply=False)  # a dry run keeps nothing
        assert not _analysed(app, "people")
        result, counts = import_people(platform_id, "hr.csv", HR_CSV.encode(), apply=True)
        assert counts is not None and not result.errors, result.errors
    assert _analysed(app, "people")
    svc.db.dispose()
