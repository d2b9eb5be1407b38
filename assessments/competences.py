"""Levels and competences of the AI-literacy model (loaded from ``config/competences.yaml``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import BankError, ProblemsError
from .problems import Problem, place
from .text import LocalizedText, missing_languages


@dataclass(frozen=True)
class Level:
    key: str
    rank: int
    name: LocalizedText
    description: LocalizedText

    def covers(self, other: Level) -> bool:
        """A higher level counts for a lower one."""
        return self.rank >= other.rank


@dataclass(frozen=True)
class Competence:
    key: str
    levels: tuple[str, ...]
    policy_area: str
    name: LocalizedText
    description: LocalizedText
    policy_refs: tuple[str, ...] = ()  # the policy clauses (``INFOSEC-4.2``) this competence is about


@dataclass(frozen=True)
class CompetenceModel:
    version: str
    levels: Mapping[str, Level]
    competences: Mapping[str, Competence]

    def level(self, key: str) -> Level:
        try:
            return self.levels[key]
        except KeyError:
            raise BankError(f"unknown level {key!r}") from None

    def competences_for(self, level: str) -> list[Competence]:
        return [c for c in self.competences.values() if level in c.levels]


def parse_competence_model(data: Mapping[str, Any]) -> CompetenceModel:
    """Build the model from its YAML form, checking both languages and level references."""
    errors: list[str] = []
    levels: dict[str, Level] = {}
    for raw in data.get("levels") or []:
        level = Level(raw["key"], int(raw["rank"]), raw.get("name", {}), raw.get("description", {}))
        errors.extend(Problem("model.name_language", place("level", key=level.key), lang=lang)
                      for lang in missing_languages(level.name))
        levels[level.key] = level
    competences: dict[str, Competence] = {}
    for raw in data.get("competences") or []:
        comp = Competence(
            key=raw["key"],
            levels=tuple(raw.get("levels") or ()),
            policy_area=raw.get("policy_area", ""),
            name=raw.get("name", {}),
            description=raw.get("description", {}),
            policy_refs=tuple(str(r) for r in raw.get("policy_refs") or ()),
        )
        unknown = [lvl for lvl in comp.levels if lvl not in levels]
        if unknown:
            errors.append(Problem("model.unknown_levels", place("competence", key=comp.key), levels=unknown))
        errors.extend(Problem("model.name_language", place("competence", key=comp.key), lang=lang)
                      for lang in missing_languages(comp.name))
        competences[comp.key] = comp
    if errors:
        raise ProblemsError(errors)
    return CompetenceModel(str(data.get("version", "1")), levels, competences)


def sorted_levels(model: CompetenceModel) -> Sequence[Level]:
    return sorted(model.levels.values(), key=lambda lvl: lvl.rank)
