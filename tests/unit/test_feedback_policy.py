"""The feedback policy of a blueprint: what a candidate sees of a finished attempt."""

from __future__ import annotations

import pytest

from assessments.blueprints import blueprint_record, parse_blueprint
from assessments.errors import BankError
from assessments.feedback_policy import (
    DEFAULT_POLICY,
    FeedbackLevel,
    FeedbackPolicy,
    feedback_level,
    gradebook_score,
    hides_score,
    parse_feedback_policy,
)

BASE = {"key": "basic", "level": "basic", "title": {"nl": "Basis", "en": "Basic"},
        "items_per_competence": {"safe-everyday-use": 2}}


@pytest.mark.parametrize(("passed", "reason", "expected"), [
    (False, None, FeedbackLevel.COMPETENCES),  # a retake is possible now
    (False, "waiting", FeedbackLevel.COMPETENCES),  # a retake later
    (False, "no_attempts_left", FeedbackLevel.ANSWERS),  # the window has closed
    (False, "passed", FeedbackLevel.ANSWERS),  # a later attempt passed: no retake of this version
    (True, "passed", FeedbackLevel.COMPETENCES),
])
def test_the_default_hides_answers_while_a_retake_is_possible(passed, reason, expected):
    assert feedback_level(DEFAULT_POLICY, passed, reason) is expected


def test_each_moment_follows_its_own_level():
    policy = FeedbackPolicy(after_fail=FeedbackLevel.SCORE, after_pass=FeedbackLevel.ANSWERS,
                            after_last_attempt=FeedbackLevel.NONE)
    assert feedback_level(policy, False, "waiting") is FeedbackLevel.SCORE
    assert feedback_level(policy, True, "passed") is FeedbackLevel.ANSWERS
    assert feedback_level(policy, False, "no_attempts_left") is FeedbackLevel.NONE


@pytest.mark.parametrize(("level", "passed", "expected"), [
    (FeedbackLevel.NONE, False, 0.0), (FeedbackLevel.NONE, True, 40.0),  # the verdict alone
    (FeedbackLevel.SCORE, False, 27.5), (FeedbackLevel.SCORE, True, 27.5),
    (FeedbackLevel.COMPETENCES, False, 27.5), (FeedbackLevel.ANSWERS, True, 27.5),
])
def test_the_gradebook_gets_the_score_only_where_the_candidate_may_see_it(level, passed, expected):
    assert gradebook_score(level, 27.5, 40.0, passed) == expected


def test_a_policy_hides_the_score_when_any_moment_shows_the_verdict_alone():
    assert not hides_score(DEFAULT_POLICY)
    assert not hides_score(FeedbackPolicy(FeedbackLevel.SCORE, FeedbackLevel.SCORE, FeedbackLevel.SCORE))
    for moment in ("after_fail", "after_pass", "after_last_attempt"):
        assert hides_score(FeedbackPolicy(**{moment: FeedbackLevel.NONE}))


def test_levels_include_the_ones_before():
    assert FeedbackLevel.ANSWERS.includes(FeedbackLevel.COMPETENCES)
    assert FeedbackLevel.COMPETENCES.includes(FeedbackLevel.SCORE)
    assert not FeedbackLevel.SCORE.includes(FeedbackLevel.COMPETENCES)
    assert not FeedbackLevel.NONE.includes(FeedbackLevel.SCORE)


def test_a_partial_policy_takes_the_defaults_and_problems_are_named():
    policy, errors = parse_feedback_policy({"after_pass": "answers"})
    assert errors == [] and policy == FeedbackPolicy(after_pass=FeedbackLevel.ANSWERS)
    _policy, errors = parse_feedback_policy({"after_fail": "everything", "later": "none"})
    assert errors == ["feedback: unknown moment 'later'",
                      "feedback.after_fail must be one of none, score, competences, answers"]


def test_the_blueprint_records_its_policy_and_pass_mark_basis_and_reads_them_back():
    basis = {"method": "modified_angoff", "round_id": 3, "date": "2026-05-01", "panel_size": 5, "cut": 0.645}
    blueprint = parse_blueprint({**BASE, "feedback": {"after_fail": "score"}, "pass_mark_basis": basis})
    assert blueprint.feedback.after_fail is FeedbackLevel.SCORE and blueprint.pass_mark_basis == basis
    record = blueprint_record(blueprint)
    assert record["feedback"] == {"after_fail": "score", "after_pass": "competences", "after_last_attempt": "answers"}
    assert parse_blueprint(record) == blueprint


def test_a_default_policy_leaves_the_stored_record_as_before():
    record = blueprint_record(parse_blueprint(BASE))
    assert "feedback" not in record and "pass_mark_basis" not in record


def test_a_wrong_level_is_refused_when_the_blueprint_is_read():
    with pytest.raises(BankError, match=r"feedback\.after_pass must be one of"):
        parse_blueprint({**BASE, "feedback": {"after_pass": "all"}})
