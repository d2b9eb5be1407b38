"""Reading one QTI item file (3.0, or 2.x upgraded to 3.0 names) into a language version of a question:
language, key, the one supported interaction, its item type (the type whose codec claims it), stem,
rationale and case; the item type's codec reads its own fields."""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from ..item_types.codec import ItemCodec
from ..item_types.registry import ITEM_TYPES
from ..problems import Problem, place
from . import LineError
from .qti_manifest import XML_LANG, ManifestMeta, lang_of
from .qti_xml import XHTML, LangItem, QtiRead, get_text, local, q, values_of
from .values import LANGS

QTI2_NS = (
    "http://www.imsglobal.org/xsd/imsqti_v2p0",
    "http://www.imsglobal.org/xsd/imsqti_v2p1",
    "http://www.imsglobal.org/xsd/imsqti_v2p2",
)
#: the interactions of the registered item types
INTERACTIONS = tuple(dict.fromkeys(registered.codec.qti_interaction for registered in ITEM_TYPES.values()))
OTHER_INTERACTIONS = (
    "qti-extended-text-interaction", "qti-hottext-interaction", "qti-gap-match-interaction",
    "qti-inline-choice-interaction", "qti-associate-interaction", "qti-slider-interaction",
    "qti-hotspot-interaction", "qti-graphic-order-interaction", "qti-upload-interaction",
    "qti-select-point-interaction", "qti-graphic-gap-match-interaction", "qti-media-interaction",
    "qti-portable-custom-interaction", "qti-custom-interaction", "qti-drawing-interaction",
    "qti-position-object-interaction", "qti-graphic-associate-interaction", "qti-end-attempt-interaction",
)


def codec_of(kind: str) -> ItemCodec | None:
    registered = ITEM_TYPES.get(kind)
    return registered.codec if registered is not None else None


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


def strip_lang(identifier: str, lang: str | None) -> str:
    match = re.fullmatch(r"(.+?)[._-](nl|en)", identifier, flags=re.IGNORECASE)
    if match and (lang is None or match.group(2).lower() == lang):
        return match.group(1)
    return identifier


def _type_of(interaction: etree._Element, rd: etree._Element) -> str:
    """The item type whose codec claims this interaction."""
    return next((key for key, registered in ITEM_TYPES.items() if registered.codec.qti_claims(interaction, rd)), "")


def _same_family(declared: str, found: str) -> bool:
    """A choice interaction may be declared as any choice type (single, multiple, true/false)."""
    a, b = codec_of(declared), codec_of(found)
    return a is not None and b is not None and a.qti_family == b.qti_family


def _find_interaction(root: etree._Element, where: str, label: str
                      ) -> tuple[etree._Element | None, list[etree._Element], list[LineError]]:
    """The one supported interaction of the item body, the response declarations, and the problems."""
    errors: list[LineError] = []
    body = root.find(q("qti-item-body"))
    found = [] if body is None else [el for el in body.iter() if local(el) in INTERACTIONS]
    unsupported = [] if body is None else [el for el in body.iter() if local(el) in OTHER_INTERACTIONS]
    declarations = root.findall(q("qti-response-declaration"))
    if not declarations:
        errors.append(LineError(where, Problem("qti.no_declaration", label=label)))
    if unsupported:
        names = ", ".join(sorted({local(u) for u in unsupported}))
        errors.append(LineError(where, Problem("qti.unsupported", label=label, names=names)))
    elif not found:
        errors.append(LineError(where, Problem("qti.no_interaction", label=label)))
    elif len(found) > 1:
        errors.append(LineError(where, Problem("qti.interactions", label=label, n=len(found))))
    return (found[0] if found else None), declarations, errors


def _read_stem(read: QtiRead) -> None:
    """The stem: the interaction's prompt, a ``<div class="stem">``, or the blocks before the interaction."""
    data, body, interaction = read.item.data, read.body, read.interaction
    prompt = interaction.find(q("qti-prompt"))
    if prompt is not None:
        data["stem"] = read.text(prompt)
        return
    stem_div = next((d for d in body.iter(q("div")) if "stem" in (d.get("class") or "").split()), None)
    if stem_div is not None:
        data["stem"] = read.text(stem_div)
        return
    blocks = [el for el in body if isinstance(el.tag, str) and not any(
        local(x) in INTERACTIONS for x in el.iter())]
    holder = etree.Element(q("div"))
    for block in blocks:
        copy = etree.fromstring(etree.tostring(block))  # re-parsing our own serialised element
        copy.tail = None
        holder.append(copy)
    if not blocks and interaction.getparent() is not None and interaction.getparent() is not body:
        holder.text = interaction.getparent().text
    data["stem"] = read.text(holder)
    if len(blocks) == 1 and len(holder[0]) == 0:
        data["stem"] = read.text(holder[0])


def _read_rationale(item: LangItem, root: etree._Element, tidy: bool) -> None:
    rationale = item.meta.get("rationale")
    if rationale is None:
        modal = root.find(q("qti-modal-feedback"))
        if modal is not None and modal.find(q("qti-content-body")) is not None:
            modal = modal.find(q("qti-content-body"))  # QTI 3.0 wraps modal feedback content
        rationale = get_text(modal, tidy=tidy) if modal is not None else None
    if rationale is not None:
        item.data["rationale"] = rationale


def _start_item(root: etree._Element, where: str, path: str, meta: ManifestMeta) -> LangItem:
    item = LangItem(where, path)
    item.ours = meta.ours
    item.meta = dict(meta.fields)
    item.lang = lang_of(root.get(XML_LANG)) or meta.lang or lang_of(posixpath.splitext(posixpath.basename(path))[0])
    item.key = item.meta.get("key") or strip_lang(root.get("identifier") or "", item.lang)
    return item


def parse_item(root: etree._Element, where: str, path: str, meta: ManifestMeta | None) -> tuple[LangItem | None,
                                                                                        list[LineError]]:
    if etree.QName(root).namespace in QTI2_NS or root.tag == "assessmentItem":
        upgrade_qti2(root)
    if local(root) != "qti-assessment-item":
        return None, [LineError(where, Problem("qti.not_an_item", element=local(root)))]
    meta = meta or ManifestMeta()
    item = _start_item(root, where, path, meta)
    label = place("question", key=item.key or root.get("identifier") or "")
    errors: list[LineError] = []
    if item.lang not in LANGS:
        errors.append(LineError(where, Problem("qti.language", label, lang=item.lang) if item.lang else
                                Problem("qti.no_language", label)))
    interaction, declarations, problems = _find_interaction(root, where, label)
    errors.extend(problems)
    if errors or interaction is None:
        return item, errors
    rid = interaction.get("response-identifier")
    rd = next((d for d in declarations if d.get("identifier") == rid), None)
    if rd is None:
        return item, [LineError(place("file_line", file=path, line=interaction.sourceline),
                                Problem("qti.no_declaration_for", label, rid=rid))]
    item.type = _type_of(interaction, rd)
    declared_type = item.meta.get("type")
    if declared_type and declared_type != item.type and not _same_family(declared_type, item.type):
        errors.append(LineError(where, Problem("qti.type_differs", label, declared=declared_type,
                                               interaction=local(interaction), type=item.type)))
    if declared_type:
        item.type = declared_type
    read = QtiRead(root, root.find(q("qti-item-body")), interaction, rd, item, label,
                   f"{path} line {interaction.sourceline}", not meta.ours,
                   values_of(rd.find(q("qti-correct-response"))))
    _read_stem(read)
    codec = codec_of(item.type)
    if codec is not None:
        errors.extend(codec.qti_read(read))
    _read_rationale(item, root, not meta.ours)
    ref = root.find(q("qti-assessment-stimulus-ref"))
    if ref is not None:
        item.case_ref = strip_lang(ref.get("identifier", ""), item.lang)
    return item, errors
