"""Authored HTML (question stems, options, feedback) is sanitised before it is shown."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "em", "strong", "b", "i", "u", "ul", "ol", "li", "code", "pre", "blockquote",
                "sub", "sup", "span", "table", "thead", "tbody", "tr", "th", "td", "abbr"}
ALLOWED_ATTRIBUTES = {"abbr": {"title"}, "th": {"scope"}, "span": {"lang"}}


@lru_cache(maxsize=8192)  # the same stems and options are shown to everyone taking the exam
def sanitise(html: str) -> str:
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None)


def safe_html(html: str) -> Markup:
    """Jinja filter: sanitised authored HTML, safe to insert."""
    return Markup(sanitise(html))  # noqa: S704 - sanitised by nh3 just above
