"""My AI diploma's derivations: the state of a certificate on a day, the decision that cut it short,
what the role matrix requires of a person on a day (onboarding, on track, late, met, left), and the
advice per competence as far as the feedback policy shows it."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.attempts import CompetenceScore
from assessments.certificate_state import (
    CertificateFacts,
    CertificateState,
    Decision,
    certificate_state,
    cut_short_by,
    held_rank,
)
from assessments.coverage import PersonRecord
from assessments.feedback_policy import FeedbackLevel
from assessments.personal_requirement import Progress, required_of
from assessments.role_matrix import DEFAULT_LEVEL_RANKS, MatrixRule, RoleMatrix
from assessments.study_advice import competence_advice

BASIC = CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10))
MATRIX = RoleMatrix(1, date(2026, 1, 1), (MatrixRule(None, None, "basic", date(2026, 6, 30)),
                                          MatrixRule("teamleider", None, "advanced", date(2026, 12, 31))))


@pytest.mark.parametrize(("cert", "day", "state", "left"), [
    (BASIC, date(2026, 1, 9), CertificateState.NOT_YET, None),
    (BASIC, date(2026, 1, 10), CertificateState.VALID, 730),
    (BASIC, date(2027, 11, 11), CertificateState.EXPIRING, 60),
    (BASIC, date(2027, 11, 10), CertificateState.VALID, 61),
    (BASIC, date(2028, 1, 10), CertificateState.EXPIRED, None),
    (CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10), revoked_on=date(2026, 3, 1)),
     date(2026, 3, 1), CertificateState.REVOKED, None),
    (CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10), revoked_on=date(2026, 3, 1)),
     date(2026, 2, 28), CertificateState.VALID, 681),  # the revocation had not happened yet
    (CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10), cut_off_on=date(2026, 9, 1)),
     date(2026, 3, 1), CertificateState.CUT_SHORT, 184),
    (CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10), cut_off_on=date(2026, 9, 1)),
     date(2026, 9, 1), CertificateState.EXPIRED, None),
    (CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10), cut_off_on=date(2029, 1, 1)),
     date(2026, 3, 1), CertificateState.VALID, 680),  # a due date after valid-until cuts nothing
])
def test_state_of_a_certificate_on_a_day(cert, day, state, left):
    standing = certificate_state(cert, day)
    assert (standing.state, standing.days_left) == (state, left)
    assert standing.state.in_force == (state in (CertificateState.VALID, CertificateState.EXPIRING,
                                                 CertificateState.CUT_SHORT))


def test_an_expired_cut_short_certificate_says_a_decision_ended_it():
    cut = CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10), cut_off_on=date(2026, 9, 1))
    standing = certificate_state(cut, date(2026, 10, 1))
    assert standing.cut_short and standing.ends_on == date(2026, 9, 1)
    assert certificate_state(cut, date(2026, 10, 1), expiring_days=300).state is CertificateState.EXPIRED


def test_the_decision_that_cut_a_certificate_short():
    cut = CertificateFacts("basic", date(2026, 1, 10), date(2028, 1, 10), cut_off_on=date(2026, 9, 1))
    other_level = Decision(("advanced",), date(2026, 9, 1), date(2026, 5, 1), "advanced only")
    later_issue = Decision(("basic",), date(2026, 9, 1), date(2026, 1, 1), "for older certificates")
    right = Decision(("basic", "advanced"), date(2026, 9, 1), date(2026, 5, 1), "INFOSEC 2026.2", ("INFOSEC-4.2",))
    other_due = Decision(("basic",), date(2026, 10, 1), date(2026, 5, 1), "later due")
    assert cut_short_by(cut, [other_level, later_issue, other_due, right]) == right
    assert cut_short_by(BASIC, [right]) is None
    assert cut_short_by(cut, [other_due]) is None


def test_held_rank_counts_certificates_in_force_only():
    revoked = CertificateFacts("advanced", date(2026, 1, 10), date(2028, 1, 10), revoked_on=date(2026, 2, 1))
    assert held_rank([BASIC, revoked], date(2026, 1, 20), dict(DEFAULT_LEVEL_RANKS)) == 2
    assert held_rank([BASIC, revoked], date(2026, 3, 1), dict(DEFAULT_LEVEL_RANKS)) == 1
    assert held_rank([], date(2026, 3, 1), dict(DEFAULT_LEVEL_RANKS)) == 0


def person(**fields) -> PersonRecord:
    return PersonRecord(1, **fields)


def test_a_late_employee_is_told_how_many_days_late():
    required = required_of(person(function_group="medewerker", hire_date=date(2020, 1, 1)), [MATRIX], [],
                           date(2026, 12, 5), DEFAULT_LEVEL_RANKS)
    assert (required.progress, required.level, required.deadline) == (Progress.LATE, "basic", date(2026, 6, 30))
    assert required.days_late == 158 and required.days_left is None
    assert required.onboarding_until is None and not required.in_onboarding


def test_a_new_hire_gets_the_onboarding_term():
    new = person(function_group="teamleider", hire_date=date(2026, 11, 15))
    required = required_of(new, [MATRIX], [], date(2026, 12, 1), DEFAULT_LEVEL_RANKS)
    assert (required.progress, required.level) == (Progress.ON_TRACK, "advanced")
    assert required.deadline == required.onboarding_until == date(2027, 2, 15)
    assert required.rule_deadline == date(2026, 12, 31) and required.onboarding_months == 3
    assert required.in_onboarding and required.days_left == 76 and required.function_group == "teamleider"
    after = required_of(new, [MATRIX], [], date(2027, 2, 16), DEFAULT_LEVEL_RANKS)
    assert after.progress is Progress.LATE and not after.in_onboarding and after.days_late == 1


def test_a_higher_certificate_meets_the_requirement_until_it_ends():
    advanced = CertificateFacts("advanced", date(2026, 2, 1), date(2028, 2, 1), cut_off_on=date(2027, 1, 31))
    required = required_of(person(), [MATRIX], [BASIC, advanced], date(2026, 12, 5), DEFAULT_LEVEL_RANKS)
    assert required.progress is Progress.MET and required.renew_by == date(2028, 1, 10)
    only_cut = required_of(person(function_group="teamleider"), [MATRIX], [BASIC, advanced], date(2026, 12, 5),
                           DEFAULT_LEVEL_RANKS)
    assert only_cut.progress is Progress.MET and only_cut.renew_by == date(2027, 1, 31)
    ended = required_of(person(function_group="teamleider"), [MATRIX], [BASIC, advanced], date(2027, 2, 1),
                        DEFAULT_LEVEL_RANKS)
    assert ended.progress is Progress.LATE and ended.days_late == 32


def test_leavers_and_people_without_a_matrix_have_no_requirement():
    assert required_of(person(left_on=date(2026, 3, 31)), [MATRIX], [], date(2026, 4, 1),
                       DEFAULT_LEVEL_RANKS).progress is Progress.LEFT
    assert required_of(person(left_on=date(2026, 3, 31)), [MATRIX], [], date(2026, 3, 31),
                       DEFAULT_LEVEL_RANKS).progress is Progress.ON_TRACK
    assert required_of(person(), [], [], date(2026, 4, 1), DEFAULT_LEVEL_RANKS).progress is Progress.NONE
    assert required_of(person(), [MATRIX], [], date(2025, 12, 31), DEFAULT_LEVEL_RANKS).progress is Progress.NONE


def test_advice_per_competence_follows_the_feedback_policy():
    scores = [CompetenceScore("safe-use", 3, 4), CompetenceScore("prompts", 1, 4)]
    advice = competence_advice(scores, 0.7, FeedbackLevel.COMPETENCES)
    assert [(a.competence, a.fraction, a.study) for a in advice] == [("safe-use", 0.75, False), ("prompts", 0.25, True)]
    assert competence_advice(scores, 0.7, FeedbackLevel.ANSWERS) is not None
    assert competence_advice(scores, 0.7, FeedbackLevel.SCORE) is None
    assert competence_advice(scores, 0.7, FeedbackLevel.NONE) is None
