"""The manifest side of a QTI package: the metadata QTI has no element for (our ``aid:item`` extension
and a LOM ``general`` block per item resource), written on export and read on import."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree

from .qti_scoring import scoring_rule
from .qti_xml import local
from .values import LANGS, parse_number

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
AID_NS = "https://ai-diploma.voorbeeldgroep.example/xsd/qti-item-metadata/v1"
TOOL_NAME = "ai-diploma"


def lom(parent: etree._Element, key: str, title: str, lang: str) -> None:
    lom = etree.SubElement(parent, f"{{{LOM_NS}}}lom", nsmap={None: LOM_NS})
    general = etree.SubElement(lom, f"{{{LOM_NS}}}general")
    ident = etree.SubElement(general, f"{{{LOM_NS}}}identifier")
    etree.SubElement(ident, f"{{{LOM_NS}}}catalog").text = TOOL_NAME
    etree.SubElement(ident, f"{{{LOM_NS}}}entry").text = key
    title_el = etree.SubElement(general, f"{{{LOM_NS}}}title")
    string = etree.SubElement(title_el, f"{{{LOM_NS}}}string", language=lang)
    string.text = title
    etree.SubElement(general, f"{{{LOM_NS}}}language").text = lang


def aid_metadata(parent: etree._Element, record: Mapping[str, Any], lang: str) -> None:
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
    rule = scoring_rule(record)
    if rule:
        add("scoring-rule", rule)
    if "expected_facility" in record:
        add("expected-facility", str(record["expected_facility"]))
    add("rationale", str((record.get("rationale") or {}).get(lang, "")))


def _number_or_text(text: str) -> float | str:
    """A number where the text is one (the record check says what is wrong otherwise)."""
    number = parse_number(text)
    return text if number is None else float(number)


def lang_of(value: str | None) -> str | None:
    if not value:
        return None
    lang = value.split("-")[0].split("_")[0].lower()
    return lang if lang in LANGS else lang or None


class ManifestMeta:
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
        elif name == "expected-facility":
            out["expected_facility"] = _number_or_text(text.strip())
        elif name in ("key", "competence", "level", "type", "author", "case", "scoring"):
            out[name] = text.strip() if name != "author" else text
    return out


def parse_manifest(root: etree._Element) -> list[tuple[str, str, ManifestMeta]]:
    """(href, resource type, metadata) for each resource of the manifest."""
    out: list[tuple[str, str, ManifestMeta]] = []
    for res in root.iter():
        if local(res) != "resource":
            continue
        href = res.get("href") or next((f.get("href") for f in res if local(f) == "file" and f.get("href")), None)
        if not href:
            continue
        meta = ManifestMeta()
        for el in res.iter():
            if isinstance(el.tag, str) and etree.QName(el).namespace == AID_NS and local(el) == "item":
                meta.fields = _read_aid(el)
                meta.ours = True
            elif local(el) == "language" and el.text and meta.lang is None:
                meta.lang = lang_of(el.text.strip())
        out.append((href, res.get("type") or "", meta))
    return out
