"""Server-side sessions that survive blocked third-party cookies.

After a launch, the tool's pages live under ``/s/<sid>/…``: the session id travels in the URL,
so the exam works inside an LMS iframe even when the browser drops the tool's cookies. The
same id is also set as a ``SameSite=None; Secure; Partitioned`` cookie for pages outside that
prefix. Session data lives in the shared key-value store (database or Redis).

A token in the URL survives blocked third-party cookies, but URLs travel further than cookies:
into access and error logs, ``Referer`` headers, browser history and over a shoulder. So: every
log record is redacted (``redact``, installed by ``observability``), every page is served with
``Referrer-Policy: no-referrer`` (``same-origin`` on the pages that post to themselves), no export
carries a URL with a session, and sessions are short — an exam session lasts ``session_ttl`` (the
longest exam plus accommodations), a staff session ``staff_session_ttl`` (``start(..., ttl=)``).
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from flask import Flask, Request, Response, g, session
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy.exc import OperationalError
from werkzeug.datastructures import CallbackDict

from .kv import KeyValueStore, StoreUnavailable

SID_PATTERN = re.compile(r"^/s/([A-Za-z0-9_-]{32,64})(/|$)")
COOKIE = "aidip_session"
TTL_KEY = "_ttl"  # the session's own lifetime, kept with its data
#: a session id in a path, a store key or a cookie header, or a registration invitation in its URL,
#: wherever it appears in a text
_SID_ANYWHERE = re.compile(r"(/s/|session:|" + COOKIE + r"=|/lti/register/)[A-Za-z0-9_-]{32,64}")


def redact(text: str) -> str:
    """``text`` with every session id (and registration invitation) replaced by ``…``
    (``/s/<sid>/q/1`` → ``/s/…/q/1``)."""
    return _SID_ANYWHERE.sub(r"\1…", text) if text else text


class ServerSession(CallbackDict, SessionMixin):  # type: ignore[type-arg]
    def __init__(self, data: dict[str, Any] | None = None, sid: str | None = None) -> None:
        def on_update(_: Any) -> None:
            self.modified = True

        data = dict(data or {})
        ttl = data.pop(TTL_KEY, None)
        super().__init__(data, on_update)
        self.sid = sid
        self.modified = False
        self.new = sid is None
        self.ttl: int | None = ttl  # None: the interface's default (session_ttl)
        self.load_error: Exception | None = None  # set when the store could not be read


def new_sid() -> str:
    return secrets.token_urlsafe(32)


class KeyValueSessionInterface(SessionInterface):
    def __init__(self, store: KeyValueStore, ttl: int) -> None:
        self.store = store
        self.ttl = ttl

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        match = SID_PATTERN.match(request.path)
        sid = match.group(1) if match else request.cookies.get(COOKIE)
        if sid:
            try:
                data = self.store.get("session:" + sid)
            except (OperationalError, StoreUnavailable) as exc:  # database or Redis away: say so in the request
                unavailable = ServerSession(sid=sid)
                unavailable.load_error = exc
                return unavailable
            if data is not None:
                return ServerSession(data, sid)
        return ServerSession()

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        if session.load_error is not None or (not session.modified and session.sid):
            return
        if not session:
            if session.sid and session.modified:
                self.store.delete("session:" + session.sid)
            return
        if session.sid is None:
            session.sid = new_sid()
        ttl = session.ttl or self.ttl
        data = dict(session) | ({TTL_KEY: session.ttl} if session.ttl else {})
        try:
            self.store.set("session:" + session.sid, data, ttl)
        except StoreUnavailable:  # the answer is ready but its session is not kept: the client must retry
            app.logger.warning("session not saved: the shared store is unavailable")
            unavailable_response(response)
            return
        response.set_cookie(
            COOKIE, session.sid, max_age=ttl, httponly=True, secure=True,
            samesite="None", partitioned=True, path="/",
        )
        g.session_sid = session.sid


def unavailable_response(response: Response) -> None:
    """Turn an answer whose session could not be saved into a 503 with Retry-After (its body would refer to a
    session that does not exist)."""
    from .errors import store_unavailable_body  # errors imports the session machinery's users, not this module

    response.status_code = 503
    response.headers["Retry-After"] = "5"
    response.headers.pop("Location", None)
    body, mimetype = store_unavailable_body()
    response.set_data(body)
    response.mimetype = mimetype


def raise_if_unavailable() -> None:
    """First thing in a request: a session that could not be read (database unreachable) is an
    error the error handlers turn into a 503, not an empty session (which would read as expired,
    or fail the CSRF check)."""
    error = getattr(session, "load_error", None)
    if error is not None:
        raise error


def start(session: SessionMixin, ttl: int | None = None) -> str:
    """Start a fresh session (after a launch: no fixation) and return its id. ``ttl``: its
    lifetime in seconds, kept on every later save (default ``session_ttl``, meant for exams;
    pass ``settings.staff_session_ttl`` for a session without an exam)."""
    assert isinstance(session, ServerSession)
    session.clear()
    session.sid = new_sid()
    session.ttl = ttl
    session.modified = True
    return session.sid
