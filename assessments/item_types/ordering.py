"""Ordering: put the options in the right order (xAPI ``sequencing``).

Authoring: ``options`` (each with ``key`` and ``text``) are listed *in the correct order*.
Because the authored order is the answer, the options are always presented in a shuffled
order (whatever the blueprint's ``shuffle_options``), and never in the correct order. The form
shows them under per-attempt opaque ids and xAPI under hashed ids (the keys, often a, b, c…,
would spell the answer).

The response is the complete order of option keys (position 1 first).

Partial-credit rule (the default, ``scoring: partial``) — Kendall-tau based:

    fraction = max(0, τ),   τ = (C − D) / (n(n−1)/2)

where, over all n(n−1)/2 pairs of options, C counts the pairs the response puts in the same
relative order as the key and D the pairs it puts the other way round. The correct order
scores 1; a random order scores 0 on average (no credit for guessing), the reversed order
scores 0. Examples with four options (6 pairs): one adjacent swap (b a c d) → (5 − 1)/6 = ⅔;
two adjacent swaps (b a d c) → (4 − 2)/6 = ⅓; the last option moved to the front (d a b c)
→ (3 − 3)/6 = 0. ``scoring: all_or_nothing`` gives marks only for the exact order. A response
that is not a complete order of the item's options scores 0.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ..errors import InvalidResponse
from ..problems import Problem, place
from ..text import localize
from .base import bad_keys, from_form, missing_text, opaque_ids, permutation_mean, plain_text, to_form, xapi_id
from .choice_checks import option_count, texts_ratio
from .codec import ItemCodec
from .finding import Finding
from .ordering_codec import OrderingCodec


def kendall_fraction(correct: Sequence[str], response: Sequence[str]) -> float:
    """max(0, τ) between the correct order and a response that is a permutation of it."""
    n = len(correct)
    if n < 2:
        return 1.0 if list(response) == list(correct) else 0.0
    rank = {key: i for i, key in enumerate(correct)}
    ranks = [rank[key] for key in response]
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            if ranks[i] < ranks[j]:
                concordant += 1
            else:
                discordant += 1
    return max(0.0, (concordant - discordant) / (n * (n - 1) / 2))


class Ordering:
    key: ClassVar[str] = "ordering"
    interaction_type: ClassVar[str] = "sequencing"
    answer_shape: ClassVar[str] = "order"
    codec: ClassVar[ItemCodec] = OrderingCodec()

    @staticmethod
    def option_keys(content: Mapping[str, Any]) -> list[str]:
        return [str(o.get("key")) for o in content.get("options") or []]

    def check(self, content: Mapping[str, Any]) -> list[str]:
        errors = missing_text("item.stem_language", content.get("stem"))
        options = content.get("options") or []
        if len(options) < 3:
            errors.append(Problem("item.three_options"))
        errors.extend(e.within("options") for e in bad_keys(self.option_keys(content)))
        for option in options:
            where = place("option", key=option.get("key"))
            errors.extend(missing_text("item.option_language", option.get("text"), where))
            if "correct" in option:
                errors.append(Problem("item.correct_in_ordering", where))
        if content.get("scoring", "partial") not in ("partial", "all_or_nothing"):
            errors.append(Problem("item.scoring"))
        return errors

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        options = content.get("options") or []
        return [*option_count(options, 3, 7), *texts_ratio(options)]

    def chance(self, content: Mapping[str, Any]) -> float:
        """A random order of the options, under the item's scoring."""
        return permutation_mean(self.option_keys(content), lambda order: self.grade(content, order))

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """A shuffled order that is never the correct one (``shuffle`` is ignored: see the module doc)."""
        correct = self.option_keys(content)
        order = list(correct)
        rng.shuffle(order)
        if order == correct and len(order) > 1:
            order = order[1:] + order[:1]
        return {"order": order, "ids": opaque_ids(rng, order)}

    def read_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        return [from_form(layout.get("ids"), str(v).strip()) for v in values]

    def form_values(self, layout: Mapping[str, Any], response: Sequence[str]) -> list[str]:
        return [to_form(layout.get("ids"), key) for key in response]

    def parse_response(self, content: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        keys = self.option_keys(content)
        chosen = [str(v).strip() for v in values]
        if not any(chosen):
            return []
        unknown = sorted({v for v in chosen if v and v not in keys})
        if unknown:
            raise InvalidResponse(Problem("response.unknown_option", value=unknown))
        if len(chosen) != len(keys) or not all(chosen):
            raise InvalidResponse(Problem("response.positions", n=len(keys)))
        repeated = sorted({v for v in chosen if chosen.count(v) > 1})
        if repeated:
            raise InvalidResponse(Problem("response.position_twice", options=repeated))
        return chosen

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        correct = self.option_keys(content)
        if sorted(response) != sorted(correct) or len(set(correct)) != len(correct):
            return 0.0
        if content.get("scoring") == "all_or_nothing":
            return 1.0 if list(response) == correct else 0.0
        return kendall_fraction(correct, response)

    def correct_response(self, content: Mapping[str, Any]) -> list[str]:
        return self.option_keys(content)

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        """Choices under hashed ids, sorted by id: neither the ids nor their order is the answer."""
        choices = [{"id": xapi_id(content, "choice", str(o["key"])), "description": dict(o.get("text") or {})}
                   for o in content.get("options") or []]
        return {
            "correctResponsesPattern": [self.xapi_response(content, self.correct_response(content))],
            "choices": sorted(choices, key=lambda c: c["id"]),
        }

    def xapi_response(self, content: Mapping[str, Any], response: Sequence[str]) -> str:
        return "[,]".join(xapi_id(content, "choice", key) for key in response)

    def summarise(self, content: Mapping[str, Any], response: Sequence[str], locale: str) -> str:
        """'1. first; 2. second; …' in the given order."""
        texts = {str(o.get("key")): o.get("text") for o in content.get("options") or []}
        return "; ".join(f"{i}. {plain_text(localize(texts.get(k), locale))}" for i, k in enumerate(response, 1))
