"""A phase's own message to managers in the rollout form: four fields per phase (subject and text, in Dutch and
English, each optional), checked like the plan checks them (``assessments.phase_message``: placeholders, braces,
length) and worded at the field. Kept apart so ``plan_form`` stays small."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from assessments.phase_message import LIMITS, PLACEHOLDERS, has_control, template_problems
from assessments.text import LANGUAGES

#: the form fields of one phase's message: (field suffix, part, language)
FIELDS = tuple((f"{part}_{lang}", part, lang) for part in ("subject", "text") for lang in LANGUAGES)
#: how much of a field the form keeps as typed (a little more than allowed, so the error shows the excess)
KEPT = {"subject": 500, "text": LIMITS["text"] + 500}


def message_values(phase: Mapping[str, Any], key: str) -> dict[str, str]:
    """The form values of the message of ``phase`` (its YAML form), for the row ``key`` ("phase-0-")."""
    message = phase.get("message") if isinstance(phase.get("message"), Mapping) else {}
    out = {}
    for suffix, part, lang in FIELDS:
        texts = message.get(part) if isinstance(message.get(part), Mapping) else {}
        if texts.get(lang):
            out[key + suffix] = str(texts[lang])
    return out


def kept(name: str, value: object) -> str:
    """A typed value as the form keeps it: message texts in full up to their excess, the rest to 500."""
    part = next((p for suffix, p, _lang in FIELDS if name.endswith("-" + suffix)), None)
    return str(value)[:KEPT[part] if part else 500]


def has_message(form: Mapping[str, str], key: str) -> bool:
    return any(form.get(key + suffix, "").strip() for suffix, _part, _lang in FIELDS)


def _error(part: str, text: str) -> str | None:
    if has_control(text):
        return _("Remove the control characters from this text.")
    if len(text) > LIMITS[part]:
        return _("Write at most %(limit)d characters (now %(length)d).", limit=LIMITS[part], length=len(text))
    for code, params in template_problems(text):
        if code == "plan.message_placeholder":
            return _("%(name)s is not a placeholder. Use %(known)s; write {{ or }} for a brace itself.",
                     name=params["name"], known=", ".join(params["known"]))
        return _("A brace without its pair. Use a placeholder such as {phase}, or write {{ or }} for a brace "
                 "itself.")
    return None


def parse_message_fields(form: Mapping[str, str], key: str, errors: dict[str, str]) -> dict[str, Any] | None:
    """The ``message`` of the row ``key`` for the plan content (None: no field filled in); each problem goes
    to ``errors`` under its field's name."""
    message: dict[str, dict[str, str]] = {}
    for suffix, part, lang in FIELDS:
        text = form.get(key + suffix, "").replace("\r\n", "\n").strip()  # a browser counts a line break once
        if not text:
            continue
        problem = _error(part, text)
        if problem:
            errors[key + suffix] = problem
        message.setdefault(part, {})[lang] = text
    return message or None


def message_form_context() -> dict[str, Any]:
    """What the template needs for the message fields: their names, labels and the placeholders."""
    labels = {"subject_nl": _("Subject in Dutch"), "subject_en": _("Subject in English"),
              "text_nl": _("Text in Dutch"), "text_en": _("Text in English")}
    return {"message_fields": [suffix for suffix, _part, _lang in FIELDS], "message_labels": labels,
            "placeholders": ", ".join("{" + p + "}" for p in PLACEHOLDERS)}
