"""Exam quality pages for L&D (and CISO): per blueprint version the reliability, measurement error,
decision consistency and test information; per item classical and IRT statistics, DIF and flags;
downloads; and the calibrate action (home platform)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.assembly import MIN_CALIBRATION_N
from assessments.psychometrics import samples
from assessments.psychometrics.irt import Model, TooFewAttempts

from ..errors import NotFound, rule_message
from ..permissions import Permission, has, require
from ..reports.downloads import csv_response, download
from ..request import current_name, pull_sid
from ..services import services
from . import operations, queries
from .exports import table, xlsx
from .pages import blueprint_charts, item_charts
from .report import QualityReport, load
from .wording import item_flags, language_name

bp = Blueprint("quality", __name__, url_prefix="/s/<sid>/quality")
bp.url_value_preprocessor(pull_sid)


def _report(label: str) -> QualityReport:
    args = request.args
    svc = services()
    with svc.db.session() as db:
        return load(db, svc.catalogue, label, args.get("grouping", "department"),
                    args.get("reference") or None, args.get("focal") or None, session["platform_id"])


def _common() -> dict[str, Any]:
    return {"samples": samples, "language_name": language_name, "item_flags": item_flags,
            "draw_min_n": MIN_CALIBRATION_N}


def _index(error: str | None = None, chosen: dict[str, str] | None = None) -> ResponseReturnValue:
    with services().db.session() as db:
        page = render_template("quality/index.html", counts=queries.attempt_counts(db), levels=queries.levels(db),
                               runs=queries.runs(db), models=[m.value for m in Model], error=error,
                               chosen=chosen or {}, may_calibrate=has(Permission.CALIBRATE_BANK), **_common())
    return (page, 400) if error else page


@bp.get("/")
@require(Permission.VIEW_ITEM_STATS)
def index() -> ResponseReturnValue:
    return _index()


@bp.get("/exams/<label>")
@require(Permission.VIEW_ITEM_STATS)
def blueprint(label: str) -> ResponseReturnValue:
    report = _report(label)
    return render_template("quality/blueprint.html", report=report, charts=blueprint_charts(report), **_common())


@bp.get("/exams/<label>/items/<key>")
@require(Permission.VIEW_ITEM_STATS)
def item(label: str, key: str) -> ResponseReturnValue:
    report = _report(label)
    row = next((r for r in report.rows if r.key == key), None)
    if row is None:
        raise NotFound(_("This question was not in any finished attempt of this exam version."))
    return render_template("quality/item.html", report=report, row=row, chart=item_charts(report, row),
                           **_common())


@bp.get("/exams/<label>/items.csv")
@require(Permission.VIEW_ITEM_STATS)
def items_csv(label: str) -> ResponseReturnValue:
    header, rows = table(_report(label))
    return csv_response(f"exam-quality-{label.replace('@', '-v')}.csv", header, rows, {_("exam"): label})


@bp.get("/exams/<label>/items.xlsx")
@require(Permission.VIEW_ITEM_STATS)
def items_xlsx(label: str) -> ResponseReturnValue:
    header, rows = table(_report(label))
    return download(xlsx(header, rows, label.replace("@", " v")), f"exam-quality-{label.replace('@', '-v')}.xlsx",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.post("/calibrate")
@require(Permission.CALIBRATE_BANK)
def calibrate() -> ResponseReturnValue:
    form = request.form
    level, model = form.get("level", ""), form.get("model", "")
    chosen = {"level": level, "model": model}
    with services().db.session() as db:
        known = queries.levels(db)
    if level not in known or model not in {m.value for m in Model}:
        return _index(_("Choose a level and a model (Rasch or 2PL) to calibrate."), chosen)
    if form.get("confirm") != "yes":
        return _index(_("Tick the box to confirm: the draw of new exams will use the new difficulties."), chosen)
    try:
        done = operations.calibrate_level(level, model, current_name())
    except TooFewAttempts as refused:  # the minimum sample: say so on the form, keeping the choice
        return _index(rule_message(refused), chosen)
    flash(_("Calibrated %(level)s with %(model)s: %(items)d questions from %(attempts)d attempts; %(excluded)d "
            "questions left out.", level=level, model=done.model, items=done.items, attempts=done.attempts,
            excluded=len(done.excluded)))
    return redirect(url_for("quality.index"))
