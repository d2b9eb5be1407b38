"""The charts of the quality pages, with their words in the reader's language (SVG strings; ``charts`` escapes
every text, so templates put them in with ``|safe`` as the report pages do)."""

from __future__ import annotations

import numpy as np
from flask_babel import format_decimal
from flask_babel import gettext as _

from assessments.psychometrics.irt import probability

from . import charts
from .report import ItemRow, QualityReport


def _fmt(value: float, digits: int = 2) -> str:
    """A number in the reader's locale ("2,50" in Dutch): chart descriptions are read out as text."""
    return format_decimal(value, format="0." + "0" * digits)


def blueprint_charts(report: QualityReport) -> dict[str, str]:
    quality = report.quality
    k = quality.items_per_form
    cut = report.blueprint.pass_mark * k
    words = _("Attempts per score: %(list)s. Pass mark at %(cut)s points.",
              list=", ".join(f"{score}: {count}" for score, count in enumerate(report.histogram)), cut=_fmt(cut, 1))
    found = {"histogram": charts.histogram(
        "score-histogram", report.histogram, cut, _("Score distribution"), _("Score (points)"), _("Attempts"),
        _("pass mark"), words)}
    if quality.irt is not None:
        info = quality.irt.information
        theta_cut = quality.irt.theta_cut
        words = _("Test information of a drawn form from ability −4 to 4: %(list)s.",
                  list="; ".join(f"{_fmt(x, 1)}: {_fmt(y, 1)}" for x, y in info[::4]))
        if theta_cut is not None:
            words += " " + _("The pass mark lies at ability %(theta)s.", theta=_fmt(theta_cut))
        found["information"] = charts.curve(
            "test-information", info, _("Test information"), _("Ability (θ)"), _("Information"), words,
            theta_cut, _("pass mark"), number=lambda v: format_decimal(v, format="0.#"))
    return found


def item_charts(report: QualityReport, row: ItemRow) -> str | None:
    """The item characteristic curve under the run's model (None: the item has no parameters)."""
    if row.irt is None:
        return None
    grid = np.linspace(-4, 4, 33)
    p = probability(grid, row.irt.discrimination, row.irt.difficulty)[0]
    points = list(zip(grid.tolist(), p.tolist(), strict=True))
    words = _("Chance of a correct answer by ability: %(list)s. Difficulty b = %(b)s: there the chance is 50%%.",
              list="; ".join(f"{_fmt(x, 1)}: {_fmt(y)}" for x, y in points[::4]), b=_fmt(row.irt.difficulty))
    theta_cut = report.quality.irt.theta_cut if report.quality.irt else None
    return charts.curve("icc", points, _("Item characteristic curve"), _("Ability (θ)"),
                               _("Chance correct"), words, theta_cut, _("pass mark"), y_max=1.0,
                               number=lambda v: format_decimal(v, format="0.#"))
