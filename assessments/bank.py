"""Loading the default competence model, item bank and blueprints from ``config/``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .blueprints import Blueprint, parse_blueprint
from .competences import CompetenceModel, parse_competence_model
from .errors import BankError
from .item_types.registry import ITEM_TYPES


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
        raise BankError(f"{path.name}: not valid YAML ({exc})") from exc


def load_seed_bank(config_dir: Path) -> SeedBank:
    """Read and check the seed bank; raises BankError listing every problem found."""
    model_source = _yaml(config_dir / "competences.yaml")
    model = parse_competence_model(model_source)
    cases_path = config_dir / "cases.yaml"
    cases = {c["key"]: c for c in (_yaml(cases_path) or [])} if cases_path.exists() else {}
    items: list[dict[str, Any]] = []
    errors: list[str] = []
    for path in sorted((config_dir / "items").glob("*.yaml")):
        for record in _yaml(path) or []:
            where = f"{path.name}: {record.get('key', '?')}"
            comp = model.competences.get(record.get("competence", ""))
            if comp is None:
                errors.append(f"{where}: unknown competence {record.get('competence')!r}")
            elif record.get("level") not in comp.levels:
                errors.append(f"{where}: level {record.get('level')!r} not in {comp.levels}")
            kind = ITEM_TYPES.get(record.get("type", ""))
            if kind is not None:
                errors.extend(f"{where}: {e}" for e in kind.check(record))
            items.append(record)
    keys = [str(r.get("key")) for r in items]
    errors.extend(f"duplicate item key {k}" for k in sorted({k for k in keys if keys.count(k) > 1}))
    blueprints = [parse_blueprint(b) for b in (_yaml(config_dir / "blueprints.yaml") or {}).get("blueprints", [])]
    if errors:
        raise BankError("; ".join(errors[:50]))
    return SeedBank(model, items, blueprints, cases, model_source)
