"""L&D's learning path catalogue: the offer per (competence, level), edited as rows or uploaded as YAML.

Each save makes a new version (audited); a row with a problem keeps what was typed and says what is wrong at
the field. Registered on the authoring blueprint (``/s/<sid>/authoring/learning-paths``)."""

from __future__ import annotations

from typing import Any

import yaml
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.competences import sorted_levels
from assessments.errors import ProblemsError
from assessments.learning_paths import FIELDS, KINDS, MAX_ACTIVITIES, parse_catalogue, row_of
from assessments.problems import Problem
from assessments.text import localize

from ..labels import PATH_KIND
from ..learning_paths import operations as paths
from ..learning_paths import queries
from ..permissions import Permission, require, require_to_change
from ..request import current_name, locale
from ..services import services
from .views import bp

MAX_UPLOAD = 1_000_000  # bytes of YAML


def _rows_from_form(form: Any) -> list[dict[str, str]]:
    """The rows as typed: the existing ones (less those marked for removal) and the new one when filled in."""
    count = int(form.get("rows", "0")) if str(form.get("rows", "0")).isdigit() else 0
    rows = []
    for index in range(min(count, MAX_ACTIVITIES)):
        if form.get(f"a{index}_remove") != "on":
            rows.append({name: str(form.get(f"a{index}_{name}") or "").strip() for name in FIELDS})
    new = {name: str(form.get(f"new_{name}") or "").strip() for name in FIELDS}
    if len(rows) < MAX_ACTIVITIES and any(new[name] for name in ("key", "title_nl", "title_en", "url", "activity_id")):
        rows.append(new)
    return rows


def _page(rows: list[dict[str, str]], errors: list[dict[str, Problem]], status: int = 200,
          upload_errors: list[str] | None = None) -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        model = svc.catalogue.model(db)
        history = queries.history(db)
    return render_template("authoring/learning_paths.html", rows=rows, errors=errors, history=history,
                           model=model, levels=sorted_levels(model), kinds=KINDS, kind_label=PATH_KIND,
                           upload_errors=upload_errors or [], lang=locale(), localize=localize,
                           version=history[0].version if history else 0), status


@bp.route("/learning-paths", methods=["GET", "POST"])
@require(Permission.VIEW_BANK)
@require_to_change(Permission.MANAGE_COMPETENCES)
def learning_paths() -> ResponseReturnValue:
    svc = services()
    if request.method == "GET":
        with svc.db.session() as db:
            rows = [row_of(a) for a in paths.catalogue(db).activities]
        return _page(rows, [{} for _row in rows])
    rows = _rows_from_form(request.form)
    with svc.db.transaction() as db:
        saved = paths.save(db, rows, svc.catalogue.model(db), current_name())
    if any(saved.problems):
        return _page(rows, saved.problems, 400)
    flash(_("Saved as learning path catalogue version %(v)d.", v=saved.row.version) if saved.row
          else _("Nothing changed."))
    return redirect(url_for(".learning_paths"), code=303)


@bp.post("/learning-paths/upload")
@require(Permission.MANAGE_COMPETENCES)
def upload_learning_paths() -> ResponseReturnValue:
    """Replace the whole catalogue by a YAML file (``activities:`` a list of rows with the form's fields)."""
    file = request.files.get("catalogue")
    data = file.read(MAX_UPLOAD + 1) if file else b""
    if not data:
        return _upload_refused([_("Choose a YAML file to upload.")])
    if len(data) > MAX_UPLOAD:
        return _upload_refused([_("The file is larger than 1 MB.")])
    try:
        parsed = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return _upload_refused([_("The file is not readable YAML (UTF-8).")])
    svc = services()
    with svc.db.session() as db:
        model = svc.catalogue.model(db)
    try:
        catalogue = parse_catalogue(parsed if isinstance(parsed, dict) else {}, model)
    except ProblemsError as exc:
        return _upload_refused(list(exc.problems))
    with svc.db.transaction() as db:
        saved = paths.save(db, [row_of(a) for a in catalogue.activities], model, current_name())
    flash(_("Saved as learning path catalogue version %(v)d.", v=saved.row.version) if saved.row
          else _("Nothing changed."))
    return redirect(url_for(".learning_paths"), code=303)


def _upload_refused(problems: list[str]) -> ResponseReturnValue:
    svc = services()
    with svc.db.session() as db:
        rows = [row_of(a) for a in paths.catalogue(db).activities]
    return _page(rows, [{} for _row in rows], 400, problems)
