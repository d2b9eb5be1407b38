"""Reminder mails reach managers: HR presses send, the worker delivers through a real SMTP server
(aiosmtpd on 127.0.0.1), with retries, once per manager and day, and never past the egress guard."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from lti_tool.db.mail import queue_mails
from lti_tool.db.models import MailOutbox, Platform
from lti_tool.egress import EgressRefused
from lti_tool.mail import MailError, build, deliver
from lti_tool.outbox import send_mail
from lti_tool.reports.reminder_mail import compose, send_key
from lti_tool.settings import load_settings
from tests.conftest import free_port, running_tool
from tests.dates import iso_today
from tests.e2e.test_certification import import_hr, reports_user
from tests.lti_client import create_link, register

FROM = "diploma@voorbeeldgroep.nl"
MANAGER = "mohammed.elamrani@voorbeeldgroep.nl"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def mail_tool(smtp, database_url: str, tmp_path: Path) -> Iterator[Any]:
    with running_tool(database_url, None, tmp_path / "instance", smtp_host="127.0.0.1", smtp_port=smtp[1],
                      smtp_starttls=False, smtp_from=FROM, organisation_name="Voorbeeldgroep") as tool:
        yield tool


def _hr(tool, platform, browser):
    reg = register(browser, platform, tool)
    link = create_link(platform, reg.client_id)
    hr = reports_user(tool, platform, link, "priya", "hr")
    import_hr(hr)
    return hr


def _rows(tool) -> list[MailOutbox]:
    with tool.svc.db.session() as db:
        return list(db.scalars(select(MailOutbox).order_by(MailOutbox.id)))


def test_hr_previews_sends_once_and_the_manager_receives_the_team(mail_tool, smtp, platform, browser):
    inbox, _port = smtp
    hr = _hr(mail_tool, platform, browser)
    page = hr.get_reports("/reminders", as_of=iso_today(), lang="en")
    assert page.status_code == 200 and 'id="mail-preview"' in page.text
    preview = page.text.split('id="mail-preview"', 1)[1].split("</div>", 1)[0]
    assert MANAGER in preview and "AI diploma: reminders for your team" in preview and "Anna Bakker" in preview
    assert 'data-confirm="' in page.text.split("/reminders/send", 1)[1].split(">", 1)[0]

    first = hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "en"})
    assert first.status_code == 303
    assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "en"}).status_code == 303  # second press
    rows = _rows(mail_tool)
    assert [r.recipient for r in rows] == [MANAGER] and rows[0].status == "pending"
    assert inbox.messages == []  # nothing is sent inside the request

    worker = mail_tool.app.test_cli_runner().invoke(args=["worker", "--once"])
    assert worker.exit_code == 0 and "mails sent 1 failed 0" in worker.output, worker.output
    again = send_mail(mail_tool.svc.db, mail_tool.svc.settings, now=dt.datetime.now(dt.UTC) + dt.timedelta(hours=2))
    assert again.sent == 0  # a worker retry round sends nothing twice
    assert len(inbox.messages) == 1
    to, message = inbox.messages[0]
    assert to == [MANAGER] and message["From"] == FROM
    assert message["Subject"] == "AI diploma: reminders for your team"
    body = message.get_content()
    assert "Dear Mohammed El Amrani," in body and "Anna Bakker" in body and "Bram de Wit" in body
    assert "Dirk Mulder" not in body  # no manager: not in anyone's mail
    assert "Voorbeeldgroep" in body
    assert "Your team is in the rollout phase" in body  # the default plan phases Particulieren and Zakelijk
    audit = hr.get_reports("/audit", action="reminders.sent")
    assert audit.status_code == 200 and "reminder mails queued" in audit.text

    log = hr.get_reports("/reminders", as_of=iso_today()).text.split('id="mail-log"', 1)[1].split("</table>", 1)[0]
    assert MANAGER in log and "sent" in log


def test_dutch_mail_is_a_new_message_in_dutch(mail_tool, smtp, platform, browser):
    inbox, _port = smtp
    hr = _hr(mail_tool, platform, browser)
    assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "nl"}).status_code == 303
    assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "nl"}).status_code == 303
    assert send_mail(mail_tool.svc.db, mail_tool.svc.settings).sent == 1
    (to, message), = inbox.messages
    assert to == [MANAGER] and message["Subject"] == "AI-diploma: herinneringen voor je team"
    body = message.get_content()
    assert "Beste Mohammed El Amrani," in body and "Anna Bakker" in body
    assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "xx"}).status_code == 400


def test_smtp_down_retries_the_row_and_the_page_shows_the_failure(mail_tool, smtp, platform, browser):
    inbox, _port = smtp
    hr = _hr(mail_tool, platform, browser)
    assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "en"}).status_code == 303
    down = dataclasses.replace(mail_tool.svc.settings, smtp_port=free_port(), smtp_timeout=2.0)
    report = send_mail(mail_tool.svc.db, down)
    assert report.failed == 1 and report.sent == 0
    (row,) = _rows(mail_tool)
    assert row.status == "pending" and row.tries == 1 and "not reached" in (row.last_error or "")
    log = hr.get_reports("/reminders", as_of=iso_today()).text.split('id="mail-log"', 1)[1].split("</table>", 1)[0]
    assert "not reached" in log and "queued" in log
    assert send_mail(mail_tool.svc.db, mail_tool.svc.settings).sent == 0  # not due before the backoff
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    assert send_mail(mail_tool.svc.db, mail_tool.svc.settings, now=later).sent == 1
    assert len(inbox.messages) == 1 and _rows(mail_tool)[0].status == "sent"


def test_the_egress_guard_refuses_a_link_local_mail_server(mail_tool, platform, browser):
    register(browser, platform, mail_tool)  # a platform for the outbox row
    settings = dataclasses.replace(mail_tool.svc.settings, smtp_host="169.254.169.254", smtp_port=25)
    with pytest.raises(EgressRefused) as refused:
        deliver(settings, build(settings, MANAGER, "M", "s", "b"))
    assert refused.value.reason == "link_local"
    private = dataclasses.replace(mail_tool.svc.settings, allow_private_hosts=False)
    with pytest.raises(EgressRefused):
        deliver(private, build(private, MANAGER, "M", "s", "b"))
    with mail_tool.svc.db.transaction() as db:  # the worker parks the message: the guard would refuse it again
        platform_id = db.scalars(select(Platform.id)).first()
        queue_mails(db, platform_id, [{"send_key": "k", "recipient": MANAGER, "recipient_name": "M", "language": "en",
                                       "subject": "s", "body": "b", "reminders": 1}], "test")
    report = send_mail(mail_tool.svc.db, settings)
    assert report.failed == 1 and "egress guard" in report.errors[0]
    (row,) = _rows(mail_tool)
    assert row.status == "failed" and "link-local" in (row.last_error or "")


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the name ``localhost``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_starttls_is_verified_against_the_host_name(tmp_path):
    cert_file, key_file = _certificate(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=server_tls, require_starttls=True)
    controller.start()
    try:
        settings = dataclasses.replace(load_settings({"instance_path": str(tmp_path / "instance")}),
                                       smtp_host="localhost", smtp_port=port, smtp_from=FROM,
                                       allow_private_hosts=True, smtp_timeout=5.0)
        message = build(settings, MANAGER, "Mohammed", "s", "b")
        with pytest.raises(MailError, match="SSLCertVerificationError"):
            deliver(settings, message)  # the system's CAs do not know this certificate: nothing is sent
        trusted = ssl.create_default_context(cafile=str(cert_file))
        deliver(settings, message, context=trusted)  # trusted, and issued to the name connected to
        assert [to for to, _m in inbox.messages] == [[MANAGER]]
        wrong_name = dataclasses.replace(settings, smtp_host="127.0.0.1")
        with pytest.raises(MailError, match="SSLCertVerificationError"):
            deliver(wrong_name, message, context=trusted)  # the certificate does not name 127.0.0.1
    finally:
        controller.stop()


def test_sending_off_says_so_and_offers_the_csv(database_url, tmp_path, platform, browser):
    with running_tool(database_url, None, tmp_path / "instance") as tool:
        hr = _hr(tool, platform, browser)
        page = hr.get_reports("/reminders", as_of=iso_today()).text
        assert 'id="mail-off"' in page and "format=csv" in page and "/reminders/send" not in page
        refused = hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "en"})
        assert refused.status_code == 409 and "Sending is off" in refused.text
        assert _rows(tool) == []


def test_without_a_running_phase_for_the_team_the_mail_has_the_general_intro(mail_tool):
    person = type("P", (), {"id": 1, "name": "Anna Bakker", "subject": "anna"})()
    group = {"manager": "Mohammed", "email": MANAGER, "number": "VG-1",
             "rows": [{"person": person, "why": "passed", "date": dt.date(2026, 1, 1)}]}
    with mail_tool.app.test_request_context():
        subject, body = compose(group, "en", None, "Voorbeeldgroep")
        _subject, later = compose(group, "en", None, "Voorbeeldgroep")
    assert subject == "AI diploma: reminders for your team" and "rollout phase" not in body
    assert "These people in your team need to act on their AI diploma:" in body
    assert "- Anna Bakker: deadline passed (2026-01-01)" in body
    assert send_key(1, group, dt.date(2026, 1, 2), subject, body) == send_key(1, group, dt.date(2026, 1, 2),
                                                                               subject, later)
    assert send_key(1, group, dt.date(2026, 1, 2), subject, body) != send_key(1, group, dt.date(2026, 1, 3),
                                                                               subject, body)


class RefusingInbox(Inbox):
    """A mail server that refuses the recipient for good (550) until it is told to take mail again."""

    def __init__(self) -> None:
        super().__init__()
        self.refusing = True

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.refusing:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _manager_locale(tool, locale: str | None) -> None:
    from lti_tool.db.models import Person

    with tool.svc.db.transaction() as db:
        manager = db.scalars(select(Person).where(Person.email == MANAGER)).one()
        manager.locale = locale


def test_each_manager_gets_the_mail_in_their_own_language(mail_tool, smtp, platform, browser):
    hr = _hr(mail_tool, platform, browser)
    _manager_locale(mail_tool, "en-GB")  # the LMS's locale of the manager's last launch
    page = hr.get_reports("/reminders", as_of=iso_today())
    assert "Each manager&#39;s own language" in page.text or "Each manager's own language" in page.text
    preview = page.text.split('id="mail-preview"', 1)[1].split("</div>", 1)[0]
    assert "AI diploma: reminders for your team" in preview and "English" in preview
    assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "own"}).status_code == 303
    (row,) = _rows(mail_tool)
    assert row.language == "en" and row.subject == "AI diploma: reminders for your team"
    # a manager the LMS told nothing about gets the organisation's default language (Dutch here)
    _manager_locale(mail_tool, None)
    group = {"manager": "M", "email": MANAGER, "number": "1", "locale": None, "rows": []}
    from lti_tool.reports.reminder_mail import mail_language

    assert mail_language(group, "own", "nl") == "nl"
    assert mail_language({**group, "locale": "en_US"}, "own", "nl") == "en"
    assert mail_language({**group, "locale": "de-DE"}, "own", "nl") == "nl" and mail_language(group, "en", "nl") == "en"


def test_hr_sends_to_the_matching_managers_except_those_unticked(mail_tool, smtp, platform, browser):
    hr = _hr(mail_tool, platform, browser)
    page = hr.get_reports("/reminders", as_of=iso_today()).text
    assert page.count('name="manager"') == 1 and 'form="send-form" checked' in page  # ticked by default
    number = page.split('name="manager" value="', 1)[1].split('"', 1)[0]
    assert f'name="shown" value="{number}"' in page
    unticked = hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "en", "shown": number})
    assert unticked.status_code == 400 and "No manager to send to" in unticked.text and _rows(mail_tool) == []
    # a search that leaves out the manager's team: nobody to send to
    elsewhere = hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "en", "q": "Dirk Mulder"})
    assert elsewhere.status_code == 400 and _rows(mail_tool) == []
    narrowed = hr.get_reports("/reminders", as_of=iso_today(), q="Anna Bakker").text
    assert "Anna Bakker" in narrowed and "Bram de Wit" not in narrowed  # the row, not the whole team
    found = hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "en", "q": "Anna Bakker", "shown": number,
                                                               "manager": number})
    assert found.status_code == 303 and [r.recipient for r in _rows(mail_tool)] == [MANAGER]
    (row,) = _rows(mail_tool)
    assert row.reminders == 1 and "Anna Bakker" in row.body and "Bram de Wit" not in row.body


def test_mails_refused_for_good_are_sent_again_once_the_server_takes_them(database_url, tmp_path, platform,
                                                                          browser):
    inbox, port = RefusingInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with running_tool(database_url, None, tmp_path / "instance", smtp_host="127.0.0.1", smtp_port=port,
                          smtp_starttls=False, smtp_from=FROM, organisation_name="Voorbeeldgroep") as tool:
            hr = _hr(tool, platform, browser)
            assert hr.post_reports(f"/reminders/send?as_of={iso_today()}", {"lang": "nl"}).status_code == 303
            assert send_mail(tool.svc.db, tool.svc.settings).failed == 1
            (row,) = _rows(tool)
            assert row.status == "failed" and "550" in (row.last_error or "")
            page = hr.get_reports("/reminders", as_of=iso_today()).text
            form = page.split("/reminders/retry", 1)[1].split(">", 1)[0]
            assert "data-confirm=" in form and "Send 1 failed mail again?" in form
            inbox.refusing = False  # the address was fixed at the mail server
            again = hr.post_reports(f"/reminders/retry?as_of={iso_today()}")
            assert again.status_code == 303
            assert hr.post_reports(f"/reminders/retry?as_of={iso_today()}").status_code == 303  # nothing failed: no-op
            (row,) = _rows(tool)
            assert row.status == "pending" and row.tries == 0
            assert send_mail(tool.svc.db, tool.svc.settings).sent == 1
            assert [to for to, _message in inbox.messages] == [[MANAGER]] and _rows(tool)[0].status == "sent"
            audit = hr.get_reports("/audit", action="reminders.retried")
            assert "failed reminder mails queued again" in audit.text
    finally:
        controller.stop()
