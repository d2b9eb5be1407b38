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


def test_the_setup_page_sends_an_lms_administrator_to_an_invitation(tool):
    """The bare registration URL is refused (registration is by invitation): the page must not offer it."""
    page = httpx.get(tool.url + "/lti/", headers={"Accept-Language": "en", "Accept": "text/html"}).text
    assert "administrator for a one-time registration URL" in page
    assert f"<code>{tool.svc.settings.base_url}/lti/register</code>" not in page
    assert httpx.get(tool.url + "/lti/register").status_code == 403  # what the old page sent them to
