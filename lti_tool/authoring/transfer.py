"""Importing and exporting question banks: QTI 3.0 (and 2.1 import), GIFT, CSV and XLSX.

An import is previewed first (a dry run: what would be created or changed, and every error
with its line), then confirmed as one unit of work: all records or none. Imported questions
become drafts that go through review like any other edit.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.io import gift, qti, tabular
from assessments.items import content_hash
from assessments.text import localize
from assessments.workflow import ItemStatus

from ..audit import record as audit
from ..errors import UserError
from ..permissions import Permission, require
from ..reports.downloads import download
from ..request import locale
from ..services import services
from . import operations as ops
from . import queries
from .findings import findings_of
from .views import actor, bp

MAX_UPLOAD = 10 * 1024 * 1024
FORMATS = ("qti3", "qti21", "gift", "csv", "xlsx")


def _importer(fmt: str, plain: dict[str, Any] | None = None) -> Callable[..., Any]:
    """The importer of a format; ``plain``: what a plain Moodle GIFT question does not say (``language`` of
    its texts, ``defaults`` for competence, level and author)."""
    options = plain or {}
    importers: dict[str, Callable[..., Any]] = {
        "qti3": qti.import_qti3,
        "qti21": qti.import_qti21,
        "gift": lambda data, model: gift.import_gift(data.decode("utf-8-sig"), model, **options),
        "csv": lambda data, model: tabular.import_csv(data.decode("utf-8-sig"), model),
        "xlsx": tabular.import_xlsx,
    }
    return importers[fmt]


def detect_format(filename: str, data: bytes) -> str:
    name = filename.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".gift", ".txt")):
        return "gift"
    if name.endswith(".zip") or data[:2] == b"PK":
        return "qti21" if b"imsqti_v2p1" in data or b"imsqti_v2p1" in data[:20000] else "qti3"
    raise UserError(_("The file type is not recognised: upload a QTI package (.zip), a GIFT file (.gift or .txt), "
                      "a CSV file or an Excel file (.xlsx)."), 400)


@bp.route("/import", methods=["GET", "POST"])
@require(Permission.IMPORT_EXPORT)
def import_items() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("authoring/import.html", formats=FORMATS, **_choices())
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise UserError(_("Choose a file to import."), 400)
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise UserError(_("The file is larger than 10 MB; split it into smaller files."), 400)
    fmt = request.form.get("format") or "auto"
    if fmt == "auto":
        fmt = detect_format(upload.filename, data)
    if fmt not in FORMATS:
        raise UserError(_("Unknown format."), 400)
    svc = services()
    with svc.db.session() as db:
        model = svc.catalogue.model(db)
        plain = _plain_choices(model)
        try:
            result = _importer(fmt, plain)(data, model)
        except UnicodeDecodeError:
            raise UserError(_("The file is not UTF-8 text. Save it as UTF-8 (in Excel: CSV UTF-8) and try again."),
                            400) from None
        except Exception as exc:  # the importers report problems as line errors; this is the last resort
            current_app.logger.exception("importer failed on %s", upload.filename)
            raise UserError(_("The file could not be read as %(format)s (%(error)s). Check the format and export "
                              "it again.", format=fmt, error=type(exc).__name__), 400) from None
        plan = _plan(db, result.records)
    token = ""
    if not result.errors and result.records:
        token = secrets.token_urlsafe(24)
        svc.store.set(f"import:{session['person_id']}:{token}", {"records": result.records, "format": fmt}, 1800)
    findings = {r["key"]: findings_of(r) for r in result.records}  # item-writing checks; warnings do not block
    return render_template("authoring/import_preview.html", result=result, plan=plan, token=token, fmt=fmt,
                           filename=upload.filename, findings=findings,
                           assumptions=getattr(result, "assumptions", {})), 400 if result.errors else 200


def _choices() -> dict[str, Any]:
    """The competences and levels the import form offers for questions that do not name them."""
    svc = services()
    with svc.db.session() as db:
        model = svc.catalogue.model(db)
    return {"competences": list(model.competences.values()), "levels": list(model.levels), "lang": locale(),
            "localize": localize}


def _plain_choices(model: Any) -> dict[str, Any]:
    """The import form's choices for plain Moodle GIFT questions: the language of their texts and the
    competence and level of every question that does not say (empty: from its ``$CATEGORY``)."""
    language = request.form.get("language") or "nl"
    if language not in ("nl", "en"):
        raise UserError(_("Unknown language."), 400)
    defaults: dict[str, Any] = {"author": actor().name}
    for name, known in (("competence", model.competences), ("level", model.levels)):
        value = (request.form.get(name) or "").strip()
        if value and value not in known:
            raise UserError(_("Unknown competence or level."), 400)
        if value:
            defaults[name] = value
    return {"language": language, "defaults": defaults}


def _plan(db: Any, records: list[dict[str, Any]]) -> dict[str, str]:
    """Per key: ``new``, ``changed`` (a new draft version) or ``unchanged``."""
    newest = {row.item_key: row for row in queries.newest_versions(db)}
    plan = {}
    for record in records:
        current = newest.get(record["key"])
        plan[record["key"]] = ("new" if current is None else
                               "unchanged" if current.content_hash == content_hash(record) else "changed")
    return plan


@bp.post("/import/confirm")
@require(Permission.IMPORT_EXPORT)
def confirm_import() -> ResponseReturnValue:
    svc = services()
    stored = svc.store.pop(f"import:{session['person_id']}:{request.form.get('token', '')}")
    if stored is None:
        raise UserError(_("This import preview has expired or was already imported. Upload the file again."), 409)
    who = actor()
    with svc.db.transaction() as db:  # all or nothing
        plan = _plan(db, stored["records"])
        for record in stored["records"]:
            if plan[record["key"]] != "unchanged":
                ops.save_item(db, record, who)
        counts = {kind: sum(1 for v in plan.values() if v == kind) for kind in ("new", "changed", "unchanged")}
        audit(db, "items.imported", stored["format"], after={**counts, "keys": sorted(plan)})
    flash(_("Imported: %(new)d new questions, %(changed)d new draft versions, %(unchanged)d unchanged. "
            "Send the drafts for review to use them in exams.", **counts))
    return redirect(url_for(".items", status=ItemStatus.DRAFT.value), code=303)


@bp.get("/export")
@require(Permission.IMPORT_EXPORT)
def export_items() -> ResponseReturnValue:
    fmt = request.args.get("format", "qti3")
    status = request.args.get("status", ItemStatus.APPROVED.value)
    svc = services()
    with svc.db.session() as db:
        records = [dict(row.content) for row in queries.newest_versions(db, status, request.args.get("level"))]
    cases = [c for c in svc.catalogue.seed.cases.values() if any(r.get("case") == c["key"] for r in records)]
    name = f"ai-diploma-items-{status}"
    if fmt == "qti3":
        return download(qti.export_qti3(records, cases), f"{name}.qti3.zip", "application/zip")
    if fmt == "gift":
        return download(gift.export_gift(records).encode(), f"{name}.gift.txt", "text/plain; charset=utf-8")
    if fmt == "csv":
        return download(tabular.export_csv(records).encode("utf-8-sig"), f"{name}.csv", "text/csv; charset=utf-8")
    if fmt == "xlsx":
        return download(tabular.export_xlsx(records), f"{name}.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    raise UserError(_("Unknown format."), 400)


