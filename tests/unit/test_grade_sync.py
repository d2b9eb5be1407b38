"""The comparison rules of the grade sync page (pure: no app, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from lti_tool.db.models import ScoreOutbox
from lti_tool.grade_sync import Gradebook, LearnerGrade, compare, same_grade, stopped_for

STOP = dt.date(2026, 11, 20)


@pytest.mark.parametrize(("submitted", "held"), [
    (dt.datetime(2026, 11, 20, 23, 59, tzinfo=dt.UTC), False),  # on the stop day: still sent
    (dt.datetime(2026, 11, 21, 0, 0, tzinfo=dt.UTC), True),
    (dt.datetime(2026, 11, 21, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), False),  # 23:30 UTC the day before
    (None, False),
])
def test_the_stop_date_holds_attempts_submitted_after_that_day_in_utc(submitted, held):
    assert stopped_for(STOP, submitted) is held
    assert stopped_for(None, submitted) is False


def test_grades_compare_as_fractions_when_the_column_has_another_maximum():
    assert same_grade(15, 20, {"resultScore": 75, "resultMaximum": 100})
    assert not same_grade(15, 20, {"resultScore": 74, "resultMaximum": 100})
    assert same_grade(15, 20, {"resultScore": 15})
    assert not same_grade(15, 20, {"resultScore": None, "resultMaximum": 20})


def line(subject: str, score: float | None = 10, status: str | None = "sent", held: bool = False,
         gradebook_score: float | None = None) -> LearnerGrade:
    """A learner's line; the gradebook is due the score itself unless ``gradebook_score`` (the verdict alone)."""
    last = ScoreOutbox(status=status) if status else None
    return LearnerGrade(1, subject, subject, attempt_id="a-" + subject if score is not None else None,
                        score=score, maximum=20 if score is not None else None, last=last, held=held,
                        gradebook_score=score if gradebook_score is None else gradebook_score)


def test_each_state_of_the_comparison():
    lines = [line("same"), line("edited"), line("absent"), line("queued", status="pending"),
             line("held", status="held", held=True), line("sent-before-stop", held=True), line("nothing", None, None),
             line("verdict", gradebook_score=0), line("score-not-verdict", gradebook_score=0),
             line("sent-before-policy", gradebook_score=0)]
    lines[-1].last.payload = {"scoreGiven": 10, "scoreMaximum": 20}  # the tool itself sent the score back then
    book = Gradebook("ok", {"same": {"resultScore": 10, "resultMaximum": 20},
                            "verdict": {"resultScore": 0, "resultMaximum": 20},  # what was due: the verdict alone
                            "score-not-verdict": {"resultScore": 10, "resultMaximum": 20},
                            "sent-before-policy": {"resultScore": 10, "resultMaximum": 20},
                            "edited": {"resultScore": 3, "resultMaximum": 20},
                            "sent-before-stop": {"resultScore": 10, "resultMaximum": 20},
                            "stranger": {"resultScore": 4, "resultMaximum": 20}})
    states = {li.subject: li.state for li in compare(lines, book)}
    assert states == {"same": "match", "edited": "differs", "absent": "not_in_gradebook", "queued": "queued",
                      "held": "held", "sent-before-stop": "match", "nothing": "none", "stranger": "only_in_gradebook",
                      "verdict": "match", "score-not-verdict": "differs", "sent-before-policy": "outdated"}
    mismatched = {li.subject for li in compare(lines, book) if li.mismatch}
    assert mismatched == {"edited", "absent", "stranger", "score-not-verdict", "sent-before-policy"}


@pytest.mark.parametrize(("book", "state"), [(Gradebook("missing"), "column_missing"),
                                             (Gradebook("error", error="results answered 500"), "unknown")])
def test_a_missing_or_unreadable_column(book, state):
    lines = compare([line("a"), line("b", None, None)], book)
    assert [li.state for li in lines] == [state, "none"]
    assert lines[0].mismatch is (state == "column_missing")
