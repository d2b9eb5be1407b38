"""A rollout phase's own message to managers: a subject and a text in Dutch and English, each part optional.

In the plan YAML, under a phase::

    message:
      subject: {nl: "Fase {phase}: herinneringen", en: "Phase {phase}: reminders"}
      text: {nl: "Beste {manager}, …", en: "Dear {manager}, …"}

The texts may name the placeholders ``{phase}`` (the phase's name), ``{end}`` (its end date), ``{organisation}``
and ``{manager}``; ``{{`` and ``}}`` write a brace itself. Any other ``{…}`` (``{phase.__class__}``, ``{0}``) or a
lone brace is a problem, and filling in never evaluates anything: it replaces the four names, nothing else (no
``str.format``). A part that is missing falls back, at the edge, to the built-in text of that part and language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .problems import Place, Problem
from .text import LANGUAGES

PLACEHOLDERS = ("phase", "end", "organisation", "manager")
PARTS = ("subject", "text")
LIMITS = {"subject": 200, "text": 4000}
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # line breaks and tabs are text


def has_control(text: str) -> bool:
    """Whether ``text`` has control characters other than line breaks and tabs (a NUL, an escape)."""
    return _CONTROL.search(text) is not None


@dataclass(frozen=True)
class PhaseMessage:
    """The parts that were given: ``subject`` and ``text`` map a language to its text (absent: not given)."""

    subject: Mapping[str, str] = field(default_factory=dict)
    text: Mapping[str, str] = field(default_factory=dict)

    def part(self, part: str, lang: str) -> str | None:
        """The text of ``part`` ("subject" or "text") in ``lang``, or None: the built-in text is used."""
        value = (self.subject if part == "subject" else self.text).get(lang)
        return value or None

    def as_data(self) -> dict[str, dict[str, str]]:
        """The message as the plan YAML writes it (only the parts given)."""
        return {name: dict(values) for name, values in (("subject", self.subject), ("text", self.text)) if values}


def template_problems(template: str) -> list[tuple[str, dict[str, Any]]]:
    """What is wrong with the placeholders of ``template``, as (code, params): unknown names, lone braces."""
    out: list[tuple[str, dict[str, Any]]] = []
    for match in _TOKEN.finditer(template):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            out.append(("plan.message_brace", {}))
        elif match.group(1) not in PLACEHOLDERS:
            out.append(("plan.message_placeholder", {"name": "{" + match.group(1)[:40] + "}",
                                                     "known": ["{" + p + "}" for p in PLACEHOLDERS]}))
    return out


def fill(template: str, values: Mapping[str, str]) -> str:
    """``template`` with the known placeholders replaced by ``values``; anything else stays as written
    (a checked template has nothing else). No attribute access, indexing or formatting ever happens."""

    def one(match: re.Match[str]) -> str:
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            return token[0]
        if name is not None and name in PLACEHOLDERS and name in values:
            return str(values[name])
        return token

    return _TOKEN.sub(one, template)


def _part(raw: Any, part: str, where: Place | None, problems: list[Problem]) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or set(raw) - set(LANGUAGES) or not all(
            v is None or isinstance(v, str) for v in raw.values()):
        problems.append(Problem("plan.message_part", where, part=part, known=list(LANGUAGES)))
        return {}
    texts = {lang: str(raw[lang]).strip() for lang in LANGUAGES if raw.get(lang) and str(raw[lang]).strip()}
    for lang, value in texts.items():
        if has_control(value):
            problems.append(Problem("plan.message_control", where, part=part, lang=lang))
        if len(value) > LIMITS[part]:
            problems.append(Problem("plan.message_too_long", where, part=part, lang=lang, limit=LIMITS[part],
                                    length=len(value)))
        for code, params in template_problems(value):
            if code == "plan.message_brace":
                problems.append(Problem("plan.message_brace", where, part=part, lang=lang))
            else:
                problems.append(Problem("plan.message_placeholder", where, part=part, lang=lang, **params))
    return texts


def parse_message(raw: Any, where: Place | None = None) -> tuple[PhaseMessage | None, list[Problem]]:
    """A phase's ``message`` from its YAML form: the message (None when nothing is given) and its problems."""
    if raw is None:
        return None, []
    if not isinstance(raw, Mapping):
        return None, [Problem("plan.message_mapping", where, allowed=list(PARTS))]
    problems: list[Problem] = []
    unknown = sorted(str(k) for k in set(raw) - set(PARTS))
    if unknown:
        problems.append(Problem("plan.message_fields", where, fields=unknown, allowed=list(PARTS)))
    message = PhaseMessage(_part(raw.get("subject"), "subject", where, problems),
                           _part(raw.get("text"), "text", where, problems))
    return (message if message.subject or message.text else None), problems
