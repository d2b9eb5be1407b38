"""The item-type registry: a type's key equals its module name."""

from __future__ import annotations

from ..errors import BankError
from .base import ItemType
from .matching import Matching
from .multiple_response import MultipleResponse
from .numeric import Numeric
from .ordering import Ordering
from .short_text import ShortText
from .single_choice import SingleChoice
from .true_false import TrueFalse

ITEM_TYPES: dict[str, ItemType] = {
    t.key: t
    for t in (SingleChoice(), MultipleResponse(), TrueFalse(), Ordering(), Matching(), Numeric(), ShortText())
}


def item_type(key: str) -> ItemType:
    try:
        return ITEM_TYPES[key]
    except KeyError:
        raise BankError(f"unknown item type {key!r}") from None
