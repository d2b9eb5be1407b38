"""Modified Angoff and the Hofstee compromise, with examples computed by hand."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from assessments.blueprints import Blueprint
from assessments.errors import Incomplete, WrongState
from assessments.standard_setting import (
    HofsteeAnswers,
    Round,
    RoundStatus,
    angoff,
    check_same_form,
    fail_rate,
    hofstee,
    inside_rectangle,
    mean_answers,
    member_cut,
    pass_mark,
    pass_mark_basis,
)

COMPETENCE = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
FORM = {"A": 2, "B": 1}  # the form draws 2 items of A and 1 of B


def test_a_members_cut_is_weighted_like_the_form():
    # A: (.6 + .7 + .8) / 3 = .7; B: (.4 + .6) / 2 = .5; cut = (2 × .7 + 1 × .5) / 3 = 1.9 / 3
    ratings = {"a1": .6, "a2": .7, "a3": .8, "b1": .4, "b2": .6}
    assert member_cut(ratings, COMPETENCE, FORM) == pytest.approx(1.9 / 3)
    assert member_cut(ratings, COMPETENCE, FORM) != pytest.approx(sum(ratings.values()) / 5)  # not the plain .62


def test_the_panel_cut_is_the_mean_of_the_members_with_its_standard_error():
    # five members whose ratings are all equal to .60, .65, .70, .55, .75: mean .65;
    # deviations −.05, 0, .05, −.10, .10 → squares sum .025; SD = √(.025 / 4) = .0790569; SE = SD / √5 = .0353553
    members = {m: dict.fromkeys(COMPETENCE, v) for m, v in enumerate([.60, .65, .70, .55, .75])}
    result = angoff(members, COMPETENCE, FORM)
    assert result.cut == pytest.approx(.65)
    assert result.sd == pytest.approx(math.sqrt(.025 / 4))
    assert result.se == pytest.approx(.0353553, abs=1e-6)
    assert result.panel_size == 5 and not result.small_panel


def test_items_with_large_disagreement_are_named():
    members = {1: {"a1": .2, "b1": .6}, 2: {"a1": .9, "b1": .7}, 3: {"a1": .5, "b1": .65}}
    result = angoff(members, COMPETENCE, FORM)
    a1, _b1 = result.items
    assert (a1.item_key, a1.mean, a1.n) == ("a1", pytest.approx(.5333333), 3)
    assert a1.sd == pytest.approx(math.sqrt(((.2 - .5333333) ** 2 + (.9 - .5333333) ** 2 + (.5 - .5333333) ** 2) / 2))
    assert [i.item_key for i in result.disagreements] == ["a1"]  # b1's SD is .05
    assert result.small_panel and result.se is not None


def test_a_panel_of_one_has_no_standard_error():
    assert angoff({1: {"a1": .7}}, COMPETENCE, FORM).se is None


SCORES = [.5, .6, .7, .8, .9]
BOUNDS = HofsteeAnswers(min_cut=.6, max_cut=.8, min_fail=.1, max_fail=.5)


def test_fail_rate_counts_scores_below_the_cut():
    assert fail_rate(SCORES, .6) == .2 and fail_rate(SCORES, .61) == .4 and fail_rate([], .5) == 0


def test_hofstee_cut_where_the_line_crosses_a_flat_part_of_the_curve():
    # the line runs from (.6, .5) to (.8, .1): L(c) = .5 − 2(c − .6). On (.6, .7] the curve is 2/5 = .4,
    # so L(c) = .4 at c = .65
    result = hofstee(BOUNDS, SCORES)
    assert result.outcome == "intersection" and result.cut == pytest.approx(.65)
    assert result.line(.65) == pytest.approx(.4)


def test_hofstee_cut_where_the_curve_jumps_over_the_line():
    # three scores of .7: the curve is .2 on (.6, .7] (the line reaches .2 only at .75) and .8 beyond .7
    assert hofstee(BOUNDS, [.5, .7, .7, .7, .9]).cut == pytest.approx(.7)


def test_no_hofstee_cut_when_the_curve_passes_the_line():
    assert hofstee(BOUNDS, [.4, .5]).outcome == "curve_above"  # everybody fails even at the lowest pass mark
    assert hofstee(BOUNDS, [.95, .99]).outcome == "curve_below"  # nobody fails even at the highest
    assert hofstee(BOUNDS, []).outcome == "no_data" and hofstee(BOUNDS, []).cut is None


def test_the_panel_bounds_are_the_mean_answers_and_the_rectangle_checks_a_cut():
    bounds = mean_answers([HofsteeAnswers(.5, .7, .0, .4), HofsteeAnswers(.7, .9, .2, .6)])
    assert bounds == pytest.approx(HofsteeAnswers(.6, .8, .1, .5))
    result = hofstee(BOUNDS, SCORES)
    assert inside_rectangle(.65, result, SCORES)  # fail rate .4 within [.1, .5]
    assert not inside_rectangle(.85, result, SCORES)  # above the highest acceptable pass mark
    assert not inside_rectangle(.75, result, [.1, .2, .3, .9])  # fail rate .75 > .5
    assert HofsteeAnswers(.8, .6, .1, .5).problems() == ["standard.hofstee_order"]
    assert HofsteeAnswers(.6, 1.2, .1, .5).problems() == ["standard.hofstee_range"]


def test_a_round_takes_ratings_while_open_and_adopts_once_closed():
    day = dt.date(2026, 5, 1)
    round_ = Round(RoundStatus.OPEN, closes_on=day)
    round_.check_rating(day, submitted=False)
    with pytest.raises(WrongState, match=r"standard.round_past_closing"):
        round_.check_rating(day + dt.timedelta(days=1), submitted=False)
    with pytest.raises(WrongState, match=r"standard.already_submitted"):
        round_.check_rating(day, submitted=True)
    with pytest.raises(Incomplete, match=r"standard.unrated_items") as unrated:
        round_.check_submission(["a1", "a2"], {"a1": .5, "a2": None}, BOUNDS)
    assert unrated.value.params == {"n": 1}
    with pytest.raises(Incomplete, match=r"standard.hofstee_incomplete"):
        round_.check_submission(["a1"], {"a1": .5}, None)
    with pytest.raises(WrongState, match=r"standard.adopt_needs_closed"):
        round_.adopt(5, "")
    round_.close()
    with pytest.raises(Incomplete, match=r"standard.small_panel_needs_reason"):
        round_.adopt(4, " ")
    round_.adopt(4, "two members fell ill; the cut agrees with Hofstee")
    assert round_.status is RoundStatus.ADOPTED


def test_a_members_sheet_closes_when_they_may_no_longer_rate():
    day = dt.date(2026, 5, 1)
    round_ = Round(RoundStatus.OPEN, closes_on=day)
    assert round_.rating_closed(day, submitted=False) is None
    assert round_.rating_closed(day, submitted=True).code == "standard.already_submitted"
    assert round_.rating_closed(day + dt.timedelta(days=1), submitted=False).code == "standard.round_past_closing"
    round_.close()
    closed = round_.rating_closed(day, submitted=False)
    assert (closed.code, closed.params) == ("standard.round_not_open", {"status": "closed"})


def test_a_cut_is_adopted_only_onto_a_version_that_draws_its_questions_as_the_rated_one():
    rated = Blueprint(key="basic", version=1, level="basic", title={"en": "Basic"},
                      items_per_competence={"a": 2, "b": 1})
    check_same_form(rated, dataclasses.replace(rated, version=2, time_limit_minutes=30, max_attempts=2))
    for changed in ({"items_per_competence": {"a": 2, "b": 2}}, {"items_per_competence": {"a": 2, "c": 1}},
                    {"level": "advanced"}, {"function_group": "HR"}):
        with pytest.raises(WrongState, match=r"standard.form_changed") as refused:
            check_same_form(rated, dataclasses.replace(rated, version=3, **changed))
        assert refused.value.params == {"rated": "basic@1", "newest": "basic@3"}


def test_the_pass_mark_is_the_cut_in_whole_percent_and_its_basis_is_recorded():
    assert pass_mark(.6449) == .64 and pass_mark(.655) in (.65, .66) and pass_mark(.0001) == .01
    members = {m: dict.fromkeys(COMPETENCE, v) for m, v in enumerate([.60, .65, .70, .55, .75])}
    basis = pass_mark_basis(7, dt.date(2026, 5, 1), angoff(members, COMPETENCE, FORM), hofstee(BOUNDS, SCORES))
    assert basis == {"method": "modified_angoff", "round_id": 7, "date": "2026-05-01", "panel_size": 5,
                     "cut": .65, "se": .0354, "hofstee_cut": .65}
