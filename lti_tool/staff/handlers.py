"""What the course staff pages read and change, one session or unit of work each; views parse the
request, call one of these and render."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from assessments.blueprints import shortfalls
from assessments.text import localize

from ..audit import record
from ..db.models import Context, Platform, ResourceLink, ScoreOutbox, utcnow
from ..db.outboxes import outbox_summary
from ..db.repositories import analyze, current_items
from ..errors import NotFound, UserError
from ..grade_sync import learner_grades, queue_resend, set_stop, use_lineitem
from ..lti.deep_linking import exam_content_item, response_jwt
from ..lti.keys import signing_key
from ..lti.roster import RosterReport, fetch_roster, store_roster
from ..services import services
from . import queries


def _exams(db: Any) -> list[tuple[Any, Any]]:
    """Every exam with what it still lacks to be delivered (nothing: it can be placed)."""
    svc = services()
    return [(b, shortfalls(b, current_items(db, b.level))) for b in svc.catalogue.blueprints(db)]


def placeable_exams() -> tuple[list[tuple[Any, list[Any]]], Any]:
    """The exams to offer in a deep-linking launch, and the competence model."""
    svc = services()
    with svc.db.transaction() as db:
        return _exams(db), svc.catalogue.model(db)


def deep_link_response(platform_id: int, exam_key: str, request_info: dict[str, Any], locale: str) -> str:
    """The signed deep-linking response that places ``exam_key`` (400 when it cannot be delivered)."""
    svc = services()
    with svc.db.transaction() as db:
        chosen = next((b for b, missing in _exams(db) if b.key == exam_key and not missing), None)
        if chosen is None:
            raise UserError(_("Choose one of the exams that can be delivered."), 400)
        platform = db.get(Platform, platform_id)
        assert platform is not None
        item = exam_content_item(chosen, svc.settings.base_url + "/lti/launch", locale)
        return response_jwt(platform, request_info["deployment_id"], request_info["settings"], [item],
                            signing_key(db))


@dataclass(frozen=True)
class LinkPage:
    link: ResourceLink
    blueprint: Any
    context: Context | None
    members: list[Any]
    attempts: dict[int, Any]
    scores: Any


def link_page(platform_id: int, link_pk: int | None) -> LinkPage:
    """A placed exam of the launch's platform with its course, participants, their attempts and the score
    outbox (404 for another platform's)."""
    svc = services()
    with svc.db.transaction() as db:
        link = db.get(ResourceLink, link_pk or 0)
        if link is None or link.platform_id != platform_id:
            raise NotFound(_("Open this page from an exam placed in your course."))
        context = db.get(Context, link.context_pk) if link.context_pk else None
        return LinkPage(link, svc.catalogue.blueprint(db, link.exam_key), context,
                        queries.members_with_people(db, context.id) if context else [],
                        queries.attempts_by_person(db, link.id), outbox_summary(db, ScoreOutbox, platform_id))


#: members joining in one sync from which the planner's statistics are refreshed (ANALYZE samples the tables)
ROSTER_BULK = 500


def sync_roster(platform_id: int, context_pk: int | None) -> RosterReport:
    """Fetch the course roster from the LMS (outside any transaction) and store it."""
    svc = services()
    with svc.db.transaction() as db:
        context = db.get(Context, context_pk or 0)
        platform = db.get(Platform, platform_id)
        if context is None or platform is None or context.platform_id != platform.id:
            raise NotFound(_("Open this page from a course."))
        key = signing_key(db)
        db.expunge(platform)
        db.expunge(context)
    fetched_at = utcnow()
    members = fetch_roster(platform, context, key, svc.settings)
    with svc.db.transaction() as db:
        report = store_roster(db, db.merge(context), members, fetched_at, svc.settings.roster_sync_hours)
        if report.joined >= ROSTER_BULK:  # a first sync may bring in thousands: refresh the planner's statistics
            analyze(db, ("people", "memberships"))
        return report


# --- grade sync --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkRef:
    """The placed exam a grade-sync request names (``pk``), and what the launch allows: its platform,
    its course (``context_pk``) or, without a course, its own placed exam (``session_link``)."""

    pk: int
    platform_id: int
    context_pk: int | None
    session_link: int | None


def _link(db: Any, ref: LinkRef) -> ResourceLink:
    """The placed exam asked for, if it belongs to the launch's course."""
    link = db.get(ResourceLink, ref.pk)
    if (link is None or link.platform_id != ref.platform_id
            or (link.context_pk != ref.context_pk if ref.context_pk else link.id != ref.session_link)):
        raise NotFound(_("Open this page from an exam placed in your course."))
    return link


@dataclass(frozen=True)
class GradeSyncInput:
    link: ResourceLink
    platform: Platform
    context: Context | None
    blueprint: Any
    siblings: list[ResourceLink]
    lines: list[Any]
    key: Any


def grade_sync_input(ref: LinkRef) -> GradeSyncInput:
    """What the tool holds and sent for every learner of a placed exam, detached for the gradebook call."""
    svc = services()
    with svc.db.transaction() as db:
        link = _link(db, ref)
        platform = db.get(Platform, link.platform_id)
        context = db.get(Context, link.context_pk) if link.context_pk else None
        blueprint = svc.catalogue.blueprint(db, link.exam_key)
        siblings = queries.links_in_context(db, link.context_pk) if link.context_pk else [link]
        lines = learner_grades(db, link, svc.catalogue)
        key = signing_key(db)
        assert platform is not None
        db.expunge_all()
    return GradeSyncInput(link, platform, context, blueprint, siblings, lines, key)


def queue_grades(ref: LinkRef, person: int | None, request_key: str, now: dt.datetime
                 ) -> tuple[int, list[int], int]:
    """Queue one learner's grade (or all) again: the placed exam, the queued score ids and how many were
    already queued by this request (a form posted twice)."""
    link_pk = 0
    try:
        svc = services()
        with svc.db.transaction() as db:
            link = _link(db, ref)
            link_pk, title = link.id, link.title or link.exam_key
            ids, repeated = queue_resend(db, link, svc.catalogue, [person] if person else None, request_key, now)
            if ids:
                record(db, "grades.resent", title, after={"link_pk": link.id, "person_id": person,
                                                          "scores": len(ids), "request_key": request_key})
    except IntegrityError:  # the same form posted twice at the same moment: the other post queued it
        ids, repeated = [], 1
    return link_pk, ids, repeated


@dataclass(frozen=True)
class ColumnInput:
    link: ResourceLink
    platform: Platform
    context: Context | None
    blueprint: Any
    label: str
    key: Any


def column_input(ref: LinkRef, locale: str) -> ColumnInput:
    """What creating a gradebook column needs, detached for the call to the LMS."""
    svc = services()
    with svc.db.transaction() as db:
        link = _link(db, ref)
        platform = db.get(Platform, link.platform_id)
        context = db.get(Context, link.context_pk) if link.context_pk else None
        blueprint = svc.catalogue.blueprint(db, link.exam_key)
        label = link.title or localize(blueprint.title, locale)
        key = signing_key(db)
        assert platform is not None
        db.expunge_all()
    return ColumnInput(link, platform, context, blueprint, label, key)


def use_new_column(link_pk: int, new_url: str, label: str, now: dt.datetime) -> list[int]:
    """Point the placed exam at its new column and queue every grade for it; the queued score ids."""
    svc = services()
    with svc.db.transaction() as db:
        stored = db.get(ResourceLink, link_pk)
        assert stored is not None
        old = use_lineitem(db, stored, new_url)
        key = "column-" + hashlib.sha256(new_url.encode()).hexdigest()[:40]
        ids, _repeated = queue_resend(db, stored, svc.catalogue, None, key, now)
        record(db, "grade_column.recreated", label, before={"lineitem_url": old},
               after={"lineitem_url": new_url, "link_pk": stored.id, "scores": len(ids)})
    return ids


def change_stop(ref: LinkRef, stop_after: dt.date | None, now: dt.datetime) -> tuple[int, list[int]]:
    """Stop sending grades of attempts submitted after ``stop_after`` (None: send all again); the placed
    exam and the score ids released to be sent."""
    with services().db.transaction() as db:
        link = _link(db, ref)
        before = link.sync_stop_after
        released = set_stop(db, link, stop_after, now)
        record(db, "grade_sync.stopped" if stop_after else "grade_sync.resumed", link.title or link.exam_key,
               before={"sync_stop_after": before.isoformat() if before else None},
               after={"sync_stop_after": stop_after.isoformat() if stop_after else None, "link_pk": link.id,
                      "released": len(released)})
        return link.id, released
