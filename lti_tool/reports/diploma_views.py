"""*My AI diploma* as a line manager, HR, L&D or an auditor sees it for someone else, and a manager's
team page. Who may open whose page is the permission table's ``ROUTE_SCOPES`` (``reach()``); the
employee's own page is ``me.status`` (``views.py``)."""

from __future__ import annotations

from flask import render_template, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessments.text import localize

from ..db.models import utcnow
from ..errors import NotFound
from ..labels import CERT_STANDING, PATH_KIND, PROGRESS
from ..permissions import Permission, covers, reach, refuse, require, require_session
from ..request import locale
from ..services import services
from . import queries
from .data import reading
from .diploma import diploma_page, team_rows
from .params import id_arg
from .views import bp


def render_diploma(template: str, page: object, own: bool) -> ResponseReturnValue:
    return render_template(template, page=page, own=own, localize=localize, lang=locale(),
                           state_label=CERT_STANDING, progress_label=PROGRESS, path_kind=PATH_KIND)


@bp.get("/people/<person_id>/diploma")
@require_session
def person_diploma(person_id: str) -> ResponseReturnValue:
    """One person's diploma page, for whoever's scope covers them (their manager, HR, L&D, auditors)."""
    scopes = reach()
    me = session["person_id"]
    number = id_arg(person_id)
    with reading() as db:
        person = queries.person_on(db, session["platform_id"], number) if number is not None else None
        if person is None:
            raise NotFound(_("There is no such person on this platform."))
        if not covers(scopes, person.id, me, lambda: set(queries.team_ids(db, me))):
            raise refuse()
        page = diploma_page(db, person, utcnow())
    return render_diploma("reports/person_diploma.html", page, own=person.id == me)


@bp.get("/team")
@require(Permission.VIEW_TEAM)
def team() -> ResponseReturnValue:
    """A line manager's team: each member's required level, progress and deadline, with their page."""
    reach()
    with reading() as db:
        rows = team_rows(db, session["person_id"], utcnow())
        model = services().catalogue.model(db)
    return render_template("reports/team.html", rows=rows, model=model, localize=localize, lang=locale(),
                           state_label=CERT_STANDING, progress_label=PROGRESS, day=utcnow().date())

