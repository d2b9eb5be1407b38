"""The exchange formats of the types whose record is a list of options (choice types and ordering):
what they share — option texts and feedback in QTI, the language versions' option lists, the option
fields of the import checks and of the authoring form."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, ClassVar

from lxml import etree

from ..io import LineError
from ..io.qti_xml import LangItem, QtiRead, lang_map, put_text, q, sub
from ..io.values import KEY_RE, missing_langs
from ..problems import Problem, missing_in
from .codec import Codec, FormReader


class OptionsCodec(Codec):
    fields: ClassVar[tuple[str, ...]] = ("options",)

    # --- import checks ----------------------------------------------------------------------------

    def check_shape(self, record: Mapping[str, Any]) -> list[str]:
        options = record.get("options")
        if not isinstance(options, list) or len(options) < 2:
            return [Problem("item.two_options")]
        keys = [o.get("key") for o in options]
        dupes = sorted({str(k) for k, n in Counter(keys).items() if n > 1})
        errors: list[str] = [Problem("shape.option_keys_twice", keys=dupes)] if dupes else []
        for i, option in enumerate(options, 1):
            errors.extend(self.check_option(option, i))
        return errors

    def check_option(self, option: Mapping[str, Any], i: int) -> list[str]:
        errors: list[str] = []
        okey = option.get("key")
        if not isinstance(okey, str) or not KEY_RE.fullmatch(okey):
            errors.append(Problem("shape.option_key", n=i))
        missing = missing_langs(option.get("text"))
        if missing:
            errors.append(missing_in("shape.option_text", missing, key=okey or i))
        if "feedback" in option:
            missing = missing_langs(option.get("feedback"))
            if missing:
                errors.append(missing_in("shape.option_feedback", missing, key=okey or i))
        return errors

    # --- QTI --------------------------------------------------------------------------------------

    def qti_options(self, interaction: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        """The stem as prompt, then each option (with its inline feedback)."""
        for option in record.get("options") or []:
            choice = sub(interaction, "qti-simple-choice", identifier=str(option["key"]))
            put_text(choice, option["text"][lang])
            if option.get("feedback"):
                fb = sub(choice, "qti-feedback-inline", outcome_identifier="FEEDBACK",
                         identifier=str(option["key"]), show_hide="show")
                put_text(fb, option["feedback"][lang])

    @staticmethod
    def has_feedback(record: Mapping[str, Any]) -> bool:
        return any(o.get("feedback") for o in record.get("options") or [])

    def qti_read_options(self, read: QtiRead) -> list[dict[str, Any]]:
        options = []
        for choice in read.interaction.findall(q("qti-simple-choice")):
            option: dict[str, Any] = {"key": choice.get("identifier", ""),
                                      "text": read.text(choice, ("qti-feedback-inline",))}
            fb = choice.find(q("qti-feedback-inline"))
            if fb is not None:
                option["feedback"] = read.text(fb)
            if not self.ordered:
                option["correct"] = option["key"] in read.correct
            options.append(option)
        return options

    def qti_merge(self, record: dict[str, Any], versions: Mapping[str, LangItem], first: LangItem,
                  label: str) -> list[LineError]:
        errors: list[LineError] = []
        shapes = {lang: [(o["key"], o.get("correct")) for o in it.data["options"]] for lang, it in versions.items()}
        base = shapes[first.lang or "nl"]
        for lang, shape in shapes.items():
            if shape != base:
                errors.append(LineError(versions[lang].where, Problem(f"qti.other_options_{lang}", label=label)))
        record["options"] = [self._merged_option(versions, i, okey, ok) for i, (okey, ok) in enumerate(base)]
        return errors

    def _merged_option(self, versions: Mapping[str, LangItem], i: int, okey: str, ok: Any) -> dict[str, Any]:
        option: dict[str, Any] = {"key": okey}
        option["text"] = lang_map(versions, lambda it: it.data["options"][i]["text"]
                                  if i < len(it.data["options"]) else "")
        if not self.ordered:
            option["correct"] = bool(ok)
        feedback = {lang: it.data["options"][i].get("feedback") for lang, it in versions.items()
                    if i < len(it.data["options"]) and it.data["options"][i].get("feedback") is not None}
        if feedback:
            option["feedback"] = feedback
        return option

    # --- authoring form ---------------------------------------------------------------------------

    def form_read(self, form: FormReader, record: dict[str, Any], errors: list[str]) -> None:
        options = []
        for i in range(1, form.max_options + 1):
            text = form.text(f"option_{i}", True)
            if not any(text.values()):
                continue
            option: dict[str, Any] = {"key": (form.form.get(f"option_{i}_key") or "").strip() or "abcdef"[i - 1],
                                      "text": text}
            if not self.ordered:
                option["correct"] = form.form.get(f"option_{i}_correct") in ("on", "true", "1")
            feedback = form.text(f"option_{i}_feedback", True)
            if any(feedback.values()):
                option["feedback"] = feedback
            options.append(option)
        record["options"] = options
