"""QTI 3.0 content packages (export and import) and QTI 2.1 packages (import).

Package layout written by :func:`export_qti3`::

    imsmanifest.xml                      IMS CP manifest (namespace imscp_v1p1 of QTI 3.0)
    items/<key>/nl.xml, items/<key>/en.xml
                                         one qti-assessment-item per item *per language*;
                                         identifier "<key>.nl" / "<key>.en", label "<key>", xml:lang set
    cases/<case>/nl.xml, .../en.xml      a case (scenario) as qti-assessment-stimulus, referenced from the
                                         item with qti-assessment-stimulus-ref (title = case title)
    tests/<test>/nl.xml, .../en.xml      optional qti-assessment-test (``test=`` parameter)

How the record maps to QTI:

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

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import lxml.html
from lxml import etree

from ..competences import CompetenceModel
from . import ImportResult, LineError, result
from .records import (
    LANG_NAMES,
    LANGS,
    canonical,
    check_records,
    fill_language,
    is_html,
    parse_number,
    walk_texts,
)
from .safe import PackageError, parse_xml, read_zip

QTI_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI2_NS = (
    "http://www.imsglobal.org/xsd/imsqti_v2p0",
    "http://www.imsglobal.org/xsd/imsqti_v2p1",
    "http://www.imsglobal.org/xsd/imsqti_v2p2",
)
CP_NS = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
AID_NS = "https://ai-diploma.voorbeeldgroep.example/xsd/qti-item-metadata/v1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_LOCATION = (
    f"{QTI_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0p1_v1p0.xsd"
)
CP_SCHEMA_LOCATION = (
    f"{CP_NS} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd"
)
RP_TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
TOOL_NAME = "ai-diploma"
INTERACTIONS = ("qti-choice-interaction", "qti-order-interaction", "qti-match-interaction",
                "qti-text-entry-interaction")
OTHER_INTERACTIONS = (
    "qti-extended-text-interaction", "qti-hottext-interaction", "qti-gap-match-interaction",
    "qti-inline-choice-interaction", "qti-associate-interaction", "qti-slider-interaction",
    "qti-hotspot-interaction", "qti-graphic-order-interaction", "qti-upload-interaction",
    "qti-select-point-interaction", "qti-graphic-gap-match-interaction", "qti-media-interaction",
    "qti-portable-custom-interaction", "qti-custom-interaction", "qti-drawing-interaction",
    "qti-position-object-interaction", "qti-graphic-associate-interaction", "qti-end-attempt-interaction",
)
#: XHTML elements written into QTI content (everything else in an HTML text is reduced to its text)
XHTML = {
    "p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "code", "pre", "ul", "ol", "li", "span", "div",
    "blockquote", "a", "small", "q", "cite", "kbd", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "dl", "dt", "dd", "img", "big", "tt",
    "samp", "var", "dfn", "address", "col", "colgroup", "object", "param", "acronym", "label",
}
VOID = {"br", "hr", "img", "col", "param"}
HTML_ATTRS = {"class", "href", "title", "lang", "dir", "src", "alt", "width", "height", "colspan", "rowspan"}
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def q(name: str) -> str:
    return f"{{{QTI_NS}}}{name}"


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


# --- texts ------------------------------------------------------------------------------------------------


def _put_text(parent: etree._Element, text: str) -> None:
    """Append ``text`` to ``parent``: plain text as XML text, simple HTML as XHTML elements."""
    if is_html(text):
        _copy_html(lxml.html.fragment_fromstring(text, create_parent="div"), parent)
    elif len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _copy_html(source: Any, target: etree._Element) -> None:
    def add_text(value: str | None) -> None:
        if not value:
            return
        if len(target):
            target[-1].tail = (target[-1].tail or "") + value
        else:
            target.text = (target.text or "") + value

    add_text(source.text)
    for child in source:
        if not isinstance(child.tag, str):  # comments, processing instructions
            add_text(child.tail)
            continue
        name = child.tag.lower()
        if name in XHTML:
            element = etree.SubElement(target, q(name))
            for attr, value in child.attrib.items():
                if attr in HTML_ATTRS:
                    element.set(attr, value)
            _copy_html(child, element)
        else:  # unknown or unsafe tag (script, style, …): keep its text only
            add_text(child.text_content())
        add_text(child.tail)


def _esc(text: str | None) -> str:
    return html.escape(text or "", quote=False)


def _element_html(el: etree._Element, skip: Sequence[str]) -> str:
    name = _local(el)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in el.attrib.items() if not k.startswith("{"))
    if name in VOID:
        return f"<{name}{attrs}>"
    return f"<{name}{attrs}>{_inner_html(el, skip)}</{name}>"


def _inner_html(el: etree._Element, skip: Sequence[str]) -> str:
    parts = [_esc(el.text)]
    for child in el:
        if isinstance(child.tag, str) and _local(child) not in skip:
            parts.append(_element_html(child, skip))
        parts.append(_esc(child.tail))
    return "".join(parts)


def _get_text(el: etree._Element | None, skip: Sequence[str] = (), *, tidy: bool = False) -> str:
    """The content of ``el`` as a record text: plain text when it has no child elements, else HTML."""
    if el is None:
        return ""
    children = [c for c in el if isinstance(c.tag, str) and _local(c) not in skip]
    text = _inner_html(el, skip) if children else (el.text or "") + "".join(c.tail or "" for c in el)
    if tidy:
        text = re.sub(r"\s*\n\s*", " ", text)
    return text.strip()


def normalise_html(text: str) -> str:
    """The form in which an HTML text comes back from a QTI round trip (plain text is returned as is)."""
    if not is_html(text):
        return text
    holder = etree.Element(q("div"))
    _put_text(holder, text)
    return _get_text(holder)


# --- export -----------------------------------------------------------------------------------------------


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, q(name), {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _number(value: float | int) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _title(text: str) -> str:
    plain = re.sub(r"<[^>]+>", "", text) if is_html(text) else text
    plain = " ".join(plain.split())
    return plain if len(plain) <= 80 else plain[:77].rstrip() + "…"


def _set_outcome(rp: etree._Element, identifier: str, value: etree._Element | None = None) -> etree._Element:
    setter = _sub(rp, "qti-set-outcome-value", identifier=identifier)
    if value is not None:
        setter.append(value)
    return setter


def _base(base_type: str, value: str) -> etree._Element:
    element = etree.Element(q("qti-base-value"), {"base-type": base_type})
    element.text = value
    return element


def _score_if(rp: etree._Element, condition: etree._Element) -> None:
    cond = _sub(rp, "qti-response-condition")
    branch = _sub(cond, "qti-response-if")
    branch.append(condition)
    _set_outcome(branch, "SCORE", _base("float", "1"))
    other = _sub(cond, "qti-response-else")
    _set_outcome(other, "SCORE", _base("float", "0"))


def _var(name: str, identifier: str = "RESPONSE") -> etree._Element:
    return etree.Element(q(name), {"identifier": identifier})


def item_xml(record: Mapping[str, Any], lang: str, cases: Mapping[str, Mapping[str, Any]] | None = None) -> bytes:
    """One record in one language as a QTI 3.0 ``qti-assessment-item`` document."""
    key, kind = str(record["key"]), str(record["type"])
    root = etree.Element(q("qti-assessment-item"), nsmap={None: QTI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", f"{key}.{lang}")
    root.set("title", _title(record["stem"][lang]))
    root.set("label", key)
    root.set("adaptive", "false")
    root.set("time-dependent", "false")
    root.set("tool-name", TOOL_NAME)
    root.set(XML_LANG, lang)
    options = record.get("options") or []
    has_feedback = any(o.get("feedback") for o in options)

    # declarations
    rd = _sub(root, "qti-response-declaration", identifier="RESPONSE")
    correct: list[str] = []
    if kind in ("single_choice", "true_false"):
        rd.set("cardinality", "single")
        rd.set("base-type", "identifier")
        correct = [str(o["key"]) for o in options if o.get("correct")]
    elif kind == "multiple_response":
        rd.set("cardinality", "multiple")
        rd.set("base-type", "identifier")
        correct = [str(o["key"]) for o in options if o.get("correct")]
    elif kind == "ordering":
        rd.set("cardinality", "ordered")
        rd.set("base-type", "identifier")
        correct = [str(o["key"]) for o in options]
    elif kind == "matching":
        rd.set("cardinality", "multiple")
        rd.set("base-type", "directedPair")
        correct = [f"L-{p['key']} R-{p['key']}" for p in record["pairs"]]
    elif kind == "numeric":
        rd.set("cardinality", "single")
        rd.set("base-type", "float")
        correct = [_number(record["answer"])]
    elif kind == "short_text":
        rd.set("cardinality", "single")
        rd.set("base-type", "string")
        correct = [record["accepted"][lang][0]]
    cr = _sub(rd, "qti-correct-response")
    for value in correct:
        _sub(cr, "qti-value", value)
    if kind == "multiple_response" and record.get("scoring", "partial") == "partial":
        k = len(correct)
        mapping = _sub(rd, "qti-mapping", default_value="0", lower_bound="0", upper_bound="1")
        for option in options:
            weight = 1 / k if option.get("correct") else -1 / k
            _sub(mapping, "qti-map-entry", map_key=str(option["key"]), mapped_value=repr(weight))
    if kind == "short_text":
        mapping = _sub(rd, "qti-mapping", default_value="0", lower_bound="0", upper_bound="1")
        for answer in record["accepted"][lang]:
            _sub(mapping, "qti-map-entry", map_key=answer, mapped_value="1", case_sensitive="false")
    od = _sub(root, "qti-outcome-declaration", identifier="SCORE", cardinality="single", base_type="float",
              normal_maximum="1")
    _sub(_sub(od, "qti-default-value"), "qti-value", "0")
    if has_feedback:
        _sub(root, "qti-outcome-declaration", identifier="FEEDBACK", cardinality="multiple", base_type="identifier")

    case_key = record.get("case")
    if case_key and cases and case_key in cases:
        _sub(root, "qti-assessment-stimulus-ref", identifier=f"{case_key}.{lang}",
             href=f"../../cases/{case_key}/{lang}.xml", title=_title(cases[case_key]["title"][lang]))

    # body
    body = _sub(root, "qti-item-body")
    if kind in ("single_choice", "true_false", "multiple_response", "ordering"):
        if kind == "ordering":
            interaction = _sub(body, "qti-order-interaction", response_identifier="RESPONSE", shuffle="true")
        else:
            interaction = _sub(body, "qti-choice-interaction", response_identifier="RESPONSE",
                               shuffle="false" if kind == "true_false" else "true",
                               max_choices="1" if kind != "multiple_response" else "0", min_choices="0")
        _put_text(_sub(interaction, "qti-prompt"), record["stem"][lang])
        for option in options:
            choice = _sub(interaction, "qti-simple-choice", identifier=str(option["key"]))
            _put_text(choice, option["text"][lang])
            if option.get("feedback"):
                fb = _sub(choice, "qti-feedback-inline", outcome_identifier="FEEDBACK",
                          identifier=str(option["key"]), show_hide="show")
                _put_text(fb, option["feedback"][lang])
    elif kind == "matching":
        pairs = record["pairs"]
        interaction = _sub(body, "qti-match-interaction", response_identifier="RESPONSE", shuffle="true",
                           max_associations=str(len(pairs)))
        _put_text(_sub(interaction, "qti-prompt"), record["stem"][lang])
        for side, prefix in (("left", "L"), ("right", "R")):
            match_set = _sub(interaction, "qti-simple-match-set")
            for pair in pairs:
                choice = _sub(match_set, "qti-simple-associable-choice", identifier=f"{prefix}-{pair['key']}",
                              match_max="1")
                _put_text(choice, pair[side][lang])
    else:  # numeric, short_text
        _put_text(_sub(body, "div", **{"class": "stem"}), record["stem"][lang])
        para = _sub(body, "p")
        entry = _sub(para, "qti-text-entry-interaction", response_identifier="RESPONSE",
                     expected_length="10" if kind == "numeric" else "40")
        unit = (record.get("unit") or {}).get(lang) if kind == "numeric" else None
        if unit:
            entry.tail = " "
            _put_text(_sub(para, "span", **{"class": "unit"}), unit)

    # response processing
    if kind == "matching":
        _sub(root, "qti-response-processing", template=RP_TEMPLATES + "match_correct")
    elif kind == "short_text":
        _sub(root, "qti-response-processing", template=RP_TEMPLATES + "map_response")
    else:
        rp = _sub(root, "qti-response-processing")
        if kind == "numeric":
            equal = etree.Element(q("qti-equal"), {"tolerance-mode": "absolute",
                                                    "tolerance": _number(record["tolerance"])})
            equal.append(_var("qti-variable"))
            equal.append(_var("qti-correct"))
            _score_if(rp, equal)
        elif kind == "multiple_response" and record.get("scoring", "partial") == "partial":
            _set_outcome(rp, "SCORE", _var("qti-map-response"))
        else:
            match = etree.Element(q("qti-match"))
            match.append(_var("qti-variable"))
            match.append(_var("qti-correct"))
            _score_if(rp, match)
        if has_feedback:
            if kind == "ordering":
                every = etree.Element(q("qti-multiple"))
                for option in options:
                    every.append(_base("identifier", str(option["key"])))
                _set_outcome(rp, "FEEDBACK", every)
            else:
                _set_outcome(rp, "FEEDBACK", _var("qti-variable"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def stimulus_xml(case: Mapping[str, Any], lang: str) -> bytes:
    root = etree.Element(q("qti-assessment-stimulus"), nsmap={None: QTI_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("identifier", f"{case['key']}.{lang}")
    root.set("title", case["title"][lang])
    root.set(XML_LANG, lang)
    body = _sub(root, "qti-stimulus-body")
    _put_text(_sub(body, "div", **{"class": "case-text"}), case["text"][lang])
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
        _sub(root, "qti-time-limits", max_time=str(int(test["time_limit_minutes"]) * 60))
    part = _sub(root, "qti-test-part", identifier="part-1", navigation_mode="nonlinear",
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
        section = _sub(part, "qti-assessment-section", identifier=f"S-{competence}", title=competence,
                       visible="true")
        if counts.get(competence):
            _sub(section, "qti-selection", select=str(min(int(counts[competence]), len(items))))
        if test.get("shuffle_items", True):
            _sub(section, "qti-ordering", shuffle="true")
        for record in items:
            _sub(section, "qti-assessment-item-ref", identifier=f"{record['key']}.{lang}",
                 href=f"../../items/{record['key']}/{lang}.xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _lom(parent: etree._Element, key: str, title: str, lang: str) -> None:
    lom = etree.SubElement(parent, f"{{{LOM_NS}}}lom", nsmap={None: LOM_NS})
    general = etree.SubElement(lom, f"{{{LOM_NS}}}general")
    ident = etree.SubElement(general, f"{{{LOM_NS}}}identifier")
    etree.SubElement(ident, f"{{{LOM_NS}}}catalog").text = TOOL_NAME
    etree.SubElement(ident, f"{{{LOM_NS}}}entry").text = key
    title_el = etree.SubElement(general, f"{{{LOM_NS}}}title")
    string = etree.SubElement(title_el, f"{{{LOM_NS}}}string", language=lang)
    string.text = title
    etree.SubElement(general, f"{{{LOM_NS}}}language").text = lang


def _aid_metadata(parent: etree._Element, record: Mapping[str, Any], lang: str) -> None:
    def add(name: str, text: str) -> None:
        etree.SubElement(item, f"{{{AID_NS}}}{name}").text = text

    item = etree.SubElement(parent, f"{{{AID_NS}}}item", nsmap={"aid": AID_NS})
    add("key", str(record["key"]))
    add("competence", str(record["competence"]))
    add("level", str(record["level"]))
    add("type", str(record["type"]))
    add("high-risk", "true" if record.get("high_risk") else "false")
    add("author", str(record.get("author", "")))
    for ref in record.get("policy_refs") or []:
        add("policy-ref", str(ref))
    if record.get("case"):
        add("case", str(record["case"]))
    if "scoring" in record:
        add("scoring", str(record["scoring"]))
    add("rationale", str((record.get("rationale") or {}).get(lang, "")))


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
            _lom(res_meta, str(record["key"]), _title(record["stem"][lang]), lang)
            _aid_metadata(res_meta, record, lang)
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


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()


def upgrade_qti2(root: etree._Element) -> etree._Element:
    """Rename QTI 2.x elements/attributes to their QTI 3.0 names (``choiceInteraction`` → ``qti-choice-
    interaction``, ``responseIdentifier`` → ``response-identifier``) in the QTI 3.0 namespace."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        qname = etree.QName(el)
        if qname.namespace in QTI2_NS or (qname.namespace is None and root.tag == "assessmentItem"):
            name = qname.localname
            el.tag = q(name if name in XHTML else "qti-" + _kebab(name))
            for attr in list(el.attrib):
                if not attr.startswith("{") and attr != _kebab(attr):
                    el.set(_kebab(attr), el.attrib.pop(attr))
    etree.cleanup_namespaces(root)
    return root


def _find(el: etree._Element, name: str) -> etree._Element | None:
    return el.find(f".//{q(name)}")


def _findall(el: etree._Element, name: str) -> list[etree._Element]:
    return el.findall(f".//{q(name)}")


def _values(el: etree._Element | None) -> list[str]:
    return [] if el is None else [(v.text or "").strip() for v in el.findall(q("qti-value"))]


def _lang_of(value: str | None) -> str | None:
    if not value:
        return None
    lang = value.split("-")[0].split("_")[0].lower()
    return lang if lang in LANGS else lang or None


def _strip_lang(identifier: str, lang: str | None) -> str:
    match = re.fullmatch(r"(.+?)[._-](nl|en)", identifier, flags=re.IGNORECASE)
    if match and (lang is None or match.group(2).lower() == lang):
        return match.group(1)
    return identifier


class _Meta:
    """The metadata of one item resource from the manifest (our extension and LOM language)."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.lang: str | None = None
        self.ours = False


def _read_aid(element: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {"policy_refs": []}
    for child in element:
        if not isinstance(child.tag, str) or etree.QName(child).namespace != AID_NS:
            continue
        name, text = etree.QName(child).localname, child.text or ""
        if name == "policy-ref":
            out["policy_refs"].append(text.strip())
        elif name == "high-risk":
            out["high_risk"] = text.strip().lower() in ("true", "1", "yes")
        elif name == "rationale":
            out["rationale"] = text
        elif name in ("key", "competence", "level", "type", "author", "case", "scoring"):
            out[name] = text.strip() if name != "author" else text
    return out


def _parse_manifest(root: etree._Element) -> list[tuple[str, str, _Meta]]:
    """(href, resource type, metadata) for each resource of the manifest."""
    out: list[tuple[str, str, _Meta]] = []
    for res in root.iter():
        if _local(res) != "resource":
            continue
        href = res.get("href") or next((f.get("href") for f in res if _local(f) == "file" and f.get("href")), None)
        if not href:
            continue
        meta = _Meta()
        for el in res.iter():
            if isinstance(el.tag, str) and etree.QName(el).namespace == AID_NS and _local(el) == "item":
                meta.fields = _read_aid(el)
                meta.ours = True
            elif _local(el) == "language" and el.text and meta.lang is None:
                meta.lang = _lang_of(el.text.strip())
        out.append((href, res.get("type") or "", meta))
    return out


class _LangItem:
    def __init__(self, where: str, path: str) -> None:
        self.where = where
        self.path = path
        self.key = ""
        self.lang: str | None = None
        self.type = ""
        self.data: dict[str, Any] = {}
        self.meta: dict[str, Any] = {}
        self.ours = False
        self.case_ref: str | None = None


def _interaction_type(interaction: etree._Element, rd: etree._Element) -> str:
    name = _local(interaction)
    if name == "qti-order-interaction":
        return "ordering"
    if name == "qti-match-interaction":
        return "matching"
    if name == "qti-text-entry-interaction":
        return "numeric" if rd.get("base-type") in ("float", "integer") else "short_text"
    ids = sorted(c.get("identifier", "") for c in interaction.findall(q("qti-simple-choice")))
    single = rd.get("cardinality") == "single" or interaction.get("max-choices") == "1"
    if single and [i.lower() for i in ids] == ["false", "true"]:
        return "true_false"
    return "single_choice" if single else "multiple_response"


def _parse_item(root: etree._Element, where: str, path: str, meta: _Meta | None) -> tuple[_LangItem | None,
                                                                                         list[LineError]]:
    item = _LangItem(where, path)
    if etree.QName(root).namespace in QTI2_NS or root.tag == "assessmentItem":
        upgrade_qti2(root)
    if _local(root) != "qti-assessment-item":
        return None, [LineError(where, f"this is not a QTI question (the file starts with <{_local(root)}>, "
                                       "expected <qti-assessment-item> or <assessmentItem>)")]
    meta = meta or _Meta()
    item.ours = meta.ours
    tidy = not meta.ours
    item.meta = dict(meta.fields)
    item.lang = _lang_of(root.get(XML_LANG)) or meta.lang or _lang_of(posixpath.splitext(posixpath.basename(path))[0])
    identifier = root.get("identifier") or ""
    item.key = item.meta.get("key") or _strip_lang(identifier, item.lang)
    label = f"question '{item.key or identifier}'"
    errors: list[LineError] = []
    if item.lang not in LANGS:
        shown = item.lang or "not given"
        errors.append(LineError(where, f"{label}: the language ({shown}) is not Dutch (nl) or English (en); "
                                       "set xml:lang on the question"))
    body = root.find(q("qti-item-body"))
    found = [] if body is None else [el for el in body.iter() if _local(el) in INTERACTIONS]
    unsupported = [] if body is None else [el for el in body.iter() if _local(el) in OTHER_INTERACTIONS]
    declarations = root.findall(q("qti-response-declaration"))
    if not declarations:
        errors.append(LineError(where, f"{label} has no response declaration (qti-response-declaration), so the "
                                       "correct answer is unknown; add one in the authoring tool and export again"))
    if unsupported:
        names = ", ".join(sorted({_local(u) for u in unsupported}))
        errors.append(LineError(where, f"{label} uses an interaction this tool does not support ({names}); only "
                                       "choice, order, match and text-entry questions can be imported"))
    elif not found:
        errors.append(LineError(where, f"{label} has no interaction (choice, order, match or text entry) in its "
                                       "item body"))
    elif len(found) > 1:
        errors.append(LineError(where, f"{label} has {len(found)} interactions; only questions with one "
                                       "interaction can be imported"))
    if errors:
        return item, errors
    interaction = found[0]
    rid = interaction.get("response-identifier")
    rd = next((d for d in declarations if d.get("identifier") == rid), None)
    if rd is None:
        return item, [LineError(f"{path} line {interaction.sourceline}",
                                f"{label}: the interaction answers '{rid}', but there is no response declaration "
                                "with that identifier")]
    item.type = _interaction_type(interaction, rd)
    declared_type = item.meta.get("type")
    if declared_type and declared_type != item.type and not (
        {declared_type, item.type} <= {"single_choice", "multiple_response", "true_false"}
    ):
        errors.append(LineError(where, f"{label}: the metadata says type '{declared_type}', but the question is a "
                                       f"{_local(interaction)} ({item.type})"))
    if declared_type:
        item.type = declared_type
    correct = _values(rd.find(q("qti-correct-response")))
    mapping = rd.find(q("qti-mapping"))
    data = item.data
    prompt = interaction.find(q("qti-prompt"))
    if prompt is not None:
        data["stem"] = _get_text(prompt, tidy=tidy)
    else:
        stem_div = next((d for d in body.iter(q("div")) if "stem" in (d.get("class") or "").split()), None)
        if stem_div is not None:
            data["stem"] = _get_text(stem_div, tidy=tidy)
        else:
            blocks = [el for el in body if isinstance(el.tag, str) and not any(
                _local(x) in INTERACTIONS for x in el.iter())]
            holder = etree.Element(q("div"))
            for block in blocks:
                copy = etree.fromstring(etree.tostring(block))  # re-parsing our own serialised element
                copy.tail = None
                holder.append(copy)
            if not blocks and interaction.getparent() is not None and interaction.getparent() is not body:
                holder.text = interaction.getparent().text
            data["stem"] = _get_text(holder, tidy=tidy)
            if len(blocks) == 1 and len(holder[0]) == 0:
                data["stem"] = _get_text(holder[0], tidy=tidy)
    ilabel = f"{path} line {interaction.sourceline}"
    if item.type in ("single_choice", "multiple_response", "true_false", "ordering"):
        options = []
        for choice in interaction.findall(q("qti-simple-choice")):
            option: dict[str, Any] = {"key": choice.get("identifier", ""),
                                      "text": _get_text(choice, ("qti-feedback-inline",), tidy=tidy)}
            fb = choice.find(q("qti-feedback-inline"))
            if fb is not None:
                option["feedback"] = _get_text(fb, tidy=tidy)
            if item.type != "ordering":
                option["correct"] = option["key"] in correct
            options.append(option)
        if item.type == "ordering":
            keys = [o["key"] for o in options]
            if sorted(correct) != sorted(keys):
                errors.append(LineError(ilabel, f"{label}: the correct order (qti-correct-response) must list "
                                                "every option exactly once"))
            else:
                options.sort(key=lambda o: correct.index(o["key"]))
        elif not correct and mapping is None:
            errors.append(LineError(ilabel, f"{label} has no correct answer (qti-correct-response is missing)"))
        elif not correct and mapping is not None:
            for option in options:
                entry = next((e for e in mapping.findall(q("qti-map-entry")) if e.get("map-key") == option["key"]),
                             None)
                option["correct"] = entry is not None and (parse_number(entry.get("mapped-value", "0")) or 0) > 0
        if item.type == "true_false":
            for option in options:
                option["key"] = option["key"].lower()
        if item.type == "multiple_response" and "scoring" not in item.meta and not item.ours and mapping is None:
            item.meta["scoring"] = "all_or_nothing"
        data["options"] = options
    elif item.type == "matching":
        sets = interaction.findall(q("qti-simple-match-set"))
        if len(sets) != 2:
            return item, [*errors, LineError(ilabel, f"{label}: a match question needs two sets of choices "
                                                     "(qti-simple-match-set)")]
        left = {c.get("identifier", ""): _get_text(c, tidy=tidy) for c in sets[0].findall(
            q("qti-simple-associable-choice"))}
        right = {c.get("identifier", ""): _get_text(c, tidy=tidy) for c in sets[1].findall(
            q("qti-simple-associable-choice"))}
        matched = {}
        for value in correct:
            parts = value.split()
            if len(parts) == 2:
                a, b = parts if parts[0] in left else parts[::-1]
                matched[a] = b
        pairs = []
        for left_id, left_text in left.items():
            right_id = matched.get(left_id)
            if right_id not in right:
                errors.append(LineError(ilabel, f"{label}: '{left_text}' has no correct match"))
                continue
            pair_key = left_id[2:] if left_id.startswith("L-") and right_id == f"R-{left_id[2:]}" else left_id
            pairs.append({"key": pair_key, "left": left_text, "right": right[right_id]})
        data["pairs"] = pairs
    elif item.type == "numeric":
        answer = parse_number(correct[0]) if correct else None
        if answer is None:
            errors.append(LineError(ilabel, f"{label}: the correct answer '{correct[0] if correct else ''}' is not "
                                            "a number"))
        data["answer"] = answer
        tolerance: int | float | None = 0
        equal = root.find(f".//{q('qti-response-processing')}//{q('qti-equal')}")
        if equal is not None and equal.get("tolerance-mode") in ("absolute", "relative") and equal.get("tolerance"):
            tolerance = parse_number(equal.get("tolerance", "0").split()[0])
        data["tolerance"] = tolerance
        unit = next((s for s in body.iter(q("span")) if "unit" in (s.get("class") or "").split()), None)
        if unit is not None:
            data["unit"] = _get_text(unit, tidy=tidy)
    elif item.type == "short_text":
        if mapping is not None:
            accepted = [e.get("map-key", "") for e in mapping.findall(q("qti-map-entry"))
                        if (parse_number(e.get("mapped-value", "0")) or 0) > 0]
        else:
            accepted = correct
        if not accepted:
            errors.append(LineError(ilabel, f"{label} has no accepted answers (qti-correct-response or qti-mapping)"))
        data["accepted"] = accepted
    rationale = item.meta.get("rationale")
    if rationale is None:
        modal = root.find(q("qti-modal-feedback"))
        if modal is not None and modal.find(q("qti-content-body")) is not None:
            modal = modal.find(q("qti-content-body"))  # QTI 3.0 wraps modal feedback content
        rationale = _get_text(modal, tidy=tidy) if modal is not None else None
    if rationale is not None:
        data["rationale"] = rationale
    ref = root.find(q("qti-assessment-stimulus-ref"))
    if ref is not None:
        item.case_ref = _strip_lang(ref.get("identifier", ""), item.lang)
    return item, errors


def _lang_map(items: dict[str, _LangItem], get: Any) -> dict[str, Any]:
    return {lang: get(it) for lang, it in items.items()}


def _merge(key: str, versions: dict[str, _LangItem], defaults: Mapping[str, Any], fill: bool
           ) -> tuple[dict[str, Any] | None, list[LineError]]:
    """One record from the language versions of one question."""
    errors: list[LineError] = []
    first = versions[next(lang for lang in LANGS if lang in versions)]
    label = f"question '{key}'"
    missing = [lang for lang in LANGS if lang not in versions]
    if missing and not fill:
        have = ", ".join(LANG_NAMES[lang] for lang in versions)
        return None, [LineError(first.where, f"{label} has no {LANG_NAMES[missing[0]]} version (only {have} was "
                                             "found); add it to the package, or import with 'fill in missing "
                                             "language' switched on")]
    types = {it.type for it in versions.values()}
    if len(types) > 1:
        return None, [LineError(first.where, f"{label}: the language versions are different question types "
                                             f"({', '.join(sorted(types))})")]
    meta = {**{k: v for k, v in defaults.items()}, **first.meta}
    for lang, it in versions.items():
        for name in ("competence", "level", "high_risk", "author", "policy_refs", "case", "scoring"):
            if name in it.meta and name in first.meta and it.meta[name] != first.meta[name]:
                errors.append(LineError(it.where, f"{label}: the {LANG_NAMES[lang]} version has a different "
                                                  f"{name.replace('_', ' ')} ({it.meta[name]!r} instead of "
                                                  f"{first.meta[name]!r})"))
    kind = first.type
    record: dict[str, Any] = {"key": key, "type": kind}
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
    record["stem"] = _lang_map(versions, lambda it: it.data.get("stem", ""))
    if kind in ("single_choice", "multiple_response", "true_false", "ordering"):
        shapes = {lang: [(o["key"], o.get("correct")) for o in it.data["options"]] for lang, it in versions.items()}
        base = shapes[first.lang or "nl"]
        for lang, shape in shapes.items():
            if shape != base:
                errors.append(LineError(versions[lang].where, f"{label}: the {LANG_NAMES[lang]} version has other "
                                                              "options or other correct answers than the "
                                                              f"{LANG_NAMES[first.lang or 'nl']} version"))
        options = []
        for i, (okey, ok) in enumerate(base):
            option: dict[str, Any] = {"key": okey}
            option["text"] = _lang_map(versions, lambda it, i=i: it.data["options"][i]["text"]
                                       if i < len(it.data["options"]) else "")
            if kind != "ordering":
                option["correct"] = bool(ok)
            feedback = {lang: it.data["options"][i].get("feedback") for lang, it in versions.items()
                        if i < len(it.data["options"]) and it.data["options"][i].get("feedback") is not None}
            if feedback:
                option["feedback"] = feedback
            options.append(option)
        record["options"] = options
    elif kind == "matching":
        keys = {lang: [p["key"] for p in it.data["pairs"]] for lang, it in versions.items()}
        base_keys = keys[first.lang or "nl"]
        for lang, value in keys.items():
            if value != base_keys:
                errors.append(LineError(versions[lang].where, f"{label}: the {LANG_NAMES[lang]} version has other "
                                                              "pairs than the other language"))
        record["pairs"] = [
            {"key": pkey,
             "left": _lang_map(versions, lambda it, i=i: it.data["pairs"][i]["left"] if i < len(it.data["pairs"])
                               else ""),
             "right": _lang_map(versions, lambda it, i=i: it.data["pairs"][i]["right"] if i < len(it.data["pairs"])
                                else "")}
            for i, pkey in enumerate(base_keys)
        ]
    elif kind == "numeric":
        for name in ("answer", "tolerance"):
            values = {it.data.get(name) for it in versions.values()}
            if len(values) > 1:
                errors.append(LineError(first.where, f"{label}: the language versions have different {name}s "
                                                     f"({', '.join(map(str, values))})"))
            record[name] = first.data.get(name)
        if any("unit" in it.data for it in versions.values()):
            record["unit"] = {lang: it.data.get("unit", "") for lang, it in versions.items()}
    elif kind == "short_text":
        record["accepted"] = _lang_map(versions, lambda it: list(it.data.get("accepted", [])))
    if any("rationale" in it.data for it in versions.values()):
        record["rationale"] = {lang: it.data["rationale"] for lang, it in versions.items() if "rationale" in it.data}
    elif meta.get("rationale"):
        record["rationale"] = dict(meta["rationale"]) if isinstance(meta["rationale"], Mapping) else {
            lang: meta["rationale"] for lang in LANGS}
    if fill:
        for lang in missing:
            walk_texts(record, lambda text, lang=lang: fill_language(text, lang))
            if kind == "short_text":
                other = next(v for v in record["accepted"].values() if v)
                record["accepted"].setdefault(lang, list(other))
    return (canonical(record) if not errors else None), errors


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
    errors: list[LineError] = []
    metas: dict[str, _Meta] = {}
    item_paths: list[str] = []
    stimulus_paths: list[str] = []
    if "imsmanifest.xml" in files:
        manifest, problems = parse_xml(files["imsmanifest.xml"], "imsmanifest.xml")
        errors.extend(problems)
        if manifest is not None:
            resources = _parse_manifest(manifest)
            for href, kind, meta in resources:
                path = posixpath.normpath(href)
                if kind.startswith("imsqti_test") or not path.endswith(".xml"):
                    continue
                if path not in files:
                    errors.append(LineError("imsmanifest.xml", f"the manifest lists '{href}', but that file is "
                                                               "not in the package"))
                    continue
                metas[path] = meta
                (stimulus_paths if "stimulus" in kind else item_paths).append(path)
    if not item_paths and not errors:
        item_paths = [p for p in files if p.endswith(".xml") and p != "imsmanifest.xml"]
    roots: dict[str, etree._Element] = {}
    for path in dict.fromkeys([*item_paths, *stimulus_paths]):
        root, problems = parse_xml(files[path], path)
        errors.extend(problems)
        if root is not None:
            roots[path] = root
    versions: dict[str, dict[str, _LangItem]] = {}
    failed: set[str] = set()
    case_texts: dict[str, dict[str, dict[str, str]]] = {}
    for path, root in roots.items():
        where = f"{path} line {root.sourceline or 1}"
        local = _local(root)
        if local in ("qti-assessment-stimulus", "assessmentStimulus"):
            if local == "assessmentStimulus":
                upgrade_qti2(root)
            lang = _lang_of(root.get(XML_LANG)) or (metas.get(path) or _Meta()).lang
            key = _strip_lang(root.get("identifier", ""), lang)
            text_div = next((d for d in root.iter(q("div")) if "case-text" in (d.get("class") or "").split()),
                            root.find(q("qti-stimulus-body")))
            entry = case_texts.setdefault(key, {"title": {}, "text": {}})
            if lang:
                entry["title"][lang] = root.get("title", "")
                entry["text"][lang] = _get_text(text_div)
            continue
        if local in ("qti-assessment-test", "assessmentTest", "qti-assessment-section", "assessmentSection"):
            continue
        if path not in item_paths:
            continue
        item, problems = _parse_item(root, where, path, metas.get(path))
        errors.extend(problems)
        if item is None or problems:
            if item is not None and item.key:
                failed.add(item.key)  # its other language version is not reported as "missing"
            continue
        by_lang = versions.setdefault(item.key, {})
        if item.lang in by_lang:
            errors.append(LineError(where, f"question '{item.key}' has two {LANG_NAMES.get(item.lang or '', '?')} "
                                           f"versions (also {by_lang[item.lang].where})"))
            continue
        by_lang[item.lang or "nl"] = item
    records: list[dict[str, Any]] = []
    locations: list[str] = []
    for key, by_lang in versions.items():
        if key in failed:
            continue
        record, problems = _merge(key, by_lang, defaults or {}, fill_missing_language)
        errors.extend(problems)
        if record is not None:
            records.append(record)
            locations.append(next(by_lang[lang].where for lang in LANGS if lang in by_lang))
    cases = []
    for key, texts in case_texts.items():
        case = {"key": key, "title": texts["title"], "text": texts["text"]}
        missing = [lang for lang in LANGS if lang not in texts["text"]]
        if missing and fill_missing_language:
            fill_language(case["title"], missing[0])
            fill_language(case["text"], missing[0])
        elif missing:
            errors.append(LineError(f"case '{key}'", f"the case has no {LANG_NAMES[missing[0]]} version"))
        cases.append(case)
    if not records and not errors:
        errors.append(LineError(name, "the package contains no questions"))
    known = None
    if known_cases is not None:
        known = {*known_cases, *case_texts}
    errors.extend(check_records(records, locations, model, known))
    return result(records, cases, errors)


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


__all__ = ["export_qti3", "import_qti3", "import_qti21", "item_xml", "normalise_html", "stimulus_xml", "test_xml"]
