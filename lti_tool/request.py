"""Request plumbing every blueprint shares: the launch session's id in URLs, who the session is, its language.

After a launch the tool's pages live under ``/s/<sid>/…`` (``sessions``): each session blueprint pulls the id
out of the URL values (``pull_sid``) and the app puts it back into every URL it builds (``sid_url_defaults``).
Who is asking is resolved once per request by ``principal.load`` (``g.principal``); the language is the one
the launch chose, kept in the session. This module depends on Flask only, so that any layer may read it.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_request_context, request, session

#: the languages of the tool's pages
LOCALES = ("nl", "en")
#: the page language of a session whose launch did not set one
SESSION_DEFAULT_LOCALE = "nl"


def pull_sid(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """URL value preprocessor of the session blueprints: keep ``<sid>`` in ``g``, not in the view's arguments."""
    g.sid = (values or {}).pop("sid", None)


def sid_url_defaults(endpoint: str, values: dict[str, Any]) -> None:
    """Keep the launch session id in every URL built while handling a session page."""
    if "sid" not in values and g.get("sid") and current_app.url_map.is_endpoint_expecting(endpoint, "sid"):
        values["sid"] = g.sid


def locale() -> str:
    """The session's page language."""
    return str(session.get("locale", SESSION_DEFAULT_LOCALE))


def select_locale() -> str:
    """Flask-Babel's locale selector: the launch session's language, else ?lang=, else the browser's, else the
    default (``AIDIP_DEFAULT_LOCALE``; outside a request — the CLI, a worker — the default)."""
    default = str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if not has_request_context():
        return default
    chosen = session.get("locale") or request.args.get("lang")
    if chosen in LOCALES:
        return str(chosen)
    return request.accept_languages.best_match(list(LOCALES)) or default


def supported_locale(value: str | None, default: str) -> str:
    """``value`` (``nl_NL``, ``en-GB``, ``EN``…) as one of ``LOCALES``, else ``default``."""
    lang = (value or default).replace("_", "-").split("-")[0].lower()
    return lang if lang in LOCALES else default


def current_name() -> str:
    """The launched person's current name (read from the database on this request), or ``""``."""
    principal = g.get("principal")
    return principal.name if principal is not None else ""
