"""Attempt rows to and from the aggregate, on unsaved rows (no database)."""

from __future__ import annotations

import datetime as dt

from assessments.attempt import Attempt
from lti_tool.db.models import Response
from lti_tool.delivery.mapper import new_row, to_domain, write_back
from tests.factories import blueprint, make_item

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DRAWN = [make_item("q1", id=11), make_item("q2", id=12)]
EXAM = blueprint({"c1": 2}, pass_mark=0.5)
ITEMS = {item.id: item for item in DRAWN if item.id is not None}


def _form(attempt: Attempt, position: int, key: str) -> list[str]:
    slot = attempt.slots[position - 1]
    return slot.item.kind.form_values(slot.layout, [key])


def test_a_started_attempt_becomes_a_row_with_plain_stored_values() -> None:
    started = Attempt.start("att-1", EXAM, DRAWN, seed=7, locale="en", extra_minutes=15, now=T0)
    row = new_row(started, platform_id=3, person_id=4, link_pk=5)
    assert (row.id, row.platform_id, row.person_id, row.resource_link_pk) == ("att-1", 3, 4, 5)
    assert (row.exam_key, row.blueprint_version, row.seed, row.locale) == ("test", "test@1", 7, "en")
    assert row.status == "in_progress" and type(row.status) is str  # the string, not the enum member
    assert (row.started_at, row.extra_minutes, row.layout) == (T0, 15, started.layout)
    assert [e["item_version_id"] for e in row.layout] == [11, 12]


def test_a_row_round_trips_through_the_aggregate() -> None:
    row = new_row(Attempt.start("att-1", EXAM, DRAWN, 7, "nl", 0, T0), 3, 4, 5)
    kept = Response(attempt_id="att-1", position=1, item_version_id=11, response=["b"], saved_at=T0,
                    fraction=0.0, language="nl")
    row.responses.append(kept)
    attempt = to_domain(row, EXAM, ITEMS)
    assert attempt.responses == {1: ["b"]} and attempt.is_open and attempt.events == []
    later = T0 + dt.timedelta(minutes=4)
    attempt.answer(1, _form(attempt, 1, "a"), later, "en")
    attempt.answer(2, _form(attempt, 2, "a"), later)
    attempt.submit(later)
    write_back(attempt, row)
    assert row.responses[0] is kept  # changed in place, not replaced
    assert [(r.position, r.item_version_id, r.response, r.saved_at, r.fraction, r.language)
            for r in row.responses] == [(1, 11, ["a"], later, 1.0, "en"), (2, 12, ["a"], later, 1.0, "nl")]
    assert (row.status, row.submitted_at, row.score_raw, row.score_max, row.passed) == (
        "submitted", later, 2.0, 2.0, True)
    assert type(row.status) is str
    again = to_domain(row, EXAM, ITEMS)
    assert not again.is_open and again.responses == {1: ["a"], 2: ["a"]} and again.passed is True
