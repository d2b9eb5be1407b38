"""A broken rule's parameters are worded for the reader: a status as its label, an ISO date in their locale's
form (the Dutch sheet of a closed standard-setting round said "de ronde is adopted")."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from assessments.errors import WrongState
from lti_tool.errors import rule_message


@pytest.mark.parametrize(("lang", "closed", "past", "item"), [
    ("nl", "(nu: cesuur overgenomen).", "is op 1 mei 2026 gesloten", "deze versie is ter beoordeling."),
    ("en", "(now: cut adopted).", "closed for ratings on May 1, 2026.", "this version is in review."),
])
def test_statuses_and_dates_in_a_rule_are_worded_in_the_readers_language(tool, lang, closed, past, item):
    with tool.app.test_request_context(), force_locale(lang):
        assert closed in rule_message(WrongState("standard.round_not_open", status="adopted"))
        worded = rule_message(WrongState("standard.round_past_closing", date="2026-05-01"))
        assert past in worded and "2026-05-01" not in worded
        assert item in rule_message(WrongState("item.approve_needs_review", status="in_review"))
        assert " soon" in rule_message(WrongState("standard.round_past_closing", date="soon"))  # not a date: as given
