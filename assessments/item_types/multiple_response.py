"""Multiple response: several correct options, with partial credit.

Partial-credit rule (the default, ``scoring: partial``): each correct option chosen earns
1/k of the marks (k = number of correct options), each wrong option chosen takes 1/k away,
and the item never scores below zero. ``scoring: all_or_nothing`` gives full marks only for
exactly the correct set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from .choice import ChoiceType
from .choice_codec import MultipleResponseCodec, some_correct
from .codec import ItemCodec


class MultipleResponse(ChoiceType):
    key = "multiple_response"
    multiple = True
    codec: ClassVar[ItemCodec] = MultipleResponseCodec()

    def check_correct(self, options: Sequence[Mapping[str, Any]]) -> list[str]:
        return some_correct(sum(1 for o in options if o.get("correct")), len(options))

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        correct = set(self.correct_keys(content))
        chosen = set(response)
        if content.get("scoring") == "all_or_nothing":
            return 1.0 if chosen == correct else 0.0
        earned = len(chosen & correct) - len(chosen - correct)
        return max(0.0, earned / len(correct))
