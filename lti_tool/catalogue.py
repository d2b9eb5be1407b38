"""What can be examined: the competence model and the blueprints, versioned in the database.

``config/`` holds the defaults; ``flask init`` stores them as the first versions (and later
changes to ``config/`` as new versions). L&D edits make new versions through the authoring
pages. Attempts keep the blueprint version they started with.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session

from assessments.bank import SeedBank, load_seed_bank
from assessments.blueprints import Blueprint, blueprint_record, parse_blueprint
from assessments.competences import CompetenceModel, parse_competence_model
from assessments.items import Item, content_hash, item_from_record

from .db.models import BlueprintVersion, CompetenceModelVersion, ItemVersion
from .db.repositories import current_item_ids, mark_items_used, store_item_records
from .delivery.calibrated import CalibratedParameters
from .delivery.exposure import ExposureCounts
from .errors import NotFound
from .governance.operations import seed_policies
from .organisation import seed_matrix

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


#: parsed item and exam versions kept per process; only versions that can no longer change are kept
CACHE_SIZE = 20_000


class Catalogue:
    def __init__(self, seed: SeedBank) -> None:
        self.seed = seed
        self._model_cache: tuple[int, CompetenceModel] | None = None
        self._items: dict[int, Item] = {}  # item version id → parsed item (approved or later only)
        self._exams: dict[str, Blueprint] = {}  # "key@version" → an approved exam version
        self._used: set[int] = set()  # item version ids marked used in a committed unit of work
        self._approved_by_id: dict[int, Blueprint] = {}  # blueprint version id → an approved exam version
        self._lock = threading.Lock()
        self.exposure = ExposureCounts()  # how often each exam's items were shown lately (all its versions)
        self.calibrated = CalibratedParameters()  # the newest calibration's item parameters, per level

    def _remember(self, cache: dict[Any, Any], key: Any, value: Any) -> None:
        with self._lock:
            if len(cache) >= CACHE_SIZE:
                cache.clear()  # rare (a bank of 20,000 versions); simpler than an LRU and never wrong
            cache[key] = value

    # --- the versions an attempt uses ------------------------------------------------------

    def items(self, db: Session, ids: Sequence[int]) -> dict[int, Item]:
        """Parsed item versions by id (an attempt's questions). Only drafts change in place (and an
        item in review may go back to draft), so approved and later versions are read from the
        database once per process."""
        found = {i: self._items[i] for i in ids if i in self._items}
        missing = [i for i in ids if i not in found]
        if missing:
            for row in db.scalars(select(ItemVersion).where(ItemVersion.id.in_(missing))):
                item = item_from_record(row.content, row.version, row.id)
                found[row.id] = item
                if row.status in ("approved", "superseded", "retired"):
                    self._remember(self._items, row.id, item)
        return found

    def current_items(self, db: Session, level: str) -> list[Item]:
        """The newest approved version of every item at ``level``: one statement for their ids, each parsed
        once per process."""
        ids = current_item_ids(db, level)
        parsed = self.items(db, ids)
        return [parsed[i] for i in ids]

    def mark_used(self, db: Session, ids: Sequence[int], now: dt.datetime) -> None:
        """From their first delivery on, these item versions can never change: mark those this process has not
        seen marked in a committed unit of work (so a launch does not write ``item_versions`` every time)."""
        fresh = [i for i in ids if i not in self._used]
        if fresh:
            mark_items_used(db, fresh, now)
            event.listen(db, "after_commit", lambda _session: self._used.update(fresh), once=True)

    @classmethod
    def from_config(cls, config_dir: Path = CONFIG_DIR) -> Catalogue:
        return cls(load_seed_bank(config_dir))

    # --- competence model ------------------------------------------------------------------

    def model(self, db: Session) -> CompetenceModel:
        """The newest competence model version (the seed's until one is stored)."""
        newest = db.scalar(select(CompetenceModelVersion.id).order_by(CompetenceModelVersion.version.desc()).limit(1))
        return self._model_by_id(db, newest)

    def _model_by_id(self, db: Session, model_id: int | None) -> CompetenceModel:
        """A stored model version, parsed once per process (versions never change), or the seed's."""
        if model_id is None:
            return self.seed.model
        if self._model_cache is None or self._model_cache[0] != model_id:
            row = db.get_one(CompetenceModelVersion, model_id)
            self._model_cache = (row.id, parse_competence_model({**row.content, "version": str(row.version)}))
        return self._model_cache[1]

    def store_model(self, db: Session, content: dict[str, Any], by: str,
                    effective_from: dt.date | None = None) -> CompetenceModelVersion | None:
        """Store ``content`` as a new model version unless it equals the newest one."""
        parse_competence_model(content)  # raises BankError listing what is wrong
        digest = content_hash(content)
        newest = db.scalars(select(CompetenceModelVersion).order_by(CompetenceModelVersion.version.desc())).first()
        if newest is not None and newest.content_hash == digest:
            return None
        row = CompetenceModelVersion(version=(newest.version + 1) if newest else 1, content=content,
                                     content_hash=digest, effective_from=effective_from or dt.date.today(),
                                     created_by=by)
        db.add(row)
        db.flush()
        return row

    # --- blueprints ------------------------------------------------------------------------

    def blueprints(self, db: Session) -> list[Blueprint]:
        """The newest approved version of every blueprint, lowest level first. One statement asks which
        versions those are and which model version is newest; approved versions never change, so each is
        read and parsed once per process."""
        rows = db.execute(_newest_versions()).all()
        if not rows:
            found, model = list(self.seed.blueprints), self.model(db)
        else:
            found, model = self._approved(db, [row[0] for row in rows]), self._model_by_id(db, rows[0][1])
        return sorted(found, key=lambda b: (model.levels[b.level].rank if b.level in model.levels else 9, b.key))

    def _approved(self, db: Session, ids: list[int]) -> list[Blueprint]:
        """Approved blueprint versions by id, parsed once per process."""
        missing = [i for i in ids if i not in self._approved_by_id]
        if missing:
            for row in db.scalars(select(BlueprintVersion).where(BlueprintVersion.id.in_(missing))):
                self._remember(self._approved_by_id, row.id, _parse(row))
        return [self._approved_by_id[i] for i in ids]

    def blueprint(self, db: Session, key: str) -> Blueprint:
        for blueprint in self.blueprints(db):
            if blueprint.key == key:
                return blueprint
        raise NotFound(_("There is no exam %(exam)s. Ask L&D to place the exam again from the LMS.", exam=repr(key)))

    def blueprint_for(self, db: Session, key: str, function_group: str | None) -> Blueprint:
        """The exam for a placed link and a person: a variant of the same level made for the
        person's function group when one is approved, else the link's own exam."""
        approved = self.blueprints(db)
        chosen = next((b for b in approved if b.key == key), None)
        if chosen is None:
            raise NotFound(_("There is no exam %(exam)s. Ask L&D to place the exam again from the LMS.",
                             exam=repr(key)))
        if function_group:
            for variant in approved:
                if (variant.level == chosen.level and variant.function_group
                        and variant.function_group.casefold() == function_group.casefold()):
                    return variant
        return chosen

    def blueprint_version(self, db: Session, label: str) -> Blueprint:
        """The exact version an attempt used (``key@version``); approved versions never change."""
        cached = self._exams.get(label)
        if cached is not None:
            return cached
        key, _sep, version = label.partition("@")
        row = db.scalars(select(BlueprintVersion).where(BlueprintVersion.key == key,
                                                         BlueprintVersion.version == int(version or 0))).first()
        if row is not None:
            parsed = _parse(row)
            if row.status == "approved":
                self._remember(self._exams, label, parsed)
            return parsed
        for blueprint in self.seed.blueprints:
            if blueprint.version_label == label:
                return blueprint
        raise NotFound(_("There is no exam %(exam)s. Ask L&D to place the exam again from the LMS.", exam=repr(label)))

    def store_blueprint(self, db: Session, blueprint: Blueprint, by: str, status: str = "approved") -> BlueprintVersion:
        """A new version of ``blueprint.key`` (its version number is assigned here)."""
        newest = db.scalar(select(func.max(BlueprintVersion.version)).where(BlueprintVersion.key == blueprint.key))
        record = blueprint_record(blueprint)
        record["version"] = (newest or 0) + 1
        row = BlueprintVersion(key=blueprint.key, version=record["version"], level=blueprint.level, status=status,
                               content=record, content_hash=content_hash({**record, "version": 0}), created_by=by)
        db.add(row)
        db.flush()
        return row

    # --- seeding ---------------------------------------------------------------------------

    def seed_database(self, db: Session) -> dict[str, int]:
        """Store the config defaults: items, model and blueprints that are new or changed."""
        added, unchanged = store_item_records(db, self.seed.items)
        model = self.store_model(db, self.seed.model_source, "config/") if self.seed.model_source else None
        blueprints = 0
        for blueprint in self.seed.blueprints:
            record = blueprint_record(blueprint)
            digest = content_hash({**record, "version": 0})
            known = db.scalar(select(BlueprintVersion.id).where(BlueprintVersion.key == blueprint.key,
                                                                 BlueprintVersion.content_hash == digest))
            if known is None:
                self.store_blueprint(db, blueprint, "config/")
                blueprints += 1
        ranks = {k: lvl.rank for k, lvl in self.model(db).levels.items()}
        return {"items_added": added, "items_unchanged": unchanged, "model_versions": int(model is not None),
                "blueprint_versions": blueprints, "role_matrix_versions": seed_matrix(db, ranks),
                "policy_versions": seed_policies(db)}


@cache
def _newest_versions() -> Select[Any]:
    """The ids of the newest approved blueprint versions, each with the newest competence model's id. Built once:
    every launch asks."""
    newest = (select(BlueprintVersion.key, func.max(BlueprintVersion.version).label("v"))
              .where(BlueprintVersion.status == "approved").group_by(BlueprintVersion.key).subquery())
    newest_model = (select(CompetenceModelVersion.id).order_by(CompetenceModelVersion.version.desc())
                    .limit(1).scalar_subquery())
    return select(BlueprintVersion.id, newest_model).join(
        newest, (BlueprintVersion.key == newest.c.key) & (BlueprintVersion.version == newest.c.v))


def _parse(row: BlueprintVersion) -> Blueprint:
    return parse_blueprint({**row.content, "version": row.version})
