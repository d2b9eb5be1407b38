"""axe (WCAG 2.1 A/AA) on the grade sync page in Dutch and English: once with a mismatch, a held
grade and syncing stopped, once with the column deleted in the LMS (the recreate form)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from lti_tool.db.models import ResourceLink, utcnow
from lti_tool.outbox import send_scores
from tests.lti_client import create_link

from .conftest import Site, answer_over_http, assert_no_violations, attempt_id_of, attempt_layout, axe, submit_over_http

LANGS = ("nl", "en")


def _sit(site: Site, link: str, user: str, right: int) -> None:
    url = site.launch(user, "en", link_id=link)
    for slot in attempt_layout(site, attempt_id_of(url))[:right]:
        answer_over_http(url, slot["position"], slot["correct"])
    submit_over_http(url)


@pytest.fixture(scope="module")
def links(site: Site) -> dict[str, Any]:
    """A link with a grade edited by hand in the gradebook and a later one held back by a stop
    date, and a link whose column was deleted in the LMS."""
    synced = create_link(site.platform, site.client_id, title="AI-diploma (cijfers)")
    # learners of their own: attempts count per person and exam, so a shared persona may have one running
    edited = site.new_persona(given_name="Mohammed", family_name="El Amrani")
    held = site.new_persona(given_name="Joost", family_name="Bakker")
    _sit(site, synced["id"], edited["key"], 2)
    assert send_scores(site.tool.svc.db, site.tool.svc.settings).sent >= 1
    assert httpx.post(f"{site.platform.url}/_control/results", json={
        "lineitem_id": synced["lineitem_id"], "user_id": edited["user_id"], "scoreGiven": 7}).status_code == 200
    with site.tool.svc.db.transaction() as db:  # stopped yesterday: the next grade is held back
        for link in db.scalars(select(ResourceLink).where(ResourceLink.resource_link_id == synced["id"])):
            link.sync_stop_after = (utcnow() - dt.timedelta(days=1)).date()
    _sit(site, synced["id"], held["key"], 1)
    assert send_scores(site.tool.svc.db, site.tool.svc.settings).held == 1
    deleted = create_link(site.platform, site.client_id, title="AI-diploma (verwijderde kolom)")
    site.launch("linda", "en", link_id=deleted["id"])  # the tool learns the column, then the LMS deletes it
    assert httpx.delete(f"{site.platform.url}/_control/lineitems/{deleted['lineitem_id']}").status_code == 200
    return {"synced": synced["id"], "deleted": deleted["id"]}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("which", ["synced", "deleted"])
def test_grade_sync_page(lang: str, which: str, site: Site, links: dict[str, Any], driver: Any) -> None:
    url = site.launch("linda", lang, link_id=links[which])
    assert "/staff/link" in url
    driver.get(url.replace("/staff/link", "/staff/grades"))
    assert driver.find_element("tag name", "html").get_attribute("lang") == lang
    heading = {"nl": "Cijfersynchronisatie", "en": "Grade sync"}[lang]
    assert driver.find_element("tag name", "h1").text.startswith(heading)
    text = driver.find_element("tag name", "main").text
    if which == "synced":
        assert "Mohammed El Amrani" in text and "Joost Bakker" in text
    else:
        assert driver.find_elements("css selector", "form[action$='/grades/recreate'] button")
    assert_no_violations(axe(driver), f"{lang} grade sync ({which})")
