"""QTI 3.0 content packages (export and import) and QTI 2.1 packages (import).

Package layout written by :func:`export_qti3`::

    imsmanifest.xml                      IMS CP manifest (namespace imscp_v1p1 of QTI 3.0)
    items/<key>/nl.xml, items/<key>/en.xml
                                         one qti-assessment-item per item *per language*;
                                         identifier "<key>.nl" / "<key>.en", label "<key>", xml:lang set
    cases/<case>/nl.xml, .../en.xml      a case (scenario) as qti-assessment-stimulus, referenced from the
                                         item with qti-assessment-stimulus-ref (title = case title)
    tests/<test>/nl.xml, .../en.xml      optional qti-assessment-test (``test=`` parameter)

How the record maps to QTI (each item type's codec, ``assessments/item_types/<type>_codec.py``, writes and
reads its own response declaration, interaction and response processing; this module does the package,
``qti_item`` one item file, ``qti_manifest`` the metadata, ``qti_xml`` the shared XML pieces):

* stem → ``qti-prompt`` of the interaction (choice, order, match) or ``<div class="stem">`` before the
  text-entry paragraph (numeric, short text); unit → ``<span class="unit">`` after the text entry;
* options → ``qti-simple-choice`` (identifier = option key); option feedback → ``qti-feedback-inline``
  (outcome FEEDBACK, shown for the chosen options; for ordering all of them are shown);
* correct answers → ``qti-correct-response``; multiple response with partial scoring → ``qti-mapping``
  (+1/k per correct option, −1/k per wrong one, bounded 0..1) and ``qti-map-response``; short-text
  answers → ``qti-mapping`` (case-insensitive) with the ``map_response`` template; matching → two
  ``qti-simple-match-set`` (identifiers ``L-<pair>`` / ``R-<pair>``) with the ``match_correct`` template;
  numeric → ``qti-equal tolerance-mode="absolute" tolerance="<tolerance>"``.

**Metadata QTI has no element for** (competence, level, type, high_risk, author, policy_refs, case,
scoring, rationale) lives in the manifest: each item resource's ``<metadata>`` holds a LOM ``general``
block (identifier = key, title, language) and an extension element in the namespace :data:`AID_NS`::

    <aid:item xmlns:aid="https://ai-diploma.voorbeeldgroep.example/xsd/qti-item-metadata/v1">
      <aid:key>…</aid:key> <aid:competence>…</aid:competence> <aid:level>…</aid:level> <aid:type>…</aid:type>
      <aid:high-risk>true|false</aid:high-risk> <aid:author>…</aid:author>
      <aid:policy-ref>…</aid:policy-ref>* <aid:case>…</aid:case>? <aid:scoring>…</aid:scoring>?
      <aid:rationale>… (in the resource's language)</aid:rationale>
    </aid:item>

Texts: plain text is written as XML text; a text with simple HTML tags (see ``records.is_html``) is
written as XHTML elements in the QTI namespace and read back as HTML in a normal form
(:func:`normalise_html`): exact for HTML already in that form (double-quoted attributes, ``<br>``,
only ``&amp; &lt; &gt;`` escaped).

Imports (:func:`import_qti3`, :func:`import_qti21`) accept QTI 3.0 and 2.x items (2.x element and
attribute names are upgraded to 3.0 names first), with or without a manifest. Items of one key in two
languages (by ``xml:lang`` and an identifier suffix ``.nl``/``-nl``/``_nl``) are merged into one record.
Metadata missing from the package comes from ``defaults`` (e.g. ``{"competence": …, "level": …,
"author": …}``) or is reported per item.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from lxml import etree

from ..competences import CompetenceModel
from ..item_types.registry import ITEM_TYPES
from ..problems import Problem, place
from . import ImportResult, LineError, result
from .qti_item import codec_of, lang_of, parse_item, strip_lang, upgrade_qti2
from .qti_manifest import AID_NS, TOOL_NAME, XML_LANG, ManifestMeta, aid_metadata, lom, parse_manifest
from .qti_xml import (
    QTI_NS,
    LangItem,
    get_text,
    lang_map,
    local,
    normalise_html,
    put_text,
    q,
    sub,
)
from .records import check_records
from .safe import PackageError, parse_xml, read_zip
from .values import LANGS, canonical, fill_language, is_html, walk_texts

CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{QTI_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0p1_v1p0.xsd"
)
CP_SCHEMA_LOCATION = (
    f"{CP_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
)
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def _title(text: str) -> str:
    plain = re.sub(r"<[^>]+>", "", text) if is_html(text) else text
    plain = " ".join(plain.split())
    return plain if len(plain) <= 80 else plain[:77].rstrip() + "…"


# --- export -----------------------------------------------------------------------------------------------


def item_xml(record: Mapping[str, Any], lang: str, cases: Mapping[str, Mapping[str, Any]] | None = None) -> bytes:
    """One record in one language as a QTI 3.0 ``qti-assessment-item`` document; the record's item type
    writes its response declaration, interaction and response processing."""
    key, codec = str(record["key"]), ITEM_TYPES[str(record["type"])].codec
    root = etree.Element(q("qti-assessment-item"), nsmap={None: QTI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", f"{key}.{lang}")
    root.set("title", _title(record["stem"][lang]))
    root.set("label", key)
    root.set("adaptive", "false")
    root.set("time-dependent", "false")
    root.set("tool-name", TOOL_NAME)
    root.set(XML_LANG, lang)
    codec.qti_declare(sub(root, "qti-response-declaration", identifier="RESPONSE"), record, lang)
    od = sub(root, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float",
             normal_maximum="1")
    sub(sub(od, "qti-default-value"), "qti-value", "0")
    if any(o.get("feedback") for o in record.get("options") or []):
        sub(root, "qti-outcome-declaration", identifier="FEEDBACK", cardinality="multiple", base_type="identifier")
    case_key = record.get("case")
    if case_key and cases and case_key in cases:
        sub(root, "qti-assessment-stimulus-ref", identifier=f"{case_key}.{lang}",
            href=f"../../cases/{case_key}/{lang}.xml", title=_title(cases[case_key]["title"][lang]))
    codec.qti_body(sub(root, "qti-item-body"), record, lang)
    codec.qti_processing(root, record)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def stimulus_xml(case: Mapping[str, Any], lang: str) -> bytes:
    root = etree.Element(q("qti-assessment-stimulus"), nsmap={None: QTI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", f"{case['key']}.{lang}")
    root.set("title", case["title"][lang])
    root.set(XML_LANG, lang)
    body = sub(root, "qti-stimulus-body")
    put_text(sub(body, "div", **{"class": "case-text"}), case["text"][lang])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_xml(test: Mapping[str, Any], records: Sequence[Mapping[str, Any]], lang: str) -> bytes:
    """A qti-assessment-test: one section per competence; ``items_per_competence`` becomes qti-selection."""
    key = str(test["key"])
    title = test.get("title") or key
    root = etree.Element(q("qti-assessment-test"), nsmap={None: QTI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", f"{key}.{lang}")
    root.set("title", _title(title[lang] if isinstance(title, Mapping) else str(title)))
    root.set("tool-name", TOOL_NAME)
    root.set(XML_LANG, lang)
    if test.get("time_limit_minutes"):
        sub(root, "qti-time-limits", max_time=str(int(test["time_limit_minutes"]) * 60))
    part = sub(root, "qti-test-part", identifier="part-1", navigation_mode="nonlinear",
                submission_mode="simultaneous")
    wanted = test.get("items")
    level = test.get("level")
    counts = test.get("items_per_competence") or {}
    chosen = [r for r in records if (wanted is None or r["key"] in wanted) and (level is None or r["level"] == level)
              and (not counts or r["competence"] in counts)]
    competences = list(dict.fromkeys([*counts, *(r["competence"] for r in chosen)]))
    for competence in competences:
        items = [r for r in chosen if r["competence"] == competence]
        if not items:
            continue
        section = sub(part, "qti-assessment-section", identifier=f"S-{competence}", title=competence,
                       visible="true")
        if counts.get(competence):
            sub(section, "qti-selection", select=str(min(int(counts[competence]), len(items))))
        if test.get("shuffle_items", True):
            sub(section, "qti-ordering", shuffle="true")
        for record in items:
            sub(section, "qti-assessment-item-ref", identifier=f"{record['key']}.{lang}",
                 href=f"../../items/{record['key']}/{lang}.xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _cases_by_key(cases: Mapping[str, Any] | Iterable[Mapping[str, Any]] | None) -> dict[str, Mapping[str, Any]]:
    if not cases:
        return {}
    if isinstance(cases, Mapping):
        return {str(k): v for k, v in cases.items()}
    return {str(c["key"]): c for c in cases}


def export_qti3(
    records: Sequence[Mapping[str, Any]],
    cases: Mapping[str, Any] | Iterable[Mapping[str, Any]] | None = None,
    *,
    test: Mapping[str, Any] | None = None,
) -> bytes:
    """A QTI 3.0 content package (zip bytes) with every record in Dutch and English.

    ``cases``: the cases the records refer to (a list of case dicts or a dict by key, as in
    ``SeedBank.cases``); only referenced cases are written. ``test``: optional blueprint-like dict
    (``key``, ``title`` {nl, en}, and optionally ``items`` (keys), ``level``, ``items_per_competence``,
    ``shuffle_items``, ``time_limit_minutes``) written as a ``qti-assessment-test`` per language.
    """
    by_case = _cases_by_key(cases)
    used_cases = [k for k in dict.fromkeys(r.get("case") for r in records) if k and k in by_case]
    manifest = etree.Element(f"{{{CP_NS}}}manifest", nsmap={None: CP_NS, "xsi": XSI_NS})
    manifest.set("identifier", "ai-diploma-package")
    manifest.set(f"{{{XSI_NS}}}schemaLocation", CP_SCHEMA_LOCATION)
    meta = etree.SubElement(manifest, f"{{{CP_NS}}}metadata")
    etree.SubElement(meta, f"{{{CP_NS}}}schema").text = "QTI Package"
    etree.SubElement(meta, f"{{{CP_NS}}}schemaversion").text = "3.0.0"
    etree.SubElement(manifest, f"{{{CP_NS}}}organizations")
    resources = etree.SubElement(manifest, f"{{{CP_NS}}}resources")
    files: list[tuple[str, bytes]] = []

    def resource(identifier: str, kind: str, href: str) -> etree._Element:
        return etree.SubElement(resources, f"{{{CP_NS}}}resource", identifier=identifier, type=kind, href=href)

    def finish(res: etree._Element, href: str, depends: Iterable[str] = ()) -> None:
        etree.SubElement(res, f"{{{CP_NS}}}file", href=href)
        for dep in depends:
            etree.SubElement(res, f"{{{CP_NS}}}dependency", identifierref=dep)

    for case_key in used_cases:
        for lang in LANGS:
            href = f"cases/{case_key}/{lang}.xml"
            files.append((href, stimulus_xml(by_case[case_key], lang)))
            finish(resource(f"{case_key}.{lang}", "imsqti_stimulus_xmlv3p0", href), href)
    for record in records:
        for lang in LANGS:
            href = f"items/{record['key']}/{lang}.xml"
            files.append((href, item_xml(record, lang, by_case)))
            res = resource(f"{record['key']}.{lang}", "imsqti_item_xmlv3p0", href)
            res_meta = etree.SubElement(res, f"{{{CP_NS}}}metadata")
            lom(res_meta, str(record["key"]), _title(record["stem"][lang]), lang)
            aid_metadata(res_meta, record, lang)
            depends = [f"{record['case']}.{lang}"] if record.get("case") in used_cases else []
            finish(res, href, depends)
    if test is not None:
        for lang in LANGS:
            href = f"tests/{test['key']}/{lang}.xml"
            files.append((href, test_xml(test, records, lang)))
            finish(resource(f"{test['key']}.{lang}", "imsqti_test_xmlv3p0", href), href)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest_bytes = etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        for name, content in [("imsmanifest.xml", manifest_bytes), *files]:
            archive.writestr(zipfile.ZipInfo(name, _ZIP_DATE), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()

# --- import -----------------------------------------------------------------------------------------------


def _merge_errors(key: str, versions: dict[str, LangItem], fill: bool) -> tuple[bool, list[LineError]]:
    """Problems between the language versions of one question; True when they cannot be merged at all."""
    first = versions[next(lang for lang in LANGS if lang in versions)]
    label = place("question", key=key)
    missing = [lang for lang in LANGS if lang not in versions]
    if missing and not fill:
        return True, [LineError(first.where, Problem(f"qti.no_version_{missing[0]}", label=label))]
    types = {it.type for it in versions.values()}
    if len(types) > 1:
        return True, [LineError(first.where, Problem("qti.different_types", label, types=sorted(types)))]
    errors = []
    for lang, it in versions.items():
        for name in ("competence", "level", "high_risk", "author", "policy_refs", "case", "scoring"):
            if name in it.meta and name in first.meta and it.meta[name] != first.meta[name]:
                errors.append(LineError(it.where, Problem(f"qti.different_meta_{lang}", label, field=name,
                                                          value=it.meta[name], first=first.meta[name])))
    return False, errors


def _merged_meta(key: str, first: LangItem, meta: Mapping[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = {"key": key, "type": first.type}
    for name in ("competence", "level", "author"):
        if meta.get(name) not in (None, ""):
            record[name] = meta[name]
    record["high_risk"] = bool(meta.get("high_risk", False))
    record["policy_refs"] = list(meta.get("policy_refs") or [])
    case = meta.get("case") or first.case_ref
    if case:
        record["case"] = case
    if meta.get("scoring"):
        record["scoring"] = meta["scoring"]
    if "expected_facility" in meta:
        record["expected_facility"] = meta["expected_facility"]
    return record


def _merge(key: str, versions: dict[str, LangItem], defaults: Mapping[str, Any], fill: bool
           ) -> tuple[dict[str, Any] | None, list[LineError]]:
    """One record from the language versions of one question (the item type merges its own fields)."""
    failed, errors = _merge_errors(key, versions, fill)
    if failed:
        return None, errors
    first = versions[next(lang for lang in LANGS if lang in versions)]
    meta = {**{k: v for k, v in defaults.items()}, **first.meta}
    record = _merged_meta(key, first, meta)
    record["stem"] = lang_map(versions, lambda it: it.data.get("stem", ""))
    codec = codec_of(first.type)
    if codec is not None:
        errors.extend(codec.qti_merge(record, versions, first, f"question '{key}'"))
    if any("rationale" in it.data for it in versions.values()):
        record["rationale"] = {lang: it.data["rationale"] for lang, it in versions.items() if "rationale" in it.data}
    elif meta.get("rationale"):
        record["rationale"] = dict(meta["rationale"]) if isinstance(meta["rationale"], Mapping) else {
            lang: meta["rationale"] for lang in LANGS}
    if fill:
        for lang in (lang for lang in LANGS if lang not in versions):
            walk_texts(record, partial(fill_language, lang=lang))
            if codec is not None:
                codec.fill_language(record, lang)
    return (canonical(record) if not errors else None), errors


def _read_manifest(files: Mapping[str, bytes]) -> tuple[dict[str, ManifestMeta], list[str], list[str], list[LineError]]:
    """(metadata by path, item paths, stimulus paths, errors) from the manifest; without a manifest every
    XML file is an item."""
    errors: list[LineError] = []
    metas: dict[str, ManifestMeta] = {}
    item_paths: list[str] = []
    stimulus_paths: list[str] = []
    if "imsmanifest.xml" in files:
        manifest, problems = parse_xml(files["imsmanifest.xml"], "imsmanifest.xml")
        errors.extend(problems)
        for href, kind, meta in parse_manifest(manifest) if manifest is not None else []:
            path = posixpath.normpath(href)
            if kind.startswith("imsqti_test") or not path.endswith(".xml"):
                continue
            if path not in files:
                errors.append(LineError(place("file", file="imsmanifest.xml"), Problem("qti.manifest_href",
                                                                                       href=href)))
                continue
            metas[path] = meta
            (stimulus_paths if "stimulus" in kind else item_paths).append(path)
    if not item_paths and not errors:
        item_paths = [p for p in files if p.endswith(".xml") and p != "imsmanifest.xml"]
    return metas, item_paths, stimulus_paths, errors


def _read_stimulus(root: etree._Element, meta: ManifestMeta | None, case_texts: dict[str, dict[str, dict[str, str]]]
                   ) -> None:
    if local(root) == "assessmentStimulus":
        upgrade_qti2(root)
    lang = lang_of(root.get(XML_LANG)) or (meta or ManifestMeta()).lang
    key = strip_lang(root.get("identifier", ""), lang)
    text_div = next((d for d in root.iter(q("div")) if "case-text" in (d.get("class") or "").split()),
                    root.find(q("qti-stimulus-body")))
    entry = case_texts.setdefault(key, {"title": {}, "text": {}})
    if lang:
        entry["title"][lang] = root.get("title", "")
        entry["text"][lang] = get_text(text_div)


class _Package:
    """What the files of a package hold: language versions of questions, cases, and problems."""

    def __init__(self) -> None:
        self.versions: dict[str, dict[str, LangItem]] = {}
        self.failed: set[str] = set()
        self.case_texts: dict[str, dict[str, dict[str, str]]] = {}
        self.errors: list[LineError] = []

    def add_item(self, root: etree._Element, where: str, path: str, meta: ManifestMeta | None) -> None:
        item, problems = parse_item(root, where, path, meta)
        self.errors.extend(problems)
        if item is None or problems:
            if item is not None and item.key:
                self.failed.add(item.key)  # its other language version is not reported as "missing"
            return
        by_lang = self.versions.setdefault(item.key, {})
        if item.lang in by_lang:
            self.errors.append(LineError(where, Problem(f"qti.two_versions_{item.lang}", key=item.key,
                                                        other=by_lang[item.lang].where)))
            return
        by_lang[item.lang or "nl"] = item

    def records(self, defaults: Mapping[str, Any], fill: bool) -> tuple[list[dict[str, Any]], list[str]]:
        records: list[dict[str, Any]] = []
        locations: list[str] = []
        for key, by_lang in self.versions.items():
            if key in self.failed:
                continue
            record, problems = _merge(key, by_lang, defaults, fill)
            self.errors.extend(problems)
            if record is not None:
                records.append(record)
                locations.append(next(by_lang[lang].where for lang in LANGS if lang in by_lang))
        return records, locations

    def cases(self, fill: bool) -> list[dict[str, Any]]:
        cases = []
        for key, texts in self.case_texts.items():
            case = {"key": key, "title": texts["title"], "text": texts["text"]}
            missing = [lang for lang in LANGS if lang not in texts["text"]]
            if missing and fill:
                fill_language(case["title"], missing[0])
                fill_language(case["text"], missing[0])
            elif missing:
                self.errors.append(LineError(place("case", key=key), Problem(f"qti.case_version_{missing[0]}")))
            cases.append(case)
        return cases


def _import_package(
    data: bytes,
    model: CompetenceModel,
    *,
    name: str,
    fill_missing_language: bool,
    defaults: Mapping[str, Any] | None,
    known_cases: Iterable[str] | None,
) -> ImportResult:
    try:
        files = read_zip(data, name)
    except PackageError as exc:
        return result([], [], exc.errors)
    metas, item_paths, stimulus_paths, errors = _read_manifest(files)
    package = _Package()
    package.errors = errors
    roots: dict[str, etree._Element] = {}
    for path in dict.fromkeys([*item_paths, *stimulus_paths]):
        root, problems = parse_xml(files[path], path)
        package.errors.extend(problems)
        if root is not None:
            roots[path] = root
    for path, root in roots.items():
        if local(root) in ("qti-assessment-stimulus", "assessmentStimulus"):
            _read_stimulus(root, metas.get(path), package.case_texts)
        elif local(root) not in ("qti-assessment-test", "assessmentTest", "qti-assessment-section",
                                 "assessmentSection") and path in item_paths:
            package.add_item(root, f"{path} line {root.sourceline or 1}", path, metas.get(path))
    records, locations = package.records(defaults or {}, fill_missing_language)
    cases = package.cases(fill_missing_language)
    if not records and not package.errors:
        package.errors.append(LineError(place("file", file=name), Problem("qti.no_questions")))
    known = None if known_cases is None else {*known_cases, *package.case_texts}
    package.errors.extend(check_records(records, locations, model, known))
    return result(records, cases, package.errors)


def import_qti3(
    data: bytes,
    model: CompetenceModel,
    *,
    fill_missing_language: bool = False,
    defaults: Mapping[str, Any] | None = None,
    known_cases: Iterable[str] | None = None,
    name: str = "package.zip",
) -> ImportResult:
    """Read a QTI 3.0 content package (also accepts QTI 2.x items) into records and cases.

    ``defaults``: metadata for items whose package has none (``competence``, ``level``, ``author``,
    ``high_risk``, ``policy_refs``). ``fill_missing_language``: copy the other language into a missing
    one instead of reporting it. ``known_cases``: case keys that exist already (cases in the package
    count too); when given, a reference to an unknown case is an error.
    """
    return _import_package(data, model, name=name, fill_missing_language=fill_missing_language,
                           defaults=defaults, known_cases=known_cases)


def import_qti21(
    data: bytes,
    model: CompetenceModel,
    *,
    fill_missing_language: bool = False,
    defaults: Mapping[str, Any] | None = None,
    known_cases: Iterable[str] | None = None,
    name: str = "package.zip",
) -> ImportResult:
    """Read a QTI 2.1 package (``assessmentItem`` with choice, order, match or text-entry interaction).

    Element and attribute names are upgraded to QTI 3.0 and read like :func:`import_qti3`; metadata
    (competence, level, author, …) comes from our extension in the manifest if present, else from
    ``defaults``, else each item reports what is missing.
    """
    return _import_package(data, model, name=name, fill_missing_language=fill_missing_language,
                           defaults=defaults, known_cases=known_cases)


__all__ = [
    "AID_NS", "export_qti3", "import_qti3", "import_qti21", "item_xml", "normalise_html", "stimulus_xml", "test_xml",
]
