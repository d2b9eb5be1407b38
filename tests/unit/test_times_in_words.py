"""Times a candidate reads: in words and whole minutes, never "06:48:14" (``lti_tool.delivery.times``)."""

from __future__ import annotations

import pytest

from lti_tool.delivery.times import duration_words


@pytest.mark.parametrize(("seconds", "nl", "en"), [
    (1, "1 minuut", "1 minute"),
    (60, "1 minuut", "1 minute"),
    (6 * 3600 + 47 * 60 + 14, "6 uur en 48 minuten", "6 hours and 48 minutes"),  # rounded up to the minute
    (3600, "1 uur", "1 hour"),
    (2 * 86400 + 3 * 3600, "2 dagen en 3 uur", "2 days and 3 hours"),
    (7 * 86400, "7 dagen", "7 days"),
])
def test_a_duration_is_said_in_its_two_largest_units(seconds: float, nl: str, en: str) -> None:
    assert duration_words(seconds, "nl") == nl
    assert duration_words(seconds, "en") == en
