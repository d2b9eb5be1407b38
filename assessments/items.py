"""Items: one immutable version of a question in all its languages."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .item_types.base import ItemType
from .item_types.registry import item_type

#: the author's expected share of correct answers when the item gives none (or an unusable one)
DEFAULT_FACILITY = 0.7


@dataclass(frozen=True)
class Item:
    """An item version. ``content`` is the authored record (stem, options, feedback, …)."""

    key: str
    version: int
    competence: str
    level: str
    type: str
    content: Mapping[str, Any]
    status: str = "approved"
    id: int | None = None  # storage id of this version, when stored

    @property
    def kind(self) -> ItemType:
        return item_type(self.type)

    @property
    def high_risk(self) -> bool:
        return bool(self.content.get("high_risk"))

    @cached_property
    def expected_facility(self) -> float:
        """The author's expected facility (0 < p < 1), ``DEFAULT_FACILITY`` when missing or unusable; read once
        per parsed version (every draw weighs thousands of items by it)."""
        try:
            p = float(self.content.get("expected_facility", DEFAULT_FACILITY))
        except (TypeError, ValueError):
            return DEFAULT_FACILITY
        return p if 0 < p < 1 else DEFAULT_FACILITY


def content_hash(content: Mapping[str, Any]) -> str:
    """A stable hash of an item's content: a new hash means a new version."""
    return hashlib.sha256(
        json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


def item_from_record(record: Mapping[str, Any], version: int = 1, id: int | None = None) -> Item:
    return Item(
        key=str(record["key"]),
        version=version,
        competence=str(record["competence"]),
        level=str(record["level"]),
        type=str(record["type"]),
        content=record,
        status=str(record.get("status", "approved")),
        id=id,
    )
