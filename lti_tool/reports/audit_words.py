"""An audit entry's change in words: each field that changed as "field: before → after", nested content
compared field by field, long values cut with an ellipsis, field names from the catalogue where known (the raw
JSON stays in the CSV's before/after columns for machines)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: field names people read (others are shown as they are stored)
FIELDS = {"status": _l("status"), "role": _l("role"), "reason": _l("reason"), "level": _l("level"),
          "levels": _l("levels"), "extra_minutes": _l("extra minutes"), "note": _l("note"), "due": _l("due date"),
          "pass_mark": _l("pass mark"), "version": _l("version"), "comment": _l("comment"),
          "time_limit_minutes": _l("time limit (minutes)"), "max_attempts": _l("attempts"),
          "retake_wait_days": _l("waiting days"), "valid_until": _l("valid until"), "person": _l("person"),
          "effective_from": _l("in force from"), "clauses": _l("policy clauses"), "items": _l("items"),
          "created": _l("new"), "updated": _l("updated"), "unchanged": _l("unchanged"), "left": _l("marked as left")}
LONGEST = 80
MOST = 12


def change_lines(before: Any, after: Any) -> list[str]:
    """What changed from ``before`` to ``after`` (either may be missing), one line per field, at most ``MOST``."""
    lines: list[str] = []
    _compare(before, after, "", lines)
    if len(lines) > MOST:
        lines = [*lines[:MOST], _("… and %(n)d more changes", n=len(lines) - MOST)]
    return lines


def _compare(before: Any, after: Any, path: str, lines: list[str]) -> None:
    if isinstance(before, Mapping) or isinstance(after, Mapping):
        old = before if isinstance(before, Mapping) else {}
        new = after if isinstance(after, Mapping) else {}
        for key in sorted(set(old) | set(new), key=str):
            if old.get(key) != new.get(key):
                _compare(old.get(key), new.get(key), f"{path}.{key}" if path else str(key), lines)
        return
    if before == after:
        return
    name = _field(path)
    if before is None:
        lines.append(f"{name}: {_value(after)}" if name else _value(after))
    elif after is None:
        lines.append(_("%(field)s: %(value)s removed", field=name or "–", value=_value(before)))
    else:
        lines.append(f"{name}: {_value(before)} → {_value(after)}" if name else f"{_value(before)} → {_value(after)}")


def _field(path: str) -> str:
    last = path.rsplit(".", 1)[-1]
    return f"{path.rsplit('.', 1)[0]}.{FIELDS[last]}" if "." in path and last in FIELDS else \
        str(FIELDS.get(last, path))


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"
