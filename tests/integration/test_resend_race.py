""""Resend all" posted twice at the same moment (a double click). The second post read its request keys
before the first one committed, then found the first post's new rows unsent and superseded them — an
UPDATE that locked them until its own insert failed on the request key. The first post's sender, which
claims with SKIP LOCKED, skipped the locked rows: one grade went out, the other waited for the next
round (seen once in CI: tests/e2e/test_grade_sync.py). The new rows are now inserted first."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from lti_tool.catalogue import Catalogue
from lti_tool.db import Database
from lti_tool.db.models import Attempt, ResourceLink, ScoreOutbox, utcnow
from lti_tool.db.repositories import upsert_person
from lti_tool.grade_sync import queue_resend
from lti_tool.lti.platforms import add_platform

from ..conftest import provision_database


def _course(db: Database) -> int:
    """A placed exam with two submitted, scored attempts; the link's id."""
    with db.transaction() as session:
        platform = add_platform(session, issuer="https://lms.example", client_id="c", auth_login_url="https://l",
                                auth_token_url="https://t", key_set_url="https://k", deployment_ids=["d"])
        link = ResourceLink(platform_id=platform.id, resource_link_id="rl-1", exam_key="basic",
                            lineitem_url="https://lms.example/lineitems/1")
        session.add(link)
        session.flush()
        for n, subject in enumerate(("sanne", "eva")):
            person = upsert_person(session, platform.id, subject)
            submitted = utcnow() - dt.timedelta(hours=n + 1)
            session.add(Attempt(id=str(uuid.uuid4()), platform_id=platform.id, person_id=person.id,
                                resource_link_pk=link.id, exam_key="basic", blueprint_version="basic@1", seed=1,
                                locale="nl", status="submitted", started_at=submitted, submitted_at=submitted,
                                score_raw=15.0 + n, score_max=20.0, passed=True, layout=[]))
        return link.id


def _locked(dsn: str) -> int:
    """How many score rows another unit of work holds locked right now."""
    with psycopg.connect(dsn) as conn:
        total = conn.execute("SELECT count(*) FROM score_outbox").fetchone()[0]  # type: ignore[index]
        free = conn.execute("SELECT count(*) FROM (SELECT id FROM score_outbox FOR UPDATE SKIP LOCKED) AS rows"
                            ).fetchone()[0]  # type: ignore[index]
        conn.rollback()
        return int(total) - int(free)


def _queue(db: Database, link_pk: int, key: str) -> list[int]:
    with db.transaction() as session:
        link = session.get(ResourceLink, link_pk)
        assert link is not None
        return queue_resend(session, link, Catalogue.from_config(), None, key)[0]  # the seed's basic@1


def test_a_second_post_of_the_same_form_never_locks_the_first_posts_rows(tmp_path: Path) -> None:
    with provision_database("postgresql", tmp_path) as url:
        db = Database(url)
        db.upgrade()
        dsn = url.replace("+psycopg", "")
        link_pk = _course(db)
        first: list[int] = []
        locked_seen: list[int] = []

        def between(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
            # After the second post has read its request keys, the first post commits its rows …
            if not first and "request_key IN" in statement:
                worker = threading.Thread(target=lambda: first.extend(_queue(db, link_pk, "double-click")))
                worker.start()
                worker.join(60)
            # … and from then on, after every statement of the second post, the first post's sender must find
            # its rows free.
            elif first:
                locked_seen.append(_locked(dsn))

        with pytest.raises(IntegrityError), db.transaction() as session:
            event.listen(session.connection(), "after_cursor_execute", between)
            link = session.get(ResourceLink, link_pk)
            assert link is not None
            queue_resend(session, link, Catalogue.from_config(), None, "double-click")
        with db.transaction() as session:
            rows = session.scalars(select(ScoreOutbox).order_by(ScoreOutbox.id)).all()
            states = [(row.id, row.status) for row in rows]
        db.dispose()
    assert len(first) == 2
    assert locked_seen  # the second post ran statements after the first had committed
    assert max(locked_seen) == 0, locked_seen
    assert states == [(row_id, "pending") for row_id in first]
