"""Sending mail: a small SMTP client over the egress guard.

The mail server comes from the settings (``AIDIP_SMTP_*``); like every outgoing connection it goes
through the egress guard: the host is resolved, every address is checked (``egress.resolve``), and
the connection goes to a checked address, never to the name again. STARTTLS is verified against the
host *name* (the system's CA store, or ``SSL_CERT_FILE``). Every conversation has a timeout.

``deliver(settings, message)`` raises ``MailError`` (``permanent`` when the server refused the message
or the recipient for good: a 5xx answer) or ``EgressRefused``.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any

import httpcore

from .egress import EgressRefused, resolve
from .settings import Settings


class MailError(Exception):
    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def sending_on(settings: Settings) -> bool:
    return bool(settings.smtp_host and settings.smtp_from)


def build(settings: Settings, to: str, to_name: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = formataddr((to_name, to)) if to_name else to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=settings.smtp_from.rpartition("@")[2] or None)
    message.set_content(body)
    return message


class _GuardedSMTP(smtplib.SMTP):
    """smtplib's client, connecting only to addresses the egress guard checked. It is built with the host
    name (smtplib keeps it as the name STARTTLS verifies the certificate against) and connects at once."""

    def __init__(self, host: str, port: int, allow_private: bool, timeout: float) -> None:
        self.allow_private = allow_private
        super().__init__(host, port, timeout=timeout)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        error: OSError | None = None
        for address in resolve(host, port, self.allow_private):
            try:
                return socket.create_connection((str(address), port), timeout, self.source_address)
            except OSError as exc:
                error = exc
        raise error or OSError(f"{host}: no address")


def deliver(settings: Settings, message: EmailMessage, context: ssl.SSLContext | None = None) -> None:
    """Hand ``message`` to the mail server; MailError or EgressRefused when it did not take it."""
    if not sending_on(settings):
        raise MailError("no mail server configured (AIDIP_SMTP_HOST, AIDIP_SMTP_FROM)", permanent=True)
    try:
        with _GuardedSMTP(settings.smtp_host, settings.smtp_port, settings.allow_private_hosts,
                          settings.smtp_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=context or ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            refused: dict[str, Any] = smtp.send_message(message)
    except EgressRefused:
        raise
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(f"recipient refused: {_codes(exc.recipients)}", permanent=True) from None
    except smtplib.SMTPResponseException as exc:
        raise MailError(f"mail server answered {exc.smtp_code}", permanent=500 <= exc.smtp_code < 600) from None
    except (smtplib.SMTPException, OSError, httpcore.ConnectError) as exc:
        raise MailError(f"mail server not reached ({exc.__class__.__name__})") from None
    if refused:
        raise MailError(f"recipient refused: {_codes(refused)}", permanent=True)


def _codes(recipients: dict[str, Any]) -> str:
    return ", ".join(f"{to} ({answer[0]})" for to, answer in recipients.items())
