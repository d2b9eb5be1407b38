"""A policy version as a form over real HTTP: the preview says which clauses are added, changed and removed and
which questions would be flagged, confirming saves a version and flags them (once: a used token is a 409),
rolling back makes a new version with the old content (audit-logged as ``policy.rolled_back``), field errors
keep what was typed, odd input is never a 500, people without the permission get a 403, and the Dutch page
shows no English. The YAML path is tested in test_governance."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from lti_tool.db.models import AuditEntry, ItemFlag
from lti_tool.db.models import PolicyVersion as PolicyRow
from lti_tool.governance.queries import item_refs
from tests.e2e.test_authoring import as_user
from tests.lti_client import STAFF_GRANTS, create_link, register

EDIT = "/policies/edit"


class _Fields(HTMLParser):
    """The named fields of the page's policy form as a browser would send them (text areas too)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._area: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = (a.get("action") or "").endswith(EDIT)
        elif self._in_form and tag == "input" and a.get("name") and a["name"] != "csrf_token":
            self.fields[a["name"]] = a.get("value") or ""
        elif self._in_form and tag == "textarea":
            self._area = a["name"]
            self.fields[self._area] = ""

    def handle_data(self, data):
        if self._area:
            self.fields[self._area] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._area = None
        elif tag == "form":
            self._in_form = False


def fields(page_text: str) -> dict[str, str]:
    parser = _Fields()
    parser.feed(page_text)
    return parser.fields


@pytest.fixture
def ld(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    staff = as_user(platform, create_link(platform, reg.client_id), "linda")
    staff.link = create_link(platform, reg.client_id)
    return staff


def gov(staff, path, data=None, **params):
    url = f"{staff.base}/governance{path}"
    return staff.browser.post(url, data={"csrf_token": staff.token, **(data or {})}) if data is not None \
        else staff.browser.get(url, params=params)


def row_of(form: dict[str, str], clause_key: str) -> str:
    return next(n[:-len("key")] for n, v in form.items() if n.startswith("clause-") and n.endswith("-key")
                and v == clause_key)


def versions(tool, key: str = "INFOSEC") -> list[PolicyRow]:
    with tool.svc.db.session() as db:
        return list(db.scalars(select(PolicyRow).where(PolicyRow.policy_key == key).order_by(PolicyRow.id)))


def flags(tool) -> list[tuple[str, str, str]]:
    with tool.svc.db.session() as db:
        return sorted((f.item_key, f.clause_key, f.comment) for f in db.scalars(select(ItemFlag)))


def token_of(page_text: str) -> str:
    return page_text.split('name="token" value="')[1].split('"')[0]


def section(page_text: str, heading: str) -> str:
    return page_text.split(heading, 1)[1].split("<h3>", 1)[0]


def proposal(form: dict[str, str]) -> dict[str, str]:
    """INFOSEC 2026.2: clause 4.2 reworded, 7.2 removed, 9.1 added."""
    changed = dict(form)
    changed[row_of(form, "INFOSEC-4.2") + "text_en"] = "Confidential information only goes into VG-Assistent."
    for name in [n for n in form if n.startswith(row_of(form, "INFOSEC-7.2"))]:
        changed[name] = ""
    new = f"clause-{int(form['rows']) - 1}-"
    changed |= {new + "key": "INFOSEC-9.1", new + "title_nl": "Logboek", new + "title_en": "Logbook",
                new + "text_nl": "Gesprekken met AI-tools worden een jaar bewaard.",
                new + "text_en": "Conversations with AI tools are kept for a year."}
    return changed


def test_preview_then_save_flags_the_questions_and_a_used_token_is_refused(ld, tool):
    page = gov(ld, EDIT, policy="INFOSEC")
    assert page.status_code == 200, page.text
    form = fields(page.text)
    assert form["base"] == "INFOSEC" and form["version"] == "2026.2"  # the next number is offered
    with tool.svc.db.session() as db:
        refs = item_refs(db)
    expected = sorted(k for k, r in refs.items() if {"INFOSEC-4.2", "INFOSEC-7.2"} & set(r))
    dangling = sorted(k for k, r in refs.items() if "INFOSEC-7.2" in r)
    assert len(expected) >= 5 and dangling

    preview = gov(ld, EDIT, proposal(form))
    assert preview.status_code == 200, preview.text
    text = html.unescape(preview.text)
    assert "INFOSEC-9.1" in section(text, "Clauses added: 1")
    assert "INFOSEC-4.2" in section(text, "Clauses changed: 1")
    assert "INFOSEC-7.2" in section(text, "Clauses removed: 1")
    assert "INFOSEC-2.1" not in text.split('id="preview"')[1].split("Questions flagged")[0]  # unchanged: not listed
    flagged = section(text, f"Questions flagged for review: {len(expected)}")
    assert all(key in flagged for key in expected)
    assert all(key in section(text, "References that would point at no clause: 1") for key in dangling)
    assert versions(tool)[-1].version == "2026.1" and flags(tool) == []  # a preview saves nothing

    token = token_of(preview.text)
    saved = gov(ld, "/policies/save", {"token": token})
    assert saved.status_code == 303, saved.text
    rows = versions(tool)
    assert [r.version for r in rows] == ["2026.1", "2026.2"]
    assert saved.headers["location"].endswith(f"/governance/policies/versions/{rows[-1].id}")
    assert sorted({c["key"] for c in rows[-1].content["clauses"]}) == [
        "INFOSEC-2.1", "INFOSEC-4.1", "INFOSEC-4.2", "INFOSEC-4.3", "INFOSEC-6.1", "INFOSEC-9.1"]
    assert sorted({item for item, _clause, _comment in flags(tool)}) == expected
    again = gov(ld, "/policies/save", {"token": token})
    assert again.status_code == 409 and "expired or was already saved" in again.text
    assert len(versions(tool)) == 2
    with tool.svc.db.session() as db:
        assert list(db.scalars(select(AuditEntry.action).where(AuditEntry.action.like("policy.%")))) == [
            "policy.changed"]


def test_rolling_back_saves_the_old_content_as_a_new_version(ld, tool):
    form = fields(gov(ld, EDIT, policy="INFOSEC").text)
    assert gov(ld, "/policies/save", {"token": token_of(gov(ld, EDIT, proposal(form)).text)}).status_code == 303
    first, second = versions(tool)
    listing = gov(ld, EDIT, policy="INFOSEC").text
    assert f"/policies/versions/{first.id}/rollback" in listing
    assert f"/policies/versions/{second.id}/rollback" not in listing  # the newest: nothing to roll back to
    assert 'data-confirm="' in listing.split(f"/policies/versions/{first.id}/rollback")[1].split(">")[0]
    assert gov(ld, "/policies/versions/999999/rollback", {}).status_code == 404
    before = len(flags(tool))

    done = gov(ld, f"/policies/versions/{first.id}/rollback", {})
    assert done.status_code == 303, done.text
    rows = versions(tool)
    assert [r.version for r in rows] == ["2026.1", "2026.2", "2026.3"]
    assert rows[2].content["clauses"] == first.content["clauses"] and rows[2].content["title"] == first.content["title"]
    assert rows[2].effective_from >= second.effective_from
    assert len(flags(tool)) > before  # the questions on 4.2 (worded back) are flagged again
    with tool.svc.db.session() as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "policy.rolled_back")).one()
    assert entry.subject == "INFOSEC 2026.3" and entry.actor == "Linda Mulder"
    assert entry.after["from_version"] == "2026.1" and entry.before["version"] == "2026.2"
    assert gov(ld, f"/policies/versions/{rows[2].id}/rollback", {}).status_code == 303  # the newest: nothing
    assert len(versions(tool)) == 3


def test_field_errors_are_at_the_field_and_keep_what_was_typed(ld, tool):
    form = fields(gov(ld, EDIT).text)  # a new policy
    assert form["base"] == "" and form["key"] == ""
    form |= {"key": "INFOSEC", "title_nl": "Nieuw beleid", "title_en": "", "version": "1 2",
             "effective_from": "2026-02-30", "owner_nl": "Iemand",
             "clause-0-key": "PRIVACY-1.1", "clause-0-title_nl": "Iets", "clause-0-title_en": "Something",
             "clause-0-text_nl": "x" * 5000, "clause-0-text_en": "Bell\x07 text",
             "clause-1-key": "INFOSEC-1", "clause-1-title_nl": "T", "clause-1-title_en": "T",
             "clause-1-text_nl": "T", "clause-1-text_en": "T"}
    page = gov(ld, EDIT, form)
    assert page.status_code == 400
    for name in ("key", "title_en", "version", "effective_from", "owner_en", "clause-0-key", "clause-0-text_nl",
                 "clause-0-text_en"):
        assert f'id="{name}-error"' in page.text, name
    assert 'id="clause-1-key-error"' not in page.text
    assert "There is already a policy INFOSEC" in page.text and "5000 characters long" in page.text
    assert 'value="Nieuw beleid"' in page.text and 'value="1 2"' in page.text and "x" * 5000 in page.text
    assert 'name="token"' not in page.text and len(versions(tool)) == 1
    form |= {"key": "AIUSE", "title_en": "New policy", "version": "1", "effective_from": "2026-03-01",
             "owner_nl": "", "clause-0-key": "AIUSE-1", "clause-0-text_nl": "Kort.", "clause-0-text_en": "Short.",
             "clause-1-key": "AIUSE-1"}
    twice = gov(ld, EDIT, form)
    assert twice.status_code == 400 and 'id="clause-1-key-error"' in twice.text
    form["clause-1-key"] = "AIUSE-2"
    started = gov(ld, EDIT, form)  # a new policy: every clause added, nothing flagged
    assert started.status_code == 200, started.text
    assert "Clauses added: 2" in started.text and "Questions flagged for review: 0" in started.text
    assert gov(ld, "/policies/save", {"token": token_of(started.text)}).status_code == 303
    assert [r.version for r in versions(tool, "AIUSE")] == ["1"]
    empty = gov(ld, EDIT, {"base": "", "rows": "3"})
    assert empty.status_code == 400 and 'id="clauses-error"' in empty.text and 'id="key-error"' in empty.text


def test_odd_input_is_a_400_never_a_500(ld, tool):
    form = fields(gov(ld, EDIT, policy="INFOSEC").text)
    odd = ["", " ", "x" * 5000, "0", "-1", "99999999999999999999", "2026-02-30", "\u0000", "<script>", "INFOSEC-"]
    for n, name in enumerate(sorted(form)):
        broken = {**form, name: odd[n % len(odd)], "rows": "100000" if n % 3 == 0 else form["rows"]}
        answer = gov(ld, EDIT, broken)
        assert answer.status_code in (200, 400), (name, broken[name][:20], answer.status_code)
    assert gov(ld, EDIT, policy="NO_SUCH").status_code == 404
    assert gov(ld, EDIT, {**form, "base": "NO_SUCH"}).status_code == 400


@pytest.mark.parametrize("path", [EDIT, "/policies/save", "/policies/versions/1/rollback"])
def test_people_without_the_permission_cannot_change_policies(tool, platform, browser, path):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    sanne = as_user(platform, create_link(platform, reg.client_id), "sanne")
    assert gov(sanne, path, None if path == EDIT else {}).status_code == 403


def test_the_dutch_form_and_preview_show_no_english(ld, tool, platform, tmp_path):
    from tests.integration.test_every_page_in_both_languages import CODES
    from tests.page_language import catalogue_languages, compile_catalogue, extracted_msgids, findings, visible_texts

    compile_catalogue()
    dutch = catalogue_languages(extracted=extracted_msgids(tmp_path))["nl"]
    linda = as_user(platform, ld.link, "linda", language="nl")
    page = gov(linda, EDIT, policy="INFOSEC")
    assert page.status_code == 200 and "Beleid INFOSEC wijzigen" in page.text
    preview = gov(linda, EDIT, proposal(fields(page.text)))
    assert preview.status_code == 200 and 'id="preview"' in preview.text
    errors = gov(linda, EDIT, {**fields(page.text), "version": "", "clause-0-key": "X"})
    assert errors.status_code == 400
    for answer in (page, preview, errors, gov(linda, EDIT)):
        assert findings(visible_texts(answer.text, "nl"), dutch, CODES) == []
