"""Certification state derived from statements (xapi/certification.py), on streams built with the
tool's own statement builders."""

from __future__ import annotations

import copy
import datetime as dt
import random
import uuid

import pytest

from xapi import statements as st
from xapi import vocabulary as v
from xapi.certification import (
    Certificate,
    DerivationConfig,
    LevelState,
    Status,
    add_months,
    derive_certificates,
    derive_states,
    state_as_of,
    states_as_of,
)

IRIS = v.ToolIris("https://tool.example")
OTHER = v.ToolIris("https://other-lms.example")  # another source of statements
EXTERNAL = OTHER.exam("ai-basics")  # accepted as basic
CONFIG = DerivationConfig(
    iris=IRIS,
    level_ranks={"basic": 1, "advanced": 2, "expert": 3},
    validity_months={"basic": 24, "advanced": 24, "expert": 12},
    expiring_days=90,
    accepted_activities={EXTERNAL: "basic"},
)
ANN = st.Actor("https://lms.example", "ann")
BOB = st.Actor("https://lms.example", "bob")
CAROL = st.Actor("https://other-lms.example", "carol")


def day(y: int, m: int, d: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=dt.UTC)


def key(actor: st.Actor) -> tuple[str, str]:
    return (actor.issuer, actor.subject)


def earn(actor: st.Actor, level: str, cid: str, at: dt.datetime, until: dt.datetime | None = None, **kw) -> dict:
    return st.earned(IRIS, actor, level, cid, at, until or add_months(at, 24), **kw)


def revoke(actor: st.Actor, level: str, cid: str, at: dt.datetime) -> dict:
    return st.revoked(IRIS, actor, level, cid, at, "exam fraud")


def recert(level: str, due: dt.datetime, before: dt.datetime, at: dt.datetime) -> dict:
    return st.recertification_required(IRIS, level, due, before, "new AI policy", "L&D board", at,
                                       policy_clause="4.2")


def void(target: dict, at: dt.datetime) -> dict:
    return {"id": str(uuid.uuid4()), "version": "1.0.3",
            "actor": {"objectType": "Agent", "account": {"homePage": IRIS.organisation, "name": "l-and-d"}},
            "verb": {"id": v.VOIDED.id, "display": dict(v.VOIDED.display)},
            "object": {"objectType": "StatementRef", "id": target["id"]}, "timestamp": st.iso(at)}


def exam_context(iris: v.ToolIris, actor: st.Actor, exam_key: str, level: str = "basic") -> st.ExamContext:
    return st.ExamContext(iris=iris, actor=actor, exam_key=exam_key, exam_title={"en": exam_key},
                          registration=str(uuid.uuid4()), session_id=str(uuid.uuid4()),
                          blueprint_version=f"{exam_key}@1", level=level, mastery_score=0.7)


def certs(statements, actor: st.Actor = ANN, config: DerivationConfig = CONFIG) -> list[Certificate]:
    return derive_certificates(statements, config).get(key(actor), [])


def state(statements, level: str, at: dt.datetime, actor: st.Actor = ANN,
          config: DerivationConfig = CONFIG) -> LevelState:
    return state_as_of(certs(statements, actor, config), level, at, config)


def status(statements, level: str, at: dt.datetime, **kw) -> Status:
    return state(statements, level, at, **kw).status


# --- one certificate through its life ---------------------------------------------------------


def test_never_valid_expiring_expired():
    earned = earn(ANN, "basic", "c1", day(2024, 1, 1), day(2026, 1, 1), registration=str(uuid.uuid4()),
                  blueprint_version="basic@3", model_version="2025.1")
    stream = [earned]
    assert status(stream, "basic", day(2023, 12, 31)) is Status.NEVER
    assert status([], "basic", day(2030, 1, 1)) is Status.NEVER
    assert state(stream, "basic", day(2023, 12, 31)).certificate is None

    issued = state(stream, "basic", day(2024, 1, 1))
    assert issued.status is Status.VALID and issued.covered_by is None
    c = issued.certificate
    assert c == certs(stream)[0]
    assert (c.certificate_id, c.actor, c.level, c.source) == ("c1", key(ANN), "basic", "tool")
    assert (c.issued_at, c.valid_until, c.ends_at()) == (day(2024, 1, 1), day(2026, 1, 1), day(2026, 1, 1))
    assert (c.revoked_at, c.cut_off_at) == (None, None)
    assert c.statement_ids == (earned["id"],)
    assert c.registration == earned["context"]["registration"]
    assert (c.blueprint_version, c.model_version) == ("basic@3", "2025.1")

    assert status(stream, "basic", day(2025, 6, 1)) is Status.VALID
    assert status(stream, "basic", day(2025, 12, 1)) is Status.EXPIRING
    assert status(stream, "basic", day(2026, 1, 1) - dt.timedelta(microseconds=1)) is Status.EXPIRING
    ended = state(stream, "basic", day(2026, 1, 1))
    assert ended.status is Status.EXPIRED and ended.certificate == c
    assert status(stream, "basic", day(2040, 1, 1)) is Status.EXPIRED


def test_expiring_days_boundary():
    stream = [earn(ANN, "basic", "c1", day(2024, 1, 1), day(2026, 1, 1))]
    edge = day(2026, 1, 1) - dt.timedelta(days=90)
    assert status(stream, "basic", edge) is Status.EXPIRING  # ends_at - as_of == 90 days: expiring
    assert status(stream, "basic", edge - dt.timedelta(microseconds=1)) is Status.VALID
    short = DerivationConfig(IRIS, CONFIG.level_ranks, CONFIG.validity_months, expiring_days=10)
    assert status(stream, "basic", edge, config=short) is Status.VALID
    assert status(stream, "basic", day(2025, 12, 22), config=short) is Status.EXPIRING
    assert status(stream, "basic", day(2025, 12, 21, 23), config=short) is Status.VALID
    none = DerivationConfig(IRIS, CONFIG.level_ranks, CONFIG.validity_months, expiring_days=0)
    assert status(stream, "basic", day(2025, 12, 31, 23), config=none) is Status.VALID


def test_expired_statement_is_informational_and_kept_for_audits():
    earned = earn(ANN, "basic", "c1", day(2024, 1, 1), day(2026, 1, 1))
    notice = st.expired(IRIS, ANN, "basic", "c1", day(2026, 1, 1, 3))
    early_notice = st.expired(IRIS, ANN, "basic", "c1", day(2025, 1, 1))  # wrong, but must not matter
    stray = st.expired(IRIS, ANN, "basic", "unknown", day(2025, 1, 1))
    stream = [notice, earned, early_notice, stray]
    (c,) = certs(stream)
    # a certificate's expired statement has one id (uuid5 of the certificate): a second notice is the same one
    assert notice["id"] == early_notice["id"] == st.expired_statement_id("c1") != stray["id"]
    assert c.statement_ids == (earned["id"], notice["id"])
    assert c.ends_at() == day(2026, 1, 1)
    assert status(stream, "basic", day(2025, 6, 1)) is Status.VALID
    assert status(stream, "basic", day(2026, 2, 1)) is Status.EXPIRED


# --- recertification by the person ------------------------------------------------------------


def test_recertify_before_expiry_has_no_gap():
    first = earn(ANN, "basic", "c1", day(2024, 1, 1), day(2026, 1, 1))
    second = earn(ANN, "basic", "c2", day(2025, 11, 1), day(2027, 11, 1))
    stream = [second, first]
    assert [c.certificate_id for c in certs(stream)] == ["c1", "c2"]
    assert status(stream, "basic", day(2025, 10, 31)) is Status.EXPIRING  # before recertifying
    found = certs(stream)
    weekly = [day(2024, 1, 1) + dt.timedelta(days=7 * n) for n in range(190)]  # to mid-2027
    states = {at: state_as_of(found, "basic", at, CONFIG).status for at in weekly}
    assert set(states.values()) == {Status.VALID, Status.EXPIRING}  # no gap
    assert [at for at, s in states.items() if s is Status.EXPIRING] == [
        at for at in weekly if day(2025, 10, 3) <= at < day(2025, 11, 1) or at >= day(2027, 8, 3)]
    after = state(stream, "basic", day(2025, 11, 1))
    assert after.status is Status.VALID and after.certificate.certificate_id == "c2"
    assert state(stream, "basic", day(2026, 6, 1)).certificate.valid_until == day(2027, 11, 1)
    assert status(stream, "basic", day(2027, 11, 1)) is Status.EXPIRED


def test_recertify_after_expiry():
    stream = [earn(ANN, "basic", "c1", day(2024, 1, 1), day(2026, 1, 1)),
              earn(ANN, "basic", "c2", day(2026, 3, 1), day(2028, 3, 1))]
    lapsed = state(stream, "basic", day(2026, 2, 1))
    assert lapsed.status is Status.EXPIRED and lapsed.certificate.certificate_id == "c1"
    renewed = state(stream, "basic", day(2026, 3, 1))
    assert renewed.status is Status.VALID and renewed.certificate.certificate_id == "c2"


# --- levels -----------------------------------------------------------------------------------


def test_higher_level_covers_lower_levels():
    stream = [earn(ANN, "expert", "e1", day(2025, 1, 1), day(2026, 1, 1))]
    at = day(2025, 6, 1)
    assert state(stream, "basic", at) == LevelState("basic", Status.VALID, certs(stream)[0], "expert")
    assert state(stream, "advanced", at).covered_by == "expert"
    assert state(stream, "expert", at).status is Status.VALID
    assert state(stream, "expert", at).covered_by is None
    # a lower level never covers a higher one
    basic_only = [earn(BOB, "basic", "b1", day(2025, 1, 1))]
    assert status(basic_only, "advanced", at, actor=BOB) is Status.NEVER
    assert status(basic_only, "expert", at, actor=BOB) is Status.NEVER


def test_own_level_wins_when_it_lasts_longer_than_the_higher_one():
    stream = [earn(ANN, "advanced", "a1", day(2024, 1, 1), day(2026, 1, 1)),
              earn(ANN, "basic", "b1", day(2025, 1, 1), day(2027, 1, 1))]
    at = day(2025, 12, 1)
    assert status(stream, "advanced", at) is Status.EXPIRING
    basic = state(stream, "basic", at)
    assert (basic.status, basic.covered_by, basic.certificate.certificate_id) == (Status.VALID, None, "b1")
    # and the other way round: the higher one lasts longer, so it gives the (valid) state
    flipped = [earn(BOB, "advanced", "a2", day(2025, 1, 1), day(2027, 1, 1)),
               earn(BOB, "basic", "b2", day(2024, 1, 1), day(2026, 1, 1))]
    basic = state(flipped, "basic", at, actor=BOB)
    assert (basic.status, basic.covered_by, basic.certificate.certificate_id) == (Status.VALID, "advanced", "a2")


def test_state_on_a_past_date_ignores_later_certificates():
    stream = [earn(ANN, "basic", "b1", day(2022, 1, 1), day(2024, 1, 1)),
              earn(ANN, "expert", "e1", day(2025, 1, 1), day(2026, 1, 1))]
    assert status(stream, "basic", day(2021, 6, 1)) is Status.NEVER
    assert status(stream, "basic", day(2023, 1, 1)) is Status.VALID
    past = state(stream, "basic", day(2024, 6, 1))
    assert (past.status, past.certificate.certificate_id, past.covered_by) == (Status.EXPIRED, "b1", None)
    assert status(stream, "expert", day(2024, 6, 1)) is Status.NEVER
    now = state(stream, "basic", day(2025, 6, 1))
    assert (now.status, now.covered_by) == (Status.VALID, "expert")


def test_states_as_of_gives_every_configured_level_for_every_person():
    stream = [earn(ANN, "advanced", "a1", day(2025, 1, 1)), earn(BOB, "basic", "b1", day(2020, 1, 1)),
              earn(CAROL, "basic", "x1", day(2025, 1, 1)),
              st.judged(exam_context(IRIS, st.Actor("https://lms.example", "dave"), "basic"), False, 3, 20, 60,
                        day(2025, 1, 1))]
    at = day(2025, 6, 1)
    states = derive_states(stream, at, CONFIG)
    assert states == states_as_of(derive_certificates(stream, CONFIG), at, CONFIG)
    assert set(states) == {key(ANN), key(BOB), key(CAROL)}  # people with certificates only
    assert list(states[key(ANN)]) == ["basic", "advanced", "expert"]
    assert {level: s.status for level, s in states[key(ANN)].items()} == {
        "basic": Status.VALID, "advanced": Status.VALID, "expert": Status.NEVER}
    assert {level: s.status for level, s in states[key(BOB)].items()} == {
        "basic": Status.EXPIRED, "advanced": Status.NEVER, "expert": Status.NEVER}
    assert states[key(CAROL)]["basic"].certificate.actor == ("https://other-lms.example", "carol")


# --- revocation -------------------------------------------------------------------------------


def test_revocation_then_reearning():
    earned = earn(ANN, "basic", "c1", day(2025, 1, 1), day(2027, 1, 1))
    revocation = revoke(ANN, "basic", "c1", day(2025, 6, 1))
    again = earn(ANN, "basic", "c2", day(2025, 9, 1), day(2027, 9, 1))
    stream = [earned, revocation, again]
    c1 = certs(stream)[0]
    assert (c1.revoked_at, c1.ends_at()) == (day(2025, 6, 1), day(2025, 6, 1))
    assert c1.statement_ids == (earned["id"], revocation["id"])
    # the day before: valid, not "expiring" (a revocation is not foreseeable; the past state ignores it)
    assert status(stream, "basic", day(2025, 5, 31)) is Status.VALID
    assert state(stream, "basic", day(2025, 5, 31)).certificate.scheduled_end() == day(2027, 1, 1)
    revoked = state(stream, "basic", day(2025, 6, 1))
    assert (revoked.status, revoked.certificate.certificate_id) == (Status.REVOKED, "c1")
    assert status(stream, "basic", day(2025, 8, 31)) is Status.REVOKED
    assert status(stream, "basic", day(2025, 9, 1)) is Status.VALID
    # a higher certificate revoked: the lower level is revoked too (nothing else covers it)
    expert = [earn(BOB, "expert", "e1", day(2025, 1, 1)), revoke(BOB, "expert", "e1", day(2025, 3, 1))]
    lower = state(expert, "basic", day(2025, 4, 1), actor=BOB)
    assert (lower.status, lower.covered_by) == (Status.REVOKED, "expert")


def test_revocation_arriving_before_the_earned_statement():
    earned = earn(ANN, "basic", "c1", day(2025, 1, 1), day(2027, 1, 1))
    revocation = revoke(ANN, "basic", "c1", day(2025, 6, 1))
    assert certs([revocation, earned]) == certs([earned, revocation])
    assert status([revocation, earned], "basic", day(2025, 7, 1)) is Status.REVOKED
    # a revocation stamped before the issue (clock skew, import): revoked from the issue on
    early = revoke(ANN, "basic", "c1", day(2024, 12, 1))
    (c,) = certs([early, earned])
    assert c.revoked_at == day(2025, 1, 1) and c.statement_ids == (earned["id"], early["id"])
    assert status([early, earned], "basic", day(2024, 12, 15)) is Status.NEVER
    assert status([early, earned], "basic", day(2025, 1, 1)) is Status.REVOKED


def test_revocation_of_an_unknown_certificate_is_ignored_and_expiry_beats_a_later_revocation():
    stream = [earn(ANN, "basic", "c1", day(2025, 1, 1), day(2026, 1, 1)), revoke(ANN, "basic", "nope", day(2025, 2, 1))]
    (c,) = certs(stream)
    assert c.revoked_at is None and len(c.statement_ids) == 1
    assert status(stream, "basic", day(2025, 3, 1)) is Status.VALID
    late = [*stream, revoke(ANN, "basic", "c1", day(2026, 3, 1))]
    assert status(late, "basic", day(2026, 2, 1)) is Status.EXPIRED
    assert status(late, "basic", day(2026, 4, 1)) is Status.EXPIRED  # it had expired before the revocation
    assert certs(late)[0].revoked_at == day(2026, 3, 1)


# --- recertification decisions ----------------------------------------------------------------


def test_recertification_decision_cuts_short_only_old_certificates_of_its_level():
    decision = recert("basic", due=day(2026, 6, 1), before=day(2026, 1, 1), at=day(2025, 12, 1))
    stream = [
        decision,
        earn(ANN, "basic", "old", day(2025, 1, 1), day(2027, 1, 1)),
        earn(BOB, "advanced", "adv", day(2025, 1, 1), day(2027, 1, 1)),
        earn(BOB, "basic", "bob-old", day(2024, 3, 1), day(2026, 3, 1)),  # ends before the due date anyway
        earn(CAROL, "basic", "carol-old", day(2025, 2, 1), day(2027, 2, 1)),
        earn(CAROL, "basic", "carol-new", day(2026, 1, 1), day(2028, 1, 1)),  # at issued-before: unaffected
    ]
    by_id = {c.certificate_id: c for cs in derive_certificates(stream, CONFIG).values() for c in cs}
    assert by_id["old"].cut_off_at == day(2026, 6, 1) and by_id["old"].ends_at() == day(2026, 6, 1)
    assert by_id["adv"].cut_off_at is None
    assert by_id["bob-old"].cut_off_at is None and by_id["bob-old"].ends_at() == day(2026, 3, 1)
    assert by_id["carol-old"].cut_off_at == day(2026, 6, 1)
    assert by_id["carol-new"].cut_off_at is None
    assert all(decision["id"] not in c.statement_ids for c in by_id.values())

    assert status(stream, "basic", day(2026, 2, 1)) is Status.VALID
    assert status(stream, "basic", day(2026, 4, 1)) is Status.EXPIRING  # within 90 days of the due date
    cut = state(stream, "basic", day(2026, 6, 1))
    assert (cut.status, cut.certificate.certificate_id) == (Status.EXPIRED, "old")
    assert status(stream, "advanced", day(2026, 6, 1), actor=BOB) is Status.VALID
    assert state(stream, "basic", day(2026, 6, 1), actor=BOB).covered_by == "advanced"
    carol = state(stream, "basic", day(2026, 7, 1), actor=CAROL)
    assert (carol.status, carol.certificate.certificate_id) == (Status.VALID, "carol-new")
    # Ann recertifies after the decision: valid again
    renewed = [*stream, earn(ANN, "basic", "new", day(2026, 5, 1), day(2028, 5, 1))]
    assert state(renewed, "basic", day(2026, 7, 1)).certificate.certificate_id == "new"
    assert status(renewed, "basic", day(2026, 7, 1)) is Status.VALID


def test_recertification_decision_on_a_higher_level_leaves_lower_certificates_alone():
    stream = [recert("expert", due=day(2025, 6, 1), before=day(2025, 3, 1), at=day(2025, 3, 1)),
              earn(ANN, "expert", "e1", day(2025, 1, 1), day(2026, 1, 1)),
              earn(ANN, "basic", "b1", day(2024, 1, 1), day(2026, 1, 1))]
    at = day(2025, 7, 1)
    assert status(stream, "expert", at) is Status.EXPIRED
    basic = state(stream, "basic", at)
    assert (basic.status, basic.covered_by) == (Status.VALID, None)
    assert status(stream, "expert", day(2025, 5, 1)) is Status.EXPIRING  # due date within 90 days
    assert state(stream, "basic", day(2025, 5, 1)).certificate.certificate_id == "b1"  # lasts longer


# --- voiding, duplicates, order ---------------------------------------------------------------


def test_voided_statements_do_not_count():
    earned = earn(ANN, "basic", "c1", day(2025, 1, 1))
    assert certs([earned, void(earned, day(2025, 2, 1))]) == []
    assert status([void(earned, day(2025, 2, 1)), earned], "basic", day(2025, 3, 1)) is Status.NEVER

    revocation = revoke(ANN, "basic", "c1", day(2025, 6, 1))
    undone = [earned, revocation, void(revocation, day(2025, 6, 2))]
    assert status(undone, "basic", day(2025, 7, 1)) is Status.VALID
    assert certs(undone)[0].statement_ids == (earned["id"],)

    decision = recert("basic", due=day(2025, 6, 1), before=day(2025, 3, 1), at=day(2025, 3, 1))
    assert certs([earned, decision])[0].cut_off_at == day(2025, 6, 1)
    assert certs([earned, decision, void(decision, day(2025, 3, 2))])[0].cut_off_at is None

    # voiding a voiding statement has no effect (xAPI: voiding statements cannot be voided)
    voiding = void(earned, day(2025, 2, 1))
    assert certs([earned, voiding, void(voiding, day(2025, 2, 2))]) == []


def test_duplicates_count_once():
    earned = earn(ANN, "basic", "c1", day(2025, 1, 1), day(2027, 1, 1))
    revocation = revoke(ANN, "basic", "c1", day(2025, 6, 1))
    once = certs([earned, revocation])
    twice = certs([earned, copy.deepcopy(earned), revocation, copy.deepcopy(revocation), earned])
    assert twice == once and len(twice) == 1
    assert twice[0].statement_ids == (earned["id"], revocation["id"])
    # a second earned statement for the same certificate id (a re-send under a new id): one certificate,
    # issued by the earliest statement, both ids kept
    resent = copy.deepcopy(earned)
    resent["id"], resent["timestamp"] = str(uuid.uuid4()), st.iso(day(2025, 1, 2))
    (c,) = certs([resent, earned])
    assert c.issued_at == day(2025, 1, 1) and c.statement_ids == (earned["id"], resent["id"])


def _rich_stream() -> list[dict]:
    people = [ANN, BOB, CAROL, *(st.Actor("https://lms.example", f"user-{n}") for n in range(12))]
    rng = random.Random(7)
    levels = ["basic", "advanced", "expert"]
    stream: list[dict] = []
    for person in people:
        at = day(2023, 1, 1) + dt.timedelta(days=rng.randrange(400))
        for n in range(rng.randrange(1, 5)):
            level = rng.choice(levels)
            cid = f"{person.subject}-{n}"
            earned = earn(person, level, cid, at, add_months(at, rng.choice([6, 12, 24])))
            stream.append(earned)
            if rng.random() < 0.3:
                stream.append(revoke(person, level, cid, at + dt.timedelta(days=rng.randrange(-10, 300))))
            if rng.random() < 0.2:
                stream.append(st.expired(IRIS, person, level, cid, at + dt.timedelta(days=500)))
            if rng.random() < 0.1:
                stream.append(void(earned, at + dt.timedelta(days=1)))
            if rng.random() < 0.2:
                stream.append(copy.deepcopy(earned))
            at += dt.timedelta(days=rng.randrange(30, 400))
        outside = st.judged(exam_context(OTHER, person, "ai-basics"), rng.random() < 0.7, 14, 20, 600, at)
        stream.append(outside)
    stream.append(recert("basic", day(2025, 3, 1), day(2024, 6, 1), day(2024, 6, 1)))
    # two people get the same instant, to exercise the id tie-break
    stream.append(earn(ANN, "basic", "tie-a", day(2024, 2, 1), day(2026, 2, 1)))
    stream.append(earn(ANN, "basic", "tie-b", day(2024, 2, 1), day(2026, 2, 1)))
    return stream


def test_order_of_arrival_does_not_matter():
    stream = _rich_stream()
    expected = derive_certificates(stream, CONFIG)
    dates = [day(2023, 6, 1), day(2024, 3, 1), day(2025, 1, 1), day(2025, 6, 1), day(2027, 1, 1)]
    expected_states = [states_as_of(expected, d, CONFIG) for d in dates]
    assert sum(len(cs) for cs in expected.values()) > 20  # the stream is not trivial
    assert {s.status for states in expected_states for by_level in states.values() for s in by_level.values()} == set(
        Status)
    rng = random.Random(2024)
    for _ in range(20):
        shuffled = stream[:]
        rng.shuffle(shuffled)
        got = derive_certificates(shuffled, CONFIG)
        assert got == expected
        assert [list(cs) for cs in got.values()] == [list(expected[a]) for a in got]
        assert [states_as_of(got, d, CONFIG) for d in dates] == expected_states


# --- statements from other sources ------------------------------------------------------------


def test_accepted_external_activity_counts():
    passed = st.judged(exam_context(OTHER, ANN, "ai-basics"), True, 15, 20, 900, day(2025, 1, 31))
    (c,) = certs([passed])
    assert (c.certificate_id, c.level, c.source) == (passed["id"], "basic", f"external:{EXTERNAL}")
    assert c.issued_at == day(2025, 1, 31) and c.valid_until == day(2027, 1, 31)
    assert c.registration == passed["context"]["registration"]
    assert c.statement_ids == (passed["id"],)
    assert status([passed], "basic", day(2025, 6, 1)) is Status.VALID
    assert status([passed], "advanced", day(2025, 6, 1)) is Status.NEVER
    # completed (no result at all) counts too; so does an external "earned"
    completed = copy.deepcopy(passed)
    completed.update(id=str(uuid.uuid4()), verb={"id": v.COMPLETED.id})
    del completed["result"]
    earned = copy.deepcopy(passed)
    earned.update(id=str(uuid.uuid4()), verb={"id": v.EARNED.id})
    assert len(certs([completed, earned])) == 2
    # it can be revoked by certificate id (= statement id) like any other
    revocation = revoke(ANN, "basic", passed["id"], day(2025, 3, 1))
    assert status([passed, revocation], "basic", day(2025, 6, 1)) is Status.REVOKED


def test_unaccepted_or_failed_external_activity_does_not_count():
    unaccepted = st.judged(exam_context(OTHER, ANN, "prompting-101"), True, 20, 20, 600, day(2025, 1, 1))
    failed = st.judged(exam_context(OTHER, ANN, "ai-basics"), False, 5, 20, 600, day(2025, 1, 1))
    not_successful = copy.deepcopy(st.judged(exam_context(OTHER, ANN, "ai-basics"), True, 15, 20, 60, day(2025, 1, 1)))
    not_successful["result"]["success"] = False
    completed_unsuccessful = copy.deepcopy(not_successful)
    completed_unsuccessful.update(id=str(uuid.uuid4()), verb={"id": v.COMPLETED.id})
    answered_or_launched = st.launched(exam_context(OTHER, ANN, "ai-basics"), day(2025, 1, 1))
    own_exam_passed = st.judged(exam_context(IRIS, ANN, "basic"), True, 18, 20, 600, day(2025, 1, 1))
    stream = [unaccepted, failed, not_successful, completed_unsuccessful, answered_or_launched, own_exam_passed]
    assert derive_certificates(stream, CONFIG) == {}
    assert status(stream, "basic", day(2025, 6, 1)) is Status.NEVER
    # the tool's own passed exam only counts when configured as accepted
    accepting = DerivationConfig(IRIS, CONFIG.level_ranks, CONFIG.validity_months,
                                 accepted_activities={IRIS.exam("basic"): "basic"})
    assert [c.source for c in certs(stream, config=accepting)] == [f"external:{IRIS.exam('basic')}"]


# --- validity ---------------------------------------------------------------------------------


def test_validity_months_per_level_when_valid_until_is_absent():
    config = DerivationConfig(IRIS, CONFIG.level_ranks, {"basic": 12, "expert": 36},
                              accepted_activities={EXTERNAL: "advanced", OTHER.exam("expert"): "expert"})
    stream = []
    for level, cid, at in [("basic", "b", day(2024, 1, 31)), ("advanced", "a", day(2024, 2, 29)),
                           ("expert", "e", day(2024, 3, 15))]:
        statement = earn(ANN, level, cid, at)
        del statement["result"]["extensions"][IRIS.extension("valid-until")]
        stream.append(statement)
    stream.append(st.judged(exam_context(OTHER, BOB, "ai-basics"), True, 15, 20, 60, day(2024, 5, 31)))
    stream.append(st.judged(exam_context(OTHER, BOB, "expert"), True, 15, 20, 60, day(2024, 5, 31)))
    until = {c.certificate_id: c.valid_until for c in certs(stream, config=config)}
    assert until == {"b": day(2025, 1, 31), "a": day(2026, 2, 28), "e": day(2027, 3, 15)}  # advanced: default 24
    assert sorted((c.level, c.valid_until) for c in certs(stream, BOB, config)) == [
        ("advanced", day(2026, 5, 31)), ("expert", day(2027, 5, 31))]
    # an explicit valid-until wins over validity_months
    assert certs([earn(ANN, "basic", "x", day(2024, 1, 1), day(2024, 4, 1))], config=config)[0].valid_until == day(
        2024, 4, 1)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(day(2024, 1, 31), 1) == day(2024, 2, 29)
    assert add_months(day(2023, 1, 31), 1) == day(2023, 2, 28)
    assert add_months(day(2024, 2, 29), 12) == day(2025, 2, 28)
    assert add_months(day(2024, 11, 15, 10), 26) == day(2027, 1, 15, 10)


# --- robustness -------------------------------------------------------------------------------


def test_timestamps_offsets_stored_fallback_and_junk():
    earned = earn(ANN, "basic", "c1", day(2025, 1, 1), day(2027, 1, 1))
    earned["timestamp"] = "2025-01-01T02:00:00+02:00"
    from_stored = earn(BOB, "basic", "c2", day(2025, 1, 1), day(2027, 1, 1))
    from_stored["stored"] = from_stored.pop("timestamp")
    no_time = earn(CAROL, "basic", "c3", day(2025, 1, 1))
    del no_time["timestamp"]
    junk = [{}, {"verb": None}, {"id": "x", "verb": {"id": v.EARNED.id}, "object": "nope"},
            {"id": "y", "verb": {"id": v.EARNED.id}, "object": {"id": IRIS.certificate("basic")},
             "timestamp": "not a date", "actor": {"account": {"homePage": "h", "name": "n"}}},
            {"id": "z", "verb": {"id": v.EARNED.id}, "object": {"id": IRIS.certificate("basic")},
             "timestamp": "2025-01-01T00:00:00Z", "actor": {"mbox": "mailto:someone@example.com"}}]
    found = derive_certificates([earned, from_stored, no_time, *junk], CONFIG)
    assert set(found) == {key(ANN), key(BOB)}
    assert found[key(ANN)][0].issued_at == day(2025, 1, 1)
    assert found[key(ANN)][0].issued_at.tzinfo is dt.UTC
    assert found[key(BOB)][0].issued_at == day(2025, 1, 1)
    # a naive as-of date is read as UTC
    assert state_as_of(found[key(ANN)], "basic", dt.datetime(2025, 6, 1), CONFIG).status is Status.VALID


def test_an_unconfigured_level_is_kept_but_covers_nothing():
    stream = [earn(ANN, "master", "m1", day(2025, 1, 1))]
    (c,) = certs(stream)
    assert c.level == "master"
    assert status(stream, "master", day(2025, 6, 1)) is Status.VALID
    assert status(stream, "basic", day(2025, 6, 1)) is Status.NEVER
    assert list(derive_states(stream, day(2025, 6, 1), CONFIG)[key(ANN)]) == ["basic", "advanced", "expert"]


@pytest.mark.parametrize("level", ["basic", "advanced", "expert"])
def test_level_state_is_frozen(level):
    s = state([earn(ANN, level, "c", day(2025, 1, 1))], level, day(2025, 2, 1))
    with pytest.raises(AttributeError):
        s.status = Status.NEVER  # type: ignore[misc]


def test_a_recertification_decision_scoped_to_one_platform_leaves_other_platforms_alone():
    decision = st.recertification_required(IRIS, "basic", day(2026, 6, 1), day(2026, 1, 1), "new policy", "L&D",
                                           day(2025, 12, 1), scope=ANN.issuer)
    stream = [decision, earn(ANN, "basic", "ann", day(2025, 1, 1), day(2027, 1, 1)),
              earn(CAROL, "basic", "carol", day(2025, 1, 1), day(2027, 1, 1))]
    by_id = {c.certificate_id: c for cs in derive_certificates(stream, CONFIG).values() for c in cs}
    assert by_id["ann"].cut_off_at == day(2026, 6, 1)
    assert by_id["carol"].cut_off_at is None
