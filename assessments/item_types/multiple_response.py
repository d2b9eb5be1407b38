"""Multiple response: several correct options, with partial credit.

Partial-credit rule (the default, ``scoring: partial``): each correct option chosen earns
1/k of the marks (k = number of correct options), each wrong option chosen takes 1/k away,
and the item never scores below zero. ``scoring: all_or_nothing`` gives full marks only for
exactly the correct set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any, ClassVar

from . import choice_checks
from .choice import ChoiceType
from .choice_codec import MultipleResponseCodec, some_correct
from .codec import ItemCodec
from .finding import Finding


class MultipleResponse(ChoiceType):
    key = "multiple_response"
    multiple = True
    answer_shape: ClassVar[str] = "many"
    codec: ClassVar[ItemCodec] = MultipleResponseCodec()

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        return choice_checks.multiple_response(content)

    def chance(self, content: Mapping[str, Any]) -> float:
        """A random non-empty subset of the options (each equally likely), under the item's scoring."""
        keys = self.option_keys(content)
        subsets = [sorted(c) for n in range(1, len(keys) + 1) for c in combinations(keys, n)]
        return sum(self.grade(content, s) for s in subsets) / len(subsets) if subsets else 0.0

    def check_correct(self, options: Sequence[Mapping[str, Any]]) -> list[str]:
        return some_correct(sum(1 for o in options if o.get("correct")), len(options))

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        correct = set(self.correct_keys(content))
        chosen = set(response)
        if content.get("scoring") == "all_or_nothing":
            return 1.0 if chosen == correct else 0.0
        earned = len(chosen & correct) - len(chosen - correct)
        return max(0.0, earned / len(correct))
