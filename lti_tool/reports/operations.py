"""What the report pages change, one unit of work each: revoking a certificate, importing the HR
file, saving a role-matrix version. Views parse the request, call one of these and render."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from assessments.io.hr import HrImportResult
from assessments.role_matrix import MatrixError, parse_matrix

from ..audit import record as audit
from ..certification import revoke_certificate
from ..db.models import Certificate, RoleMatrixVersion, utcnow
from ..db.repositories import analyze
from ..errors import NotFound, UserError
from ..organisation import apply_hr_import, store_matrix
from ..people import parse_hr_file
from ..services import services
from .data import level_ranks


def revoke(platform_id: int, certificate_id: str, reason: str) -> None:
    """Revoke one of the platform's certificates (404 for another platform's, 409 when already revoked)."""
    svc = services()
    with svc.db.transaction() as db:
        cert = db.get(Certificate, certificate_id)
        if cert is None or cert.platform_id != platform_id:
            raise NotFound(_("This certificate does not exist."))
        if cert.revoked_at is not None:
            raise UserError(_("This certificate has already been revoked."), 409)
        revoke_certificate(db, svc.derivation(db), cert, reason, utcnow())
        audit(db, "certificate.revoked", cert.id, before={"level": cert.level}, after={"reason": reason})


def import_people(platform_id: int, filename: str, data: bytes,
                  apply: bool) -> tuple[HrImportResult, dict[str, int] | None]:
    """Read an HR export and apply it all or nothing: ``apply`` False is the dry run (what would change,
    nothing kept). Counts are None when the file has line errors (then nothing changes either)."""
    with services().db.transaction() as db:
        try:
            result = parse_hr_file(db, platform_id, filename, data)
        except Exception as exc:  # the importer reports problems as line errors; this is the last resort
            current_app.logger.exception("HR importer failed on %s", filename)
            raise UserError(_("The file could not be read (%(error)s). Export it again as CSV or XLSX.",
                              error=type(exc).__name__), 400) from None
        if result.errors:
            db.rollback()
            return result, None
        counts = apply_hr_import(db, platform_id, result.people)
        audit(db, "people.imported", filename, after=counts)
        if not apply:
            db.rollback()
        else:
            analyze(db, ("people",))  # an import may double the organisation: refresh the planner's statistics
        return result, counts


def save_matrix(content: Any, by: str) -> RoleMatrixVersion | None:
    """A new role-matrix version from parsed YAML (None: nothing changed); ``MatrixError`` or
    ``ValueError`` when it is not a valid matrix."""
    with services().db.transaction() as db:
        ranks = level_ranks(db)
        if not isinstance(content, dict):
            raise MatrixError([_("The matrix must be a YAML mapping with effective_from and rules.")])
        parse_matrix(content, ranks)
        row = store_matrix(db, content, by, ranks)
        if row is not None:
            audit(db, "role_matrix.changed", f"v{row.version}", after={"content": row.content})
        return row
