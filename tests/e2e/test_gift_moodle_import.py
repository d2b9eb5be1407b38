"""Issue 15 over real HTTP: a plain Moodle GIFT export (Dutch only, no metadata) is previewed with what was
assumed per question, imported as drafts, and a draft still lacking its English text cannot be sent for
review until it is translated."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from lti_tool.db.models import ItemVersion
from tests.e2e.test_authoring import as_user, course, version  # noqa: F401 (fixture)

MOODLE = Path(__file__).resolve().parents[1] / "assets" / "moodle_plain_nl_crlf_bom.gift"
KEYS = ["welke-tool-voor-klantbrieven", "wachtwoord-delen", "afkorting-privacywet", "bewaartermijn-chatgeschiedenis",
        "begrippen-koppelen", "persoonsgegevens-herkennen"]


def test_a_moodle_export_is_previewed_with_its_assumptions_and_imported_as_drafts(tool, platform, course):  # noqa: F811
    _reg, link = course
    linda = as_user(platform, link, "linda")
    form = linda.get("/import")
    assert form.status_code == 200 and "Plain Moodle GIFT" in form.text and 'name="competence"' in form.text

    upload = {"file": ("vragen.gift", MOODLE.read_bytes(), "text/plain")}
    preview = linda.post("/import", {"format": "auto", "language": "nl", "competence": "personal-data-privacy",
                                     "level": "basic"}, files=upload)
    assert preview.status_code == 200, preview.text
    assert "6 questions in the file: 6 new" in preview.text
    for key in KEYS:
        assert key in preview.text
    assert "made from the question name" in preview.text and "as chosen for the whole file" in preview.text
    assert "the English translation is still to be written" in preview.text
    assert "EN: The question text is missing in this language" in preview.text

    broken = MOODLE.read_bytes().replace(b"=%100%30:0#", b"=%100%dertig#")
    refused = linda.post("/import", {"format": "gift", "competence": "personal-data-privacy", "level": "basic"},
                         files={"file": ("vragen.gift", broken, "text/plain")})
    assert refused.status_code == 400 and "Nothing was imported" in refused.text
    assert "question 4 (line 24)" in refused.text

    token = preview.text.split('name="token" value="')[1].split('"')[0]
    assert linda.post("/import/confirm", {"token": token}).status_code == 303
    with tool.svc.db.session() as db:
        rows = {r.item_key: r for r in db.scalars(select(ItemVersion).where(ItemVersion.item_key.in_(KEYS)))}
    assert sorted(rows) == sorted(KEYS)
    assert {r.status for r in rows.values()} == {"draft"}
    assert rows["wachtwoord-delen"].content["stem"]["en"] == ""
    assert rows["bewaartermijn-chatgeschiedenis"].content["answer"] == 30

    draft = version(tool, "wachtwoord-delen", 1)
    refused_review = linda.post(f"/items/wachtwoord-delen/versions/{draft.id}/submit")
    assert refused_review.status_code == 400
    assert version(tool, "wachtwoord-delen", 1).status == "draft"

    dutch = as_user(platform, link, "linda", "nl")
    form_nl = dutch.get("/import")
    assert "Moodle-GIFT zonder metadata" in form_nl.text and "Taal van de teksten" in form_nl.text
    page = dutch.get("/items/wachtwoord-delen")
    assert page.status_code == 200 and "ontbreekt in deze taal" in page.text
