"""Single choice: exactly one correct option."""

from typing import ClassVar

from .choice import ChoiceType
from .choice_codec import SingleChoiceCodec
from .codec import ItemCodec


class SingleChoice(ChoiceType):
    key = "single_choice"
    codec: ClassVar[ItemCodec] = SingleChoiceCodec()
