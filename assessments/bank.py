"""Loading the default competence model, item bank and blueprints from ``config/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .blueprints import Blueprint, parse_blueprint
from .competences import CompetenceModel, parse_competence_model
from .errors import ProblemsError
from .item_types.registry import ITEM_TYPES
from .problems import Place, Problem, place


@dataclass(frozen=True)
class SeedBank:
    model: CompetenceModel
    items: list[dict[str, Any]]
    blueprints: list[Blueprint]
    cases: dict[str, dict[str, Any]]
    model_source: dict[str, Any] | None = None  # the competence model as read, for storing versions


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProblemsError([Problem("bank.yaml", place("file", file=path.name), error=exc)]) from exc


def load_seed_bank(config_dir: Path) -> SeedBank:
    """Read and check the seed bank; raises ProblemsError (a BankError) listing every problem found."""
    model_source = _yaml(config_dir / "competences.yaml")
    model = parse_competence_model(model_source)
    cases_path = config_dir / "cases.yaml"
    cases = {c["key"]: c for c in (_yaml(cases_path) or [])} if cases_path.exists() else {}
    items: list[dict[str, Any]] = []
    errors: list[str] = []
    for path in sorted((config_dir / "items").glob("*.yaml")):
        for record in _yaml(path) or []:
            where = Place(("file", {"file": path.name}), ("question", {"key": record.get("key", "?")}))
            comp = model.competences.get(record.get("competence", ""))
            if comp is None:
                errors.append(Problem("bank.unknown_competence", where, competence=record.get("competence")))
            elif record.get("level") not in comp.levels:
                errors.append(Problem("bank.level", where, level=record.get("level"), levels=list(comp.levels)))
            kind = ITEM_TYPES.get(record.get("type", ""))
            if kind is not None:
                errors.extend(Problem("text", where, text=e) for e in kind.check(record))
            items.append(record)
    keys = [str(r.get("key")) for r in items]
    errors.extend(Problem("bank.duplicate_key", key=k) for k in sorted({k for k in keys if keys.count(k) > 1}))
    blueprints = [parse_blueprint(b) for b in (_yaml(config_dir / "blueprints.yaml") or {}).get("blueprints", [])]
    if errors:
        raise ProblemsError(errors[:50])
    return SeedBank(model, items, blueprints, cases, model_source)
