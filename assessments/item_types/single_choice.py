"""Single choice: exactly one correct option."""

from .choice import ChoiceType
from .choice_codec import SingleChoiceCodec


class SingleChoice(ChoiceType):
    key = "single_choice"
    codec = SingleChoiceCodec()
