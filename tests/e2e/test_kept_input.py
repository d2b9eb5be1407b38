"""A refused form loses nothing: the error page shows what was typed and links back to the form, which
gets the values again (for the signed-in person only, never the CSRF token, never in the URL)."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin, urlsplit

from sqlalchemy import func, select

from lti_tool.db.models import PhaseRemark
from tests.e2e.test_authoring import as_user
from tests.e2e.test_certification import import_hr, reports_user
from tests.e2e.test_governance import course, governance  # noqa: F401  (course is a fixture)

REMARK = "De pilot in de zorg heeft meer tijd nodig; de roosters laten geen ruimte. " * 60  # 4,380 characters


def back_link(page: str) -> str | None:
    found = re.search(r'<a class="button" href="([^"]*kept=[^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def kept_json(page: str) -> dict | None:
    found = re.search(r'<script type="application/json" id="kept-input">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else None


def remarks(tool) -> int:
    with tool.svc.db.session() as db:
        return db.scalar(select(func.count()).select_from(PhaseRemark))


def test_a_refused_remark_comes_back_to_its_form_with_what_was_typed(tool, platform, course):  # noqa: F811
    _reg, link = course
    hr = governance(reports_user(tool, platform, link, "priya", "hr"))
    import_hr(hr)
    writer = governance(as_user(platform, link, "mohammed"))  # a line manager may remark on the rollout
    before = remarks(tool)
    form_page = urlsplit(writer.base).path + "/governance/rollout"

    refused = writer.post_gov("/rollout/remarks", {"phase": "pilot-zorg", "text": REMARK, "_from": form_page})
    assert refused.status_code == 400
    assert f"{len(REMARK.strip())} characters long" in refused.text  # what was wrong, in words
    assert html.escape(REMARK.strip(), quote=False)[:200] in refused.text  # what was typed, on the page itself
    back = back_link(refused.text)
    assert back and urlsplit(back).path == form_page and writer.token not in back
    assert remarks(tool) == before

    again = writer.browser.get(urljoin(writer.base, back))
    assert again.status_code == 200
    kept = kept_json(again.text)
    assert kept == {"action": urlsplit(writer.base).path + "/governance/rollout/remarks",
                    "fields": {"phase": ["pilot-zorg"], "text": [REMARK]}}
    assert writer.token not in again.text.split('id="kept-input"')[1].split("</script>")[0]  # no CSRF token kept
    assert 'id="kept-notice"' in again.text

    # the token is the writer's: another person following the link (or guessing it) gets a plain form
    stolen = hr.get_gov("/rollout", kept=dict(p.split("=", 1) for p in urlsplit(back).query.split("&"))["kept"])
    assert stolen.status_code == 200 and "Remarks per phase" in stolen.text and kept_json(stolen.text) is None


def test_without_the_page_it_came_from_the_typed_text_stays_on_the_error_page(tool, platform, course):  # noqa: F811
    _reg, link = course
    import_hr(governance(reports_user(tool, platform, link, "priya", "hr")))
    writer = governance(as_user(platform, link, "mohammed"))
    # no script on the page: no _from; the remark endpoint answers POST only, so there is no way back to link to
    refused = writer.post_gov("/rollout/remarks", {"phase": "pilot-zorg", "text": REMARK})
    assert refused.status_code == 400 and back_link(refused.text) is None
    assert "<details class=\"typed\" open>" in refused.text
    assert html.escape(REMARK.strip(), quote=False)[:200] in refused.text
    # a form whose page is its own URL links back to itself
    hr = governance(reports_user(tool, platform, link, "priya"))
    bad_plan = "scenario: big bang\nphases: []\n"
    shown = hr.post_gov("/rollout", {"plan": bad_plan})
    assert shown.status_code == 400 and "big bang" in shown.text  # (that form re-renders itself with the input)
