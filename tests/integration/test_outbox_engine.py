"""The outbox engine on a real database: leases, backoff, parking, holding, outages, and how many
units of work a round takes. The receiver is scripted (the e2e tests use the real LRS and platform)."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, select

from lti_tool.db import Database
from lti_tool.db.models import Statement
from lti_tool.db.outboxes import claim_due
from lti_tool.db.repositories import journal
from lti_tool.outbox.engine import LEASE, Limits, Outcome, backoff, run
from xapi import statements as st
from xapi.vocabulary import ToolIris

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


class Scripted:
    """Delivers statements one per outcome, answering from a script (default: accepted)."""

    name = "statements"
    model = Statement
    deferred = ()

    def __init__(self, answers: dict[str, Outcome] | None = None) -> None:
        self.answers = answers or {}
        self.seen: list[str] = []

    def prepare(self, session: Any, rows: list[Statement]) -> list[str]:
        return [row.id for row in rows]

    def send(self, jobs: list[str]) -> Iterator[Outcome]:
        for sid in jobs:
            self.seen.append(sid)
            answer = self.answers.get(sid)
            yield Outcome([sid], answer.error, permanent=answer.permanent, outage=answer.outage,
                          held=answer.held) if answer else Outcome([sid])


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.upgrade()
    yield database
    database.dispose()


def add(db: Database, count: int) -> list[str]:
    """``count`` launched statements, journaled in this order (ids in that order)."""
    ids = []
    with db.transaction() as session:
        for n in range(count):
            ctx = st.ExamContext(iris=ToolIris("https://tool.example"), actor=st.Actor("https://lms.example", "u1"),
                                 exam_key="basic", exam_title={"en": "Basic"}, registration=str(uuid.uuid4()),
                                 session_id=str(uuid.uuid4()), blueprint_version="basic@1", level="basic",
                                 mastery_score=0.7, course_iri="https://tool.example/xapi/activities/course/x/y")
            row = journal(session, st.launched(ctx, NOW), None, None)
            row.created_at, row.next_attempt_at = NOW + dt.timedelta(seconds=n), NOW
            ids.append(row.id)
    return ids


def rows(db: Database) -> dict[str, Statement]:
    with db.session() as session:
        return {row.id: row for row in session.scalars(select(Statement))}


def test_a_failed_row_backs_off_and_is_parked_after_the_last_try(db):
    [s1] = add(db, 1)
    sender = Scripted({s1: Outcome([s1], "LRS answered 500")})
    now = NOW
    for tries in (1, 2):
        report = run(db, sender, now, Limits(10, max_tries=3))
        assert (report.sent, report.failed, report.errors) == (0, 1, ["LRS answered 500"])
        row = rows(db)[s1]
        assert (row.status, row.tries, row.last_error) == ("pending", tries, "LRS answered 500")
        assert row.next_attempt_at.replace(tzinfo=dt.UTC) == now + backoff(tries)
        assert run(db, sender, now + backoff(tries) - dt.timedelta(seconds=1), Limits(10, 3)).batches == 0
        now += backoff(tries)
    run(db, sender, now, Limits(10, max_tries=3))
    assert (rows(db)[s1].status, rows(db)[s1].tries) == ("failed", 3)  # parked: not claimed again
    assert run(db, sender, now + dt.timedelta(days=1), Limits(10, 3)).batches == 0


def test_a_rejected_row_is_parked_at_once_and_the_others_are_sent(db):
    s1, s2, s3 = add(db, 3)
    report = run(db, Scripted({s2: Outcome([s2], "invalid", permanent=True)}), NOW, Limits(10, 5))
    assert (report.sent, report.failed) == (2, 1)
    assert {sid: row.status for sid, row in rows(db).items()} == {s1: "sent", s2: "failed", s3: "sent"}
    assert rows(db)[s1].sent_at is not None and rows(db)[s1].last_error is None


def test_a_held_row_is_not_a_try_and_is_not_claimed_again(db):
    [s1] = add(db, 1)
    report = run(db, Scripted({s1: Outcome([s1], "stopped", held=True)}), NOW, Limits(10, 5))
    assert (report.sent, report.failed, report.held) == (0, 0, 1)
    row = rows(db)[s1]
    assert (row.status, row.tries, row.last_error) == ("held", 0, "stopped")
    assert run(db, Scripted(), NOW + dt.timedelta(days=1), Limits(10, 5)).batches == 0


def test_an_outage_ends_the_round_and_what_was_not_sent_waits_for_its_lease(db):
    s1, s2, s3, s4 = add(db, 4)
    sender = Scripted({s1: Outcome([s1], "unreachable", outage=True)})
    report = run(db, sender, NOW, Limits(2, 5))
    assert report.batches == 1 and sender.seen == [s1, s2]  # the second batch, claimed ahead, was given back
    assert [(rows(db)[sid].tries, rows(db)[sid].status) for sid in (s3, s4)] == [(0, "pending")] * 2
    after = Scripted()
    assert run(db, after, NOW + dt.timedelta(seconds=1), Limits(10, 5)).sent == 2 and after.seen == [s3, s4]
    assert run(db, Scripted(), NOW + backoff(1), Limits(10, 5)).sent == 1  # s1 after its backoff
    assert rows(db)[s2].status == "sent"


def test_the_next_batch_is_claimed_while_the_current_one_is_out(db):
    s1, s2, s3, s4 = add(db, 4)

    class Watching(Scripted):
        leased_ahead = False

        def send(self, jobs: list[str]) -> Iterator[Outcome]:
            if jobs[0] == s1:  # the receiver is slow: meanwhile the engine leases the next batch
                deadline = time.monotonic() + 10
                while rows(db)[s3].tries == 0 and time.monotonic() < deadline:
                    time.sleep(0.01)
                self.leased_ahead = rows(db)[s3].tries == 1
            yield from super().send(jobs)

    sender = Watching()
    assert run(db, sender, NOW, Limits(2, 5)).sent == 4
    assert sender.leased_ahead and sender.seen == [s1, s2, s3, s4]
    assert {row.tries for row in rows(db).values()} == {1}


def test_a_claimed_row_is_leased_to_its_sender(db):
    [s1] = add(db, 1)
    with db.transaction() as session:  # a sender that claimed it and died
        assert [r.id for r in claim_due(session, Statement, 10, NOW, LEASE)] == [s1]
    assert run(db, Scripted(), NOW + LEASE - dt.timedelta(seconds=1), Limits(10, 5)).sent == 0
    assert run(db, Scripted(), NOW + LEASE, Limits(10, 5)).sent == 1


def test_a_round_takes_one_unit_of_work_per_outcome_plus_one_per_claim(db):
    add(db, 6)
    begun: list[object] = []
    event.listen(db.engine, "begin", begun.append)
    report = run(db, Scripted(), NOW, Limits(3, 5))
    assert (report.sent, report.batches) == (6, 2)
    assert len(begun) == 6 + 3  # six outcomes; claims of 3, 3 and the empty one that ends the round
