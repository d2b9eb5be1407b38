"""Log lines of every process (gunicorn master and workers, ``flask worker``): JSON objects without session
ids, and one access line per request with the route template, never the path."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, g, has_request_context, request

from .sessions import redact

#: the app's access lines (a child of the app's logger ``lti_tool``)
ACCESS = logging.getLogger("lti_tool.access")


def redact_log_records() -> None:
    """Make every log record of this process free of session ids (``/s/<sid>/`` → ``/s/…/``):
    werkzeug's and gunicorn's access and error lines, the app's messages and tracebacks. Done
    once, in the record factory, so handlers added later (gunicorn's, a test's) see redacted
    records too."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_sessions", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: leave it to the handler's own error path
            return record
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    factory.redacts_sessions = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def request_id() -> str:
    """This request's id: the caller's ``X-Request-ID`` when it is short and printable, else a new one (made
    on first use, so that lines logged before the app's own hooks ran carry it too)."""
    rid = g.get("request_id")
    if rid is None:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        g.request_id = rid
    return str(rid)


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id when there is a request. Access lines carry the
    route template instead of the path."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                                 "logger": record.name, "pid": record.process, "message": redact(record.getMessage())}
        access = getattr(record, "access", None)
        if has_request_context():
            entry.update(request_id=request_id(), method=request.method)
            if access is None:
                entry["path"] = redact(request.path)
        if access is not None:
            entry.update(access)
        if record.exc_info:
            entry["exception"] = record.exc_text or redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def json_handler() -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.json_lines = True  # type: ignore[attr-defined]
    return handler


def log_as_json(app: Flask) -> None:
    """The app's lines (``lti_tool`` and its children, the access lines among them) as JSON on stderr; not
    passed on to the root logger, whose handler (gunicorn's, the worker's) would write them twice."""
    app.logger.handlers = [json_handler()]
    app.logger.setLevel(logging.INFO)
    app.logger.propagate = False


def log_process_as_json() -> None:
    """Every other logger of this process (libraries, warnings) as JSON too: for ``flask worker``."""
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "json_lines", False)] + [json_handler()]
    logging.captureWarnings(True)


def init_access_log(app: Flask, counted: Callable[[int], None]) -> None:
    """The request id first of all hooks; one access line per request, and ``counted(status)``, last of all
    (after-request hooks run in reverse order), whatever the status. When an after-request hook failed the
    client got a 500 and the line says so, written at teardown."""
    def start() -> None:
        request_id()
        g.started = time.perf_counter()

    def finish(response: Response) -> Response:
        _log_access(response.status_code, counted)
        return response

    def torn_down(_: BaseException | None) -> None:
        if g.get("started") is not None:  # a request, not a context a test or command pushed
            _log_access(500, counted)

    app.before_request_funcs.setdefault(None, []).insert(0, start)
    app.after_request_funcs.setdefault(None, []).insert(0, finish)
    app.teardown_request(torn_down)


def _log_access(status: int, counted: Callable[[int], None]) -> None:
    if g.get("access_logged"):
        return
    g.access_logged = True
    counted(status)
    if ACCESS.isEnabledFor(logging.INFO):
        fields = access_fields(status)
        ACCESS.info("%s %s %s", request.method, fields["route"] or "(no route)", status, extra={"access": fields})


def route() -> str | None:
    """The URL rule that matched (``/s/<sid>/attempt/<int:attempt_id>``): never the path, which has the session
    id and values people typed; None for a path no rule matched."""
    return request.url_rule.rule if request.url_rule is not None else None


def access_fields(status: int) -> dict[str, Any]:
    started = g.get("started")
    principal = g.get("principal")
    return {"route": route(), "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started is not None else None,
            "platform_id": getattr(principal, "platform_id", None)}


def gunicorn_logconfig() -> dict[str, Any]:
    """gunicorn's ``logconfig_dict``: its error log and everything else through ``JsonFormatter`` on stderr;
    its own access log off (the app writes one line per request, with the route instead of the path)."""
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": "WARNING", "handlers": ["json"]},
        "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["json"], "propagate": False},
                    "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False}},
    }
