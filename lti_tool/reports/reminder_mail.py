"""The reminder mail to a manager: its text in the chosen language, with a rollout-phase intro, and the
outbox rows (one per manager with an e-mail address) that sending queues.

The text comes from the catalogue (``force_locale``), so it is Dutch or English whatever the sender's
page language. A manager whose team is in a running rollout phase gets that phase's intro sentence;
otherwise the general one. A phase with its own message (``assessments.phase_message``) replaces the
built-in subject or text, per part and language, with its own. ``send_key`` (manager, day, hash of subject
and body) makes a second press on the same day with the same reminders queue nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from assessments.coverage import PersonRecord
from assessments.phase_message import fill
from assessments.rollout import Phase, RolloutPlan
from assessments.text import localize

LANGUAGES = ("nl", "en")
#: the language choice that writes to each manager in their own language (the LMS's locale of their last launch)
OWN = "own"


def mail_language(group: Mapping[str, Any], chosen: str, fallback: str) -> str:
    """``chosen``, or with ``OWN`` the manager's own language when the LMS told it (else ``fallback``)."""
    if chosen in LANGUAGES:
        return chosen
    own = (group.get("locale") or "")[:2].lower()
    return own if own in LANGUAGES else fallback


def reason_text(why: str) -> str:
    return {"expires": _("diploma expires"), "passed": _("deadline passed"),
            "soon": _("deadline soon")}.get(why, why)


def team_phase(plan: RolloutPlan | None, group: Mapping[str, Any], records: Mapping[int, PersonRecord],
               day: dt.date) -> Phase | None:
    """The running phase (the first of the plan) that includes someone of the group's team on ``day``."""
    if plan is None:
        return None
    members = [records[r["person"].id] for r in group["rows"] if r["person"].id in records]
    for phase in plan.phases:
        if phase.start <= day <= phase.end and phase.dimension is not None and any(map(phase.includes, members)):
            return phase
    return None


def own_parts(phase: Phase | None, lang: str) -> dict[str, bool]:
    """Per part ("subject", "text") whether the phase's own text is used in ``lang`` (else the built-in one)."""
    message = phase.message if phase is not None else None
    return {part: message is not None and message.part(part, lang) is not None for part in ("subject", "text")}


def compose(group: Mapping[str, Any], lang: str, phase: Phase | None, organisation: str) -> tuple[str, str]:
    """Subject and body of the reminder mail to the manager of ``group``, in ``lang``. A phase's own subject
    or text (in ``lang``) replaces the built-in one, with its placeholders filled in; the text replaces the
    greeting, introduction and request, and the list of team members and the sender's line always follow."""
    message = phase.message if phase is not None else None
    values = {"phase": localize(phase.name, lang) if phase else "", "end": phase.end.isoformat() if phase else "",
              "organisation": organisation or "–", "manager": str(group["manager"] or "")}
    own_subject = message.part("subject", lang) if message else None
    own_text = message.part("text", lang) if message else None
    with force_locale(lang):
        subject = fill(own_subject, values) if own_subject else _("AI diploma: reminders for your team")
        lines = [f"- {r['person'].name or r['person'].subject}: {reason_text(r['why'])} ({r['date'].isoformat()})"
                 for r in group["rows"]]
        footer = _("This message was sent by the AI diploma tool of %(organisation)s.",
                   organisation=organisation or "–")
        if own_text:
            body = "\n".join([fill(own_text, values), "", *lines, "", footer])
        else:
            body = "\n".join([_("Dear %(name)s,", name=group["manager"]), "", _intro(phase, lang), "", *lines, "",
                              _("Please remind them to take the exam in time."), "", footer])
    return " ".join(subject.split()), body + "\n"


def _intro(phase: Phase | None, lang: str) -> str:
    if phase is None:
        return _("These people in your team need to act on their AI diploma:")
    return _("Your team is in the rollout phase \"%(phase)s\" of the AI diploma, which runs until "
             "%(end)s. These people in your team need to act on their AI diploma:",
             phase=localize(phase.name, lang), end=phase.end.isoformat())


def send_key(platform_id: int, group: Mapping[str, Any], day: dt.date, subject: str, body: str) -> str:
    content = hashlib.sha256(f"{subject}\n{body}".encode()).hexdigest()[:32]
    who = group["number"] or group["email"]
    return hashlib.sha256(f"{platform_id}|{who}|{day.isoformat()}|{content}".encode()).hexdigest()


def messages(platform_id: int, groups: Sequence[Mapping[str, Any]], lang: str, plan: RolloutPlan | None,
             records: Mapping[int, PersonRecord], day: dt.date, organisation: str,
             fallback: str = "nl") -> list[dict[str, Any]]:
    """The outbox rows for every manager of ``groups`` with an e-mail address (``lang`` may be ``OWN``)."""
    out = []
    for group in groups:
        if not group["email"]:
            continue
        lang_of = mail_language(group, lang, fallback)
        subject, body = compose(group, lang_of, team_phase(plan, group, records, day), organisation)
        out.append({"send_key": send_key(platform_id, group, day, subject, body), "recipient": group["email"],
                    "recipient_name": group["manager"], "language": lang_of, "subject": subject, "body": body,
                    "reminders": len(group["rows"])})
    return out
