"""Single choice: exactly one correct option."""

from .choice import ChoiceType


class SingleChoice(ChoiceType):
    key = "single_choice"
