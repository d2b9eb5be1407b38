"""The exchange formats of matching: a QTI match interaction (two qti-simple-match-set, identifiers
``L-<pair>``/``R-<pair>``, the match_correct template); GIFT ``=left -> right`` answers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import partial
from typing import Any, ClassVar

from lxml import etree

from ..io import LineError
from ..io.gift_text import ml, split_unescaped
from ..io.qti_scoring import el
from ..io.qti_xml import (
    RP_TEMPLATES,
    LangItem,
    QtiRead,
    base_value,
    lang_map,
    prompted_interaction,
    put_text,
    q,
    set_outcome,
    sub,
)
from ..io.values import KEY_RE, missing_langs
from ..problems import Problem, Term, missing_in, place
from .codec import Codec, FormReader, GiftReader


def no_options(record: Mapping[str, Any], label: str) -> list[str]:
    """Options are an error on a type without options."""
    return [Problem("shape.no_options", type=Term(label))] if "options" in record else []


class MatchingCodec(Codec):
    label = "matching"
    gift_form = "matching"
    fields: ClassVar[tuple[str, ...]] = ("pairs",)
    qti_family: ClassVar[str] = "matching"
    qti_interaction: ClassVar[str] = "qti-match-interaction"

    def check_shape(self, record: Mapping[str, Any]) -> list[str]:
        errors = no_options(record, self.label)
        pairs = record.get("pairs")
        if not isinstance(pairs, list) or len(pairs) < 2:
            return [*errors, Problem("item.two_pairs")]
        keys = [p.get("key") for p in pairs]
        dupes = sorted({str(k) for k, n in Counter(keys).items() if n > 1})
        if dupes:
            errors.append(Problem("shape.pair_keys_twice", keys=dupes))
        for i, pair in enumerate(pairs, 1):
            pkey = pair.get("key")
            if not isinstance(pkey, str) or not KEY_RE.fullmatch(pkey):
                errors.append(Problem("shape.pair_key", n=i))
            for side in ("left", "right"):
                missing = missing_langs(pair.get(side))
                if missing:
                    errors.append(missing_in(f"shape.pair_{side}", missing, key=pkey or i))
        return errors

    # --- QTI --------------------------------------------------------------------------------------

    def qti_declare(self, rd: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        rd.set("cardinality", "multiple")
        rd.set("base-type", "directedPair")
        correct = sub(rd, "qti-correct-response")
        for pair in record["pairs"]:
            sub(correct, "qti-value", f"L-{pair['key']} R-{pair['key']}")
        if record.get("scoring") != "all_or_nothing":
            mapping = sub(rd, "qti-mapping", default_value="0", lower_bound="0")
            for pair in record["pairs"]:
                sub(mapping, "qti-map-entry", map_key=f"L-{pair['key']} R-{pair['key']}", mapped_value="1")

    def qti_body(self, body: etree._Element, record: Mapping[str, Any], lang: str) -> None:
        pairs = record["pairs"]
        interaction = prompted_interaction(body, self.qti_interaction, record["stem"][lang], shuffle="true",
                                           max_associations=str(len(pairs)))
        for side, prefix in (("left", "L"), ("right", "R")):
            match_set = sub(interaction, "qti-simple-match-set")
            for pair in pairs:
                choice = sub(match_set, "qti-simple-associable-choice", identifier=f"{prefix}-{pair['key']}",
                             match_max="1")
                put_text(choice, pair[side][lang])

    def qti_processing(self, root: etree._Element, record: Mapping[str, Any]) -> None:
        """The tool's rule: the share of pairs matched right (or all of them, for all_or_nothing)."""
        if record.get("scoring") == "all_or_nothing":
            sub(root, "qti-response-processing", template=RP_TEMPLATES + "match_correct")
            return
        share = el("qti-divide", el("qti-map-response", identifier="RESPONSE"),
                   base_value("float", str(len(record["pairs"]))))
        set_outcome(sub(root, "qti-response-processing"), "SCORE", share)

    def qti_claims(self, interaction: etree._Element, rd: etree._Element) -> bool:
        return interaction.tag == q(self.qti_interaction)

    def qti_read(self, read: QtiRead) -> list[LineError]:
        sets = read.interaction.findall(q("qti-simple-match-set"))
        if len(sets) != 2:
            return [read.error("qti.match_sets")]
        left, right = ({c.get("identifier", ""): read.text(c) for c in match_set.findall(
            q("qti-simple-associable-choice"))} for match_set in sets)
        matched = {}
        for value in read.correct:
            parts = value.split()
            if len(parts) == 2:
                a, b = parts if parts[0] in left else parts[::-1]
                matched[a] = b
        errors, pairs = [], []
        for left_id, left_text in left.items():
            right_id = matched.get(left_id)
            if right_id not in right:
                errors.append(read.error("qti.no_match", left=left_text))
                continue
            pair_key = left_id[2:] if left_id.startswith("L-") and right_id == f"R-{left_id[2:]}" else left_id
            pairs.append({"key": pair_key, "left": left_text, "right": right[right_id]})
        read.item.data["pairs"] = pairs
        return errors

    def qti_merge(self, record: dict[str, Any], versions: Mapping[str, LangItem], first: LangItem,
                  label: str) -> list[LineError]:
        keys = {lang: [p["key"] for p in it.data["pairs"]] for lang, it in versions.items()}
        base_keys = keys[first.lang or "nl"]
        errors = [LineError(versions[lang].where, Problem(f"qti.other_pairs_{lang}", label=label))
                  for lang, value in keys.items() if value != base_keys]

        def side(it: LangItem, i: int, name: str) -> str:
            return it.data["pairs"][i][name] if i < len(it.data["pairs"]) else ""

        record["pairs"] = [
            {"key": pkey,
             "left": lang_map(versions, partial(side, i=i, name="left")),
             "right": lang_map(versions, partial(side, i=i, name="right"))}
            for i, pkey in enumerate(base_keys)
        ]
        return errors

    # --- GIFT and the authoring form --------------------------------------------------------------

    def gift_write(self, record: Mapping[str, Any], meta: dict[str, Any]) -> list[str]:
        meta["pair_keys"] = [p["key"] for p in record["pairs"]]
        return [f"={ml(p['left'])} -> {ml(p['right'])}" for p in record["pairs"]]

    def gift_read(self, record: dict[str, Any], answers: Any, gift: GiftReader) -> None:
        """``answers``: the ``=left -> right`` answers."""
        keys = gift.meta.get("pair_keys") or [f"p{i}" for i in range(1, len(answers) + 1)]
        if len(keys) != len(answers):
            gift.problems.append(Problem("gift.pair_keys"))
            keys = [f"p{i}" for i in range(1, len(answers) + 1)]
        pairs = []
        for pkey, answer in zip(keys, answers, strict=True):
            left, right = split_unescaped(answer.text, "->")[:2]
            pairs.append({"key": str(pkey), "left": gift.texts(left, place("gift_left", key=pkey)),
                          "right": gift.texts(right, place("gift_right", key=pkey))})
        record["pairs"] = pairs

    def form_read(self, form: FormReader, record: dict[str, Any], errors: list[str]) -> None:
        record["pairs"] = [
            {"key": f"p{i}", "left": form.text(f"pair_{i}_left", True), "right": form.text(f"pair_{i}_right", True)}
            for i in range(1, form.max_pairs + 1)
            if any(form.text(f"pair_{i}_left", True).values()) or any(form.text(f"pair_{i}_right", True).values())
        ]
