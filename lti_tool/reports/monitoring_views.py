"""Monitoring for L&D (and, as aggregates, the board, the works council and the CISO): participation and pass
rate per exam, department and period, on a page and as CSV. Who sees what: ``ROUTE_SCOPES``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import render_template, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.monitoring import GRAINS, MonitoringRow, PeriodKey
from assessments.text import localize

from ..errors import UserError
from ..permissions import Permission, Scope, require
from ..request import locale
from ..services import services
from . import monitoring
from .data import reading
from .downloads import csv_response
from .params import choice_arg
from .scope import scope
from .views import bp


@dataclass(frozen=True)
class Chosen:
    kind: Scope
    min_n: int
    grain: str
    choices: list[PeriodKey]
    start: str
    end: str
    rows: list[MonitoringRow]
    titles: dict[str, str]
    level_names: dict[str, str]


def _chosen() -> Chosen:
    """Parse the period range (400 in words when it is not one the reader may choose), then read the table."""
    kind, min_n = scope()
    today = dt.date.today()
    grain = choice_arg("grain", GRAINS if kind is not Scope.AGGREGATE else GRAINS[:1], "quarter")
    read = monitoring.load(session["platform_id"], kind, session["person_id"])
    choices = monitoring.choosable(read, kind, grain, today)
    keys = [p.key for p in choices]
    first, last = monitoring.default_range(choices, grain, today)
    start, end = choice_arg("start", keys, first), choice_arg("end", keys, last)
    if keys.index(start) > keys.index(end):
        raise UserError(_("The first period (%(start)s) comes after the last one (%(end)s); swap them.",
                          start=start, end=end), 400)
    shown = choices[keys.index(start):keys.index(end) + 1]
    rows = monitoring.table(read, kind, grain, shown, min_n, today)
    with reading() as db:
        levels = {k: localize(lvl.name, locale()) for k, lvl in services().catalogue.model(db).levels.items()}
    titles = {k: localize(t, locale()) for k, t in read.titles.items()}
    return Chosen(kind, min_n, grain, choices, start, end, rows, titles, levels)


@bp.get("/monitoring")
@require(Permission.VIEW_AGGREGATES)
def monitoring_page() -> ResponseReturnValue:
    chosen = _chosen()
    return render_template("reports/monitoring.html", c=chosen, grains=GRAINS, everybody=_("all departments"),
                           unknown=_("no department"))


@bp.get("/monitoring.csv")
@require(Permission.VIEW_AGGREGATES)
def monitoring_csv() -> ResponseReturnValue:
    c = _chosen()
    header = [_("Period"), _("Exam"), _("Level"), _("Department"), _("Required"), _("Started"), _("Finished"),
              _("Passed"), _("Participation (%)"), _("Pass rate (%)")]
    filters: dict[str, Any] = {_("Periods"): f"{c.start} – {c.end}"}
    if c.kind is Scope.AGGREGATE:
        filters[_("Hidden")] = _("empty cells: fewer than %(n)d people, or a figure they could be worked out from",
                                 n=c.min_n)
    rows = monitoring.csv_rows(c.rows, c.titles, c.level_names, _("all departments"), _("no department"))
    return csv_response(f"monitoring-{c.start}-{c.end}.csv", header, rows, filters)
