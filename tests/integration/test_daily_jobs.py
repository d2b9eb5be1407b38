"""The worker's daily jobs: expiries recorded once however many workers run, found with one query and not looked
for between runs; the retention purge of every kind of row that would otherwise grow for ever."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import httpx
import pytest
from sqlalchemy import event, func, select, update

from demo_lrs import LrsProcess
from lti_tool.certification import as_derived, certificate_verbs, issue_certificate, rebuild, record_expiries
from lti_tool.commands.worker import _round
from lti_tool.daily_jobs import Schedule
from lti_tool.db import certificates as certificate_store
from lti_tool.db.models import (
    Certificate,
    KeyValue,
    MailOutbox,
    Person,
    Platform,
    ScoreOutbox,
    Statement,
    UsedNonce,
    utcnow,
)
from lti_tool.db.queries import journaled_bodies
from lti_tool.outbox import send_statements
from lti_tool.services import Services
from tests.conftest import make_tool, provision_database

ROOT = Path(__file__).resolve().parents[2]
N = 30


def seed_expired(svc: Services, issuer: str, n: int) -> None:
    """A platform with ``n`` people, each holding a basic certificate earned five years ago (run out long since),
    plus one still valid."""
    with svc.db.transaction() as db:
        platform = Platform(issuer=issuer, client_id="c", auth_login_url=f"{issuer}/auth",
                            auth_token_url=f"{issuer}/token", key_set_url=f"{issuer}/jwks")
        db.add(platform)
        db.flush()
        config = svc.derivation(db)
        for i in range(n + 1):
            person = Person(platform_id=platform.id, subject=f"p{i}")
            db.add(person)
            db.flush()
            earned = utcnow() - dt.timedelta(days=5 * 365 if i < n else 10)
            issue_certificate(db, config, platform, person, "basic", earned, registration=None,
                              blueprint_version=None, model_version=None)


def expired_in_journal(svc: Services) -> int:
    with svc.db.session() as db:
        return db.scalar(select(func.count()).select_from(Statement).where(Statement.verb.endswith("/expired")))


def expired_at_lrs(lrs: LrsProcess, issuer: str) -> list[str]:
    """Ids of the ``expired`` statements the LRS holds for this platform's people."""
    ids: list[str] = []
    with httpx.Client(auth=lrs.auth, headers={"X-Experience-API-Version": "1.0.3"}, timeout=10) as client:
        response = client.get(lrs.statements_url, params={"limit": 500})
        while True:
            body = response.json()
            ids += [s["id"] for s in body["statements"] if s["verb"]["id"].endswith("/xapi/verbs/expired")
                    and s["actor"]["account"]["homePage"] == issuer]
            if not body.get("more"):
                return ids
            response = client.get(urljoin(lrs.url, body["more"]))


@pytest.fixture
def pg_tool(lrs: LrsProcess, tmp_path: Path) -> Iterator[Services]:
    with provision_database("postgresql", tmp_path) as url:
        app, _port = make_tool(url, lrs, tmp_path / "instance")
        svc: Services = app.extensions["aidiploma"]
        yield svc
        svc.db.dispose()


def worker_processes(svc: Services, lrs: LrsProcess, tmp_path: Path, count: int) -> list[str]:
    """``count`` processes of ``flask worker --once`` started together; their output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIDIP_")}
    env.update(PYTHONPATH=str(ROOT), AIDIP_DATABASE_URL=svc.settings.database_url, AIDIP_SECRET_KEY="s" * 40,
               AIDIP_BASE_URL=svc.settings.base_url, AIDIP_INSTANCE_PATH=str(tmp_path / "worker"),
               AIDIP_LRS_ENDPOINT=lrs.url, AIDIP_LRS_USERNAME=lrs.username, AIDIP_LRS_PASSWORD=lrs.password,
               AIDIP_ALLOW_PRIVATE_HOSTS="1", AIDIP_LOG_FORMAT="text")
    procs = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--once"], cwd=ROOT,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(count)]
    outputs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * count, outputs
    return outputs


def test_two_workers_record_each_expiry_once_at_the_lrs(pg_tool: Services, lrs: LrsProcess, tmp_path: Path) -> None:
    issuer = f"https://lms-{uuid.uuid4().hex[:8]}.example"
    seed_expired(pg_tool, issuer, N)
    outputs = worker_processes(pg_tool, lrs, tmp_path, 2)
    assert sorted("certificates recorded as expired" in out for out in outputs) == [False, True], outputs
    while send_statements(pg_tool.db, pg_tool.settings).sent:  # whatever the workers left
        pass
    assert expired_in_journal(pg_tool) == N
    at_lrs = expired_at_lrs(lrs, issuer)
    assert len(at_lrs) == len(set(at_lrs)) == N
    again = worker_processes(pg_tool, lrs, tmp_path, 2)  # the next rounds: not due for a day
    assert not any("recorded as expired" in out for out in again), again
    with pg_tool.db.transaction() as db:  # and run by hand, the query finds nothing left
        assert record_expiries(db, pg_tool.derivation(db), utcnow()) == 0
    send_statements(pg_tool.db, pg_tool.settings)
    assert expired_in_journal(pg_tool) == N and len(expired_at_lrs(lrs, issuer)) == N


def test_concurrent_runs_without_the_lock_add_nothing_twice(pg_tool: Services) -> None:
    """The second run sees every certificate due (the first has not committed) and still journals none: the
    statement ids are derived from the certificates, and its inserts wait for the first's commit."""
    seed_expired(pg_tool, "https://lms-race.example", N)
    first_done, commit = threading.Event(), threading.Event()
    counts: dict[str, Any] = {}

    def first() -> None:
        with pg_tool.db.transaction() as db:
            counts["first"] = record_expiries(db, pg_tool.derivation(db), utcnow())
            first_done.set()
            commit.wait(30)

    def second() -> None:
        with pg_tool.db.transaction() as db:
            config = pg_tool.derivation(db)
            counts["seen"] = sum(not noted for _due, noted in certificate_store.ended_unmarked(
                db, config.iris.verb("expired"), config.iris.extension("certificate-id"), utcnow()))
            counts["second"] = record_expiries(db, config, utcnow())

    one = threading.Thread(target=first)
    one.start()
    assert first_done.wait(60)
    two = threading.Thread(target=second)
    two.start()
    two.join(2)
    assert two.is_alive()  # waiting on the first's uncommitted statements
    commit.set()
    one.join(30)
    two.join(30)
    assert counts == {"first": N, "seen": N, "second": 0}
    assert expired_in_journal(pg_tool) == N


@pytest.fixture
def any_tool(database_url: str, tmp_path: Path) -> Iterator[Services]:
    app, _port = make_tool(database_url, None, tmp_path / "instance")
    svc: Services = app.extensions["aidiploma"]
    yield svc
    svc.db.dispose()


def statements_of_round(svc: Services, schedule: Schedule) -> list[str]:
    """The SQL one worker round runs."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(svc.db.engine, "before_cursor_execute", note)
    try:
        _round(svc, schedule)
    finally:
        event.remove(svc.db.engine, "before_cursor_execute", note)
    return seen


def test_between_daily_runs_the_round_does_not_look_for_expiries(any_tool: Services) -> None:
    seed_expired(any_tool, "https://lms-quiet.example", 3)
    schedule = Schedule()
    first = statements_of_round(any_tool, schedule)
    assert any("FROM certificates" in s for s in first)
    assert expired_in_journal(any_tool) == 3
    later = statements_of_round(any_tool, schedule)
    assert later and not [s for s in later if "certificates" in s or "kv_entries" in s]
    restarted = statements_of_round(any_tool, Schedule())  # another worker, or this one restarted: asks, once
    assert any("kv_entries" in s for s in restarted)
    assert not [s for s in restarted if "FROM certificates" in s]
    assert expired_in_journal(any_tool) == 3


def ended_unmarked(svc: Services) -> list[tuple[str, bool]]:
    """(certificate id, its ``expired`` statement is in the journal) of what the next daily run looks at."""
    with svc.db.session() as db:
        config = svc.derivation(db)
        rows = certificate_store.ended_unmarked(db, config.iris.verb("expired"),
                                                config.iris.extension("certificate-id"), utcnow())
    return [(due.id, noted) for due, noted in rows]


def test_a_daily_run_marks_what_it_looked_at_and_a_rebuild_keeps_or_clears_the_marks(any_tool: Services) -> None:
    """Marked certificates are not looked at again. A rebuild that finds them right keeps their marks; one that
    has to move their end clears them, and the next run finds their statements in the journal, journals nothing
    and marks them again."""
    seed_expired(any_tool, "https://lms-mark.example", 3)
    assert [noted for _id, noted in ended_unmarked(any_tool)] == [False] * 3
    with any_tool.db.transaction() as db:
        assert record_expiries(db, any_tool.derivation(db), utcnow()) == 3
    assert ended_unmarked(any_tool) == []

    def rebuild_from_journal() -> int:  # what ``flask certification rebuild --from journal`` does
        with any_tool.db.transaction() as db:
            config = any_tool.derivation(db)
            return rebuild(db, config, journaled_bodies(db, certificate_verbs(config.iris)))["written"]

    assert rebuild_from_journal() == 0
    assert ended_unmarked(any_tool) == []
    with any_tool.db.transaction() as db:  # the projection gone wrong: the ends are later than the statements say
        for row in db.scalars(select(Certificate)):
            row.valid_until += dt.timedelta(days=1)
    assert rebuild_from_journal() == 4  # the three that ended and the one still valid
    assert [noted for _id, noted in ended_unmarked(any_tool)] == [True] * 3
    with any_tool.db.transaction() as db:
        assert record_expiries(db, any_tool.derivation(db), utcnow()) == 0
    assert ended_unmarked(any_tool) == [] and expired_in_journal(any_tool) == 3


def test_a_cut_off_certificate_is_due_at_its_cut_off(any_tool: Services) -> None:
    """The candidates come from two indexes: valid-until, and a cut-off before it."""
    seed_expired(any_tool, "https://lms-cut.example", 0)  # one valid certificate
    with any_tool.db.transaction() as db:
        db.execute(update(Certificate).values(cut_off_at=utcnow() - dt.timedelta(days=1)))
    assert [noted for _id, noted in ended_unmarked(any_tool)] == [False]
    with any_tool.db.transaction() as db:
        assert record_expiries(db, any_tool.derivation(db), utcnow()) == 1
    assert ended_unmarked(any_tool) == []


def test_a_marked_certificate_whose_end_moves_is_looked_at_again(any_tool: Services) -> None:
    seed_expired(any_tool, "https://lms-moved.example", 1)
    with any_tool.db.transaction() as db:
        assert record_expiries(db, any_tool.derivation(db), utcnow()) == 1
    assert ended_unmarked(any_tool) == []
    with any_tool.db.transaction() as db:  # re-derived with another validity, as after a settings change
        row = db.scalars(select(Certificate).where(Certificate.valid_until < utcnow())).one()
        person = db.get(Person, row.person_id)
        assert person is not None
        derived = as_derived(row, "https://lms-moved.example", person.subject)
        certificate_store.store_certificates(db, row.platform_id, row.person_id, [
            dataclasses.replace(derived, valid_until=derived.valid_until + dt.timedelta(days=1))])
    assert ended_unmarked(any_tool) == [(row.id, True)]


def old_rows(svc: Services, platform_id: int, days: int, tag: str) -> None:
    """One score and one mail outbox row per status, queued ``days`` ago; a nonce and a key-value that expired
    ``days`` ago (or are valid for ``-days`` more)."""
    at = utcnow() - dt.timedelta(days=days)
    with svc.db.transaction() as db:
        for status in ("sent", "failed", "superseded", "pending", "held"):
            db.add(ScoreOutbox(platform_id=platform_id, lineitem_url="https://lms.example/li", user_id="u",
                               payload={}, status=status, created_at=at))
        for status in ("sent", "failed", "pending"):
            db.add(MailOutbox(platform_id=platform_id, send_key=f"{tag}-{status}", recipient="m@example.org",
                              recipient_name="M", language="nl", subject="s", body="b", reminders=1,
                              queued_by="test", status=status, created_at=at))
        db.add(UsedNonce(platform_id=platform_id, nonce=f"nonce-{tag}", expires_at=at))
        db.add(KeyValue(key=f"session:{tag}", value={}, expires_at=at))


def remaining(svc: Services) -> dict[str, Any]:
    with svc.db.session() as db:
        return {"scores": sorted(db.scalars(select(ScoreOutbox.status))),
                "mails": sorted(db.scalars(select(MailOutbox.status))),
                "nonces": sorted(db.scalars(select(UsedNonce.nonce))),
                "sessions": sorted(db.scalars(select(KeyValue.key).where(KeyValue.key.startswith("session:"))))}


def platform_id(svc: Services) -> int:
    with svc.db.transaction() as db:
        platform = Platform(issuer="https://lms-purge.example", client_id="c", auth_login_url="a",
                            auth_token_url="t", key_set_url="k")
        db.add(platform)
        db.flush()
        return platform.id


def test_purge_removes_finished_outbox_rows_used_nonces_and_expired_key_values(any_tool: Services) -> None:
    pid = platform_id(any_tool)
    old_rows(any_tool, pid, 100, "old")  # past the 90 days of AIDIP_RETENTION_OUTBOX_DAYS
    old_rows(any_tool, pid, -1, "new")  # queued tomorrow, valid until then: kept
    result = any_tool.db.app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert ("removed 3 score and 2 mail outbox rows, 1 used nonces, 1 expired key-values") in result.output
    assert remaining(any_tool) == {
        "scores": ["failed", "held", "held", "pending", "pending", "sent", "superseded"],
        "mails": ["failed", "pending", "pending", "sent"],
        "nonces": ["nonce-new"], "sessions": ["session:new"]}


def test_the_worker_purges_once_a_day(any_tool: Services, capsys: pytest.CaptureFixture[str]) -> None:
    pid = platform_id(any_tool)
    old_rows(any_tool, pid, 100, "day1")
    schedule = Schedule()
    _round(any_tool, schedule)
    assert "removed 3 score and 2 mail outbox rows, 1 used nonces, 1 expired key-values" in capsys.readouterr().out
    old_rows(any_tool, pid, 100, "day1b")
    _round(any_tool, schedule)
    _round(any_tool, Schedule())  # another worker the same day
    assert "retention" not in capsys.readouterr().out
    assert len(remaining(any_tool)["nonces"]) == 1
    with any_tool.db.transaction() as db:  # a day later
        db.execute(update(KeyValue).where(KeyValue.key == "daily:retention").values(
            expires_at=utcnow() - dt.timedelta(seconds=1)))
    _round(any_tool, Schedule())
    assert "removed 3 score and 2 mail outbox rows, 1 used nonces" in capsys.readouterr().out
    assert remaining(any_tool)["nonces"] == []
