"""Certificates for passes journaled before the tool issued certificates.

Early versions recorded a passed exam only as a ``passed`` statement; certificates (``earned`` statements)
came later, and the derivation issues a certificate only from ``earned``. Without this, a pass from before
the upgrade would never count. ``flask init`` and ``flask certification rebuild`` run it; it is idempotent
(a pass whose attempt has an ``earned`` statement is skipped), so it may run on every start."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from xapi.certification import DerivationConfig
from xapi.vocabulary import EARNED, PASSED

from .certification import issue_certificate
from .db import backfill as queries
from .db.models import Person, Platform
from .services import Services


def backfill_certificates(db: Session, config: DerivationConfig, level_names: dict[str, Any] | None = None) -> int:
    """Issue the certificate of every journaled pass of the tool's own exams that has none, dated at the pass
    (so its validity runs from then); returns how many. In the caller's unit of work."""
    exam_prefix = config.iris.exam("")
    level_x, blueprint_x = config.iris.extension("level"), config.iris.extension("blueprint-version")
    issued = 0
    for row in queries.passes_without_certificate(db, PASSED.id, EARNED.id):
        body = row.body
        extensions = (body.get("context") or {}).get("extensions") or {}
        level = extensions.get(level_x)
        if not str((body.get("object") or {}).get("id", "")).startswith(exam_prefix) or not level \
                or (body.get("result") or {}).get("success") is False:
            continue
        person = db.get(Person, row.person_id) if row.person_id else None
        platform = db.get(Platform, row.platform_id) if row.platform_id else None
        if person is None or platform is None:  # erased on request: nothing to certify
            continue
        passed_at = dt.datetime.fromisoformat(body["timestamp"]).astimezone(dt.UTC)
        issue_certificate(db, config, platform, person, str(level), passed_at,
                          registration=body["context"]["registration"], blueprint_version=extensions.get(blueprint_x),
                          model_version=None, level_name=(level_names or {}).get(str(level)))
        issued += 1
    return issued


def level_names(svc: Services, db: Session) -> dict[str, Any]:
    """The competence model's level names (for the backfilled certificates' statements)."""
    return {key: level.name for key, level in svc.catalogue.model(db).levels.items()}
