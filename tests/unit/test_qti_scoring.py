"""The QTI export's scoring pieces without a player: the rule in the manifest, the short-text patterns
(as Cito's player runs them: JavaScript-style, so read with Python's ``re.search``) and the pieces each
item type writes."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from assessments.bank import load_seed_bank
from assessments.io.qti import AID_NS, export_qti3
from assessments.io.qti_scoring import answer_pattern, scoring_rule
from assessments.item_types.short_text import normalise

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bank():
    return load_seed_bank(ROOT / "config")


def test_every_item_resource_in_the_manifest_states_its_scoring_rule(bank):
    archive = zipfile.ZipFile(io.BytesIO(export_qti3(bank.items, bank.cases)))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    rules = {el.getparent().findtext(f"{{{AID_NS}}}type"): el.text for el in manifest.iter(f"{{{AID_NS}}}scoring-rule")}
    assert len(list(manifest.iter(f"{{{AID_NS}}}scoring-rule"))) == 2 * len(bank.items)
    assert "Kendall tau" in rules["ordering"]
    assert "share of the pairs" in rules["matching"]
    assert "both languages" in rules["short_text"]
    assert "comma" in rules["numeric"]


def test_all_or_nothing_items_say_so():
    assert scoring_rule({"type": "ordering", "scoring": "all_or_nothing"}).startswith("all_or_nothing")
    assert scoring_rule({"type": "matching"}).startswith("partial")


@pytest.mark.parametrize("answer", ["human oversight", "Verwerkersovereenkomst (art. 28)", "dpa", "a+b? [c]"])
@pytest.mark.parametrize("typed", ["{}", "  {}  ", "{upper}", "{spaced}", "x{}", "{}x", ""])
def test_the_short_text_pattern_accepts_what_the_tool_accepts(answer, typed):
    text = typed.format(answer, upper=answer.upper(), spaced="\t" + "   ".join(answer.split()) + " ")
    tool = normalise(text) == normalise(answer)
    assert bool(re.search(answer_pattern(answer), text)) is tool


def test_ordering_and_matching_write_partial_credit_and_short_text_both_languages(bank):
    items = {r["type"]: r for r in bank.items}
    archive = zipfile.ZipFile(io.BytesIO(export_qti3(list(items.values()), bank.cases)))
    ordering = archive.read(f"items/{items['ordering']['key']}/nl.xml").decode()
    assert "qti-index" in ordering and "PAIRS_C" in ordering
    matching = archive.read(f"items/{items['matching']['key']}/en.xml").decode()
    assert "qti-divide" in matching and "match_correct" not in matching
    short = archive.read(f"items/{items['short_text']['key']}/en.xml").decode()
    for answer in items["short_text"]["accepted"]["nl"]:
        assert f'base-type="string">{answer}<' in short
