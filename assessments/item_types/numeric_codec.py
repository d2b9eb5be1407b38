"""The exchange formats of numeric: a QTI text entry with a float response (``qti-equal`` with an
absolute tolerance, the unit in ``<span class="unit">``); GIFT ``{#answer:tolerance}``."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from lxml import etree

from ..io import LineError
from ..io.qti_scoring import numeric_condition
from ..io.qti_xml import LangItem, QtiRead, compare_response, number, put_text, q, score_if, sub
from ..io.values import missing_langs, parse_number
from ..problems import Problem, missing_in, place
from .codec import Codec, FormReader, GiftReader
from .matching_codec import no_options


class NumericCodec(Codec):
    label = "numeric"
    gift_form = "numerical"
    fields: ClassVar[tuple[str, ...]] = ("answer", "tolerance", "unit")
    qti_family: ClassVar[str] = "numeric"
    qti_interaction: ClassVar[str] = "qti-text-entry-interaction"

    def check_shape(self, record: Mapping[str, Any]) -> list[str]:
        errors = no_options(record, self.label)
        answer, tolerance = record.get("answer"), record.get("tolerance")
        if not isinstance(answer, int | float) or isinstance(answer, bool):
            errors.append(Problem("shape.numeric_answer"))
        if not isinstance(tolerance, int | float) or isinstance(tolerance, bool) or tolerance < 0:
            errors.append(Problem("shape.tolerance"))
        if "unit" in record:
            missing = missing_langs(record["unit"])
            if missing:
                errors.append(missing_in("shape.unit", missing))
        return errors

    # --- QTI --------------------------------------------------------------------------------------

    def qti_declare(self, rd: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        rd.set("cardinality", "single")
        rd.set("base-type", "float")
        sub(sub(rd, "qti-correct-response"), "qti-value", number(record["answer"]))

    def qti_body(self, body: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        put_text(sub(body, "div", **{"class": "stem"}), record["stem"][lang])
        para = sub(body, "p")
        entry = sub(para, self.qti_interaction, response_identifier="RESPONSE", expected_length="10")
        unit = (record.get("unit") or {}).get(lang)
        if unit:
            entry.tail = " "
            put_text(sub(para, "span", **{"class": "unit"}), unit)

    def qti_processing(self, root: etree._Element, record: Mapping[str, Any]) -> None:
        """Within the tolerance, read with a decimal point or comma (see ``qti_scoring``)."""
        answer, tolerance = Decimal(str(record["answer"])), abs(Decimal(str(record["tolerance"])))
        equal = compare_response("qti-equal", **{"tolerance-mode": "absolute",
                                                  "tolerance": number(record["tolerance"])})
        score_if(sub(root, "qti-response-processing"), numeric_condition(answer - tolerance, answer + tolerance, equal))

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        return interaction.tag == q(self.qti_interaction) and rd.get("base-type") in ("float", "integer")

    def qti_read(self, read: QtiRead) -> list[LineError]:
        errors = []
        data, correct = read.item.data, read.correct
        answer = parse_number(correct[0]) if correct else None
        if answer is None:
            errors.append(read.error("qti.not_a_number", value=correct[0] if correct else ""))
        data["answer"] = answer
        tolerance: int | float | None = 0
        equal = read.root.find(f".//{q('qti-response-processing')}//{q('qti-equal')}")
        if equal is not None and equal.get("tolerance-mode") in ("absolute", "relative") and equal.get("tolerance"):
            tolerance = parse_number(equal.get("tolerance", "0").split()[0])
        data["tolerance"] = tolerance
        unit = next((s for s in read.body.iter(q("span")) if "unit" in (s.get("class") or "").split()), None)
        if unit is not None:
            data["unit"] = read.text(unit)
        return errors

    def qti_merge(self, record: dict[str, Any], versions: Mapping[str, LangItem], first: LangItem,
                  label: str) -> list[LineError]:
        errors = []
        for name in ("answer", "tolerance"):
            values = {it.data.get(name) for it in versions.values()}
            if len(values) > 1:
                errors.append(LineError(first.where, Problem(f"qti.different_{name}s", label=label,
                                                             values=[str(v) for v in values])))
            record[name] = first.data.get(name)
        if any("unit" in it.data for it in versions.values()):
            record["unit"] = {lang: it.data.get("unit", "") for lang, it in versions.items()}
        return errors

    # --- GIFT and the authoring form --------------------------------------------------------------

    def gift_write(self, record: Mapping[str, Any], meta: dict[str, Any]) -> list[str]:
        if "unit" in record:
            meta["unit"] = record["unit"]
        return [f"#{record['answer']}:{record['tolerance']}"]

    def gift_read(self, record: dict[str, Any], answers: Any, gift: GiftReader) -> None:
        """``answers``: (answer, tolerance), numbers already read."""
        record["answer"], record["tolerance"] = answers
        if "unit" in gift.meta:
            record["unit"] = gift.meta["unit"]

    def form_read(self, form: FormReader, record: dict[str, Any], errors: list[str]) -> None:
        for name in ("answer", "tolerance"):
            raw = (form.form.get(name) or "0").replace(",", ".").strip()
            try:
                value = float(raw)
            except ValueError:
                errors.append(Problem("item.form_not_a_number", place("field", name=name), value=raw))
                value = 0.0
            record[name] = int(value) if value.is_integer() else value
        unit = form.text("unit", False)
        if any(unit.values()):
            record["unit"] = unit

    def form_write(self, record: Mapping[str, Any], form: dict[str, str]) -> None:
        form["answer"], form["tolerance"] = str(record.get("answer", "")), str(record.get("tolerance", 0))
