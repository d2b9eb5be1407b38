"""My AI diploma's derivations (a certificate's state is ``xapi.certificate_state``'s, tested there):
what the role matrix requires of a person on a day (onboarding, on track, late, met, left), and the
advice per competence as far as the feedback policy shows it."""

from __future__ import annotations

from datetime import date

from assessments.attempts import CompetenceScore
from assessments.coverage import PersonRecord
from assessments.feedback_policy import FeedbackLevel
from assessments.personal_requirement import HeldLevel, Progress, required_of
from assessments.role_matrix import DEFAULT_LEVEL_RANKS, MatrixRule, RoleMatrix
from assessments.study_advice import competence_advice

BASIC = HeldLevel("basic", date(2028, 1, 10))
MATRIX = RoleMatrix(1, date(2026, 1, 1), (MatrixRule(None, None, "basic", date(2026, 6, 30)),
                                          MatrixRule("teamleider", None, "advanced", date(2026, 12, 31))))


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
    advanced = HeldLevel("advanced", date(2027, 1, 31))  # cut short by a recertification decision
    required = required_of(person(), [MATRIX], [BASIC, advanced], date(2026, 12, 5), DEFAULT_LEVEL_RANKS)
    assert required.progress is Progress.MET and required.renew_by == date(2028, 1, 10)
    only_cut = required_of(person(function_group="teamleider"), [MATRIX], [BASIC, advanced], date(2026, 12, 5),
                           DEFAULT_LEVEL_RANKS)
    assert only_cut.progress is Progress.MET and only_cut.renew_by == date(2027, 1, 31)
    ended = required_of(person(function_group="teamleider"), [MATRIX], [BASIC], date(2027, 2, 1),
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
