"""The stratified draw and grading of an attempt."""

import datetime as dt

import pytest

from assessments.attempts import Slot, deadline, ensure_open, grade_attempt, lay_out
from assessments.blueprints import draw, shortfalls
from assessments.errors import AttemptClosed, BlueprintUnsatisfiable
from tests.factories import bank, blueprint, make_item

COUNTS = {"c1": 3, "c2": 2, "c3": 1}


def test_draw_takes_the_asked_number_per_competence():
    items = bank({"c1": 8, "c2": 5, "c3": 4, "other": 6})
    drawn = draw(blueprint(COUNTS), items, seed=7)
    per = {c: sum(1 for i in drawn if i.competence == c) for c in ("c1", "c2", "c3", "other")}
    assert per == {"c1": 3, "c2": 2, "c3": 1, "other": 0}
    assert len({i.key for i in drawn}) == 6


def test_draw_is_reproducible_with_a_seed_and_varies_without():
    items = bank({"c1": 8, "c2": 5, "c3": 4})
    bp = blueprint(COUNTS)
    assert [i.key for i in draw(bp, items, 1)] == [i.key for i in draw(bp, items, 1)]
    assert len({tuple(i.key for i in draw(bp, items, s)) for s in range(20)}) > 10


def test_retake_avoids_previous_items_where_the_bank_allows():
    items = bank({"c1": 6, "c2": 4, "c3": 1})
    bp = blueprint(COUNTS)
    first = draw(bp, items, 1)
    second = draw(bp, items, 2, avoid=[i.key for i in first])
    repeated = {i.key for i in first} & {i.key for i in second}
    assert repeated == {"c3-000"}  # c3 has a single item: it must repeat; nothing else does


def test_draw_only_uses_approved_items_at_the_blueprint_level():
    items = bank({"c1": 3, "c2": 2, "c3": 1})
    items += [make_item("adv", "c1", level="advanced", id=99)]
    drawn = draw(blueprint(COUNTS), items, 3)
    assert all(i.level == "basic" for i in drawn)


def test_unsatisfiable_blueprint_names_the_shortfall():
    items = bank({"c1": 2, "c2": 2, "c3": 1})
    assert shortfalls(blueprint(COUNTS), items) == {"c1": (3, 2)}
    with pytest.raises(BlueprintUnsatisfiable, match="c1: 2 of 3"):
        draw(blueprint(COUNTS), items, 1)


def _slots(items, bp, seed=5):
    return [Slot(e["position"], items[e["position"] - 1], e) for e in lay_out(bp, items, seed)]


def test_grade_counts_each_item_once_and_applies_the_pass_mark():
    items = [make_item(f"i{n}", "c1" if n < 3 else "c2", id=n) for n in range(1, 6)]
    bp = blueprint({"c1": 2, "c2": 3}, pass_mark=0.6)
    slots = _slots(items, bp)
    grade = grade_attempt(bp, slots, {1: ["a"], 2: ["b"], 3: ["a"], 4: ["a"]})
    assert (grade.raw, grade.maximum, grade.scaled) == (3.0, 5.0, 0.6)
    assert grade.passed is True  # exactly at the pass mark passes
    assert {c.competence: (c.earned, c.possible) for c in grade.by_competence} == {"c1": (1.0, 2.0), "c2": (2.0, 3.0)}
    assert grade_attempt(bp, slots, {1: ["a"], 2: ["a"]}).passed is False


def test_layout_records_item_versions_and_option_order():
    items = [make_item("x", id=11)]
    layout = lay_out(blueprint({"c1": 1}), items, 9)
    assert layout[0]["item_version_id"] == 11 and layout[0]["item_key"] == "x"
    assert sorted(layout[0]["order"]) == ["a", "b", "c", "d"]


def test_deadline_and_closed_attempts():
    start = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    due = deadline(blueprint({"c1": 1}, time_limit=30), start, extra_minutes=10)
    assert due == start + dt.timedelta(minutes=40)
    ensure_open("in_progress", due, due)
    with pytest.raises(AttemptClosed, match="run out"):
        ensure_open("in_progress", due, due + dt.timedelta(seconds=1))
    with pytest.raises(AttemptClosed, match="submitted"):
        ensure_open("submitted", None, start)
    assert deadline(blueprint({"c1": 1}, time_limit=None), start) is None


def test_retake_rules_limit_attempts_and_waiting_time():
    from dataclasses import replace

    from assessments.attempts import retake_decision

    bp = replace(blueprint({"c1": 1}), max_attempts=3, retake_wait_days=2)
    t0 = dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC)
    assert retake_decision(bp, [], t0).allowed
    waiting = retake_decision(bp, [(t0, False)], t0 + dt.timedelta(days=1))
    assert (waiting.allowed, waiting.reason, waiting.allowed_from, waiting.attempts_left) == (
        False, "waiting", t0 + dt.timedelta(days=2), 2)
    assert retake_decision(bp, [(t0, False)], t0 + dt.timedelta(days=2)).allowed
    assert retake_decision(bp, [(t0, False), (t0, False), (t0, False)], t0 + dt.timedelta(days=30)).reason == (
        "no_attempts_left")
    assert retake_decision(bp, [(t0, True)], t0 + dt.timedelta(days=30)).reason == "passed"
    assert retake_decision(replace(bp, max_attempts=None), [(t0, False)] * 9, t0 + dt.timedelta(days=9)).allowed
