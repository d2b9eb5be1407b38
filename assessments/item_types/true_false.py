"""True/false: two options keyed ``true`` and ``false``."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

from .base import opaque_ids
from .choice import ChoiceType
from .choice_codec import TrueFalseCodec


class TrueFalse(ChoiceType):
    key = "true_false"
    interaction_type = "true-false"
    codec = TrueFalseCodec()

    def check_correct(self, options: Sequence[Mapping[str, Any]]) -> list[str]:
        if sorted(str(o.get("key")) for o in options) != ["false", "true"]:
            return ["needs exactly the options 'true' and 'false'"]
        return super().check_correct(options)

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """Always 'true' first (the labels say which is which, so the order tells nothing)."""
        return {"order": ["true", "false"], "ids": opaque_ids(rng, ["true", "false"])}

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"correctResponsesPattern": self.correct_response(content)}
