"""Werkzeug's own refusals (an address with no page, a method a page does not take) are worded in the reader's
language like the tool's, not in Werkzeug's English."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", "Er staat niets op dit adres. Open de tool opnieuw vanuit je cursus in het LMS."),
    ("en", "There is nothing at this address. Open the tool again from your course in the LMS."),
])
def test_an_address_with_no_page_says_so_in_the_readers_language(tool, lang, words):
    for path in ("/verify/", "/no-such-page"):
        page = httpx.get(tool.url + path, headers={"Accept-Language": lang, "Accept": "text/html"})
        assert page.status_code == 404 and words in page.text, page.text[:500]
        assert "requested URL" not in page.text


def test_a_method_a_page_does_not_take_is_worded_too(tool):
    page = httpx.delete(tool.url + "/lti/jwks.json", headers={"Accept-Language": "nl", "Accept": "text/html"})
    assert page.status_code == 405 and "Dit adres neemt dit soort verzoek niet aan." in page.text
