"""CSV cells a spreadsheet will not run as formulas, with numbers left as numbers."""

from lti_tool.reports.downloads import _defuse as defuse


def test_text_that_starts_like_a_formula_is_quoted_and_numbers_stay_numbers():
    assert defuse("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert defuse("-3 + 4") == "'-3 + 4" and defuse("@SUM(A1)") == "'@SUM(A1)"
    assert defuse(-6.05) == -6.05 and defuse(0) == 0 and defuse("Finance") == "Finance" and defuse(None) == ""
