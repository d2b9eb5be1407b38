"""Two passing submissions at once each issue a certificate with the next bit of the revocation
status list. On PostgreSQL both read the same highest index unless the allocation is serialised:
the second then failed with a unique violation (a 500 on submit). Found by the fault tests under
load (tests/e2e/test_faults_under_load.py)."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from pathlib import Path

import psycopg

from lti_tool.db import Database
from lti_tool.db.certificates import next_status_index
from lti_tool.db.models import Certificate, utcnow
from lti_tool.db.repositories import upsert_person
from lti_tool.lti.platforms import add_platform

from ..conftest import provision_database


def _waiting_on_a_lock(dsn: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND wait_event_type = 'Lock'").fetchone()[0]:  # type: ignore[index]
                return True
            time.sleep(0.05)
    return False


def test_concurrent_certificates_get_distinct_status_indexes(tmp_path: Path) -> None:
    with provision_database("postgresql", tmp_path) as url:
        db = Database(url)
        db.upgrade()
        with db.transaction() as session:
            platform = add_platform(session, issuer="https://lms.example", client_id="c", auth_login_url="https://l",
                                    auth_token_url="https://t", key_set_url="https://k", deployment_ids=["d"])
            people = [upsert_person(session, platform.id, f"employee-{n}").id for n in (1, 2)]
            platform_id = platform.id
        first_allocated, release = threading.Event(), threading.Event()
        indexes: dict[int, int] = {}
        errors: list[BaseException] = []

        def issue(person_id: int, hold: bool) -> None:
            try:
                with db.transaction() as session:
                    index = next_status_index(session)
                    now = utcnow()
                    session.add(Certificate(id=str(uuid.uuid4()), platform_id=platform_id, person_id=person_id,
                                            level="basic", issued_at=now, valid_until=now + dt.timedelta(days=1),
                                            status_index=index))
                    session.flush()
                    if hold:  # the first submission is still being written when the second allocates
                        first_allocated.set()
                        release.wait(60)
                indexes[person_id] = index
            except BaseException as exc:
                errors.append(exc)

        first = threading.Thread(target=issue, args=(people[0], True))
        first.start()
        assert first_allocated.wait(60)
        second = threading.Thread(target=issue, args=(people[1], False))
        second.start()
        waited = _waiting_on_a_lock(url.replace("+psycopg", ""), timeout=10)
        release.set()
        first.join(60)
        second.join(60)
        db.dispose()
    assert not errors, errors
    assert waited  # the second allocation waited for the first unit of work …
    assert sorted(indexes.values()) == [0, 1]  # … and took the next index
