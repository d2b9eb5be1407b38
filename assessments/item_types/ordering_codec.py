"""The exchange formats of ordering: a QTI order interaction (the correct response lists every option
in order); GIFT has no ordering question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from lxml import etree

from ..io import LineError
from ..io.qti_scoring import kendall_processing
from ..io.qti_xml import QtiRead, base_value, compare_response, prompted_interaction, q, score_if, set_outcome, sub
from ..problems import Problem
from .codec import GiftReader
from .options_codec import OptionsCodec


class OrderingCodec(OptionsCodec):
    label = "ordering"
    ordered = True
    qti_family: ClassVar[str] = "ordering"
    qti_interaction: ClassVar[str] = "qti-order-interaction"

    def check_option(self, option: Mapping[str, Any], i: int) -> list[str]:
        errors = super().check_option(option, i)
        if "correct" in option:
            errors.append(Problem("shape.ordering_correct", key=option.get("key") or i))
        return errors

    def qti_declare(self, rd: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        rd.set("cardinality", "ordered")
        rd.set("base-type", "identifier")
        correct = sub(rd, "qti-correct-response")
        for option in record.get("options") or []:
            sub(correct, "qti-value", str(option["key"]))

    def qti_body(self, body: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        interaction = prompted_interaction(body, self.qti_interaction, record["stem"][lang], shuffle="true")
        self.qti_options(interaction, record, lang)

    def qti_processing(self, root: etree._Element, record: Mapping[str, Any]) -> None:
        """The tool's rule (Kendall τ partial credit, or the exact order); every option's feedback is shown."""
        rp = sub(root, "qti-response-processing")
        if record.get("scoring") == "all_or_nothing":
            score_if(rp, compare_response("qti-match"))
        else:
            kendall_processing(root, rp, [str(o["key"]) for o in record.get("options") or []])
        if self.has_feedback(record):
            every = etree.Element(q("qti-multiple"))
            for option in record.get("options") or []:
                every.append(base_value("identifier", str(option["key"])))
            set_outcome(rp, "FEEDBACK", every)

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        return interaction.tag == q(self.qti_interaction)

    def qti_read(self, read: QtiRead) -> list[LineError]:
        options = self.qti_read_options(read)
        read.item.data["options"] = options
        if sorted(read.correct) != sorted(o["key"] for o in options):
            return [read.error("qti.order_incomplete")]
        options.sort(key=lambda o: read.correct.index(o["key"]))
        return []

    def gift_write(self, record: Mapping[str, Any], meta: dict[str, Any]) -> list[str]:
        return []

    def gift_read(self, record: dict[str, Any], answers: Any, gift: GiftReader) -> None:
        return None
