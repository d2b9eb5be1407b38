"""A whole standard-setting round over real HTTP, launched through the LTI platform: the panel role
granted under Governance → Roles, a round opened and the panel invited, five members rating every
question with its key and answering the Hofstee questions, the results, the cut adopted as a new
exam version (four eyes), the audit log and the audit export saying how the pass mark was set."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from sqlalchemy import select

from lti_tool.db.models import Attempt, AuditEntry, BlueprintVersion, StandardSettingRound
from tests.e2e.test_exam_flow import correct_answers
from tests.lti_client import STAFF_GRANTS, Browser, create_link, csrf_token, launch, register

PANEL = {"mohammed": ("vg-1002", 60), "eva": ("vg-1003", 65), "priya": ("vg-1004", 70), "joost": ("vg-1005", 55),
         "daan": ("vg-1006", 75)}  # user → (LMS user id, the rating they give every question)
HOFSTEE = {"hofstee_min_cut": "60", "hofstee_max_cut": "80", "hofstee_min_fail": "10", "hofstee_max_fail": "50"}


class Person:
    """A launched person: ``get``/``post`` relative to their session (``/s/<sid>``), in English."""

    def __init__(self, platform, link, user: str) -> None:
        self.browser = Browser(language="en")
        self.page = launch(self.browser, platform, link["id"], user)
        assert self.page.status_code == 200, self.page.text
        self.base = re.match(r"(.*/s/[^/]+)/", str(self.page.url)).group(1)
        self.token = csrf_token(self.page.text)
        assert self.post("/language", {"lang": "en", "next": ""}).status_code == 303

    def get(self, path: str, **params):
        return self.browser.get(self.base + path, params=params)

    def post(self, path: str, data: dict | None = None):
        return self.browser.post(self.base + path, data={"csrf_token": self.token, **(data or {})})


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    return create_link(platform, reg.client_id)


def audit_actions(tool, prefix: str) -> list[str]:
    with tool.svc.db.session() as db:
        return [e.action for e in db.scalars(select(AuditEntry).where(AuditEntry.action.like(prefix + "%"))
                                             .order_by(AuditEntry.id))]


def open_round(tool, linda: Person, kees: Person) -> StandardSettingRound:
    """People known (roster), the panel granted, a round opened, five members invited."""
    assert linda.post("/staff/roster").status_code == 303
    for subject, _rating in PANEL.values():
        assert kees.post("/governance/roles", {"person": subject, "role": "panel"}).status_code == 303
    page = linda.get("/standards/rounds")
    assert page.status_code == 200 and "Open a round" in page.text
    past = linda.post("/standards/rounds", {"exam": "basic", "closes_on": "2001-01-01"})
    assert past.status_code == 400 and "cannot be in the past" in past.text
    opened = linda.post("/standards/rounds", {"exam": "basic",
                                               "closes_on": (dt.date.today() + dt.timedelta(days=7)).isoformat()})
    assert opened.status_code == 303
    with tool.svc.db.session() as db:
        round_ = db.scalars(select(StandardSettingRound)).one()
    not_panel = linda.post(f"/standards/rounds/{round_.id}/invite", {"person": "vg-1001"})
    assert not_panel.status_code == 400 and "no standard-setting panel role" in not_panel.text
    for subject, _rating in PANEL.values():
        assert linda.post(f"/standards/rounds/{round_.id}/invite", {"person": subject}).status_code == 303
    return round_


def rate(member: Person, round_: StandardSettingRound, rating: int) -> None:
    """Save part, be refused a wrong value and an incomplete submission (what was typed stays), submit."""
    keys = [e["item_key"] for e in round_.items]
    sheet = member.get(f"/standards/panel/{round_.id}")
    assert sheet.status_code == 200 and "Correct answer" in sheet.text and keys[0] in sheet.text
    half = {f"rating_{k}": str(rating) for k in keys[: len(keys) // 2]}
    assert member.post(f"/standards/panel/{round_.id}", {**half, "action": "save"}).status_code == 303
    wrong = member.post(f"/standards/panel/{round_.id}", {**half, f"rating_{keys[-1]}": "150", "action": "save"})
    assert wrong.status_code == 400 and "percentage from 0 to 100" in wrong.text and 'value="150"' in wrong.text
    early = member.post(f"/standards/panel/{round_.id}", {**half, "comment_" + keys[0]: "tricky", "action": "submit"})
    assert early.status_code == 400 and "still have no rating" in early.text and "tricky" in early.text
    full = {f"rating_{k}": str(rating) for k in keys}
    assert member.post(f"/standards/panel/{round_.id}", {**full, **HOFSTEE, "action": "submit"}).status_code == 303
    again = member.post(f"/standards/panel/{round_.id}", {**full, "action": "save"})
    assert again.status_code == 409 and "can no longer be changed" in again.text
    handed_in = member.get(f"/standards/panel/{round_.id}")  # the ratings stay, the keys are gone
    assert handed_in.status_code == 200 and "can no longer be changed" in handed_in.text
    assert f"{rating}%" in handed_in.text and keys[-1] in handed_in.text
    assert_no_key(handed_in.text)


def assert_no_key(html: str) -> None:
    assert "Correct answer" not in html and "<form method=\"post\">" not in html and "<strong>Why" not in html


def test_a_standard_setting_round_sets_the_pass_mark_of_a_new_exam_version(tool, platform, course):
    linda, kees = Person(platform, course, "linda"), Person(platform, course, "kees")
    round_ = open_round(tool, linda, kees)
    for user, (_subject, rating) in PANEL.items():
        member = Person(platform, course, user)
        assert "/standards/panel" in str(member.page.url) and "basic@1" in member.page.text
        assert member.get("/authoring/items").status_code == 403  # the bank stays closed to the panel
        rate(member, round_, rating)
    with tool.svc.db.session() as db:
        assert not list(db.scalars(select(Attempt)))  # panel members landed on their rounds, not in the exam

    page = linda.get(f"/standards/rounds/{round_.id}")
    assert page.status_code == 200 and "5 of 5 panel members have submitted" in page.text
    assert "65.0%" in page.text and "3.5%" in page.text  # cut (60+65+70+55+75)/5; SE √(.025/4)/√5
    assert "<svg" in page.text and "Hofstee compromise" in page.text
    assert linda.post(f"/standards/rounds/{round_.id}/adopt").status_code == 409  # still open
    assert linda.post(f"/standards/rounds/{round_.id}/close").status_code == 303
    # the cut holds for the form rated: not for a newer version drawing its questions otherwise, but for one that
    # draws them alike (which keeps its other settings)
    with tool.svc.db.transaction() as db:
        rated = tool.svc.catalogue.blueprint(db, "basic")
        first = next(iter(rated.items_per_competence))
        other_form = {**rated.items_per_competence, first: rated.items_per_competence[first] + 1}
        tool.svc.catalogue.store_blueprint(db, dataclasses.replace(rated, items_per_competence=other_form), by="t")
    refused = linda.post(f"/standards/rounds/{round_.id}/adopt")
    assert refused.status_code == 409 and "The panel rated basic@1, but basic@2" in refused.text
    with tool.svc.db.transaction() as db:
        tool.svc.catalogue.store_blueprint(db, dataclasses.replace(rated, time_limit_minutes=45), by="t")
    assert linda.post(f"/standards/rounds/{round_.id}/adopt").status_code == 303
    mohammed = Person(platform, course, "mohammed")  # the items may be in exams now: still no keys
    after = mohammed.get(f"/standards/panel/{round_.id}")
    assert after.status_code == 200 and "no longer takes ratings (now: cut adopted)." in after.text
    assert_no_key(after.text)

    with tool.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.key == "basic",
                                                          BlueprintVersion.status == "draft")).one()
    basis = draft.content["pass_mark_basis"]
    assert draft.content["pass_mark"] == 0.65 and basis["method"] == "modified_angoff"
    assert (draft.version, draft.content["time_limit_minutes"]) == (4, 45)  # on basic@3
    assert (basis["round_id"], basis["panel_size"], basis["cut"], basis["se"]) == (round_.id, 5, 0.65, 0.0354)
    own = linda.post(f"/authoring/blueprints/versions/{draft.id}/approve")
    assert own.status_code == 403  # four eyes: Linda made the version
    assert kees.post(f"/authoring/blueprints/versions/{draft.id}/approve").status_code == 303
    with tool.svc.db.session() as db:
        assert tool.svc.catalogue.blueprint(db, "basic").pass_mark == 0.65
    said = f"pass mark set by standard setting on {basis['date']}, panel of 5"
    assert said in linda.get("/authoring/blueprints").text

    assert audit_actions(tool, "standard_setting.") == [
        "standard_setting.round_opened", *["standard_setting.member_invited"] * 5,
        *["standard_setting.ratings_submitted"] * 5, "standard_setting.round_closed", "standard_setting.cut_adopted"]
    assert audit_actions(tool, "blueprint.") == ["blueprint.draft", "blueprint.approved"]
    assert said in kees.get("/reports/audit").text

    # Daan leaves the panel and takes the exam of the new version; the export says how its pass mark was set
    with tool.svc.db.session() as db:
        from lti_tool.db.models import Person as PersonRow
        from lti_tool.db.models import RoleGrant

        grant_id = db.scalar(select(RoleGrant.id).join(PersonRow, PersonRow.id == RoleGrant.person_id)
                             .where(PersonRow.subject == "vg-1006", RoleGrant.role == "panel"))
    assert kees.post(f"/governance/roles/{grant_id}/revoke").status_code == 303
    daan = Person(platform, course, "daan")
    assert "/q/1" in str(daan.page.url)
    with tool.svc.db.session() as db:
        attempt = db.scalars(select(Attempt)).one()
    assert attempt.blueprint_version == f"basic@{draft.version}"
    answers = correct_answers(tool, attempt.id)
    for position, values in answers.items():
        assert daan.post(f"/attempt/{attempt.id}/q/{position}", {"answer": values}).status_code == 303
    assert daan.post(f"/attempt/{attempt.id}/submit").status_code == 303
    export = kees.get("/reports/export", format="csv")
    assert export.status_code == 200
    assert said in export.content.decode("utf-8-sig")
