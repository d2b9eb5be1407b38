"""Item-writing findings and the answer key over real HTTP: an author sees the cues of an item in the
editor and on the item page (NL and EN), a problem blocks sending it for review but not saving it, and a
reviewer sees which option is correct with its feedback."""

from __future__ import annotations

from tests.e2e.test_authoring import NEW_ITEM, as_user, course, grant, version  # noqa: F401 (fixture)

CUED = {**NEW_ITEM, "key": "basic-cue-001",
        "option_1_nl": "Nee, alleen in de interne VG-Assistent, en pas nadat je de gegevens hebt geanonimiseerd",
        "option_1_en": "No, only in the internal VG-Assistent, and only after you have anonymised the data",
        "option_1_feedback_en": "Right: the internal assistant keeps the data inside.",
        "option_2_feedback_en": "Removing names is not enough."}


def test_an_author_sees_the_cues_and_a_problem_blocks_review(tool, platform, course):  # noqa: F811
    _reg, link = course
    linda = as_user(platform, link, "linda")
    assert linda.post("/items/new", CUED).status_code == 303  # findings never block saving a draft
    editor = linda.get("/items/basic-cue-001/edit")
    assert editor.status_code == 200 and "Item-writing checks" in editor.text
    assert "option a, EN: The correct option is clearly the longest" in editor.text
    assert "option a, NL:" in editor.text
    page = linda.get("/items/basic-cue-001")
    assert "clearly the longest" in page.text and "Answer key" in page.text
    preview = linda.post("/preview", CUED)
    assert preview.status_code == 200 and "clearly the longest" in preview.text

    row = version(tool, "basic-cue-001", 1)
    refused = linda.post(f"/items/basic-cue-001/versions/{row.id}/submit")
    assert refused.status_code == 400 and "cues that give the answer away" in refused.text
    assert version(tool, "basic-cue-001", 1).status == "draft"

    dutch = as_user(platform, link, "linda", "nl")
    editor_nl = dutch.get("/items/basic-cue-001/edit")
    assert "Controle op vraagconstructie" in editor_nl.text and "duidelijk het langste" in editor_nl.text
    assert "antwoord a, NL:" in editor_nl.text
    listing = dutch.get("/items")
    assert "met bevindingen over de vraagconstructie" in listing.text
    assert "Balans van de goedgekeurde vragen per niveau" in listing.text
    assert "met bevindingen" in dutch.get("/items", usage="cues").text


def test_a_reviewer_sees_the_key_feedback_and_rationale(tool, platform, course):  # noqa: F811
    _reg, link = course
    grant(tool, platform, "vg-1004", "ld")  # Priya reviews
    linda = as_user(platform, link, "linda")
    clean = {**NEW_ITEM, "key": "basic-key-001", "option_1_feedback_en": "Right: the internal assistant.",
             "option_2_feedback_en": "Removing names is not enough.", "option_3_feedback_en": "Free is not safe."}
    assert linda.post("/items/new", clean).status_code == 303
    row = version(tool, "basic-key-001", 1)
    assert linda.post(f"/items/basic-key-001/versions/{row.id}/submit").status_code == 303  # no problems: sent
    priya = as_user(platform, link, "priya")
    page = priya.get("/items/basic-key-001")
    assert page.status_code == 200 and "Answer key" in page.text
    key = page.text.split('id="key-title"', 1)[1].split("</section>", 1)[0]
    correct_row = key.split('class="key-correct"', 1)[1].split("</tr>", 1)[0]
    assert "No, only in the internal VG-Assistent" in correct_row and "Right: the internal assistant." in correct_row
    assert key.count('class="key-wrong"') == 2 and "Removing names is not enough." in key
    assert NEW_ITEM["rationale_en"] in key and NEW_ITEM["rationale_nl"] in key


def test_the_key_of_every_item_type_is_shown_to_authors(tool, platform, course):  # noqa: F811
    _reg, link = course
    linda = as_user(platform, link, "linda")
    numeric = linda.get("/items/expert-governance-004")
    assert "Correct answer: 2025, tolerance ± 0" in numeric.text
    short_text = linda.get("/items/expert-governance-003")
    assert "human oversight" in short_text.text.split('id="key-title"', 1)[1]
    matching = linda.get("/items/advanced-process-004").text.split('id="key-title"', 1)[1]
    assert matching.count('class="key-pair"') >= 3 and "Own judgement when using" in matching
