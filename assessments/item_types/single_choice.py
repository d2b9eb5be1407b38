"""Single choice: exactly one correct option."""

from collections.abc import Mapping
from typing import Any, ClassVar

from . import choice_checks
from .choice import ChoiceType
from .choice_codec import SingleChoiceCodec
from .codec import ItemCodec
from .finding import Finding


class SingleChoice(ChoiceType):
    key = "single_choice"
    codec: ClassVar[ItemCodec] = SingleChoiceCodec()

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        return choice_checks.single_choice(content)
