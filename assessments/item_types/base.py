"""The interface every item type provides (after Moodle's question type interface)."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class ItemType(Protocol):
    key: ClassVar[str]
    #: the xAPI ``interactionType`` of statements about this item
    interaction_type: ClassVar[str]

    def check(self, content: Mapping[str, Any]) -> list[str]:
        """Authoring errors in ``content`` (empty when the item is usable)."""

    def present(self, content: Mapping[str, Any], rng: random.Random, shuffle: bool) -> dict[str, Any]:
        """The per-attempt layout of the item (e.g. option order), stored with the attempt."""

    def parse_response(self, content: Mapping[str, Any], values: Sequence[str]) -> list[str]:
        """Turn submitted form values into a normalised response, or raise InvalidResponse."""

    def grade(self, content: Mapping[str, Any], response: Sequence[str]) -> float:
        """The fraction of the item's marks this response earns, 0.0–1.0."""

    def correct_response(self, content: Mapping[str, Any]) -> list[str]:
        """A response that earns full marks."""

    def xapi_definition(self, content: Mapping[str, Any]) -> dict[str, Any]:
        """Interaction components for the xAPI activity definition (choices, patterns)."""

    def xapi_response(self, response: Sequence[str]) -> str:
        """``result.response`` in xAPI's format for this interaction type."""

    def summarise(self, content: Mapping[str, Any], response: Sequence[str], locale: str) -> str:
        """The given answer as plain text in ``locale`` ('' when not answered), e.g. for the result page."""


def plain_text(text: str) -> str:
    """Authored (possibly HTML) text as one line of plain text: tags removed, entities decoded."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text or ""))).strip()


#: keys of options, pairs and steps: safe inside xAPI patterns (``[,]``, ``[.]``) and form values (``=``)
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def bad_keys(keys: Sequence[str]) -> list[str]:
    """Authoring errors about a list of component keys: format and uniqueness."""
    errors = [f"key {k!r} may only contain letters, digits, '-' and '_'" for k in keys
              if not KEY_PATTERN.fullmatch(k)]
    if len(set(keys)) != len(keys):
        errors.append("keys are not unique")
    return errors
