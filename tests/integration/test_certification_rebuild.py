"""Rebuilding the certificate projection, whole or since a date, on a real database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import OperationalError

from lti_tool.certification import certificate_verbs, rebuild
from lti_tool.db import Database
from lti_tool.db.certificates import lock_status_indexes, next_status_index, statement_bodies, store_certificates
from lti_tool.db.models import Certificate, Person, Statement
from lti_tool.db.queries import journaled_bodies
from lti_tool.db.repositories import upsert_person
from lti_tool.lti.platforms import add_platform
from xapi import statements as st
from xapi.certification import DerivationConfig, derive_certificates
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
        assert rebuild(session, CONFIG, STATEMENTS) == {"people": 2, "certificates": 3, "written": 3, "removed": 0}
    first = projection(db)
    assert {cid: subject for cid, (subject, _) in first.items()} == {"old": "known", "new": "known",
                                                                      "first": "newcomer"}
    assert sorted(index for _, index in first.values()) == [0, 1, 2]
    with db.transaction() as session:  # the projection is right: nothing is written
        assert rebuild(session, CONFIG, list(reversed(STATEMENTS)))["written"] == 0
    assert projection(db) == first


def rows(db: Database) -> dict[str, tuple]:
    with db.session() as session:
        return {c.id: (c.person_id, c.level, c.issued_at, c.valid_until, c.revoked_at, c.cut_off_at,
                       list(c.statement_ids), c.registration, c.blueprint_version, c.status_index,
                       c.expiry_journaled_at)
                for c in session.scalars(select(Certificate))}


REGISTRATION = "3f1c0c6e-0c1f-4a55-9d3c-6c0f7b1e2a1"  # + one digit


def several() -> list[dict]:
    """Seven certificates of one person, with the optional parts (registration, blueprint, model) present."""
    actor = st.Actor(LMS, "known")
    return [st.earned(IRIS, actor, "basic", f"c{n}", at(2020 + n), at(2022 + n), registration=f"{REGISTRATION}{n}",
                      blueprint_version=f"basic@{n}", model_version="2.1") for n in range(1, 8)]


def test_a_whole_rebuild_writes_only_what_differs_and_keeps_indexes_and_marks(db):
    """A projection gone wrong is put right by writing the rows that differ alone, whichever column differs; one
    untouched is left as it is. A changed row whose end stayed keeps its expiry mark, one whose end moved loses
    it; a row without a status-list index gets the next; a missing row comes back; a row no statement holds goes."""
    statements = several()
    with db.transaction() as session:
        rebuild(session, CONFIG, statements)
        session.execute(update(Certificate).values(expiry_journaled_at=at(2026)))
    right = rows(db)
    with db.transaction() as session:
        for cid, change in (("c1", {"level": "advanced"}), ("c2", {"statement_ids": ["another"]}),
                            ("c3", {"registration": f"{REGISTRATION}9"}), ("c4", {"valid_until": at(2040)}),
                            ("c5", {"status_index": None})):
            session.execute(update(Certificate).where(Certificate.id == cid).values(**change))
        session.execute(delete(Certificate).where(Certificate.id == "c7"))
        session.add(Certificate(id="stray", platform_id=session.scalar(select(Person.platform_id)),
                                person_id=right["c1"][0], level="basic", issued_at=at(2021), valid_until=at(2023),
                                status_index=9))
    with db.transaction() as session:
        assert rebuild(session, CONFIG, statements) == {"people": 1, "certificates": 7, "written": 6, "removed": 1}
    after = rows(db)
    assert set(after) == {f"c{n}" for n in range(1, 8)}
    for cid in ("c1", "c2", "c3", "c6"):  # put back (c6 untouched), end unchanged: the mark stays
        assert after[cid] == right[cid]
    assert after["c4"][:-1] == right["c4"][:-1] and after["c4"][-1] is None  # its end moved back
    assert after["c5"][:-2] == right["c5"][:-2] and after["c5"][-2:] == (10, at(2026))  # the next index
    assert after["c7"][:-2] == right["c7"][:-2] and after["c7"][-2:] == (11, None)  # missing, so new


def test_a_whole_rebuild_holds_the_status_index_allocation_until_it_commits(db):
    """A certificate issued while a rebuild runs would take an index the rebuild hands out too: on PostgreSQL the
    rebuild holds the allocation's lock, so the issuing waits for its commit (here it gives up after 0.2 s)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: the issuing waits for the rebuild anyway")
    with db.transaction() as session:
        rebuild(session, CONFIG, STATEMENTS)
        with pytest.raises(OperationalError, match="lock timeout"), db.transaction() as other:
            other.execute(text("SET LOCAL lock_timeout = '200ms'"))
            next_status_index(other)
    with db.transaction() as other:
        assert next_status_index(other) == 3


def test_a_rebuild_waiting_for_an_issuing_reads_the_index_it_took(db):
    """The other way round: a rebuild that starts while a certificate is being issued waits for it, and only then
    reads the highest index, so the certificate new to the projection does not get the issued one's."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: the rebuild waits for the issuing anyway")
    with db.transaction() as session:
        rebuild(session, CONFIG, STATEMENTS[:2])  # "old" and "new": indexes 0 and 1
    issued = earned(LMS, "known", "issued", at(2026))
    failures: list[BaseException] = []

    def rebuild_meanwhile() -> None:
        try:
            with db.transaction() as session:
                rebuild(session, CONFIG, [*STATEMENTS, issued])  # "first" is new to the projection
        except BaseException as error:  # reported below
            failures.append(error)

    with db.transaction() as issuing:
        index = next_status_index(issuing)
        issuing.add(Certificate(id="issued", platform_id=issuing.scalar(select(Person.platform_id)),
                                person_id=issuing.scalar(select(Person.id).where(Person.subject == "known")),
                                level="basic", issued_at=at(2026), valid_until=at(2028), status_index=index))
        issuing.flush()
        thread = threading.Thread(target=rebuild_meanwhile)
        thread.start()
        time.sleep(0.5)  # the rebuild is at the lock by now
    thread.join(10)
    assert failures == []
    indexes = {cid: index for cid, (_, index) in projection(db).items()}
    assert indexes == {"old": 0, "new": 1, "issued": 2, "first": 3}


def test_an_issuing_that_adds_takes_the_index_lock_before_it_changes_a_row(db):
    """A rebuild takes the status-index lock and then rows; a person's projection that adds a certificate takes them
    in the same order, so the two cannot deadlock: while the lock is held elsewhere, the issuing waits without
    having changed the person's stored row (here the holder locks that row without waiting)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: there is no lock order to get wrong")
    with db.transaction() as session:
        rebuild(session, CONFIG, STATEMENTS[:1])  # "known" holds "old"
        platform_id, person_id = session.execute(select(Person.platform_id, Person.id)
                                                 .where(Person.subject == "known")).one()
    derived = derive_certificates(STATEMENTS[:2], CONFIG)[(LMS, "known")]
    old, new = sorted(derived, key=lambda c: c.certificate_id != "old")
    changed = [dataclasses.replace(old, valid_until=at(2040)), new]  # the stored row first, then the new one
    failures: list[BaseException] = []

    def issue() -> None:
        try:
            with db.transaction() as session:
                store_certificates(session, platform_id, person_id, changed)
        except BaseException as error:  # reported below
            failures.append(error)

    with db.transaction() as holder:
        lock_status_indexes(holder)  # as a whole rebuild does first
        thread = threading.Thread(target=issue)
        thread.start()
        time.sleep(0.5)  # the issuing is at the lock by now
        assert thread.is_alive()
        holder.execute(text("SET LOCAL lock_timeout = '200ms'"))
        holder.execute(select(Certificate.id).where(Certificate.id == "old").with_for_update())  # not held
    thread.join(10)
    assert failures == []
    assert rows(db)["old"][3] == at(2040) and set(rows(db)) == {"old", new.certificate_id}


def test_a_rebuild_since_a_date_writes_only_what_was_in_force_then(db):
    with db.transaction() as session:
        rebuild(session, CONFIG, STATEMENTS)
    indexes = {cid: index for cid, (_, index) in projection(db).items()}
    with db.transaction() as session:
        report = rebuild(session, CONFIG, STATEMENTS, since=at(2025))  # "old" ended in 2022
    assert report == {"people": 2, "certificates": 2}
    assert {cid: index for cid, (_, index) in projection(db).items()} == {"new": indexes["new"],
                                                                          "first": indexes["first"]}


EXAM = "https://other-lms.example/exams/ai-basics"
VARIED_CONFIG = DerivationConfig(iris=IRIS, level_ranks={"basic": 1, "advanced": 2},
                                 accepted_activities={EXAM: "basic"})


def varied_statements() -> list[dict]:
    """Every kind of statement the derivation reads, with the optional parts present and absent."""
    ann, bob = st.Actor(LMS, "ann"), st.Actor(LMS, "bob")
    kept = st.earned(IRIS, ann, "basic", "kept", at(2024), at(2026),
                     registration="3f1c0c6e-0c1f-4a55-9d3c-6c0f7b1e2a10", blueprint_version="basic@3",
                     model_version="2.1")
    voided = earned(LMS, "ann", "voided", at(2024, 3))
    from_stored = earned(LMS, "bob", "stored", at(2024, 2))
    from_stored["stored"] = from_stored.pop("timestamp")
    external = {"id": "6a0f3c1e-1f5b-4c1e-8a51-0d6a4f8e9b21", "actor": {"account": {"homePage": LMS, "name": "bob"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"}, "object": {"id": EXAM},
                "result": {"success": True}, "timestamp": "2024-05-01T10:00:00+02:00"}
    failed = {**external, "id": "7b1f4d2f-2a6c-4d2f-9b62-1e7b5a9fac32", "result": {"success": False}}
    return [kept, voided, from_stored, external, failed, earned(LMS, "ann", "revoked", at(2023)),
            st.revoked(IRIS, ann, "basic", "revoked", at(2023, 6), "fraud"),
            st.expired(IRIS, bob, "basic", "stored", at(2026, 2)),
            st.recertification_required(IRIS, "basic", at(2025, 6), at(2024, 4), "new policy", "L&D", at(2024, 4),
                                        scope=LMS),
            {"id": "8c2a5e3a-3b7d-4e3a-8c73-2f8c6bafbd43", "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
             "actor": {"account": {"homePage": LMS, "name": "l-and-d"}},
             "object": {"objectType": "StatementRef", "id": voided["id"]}, "timestamp": "2024-04-01T00:00:00Z"}]


def test_the_rebuilds_bulk_read_gives_the_statements_and_certificates_of_the_per_row_read(db):
    statements = varied_statements()
    with db.transaction() as session:  # straight into the journal (another source's statements are no profile's)
        session.execute(insert(Statement), [{"id": s["id"], "verb": s["verb"]["id"], "body": s} for s in statements])
    verbs = certificate_verbs(IRIS)
    with db.session() as session:
        bulk = journaled_bodies(session, verbs)
        per_row = statement_bodies(session, verbs, None)
        assert journaled_bodies(session, ["http://adlnet.gov/expapi/verbs/answered"]) == []
    by_id = {s["id"]: s for s in statements}
    assert sorted(bulk, key=lambda s: s["id"]) == sorted(per_row, key=lambda s: s["id"]) == sorted(
        by_id.values(), key=lambda s: s["id"])
    derived = derive_certificates(bulk, VARIED_CONFIG)
    assert derived == derive_certificates(statements, VARIED_CONFIG)
    certificates = {c.certificate_id: c for found in derived.values() for c in found}
    assert set(certificates) == {"kept", "stored", "revoked", "6a0f3c1e-1f5b-4c1e-8a51-0d6a4f8e9b21"}
    kept = certificates["kept"]
    assert (kept.registration, kept.blueprint_version, kept.model_version) == (
        "3f1c0c6e-0c1f-4a55-9d3c-6c0f7b1e2a10", "basic@3", "2.1")
    assert certificates["revoked"].revoked_at == at(2023, 6) and kept.cut_off_at == at(2025, 6)
    assert len(certificates["stored"].statement_ids) == 2
