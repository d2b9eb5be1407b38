"""Editing the role matrix as a form: what the form offers, the preview of who a proposal affects (per unit,
from the platform's HR data, by the rule the reports use), and rolling back to an earlier version (a new
version with the old rules, audit-logged). Saving a confirmed proposal is ``operations.save_matrix``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from assessments.matrix_change import MatrixChange, matrix_change
from assessments.role_matrix import matrix_as_of, parse_matrix

from ..audit import record as audit
from ..db.models import RoleMatrixVersion
from ..errors import NotFound
from ..organisation import matrix_versions, store_matrix
from ..services import services
from . import queries
from .data import level_ranks, reading, records_input
from .matrix_form import Vocabulary, vocabulary


@dataclass(frozen=True)
class EditContext:
    base: dict[str, Any] | None  # the newest version's content: what the form starts from
    next_version: int
    vocab: Vocabulary


def edit_context(platform_id: int) -> EditContext:
    with reading() as db:
        newest = queries.latest_matrix(db)
        levels = sorted(level_ranks(db).items(), key=lambda pair: pair[1])
        hr = queries.matrix_vocabulary(db, platform_id)
    base = dict(newest.content) if newest is not None else None
    return EditContext(base, (newest.version + 1) if newest else 1,
                       vocabulary(base, hr, [key for key, _rank in levels]))


def preview(platform_id: int, content: dict[str, Any], today: dt.date) -> tuple[MatrixChange, int | None]:
    """Who ``content`` affects compared with the version in force on its effective date (its number, or
    None when there is none): counts per department of the platform's people who have not left."""
    with reading() as db:
        ranks = level_ranks(db)
        versions = matrix_versions(db, ranks)
        people = records_input(queries.people_rows(db, platform_id), [], ranks, versions).people
    proposed = parse_matrix(content, ranks)
    current = matrix_as_of(versions, proposed.effective_from)
    return matrix_change(people, current, proposed, ranks, today), current.version if current else None


def rollback(version: int, by: str, today: dt.date) -> RoleMatrixVersion | None:
    """A new version with the rules of ``version``, in force from today (or the old date when that is
    later), so reports for past days keep the version that was in force then; None: nothing changed."""
    with services().db.transaction() as db:
        old = queries.matrix_version(db, version)
        if old is None:
            raise NotFound(_("There is no role matrix version %(v)d.", v=version))
        newest = queries.latest_matrix(db)
        content = {**old.content, "version": (newest.version + 1) if newest else 1,
                   "effective_from": max(today, old.effective_from).isoformat()}
        row = store_matrix(db, content, by, level_ranks(db))
        if row is not None:
            audit(db, "role_matrix.rolled_back", f"v{row.version}",
                  before={"version": newest.version if newest else None},
                  after={"from_version": version, "content": row.content})
        return row
