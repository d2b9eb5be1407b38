"""Each item type carries its own exchange codec: the formats find everything type-specific there."""

from pathlib import Path

import pytest
from lxml import etree

from assessments.bank import load_seed_bank
from assessments.io import gift, qti, tabular
from assessments.io.qti_item import INTERACTIONS, parse_item
from assessments.io.qti_manifest import ManifestMeta
from assessments.io.records import TYPES, check_record
from assessments.item_types.registry import ITEM_TYPES

ROOT = Path(__file__).resolve().parents[2]
BANK = load_seed_bank(ROOT / "config")
ONE_OF_EACH = {item["type"]: item for item in reversed(BANK.items)}


def test_every_registered_type_is_a_known_import_type_with_a_codec() -> None:
    # the order import messages list the types in ("use one of: …")
    assert TYPES == ("single_choice", "multiple_response", "true_false", "ordering", "matching", "numeric",
                     "short_text")
    assert set(ONE_OF_EACH) == set(ITEM_TYPES)
    for registered in ITEM_TYPES.values():
        assert registered.codec.label and registered.codec.qti_interaction in INTERACTIONS


@pytest.mark.parametrize("kind", sorted(ITEM_TYPES))
def test_the_type_claims_the_qti_item_it_writes_and_reads_it_back(kind: str) -> None:
    record = ONE_OF_EACH[kind]
    meta = ManifestMeta()
    item, errors = parse_item(etree.fromstring(qti.item_xml(record, "nl")), "x.xml line 1", "x.xml", meta)
    assert errors == [] and item is not None
    assert item.type == kind  # detected from the interaction alone (no metadata)
    assert item.data["stem"] == qti.normalise_html(record["stem"]["nl"])
    for name in ITEM_TYPES[kind].codec.fields:
        if name in record and name != "unit":
            assert name in item.data


def test_gift_skips_exactly_the_types_without_a_gift_form() -> None:
    text = gift.export_gift(ONE_OF_EACH.values())
    skipped = {k for k, r in ONE_OF_EACH.items() if f"SKIPPED {k} question '{r['key']}'" in text}
    assert skipped == {k for k, t in ITEM_TYPES.items() if not t.codec.gift_form} == {"ordering"}


def test_type_fields_come_from_the_codec_in_a_csv_row() -> None:
    row = tabular.record_to_row(ONE_OF_EACH["numeric"])
    row.update(answer="", tolerance="")
    problems: list[str] = []
    tabular.row_to_record(row, problems)
    assert problems == ["the cell 'answer' is empty; a numeric question needs it",
                        "the cell 'tolerance' is empty; a numeric question needs it"]


def test_import_checks_of_the_type_fields_keep_their_order() -> None:
    record = dict(ONE_OF_EACH["true_false"])
    record["options"] = [{"key": "yes", "text": {"nl": "Ja", "en": "Yes"}, "correct": True},
                         {"key": "no", "text": {"nl": "Nee", "en": "No"}, "correct": True}]
    label = f"question '{record['key']}'"
    assert check_record(record, BANK.model) == [f"{label}: needs exactly one correct option, has 2",
                                                f"{label}: needs exactly the options 'true' and 'false'"]
    record["options"][1]["correct"] = False
    record["options"][1]["key"] = "false"
    record["options"][0]["key"] = "true"
    assert check_record(record, BANK.model) == []


def test_the_type_own_check_runs_after_the_import_checks_pass() -> None:
    record = dict(ONE_OF_EACH["matching"])
    first = dict(record["pairs"][0])
    record["pairs"] = [first, {**first, "key": "other"}]  # two identical right-hand texts
    assert check_record(record, BANK.model) == [
        f"question '{record['key']}': this matching question two right-hand texts are the same in nl",
        f"question '{record['key']}': this matching question two right-hand texts are the same in en",
    ]
