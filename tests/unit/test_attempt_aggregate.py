"""The attempt aggregate: every rule of an attempt's life, and the events it records, without a
database (items and blueprints are built in code; a stored attempt is rebuilt from its fields)."""

from __future__ import annotations

import datetime as dt

import pytest

from assessments.attempt import (
    Answer,
    Attempt,
    AttemptResumed,
    AttemptStarted,
    AttemptSubmitted,
    AttemptTimedOut,
    ItemAnswered,
    ScoredAnswer,
)
from assessments.attempts import AttemptStatus, lay_out
from assessments.errors import AttemptClosed, InvalidResponse
from tests.factories import blueprint, make_item

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LIMIT = 30  # minutes


def _exam(time_limit: int | None = LIMIT, extra: int = 0, pass_mark: float = 0.6) -> Attempt:
    """A new attempt on three single-choice items (option ``a`` is right), drawn in this order."""
    drawn = [make_item("q1", "c1", id=11), make_item("q2", "c1", id=12), make_item("q3", "c2", id=13)]
    exam = blueprint({"c1": 2, "c2": 1}, pass_mark=pass_mark, time_limit=time_limit)
    return Attempt.start("att-1", exam, drawn, seed=42, locale="nl", extra_minutes=extra, now=T0)


def _form(attempt: Attempt, position: int, *keys: str) -> list[str]:
    """The form values that choose ``keys`` (authored option keys) at ``position``."""
    slot = attempt.slot(position)
    assert slot is not None
    return slot.item.kind.form_values(slot.layout, list(keys))


def _answer(attempt: Attempt, position: int, key: str, at: dt.datetime, language: str | None = None) -> bool:
    return attempt.answer(position, _form(attempt, position, key), at, language)


def test_status_values_are_what_the_database_stores() -> None:
    assert [s.value for s in AttemptStatus] == ["in_progress", "submitted", "timed_out"]
    assert AttemptStatus("timed_out") is AttemptStatus.TIMED_OUT


def test_start_lays_out_the_drawn_items_and_records_the_start() -> None:
    attempt = _exam()
    assert attempt.status is AttemptStatus.IN_PROGRESS and attempt.is_open
    assert [(s.position, s.item.key) for s in attempt.slots] == [(1, "q1"), (2, "q2"), (3, "q3")]
    assert attempt.layout == lay_out(attempt.blueprint, [s.item for s in attempt.slots], 42)
    assert attempt.answers == {} and attempt.submitted_at is None and attempt.passed is None
    assert attempt.due == T0 + dt.timedelta(minutes=LIMIT)
    assert attempt.drain_events() == [AttemptStarted("att-1", "test", "test@1", (11, 12, 13), T0,
                                                     T0 + dt.timedelta(minutes=LIMIT))]
    assert attempt.drain_events() == []  # drained once


def test_extra_minutes_lengthen_the_time_limit() -> None:
    late = T0 + dt.timedelta(minutes=LIMIT + 5)
    with_extra, without = _exam(extra=10), _exam()
    assert with_extra.due == T0 + dt.timedelta(minutes=LIMIT + 10)
    assert _answer(with_extra, 1, "a", late) is True
    assert not with_extra.has_run_out(late)
    with pytest.raises(AttemptClosed, match="run out"):
        _answer(without, 1, "a", late)
    assert without.has_run_out(late)


def test_without_a_time_limit_an_attempt_never_runs_out() -> None:
    attempt = _exam(time_limit=None)
    much_later = T0 + dt.timedelta(days=30)
    assert attempt.due is None and not attempt.has_run_out(much_later)
    assert _answer(attempt, 1, "a", much_later) is True
    assert attempt.time_out(much_later) is False and attempt.is_open


def test_saving_while_open_stores_the_answer_and_records_it() -> None:
    attempt = _exam()
    attempt.drain_events()
    at = T0 + dt.timedelta(minutes=3)
    assert _answer(attempt, 2, "b", at) is True
    assert attempt.answers[2] == Answer(2, 12, ("b",), at, 0.0, "nl")  # language: the attempt's locale
    assert attempt.responses == {2: ["b"]}
    q2 = attempt.slots[1].item
    assert attempt.drain_events() == [ItemAnswered("att-1", 2, q2, ("b",), 0.0, "nl", at)]
    later = at + dt.timedelta(minutes=1)
    assert _answer(attempt, 2, "a", later, language="en") is True
    assert attempt.answers[2] == Answer(2, 12, ("a",), later, 1.0, "en")
    assert attempt.drain_events() == [ItemAnswered("att-1", 2, q2, ("a",), 1.0, "en", later)]


def test_saving_the_same_answer_again_changes_nothing() -> None:
    attempt = _exam()
    _answer(attempt, 1, "a", T0 + dt.timedelta(minutes=1))
    attempt.drain_events()
    assert _answer(attempt, 1, "a", T0 + dt.timedelta(minutes=2)) is False
    assert attempt.answers[1].saved_at == T0 + dt.timedelta(minutes=1)
    assert attempt.drain_events() == []


def test_clearing_an_answer_is_recorded_with_an_empty_response() -> None:
    attempt = _exam()
    _answer(attempt, 1, "a", T0)
    attempt.drain_events()
    at = T0 + dt.timedelta(minutes=1)
    assert attempt.answer(1, [], at) is True
    assert attempt.answers[1].response == () and attempt.answers[1].fraction == 0.0
    assert attempt.drain_events() == [ItemAnswered("att-1", 1, attempt.slots[0].item, (), 0.0, "nl", at)]
    attempt.submit(at)
    [judged] = attempt.drain_events()
    assert isinstance(judged, AttemptSubmitted) and judged.scored == ()  # a cleared answer is not scored


def test_answers_that_do_not_fit_are_refused() -> None:
    attempt = _exam()
    attempt.drain_events()
    with pytest.raises(InvalidResponse):
        attempt.answer(1, ["not-an-option-id"], T0)
    with pytest.raises(InvalidResponse, match="no question 4"):
        attempt.answer(4, _form(attempt, 1, "a"), T0)
    assert attempt.answers == {} and attempt.drain_events() == []


def test_saving_after_the_deadline_is_refused() -> None:
    attempt = _exam()
    attempt.drain_events()
    due = T0 + dt.timedelta(minutes=LIMIT)
    assert _answer(attempt, 1, "a", due) is True  # up to the deadline itself
    attempt.drain_events()
    with pytest.raises(AttemptClosed, match="run out"):
        _answer(attempt, 2, "a", due + dt.timedelta(seconds=1))
    assert set(attempt.answers) == {1} and attempt.drain_events() == []


def test_submit_grades_and_records_the_grade() -> None:
    attempt = _exam()
    _answer(attempt, 1, "a", T0 + dt.timedelta(minutes=1))  # right
    _answer(attempt, 3, "c", T0 + dt.timedelta(minutes=2))  # wrong; question 2 left open
    attempt.drain_events()
    at = T0 + dt.timedelta(minutes=10)
    grade = attempt.submit(at)
    assert (grade.raw, grade.maximum, grade.passed) == (1.0, 3.0, False)
    assert attempt.status is AttemptStatus.SUBMITTED and not attempt.is_open
    assert (attempt.submitted_at, attempt.score_raw, attempt.score_max, attempt.passed) == (at, 1.0, 3.0, False)
    assert grade == attempt.grade()
    items = [s.item for s in attempt.slots]
    assert attempt.drain_events() == [AttemptSubmitted(
        "att-1", grade, (ScoredAnswer(1, items[0], ("a",), 1.0, "nl"), ScoredAnswer(3, items[2], ("c",), 0.0, "nl")),
        600.0, at)]


def test_a_passing_submission_records_passed() -> None:
    attempt = _exam()
    for position in (1, 2):
        _answer(attempt, position, "a", T0)
    grade = attempt.submit(T0 + dt.timedelta(minutes=5))
    assert grade.passed and attempt.passed and grade.raw == 2.0
    [event] = [e for e in attempt.drain_events() if isinstance(e, AttemptSubmitted)]
    assert event.grade.passed and not event.timed_out


def test_saving_after_submit_is_refused() -> None:
    attempt = _exam()
    attempt.submit(T0 + dt.timedelta(minutes=1))
    attempt.drain_events()
    with pytest.raises(AttemptClosed, match="submitted"):
        _answer(attempt, 1, "a", T0 + dt.timedelta(minutes=2))
    assert attempt.answers == {} and attempt.drain_events() == []


def test_a_second_submit_is_refused_and_changes_nothing() -> None:
    attempt = _exam()
    _answer(attempt, 1, "a", T0)
    first = attempt.submit(T0 + dt.timedelta(minutes=1))
    attempt.drain_events()
    with pytest.raises(AttemptClosed, match="submitted"):
        attempt.submit(T0 + dt.timedelta(minutes=2))
    assert attempt.submitted_at == T0 + dt.timedelta(minutes=1) and attempt.score_raw == first.raw
    assert attempt.drain_events() == []


def test_time_out_closes_an_attempt_whose_time_ran_out() -> None:
    attempt = _exam()
    _answer(attempt, 1, "a", T0 + dt.timedelta(minutes=1))
    attempt.drain_events()
    due = T0 + dt.timedelta(minutes=LIMIT)
    assert attempt.time_out(due) is False and attempt.is_open and attempt.drain_events() == []
    late = due + dt.timedelta(minutes=2)
    assert attempt.time_out(late) is True
    assert attempt.status is AttemptStatus.TIMED_OUT and attempt.submitted_at == late
    assert (attempt.score_raw, attempt.score_max, attempt.passed) == (1.0, 3.0, False)  # answers so far count
    [event] = attempt.drain_events()
    assert isinstance(event, AttemptTimedOut) and event.timed_out
    assert event.scored == (ScoredAnswer(1, attempt.slots[0].item, ("a",), 1.0, "nl"),)
    assert event.duration_seconds == (LIMIT + 2) * 60 and event.at == late
    assert attempt.time_out(late) is False and attempt.drain_events() == []  # closed: nothing more


def test_submitting_after_the_deadline_counts_as_timed_out() -> None:
    attempt = _exam()
    attempt.drain_events()
    grade = attempt.submit(T0 + dt.timedelta(minutes=LIMIT + 1))
    assert attempt.status is AttemptStatus.TIMED_OUT and grade.raw == 0.0
    [event] = attempt.drain_events()
    assert isinstance(event, AttemptTimedOut)


def test_resume_takes_an_open_attempt_up_again() -> None:
    attempt = _exam(extra=5)
    attempt.drain_events()
    at = T0 + dt.timedelta(minutes=12)
    attempt.resume(at)
    assert attempt.drain_events() == [AttemptResumed("att-1", at, T0 + dt.timedelta(minutes=LIMIT + 5))]
    # the clock kept running: resuming after the deadline leaves the time-out to ``time_out``
    late = T0 + dt.timedelta(hours=2)
    attempt.resume(late)
    assert attempt.is_open and attempt.time_out(late)
    with pytest.raises(AttemptClosed):
        attempt.resume(late)


def test_a_stored_attempt_rebuilt_from_its_fields_keeps_its_answers_and_clock() -> None:
    """What the service layer does on every request: rebuild the aggregate from stored fields."""
    new = _exam()
    saved = Answer(1, 11, ("a",), T0 + dt.timedelta(minutes=1), 1.0, "en")
    stored = Attempt(new.id, new.blueprint, new.slots, new.seed, new.locale, new.started_at,
                     extra_minutes=0, status=AttemptStatus("in_progress"), answers={1: saved})
    assert stored.events == [] and stored.responses == {1: ["a"]}
    assert _answer(stored, 1, "a", T0 + dt.timedelta(minutes=5)) is False
    assert stored.answers[1] is saved
    with pytest.raises(AttemptClosed, match="run out"):
        _answer(stored, 2, "a", T0 + dt.timedelta(minutes=LIMIT, seconds=1))
    closed = Attempt(new.id, new.blueprint, new.slots, new.seed, new.locale, new.started_at,
                     status=AttemptStatus.SUBMITTED, submitted_at=T0, score_raw=0.0, score_max=3.0, passed=False)
    with pytest.raises(AttemptClosed, match="submitted"):
        closed.submit(T0 + dt.timedelta(minutes=1))


def test_the_scored_answers_keep_the_language_each_question_was_answered_in() -> None:
    attempt = _exam()
    _answer(attempt, 1, "a", T0 + dt.timedelta(minutes=1), language="en")
    _answer(attempt, 2, "b", T0 + dt.timedelta(minutes=2))  # the attempt's language (nl)
    attempt.drain_events()
    attempt.submit(T0 + dt.timedelta(minutes=3))
    [event] = attempt.drain_events()
    assert isinstance(event, AttemptSubmitted)
    assert [(s.position, s.language) for s in event.scored] == [(1, "en"), (2, "nl")]


def test_flags_for_later_are_kept_while_open_and_record_no_event() -> None:
    attempt = _exam()
    attempt.drain_events()
    soon = T0 + dt.timedelta(minutes=1)
    assert attempt.flag(2, True, soon) and not attempt.flag(2, True, soon)  # only a change counts
    assert attempt.flagged == {2} and attempt.drain_events() == []  # a reminder to oneself, not a statement
    _answer(attempt, 1, "a", soon)
    assert attempt.unanswered() == [2, 3]
    assert attempt.flag(2, False, soon) and attempt.flagged == set()
    with pytest.raises(InvalidResponse):
        attempt.flag(9, True, soon)
    with pytest.raises(AttemptClosed):
        attempt.flag(1, True, T0 + dt.timedelta(minutes=LIMIT + 1))  # past the deadline
    attempt.submit(soon)
    with pytest.raises(AttemptClosed):
        attempt.flag(1, True, soon)
