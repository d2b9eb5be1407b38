"""Checks on the seed item bank, competence model, policy register and cases in config/."""
from collections import Counter
from pathlib import Path

import pytest
import yaml

CONFIG = Path(__file__).resolve().parents[2] / "config"
LANGS = ("nl", "en")
LEVELS = ("basic", "advanced", "expert")
CHOICE_TYPES = {"single_choice", "multiple_response", "true_false", "ordering"}
ALL_TYPES = CHOICE_TYPES | {"matching", "numeric", "short_text"}
EXPECTED_COMPETENCES = {
    "safe-everyday-use": ["basic", "advanced", "expert"],
    "data-confidentiality-prompts": ["basic", "advanced", "expert"],
    "personal-data-privacy": ["basic", "advanced", "expert"],
    "checking-output-sources": ["basic", "advanced", "expert"],
    "bias-misleading-use": ["basic", "advanced", "expert"],
    "transparency": ["basic", "advanced", "expert"],
    "ai-tool-policy": ["basic", "advanced", "expert"],
    "ai-in-processes": ["advanced", "expert"],
    "risk-recognition": ["advanced", "expert"],
    "ai-governance-design": ["expert"],
}
MIN_PER_LEVEL = {"basic": 5, "advanced": 3, "expert": 2}
POLICY_AREAS = {"information-security", "privacy", "code-of-conduct", "ai-tool-policy"}


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def competences():
    return _load(CONFIG / "competences.yaml")


@pytest.fixture(scope="module")
def policies():
    return _load(CONFIG / "policies.yaml")


@pytest.fixture(scope="module")
def cases():
    return _load(CONFIG / "cases.yaml")


@pytest.fixture(scope="module")
def item_files():
    files = sorted((CONFIG / "items").glob("*.yaml"))
    return {f.stem: _load(f) for f in files}


@pytest.fixture(scope="module")
def items(item_files):
    out = []
    for stem, data in item_files.items():
        assert isinstance(data, list), f"{stem}.yaml must hold a YAML list"
        for item in data:
            out.append(item)
    return out


def _assert_bilingual(value, where):
    assert isinstance(value, dict), f"{where}: expected a {{nl, en}} mapping, got {value!r}"
    for lang in LANGS:
        text = value.get(lang)
        assert isinstance(text, str) and text.strip(), f"{where}: empty or missing '{lang}'"


def _clause_keys(policies):
    return {c["key"] for p in policies["policies"] for c in p["clauses"]}


# --- competence model ---------------------------------------------------------


def test_levels_are_ranked(competences):
    levels = competences["levels"]
    assert [lv["key"] for lv in levels] == list(LEVELS)
    assert [lv["rank"] for lv in levels] == [1, 2, 3]
    assert levels[1]["name"]["nl"] == "Gevorderd"
    for lv in levels:
        _assert_bilingual(lv["name"], f"level {lv['key']} name")
        _assert_bilingual(lv["description"], f"level {lv['key']} description")


def test_competences_match_model(competences):
    comps = {c["key"]: c for c in competences["competences"]}
    assert len(comps) == len(competences["competences"]), "duplicate competence key"
    assert set(comps) == set(EXPECTED_COMPETENCES)
    for key, comp in comps.items():
        assert comp["levels"] == EXPECTED_COMPETENCES[key], key
        assert comp["policy_area"] in POLICY_AREAS, key
        _assert_bilingual(comp["name"], f"competence {key} name")
        _assert_bilingual(comp["description"], f"competence {key} description")


# --- policies and cases -----------------------------------------------------------


def test_policy_register(policies):
    by_key = {p["key"]: p for p in policies["policies"]}
    assert set(by_key) == {"INFOSEC", "PRIVACY", "CONDUCT", "AITOOLS"}
    keys = [c["key"] for p in policies["policies"] for c in p["clauses"]]
    assert len(keys) == len(set(keys)), "duplicate clause key"
    for key, policy in by_key.items():
        _assert_bilingual(policy["title"], f"policy {key} title")
        assert isinstance(policy["version"], str) and policy["version"]
        assert 4 <= len(policy["clauses"]) <= 6, key
        for clause in policy["clauses"]:
            assert clause["key"].startswith(key + "-"), clause["key"]
            _assert_bilingual(clause["title"], f"clause {clause['key']} title")
            _assert_bilingual(clause["text"], f"clause {clause['key']} text")


def test_cases(cases):
    assert len(cases) >= 4
    keys = [c["key"] for c in cases]
    assert len(keys) == len(set(keys))
    for case in cases:
        assert case["key"].startswith("case-")
        _assert_bilingual(case["title"], f"{case['key']} title")
        _assert_bilingual(case["text"], f"{case['key']} text")
        for lang in LANGS:
            words = len(case["text"][lang].split())
            assert 80 <= words <= 200, f"{case['key']} {lang}: {words} words"


# --- item bank: totals and coverage --------------------------------------------------


def test_one_file_per_competence(item_files, items):
    assert set(item_files) == set(EXPECTED_COMPETENCES)
    for stem, data in item_files.items():
        for item in data:
            assert item["competence"] == stem, f"{item['key']} is in {stem}.yaml"


def test_bank_size(items):
    assert len(items) >= 150
    per_level = Counter(i["level"] for i in items)
    assert per_level["basic"] >= 65
    assert per_level["advanced"] >= 40
    assert per_level["expert"] >= 30


def test_unique_item_keys(items):
    counts = Counter(i["key"] for i in items)
    dupes = [k for k, n in counts.items() if n > 1]
    assert not dupes, f"duplicate item keys: {dupes}"


def test_key_prefix_matches_level(items):
    for item in items:
        assert item["key"].startswith(item["level"] + "-"), item["key"]


def test_every_competence_covered_at_every_level(items):
    counts = Counter((i["competence"], i["level"]) for i in items)
    for comp, levels in EXPECTED_COMPETENCES.items():
        for level in levels:
            assert counts[(comp, level)] >= MIN_PER_LEVEL[level], f"{comp}/{level}: {counts[(comp, level)]}"


def test_item_level_allowed_for_competence(items):
    for item in items:
        assert item["competence"] in EXPECTED_COMPETENCES, item["key"]
        assert item["level"] in EXPECTED_COMPETENCES[item["competence"]], item["key"]


def test_basic_choice_items(items):
    basic = [i for i in items if i["level"] == "basic"]
    choice = [i for i in basic if i["type"] in ("single_choice", "multiple_response")]
    single = [i for i in basic if i["type"] == "single_choice"]
    assert len(choice) >= 20
    assert len(single) / len(basic) >= 0.6


def test_type_mix(items):
    types = Counter(i["type"] for i in items)
    assert set(types) <= ALL_TYPES
    total = len(items)
    assert 0.12 <= types["multiple_response"] / total <= 0.3, types
    assert 0.06 <= types["true_false"] / total <= 0.15, types
    assert types["ordering"] >= 6
    assert types["matching"] >= 5
    assert types["numeric"] >= 3
    assert types["short_text"] >= 3


# --- item bank: per item rules --------------------------------------------------------


def _items_by_type(items, type_):
    return [i for i in items if i["type"] == type_]


def test_common_fields(items):
    for item in items:
        k = item["key"]
        assert item["type"] in ALL_TYPES, k
        assert isinstance(item["high_risk"], bool), k
        assert isinstance(item["author"], str) and item["author"].strip(), k
        assert isinstance(item.get("policy_refs", []), list), k
        _assert_bilingual(item["stem"], f"{k} stem")
        _assert_bilingual(item["rationale"], f"{k} rationale")


def test_choice_options_have_text_and_feedback(items):
    for item in items:
        if item["type"] not in CHOICE_TYPES:
            assert "options" not in item, f"{item['key']}: options on a {item['type']} item"
            continue
        opts = item["options"]
        keys = [o["key"] for o in opts]
        assert len(keys) == len(set(keys)), f"{item['key']}: duplicate option keys"
        texts = [o["text"]["en"].strip().lower() for o in opts]
        assert len(texts) == len(set(texts)), f"{item['key']}: duplicate option texts"
        for o in opts:
            _assert_bilingual(o["text"], f"{item['key']} option {o['key']} text")
            _assert_bilingual(o["feedback"], f"{item['key']} option {o['key']} feedback")
            assert "all of the above" not in o["text"]["en"].lower(), item["key"]
            assert "alle bovenstaande" not in o["text"]["nl"].lower(), item["key"]


def test_single_choice(items):
    for item in _items_by_type(items, "single_choice"):
        opts = item["options"]
        assert 3 <= len(opts) <= 5, item["key"]
        assert all(isinstance(o.get("correct"), bool) for o in opts), item["key"]
        assert sum(o["correct"] for o in opts) == 1, item["key"]


def test_multiple_response(items):
    for item in _items_by_type(items, "multiple_response"):
        opts = item["options"]
        assert 4 <= len(opts) <= 6, item["key"]
        assert all(isinstance(o.get("correct"), bool) for o in opts), item["key"]
        n_correct = sum(o["correct"] for o in opts)
        assert n_correct >= 1, item["key"]  # 1 to k-1 correct, as the item type allows (issue 13)
        assert len(opts) - n_correct >= 1, item["key"]


def test_true_false(items):
    for item in _items_by_type(items, "true_false"):
        opts = item["options"]
        assert [o["key"] for o in opts] == ["true", "false"], item["key"]
        assert opts[0]["text"] == {"nl": "Waar", "en": "True"}, item["key"]
        assert opts[1]["text"] == {"nl": "Onwaar", "en": "False"}, item["key"]
        assert sum(bool(o["correct"]) for o in opts) == 1, item["key"]


def test_ordering(items):
    for item in _items_by_type(items, "ordering"):
        opts = item["options"]
        assert 3 <= len(opts) <= 5, item["key"]
        assert all("correct" not in o for o in opts), item["key"]


def test_matching(items):
    for item in _items_by_type(items, "matching"):
        pairs = item["pairs"]
        assert 3 <= len(pairs) <= 5, item["key"]
        keys = [p["key"] for p in pairs]
        assert len(keys) == len(set(keys)), item["key"]
        for p in pairs:
            _assert_bilingual(p["left"], f"{item['key']} pair {p['key']} left")
            _assert_bilingual(p["right"], f"{item['key']} pair {p['key']} right")
        rights = [p["right"]["en"].strip().lower() for p in pairs]
        assert len(rights) == len(set(rights)), f"{item['key']}: ambiguous right-hand sides"


def test_numeric(items):
    for item in _items_by_type(items, "numeric"):
        assert isinstance(item["answer"], (int, float)) and not isinstance(item["answer"], bool), item["key"]
        assert isinstance(item["tolerance"], (int, float)) and item["tolerance"] >= 0, item["key"]
        if "unit" in item:
            _assert_bilingual(item["unit"], f"{item['key']} unit")


def test_short_text(items):
    for item in _items_by_type(items, "short_text"):
        accepted = item["accepted"]
        for lang in LANGS:
            answers = accepted[lang]
            assert isinstance(answers, list) and answers, f"{item['key']}: no accepted '{lang}' answers"
            assert all(isinstance(a, str) and a.strip() for a in answers), item["key"]
            lowered = [a.strip().lower() for a in answers]
            assert len(lowered) == len(set(lowered)), f"{item['key']}: duplicate accepted answers"


# --- references ------------------------------------------------------------------------


def test_policy_refs_exist(items, policies):
    clauses = _clause_keys(policies)
    for item in items:
        for ref in item.get("policy_refs", []):
            assert ref in clauses, f"{item['key']}: unknown clause {ref}"


def test_most_items_reference_policy(items):
    with_refs = [i for i in items if i.get("policy_refs")]
    assert len(with_refs) / len(items) >= 0.7


def test_case_refs_exist(items, cases):
    case_keys = {c["key"] for c in cases}
    for item in items:
        if "case" in item:
            assert item["case"] in case_keys, f"{item['key']}: unknown case {item['case']}"
            assert item["level"] in ("advanced", "expert"), item["key"]


def test_every_case_used_by_two_to_four_items(items, cases):
    uses = Counter(i["case"] for i in items if "case" in i)
    for case in cases:
        assert 2 <= uses[case["key"]] <= 4, f"{case['key']}: used by {uses[case['key']]} items"


def test_high_risk_items_are_advanced_or_expert(items):
    high = [i for i in items if i["high_risk"]]
    assert high, "expected some high-risk items"
    for item in high:
        assert item["level"] in ("advanced", "expert"), item["key"]


def test_correct_answer_position_is_spread(items):
    positions = Counter(
        next(o["key"] for o in i["options"] if o["correct"])
        for i in _items_by_type(items, "single_choice")
    )
    total = sum(positions.values())
    assert max(positions.values()) / total <= 0.4, positions


def test_choose_two_stems_have_two_correct(items):
    for item in _items_by_type(items, "multiple_response"):
        n_correct = sum(o["correct"] for o in item["options"])
        if "choose two" in item["stem"]["en"].lower():
            assert n_correct == 2, item["key"]
            assert "kies er twee" in item["stem"]["nl"].lower(), item["key"]
        else:
            assert "select all that apply" in item["stem"]["en"].lower(), item["key"]


def test_sanitising_changes_no_seed_text():
    """Item texts are HTML: a literal ``<PLACEHOLDER>`` would vanish from the page. Every text survives nh3."""
    import html

    from lti_tool.html import sanitise

    def texts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("nl", "en") and isinstance(value, str):
                    yield value
                else:
                    yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)

    from assessments.bank import load_seed_bank

    bank = load_seed_bank(Path("config"))
    changed = [(r["key"], t) for r in bank.items for t in texts(r) if html.unescape(sanitise(t)) != html.unescape(t)]
    assert changed == []
