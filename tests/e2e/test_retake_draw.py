"""A retake avoids the questions of every earlier attempt on the link, not only the last one's, as far as the
bank allows."""

from __future__ import annotations

import datetime as dt

from lti_tool.db.models import Attempt
from lti_tool.db.repositories import current_items
from tests.lti_client import create_link, csrf_token, launch, register


def _fail_and_wait_out(tool, browser, page) -> set[str]:
    """Submit the launched attempt unanswered, then move it two days back (past the waiting time); its items."""
    base = str(page.url).rsplit("/q/", 1)[0]
    done = browser.post(f"{base}/submit", data={"csrf_token": csrf_token(page.text), "confirmed": "1"})
    assert done.status_code == 303
    with tool.svc.db.transaction() as db:
        attempt = db.get(Attempt, base.rsplit("/", 1)[1])
        attempt.started_at -= dt.timedelta(days=2)
        attempt.submitted_at -= dt.timedelta(days=2)
        return {e["item_key"] for e in attempt.layout}


def test_a_retake_avoids_every_earlier_form_as_far_as_the_bank_allows(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)["id"]
    seen = _fail_and_wait_out(tool, browser, launch(browser, platform, link, "daan"))
    seen |= _fail_and_wait_out(tool, browser, launch(browser, platform, link, "daan"))
    third = launch(browser, platform, link, "daan")
    with tool.svc.db.session() as db:
        attempt = db.get(Attempt, str(third.url).split("/attempt/", 1)[1].split("/", 1)[0])
        drawn = {e["item_key"] for e in attempt.layout}
        blueprint = tool.svc.catalogue.blueprint(db, "basic")
        pool = current_items(db, blueprint.level)
    # per competence, only as many earlier questions as the unseen ones fall short of the blueprint's count
    forced = sum(max(0, need - sum(1 for i in pool if i.competence == c and i.key not in seen))
                 for c, need in blueprint.items_per_competence.items())
    assert len(drawn & seen) == forced
    assert len(seen) > len(drawn)  # two earlier forms, both avoided (not only the last)
