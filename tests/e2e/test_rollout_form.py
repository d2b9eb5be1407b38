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
