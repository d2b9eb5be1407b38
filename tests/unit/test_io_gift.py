"""GIFT (Moodle) export/import: round trip of the seed bank and broken files with line numbers."""

from pathlib import Path

import pytest

from assessments.bank import load_seed_bank
from assessments.io.gift import escape, export_gift, import_gift, split_multilang, unescape

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "tests" / "assets" / "io"
META = ('// @meta {"competence": "safe-everyday-use", "level": "basic", "type": "%s", "high_risk": false, '
        '"author": "L&D", "policy_refs": []}')


def _ml(nl: str, en: str) -> str:
    return escape(f'<span lang="nl" class="multilang">{nl}</span><span lang="en" class="multilang">{en}</span>')


@pytest.fixture(scope="module")
def bank():
    return load_seed_bank(ROOT / "config")


def test_round_trip_of_every_type_gift_can_carry(bank):
    text = export_gift(bank.items)
    res = import_gift(text, bank.model)
    assert res.errors == []
    expected = [i for i in bank.items if i["type"] != "ordering"]
    assert len(res.records) == len(expected) == 145
    by_key = {r["key"]: r for r in res.records}
    for item in expected:
        assert by_key[item["key"]] == item


def test_ordering_is_skipped_with_a_note(bank):
    ordering = [i for i in bank.items if i["type"] == "ordering"]
    text = export_gift(ordering)
    for item in ordering:
        assert f"// SKIPPED ordering question '{item['key']}': GIFT has no ordering question type" in text
    assert "::" not in text


def test_gift_syntax_of_exported_types(bank):
    text = export_gift(bank.items)
    assert "{\nTRUE#" in text and "{\nFALSE#" in text
    assert "~%50%" in text and "~%-50%" in text
    assert " -> " in text
    assert "{\n#2025:0\n" in text
    assert '<span lang\\="nl" class\\="multilang">' in text


def test_escaping_round_trips_special_characters():
    nasty = "a ~ b = c # d { e } f : g \\ h\nnext"
    assert unescape(escape(nasty)) == nasty
    assert split_multilang('<span lang="nl" class="multilang">x &lt;y&gt; <span>z</span></span>'
                           '<span lang="en" class="multilang">w</span>') == {
        "nl": "x &lt;y&gt; <span>z</span>", "en": "w"}
    assert split_multilang('<span lang="nl" class="multilang">a &lt;b&gt;</span>') == {"nl": "a <b>"}


def test_plain_moodle_gift_with_defaults(bank):
    text = ("::q1::Is dit veilig?{TRUE#Nee#Ja####Toelichting}\n\n"
            "::q2::Kies de juiste tool {=VG-Assistent#Goed ~Openbare chatbot#Fout ####Uitleg}\n")
    defaults = {"competence": "safe-everyday-use", "level": "basic", "author": "Moodle"}
    res = import_gift(text, bank.model, defaults=defaults, fill_missing_language=True)
    assert res.errors == []
    q1, q2 = res.records
    assert q1["type"] == "true_false" and q1["options"][0]["correct"] is True
    assert q1["options"][0]["feedback"] == {"nl": "Ja", "en": "Ja"}
    assert q2["type"] == "single_choice"
    assert [o["text"]["nl"] for o in q2["options"]] == ["VG-Assistent", "Openbare chatbot"]


# --- broken files ----------------------------------------------------------------------------------------------


def test_unclosed_brace(bank):
    res = import_gift((ASSETS / "broken" / "unclosed_brace.gift").read_text(encoding="utf-8"), bank.model)
    assert res.records == []
    assert [str(e) for e in res.errors] == [
        "question 2 (line 6): the answer part opened with '{' on line 6 is never closed with '}'; add the closing "
        "brace (or write a literal brace as \\{)"]


def test_unknown_answer_syntax(bank):
    text = "\n".join([META % "single_choice", f"::basic-x::{_ml('Vraag', 'Question')}{{",
                      "* VG-Assistent", "* Openbare chatbot", "}"])
    res = import_gift(text, bank.model)
    assert res.records == []
    assert [str(e) for e in res.errors] == [
        "question 1 (line 2): the answers '* VG-Assistent\n* Openbare chatbot' are not GIFT answers: each answer "
        "starts with '=' (right) or '~' (wrong), or use {TRUE}/{FALSE} or {#number:tolerance}"]


def test_missing_english_text(bank):
    only_dutch = escape('<span lang="nl" class="multilang">Waar?</span>')
    text = "\n".join([META % "true_false", f"::basic-x::{only_dutch}{{TRUE####{_ml('Uitleg', 'Explanation')}}}"])
    res = import_gift(text, bank.model)
    assert res.records == []
    assert [str(e) for e in res.errors] == [
        "question 1 (line 2): question 'basic-x' has no English question text (stem)"]


def test_single_choice_with_two_right_answers(bank):
    text = "\n\n".join([
        "\n".join([META % "true_false", f"::basic-ok::{_ml('Waar?', 'True?')}{{T####{_ml('U', 'E')}}}"]),
        "\n".join([META % "single_choice", f"::basic-two::{_ml('Vraag', 'Question')}{{",
                   f"={_ml('A', 'A')}", f"={_ml('B', 'B')}", f"~{_ml('C', 'C')}", f"####{_ml('U', 'E')}", "}"]),
    ])
    res = import_gift(text, bank.model)
    assert res.records == []
    assert [str(e) for e in res.errors] == [
        "question 2 (line 5): question 'basic-two': needs exactly one correct option, has 2"]
