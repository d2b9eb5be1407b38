"""Test helper: a QTI 3.0 item written down as QTI 2.1 by names alone (``qti-text-entry-interaction`` →
``textEntryInteraction``, ``base-type`` → ``baseType``, the 2.1 namespace and template URLs), the way a
2.1-only tool would hold it. ``qti-assessment-stimulus-ref`` has no 2.1 form and is left out."""

from __future__ import annotations

from lxml import etree

QTI3_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
QTI21_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
TEMPLATES = ("https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/",
             "http://www.imsglobal.org/question/qti_v2p1/rptemplates/")


def _camel(name: str) -> str:
    first, *rest = name.split("-")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def _convert(source: etree._Element) -> etree._Element | None:
    name = etree.QName(source).localname
    if name == "qti-assessment-stimulus-ref":
        return None
    target = etree.Element(f"{{{QTI21_NS}}}{_camel(name[4:]) if name.startswith('qti-') else name}",
                           nsmap={None: QTI21_NS} if source.getparent() is None else None)
    for key, value in source.attrib.items():
        if key.startswith("{"):
            if not key.startswith(f"{{{XSI_NS}}}"):
                target.set(key, value)
            continue
        target.set(_camel(key), value.replace(*TEMPLATES) if key == "template" else value)
    target.text = source.text
    for child in source:
        converted = etree.Comment(child.text) if not isinstance(child.tag, str) else _convert(child)
        if converted is None:
            continue
        converted.tail = child.tail
        target.append(converted)
    return target


def to_qti21(item: bytes) -> bytes:
    converted = _convert(etree.fromstring(item))
    assert converted is not None
    return etree.tostring(converted, xml_declaration=True, encoding="UTF-8")
