"""The rollout plan as a form over real HTTP: field errors keep what was typed, the preview counts the people
each phase takes in (the proposal against the plan in use), confirming saves a version, and rolling back makes
a new version with the old content (audit-logged). The YAML path is tested in test_governance."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lti_tool.db.models import AuditEntry, RolloutPlanVersion
from tests.e2e.test_matrix_form import fields, hr  # noqa: F401 - the HR data with known counts

EDIT = "/rollout/edit"


def gov(staff, path, data=None):
    url = f"{staff.base}/governance{path}"
    return staff.browser.post(url, data={"csrf_token": staff.token, **(data or {})}) if data is not None \
        else staff.browser.get(url)


def phase_of(form: dict[str, str], key: str) -> str:
    return next(n[:-len("key")] for n, v in form.items() if n.endswith("-key") and v == key)


def versions(tool) -> list[RolloutPlanVersion]:
    with tool.svc.db.session() as db:
        return list(db.scalars(select(RolloutPlanVersion).order_by(RolloutPlanVersion.version)))


def in_scope(page_text: str, name: str) -> list[str]:
    row = page_text.split(f'<th scope="row">{name}')[1].split("</tr>")[0]
    return [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]


def save(staff, form):
    page = gov(staff, EDIT, form)
    assert page.status_code == 200, page.text
    return gov(staff, "/rollout/save", {"token": page.text.split('name="token" value="')[1].split('"')[0]})


def test_field_errors_are_at_the_field_and_keep_what_was_typed(hr, tool):  # noqa: F811
    form = fields(gov(hr, EDIT).text, EDIT)
    business = phase_of(form, "advanced-business")
    form[business + "units"] = "Particulieren, Marketing"  # Marketing is not in the HR data
    form[business + "end"] = "2026-01-01"  # before its start
    form[business + "pilot"] = "on"  # a second pilot
    basic = phase_of(form, "basic-everyone")
    form[basic + "key"] = "Basis Iedereen"
    page = gov(hr, EDIT, form)
    assert page.status_code == 400
    for name in (business + "units", business + "end", business + "pilot", basic + "key"):
        assert f'id="{name}-error"' in page.text, name
    assert 'value="Particulieren, Marketing"' in page.text and 'value="Basis Iedereen"' in page.text
    assert "Marketing" in page.text.split(f'id="{business}units-error"')[1].split("</p>")[0]
    assert 'name="token"' not in page.text and versions(tool) == []


def test_preview_counts_per_phase_then_save_and_roll_back(hr, tool):  # noqa: F811
    form = fields(gov(hr, EDIT).text, EDIT)
    form[phase_of(form, "advanced-business") + "units"] = "Zakelijk"
    page = gov(hr, EDIT, form)
    assert page.status_code == 200, page.text
    # advanced or higher required in Particulieren + Zakelijk: Ali (teamleider), Eef (expert), Fem and Gijs (hoog);
    # Zakelijk alone: Eef, Fem, Gijs
    assert in_scope(page.text, "Advanced: Retail and Business") == ["4", "3"]
    assert versions(tool) == []
    assert save(hr, form).status_code == 303
    form[phase_of(form, "advanced-business") + "start"] = "2026-08-01"
    assert save(hr, form).status_code == 303
    rows = versions(tool)
    assert [r.version for r in rows] == [1, 2]
    business = next(p for p in rows[0].content["phases"] if p["key"] == "advanced-business")
    assert business["units"] == ["Zakelijk"] and business["start"] == "2026-07-01"
    listing = gov(hr, EDIT).text
    assert "/rollout/versions/1/rollback" in listing and "/rollout/versions/2/rollback" not in listing
    assert gov(hr, "/rollout/versions/9/rollback", {}).status_code == 404
    assert gov(hr, "/rollout/versions/1/rollback", {}).status_code == 303
    rows = versions(tool)
    assert [r.version for r in rows] == [1, 2, 3] and rows[2].content == rows[0].content
    with tool.svc.db.session() as db:
        logged = list(db.scalars(select(AuditEntry.subject).where(AuditEntry.action == "rollout.changed")))
    assert logged == ["v1", "v2", "v3"]


@pytest.mark.parametrize("path", [EDIT, "/rollout/save", "/rollout/versions/1/rollback"])
def test_people_without_the_permission_cannot_change_the_plan(tool, platform, browser, path):
    from tests.e2e.test_certification import reports_user
    from tests.lti_client import create_link, register

    reg = register(browser, platform, tool)
    sanne = reports_user(tool, platform, create_link(platform, reg.client_id), "sanne")
    assert gov(sanne, path, None if path == EDIT else {}).status_code == 403


def test_odd_input_in_either_form_is_a_400_never_a_500(hr, tool):  # noqa: F811
    odd = ["", " ", "x" * 5000, "0", "-1", "99999999999999999999", "2026-02-30", "\u0000", "<script>", "on"]
    for path, action in (("/reports/matrix/edit", "/matrix/edit"), ("/governance" + EDIT, EDIT)):
        page = hr.browser.get(hr.base + path)
        form = fields(page.text, action)
        for n, name in enumerate(sorted(form)):
            broken = {**form, name: odd[n % len(odd)], "rows": "100000" if n % 3 == 0 else form["rows"]}
            answer = hr.browser.post(hr.base + path, data={"csrf_token": hr.token, **broken})
            assert answer.status_code in (200, 400), (path, name, broken[name][:20], answer.status_code)


def _message(form: dict[str, str], row: str, **parts: str) -> dict[str, str]:
    return {**form, **{row + name: parts.get(name, "") for name in ("subject_nl", "subject_en", "text_nl",
                                                                     "text_en")}}


def test_a_phase_message_errors_at_its_field_and_keeps_what_was_typed(hr, tool):  # noqa: F811
    form = fields(gov(hr, EDIT).text, EDIT)
    business = phase_of(form, "advanced-business")
    assert {business + "subject_nl", business + "text_en"} <= set(form)  # the four fields are in the form
    typed = {"subject_en": "Phase {phase.__class__}", "text_nl": "Beste {manager}, tot {end", "text_en": "y" * 4001,
             "subject_nl": "Fase {phase}"}
    page = gov(hr, EDIT, _message(form, business, **typed))
    assert page.status_code == 400
    error = {name: page.text.split(f'id="{business}{name}-error"')[1].split("</p>")[0]
             for name in ("subject_en", "text_nl", "text_en")}
    assert "{phase.__class__} is not a placeholder" in error["subject_en"]
    assert "brace without its pair" in error["text_nl"] and "at most 4000 characters (now 4001)" in error["text_en"]
    assert f'id="{business}subject_nl-error"' not in page.text  # a good field has no error
    again = fields(page.text, EDIT)
    assert {name: again[business + name] for name in typed} == typed  # kept as typed, the long text in full
    assert 'aria-invalid="true"' in page.text.split(f'id="{business}text_nl"')[1].split(">")[0]
    assert 'name="token"' not in page.text and versions(tool) == []


def test_a_phase_message_is_saved_shown_again_and_restored_by_rolling_back(hr, tool):  # noqa: F811
    form = fields(gov(hr, EDIT).text, EDIT)
    business = phase_of(form, "advanced-business")
    given = {"subject_nl": "Fase {phase}: herinneringen",
             "text_en": "Dear {manager},\n" + "{phase} ends. {{x}}\n" * 195}
    sent = {**given, "text_en": given["text_en"].replace("\n", "\r\n")}  # as a browser sends a textarea's lines
    assert len(sent["text_en"]) > 4000 and len(given["text_en"].strip()) <= 4000
    assert save(hr, _message(form, business, **sent)).status_code == 303
    given["text_en"] = given["text_en"].strip()
    (v1,) = versions(tool)
    saved = next(p for p in v1.content["phases"] if p["key"] == "advanced-business")
    assert saved["message"] == {"subject": {"nl": given["subject_nl"]}, "text": {"en": given["text_en"]}}
    assert all("message" not in p for p in v1.content["phases"] if p["key"] != "advanced-business")
    shown = fields(gov(hr, EDIT).text, EDIT)
    assert shown[business + "subject_nl"] == given["subject_nl"] and shown[business + "text_en"] == given["text_en"]
    assert "message:" in gov(hr, "/rollout").text  # the YAML of the plan in use has it too
    assert save(hr, _message(shown, business)).status_code == 303  # every field emptied: no message
    assert all("message" not in p for p in versions(tool)[1].content["phases"])
    assert fields(gov(hr, EDIT).text, EDIT)[business + "subject_nl"] == ""
    assert gov(hr, "/rollout/versions/1/rollback", {}).status_code == 303
    rows = versions(tool)
    assert [r.version for r in rows] == [1, 2, 3] and rows[2].content == rows[0].content
    restored = fields(gov(hr, EDIT).text, EDIT)
    assert restored[business + "subject_nl"] == given["subject_nl"] and restored[business + "text_en"] == \
        given["text_en"]


def test_a_phase_message_with_an_unknown_placeholder_in_the_yaml_is_refused_in_words(hr, tool):  # noqa: F811
    import yaml

    from lti_tool.governance.operations import default_plan

    plan = default_plan()
    plan["phases"][0]["message"] = {"text": {"en": "Hello {manager.__init__}"}}
    page = gov(hr, "/rollout", {"plan": yaml.safe_dump(plan, allow_unicode=True)})
    assert page.status_code == 400 and "unknown placeholder {manager.__init__}" in page.text
    assert versions(tool) == []
