"""Numeric: a number, right within a tolerance (xAPI ``numeric``).

Authoring: ``answer`` (a number), ``tolerance`` (≥ 0, default 0) and optionally ``unit``
(a language map shown next to the input). The answer is right when
``|given − answer| ≤ tolerance`` (computed in decimal arithmetic, so 0.1 + 0.2 is 0.3);
there is no partial credit.

Input: optional sign, digits, and a decimal point or a Dutch decimal comma (``72``,
``72,0``, ``-0.5``, `` 72 ``). Thousands separators, units, exponents and other text are
refused. The response is stored as the canonical number (``72,50`` → ``72.5``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from ..errors import InvalidResponse
from ..problems import Problem
from ..text import localize
from .base import missing_text
from .codec import ItemCodec
from .finding import Finding
from .numeric_codec import NumericCodec

NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
MAX_LENGTH = 40


def canonical(number: Decimal) -> str:
    """A decimal as plain digits without trailing zeros (``72.50`` → ``72.5``, ``1E+2`` → ``100``)."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "+0") else text


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class Numeric:
    key: ClassVar[str] = "numeric"
    interaction_type: ClassVar[str] = "numeric"
    codec: ClassVar[ItemCodec] = NumericCodec()
    answer_shape: ClassVar[str] = "open"

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        return []  # only the checks every type shares (assessments.item_checks)

    def chance(self, content: Mapping[str, Any]) -> float:
        return 0.0  # a typed answer is not guessed from a list

    @staticmethod
    def bounds(content: Mapping[str, Any]) -> tuple[Decimal, Decimal]:
        answer = _decimal(content.get("answer")) or Decimal(0)
        tolerance = _decimal(content.get("tolerance", 0)) or Decimal(0)
        return answer - abs(tolerance), answer + abs(tolerance)

    def check(self, content: Mapping[str, Any]) -> list[str]:
        errors = missing_text("item.stem_language", content.get("stem"))
        if _decimal(content.get("answer")) is None:
            errors.append(Problem("item.answer_number"))
        tolerance = _decimal(content.get("tolerance", 0))
        if tolerance is None or tolerance < 0:
            errors.append(Problem("item.tolerance_number"))
        if content.get("unit") is not None:
            errors.extend(missing_text("item.unit_language", content.get("unit")))
        return errors

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        return {}

    def read_form(self, layout: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        return [str(v) for v in values]  # typed text: nothing to map

    def form_values(self, layout: Mapping[str, Any], response: Sequence[str]) -> list[str]:
        return list(response)

    def parse_response(self, content: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        given = [str(v).strip() for v in values if str(v).strip()]
        if not given:
            return []
        if len(given) > 1:
            raise InvalidResponse(Problem("response.one_number"))
        text = given[0].replace("\u2212", "-")  # a typographic minus sign
        if len(text) > MAX_LENGTH or not NUMBER.fullmatch(text):
            raise InvalidResponse(Problem("response.not_a_number", value=given[0][:MAX_LENGTH]))
        return [canonical(Decimal(text.replace(",", ".")))]

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        if len(response) != 1:
            return 0.0
        given = _decimal(response[0])
        if given is None:
            return 0.0
        low, high = self.bounds(content)
        return 1.0 if low <= given <= high else 0.0

    def correct_response(self, content: Mapping[str, Any]) -> list[str]:
        return [canonical(_decimal(content.get("answer")) or Decimal(0))]

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        low, high = self.bounds(content)
        return {"correctResponsesPattern": [f"{canonical(low)}[:]{canonical(high)}"]}

    def xapi_response(self, content: Mapping[str, Any], response: Sequence[str]) -> str:
        return response[0] if response else ""

    def summarise(self, content: Mapping[str, Any], response: Sequence[str], locale: str) -> str:
        """The number (with a decimal comma in Dutch) and the unit."""
        if not response:
            return ""
        number = response[0].replace(".", ",") if locale.lower().startswith("nl") else response[0]
        unit = localize(content.get("unit"), locale)
        return f"{number} {unit}".strip()
