"""The state of one certificate as of a date (xapi/certificate_state.py): what its documents must say."""

from __future__ import annotations

import datetime as dt

import pytest

from xapi import vocabulary as v
from xapi.certificate_state import Decision, Standing, certificate_state, cutting_decision
from xapi.certification import Certificate, DerivationConfig, Status, state_as_of

UTC = dt.UTC
ISSUED = dt.datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
UNTIL = dt.datetime(2028, 1, 10, 9, 0, tzinfo=UTC)
CONFIG = DerivationConfig(v.ToolIris("https://tool.example"), {"basic": 1, "advanced": 2}, expiring_days=90)


def cert(*, revoked: dt.datetime | None = None, cut: dt.datetime | None = None) -> Certificate:
    return Certificate("c-1", ("https://lms.example", "u1"), "basic", ISSUED, UNTIL, revoked, cut, "tool", ("s1",))


def day(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("at", "standing", "ends"), [
    (day(2026, 6, 1), Standing.VALID, UNTIL),
    (UNTIL - dt.timedelta(days=90), Standing.EXPIRING, UNTIL),  # the window's first moment
    (UNTIL - dt.timedelta(days=90, seconds=1), Standing.VALID, UNTIL),
    (UNTIL - dt.timedelta(seconds=1), Standing.EXPIRING, UNTIL),
    (UNTIL, Standing.EXPIRED, UNTIL),  # valid-until is the first moment it no longer counts
    (day(2030, 1, 1), Standing.EXPIRED, UNTIL),
])
def test_a_plain_certificate_is_valid_then_expiring_then_expired(at, standing, ends):
    state = certificate_state(cert(), at, 90)
    assert (state.standing, state.ends_at, state.valid_until) == (standing, ends, UNTIL)
    assert state.looks_valid is (standing in (Standing.VALID, Standing.EXPIRING))
    assert state.in_force is (standing is not Standing.EXPIRED)


def test_a_revocation_counts_from_its_moment_on_and_wins_over_everything():
    revoked = day(2026, 12, 5)
    before = certificate_state(cert(revoked=revoked), revoked - dt.timedelta(seconds=1), 90)
    assert before.standing is Standing.VALID and before.ends_at == UNTIL  # not known before it happened
    after = certificate_state(cert(revoked=revoked), revoked, 90)
    assert (after.standing, after.ends_at, after.revoked_at) == (Standing.REVOKED, revoked, revoked)
    assert not after.looks_valid and not after.in_force
    cut_and_revoked = certificate_state(cert(revoked=revoked, cut=day(2027, 3, 1)), day(2027, 6, 1), 90)
    assert cut_and_revoked.standing is Standing.REVOKED
    late = certificate_state(cert(revoked=day(2029, 1, 1)), day(2029, 6, 1), 90)
    assert late.standing is Standing.REVOKED  # revoked after it expired: the status list says revoked too


def test_a_recertification_decision_cuts_it_short_then_ends_it():
    due = day(2027, 3, 1)
    pending = certificate_state(cert(cut=due), day(2026, 6, 1), 90)
    assert (pending.standing, pending.ends_at, pending.cut_off_at) == (Standing.CUT_SHORT, due, due)
    assert pending.in_force and not pending.looks_valid  # never printed as plainly valid
    soon = certificate_state(cert(cut=due), due - dt.timedelta(days=10), 90)
    assert soon.standing is Standing.CUT_SHORT  # cut short says more than "expiring"
    ended = certificate_state(cert(cut=due), due, 90)
    assert (ended.standing, ended.ends_at) == (Standing.ENDED_BY_DECISION, due)
    assert not ended.in_force


def test_a_due_date_after_valid_until_does_not_cut_it_short():
    state = certificate_state(cert(cut=UNTIL + dt.timedelta(days=1)), day(2026, 6, 1), 90)
    assert (state.standing, state.cut_off_at) == (Standing.VALID, None)


def test_naive_moments_are_taken_as_utc():
    state = certificate_state(cert(), dt.datetime(2028, 1, 10, 9, 0), 90)
    assert state.standing is Standing.EXPIRED and state.at.tzinfo is UTC


@pytest.mark.parametrize("certificate", [cert(), cert(cut=day(2027, 3, 1)), cert(revoked=day(2026, 12, 5)),
                                         cert(revoked=day(2027, 6, 1), cut=day(2027, 3, 1))])
def test_it_agrees_with_the_reports_derivation_for_a_level_held_by_one_certificate(certificate):
    moment = ISSUED
    while moment < day(2028, 6, 1):
        report = state_as_of([certificate], "basic", moment, CONFIG).status
        assert certificate_state(certificate, moment, CONFIG.expiring_days).reports_status is report, moment
        moment += dt.timedelta(days=7)


def test_the_reports_status_of_a_revocation_before_the_cut():
    state = certificate_state(cert(revoked=day(2027, 1, 1), cut=day(2027, 3, 1)), day(2027, 2, 1), 90)
    assert state.reports_status is Status.REVOKED


def test_the_decision_that_cut_it_short_is_found_by_the_derivations_rule():
    due = day(2027, 3, 1)
    mine = Decision(("basic",), day(2026, 11, 1), due, "INFOSEC 2026.2")
    later = Decision(("basic",), day(2026, 11, 2), day(2027, 5, 1), "a later, looser decision")
    before_issue = Decision(("basic",), day(2025, 12, 1), day(2026, 2, 1), "made before it was issued")
    other_level = Decision(("advanced",), day(2026, 11, 1), day(2026, 12, 1), "other level")
    decisions = [later, before_issue, other_level, mine]
    assert cutting_decision(cert(cut=due), decisions) == mine
    assert cutting_decision(cert(), decisions) is None
    assert cutting_decision(cert(cut=due), [other_level, before_issue]) is None
