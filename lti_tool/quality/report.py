"""The exam quality report of one blueprint version: read the attempts and the newest calibration of its
level, compute (``assessments.psychometrics``), and hand the page one object."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assessments.blueprints import Blueprint
from assessments.psychometrics.dif import Dif
from assessments.psychometrics.irt import ItemParameters
from assessments.psychometrics.report import AttemptScores, BlueprintQuality, blueprint_quality, dif_by, histogram
from assessments.psychometrics.samples import MIN_ITEM_RESPONSES
from assessments.statistics import ItemStatistics, ScoredResponse, item_statistics

from ..catalogue import Catalogue
from ..db.models import CalibrationRun
from ..errors import NotFound, UserError
from . import queries

LABEL = re.compile(r"^[A-Za-z0-9_.-]{1,120}@[0-9]{1,9}$")
LANGUAGES = ("en", "nl")  # reference, focal


@dataclass(frozen=True)
class GroupChoice:
    """The candidate groups compared on the page (None: not chosen yet)."""

    grouping: str
    reference: str | None
    focal: str | None
    values: Sequence[str]


@dataclass(frozen=True)
class ItemRow:
    key: str
    classical: ItemStatistics
    irt: ItemParameters | None
    dif_language: Dif
    dif_group: Dif | None


@dataclass(frozen=True)
class QualityReport:
    label: str
    blueprint: Blueprint
    quality: BlueprintQuality
    histogram: Sequence[int]
    run: CalibrationRun | None
    rows: Sequence[ItemRow]
    excluded: Sequence[str]  # items in the run's level left out of the calibration (or new since)
    groups: GroupChoice


def parse_label(label: str) -> str:
    if not LABEL.match(label):
        raise NotFound(_("There is no such exam version."))
    return label


def choose_groups(attempts: Sequence[AttemptScores], grouping: str, reference: str | None,
                  focal: str | None) -> GroupChoice:
    if grouping not in queries.GROUPINGS:
        raise UserError(_("Choose department or location to compare groups."), 400)
    values = sorted({a.groups.get(grouping, "") for a in attempts} - {""})
    for chosen in (reference, focal):
        if chosen and chosen not in values:
            raise UserError(_("There are no candidates in the group %(group)s.", group=chosen), 400)
    if reference and reference == focal:
        raise UserError(_("Choose two different groups to compare."), 400)
    return GroupChoice(grouping, reference or None, focal or None, values)


def load(db: Session, catalogue: Catalogue, label: str, grouping: str = "department",
         reference: str | None = None, focal: str | None = None, platform_id: int | None = None) -> QualityReport:
    """The report of one exam version; groups (department, location) only of ``platform_id``'s candidates."""
    blueprint = catalogue.blueprint_version(db, parse_label(label))
    attempts = queries.attempt_scores(db, [label], platform_id)
    groups = choose_groups(attempts, grouping, reference, focal)
    newest = queries.newest_run(db, blueprint.level)
    run, stored = newest if newest else (None, [])
    seen = {a.item_key for attempt in attempts for a in attempt.answers}
    parameters = [ItemParameters(c.item_key, c.difficulty, c.discrimination) for c in stored if c.item_key in seen]
    quality = blueprint_quality(attempts, blueprint.pass_mark, parameters, run.model if run else "rasch")
    classical = item_statistics(
        [ScoredResponse(a.attempt_id, x.item_key, x.language, (), x.fraction) for a in attempts for x in a.answers],
        {a.attempt_id: a.raw for a in attempts}, min_n=MIN_ITEM_RESPONSES)
    by_language = dif_by(attempts, *LANGUAGES)
    by_group = (dif_by(attempts, groups.reference, groups.focal, grouping)
                if groups.reference and groups.focal else {})
    fitted = {p.item_key: p for p in quality.irt.calibration.items} if quality.irt else {}
    rows = [ItemRow(key, classical[key], fitted.get(key), by_language[key], by_group.get(key))
            for key in sorted(classical)]
    excluded = sorted(seen - set(fitted)) if run else []
    return QualityReport(label, blueprint, quality, histogram(quality.totals, quality.items_per_form), run, rows,
                         excluded, groups)
