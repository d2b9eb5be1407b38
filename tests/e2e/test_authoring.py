"""L&D authoring over real HTTP: the bank pages, the review workflow and its permissions,
versioning, blueprints, accommodations and the competence model."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lti_tool.db.models import Attempt, BlueprintVersion, ItemVersion
from lti_tool.db.repositories import current_items
from tests.lti_client import STAFF_GRANTS, Browser, create_link, csrf_token, launch, register


class Staff:
    """A launched staff member: ``get``/``post`` relative to their session's authoring pages."""

    def __init__(self, browser: Browser, page) -> None:
        self.browser = browser
        self.base = re.match(r".*?/s/[^/]+", str(page.url)).group(0)  # wherever the launch landed
        self.token = csrf_token(page.text)

    def get(self, path: str, **params):
        return self.browser.get(f"{self.base}/authoring{path}", params=params)

    def post(self, path: str, data: dict | None = None, **kwargs):
        return self.browser.post(f"{self.base}/authoring{path}", data={"csrf_token": self.token, **(data or {})},
                                 **kwargs)


@pytest.fixture
def course(tool, platform, browser):
    reg = register(browser, platform, tool, grants=STAFF_GRANTS)
    link = create_link(platform, reg.client_id)
    return reg, link


def as_user(platform, link, user: str, language: str = "en") -> Staff:
    """Launch as ``user`` and switch the session to ``language`` (the demo LMS launches in Dutch)."""
    browser = Browser(language=language)
    staff = Staff(browser, launch(browser, platform, link["id"], user))
    switched = browser.post(f"{staff.base}/language", data={"csrf_token": staff.token, "lang": language})
    assert switched.status_code == 303
    return staff


def grant(tool, platform, subject: str, role: str) -> None:
    result = tool.app.test_cli_runner().invoke(args=["roles", "grant", "--issuer", platform.url, "--subject", subject,
                                                     "--role", role])
    assert result.exit_code == 0, result.output


NEW_ITEM = {
    "key": "basic-test-001", "type": "single_choice", "competence": "data-confidentiality-prompts", "level": "basic",
    "policy_refs": "INFOSEC-4.2",
    "stem_nl": "Mag je een klantdossier in een openbare AI-tool plakken?",
    "stem_en": "May you paste a customer file into a public AI tool?",
    "rationale_nl": "Vertrouwelijke gegevens horen niet in openbare tools.",
    "rationale_en": "Confidential data does not belong in public tools.",
    "option_1_nl": "Nee, alleen in de interne VG-Assistent", "option_1_en": "No, only in the internal VG-Assistent",
    "option_1_correct": "on",
    "option_2_nl": "Ja, als ik de namen weglaat", "option_2_en": "Yes, if I remove the names",
    "option_3_nl": "Ja, als de tool gratis is", "option_3_en": "Yes, if the tool is free",
}


def version(tool, key: str, number: int) -> ItemVersion:
    with tool.svc.db.session() as db:
        return db.scalars(select(ItemVersion).where(ItemVersion.item_key == key, ItemVersion.version == number)).one()


def test_author_review_approve_and_version(tool, platform, course):
    _reg, link = course
    linda = as_user(platform, link, "linda")
    listing = linda.get("/items")
    assert listing.status_code == 200 and "152" in listing.text
    filtered = linda.get("/items", level="expert", competence="ai-governance-design")
    assert filtered.status_code == 200 and "expert-gov" in filtered.text and "basic-safe" not in filtered.text

    bad = linda.post("/items/new", {**NEW_ITEM, "option_1_correct": "", "stem_en": ""})
    assert bad.status_code == 400
    assert "stem has no en text" in bad.text and "exactly one correct" in bad.text
    huge = linda.post("/items/new", {**NEW_ITEM, "stem_nl": "Lang. " * 20_000, "option_2_en": "x" * 10_001})
    assert huge.status_code == 400 and "at most 10000 fit" in huge.text.replace(",", "")
    assert "stem (NL) is 119999 characters long" in huge.text.replace(",", "")  # trailing space trimmed
    assert "options 2.text (EN) is 10001 characters long" in huge.text.replace(",", "")
    preview = linda.post("/preview", NEW_ITEM)
    assert preview.status_code == 200 and "klantdossier" in preview.text and "customer file" in preview.text
    created = linda.post("/items/new", NEW_ITEM)
    assert created.status_code == 303
    draft = version(tool, "basic-test-001", 1)
    assert draft.status == "draft" and draft.author == "Linda Mulder"

    own = linda.post(f"/items/basic-test-001/versions/{draft.id}/approve")
    assert own.status_code == 409  # a draft cannot be approved: it must be sent for review
    assert linda.post(f"/items/basic-test-001/versions/{draft.id}/submit").status_code == 303
    own = linda.post(f"/items/basic-test-001/versions/{draft.id}/approve")
    assert own.status_code == 403 and "other than its author" in own.text
    # the author is not offered what the four-eyes rule refuses; a reviewer who did not write it is
    offered = f"/items/basic-test-001/versions/{draft.id}/approve"
    page = linda.get("/items/basic-test-001").text
    assert offered not in page and "You wrote this version: someone else approves it." in page
    assert offered in as_user(platform, link, "kees").get("/items/basic-test-001").text
    dutch = as_user(platform, link, "linda", "nl").post("/items/new", {**NEW_ITEM, "key": "basic-test-002",
                                                                       "rationale_en": ""})
    assert dutch.status_code == 400  # the error names the field as its label does
    assert "onderbouwing: de EN-tekst is leeg" in dutch.text and "Onderbouwing (EN)" in dutch.text

    kees = as_user(platform, link, "kees")
    no_reason = kees.post(f"/items/basic-test-001/versions/{draft.id}/reject", {"comment": " "})
    assert no_reason.status_code == 400
    assert kees.post(f"/items/basic-test-001/versions/{draft.id}/approve", {"comment": "helder"}).status_code == 303
    assert version(tool, "basic-test-001", 1).status == "approved"
    with tool.svc.db.session() as db:
        assert "basic-test-001" in {i.key for i in current_items(db, "basic")}
        from lti_tool.db.models import AuditEntry

        logged = [(e.action, e.actor) for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))
                  if e.action.startswith("item.")]
    assert logged == [("item.submitted", "Linda Mulder"), ("item.approved", "Kees Smit")]

    edited = linda.post("/items/basic-test-001/edit", {**NEW_ITEM, "stem_en": "May you paste a client file into a "
                                                                  "public AI tool?"})
    assert edited.status_code == 303
    assert version(tool, "basic-test-001", 1).status == "approved"  # the approved version is untouched
    assert version(tool, "basic-test-001", 2).status == "draft"
    diff = linda.get("/items/basic-test-001/compare", **{"from": "1", "to": "2"})
    assert diff.status_code == 200 and "stem.en" in diff.text and "client file" in diff.text
    item_page = linda.get("/items/basic-test-001")
    assert "helder" in item_page.text and "approved" in item_page.text


def test_high_risk_items_need_a_ciso_reviewer(tool, platform, course):
    _reg, link = course
    # the seed bank's high-risk questions are stored as such, also in a database seeded before the columns were set
    with tool.svc.db.transaction() as db:
        seeded = db.scalars(select(ItemVersion).where(ItemVersion.item_key == "expert-governance-001")).one()
        assert seeded.high_risk and seeded.author == "AI-board – voorzitter"
        seeded.high_risk, seeded.author = False, ""
    with tool.svc.db.transaction() as db:
        tool.svc.catalogue.seed_database(db)
    assert version(tool, "expert-governance-001", 1).high_risk
    with tool.svc.db.session() as db:
        flagged = db.scalars(select(ItemVersion.item_key).where(ItemVersion.high_risk)).all()
    assert len(flagged) == 24 and "expert-governance-001" in flagged
    # its preview shows the case in each language under that language, with ids that are not repeated
    preview = as_user(platform, link, "linda").get("/items/expert-governance-001").text
    assert "CV screening for customer adviser recruitment" in preview
    assert "Cv-screening bij de werving van klantadviseurs" in preview
    assert preview.count('id="case-title"') == 0 and preview.count('id="pv-nl-case-title"') == 1
    grant(tool, platform, "vg-1004", "ld")    # Priya reviews as L&D
    grant(tool, platform, "vg-1006", "ciso")  # Daan is in the CISO office
    linda = as_user(platform, link, "linda")
    assert linda.post("/items/new", {**NEW_ITEM, "key": "adv-risk-001", "level": "advanced",
                                     "high_risk": "on"}).status_code == 303
    row = version(tool, "adv-risk-001", 1)
    assert row.high_risk
    linda.post(f"/items/adv-risk-001/versions/{row.id}/submit")
    priya = as_user(platform, link, "priya")
    refused = priya.post(f"/items/adv-risk-001/versions/{row.id}/approve")
    assert refused.status_code == 403 and "CISO" in refused.text
    approve = f"/items/adv-risk-001/versions/{row.id}/approve"
    offered = priya.get("/items/adv-risk-001").text  # she may reject it, not approve it
    assert approve not in offered and "a reviewer for high-risk questions (the CISO) approves it" in offered
    daan = as_user(platform, link, "daan")
    assert daan.get("/items").status_code == 200
    assert approve in daan.get("/items/adv-risk-001").text
    assert daan.post("/items/new", NEW_ITEM).status_code == 403  # reviewers do not author
    assert daan.post(f"/items/adv-risk-001/versions/{row.id}/approve").status_code == 303
    assert version(tool, "adv-risk-001", 1).status == "approved"


def test_learners_have_no_access_to_authoring(tool, platform, course):
    _reg, link = course
    sanne = as_user(platform, link, "sanne")
    for path in ("/items", "/items/new", "/blueprints", "/competences", "/statistics", "/accommodations", "/import"):
        assert sanne.get(path).status_code == 403, path
    assert sanne.post("/preview", NEW_ITEM).status_code == 403


def test_delivered_item_versions_never_change(tool, platform, course):
    _reg, link = course
    with Browser() as learner:
        launch(learner, platform, link["id"], "eva")
    with tool.svc.db.session() as db:
        attempt = db.scalars(select(Attempt)).one()
        used = db.get(ItemVersion, attempt.layout[0]["item_version_id"])
        assert used.first_used_at is not None
        key, before = used.item_key, dict(used.content)
    from tests.e2e.test_authoring_forms import form_for

    linda = as_user(platform, link, "linda")
    form = form_for(before)
    form["rationale_en"] = "A changed rationale."
    assert linda.post(f"/items/{key}/edit", form).status_code == 303
    with tool.svc.db.session() as db:
        rows = list(db.scalars(select(ItemVersion).where(ItemVersion.item_key == key).order_by(ItemVersion.version)))
    assert rows[0].content == before and rows[0].status == "approved"
    assert rows[-1].version == 2 and rows[-1].status == "draft"
    assert rows[-1].content["rationale"]["en"] == "A changed rationale."


def test_blueprint_edit_check_and_approval(tool, platform, course):
    _reg, link = course
    linda = as_user(platform, link, "linda")
    page = linda.get("/blueprints/basic/edit")
    assert page.status_code == 200
    form = {"key": "basic", "level": "basic", "title_nl": "AI-diploma – Basis", "title_en": "AI diploma – Basic",
            "pass_mark": "75", "time_limit_minutes": "30", "max_attempts": "3", "retake_wait_days": "1",
            "shuffle_items": "on", "shuffle_options": "on", "language_nl": "on", "language_en": "on",
            "count_safe-everyday-use": "3", "count_data-confidentiality-prompts": "4",
            "count_personal-data-privacy": "3", "count_checking-output-sources": "3",
            "count_bias-misleading-use": "2", "count_transparency": "2", "count_ai-tool-policy": "3"}
    too_many = linda.post("/blueprints/basic/edit", {**form, "count_transparency": "40"})
    assert too_many.status_code == 400 and "transparency" in too_many.text
    assert linda.post("/blueprints/basic/edit", form).status_code == 303
    with tool.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.status == "draft")).one()
    assert linda.post(f"/blueprints/versions/{draft.id}/approve").status_code == 403
    approve = f"/blueprints/versions/{draft.id}/approve"
    listed = linda.get("/blueprints").text  # the maker is not offered what the four-eyes rule refuses
    assert approve not in listed and "You made this version: someone else approves it." in listed
    kees = as_user(platform, link, "kees")
    assert approve in kees.get("/blueprints").text
    assert kees.post(f"/blueprints/versions/{draft.id}/approve").status_code == 303
    with Browser() as learner:
        launch(learner, platform, link["id"], "joost")
    with tool.svc.db.session() as db:
        attempt = db.scalars(select(Attempt)).one()
    assert attempt.blueprint_version == "basic@2"


def test_accommodation_gives_extra_time(tool, platform, course):
    _reg, link = course
    with Browser() as first:
        launch(first, platform, link["id"], "mohammed")  # known to the tool
    linda = as_user(platform, link, "linda")
    assert linda.post("/accommodations", {"person": "vg-1001", "extra_minutes": "15"}).status_code == 400
    assert linda.post("/accommodations", {"person": "nobody", "extra_minutes": "15"}).status_code == 400
    saved = linda.post("/accommodations", {"person": "Mohammed El Amrani", "extra_minutes": "15", "note": "dyslexie"})
    assert saved.status_code == 303
    assert linda.post("/accommodations", {"person": "vg-1002", "extra_minutes": "999"}).status_code == 400
    negative = linda.post("/accommodations", {"person": "Mohammed El Amrani", "extra_minutes": "-15",
                                              "note": "na overleg met de bedrijfsarts"})
    assert negative.status_code == 400  # the form again, with what was typed and the problem at its field
    assert 'value="Mohammed El Amrani"' in negative.text and 'value="na overleg met de bedrijfsarts"' in negative.text
    assert 'id="extra_minutes-error"' in negative.text and "between 0 and 240" in negative.text
    assert 'aria-invalid="true" aria-describedby="extra_minutes-error"' in negative.text
    with tool.svc.db.transaction() as db:  # the open attempt was started before the accommodation
        for attempt in db.scalars(select(Attempt)):
            attempt.status, attempt.submitted_at, attempt.passed = "submitted", attempt.started_at, False
            attempt.submitted_at = attempt.started_at.replace(year=attempt.started_at.year - 1)
    with Browser() as again:
        page = launch(again, platform, link["id"], "mohammed")
    assert "/q/" in str(page.url)
    with tool.svc.db.session() as db:
        newest = db.scalars(select(Attempt).order_by(Attempt.started_at.desc())).first()
    assert newest.extra_minutes == 15


def test_competence_model_edit_makes_a_version(tool, platform, course):
    _reg, link = course
    linda = as_user(platform, link, "linda")
    page = linda.get("/competences")
    assert page.status_code == 200 and "ai-governance-design" in page.text
    from tests.e2e.test_authoring_forms import model_form

    form = model_form(tool)
    form["c0_name_en"] = "Safe everyday use of AI assistants"
    assert linda.post("/competences", form).status_code == 303
    with tool.svc.db.session() as db:
        model = tool.svc.catalogue.model(db)
    assert model.version == "2"
    assert model.competences["safe-everyday-use"].name["en"] == "Safe everyday use of AI assistants"
    broken = dict(form, c0_name_nl="")
    assert linda.post("/competences", broken).status_code == 400


def test_statistics_page_flags_and_numbers(tool, platform, course):
    _reg, link = course
    linda = as_user(platform, link, "linda")
    page = linda.get("/statistics")
    assert page.status_code == 200


def test_export_then_import_with_preview_and_confirmation(tool, platform, course):
    _reg, link = course
    linda = as_user(platform, link, "linda")
    for fmt, marker in (("qti3", b"PK"), ("gift", b"::"), ("xlsx", b"PK")):
        exported = linda.get("/export", format=fmt)
        starts = exported.content.startswith(marker) or marker in exported.content[:4000]
        assert exported.status_code == 200 and starts
        assert "attachment" in exported.headers["content-disposition"]
    exported = linda.get("/export", format="csv")
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"  # one charset, as given
    csv_text = exported.content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    header, first = lines[0], next(line for line in lines if line.startswith("basic-") and ",basic," in line)
    changed = first.replace("basic-", "basic-imported-", 1)
    upload = "\n".join([header, changed]) + "\n"

    broken = "\n".join([header, changed.replace(",basic,", ",master,", 1)]) + "\n"
    refused = linda.post("/import", {"format": "auto"}, files={"file": ("items.csv", broken.encode(), "text/csv")})
    assert refused.status_code == 400
    assert "items.csv line 2" in refused.text and "Nothing was imported" in refused.text

    preview = linda.post("/import", {"format": "auto"}, files={"file": ("items.csv", upload.encode(), "text/csv")})
    assert preview.status_code == 200 and "1 new" in preview.text
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    with tool.svc.db.session() as db:
        before = len(list(db.scalars(select(ItemVersion))))
    confirmed = linda.post("/import/confirm", {"token": token})
    assert confirmed.status_code == 303
    again = linda.post("/import/confirm", {"token": token})
    assert again.status_code == 409  # a preview is imported once
    with tool.svc.db.session() as db:
        rows = list(db.scalars(select(ItemVersion)))
    assert len(rows) == before + 1
    imported = next(r for r in rows if r.item_key.startswith("basic-imported-"))
    assert imported.status == "draft" and imported.author_person_id is not None

    garbage = linda.post("/import", {"format": "auto"}, files={"file": ("x.pdf", b"%PDF-1.4", "application/pdf")})
    assert garbage.status_code == 400


def test_function_group_variant_is_used_for_that_group(tool, platform, course):
    _reg, link = course
    linda = as_user(platform, link, "linda")
    form = {"key": "basic-klantcontact", "level": "basic", "function_group": "teamleider",
            "title_nl": "AI-diploma – Basis voor teamleiders", "title_en": "AI diploma – Basic for team leads",
            "pass_mark": "70", "time_limit_minutes": "30", "language_nl": "on", "language_en": "on",
            "count_data-confidentiality-prompts": "5", "count_personal-data-privacy": "5",
            "count_transparency": "5", "count_ai-tool-policy": "5"}
    assert linda.post("/blueprints/new/edit", form).status_code == 303
    with tool.svc.db.session() as db:
        draft = db.scalars(select(BlueprintVersion).where(BlueprintVersion.key == "basic-klantcontact")).one()
    assert as_user(platform, link, "kees").post(f"/blueprints/versions/{draft.id}/approve").status_code == 303
    with Browser() as lead, Browser() as employee:
        launch(lead, platform, link["id"], "mohammed")     # teamleider
        launch(employee, platform, link["id"], "sanne")    # medewerker
    with tool.svc.db.session() as db:
        exams = {a.person.subject: a.exam_key for a in db.scalars(select(Attempt))}
    assert exams == {"vg-1002": "basic-klantcontact", "vg-1001": "basic"}
