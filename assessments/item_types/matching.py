"""Matching: pair each left-hand item with its right-hand counterpart (xAPI ``matching``).

Authoring: ``pairs``, each with ``key``, ``left`` and ``right`` (language maps). The pair key
identifies both its left item and its right item (so it must never reach the browser).

Presentation: the left items keep their authored order unless shuffling is on; the right
items are always shuffled and never listed in the order of the left items (the i-th right
item is never the whole answer for the i-th left item).

Form: both sides are shown under per-attempt opaque ids (``read_form`` maps them back); in
xAPI, sources and targets have hashed ids that differ per side.

Response: one ``left=right`` value per matched left item (``p1=p3``: left item p1 was given
the right item of pair p3), sorted by left key; left items without an answer are left out.
A right item may be chosen for more than one left item (as in Moodle).

Partial credit: the share of the pairs that are matched correctly (an unanswered left item
counts as wrong); ``scoring: all_or_nothing`` gives marks only when every pair is right.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ..errors import InvalidResponse
from ..problems import Problem, place
from ..text import localize
from .base import bad_keys, from_form, missing_text, opaque_ids, permutation_mean, plain_text, to_form, xapi_id
from .choice_checks import option_count
from .codec import ItemCodec
from .cues import language_ratio_findings
from .finding import Finding
from .matching_codec import MatchingCodec


class Matching:
    key: ClassVar[str] = "matching"
    interaction_type: ClassVar[str] = "matching"
    answer_shape: ClassVar[str] = "match"
    codec: ClassVar[ItemCodec] = MatchingCodec()

    @staticmethod
    def pair_keys(content: Mapping[str, Any]) -> list[str]:
        return [str(p.get("key")) for p in content.get("pairs") or []]

    def check(self, content: Mapping[str, Any]) -> list[str]:
        errors = missing_text("item.stem_language", content.get("stem"))
        pairs = content.get("pairs") or []
        if len(pairs) < 2:
            errors.append(Problem("item.two_pairs"))
        errors.extend(e.within("pairs") for e in bad_keys(self.pair_keys(content)))
        for pair in pairs:
            for side in ("left", "right"):
                errors.extend(missing_text(f"item.{side}_language", pair.get(side), place("pair", key=pair.get("key"))))
        for lang in ("nl", "en"):
            rights = [plain_text(str((p.get("right") or {}).get(lang) or "")).casefold() for p in pairs]
            if len(set(rights)) != len(rights):
                errors.append(Problem("item.right_texts_repeat", lang=lang))
        if content.get("scoring", "partial") not in ("partial", "all_or_nothing"):
            errors.append(Problem("item.scoring"))
        return errors

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        pairs = content.get("pairs") or []
        return [*option_count(pairs, 3, 8),
                *(f for p in pairs for side in ("left", "right")
                  for f in language_ratio_findings(side, p.get(side), str(p.get("key"))))]

    def chance(self, content: Mapping[str, Any]) -> float:
        """Each left item given a different right item at random (a random one-to-one matching)."""
        keys = self.pair_keys(content)
        return permutation_mean(
            keys, lambda rights: self.grade(content, [f"{k}={r}" for k, r in zip(keys, rights, strict=True)]))

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """``order``: the left items; ``targets``: the right items as listed in every select (never
        lined up with the left items); ``ids``/``target_ids``: the opaque ids of both sides."""
        keys = self.pair_keys(content)
        order = list(keys)
        if shuffle and not content.get("fixed_order"):
            rng.shuffle(order)
        targets = list(keys)
        rng.shuffle(targets)
        if targets == order and len(keys) > 1:
            targets = targets[1:] + targets[:1]
        return {"order": order, "targets": targets,
                "ids": opaque_ids(rng, order), "target_ids": opaque_ids(rng, targets)}

    def read_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        """``leftid=rightid`` values as ``left=right`` (a value without '=' is left to ``parse_response``)."""
        read = []
        for raw in values:
            left, sep, right = str(raw).strip().partition("=")
            if sep and left and right:
                left = from_form(layout.get("ids"), left, "response.unknown_left")
                right = from_form(layout.get("target_ids"), right, "response.unknown_right")
            read.append(f"{left}{sep}{right}")
        return read

    def form_values(self, layout: Mapping[str, Any], response: Sequence[str]) -> list[str]:
        return [f"{to_form(layout.get('ids'), left)}={to_form(layout.get('target_ids'), right)}"
                for left, right in self._pairs(response).items()]

    def parse_response(self, content: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        keys = set(self.pair_keys(content))
        matched: dict[str, str] = {}
        for raw in values:
            value = str(raw).strip()
            if not value:
                continue
            left, sep, right = value.partition("=")
            if not sep or not left or not right:
                raise InvalidResponse(Problem("response.not_a_match", value=value))
            if left not in keys:
                raise InvalidResponse(Problem("response.unknown_left", value=left))
            if right not in keys:
                raise InvalidResponse(Problem("response.unknown_right", value=right))
            if left in matched:
                raise InvalidResponse(Problem("response.two_matches", left=left))
            matched[left] = right
        return [f"{left}={matched[left]}" for left in sorted(matched)]

    @staticmethod
    def _pairs(response: Sequence[str]) -> dict[str, str]:
        return dict(str(v).partition("=")[::2] for v in response)

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        keys = self.pair_keys(content)
        if not keys:
            return 0.0
        given = self._pairs(response)
        right = sum(1 for k in keys if given.get(k) == k)
        if content.get("scoring") == "all_or_nothing":
            return 1.0 if right == len(keys) else 0.0
        return right / len(keys)

    def correct_response(self, content: Mapping[str, Any]) -> list[str]:
        return [f"{k}={k}" for k in sorted(self.pair_keys(content))]

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        """Sources and targets under hashed ids (different per side), each list sorted by id, so
        neither a response nor the lists line up a pair."""
        pairs = content.get("pairs") or []

        def side(name: str, text: str) -> list[dict[str, Any]]:
            return sorted(({"id": xapi_id(content, name, str(p["key"])), "description": dict(p.get(text) or {})}
                           for p in pairs), key=lambda c: c["id"])

        return {
            "correctResponsesPattern": [self.xapi_response(content, self.correct_response(content))],
            "source": side("source", "left"),
            "target": side("target", "right"),
        }

    def xapi_response(self, content: Mapping[str, Any], response: Sequence[str]) -> str:
        return "[,]".join(f"{xapi_id(content, 'source', left)}[.]{xapi_id(content, 'target', right)}"
                          for left, right in self._pairs(response).items())

    def summarise(self, content: Mapping[str, Any], response: Sequence[str], locale: str) -> str:
        """'left → right; …' in the authored order of the left items."""
        pairs = {str(p.get("key")): p for p in content.get("pairs") or []}
        given = self._pairs(response)
        return "; ".join(
            f"{plain_text(localize(pairs[left].get('left'), locale))} → "
            f"{plain_text(localize(pairs[given[left]].get('right'), locale))}"
            for left in pairs if left in given and given[left] in pairs
        )
