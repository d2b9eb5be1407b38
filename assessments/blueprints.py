"""Blueprints (exam definitions) and the stratified draw of an exam from the bank."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import BankError, BlueprintUnsatisfiable
from .item_types.registry import ITEM_TYPES
from .items import Item
from .text import LocalizedText, missing_languages


@dataclass(frozen=True)
class Blueprint:
    key: str
    version: int
    level: str
    title: LocalizedText
    items_per_competence: Mapping[str, int]
    pass_mark: float = 0.7
    time_limit_minutes: int | None = None
    shuffle_items: bool = True
    shuffle_options: bool = True
    languages: tuple[str, ...] = ("nl", "en")
    function_group: str | None = None
    description: LocalizedText = field(default_factory=dict)

    @property
    def version_label(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def item_count(self) -> int:
        return sum(self.items_per_competence.values())


def parse_blueprint(raw: Mapping[str, Any]) -> Blueprint:
    errors = [f"title has no {lang} text" for lang in missing_languages(raw.get("title"))]
    pass_mark = float(raw.get("pass_mark", 0.7))
    if not 0 < pass_mark <= 1:
        errors.append("pass_mark must be between 0 and 1")
    counts = {str(k): int(v) for k, v in (raw.get("items_per_competence") or {}).items()}
    if not counts or any(v < 1 for v in counts.values()):
        errors.append("items_per_competence needs at least one competence with a count ≥ 1")
    if errors:
        raise BankError(f"blueprint {raw.get('key')}: " + "; ".join(errors))
    return Blueprint(
        key=str(raw["key"]),
        version=int(raw.get("version", 1)),
        level=str(raw["level"]),
        title=raw["title"],
        description=raw.get("description") or {},
        items_per_competence=counts,
        pass_mark=pass_mark,
        time_limit_minutes=raw.get("time_limit_minutes"),
        shuffle_items=bool(raw.get("shuffle_items", True)),
        shuffle_options=bool(raw.get("shuffle_options", True)),
        languages=tuple(raw.get("languages") or ("nl", "en")),
        function_group=raw.get("function_group"),
    )


def eligible(blueprint: Blueprint, items: Iterable[Item]) -> dict[str, list[Item]]:
    """Approved, deliverable items per competence for this blueprint, in a stable order."""
    pools: dict[str, list[Item]] = {c: [] for c in blueprint.items_per_competence}
    for item in items:
        if (
            item.competence in pools
            and item.level == blueprint.level
            and item.status == "approved"
            and item.type in ITEM_TYPES
        ):
            pools[item.competence].append(item)
    for pool in pools.values():
        pool.sort(key=lambda i: (i.key, i.version))
    return pools


def shortfalls(blueprint: Blueprint, items: Iterable[Item]) -> dict[str, tuple[int, int]]:
    """Competences where the bank has fewer items than the blueprint asks: (needed, available)."""
    pools = eligible(blueprint, items)
    return {
        comp: (need, len(pools[comp]))
        for comp, need in blueprint.items_per_competence.items()
        if len(pools[comp]) < need
    }


def draw(
    blueprint: Blueprint, items: Sequence[Item], seed: int, avoid: Iterable[str] = ()
) -> list[Item]:
    """A stratified random draw: ``n`` items per competence, avoiding ``avoid`` (item keys of
    an earlier attempt) where the bank allows. The same seed gives the same exam."""
    missing = shortfalls(blueprint, items)
    if missing:
        detail = ", ".join(f"{c}: {have} of {need}" for c, (need, have) in sorted(missing.items()))
        raise BlueprintUnsatisfiable(f"not enough approved items ({detail})")
    rng = random.Random(seed)
    avoid_keys = set(avoid)
    chosen: list[Item] = []
    for comp, pool in sorted(eligible(blueprint, items).items()):
        fresh = [i for i in pool if i.key not in avoid_keys]
        seen = [i for i in pool if i.key in avoid_keys]
        rng.shuffle(fresh)
        rng.shuffle(seen)
        chosen.extend((fresh + seen)[: blueprint.items_per_competence[comp]])
    if blueprint.shuffle_items:
        rng.shuffle(chosen)
    return chosen
