"""The exams on offer: competence model and blueprints from ``config/``, items from the database."""

from __future__ import annotations

from pathlib import Path

from flask_babel import gettext as _

from assessments.bank import SeedBank, load_seed_bank
from assessments.blueprints import Blueprint
from assessments.competences import CompetenceModel

from .errors import NotFound

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


class Catalogue:
    def __init__(self, bank: SeedBank) -> None:
        self.bank = bank

    @classmethod
    def from_config(cls, config_dir: Path = CONFIG_DIR) -> Catalogue:
        return cls(load_seed_bank(config_dir))

    @property
    def model(self) -> CompetenceModel:
        return self.bank.model

    @property
    def blueprints(self) -> list[Blueprint]:
        return sorted(self.bank.blueprints, key=lambda b: (self.model.level(b.level).rank, b.key))

    def blueprint(self, key: str) -> Blueprint:
        for blueprint in self.bank.blueprints:
            if blueprint.key == key:
                return blueprint
        raise NotFound(_("There is no exam %(exam)s. Ask L&D to place the exam again from the LMS.", exam=repr(key)))
