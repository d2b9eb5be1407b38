"""A rollout phase's own message reaches the managers of its teams: HR saves it in the plan, presses send,
the worker delivers through a real SMTP server (aiosmtpd on 127.0.0.1, the harness of test_reminder_mail)
and the manager receives the phase's subject and text in the mail's language with the placeholders filled in;
a part or language the phase has no text for, and a team whose phase has no message, get the standard text."""

from __future__ import annotations

from typing import Any

import yaml

from lti_tool.governance.operations import default_plan
from lti_tool.outbox import send_mail
from tests.dates import iso_today
from tests.e2e.test_reminder_mail import FROM, MANAGER, _hr, mail_tool, smtp  # noqa: F401 - the harness

PHASE = "advanced-business"  # Particulieren and Zakelijk: the manager's team (Anna Bakker, Bram de Wit)
MESSAGE = {"subject": {"nl": "Fase {phase}: je team tot {end}", "en": "Phase {phase}: your team until {end}"},
           "text": {"en": "Dear {manager},\n\n{organisation} asks your team to finish phase {phase} by {end}. "
                          "Write {{phase}} in a mail merge if you like."}}


def _save_plan(hr: Any, messages: dict[str, dict[str, Any]]) -> None:
    """The default plan with its ``PHASE`` running today and ``messages`` (phase key → message)."""
    plan = default_plan()
    for phase in plan["phases"]:
        if phase["key"] == PHASE:
            phase["start"], phase["end"] = iso_today(-1), iso_today(60)
        if phase["key"] in messages:
            phase["message"] = messages[phase["key"]]
    saved = hr.browser.post(f"{hr.base}/governance/rollout",
                            data={"csrf_token": hr.token, "plan": yaml.safe_dump(plan, allow_unicode=True)})
    assert saved.status_code == 303, saved.text


def _send(tool: Any, hr: Any, lang: str) -> None:
    assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": lang}).status_code == 303
    assert send_mail(tool.svc.db, tool.svc.settings).sent == 1


def _preview(hr: Any, lang: str) -> str:
    page = hr.get_reports("/reminders", as_of=iso_today(), lang=lang)
    assert page.status_code == 200, page.text
    return page.text.split('id="mail-preview"', 1)[1].split("</div>", 1)[0]


def test_a_team_in_a_phase_with_its_own_text_gets_it_in_its_language(mail_tool, smtp, platform,  # noqa: F811
                                                                       browser):
    inbox, _port = smtp
    hr = _hr(mail_tool, platform, browser)
    _save_plan(hr, {PHASE: MESSAGE})
    preview = _preview(hr, "en")
    assert "Phase Advanced: Retail and Business: your team until" in preview
    assert "Advanced: Retail and Business" in preview.split('id="mail-phase"')[1]
    assert "own subject and text are used" in preview.split('id="mail-phase"')[1]

    _send(mail_tool, hr, "en")
    (to, english), = inbox.messages
    assert to == [MANAGER] and english["From"] == FROM
    assert english["Subject"] == f"Phase Advanced: Retail and Business: your team until {iso_today(60)}"
    body = english.get_content().replace("\r\n", "\n")
    assert body.startswith("Dear Mohammed El Amrani,\n\nVoorbeeldgroep asks your team to finish phase Advanced: "
                           f"Retail and Business by {iso_today(60)}. Write {{phase}} in a mail merge if you like.\n")
    assert "Anna Bakker" in body and "Bram de Wit" in body  # the team's list always follows
    assert "Please remind them" not in body and "Your team is in the rollout phase" not in body
    assert "{manager}" not in body and "{organisation}" not in body

    # Dutch: the phase's own subject, and the standard text (the phase has no Dutch text)
    assert "own subject is used, with the standard text" in _preview(hr, "nl").split('id="mail-phase"')[1]
    _send(mail_tool, hr, "nl")
    dutch = inbox.messages[1][1]
    assert dutch["Subject"] == f"Fase Gevorderd: Particulieren en Zakelijk: je team tot {iso_today(60)}"
    body = dutch.get_content().replace("\r\n", "\n")
    assert "Beste Mohammed El Amrani," in body and "Je team zit in de uitrolfase" in body and "Anna Bakker" in body
    assert "asks your team" not in body


def test_a_team_in_a_phase_without_its_own_text_gets_the_standard_text(mail_tool, smtp, platform,  # noqa: F811
                                                                        browser):
    inbox, _port = smtp
    hr = _hr(mail_tool, platform, browser)
    _save_plan(hr, {"pilot-zorg": MESSAGE})  # another phase has a message; the manager's team's phase has none
    preview = _preview(hr, "en").split('id="mail-phase"')[1]
    assert "Advanced: Retail and Business" in preview and "no text of its own" in preview
    _send(mail_tool, hr, "en")
    (_to, message), = inbox.messages
    assert message["Subject"] == "AI diploma: reminders for your team"
    body = message.get_content().replace("\r\n", "\n")
    assert "Dear Mohammed El Amrani," in body and "Your team is in the rollout phase \"Advanced: Retail and " \
        f"Business\" of the AI diploma, which runs until {iso_today(60)}." in body
    assert "Please remind them to take the exam in time." in body and "asks your team" not in body
