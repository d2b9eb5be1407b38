"""True/false: two options keyed ``true`` and ``false``."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from . import choice_checks
from .base import opaque_ids
from .choice import ChoiceType
from .choice_codec import TrueFalseCodec, true_and_false
from .codec import ItemCodec
from .finding import Finding


class TrueFalse(ChoiceType):
    key = "true_false"
    interaction_type = "true-false"
    answer_shape: ClassVar[str] = "judge"
    codec: ClassVar[ItemCodec] = TrueFalseCodec()

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        return choice_checks.true_false(content)

    def check_correct(self, options: Sequence[Mapping[str, Any]]) -> list[str]:
        return true_and_false([o.get("key") for o in options]) or super().check_correct(options)

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """Always 'true' first (the labels say which is which, so the order tells nothing)."""
        return {"order": ["true", "false"], "ids": opaque_ids(rng, ["true", "false"])}

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"correctResponsesPattern": self.correct_response(content)}
