"""Blueprints (exam definitions) and the stratified draw of an exam from the bank."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from .errors import BlueprintUnsatisfiable, ProblemsError
from .feedback_policy import DEFAULT_POLICY, FeedbackPolicy, feedback_record, parse_feedback_policy
from .item_types.registry import ITEM_TYPES
from .items import Item
from .problems import Problem, place
from .text import LocalizedText, missing_languages

#: ``assembly``: forms of equal difficulty with exposure control, or the plain stratified random draw
ASSEMBLY_MODES = ("equal_forms", "random")
DEFAULT_MAX_EXPOSURE = 0.5


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
    #: attempts a person may make (None = no limit) and the days to wait after a failed one
    max_attempts: int | None = None
    retake_wait_days: int = 0
    #: how forms are put together (``assessments.assembly``) and the share of recent attempts an item may appear in
    assembly: str = "equal_forms"
    max_exposure_rate: float = DEFAULT_MAX_EXPOSURE
    #: what a candidate sees of a finished attempt (``assessments.feedback_policy``)
    feedback: FeedbackPolicy = DEFAULT_POLICY
    #: how the pass mark was set: None (by L&D) or a standard-setting round's record
    #: (``assessments.standard_setting.pass_mark_basis``)
    pass_mark_basis: Mapping[str, Any] | None = None

    @property
    def version_label(self) -> str:
        return f"{self.key}@{self.version}"

    @property
    def item_count(self) -> int:
        return sum(self.items_per_competence.values())


def parse_blueprint(raw: Mapping[str, Any]) -> Blueprint:
    errors: list[str] = [Problem("blueprint.title_language", lang=lang) for lang in missing_languages(raw.get("title"))]
    pass_mark = float(raw.get("pass_mark", 0.7))
    if not 0 < pass_mark <= 1:
        errors.append(Problem("blueprint.pass_mark"))
    counts = {str(k): int(v) for k, v in (raw.get("items_per_competence") or {}).items()}
    if not counts or any(v < 1 for v in counts.values()):
        errors.append(Problem("blueprint.items_per_competence"))
    max_attempts = raw.get("max_attempts")
    if max_attempts is not None and int(max_attempts) < 1:
        errors.append(Problem("blueprint.max_attempts"))
    if int(raw.get("retake_wait_days") or 0) < 0:
        errors.append(Problem("blueprint.retake_wait_days"))
    limit = raw.get("time_limit_minutes")
    if limit is not None and int(limit) < 1:
        errors.append(Problem("blueprint.time_limit"))
    errors.extend(_assembly_errors(raw))
    feedback, feedback_errors = parse_feedback_policy(raw.get("feedback"))
    errors.extend(feedback_errors)
    if errors:
        where = place("blueprint", key=raw.get("key"))
        raise ProblemsError([e.within("blueprint", key=raw.get("key")) if isinstance(e, Problem)
                             else Problem("text", where, text=e) for e in errors])
    return Blueprint(
        key=str(raw["key"]),
        version=int(raw.get("version", 1)),
        level=str(raw["level"]),
        title=raw["title"],
        description=raw.get("description") or {},
        items_per_competence=counts,
        pass_mark=pass_mark,
        time_limit_minutes=int(limit) if limit is not None else None,
        shuffle_items=bool(raw.get("shuffle_items", True)),
        shuffle_options=bool(raw.get("shuffle_options", True)),
        languages=tuple(raw.get("languages") or ("nl", "en")),
        function_group=raw.get("function_group") or None,
        max_attempts=int(max_attempts) if max_attempts is not None else None,
        retake_wait_days=int(raw.get("retake_wait_days") or 0),
        assembly=str(raw.get("assembly") or "equal_forms"),
        max_exposure_rate=_exposure_rate(raw),
        feedback=feedback,
        pass_mark_basis=dict(raw["pass_mark_basis"]) if raw.get("pass_mark_basis") else None,
    )


def _exposure_rate(raw: Mapping[str, Any]) -> float:
    value = raw.get("max_exposure_rate")
    return DEFAULT_MAX_EXPOSURE if value is None or value == "" else float(value)


def _assembly_errors(raw: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    if (raw.get("assembly") or "equal_forms") not in ASSEMBLY_MODES:
        errors.append(Problem("blueprint.assembly", known=list(ASSEMBLY_MODES)))
    try:
        rate = _exposure_rate(raw)
    except (TypeError, ValueError):
        rate = -1.0
    if not 0 < rate <= 1:
        errors.append(Problem("blueprint.max_exposure_rate"))
    return errors


def blueprint_record(blueprint: Blueprint) -> dict[str, Any]:
    """The stored (YAML-like) form of a blueprint; ``parse_blueprint`` reads it back."""
    return {
        "key": blueprint.key, "version": blueprint.version, "level": blueprint.level,
        "title": dict(blueprint.title), "description": dict(blueprint.description),
        "items_per_competence": dict(blueprint.items_per_competence), "pass_mark": blueprint.pass_mark,
        "time_limit_minutes": blueprint.time_limit_minutes, "shuffle_items": blueprint.shuffle_items,
        "shuffle_options": blueprint.shuffle_options, "languages": list(blueprint.languages),
        "function_group": blueprint.function_group, "max_attempts": blueprint.max_attempts,
        "retake_wait_days": blueprint.retake_wait_days,
        # only when not the default, so exams stored before these fields keep their content hash
        **({"assembly": blueprint.assembly} if blueprint.assembly != "equal_forms" else {}),
        **({"max_exposure_rate": blueprint.max_exposure_rate}
           if blueprint.max_exposure_rate != DEFAULT_MAX_EXPOSURE else {}),
        # only when not the default, so stored versions and their content hashes stay as they were
        **({"feedback": feedback_record(blueprint.feedback)} if blueprint.feedback != DEFAULT_POLICY else {}),
        **({"pass_mark_basis": dict(blueprint.pass_mark_basis)} if blueprint.pass_mark_basis else {}),
    }


def eligible(blueprint: Blueprint, items: Iterable[Item]) -> dict[str, list[Item]]:
    """Approved, deliverable items per competence for this blueprint, in a stable order."""
    pools: dict[str, list[Item]] = {c: [] for c in blueprint.items_per_competence}
    level = blueprint.level  # a draw runs this over the whole bank: no lookups it can skip
    for item in items:
        pool = pools.get(item.competence)
        if pool is not None and item.level == level and item.status == "approved" and item.type in ITEM_TYPES:
            pool.append(item)
    by_version = attrgetter("key", "version")
    for pool in pools.values():
        pool.sort(key=by_version)
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
        raise BlueprintUnsatisfiable(Problem("blueprint.shortfall", competences=[
            Problem("blueprint.competence_shortfall", competence=c, have=have, need=need)
            for c, (need, have) in sorted(missing.items())]))
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
