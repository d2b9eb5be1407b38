"""Query parameters of the report, export, dossier and rollout pages: parsed strictly, refused with a 400.

Parsing raises ``BadParameter(code, **params)``; the sentence for each code is chosen here, at the edge, in the
user's language (``MESSAGES``), so every malformed value gets the same page: what was wrong and what to do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from flask import request
from flask_babel import gettext as _

from ..errors import UserError

EARLIEST = dt.date(2000, 1, 1)  # reports start in 2000 and end in 2100: anything else is a typing error
LATEST = dt.date(2100, 12, 31)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

MESSAGES: dict[str, Callable[..., str]] = {
    "not_a_date": lambda name, value: _(
        "“%(value)s” for %(name)s is not a date. Write it as year-month-day, for example 2026-12-31.",
        value=value, name=name),
    "date_out_of_range": lambda name, value, first, last: _(
        "%(value)s for %(name)s is outside the range of the reports (%(first)s to %(last)s).",
        value=value, name=name, first=first, last=last),
    "not_a_choice": lambda name, value, choices: _(
        "“%(value)s” is not a valid value for %(name)s. Choose one of: %(choices)s.",
        value=value, name=name, choices=choices),
    "from_after_as_of": lambda start, day: _(
        "The start date %(start)s is after the reporting date %(day)s. Choose a start date on or before it.",
        start=start, day=day),
    "before_first_quarter": lambda value, first: _(
        "There are no published figures for %(value)s: the first quarter end with figures is %(first)s.",
        value=value, first=first),
    "repeated": lambda name: _("%(name)s is given more than once. Give it once.", name=name),
    "not_a_page": lambda name, value: _(
        "“%(value)s” for %(name)s is not a page number. Give a whole number from 1 upwards.",
        value=value, name=name),
    "not_text": lambda name, limit: _(
        "%(name)s must be plain text of at most %(limit)s characters, without control characters.",
        name=name, limit=limit),
}


def _label(name: str) -> str:
    """The parameter as the page calls it, with its name in the address."""
    labels = {"as_of": _("As of"), "from": _("Certificates issued from (optional)"), "format": _("Format"),
              "by": _("Group by"), "mix_by": _("Level mix by"),
              "q": _("Search"), "status": _("Status"), "sort": _("Sort by"), "order": _("Order"),
              "size": _("Per page"), "page": _("Page"), "who": _("Who"), "subject": _("Object"),
              "state": _("State"), "reason": _("Reason"), "item": _("Question")}
    return f"“{labels[name]}” ({name})" if name in labels else name


class BadParameter(UserError):
    """A malformed or unusable query parameter: ``code`` names the problem, ``params`` fill in the sentence."""

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.params = params
        if "name" in params:
            params = {**params, "name": _label(params["name"])}
        super().__init__(MESSAGES[code](**params), 400,
                         hint=_("Change the address or use the form on the page, then try again."))


def _single(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        raise BadParameter("repeated", name=name)
    return values[0] if values else None


def shown(value: str, limit: int = 40) -> str:
    """A user's value as it may be quoted back: printable and short."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in value)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def date_arg(name: str, default: dt.date | None = None) -> dt.date | None:
    """``name`` as a date (YYYY-MM-DD between 2000 and 2100); ``default`` when absent or empty."""
    raw = (_single(name) or "").strip()
    if not raw:
        return default
    try:
        if not _ISO_DAY.fullmatch(raw):
            raise ValueError(raw)
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter("not_a_date", name=name, value=shown(raw)) from None
    if not EARLIEST <= day <= LATEST:
        raise BadParameter("date_out_of_range", name=name, value=raw, first=EARLIEST.isoformat(),
                           last=LATEST.isoformat())
    return day


def choice_arg(name: str, choices: Iterable[str], default: str) -> str:
    """``name`` as one of ``choices``; ``default`` when absent or empty."""
    allowed = list(choices)
    raw = _single(name)
    if raw is None or raw == "":
        return default
    if raw not in allowed:
        raise BadParameter("not_a_choice", name=name, value=shown(raw), choices=", ".join(allowed))
    return raw


def page_arg(name: str = "page") -> int:
    """``name`` as a page number (a whole number from 1 to 10⁶); 1 when absent or empty."""
    raw = (_single(name) or "").strip()
    if not raw:
        return 1
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 1_000_000):
        raise BadParameter("not_a_page", name=name, value=shown(raw))
    return int(raw)


def text_arg(name: str, limit: int = 100) -> str:
    """``name`` as plain text (stripped, "" when absent): no control characters, at most ``limit`` long."""
    raw = (_single(name) or "").strip()
    if len(raw) > limit or not raw.isprintable():
        raise BadParameter("not_text", name=name, limit=str(limit))
    return raw


def id_arg(value: str) -> int | None:
    """A database id from the address: a positive whole number that fits the column, else ``None``."""
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**31 else None
