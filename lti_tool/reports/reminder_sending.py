"""Reminder mails on the reminders page: the preview, the log of what was sent, and queueing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from flask import request, session
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from assessments.text import localize

from ..audit import record as audit
from ..db.mail import mail_log, queue_mails, requeue_failed
from ..errors import UserError
from ..governance.operations import plan_in_use
from ..mail import sending_on
from ..permissions import Scope
from ..services import services
from .data import level_ranks, reading
from .reminder_list import ReminderFilter, chosen_managers, due_reminders, picked_groups, records_of, reminder_rows_of
from .reminder_mail import LANGUAGES, OWN, compose, mail_language, messages, own_parts, team_phase
from .rows import reminders_per_manager


def _plan(platform_id: int) -> Any:
    with reading() as db:
        return plan_in_use(db, platform_id, level_ranks(db))[1]


def reminder_mail_page(groups: Sequence[dict[str, Any]], day: dt.date) -> dict[str, Any]:
    """What the page shows those who may send: on or off, the language, a preview for one manager, the log."""
    settings = services().settings
    lang = request.args.get("lang") if request.args.get("lang") in (*LANGUAGES, OWN) else OWN
    with_email = [i for i, g in enumerate(groups) if g["email"]]
    wanted = request.args.get("preview", "")
    index = int(wanted) if wanted.isdigit() and int(wanted) in with_email else (with_email[0] if with_email else None)
    preview = None
    if index is not None:
        group = groups[index]
        records = records_of(session["platform_id"], [r["person"].id for r in group["rows"]])
        in_lang = mail_language(group, lang, settings.default_locale)
        phase = team_phase(_plan(session["platform_id"]), group, records, day)
        subject, body = compose(group, in_lang, phase, settings.organisation_name)
        preview = {"index": index, "to": group["email"], "subject": subject, "body": body, "lang": in_lang,
                   "phase": localize(phase.name, in_lang) if phase else None, "own": own_parts(phase, in_lang)}
    with reading() as db:
        log = mail_log(db, session["platform_id"])
    return {"on": sending_on(settings), "lang": lang, "languages": (OWN, *LANGUAGES), "preview": preview,
            "choices": [(i, groups[i]["manager"]) for i in with_email], "log": log,
            "failed": sum(1 for m in log if m.status == "failed"),
            "without_email": sum(1 for g in groups if not g["email"])}


def queue_reminder_mails(platform_id: int, person_id: int, lang: str, day: dt.date, by: str,
                         wanted: ReminderFilter | None = None, shown: Sequence[str] = (),
                         ticked: Sequence[str] = ()) -> tuple[int, int]:
    """One outbox row per manager with an e-mail address among the organisation's reminders that ``wanted``
    keeps, less the managers ``shown`` on the page and not ``ticked`` (employee numbers)."""
    svc = services()
    found = due_reminders(platform_id, Scope.ALL, person_id, wanted or ReminderFilter(), day,
                          svc.certification.expiring_days)
    only = chosen_managers(found, shown, ticked)
    if not only:
        raise UserError(_("No manager to send to: tick at least one manager, or change the search."), 400)
    groups = reminders_per_manager(reminder_rows_of(found, picked_groups(found, only)))
    records = records_of(platform_id, [r["person"].id for g in groups for r in g["rows"]])
    rows = messages(platform_id, groups, lang, _plan(platform_id), records, day, svc.settings.organisation_name,
                    svc.settings.default_locale)
    try:
        return _queue(platform_id, rows, lang, day, by)
    except IntegrityError:  # a press at the same moment queued some of them first: queue the rest
        return _queue(platform_id, rows, lang, day, by)


def _queue(platform_id: int, rows: list[dict[str, Any]], lang: str, day: dt.date, by: str) -> tuple[int, int]:
    with services().db.transaction() as db:
        queued, already = queue_mails(db, platform_id, rows, by)
        if queued:  # who sent reminders to whom, in the audit log (the outbox has each message)
            audit(db, "reminders.sent", day.isoformat(), after={"language": lang, "managers": queued,
                                                                 "reminders": sum(r["reminders"] for r in rows)})
    return queued, already


def send_failed_again(platform_id: int, by: str) -> int:
    """Mails the server refused for good go back in the queue (the worker tries them from now on)."""
    with services().db.transaction() as db:
        count = requeue_failed(db, platform_id)
        if count:
            audit(db, "reminders.retried", str(count), after={"mails": count, "by": by})
    return count
