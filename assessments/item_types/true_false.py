"""True/false: two options keyed ``true`` and ``false``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .choice import ChoiceType


class TrueFalse(ChoiceType):
    key = "true_false"
    interaction_type = "true-false"

    def check_correct(self, options: Sequence[Mapping[str, Any]]) -> list[str]:
        if sorted(str(o.get("key")) for o in options) != ["false", "true"]:
            return ["needs exactly the options 'true' and 'false'"]
        return super().check_correct(options)

    def present(self, content, rng, shuffle):  # type: ignore[no-untyped-def]
        return {"order": ["true", "false"]}

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"correctResponsesPattern": self.correct_response(content)}
