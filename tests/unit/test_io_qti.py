"""QTI 3.0 export/import round trip, structural validation, QTI 2.1 import and broken packages."""

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from assessments.bank import load_seed_bank
from assessments.io.qti import AID_NS, export_qti3, import_qti3, import_qti21, normalise_html
from tests.qti_check import check_qti3

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "tests" / "assets" / "io"


@pytest.fixture(scope="module")
def bank():
    return load_seed_bank(ROOT / "config")


@pytest.fixture(scope="module")
def package(bank):
    bp = bank.blueprints[0]
    test = {"key": bp.key, "title": dict(bp.title), "level": bp.level,
            "items_per_competence": dict(bp.items_per_competence), "time_limit_minutes": bp.time_limit_minutes}
    return export_qti3(bank.items, bank.cases, test=test)


def _zip(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _messages(res):
    return [str(e) for e in res.errors]


def test_round_trip_all_seed_items(bank, package):
    res = import_qti3(package, bank.model, known_cases=bank.cases)
    assert res.errors == []
    assert len(res.records) == len(bank.items) == 152
    by_key = {r["key"]: r for r in res.records}
    for item in bank.items:
        assert by_key[item["key"]] == item
    assert {c["key"]: c for c in res.cases} == {k: dict(v) for k, v in bank.cases.items()}


def test_package_layout_and_metadata(bank, package):
    archive = zipfile.ZipFile(io.BytesIO(package))
    names = set(archive.namelist())
    assert "imsmanifest.xml" in names
    for item in bank.items:
        for lang in ("nl", "en"):
            root = etree.fromstring(archive.read(f"items/{item['key']}/{lang}.xml"))
            assert root.tag == "{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}qti-assessment-item"
            assert root.get("identifier") == f"{item['key']}.{lang}"
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    levels = manifest.findall(f".//{{{AID_NS}}}level")
    assert len(levels) == 2 * len(bank.items)
    assert {"tests/basic/nl.xml", "tests/basic/en.xml"} <= names


def test_every_exported_document_passes_the_structural_check(package):
    archive = zipfile.ZipFile(io.BytesIO(package))
    checked = 0
    for name in archive.namelist():
        if name == "imsmanifest.xml":
            continue
        root = etree.fromstring(archive.read(name))
        assert check_qti3(root) == [], name
        checked += 1
    assert checked == 2 * 152 + 2 * 6 + 2


def test_structural_check_catches_a_wrong_child_order(bank):
    archive = zipfile.ZipFile(io.BytesIO(export_qti3(bank.items[:1], bank.cases)))
    root = etree.fromstring(archive.read(f"items/{bank.items[0]['key']}/nl.xml"))
    root.append(root[0])  # response declaration after the body
    assert any("do not match" in p for p in check_qti3(root))


def test_html_stem_survives_in_normal_form(bank):
    record = dict(bank.items[0])
    record["stem"] = {"nl": '<p>Lees <strong>eerst</strong> de casus &amp; kies.</p><ul><li>a<br>b</li></ul>',
                      "en": 'Read <em class="x">first</em> &lt;API_KEY&gt; then choose.'}
    assert normalise_html(record["stem"]["nl"]) == record["stem"]["nl"]
    res = import_qti3(export_qti3([record], bank.cases), bank.model)
    assert res.errors == []
    assert res.records[0]["stem"] == record["stem"]


def test_plain_text_with_angle_brackets_round_trips(bank):
    import copy

    item = copy.deepcopy(next(i for i in bank.items if i["type"] == "single_choice"))
    item["options"][0]["text"] = {"nl": "Zet <API_KEY> in het script.", "en": "Put <API_KEY> in the script."}
    res = import_qti3(export_qti3([item], bank.cases), bank.model)
    assert res.records == [item]


def _qti21_package() -> bytes:
    return _zip({p.name: p.read_bytes() for p in (ASSETS / "qti21").iterdir()})


def test_qti21_import_of_sample_package(bank):
    defaults = {"competence": "personal-data-privacy", "level": "basic", "author": "Import"}
    res = import_qti21(_qti21_package(), bank.model, defaults=defaults, fill_missing_language=True)
    assert res.errors == []
    by_key = {r["key"]: r for r in res.records}
    choice = by_key["basic-privacy-sample"]
    assert choice["type"] == "single_choice"
    assert choice["author"] == "L&D Academy"  # from the manifest metadata, not the defaults
    assert choice["stem"] == {"nl": "Welk gegeven is een <strong>persoonsgegeven</strong>?",
                              "en": "Which of these is <strong>personal data</strong>?"}
    assert [o["correct"] for o in choice["options"]] == [False, True, False]
    assert choice["options"][1]["feedback"] == {"nl": "Juist.", "en": "Correct."}
    assert choice["rationale"]["en"] == "An e-mail address identifies a person."
    order = by_key["incident-order"]
    assert order["type"] == "ordering"
    assert [o["key"] for o in order["options"]] == ["stop", "report", "record"]
    assert order["stem"]["en"] == "Put the steps after a data leak in the right order."
    match = by_key["class-match"]
    assert [(p["left"]["en"], p["right"]["en"]) for p in match["pairs"]] == [
        ("Press release", "Public"), ("Team planning", "Internal"), ("Salary list", "Confidential")]
    text = by_key["dpia-text"]
    assert text["type"] == "short_text"
    assert text["accepted"]["en"] == ["DPIA", "data protection impact assessment"]
    assert text["stem"]["en"].startswith("Which assessment does the GDPR require")


def test_qti21_without_metadata_reports_each_item(bank):
    res = import_qti21(_qti21_package(), bank.model, fill_missing_language=True)
    assert res.records == []
    messages = _messages(res)
    assert "order.xml line 3: question 'incident-order' has no competence; use one of: safe-everyday-use, " \
           "data-confidentiality-prompts, personal-data-privacy, checking-output-sources, bias-misleading-use, " \
           "transparency, ai-tool-policy, ai-in-processes, risk-recognition, ai-governance-design" in messages
    assert any(m.startswith("match.xml line 3: question 'class-match' has no level") for m in messages)
    assert any(m.startswith("text_entry.xml line 3: question 'dpia-text' has no author") for m in messages)


def test_single_language_item_is_reported_unless_filled(bank):
    res = import_qti21(_qti21_package(), bank.model, defaults={"competence": "personal-data-privacy",
                                                               "level": "basic", "author": "x"})
    assert res.records == []
    assert ("order.xml line 3: question 'incident-order' has no Dutch version (only English was found); add it to "
            "the package, or import with 'fill in missing language' switched on") in _messages(res)


# --- broken packages -------------------------------------------------------------------------------------------


def test_not_a_zip(bank):
    res = import_qti3(b"<qti-assessment-item/>", bank.model, name="upload.zip")
    assert res.records == []
    assert _messages(res) == ["upload.zip: this is not a zip file; export the package again as a .zip"]


def test_zip_with_parent_path(bank, package):
    data = _zip({"imsmanifest.xml": "<manifest/>", "../evil.xml": "<x/>"})
    res = import_qti3(data, bank.model)
    assert res.records == []
    assert _messages(res) == ["package.zip: ../evil.xml: this file path points outside the package (it contains "
                              "'..' or is absolute); the package is refused"]


def test_malformed_xml_reports_line(bank):
    data = _zip({"items/q/en.xml": '<?xml version="1.0"?>\n<qti-assessment-item>\n  <qti-item-body>\n'
                                   "  </qti-assessment-item>\n"})
    res = import_qti3(data, bank.model)
    assert res.records == []
    assert len(res.errors) == 1
    assert res.errors[0].location == "items/q/en.xml line 4"
    assert res.errors[0].message.startswith("the file is not well-formed XML: Opening and ending tag mismatch")


def test_item_without_response_declaration(bank):
    archive = zipfile.ZipFile(io.BytesIO(export_qti3(bank.items[:1], bank.cases)))
    files = {n: archive.read(n) for n in archive.namelist()}
    path = f"items/{bank.items[0]['key']}/en.xml"
    root = etree.fromstring(files[path])
    root.remove(root.find("{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}qti-response-declaration"))
    files[path] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    res = import_qti3(_zip(files), bank.model)
    assert res.records == []
    assert _messages(res) == [
        f"{path} line 2: question '{bank.items[0]['key']}' has no response declaration (qti-response-declaration), "
        "so the correct answer is unknown; add one in the authoring tool and export again"]


def test_xxe_is_refused_and_not_resolved(bank):
    res = import_qti3(_zip({"items/xxe/en.xml": (ASSETS / "broken" / "xxe_item.xml").read_bytes()}), bank.model)
    assert res.records == []
    assert _messages(res) == [
        "items/xxe/en.xml line 2: the file declares a DOCTYPE or entities; that is not allowed in QTI files (it can "
        "be used to read files from the server), so the file is refused"]
    assert "root:" not in str(res)


def test_zip_bomb_is_refused(bank):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("items/big.xml", b"\0" * (51 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    res = import_qti3(buffer.getvalue(), bank.model)
    assert res.records == []
    assert _messages(res) == ["package.zip: the package unpacks to 51 MB; at most 50 MB is allowed"]


def test_too_many_files(bank):
    res = import_qti3(_zip({f"f{i}.txt": "" for i in range(5001)}), bank.model)
    assert res.records == []
    assert _messages(res) == ["package.zip: the package holds 5001 files; at most 5000 are allowed"]


def test_english_and_dutch_must_agree(bank):
    item = next(i for i in bank.items if i["type"] == "single_choice")
    archive = zipfile.ZipFile(io.BytesIO(export_qti3([item], bank.cases)))
    files = {n: archive.read(n) for n in archive.namelist()}
    path = f"items/{item['key']}/en.xml"
    correct = next(o["key"] for o in item["options"] if o["correct"])
    other = next(o["key"] for o in item["options"] if not o["correct"])
    files[path] = files[path].replace(f"<qti-value>{correct}</qti-value>".encode(),
                                      f"<qti-value>{other}</qti-value>".encode())
    res = import_qti3(_zip(files), bank.model)
    assert res.records == []
    assert _messages(res) == [f"{path} line 2: question '{item['key']}': the English version has other options or "
                              "other correct answers than the Dutch version"]
