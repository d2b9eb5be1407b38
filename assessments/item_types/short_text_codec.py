"""The exchange formats of short text: a QTI text entry with a string response and a case-insensitive
``qti-mapping`` of the accepted answers (the map_response template); GIFT ``{=a =b}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from lxml import etree

from ..io import LineError
from ..io.gift_text import escape, unescape
from ..io.qti_scoring import accepted_condition, el, when
from ..io.qti_xml import LangItem, QtiRead, base_value, lang_map, put_text, q, set_outcome, sub
from ..io.values import LANGS, parse_number
from ..problems import Problem
from .codec import Codec, FormReader, GiftReader
from .matching_codec import no_options


class ShortTextCodec(Codec):
    label = "short text"
    gift_form = "shortanswer"
    fields: ClassVar[tuple[str, ...]] = ("accepted",)
    qti_family: ClassVar[str] = "short_text"
    qti_interaction: ClassVar[str] = "qti-text-entry-interaction"

    def check_shape(self, record: Mapping[str, Any]) -> list[str]:
        errors = no_options(record, self.label)
        accepted = record.get("accepted")
        for lang in LANGS:
            answers = accepted.get(lang) if isinstance(accepted, Mapping) else None
            if not isinstance(answers, list) or not answers or not all(isinstance(a, str) and a.strip()
                                                                      for a in answers):
                errors.append(Problem(f"shape.accepted_{lang}"))
        return errors

    # --- QTI --------------------------------------------------------------------------------------

    def qti_declare(self, rd: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        rd.set("cardinality", "single")
        rd.set("base-type", "string")
        sub(sub(rd, "qti-correct-response"), "qti-value", record["accepted"][lang][0])
        mapping = sub(rd, "qti-mapping", default_value="0", lower_bound="0", upper_bound="1")
        for answer in record["accepted"][lang]:
            sub(mapping, "qti-map-entry", map_key=answer, mapped_value="1", case_sensitive="false")

    def qti_body(self, body: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        put_text(sub(body, "div", **{"class": "stem"}), record["stem"][lang])
        sub(sub(body, "p"), self.qti_interaction, response_identifier="RESPONSE", expected_length="40")

    def qti_processing(self, root: etree._Element, record: Mapping[str, Any]) -> None:
        """The own language's answers by the mapping (read back on import); then any answer of either
        language, exact but for case or normalised as the tool does (see ``qti_scoring``), scores 1."""
        rp = sub(root, "qti-response-processing")
        set_outcome(rp, "SCORE", el("qti-map-response", identifier="RESPONSE"))
        answers = list(dict.fromkeys(str(a) for lang in LANGS for a in record["accepted"][lang]))
        when(rp, accepted_condition(answers), "SCORE", base_value("float", "1"))

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        return interaction.tag == q(self.qti_interaction) and rd.get("base-type") not in ("float", "integer")

    def qti_read(self, read: QtiRead) -> list[LineError]:
        mapping = read.mapping
        if mapping is not None:
            accepted = [e.get("map-key", "") for e in mapping.findall(q("qti-map-entry"))
                        if (parse_number(e.get("mapped-value", "0")) or 0) > 0]
        else:
            accepted = read.correct
        read.item.data["accepted"] = accepted
        if not accepted:
            return [read.error("qti.no_accepted")]
        return []

    def qti_merge(self, record: dict[str, Any], versions: Mapping[str, LangItem], first: LangItem,
                  label: str) -> list[LineError]:
        record["accepted"] = lang_map(versions, lambda it: list(it.data.get("accepted", [])))
        return []

    def fill_language(self, record: dict[str, Any], lang: str) -> None:
        other = next(v for v in record["accepted"].values() if v)
        record["accepted"].setdefault(lang, list(other))

    # --- GIFT and the authoring form --------------------------------------------------------------

    def gift_write(self, record: Mapping[str, Any], meta: dict[str, Any]) -> list[str]:
        """Every accepted answer of both languages; ``accepted_languages`` says which is which."""
        lines: list[str] = []
        langs: list[str] = []
        for lang in LANGS:
            for answer in record["accepted"][lang]:
                lines.append(f"={escape(answer)}")
                langs.append(lang)
        meta["accepted_languages"] = langs
        return lines

    def gift_read(self, record: dict[str, Any], answers: Any, gift: GiftReader) -> None:
        """``answers``: the ``=`` answers."""
        langs = gift.meta.get("accepted_languages")
        values = [unescape(a.text).strip() for a in answers]
        if isinstance(langs, list) and len(langs) == len(values):
            record["accepted"] = {lang: [v for v, lg in zip(values, langs, strict=True) if lg == lang]
                                  for lang in LANGS}
        else:
            record["accepted"] = {lang: list(values) for lang in LANGS}

    def form_read(self, form: FormReader, record: dict[str, Any], errors: list[str]) -> None:
        record["accepted"] = {lang: [a.strip() for a in (form.form.get(f"accepted_{lang}") or "").split("|")
                                     if a.strip()] for lang in LANGS}
