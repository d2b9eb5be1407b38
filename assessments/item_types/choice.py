"""Shared behaviour of the option-based types (single choice, multiple response, true/false)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ..errors import InvalidResponse
from ..problems import Problem, place
from ..text import localize
from .base import from_form, missing_text, opaque_ids, plain_text, to_form
from .choice_codec import one_correct
from .codec import ItemCodec
from .finding import Finding


class ChoiceType:
    key: ClassVar[str] = ""
    interaction_type: ClassVar[str] = "choice"
    multiple: ClassVar[bool] = False
    answer_shape: ClassVar[str] = "one"
    #: import and export in the exchange formats (set by each choice type)
    codec: ClassVar[ItemCodec]

    @staticmethod
    def option_keys(content: Mapping[str, Any]) -> list[str]:
        return [str(o["key"]) for o in content.get("options") or []]

    @staticmethod
    def correct_keys(content: Mapping[str, Any]) -> list[str]:
        return [str(o["key"]) for o in content.get("options") or [] if o.get("correct")]

    def check(self, content: Mapping[str, Any]) -> list[str]:
        errors = missing_text("item.stem_language", content.get("stem"))
        options = content.get("options") or []
        keys = self.option_keys(content)
        if len(set(keys)) != len(keys):
            errors.append(Problem("item.option_keys_repeat"))
        for option in options:
            where = place("option", key=option.get("key"))
            errors.extend(missing_text("item.option_language", option.get("text"), where))
        errors.extend(self.check_correct(options))
        return errors

    def check_correct(self, options: Sequence[Mapping[str, Any]]) -> list[str]:
        if len(options) < 2:
            return [Problem("item.two_options")]
        return one_correct(sum(1 for o in options if o.get("correct")))

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        return []

    def chance(self, content: Mapping[str, Any]) -> float:
        """One option picked at random."""
        keys = self.option_keys(content)
        return sum(self.grade(content, [k]) for k in keys) / len(keys) if keys else 0.0

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """``order``: the options as shown; ``ids``: the opaque form value of each option."""
        order = self.option_keys(content)
        if shuffle and not content.get("fixed_order"):
            rng.shuffle(order)
        return {"order": order, "ids": opaque_ids(rng, order)}

    def read_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        return [from_form(layout.get("ids"), str(v).strip()) for v in values]

    def form_values(self, layout: Mapping[str, Any], response: Sequence[str]) -> list[str]:
        return [to_form(layout.get("ids"), key) for key in response]

    def parse_response(self, content: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        known = set(self.option_keys(content))
        chosen = sorted({v for v in values if v})
        unknown = [v for v in chosen if v not in known]
        if unknown:
            raise InvalidResponse(Problem("response.unknown_option", value=unknown))
        if not self.multiple and len(chosen) > 1:
            raise InvalidResponse(Problem("response.one_answer"))
        return chosen

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        return 1.0 if list(response) == sorted(self.correct_keys(content)) else 0.0

    def correct_response(self, content: Mapping[str, Any]) -> list[str]:
        return sorted(self.correct_keys(content))

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "correctResponsesPattern": ["[,]".join(self.correct_response(content))],
            "choices": [
                {"id": str(o["key"]), "description": dict(o.get("text") or {})}
                for o in content.get("options") or []
            ],
        }

    def xapi_response(self, content: Mapping[str, Any], response: Sequence[str]) -> str:
        return "[,]".join(response)

    def summarise(self, content: Mapping[str, Any], response: Sequence[str], locale: str) -> str:
        """The chosen options' texts in authored order, separated by '; '."""
        chosen = set(response)
        return "; ".join(
            plain_text(localize(o.get("text"), locale))
            for o in content.get("options") or [] if str(o.get("key")) in chosen
        )
