"""The exchange formats of the choice types: single choice, multiple response and true/false
(a QTI choice interaction; GIFT ``=``/``~`` answers, ``%weight%`` answers or ``{TRUE}``/``{FALSE}``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from lxml import etree

from ..io import LineError
from ..io.gift_text import ml, weight
from ..io.qti_xml import (
    QtiRead,
    compare_response,
    number,
    prompted_interaction,
    q,
    score_if,
    set_outcome,
    sub,
    variable,
)
from ..io.values import TRUE_FALSE_TEXT, parse_number
from ..problems import Problem, place
from .codec import GiftReader
from .options_codec import OptionsCodec


def one_correct(correct: int) -> list[str]:
    """The rule of single choice and true/false (also the item type's own ``check``)."""
    return [Problem("item.one_correct", correct=correct)] if correct != 1 else []


def some_correct(correct: int, options: int) -> list[str]:
    """The rule of multiple response (also the item type's own ``check``)."""
    return [Problem("item.some_correct")] if correct < 1 or correct == options else []


def true_and_false(keys: Sequence[Any]) -> list[str]:
    """The options of true/false (also the item type's own ``check``)."""
    return [Problem("item.true_and_false")] if sorted(str(k) for k in keys) != ["false", "true"] else []


class ChoiceCodec(OptionsCodec):
    qti_family: ClassVar[str] = "choice"
    qti_interaction: ClassVar[str] = "qti-choice-interaction"
    #: QTI response cardinality
    cardinality: ClassVar[str] = "single"

    # --- import checks ----------------------------------------------------------------------------

    def check_option(self, option: Mapping[str, Any], i: int) -> list[str]:
        errors = super().check_option(option, i)
        if not isinstance(option.get("correct"), bool):
            errors.append(Problem("shape.option_correct", key=option.get("key") or i))
        return errors

    def check_shape(self, record: Mapping[str, Any]) -> list[str]:
        errors = super().check_shape(record)
        options = record.get("options")
        if not isinstance(options, list) or len(options) < 2:
            return errors
        if all(isinstance(o.get("correct"), bool) for o in options):
            errors.extend(self.check_count(sum(o["correct"] for o in options), len(options)))
        return errors

    def check_count(self, correct: int, options: int) -> list[str]:
        return one_correct(correct)

    # --- QTI --------------------------------------------------------------------------------------

    def qti_declare(self, rd: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        rd.set("cardinality", self.cardinality)
        rd.set("base-type", "identifier")
        correct = sub(rd, "qti-correct-response")
        for option in record.get("options") or []:
            if option.get("correct"):
                sub(correct, "qti-value", str(option["key"]))

    def qti_body(self, body: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        interaction = prompted_interaction(body, self.qti_interaction, record["stem"][lang], **self.qti_attrs())
        self.qti_options(interaction, record, lang)

    def qti_attrs(self) -> dict[str, str]:
        return {"shuffle": "true", "max_choices": "1", "min_choices": "0"}

    def qti_processing(self, root: etree._Element, record: Mapping[str, Any]) -> None:
        rp = sub(root, "qti-response-processing")
        self.qti_score(rp, record)
        if self.has_feedback(record):
            set_outcome(rp, "FEEDBACK", variable("qti-variable"))

    def qti_score(self, rp: etree._Element, record: Mapping[str, Any]) -> None:
        score_if(rp, compare_response("qti-match"))

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        if interaction.tag != q(self.qti_interaction):
            return False
        ids = [i.lower() for i in sorted(c.get("identifier", "") for c in interaction.findall(q("qti-simple-choice")))]
        single = rd.get("cardinality") == "single" or interaction.get("max-choices") == "1"
        return single and ids != ["false", "true"]

    def qti_read(self, read: QtiRead) -> list[LineError]:
        errors = []
        options = self.qti_read_options(read)
        mapping = read.mapping
        if not read.correct and mapping is None:
            errors.append(read.error("qti.no_correct"))
        elif not read.correct and mapping is not None:
            for option in options:
                entry = next((e for e in mapping.findall(q("qti-map-entry")) if e.get("map-key") == option["key"]),
                             None)
                option["correct"] = entry is not None and (parse_number(entry.get("mapped-value", "0")) or 0) > 0
        self.qti_adjust(read, options)
        read.item.data["options"] = options
        return errors

    def qti_adjust(self, read: QtiRead, options: list[dict[str, Any]]) -> None:
        """Type-specific corrections of the options (and metadata) read."""
        return None

    # --- GIFT -------------------------------------------------------------------------------------

    def gift_write(self, record: Mapping[str, Any], meta: dict[str, Any]) -> list[str]:
        options = record.get("options") or []
        k = sum(1 for o in options if o.get("correct"))
        lines = []
        for option in options:
            fb = f"#{ml(option['feedback'])}" if option.get("feedback") else ""
            lines.append(f"{self.gift_mark(bool(option.get('correct')), k)}{ml(option['text'])}{fb}")
        return lines

    def gift_mark(self, correct: bool, k: int) -> str:
        return "=" if correct else "~"

    def gift_read(self, record: dict[str, Any], answers: Any, gift: GiftReader) -> None:
        """``answers``: (option key, GIFT answer) pairs; an answer has ``mark``, ``text``, ``feedback``
        and ``weight``."""
        weighted = any(a.weight is not None for _, a in answers)
        options = []
        for okey, answer in answers:
            correct = (answer.weight or 0) > 0 if weighted else answer.mark == "="
            if weighted and answer.mark == "=":
                correct = answer.weight is None or answer.weight > 0
            option = {"key": okey, "text": gift.texts(answer.text, place("gift_answer", key=okey)), "correct": correct}
            if answer.feedback:
                option["feedback"] = gift.texts(answer.feedback, place("gift_answer_feedback", key=okey))
            options.append(option)
        record["options"] = options


class SingleChoiceCodec(ChoiceCodec):
    label = "single choice"
    gift_form = "multichoice"


class MultipleResponseCodec(ChoiceCodec):
    label = "multiple response"
    scored = True
    gift_form = "multichoice"
    gift_weighted = True
    cardinality = "multiple"

    def check_count(self, correct: int, options: int) -> list[str]:
        return some_correct(correct, options)

    @staticmethod
    def partial(record: Mapping[str, Any]) -> bool:
        return record.get("scoring", "partial") == "partial"

    def qti_declare(self, rd: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        """With partial scoring, a qti-mapping: +1/k per correct option, −1/k per wrong one, bounded 0..1."""
        super().qti_declare(rd, record, lang)
        if self.partial(record):
            options = record.get("options") or []
            k = sum(1 for o in options if o.get("correct"))
            mapping = sub(rd, "qti-mapping", default_value="0", lower_bound="0", upper_bound="1")
            for option in options:
                weight_ = 1 / k if option.get("correct") else -1 / k
                sub(mapping, "qti-map-entry", map_key=str(option["key"]), mapped_value=number(weight_))

    def qti_attrs(self) -> dict[str, str]:
        return {"shuffle": "true", "max_choices": "0", "min_choices": "0"}

    def qti_score(self, rp: etree._Element, record: Mapping[str, Any]) -> None:
        if self.partial(record):
            set_outcome(rp, "SCORE", variable("qti-map-response"))
        else:
            super().qti_score(rp, record)

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        single = rd.get("cardinality") == "single" or interaction.get("max-choices") == "1"
        return interaction.tag == q(self.qti_interaction) and not single

    def qti_adjust(self, read: QtiRead, options: list[dict[str, Any]]) -> None:
        """A package of another tool without a mapping scores all or nothing."""
        if "scoring" not in read.item.meta and not read.item.ours and read.mapping is None:
            read.item.meta["scoring"] = "all_or_nothing"

    def gift_mark(self, correct: bool, k: int) -> str:
        """Moodle's partial credit: ±100/k."""
        return f"~%{weight(100 / k)}%" if correct else f"~%{weight(-100 / k)}%"


class TrueFalseCodec(ChoiceCodec):
    label = "true/false"
    gift_form = "truefalse"

    def check_shape(self, record: Mapping[str, Any]) -> list[str]:
        errors = super().check_shape(record)
        options = record.get("options")
        if not isinstance(options, list) or len(options) < 2:
            return errors
        return [*errors, *true_and_false([o.get("key") for o in options])]

    def qti_attrs(self) -> dict[str, str]:
        return {"shuffle": "false", "max_choices": "1", "min_choices": "0"}

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        ids = [i.lower() for i in sorted(c.get("identifier", "") for c in interaction.findall(q("qti-simple-choice")))]
        single = rd.get("cardinality") == "single" or interaction.get("max-choices") == "1"
        return interaction.tag == q(self.qti_interaction) and single and ids == ["false", "true"]

    def qti_adjust(self, read: QtiRead, options: list[dict[str, Any]]) -> None:
        for option in options:
            option["key"] = option["key"].lower()

    def gift_write(self, record: Mapping[str, Any], meta: dict[str, Any]) -> list[str]:
        """``{TRUE#feedback when False is chosen#feedback when True is chosen}`` (Moodle's order)."""
        options = record.get("options") or []
        by_key = {o["key"]: o for o in options}
        right = next(o["key"] for o in options if o.get("correct"))
        wrong = "false" if right == "true" else "true"
        feedback = ""
        if by_key[wrong].get("feedback") or by_key[right].get("feedback"):
            feedback = f"#{ml(by_key[wrong].get('feedback') or {})}#{ml(by_key[right].get('feedback') or {})}"
        return [("TRUE" if right == "true" else "FALSE") + feedback]

    def gift_read(self, record: dict[str, Any], answers: Any, gift: GiftReader) -> None:
        """``answers``: (the right key, the feedback texts in GIFT's order)."""
        right, feedback = answers
        options = []
        for okey in ("true", "false"):
            option: dict[str, Any] = {"key": okey, "text": dict(TRUE_FALSE_TEXT[okey]), "correct": okey == right}
            index = 1 if okey == right else 0
            if len(feedback) > index and feedback[index].strip():
                option["feedback"] = gift.texts(feedback[index], place("gift_feedback", key=okey))
            options.append(option)
        record["options"] = options
