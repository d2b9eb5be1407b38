"""A strict, hand-written structural check of QTI 3.0 documents, for the elements this package writes.

The official XSD (``imsqti_asiv3p0p1_v1p0.xsd``) could not be obtained in this environment, so the
content model of every element we use is written down here from the QTI 3.0 ASI information model
(child order and multiplicity, required attributes, enumerated values, identifier syntax, which
elements may hold text). Any element not listed is an error: the check is deliberately narrower than
the standard. Used by the tests on every exported item, stimulus and test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

QTI_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
BOOL = ("true", "false")
NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
CARDINALITY = ("single", "multiple", "ordered", "record")
BASE_TYPES = ("boolean", "directedPair", "duration", "file", "float", "identifier", "integer", "pair", "point",
              "string", "uri")
EXPRESSIONS = ("(qti-match|qti-equal|qti-variable|qti-correct|qti-map-response|qti-base-value|qti-multiple|"
               "qti-and|qti-or|qti-not|qti-index|qti-lt|qti-gte|qti-lte|qti-sum|qti-product|qti-max|qti-subtract|"
               "qti-divide|qti-container-size|qti-string-match|qti-pattern-match|qti-custom-operator) ")
RULES = "(qti-response-condition|qti-set-outcome-value|qti-exit-response) "
INLINE = ("span", "strong", "em", "b", "i", "u", "sub", "sup", "code", "br", "small", "q", "cite", "kbd", "abbr",
          "a", "qti-text-entry-interaction")
BLOCK = ("p", "div", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table")
FLOW = "(" + "|".join((*INLINE, *BLOCK)) + ") "
INLINE_RE = "(" + "|".join(INLINE) + ") "
HTML_ATTRS = {"class", "id", "title", "lang", "dir", "{http://www.w3.org/XML/1998/namespace}lang"}


@dataclass(frozen=True)
class Rule:
    children: str = ""  # regex over "name name " of the child elements
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    text: bool = False  # may hold non-whitespace text
    values: dict[str, object] = field(default_factory=dict)  # attribute → tuple of values, regex or "ncname"


ITEM_BODY_BLOCKS = "(" + "|".join((*BLOCK, "qti-choice-interaction", "qti-order-interaction",
                                   "qti-match-interaction")) + ") "
RULES_TABLE: dict[str, Rule] = {
    "qti-assessment-item": Rule(
        "(qti-response-declaration )*(qti-outcome-declaration )*(qti-assessment-stimulus-ref )*"
        "(qti-item-body )?(qti-response-processing )?(qti-modal-feedback )*",
        ("identifier", "title", "time-dependent"), ("adaptive", "label", "tool-name", "tool-version"),
        values={"identifier": "ncname", "time-dependent": BOOL, "adaptive": BOOL}),
    "qti-response-declaration": Rule(
        "(qti-default-value )?(qti-correct-response )?(qti-mapping )?", ("identifier", "cardinality"),
        ("base-type",), values={"identifier": "ncname", "cardinality": CARDINALITY, "base-type": BASE_TYPES}),
    "qti-outcome-declaration": Rule(
        "(qti-default-value )?", ("identifier", "cardinality"), ("base-type", "normal-maximum", "normal-minimum"),
        values={"identifier": "ncname", "cardinality": CARDINALITY, "base-type": BASE_TYPES,
                "normal-maximum": NUMBER}),
    "qti-correct-response": Rule("(qti-value )+"),
    "qti-default-value": Rule("(qti-value )+"),
    "qti-value": Rule("", (), ("field-identifier", "base-type"), text=True),
    "qti-mapping": Rule("(qti-map-entry )+", (), ("lower-bound", "upper-bound", "default-value"),
                        values={"lower-bound": NUMBER, "upper-bound": NUMBER, "default-value": NUMBER}),
    "qti-map-entry": Rule("", ("map-key", "mapped-value"), ("case-sensitive",),
                          values={"mapped-value": NUMBER, "case-sensitive": BOOL}),
    "qti-assessment-stimulus-ref": Rule("", ("identifier", "href"), ("title",), values={"identifier": "ncname"}),
    "qti-item-body": Rule(f"({ITEM_BODY_BLOCKS})*"),
    "qti-choice-interaction": Rule(
        "(qti-prompt )?(qti-simple-choice )+", ("response-identifier",),
        ("shuffle", "max-choices", "min-choices", "orientation"),
        values={"response-identifier": "ncname", "shuffle": BOOL, "max-choices": re.compile(r"\d+"),
                "min-choices": re.compile(r"\d+")}),
    "qti-order-interaction": Rule(
        "(qti-prompt )?(qti-simple-choice )+", ("response-identifier",),
        ("shuffle", "max-choices", "min-choices", "orientation"),
        values={"response-identifier": "ncname", "shuffle": BOOL}),
    "qti-match-interaction": Rule(
        "(qti-prompt )?(qti-simple-match-set ){2}", ("response-identifier",),
        ("shuffle", "max-associations", "min-associations"),
        values={"response-identifier": "ncname", "shuffle": BOOL, "max-associations": re.compile(r"\d+")}),
    "qti-simple-match-set": Rule("(qti-simple-associable-choice )*"),
    "qti-simple-associable-choice": Rule(f"({FLOW})*", ("identifier", "match-max"), ("match-min", "fixed"),
                                         text=True, values={"identifier": "ncname", "match-max": re.compile(r"\d+")}),
    "qti-prompt": Rule(f"({FLOW})*", text=True),
    "qti-simple-choice": Rule(f"({FLOW}|qti-feedback-inline )*", ("identifier",), ("fixed", "show-hide"),
                              text=True, values={"identifier": "ncname", "fixed": BOOL}),
    "qti-feedback-inline": Rule(f"({INLINE_RE})*", ("outcome-identifier", "identifier"), ("show-hide",), text=True,
                                values={"outcome-identifier": "ncname", "identifier": "ncname",
                                        "show-hide": ("show", "hide")}),
    "qti-text-entry-interaction": Rule("", ("response-identifier",),
                                       ("expected-length", "pattern-mask", "placeholder-text", "base", "format"),
                                       values={"response-identifier": "ncname",
                                               "expected-length": re.compile(r"\d+")}),
    "qti-response-processing": Rule(f"({RULES})*", (), ("template", "template-location")),
    "qti-response-condition": Rule("qti-response-if (qti-response-else-if )*(qti-response-else )?"),
    "qti-response-if": Rule(f"{EXPRESSIONS}({RULES})*"),
    "qti-response-else": Rule(f"({RULES})*"),
    "qti-set-outcome-value": Rule(EXPRESSIONS, ("identifier",), values={"identifier": "ncname"}),
    "qti-match": Rule(f"{EXPRESSIONS}{EXPRESSIONS}"),
    "qti-equal": Rule(f"{EXPRESSIONS}{EXPRESSIONS}", ("tolerance-mode",), ("tolerance", "include-lower-bound",
                                                                            "include-upper-bound"),
                      values={"tolerance-mode": ("exact", "absolute", "relative"),
                              "tolerance": re.compile(r"-?[\d.]+( -?[\d.]+)?")}),
    "qti-variable": Rule("", ("identifier",), ("weight-identifier",), values={"identifier": "ncname"}),
    "qti-correct": Rule("", ("identifier",), values={"identifier": "ncname"}),
    "qti-map-response": Rule("", ("identifier",), values={"identifier": "ncname"}),
    "qti-base-value": Rule("", ("base-type",), text=True, values={"base-type": BASE_TYPES}),
    "qti-multiple": Rule(f"({EXPRESSIONS})*"),
    **{name: Rule(f"({EXPRESSIONS})+") for name in ("qti-and", "qti-or", "qti-sum", "qti-product", "qti-max")},
    **{name: Rule(f"{EXPRESSIONS}{EXPRESSIONS}") for name in ("qti-lt", "qti-gte", "qti-lte", "qti-subtract",
                                                             "qti-divide")},
    "qti-not": Rule(EXPRESSIONS),
    "qti-container-size": Rule(EXPRESSIONS),
    "qti-index": Rule(EXPRESSIONS, ("n",), values={"n": re.compile(r"[1-9]\d*")}),
    "qti-string-match": Rule(f"{EXPRESSIONS}{EXPRESSIONS}", ("case-sensitive",), ("substring",),
                             values={"case-sensitive": BOOL, "substring": BOOL}),
    "qti-pattern-match": Rule(EXPRESSIONS, ("pattern",)),
    "qti-custom-operator": Rule(f"({EXPRESSIONS})*", (), ("class", "definition")),
    "qti-assessment-stimulus": Rule("qti-stimulus-body ", ("identifier", "title"), (),
                                    values={"identifier": "ncname"}),
    "qti-stimulus-body": Rule(f"(({'|'.join(BLOCK)}) )+"),
    "qti-assessment-test": Rule(
        "(qti-outcome-declaration )*(qti-time-limits )?(qti-test-part )+(qti-outcome-processing )?",
        ("identifier", "title"), ("tool-name", "tool-version"), values={"identifier": "ncname"}),
    "qti-time-limits": Rule("", (), ("min-time", "max-time", "allow-late-submission"),
                            values={"max-time": NUMBER, "min-time": NUMBER}),
    "qti-test-part": Rule("(qti-time-limits )?(qti-assessment-section )+", ("identifier", "navigation-mode",
                                                                            "submission-mode"),
                          values={"identifier": "ncname", "navigation-mode": ("linear", "nonlinear"),
                                  "submission-mode": ("individual", "simultaneous")}),
    "qti-assessment-section": Rule(
        "(qti-time-limits )?(qti-selection )?(qti-ordering )?((qti-assessment-item-ref|qti-assessment-section) )*",
        ("identifier", "title", "visible"), ("fixed", "required", "keep-together"),
        values={"identifier": "ncname", "visible": BOOL}),
    "qti-selection": Rule("", ("select",), ("with-replacement",), values={"select": re.compile(r"\d+")}),
    "qti-ordering": Rule("", (), ("shuffle",), values={"shuffle": BOOL}),
    "qti-assessment-item-ref": Rule("", ("identifier", "href"), ("required", "fixed", "category"),
                                    values={"identifier": "ncname"}),
}
for _name in INLINE:
    if _name not in RULES_TABLE:
        RULES_TABLE[_name] = Rule(f"({INLINE_RE})*" if _name != "br" else "", (), ("href",), text=_name != "br")
for _name in BLOCK:
    RULES_TABLE[_name] = Rule(f"({INLINE_RE})*" if _name in ("p", "pre", "h1", "h2", "h3", "h4", "h5", "h6")
                              else "(li )*" if _name in ("ul", "ol") else f"({FLOW})*", text=_name not in (
                                  "ul", "ol", "hr", "table"))
RULES_TABLE["li"] = Rule(f"({FLOW})*", text=True)
GLOBAL_ATTRS = {"{http://www.w3.org/XML/1998/namespace}lang", "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation",
                "class", "id"}
ROOTS = ("qti-assessment-item", "qti-assessment-stimulus", "qti-assessment-test")


def check_qti3(root: etree._Element) -> list[str]:
    """Every deviation from the content model above (empty when the document conforms)."""
    problems: list[str] = []
    if etree.QName(root).localname not in ROOTS:
        problems.append(f"root element {etree.QName(root).localname} is not one of {ROOTS}")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        qname = etree.QName(el)
        where = f"line {el.sourceline} <{qname.localname}>"
        if qname.namespace != QTI_NS:
            problems.append(f"{where}: not in the QTI 3.0 namespace")
            continue
        rule = RULES_TABLE.get(qname.localname)
        if rule is None:
            problems.append(f"{where}: element not allowed")
            continue
        sequence = "".join(f"{etree.QName(c).localname} " for c in el if isinstance(c.tag, str))
        if not re.fullmatch(rule.children, sequence):
            problems.append(f"{where}: children '{sequence.strip()}' do not match {rule.children!r}")
        texts = [el.text or ""] + [c.tail or "" for c in el]
        if not rule.text and any(t.strip() for t in texts):
            problems.append(f"{where}: text is not allowed here")
        allowed = set(rule.required) | set(rule.optional) | GLOBAL_ATTRS
        if qname.localname in INLINE or qname.localname in BLOCK or qname.localname == "li":
            allowed |= HTML_ATTRS
        for attr, value in el.attrib.items():
            if attr not in allowed:
                problems.append(f"{where}: attribute {attr} is not allowed")
                continue
            spec = rule.values.get(attr)
            if spec == "ncname" and not NCNAME.fullmatch(value):
                problems.append(f"{where}: {attr}={value!r} is not a valid identifier (NCName)")
            elif isinstance(spec, tuple) and value not in spec:
                problems.append(f"{where}: {attr}={value!r} is not one of {spec}")
            elif isinstance(spec, re.Pattern) and not spec.fullmatch(value):
                problems.append(f"{where}: {attr}={value!r} has the wrong format")
        for attr in rule.required:
            if attr not in el.attrib:
                problems.append(f"{where}: required attribute {attr} is missing")
    return problems
