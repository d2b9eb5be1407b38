"""The AGS score a graded attempt becomes (pure: no platform)."""

from __future__ import annotations

import datetime as dt

from lti_tool.lti import ags


def test_a_score_carries_the_grade_and_the_time_it_was_given():
    at = dt.datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)
    assert ags.score("vg-1001", 16.0, 20.0, True, at) == {
        "userId": "vg-1001", "scoreGiven": 16.0, "scoreMaximum": 20.0,
        "activityProgress": "Completed", "gradingProgress": "FullyGraded",
        "timestamp": "2026-03-01T09:30:15.123Z", "comment": "passed / geslaagd",
    }


def test_a_score_that_did_not_pass_says_so_and_is_stamped_in_utc():
    at = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    payload = ags.score("vg-1002", 3.0, 20.0, False, at)
    assert payload["comment"] == "not passed / niet geslaagd"
    assert payload["timestamp"] == "2026-03-01T09:00:00.000Z"
