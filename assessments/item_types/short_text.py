"""Short text: type a word or a few words (xAPI ``fill-in``).

Authoring: ``accepted: {nl: [...], en: [...]}``. A response is right when it equals any
accepted answer of *either* language after normalising both sides: trimmed, case-insensitive
(Unicode case folding) and with runs of whitespace collapsed to one space. No partial credit.

The response is stored as the trimmed text as typed (at most 500 characters).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from ..errors import InvalidResponse
from ..problems import Problem
from ..text import LANGUAGES
from .base import missing_text
from .codec import ItemCodec
from .finding import Finding
from .short_text_codec import ShortTextCodec

MAX_LENGTH = 500
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", str(text)).strip().casefold()


class ShortText:
    key: ClassVar[str] = "short_text"
    interaction_type: ClassVar[str] = "fill-in"
    codec: ClassVar[ItemCodec] = ShortTextCodec()
    answer_shape: ClassVar[str] = "open"

    def findings(self, content: Mapping[str, Any]) -> list[Finding]:
        return []  # only the checks every type shares (assessments.item_checks)

    def chance(self, content: Mapping[str, Any]) -> float:
        return 0.0  # a typed answer is not guessed from a list

    @staticmethod
    def accepted(content: Mapping[str, Any]) -> list[str]:
        """Every accepted answer (both languages), as authored, without duplicates after normalising."""
        seen: dict[str, str] = {}
        accepted = content.get("accepted")
        if not isinstance(accepted, Mapping):
            return []
        for lang in LANGUAGES:
            for answer in accepted.get(lang) or []:
                text = _SPACE.sub(" ", str(answer)).strip()
                if text:
                    seen.setdefault(normalise(text), text)
        return list(seen.values())

    def check(self, content: Mapping[str, Any]) -> list[str]:
        errors = missing_text("item.stem_language", content.get("stem"))
        accepted = content.get("accepted")
        if not isinstance(accepted, Mapping):
            return [*errors, Problem("item.accepted_shape")]
        for lang in LANGUAGES:
            answers = accepted.get(lang)
            if not isinstance(answers, list) or not answers:
                errors.append(Problem("item.accepted_none", lang=lang))
            elif any(not isinstance(a, str | int | float) or not str(a).strip() for a in answers):
                errors.append(Problem("item.accepted_empty", lang=lang))
            elif any(len(str(a)) > MAX_LENGTH for a in answers):
                errors.append(Problem("item.accepted_too_long", lang=lang, max=MAX_LENGTH))
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
            raise InvalidResponse(Problem("response.one_answer"))
        if len(given[0]) > MAX_LENGTH:
            raise InvalidResponse(Problem("response.too_long", max=MAX_LENGTH))
        return given

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        if len(response) != 1:
            return 0.0
        return 1.0 if normalise(response[0]) in {normalise(a) for a in self.accepted(content)} else 0.0

    def correct_response(self, content: Mapping[str, Any]) -> list[str]:
        return self.accepted(content)[:1]

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        return {"correctResponsesPattern": [f"{{case_matters=false}}{a}" for a in self.accepted(content)]}

    def xapi_response(self, content: Mapping[str, Any], response: Sequence[str]) -> str:
        return response[0] if response else ""

    def summarise(self, content: Mapping[str, Any], response: Sequence[str], locale: str) -> str:
        return response[0] if response else ""
