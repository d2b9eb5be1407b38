"""The panel's rating form: percentages as typed become fractions; what is not one is named."""

from __future__ import annotations

import pytest

from lti_tool.standards.forms import fraction, read_sheet


@pytest.mark.parametrize(("typed", "value"), [("65", .65), ("62,5", .625), (" 70 % ", .7), ("0", 0.0), ("100", 1.0),
                                              ("", None)])
def test_percentages_become_fractions(typed, value):
    assert fraction(typed) == pytest.approx(value) if value is not None else fraction(typed) is None


@pytest.mark.parametrize("typed", ["101", "-1", "abc", "nan"])
def test_what_is_not_a_percentage_is_refused(typed):
    with pytest.raises(ValueError):
        fraction(typed)


def test_a_sheet_keeps_good_values_and_names_the_wrong_fields():
    found = read_sheet({"rating_a": "60", "rating_b": "x", "comment_a": " hard ", "hofstee_min_cut": "55"}, ["a", "b"])
    assert found.ratings == {"a": .6, "b": None} and found.comments == {"a": "hard", "b": ""}
    assert found.hofstee == {"min_cut": .55, "max_cut": None, "min_fail": None, "max_fail": None}
    assert found.wrong == ["rating_b"]
