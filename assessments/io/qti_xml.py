"""QTI 3.0 building blocks shared by the package format (``qti``) and the item types' QTI codecs:
texts as XHTML and back, element helpers, response-processing pieces, and the language version of an
item being read (:class:`LangItem`, :class:`QtiRead`)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import lxml.html
from lxml import etree

from ..problems import Problem
from . import LineError
from .values import is_html

QTI_NS = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
RP_TEMPLATES = "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/"
#: XHTML elements written into QTI content (everything else in an HTML text is reduced to its text)
XHTML = {
    "p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "code", "pre", "ul", "ol", "li", "span", "div",
    "blockquote", "a", "small", "q", "cite", "kbd", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "dl", "dt", "dd", "img", "big", "tt",
    "samp", "var", "dfn", "address", "col", "colgroup", "object", "param", "acronym", "label",
}
VOID = {"br", "hr", "img", "col", "param"}
HTML_ATTRS = {"class", "href", "title", "lang", "dir", "src", "alt", "width", "height", "colspan", "rowspan"}


def q(name: str) -> str:
    return f"{{{QTI_NS}}}{name}"


def local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


# --- texts ------------------------------------------------------------------------------------------------


def put_text(parent: etree._Element, text: str) -> None:
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
    name = local(el)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in el.attrib.items() if not k.startswith("{"))
    if name in VOID:
        return f"<{name}{attrs}>"
    return f"<{name}{attrs}>{_inner_html(el, skip)}</{name}>"


def _inner_html(el: etree._Element, skip: Sequence[str]) -> str:
    parts = [_esc(el.text)]
    for child in el:
        if isinstance(child.tag, str) and local(child) not in skip:
            parts.append(_element_html(child, skip))
        parts.append(_esc(child.tail))
    return "".join(parts)


def get_text(el: etree._Element | None, skip: Sequence[str] = (), *, tidy: bool = False) -> str:
    """The content of ``el`` as a record text: plain text when it has no child elements, else HTML."""
    if el is None:
        return ""
    children = [c for c in el if isinstance(c.tag, str) and local(c) not in skip]
    text = _inner_html(el, skip) if children else (el.text or "") + "".join(c.tail or "" for c in el)
    if tidy:
        text = re.sub(r"\s*\n\s*", " ", text)
    return text.strip()


def normalise_html(text: str) -> str:
    """The form in which an HTML text comes back from a QTI round trip (plain text is returned as is)."""
    if not is_html(text):
        return text
    holder = etree.Element(q("div"))
    put_text(holder, text)
    return get_text(holder)


# --- writing ----------------------------------------------------------------------------------------------


def sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, q(name), {k.replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def number(value: float | int) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def set_outcome(rp: etree._Element, identifier: str, value: etree._Element | None = None) -> etree._Element:
    setter = sub(rp, "qti-set-outcome-value", identifier=identifier)
    if value is not None:
        setter.append(value)
    return setter


def base_value(base_type: str, value: str) -> etree._Element:
    element = etree.Element(q("qti-base-value"), {"base-type": base_type})
    element.text = value
    return element


def variable(name: str, identifier: str = "RESPONSE") -> etree._Element:
    return etree.Element(q(name), {"identifier": identifier})


def score_if(rp: etree._Element, condition: etree._Element) -> None:
    """SCORE 1 when ``condition`` holds, else 0."""
    cond = sub(rp, "qti-response-condition")
    branch = sub(cond, "qti-response-if")
    branch.append(condition)
    set_outcome(branch, "SCORE", base_value("float", "1"))
    other = sub(cond, "qti-response-else")
    set_outcome(other, "SCORE", base_value("float", "0"))


def compare_response(name: str, **attrs: str) -> etree._Element:
    """``<name>`` of the RESPONSE variable and the correct response (qti-match, qti-equal, …)."""
    element = etree.Element(q(name), attrs)
    element.append(variable("qti-variable"))
    element.append(variable("qti-correct"))
    return element


def prompted_interaction(body: etree._Element, name: str, stem: str, **attrs: str) -> etree._Element:
    """An interaction answering RESPONSE, with the stem as its qti-prompt."""
    interaction = sub(body, name, response_identifier="RESPONSE", **attrs)
    put_text(sub(interaction, "qti-prompt"), stem)
    return interaction


# --- reading ----------------------------------------------------------------------------------------------


class LangItem:
    """One language version of an imported question, before the versions are merged into a record."""

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


@dataclass
class QtiRead:
    """What an item type's codec reads its fields from: one interaction of one language version."""

    root: etree._Element
    body: etree._Element
    interaction: etree._Element
    declaration: etree._Element
    item: LangItem
    label: str
    where: str
    tidy: bool
    correct: list[str] = field(default_factory=list)

    @property
    def mapping(self) -> etree._Element | None:
        return self.declaration.find(q("qti-mapping"))

    def text(self, el: etree._Element | None, skip: Sequence[str] = ()) -> str:
        return get_text(el, skip, tidy=self.tidy)

    def error(self, code: str, **params: Any) -> LineError:
        """A problem with this question (``label`` is filled in) at the interaction's line."""
        return LineError(self.where, Problem(code, label=self.label, **params))


def values_of(el: etree._Element | None) -> list[str]:
    return [] if el is None else [(v.text or "").strip() for v in el.findall(q("qti-value"))]


def lang_map(items: Mapping[str, LangItem], get: Callable[[LangItem], Any]) -> dict[str, Any]:
    return {lang: get(it) for lang, it in items.items()}
