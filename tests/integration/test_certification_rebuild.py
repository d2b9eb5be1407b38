"""Rebuilding the certificate projection, whole or since a date, on a real database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from lti_tool.certification import rebuild
from lti_tool.db import Database
from lti_tool.db.models import Certificate, Person
from lti_tool.db.repositories import upsert_person
from lti_tool.lti.platforms import add_platform
from xapi import statements as st
from xapi.certification import DerivationConfig
from xapi.vocabulary import ToolIris

IRIS = ToolIris("https://tool.example")
CONFIG = DerivationConfig(iris=IRIS, level_ranks={"basic": 1, "advanced": 2})
LMS = "https://lms.example"


def at(year: int, month: int = 1) -> dt.datetime:
    return dt.datetime(year, month, 1, 9, tzinfo=dt.UTC)


def earned(issuer: str, subject: str, cid: str, issued: dt.datetime) -> dict:
    return st.earned(IRIS, st.Actor(issuer, subject), "basic", cid, issued, issued + dt.timedelta(days=730))


STATEMENTS = [earned(LMS, "known", "old", at(2020)), earned(LMS, "known", "new", at(2025, 6)),
              earned(LMS, "newcomer", "first", at(2025, 9)),
              earned("https://unregistered.example", "stranger", "elsewhere", at(2025))]


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.upgrade()
    with database.transaction() as session:
        platform = add_platform(session, issuer=LMS, client_id="c", auth_login_url="https://l",
                                auth_token_url="https://t", key_set_url="https://k", deployment_ids=["d"])
        upsert_person(session, platform.id, "known")
    yield database
    database.dispose()


def projection(db: Database) -> dict[str, tuple[str, int | None]]:
    with db.session() as session:
        return {c.id: (session.get(Person, c.person_id).subject, c.status_index)
                for c in session.scalars(select(Certificate))}


def test_a_whole_rebuild_projects_every_registered_actor_and_keeps_the_status_indexes(db):
    with db.transaction() as session:
        assert rebuild(session, CONFIG, STATEMENTS) == {"people": 2, "certificates": 3}
    first = projection(db)
    assert {cid: subject for cid, (subject, _) in first.items()} == {"old": "known", "new": "known",
                                                                      "first": "newcomer"}
    assert sorted(index for _, index in first.values()) == [0, 1, 2]
    with db.transaction() as session:
        rebuild(session, CONFIG, list(reversed(STATEMENTS)))
    assert projection(db) == first


def test_a_rebuild_since_a_date_writes_only_what_was_in_force_then(db):
    with db.transaction() as session:
        rebuild(session, CONFIG, STATEMENTS)
    indexes = {cid: index for cid, (_, index) in projection(db).items()}
    with db.transaction() as session:
        report = rebuild(session, CONFIG, STATEMENTS, since=at(2025))  # "old" ended in 2022
    assert report == {"people": 2, "certificates": 2}
    assert {cid: index for cid, (_, index) in projection(db).items()} == {"new": indexes["new"],
                                                                          "first": indexes["first"]}
