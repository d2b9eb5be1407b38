"""Launches that create the same row at once (the first minute of a deadline in a new course, a
double-clicked launch) on PostgreSQL: the second unit of work waits on the first one's
uncommitted insert, then must take that row instead of failing with a unique violation (a 500).
Found by benchmarks/bench_launch.py with 16 launches in flight."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lti_tool.db import Database
from lti_tool.db.models import Context, Membership, Person, ResourceLink
from lti_tool.db.repositories import upsert_context, upsert_membership, upsert_person, upsert_resource_link
from lti_tool.lti.platforms import add_platform

from ..conftest import provision_database


def _context(db: Session, platform_id: int) -> int:
    return upsert_context(db, platform_id, "d1", "course-1", "AI", "AI-diploma", None, None).id


def _person(db: Session, platform_id: int) -> int:
    return upsert_person(db, platform_id, "employee-1", name="Employee One").id


def _link(db: Session, platform_id: int) -> int:
    return upsert_resource_link(db, platform_id, None, "link-1", "Basic", "basic", None, []).id


def _membership(db: Session, platform_id: int) -> int:
    return upsert_membership(db, db.get(Context, _context(db, platform_id)), db.get(Person, _person(db, platform_id)),
                             ["Learner"], source="launch")


UPSERTS: dict[str, tuple[Callable[[Session, int], int], type]] = {
    "context": (_context, Context), "person": (_person, Person), "link": (_link, ResourceLink),
    "membership": (_membership, Membership),
}


def _waiting_on_a_lock(dsn: str, timeout: float = 60) -> None:
    """Until some session of this database waits for a lock (the second insert, on the first's row)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND wait_event_type = 'Lock'").fetchone()[0]:  # type: ignore[index]
                return
            time.sleep(0.05)
    raise AssertionError("the second unit of work never waited on the first one's insert")


@pytest.mark.parametrize("kind", sorted(UPSERTS))
def test_a_concurrent_insert_of_the_same_row_is_taken_over(kind: str, tmp_path: Path) -> None:
    upsert, model = UPSERTS[kind]
    with provision_database("postgresql", tmp_path) as url:
        database = Database(url)
        try:
            database.upgrade()
            with database.transaction() as db:
                platform_id = add_platform(db, issuer="https://lms.example", client_id="c1",
                                           auth_login_url="https://lms.example/auth",
                                           auth_token_url="https://lms.example/token",
                                           key_set_url="https://lms.example/jwks", deployment_ids=["d1"]).id
                if kind == "membership":  # the course and the person exist; only the membership is new
                    _context(db, platform_id)
                    _person(db, platform_id)
            first = database.session()
            first.begin()
            first_id = upsert(first, platform_id)  # inserted, not yet committed
            second: dict[str, object] = {}

            def concurrent() -> None:
                try:
                    with database.transaction() as db:
                        second["id"] = upsert(db, platform_id)
                except Exception as exc:  # reported below
                    second["error"] = exc

            thread = threading.Thread(target=concurrent)
            thread.start()
            _waiting_on_a_lock(url.replace("postgresql+psycopg://", "postgresql://"))
            first.commit()
            first.close()
            thread.join(60)
            assert "error" not in second, second.get("error")
            assert second["id"] == first_id
            with database.session() as db:
                assert db.scalar(select(func.count()).select_from(model)) == 1
        finally:
            database.dispose()


def test_a_double_clicked_launch_resumes_one_attempt(tmp_path: Path) -> None:
    """Two launches of one person on one link at the same moment: the second waits on the first
    one's new attempt (unique index on open attempts) and resumes it instead of drawing another."""
    import datetime as dt

    from lti_tool.catalogue import Catalogue
    from lti_tool.db.models import Attempt
    from lti_tool.delivery.operations import start_or_resume

    catalogue = Catalogue.from_config()
    with provision_database("postgresql", tmp_path) as url:
        database = Database(url)
        try:
            database.upgrade()
            with database.transaction() as db:
                catalogue.seed_database(db)
                platform_id = add_platform(db, issuer="https://lms.example", client_id="c1",
                                           auth_login_url="https://lms.example/auth",
                                           auth_token_url="https://lms.example/token",
                                           key_set_url="https://lms.example/jwks", deployment_ids=["d1"]).id
                person_id, link_id = _person(db, platform_id), _link(db, platform_id)
            now = dt.datetime.now(dt.UTC)

            def launch(db: Session) -> tuple[str, bool]:
                attempt, created = start_or_resume(db, catalogue, db.get(Person, person_id),
                                                   db.get(ResourceLink, link_id), "nl", now)
                return attempt.id, created

            first = database.session()
            first.begin()
            first_id, first_created = launch(first)  # drawn, not yet committed
            second: dict[str, object] = {}

            def concurrent() -> None:
                try:
                    with database.transaction() as db:
                        second["result"] = launch(db)
                except Exception as exc:  # reported below
                    second["error"] = exc

            thread = threading.Thread(target=concurrent)
            thread.start()
            _waiting_on_a_lock(url.replace("postgresql+psycopg://", "postgresql://"))
            first.commit()
            first.close()
            thread.join(60)
            assert "error" not in second, second.get("error")
            assert first_created and second["result"] == (first_id, False)
            with database.session() as db:
                assert db.scalar(select(func.count()).select_from(Attempt)) == 1
        finally:
            database.dispose()


@pytest.mark.parametrize("kind", ["context", "link"])
def test_a_launch_that_changes_nothing_about_the_course_or_link_does_not_lock_it(kind: str, tmp_path: Path) -> None:
    """Every learner of a course launches with the same course and link: an upsert that always updated those
    rows held their lock until commit, so a course's launches waited for each other one by one. Only a launch
    that changes something writes (and locks) the row."""
    upsert, model = UPSERTS[kind]
    with provision_database("postgresql", tmp_path) as url:
        database = Database(url)
        try:
            database.upgrade()
            with database.transaction() as db:
                platform_id = add_platform(db, issuer="https://lms.example", client_id="c1",
                                           auth_login_url="https://lms.example/auth",
                                           auth_token_url="https://lms.example/token",
                                           key_set_url="https://lms.example/jwks", deployment_ids=["d1"]).id
                row_id = upsert(db, platform_id)
            dsn = url.replace("postgresql+psycopg://", "postgresql://")
            lock = sql.SQL("SELECT id FROM {} WHERE id = %s FOR UPDATE NOWAIT").format(
                sql.Identifier(model.__tablename__))
            with database.session() as first:
                assert upsert(first, platform_id) == row_id
                first.flush()  # what the launch's unit of work would write before its commit
                with psycopg.connect(dsn, autocommit=True) as other:  # another launch may lock it at once
                    other.execute(lock, (row_id,))
                first.commit()
            with database.transaction() as db:  # a changed title is written
                row = (upsert_context(db, platform_id, "d1", "course-1", "AI", "AI-diploma 2026", None, None)
                       if kind == "context" else
                       upsert_resource_link(db, platform_id, None, "link-1", "Basic 2026", "basic", None, []))
                assert row.id == row_id
                db.flush()
                with psycopg.connect(dsn, autocommit=True) as other, pytest.raises(psycopg.errors.LockNotAvailable):
                    other.execute(lock, (row_id,))
            with database.session() as db:
                assert db.get(model, row_id).title == ("AI-diploma 2026" if kind == "context" else "Basic 2026")
        finally:
            database.dispose()
