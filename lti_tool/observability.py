"""Running in production: request ids, JSON logs without session ids, Prometheus metrics, health
and readiness, security headers. (Rate limits: ``rate_limits``.)"""

from __future__ import annotations

import hmac
import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import httpx
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, Response, g, has_request_context, jsonify, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select, text

from .db import alembic_config
from .db.models import MailOutbox, Platform, ScoreOutbox, Statement, utcnow
from .egress import EgressRefused, egress_client
from .kv import StoreUnavailable
from .metrics import EXTENSION as METRICS_EXTENSION
from .services import Services
from .sessions import redact


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


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request id when there is a request."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                                 "logger": record.name, "message": record.getMessage()}
        if has_request_context():
            entry.update(request_id=g.get("request_id"), method=request.method, path=redact(request.path))
        if record.exc_info:
            entry["exception"] = record.exc_text or redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class Metrics:
    """The tool's metrics, in a registry of its own (one per app)."""

    def __init__(self, svc: Services) -> None:
        self.registry = CollectorRegistry()
        self.launches = Counter("aidip_launches_total", "Accepted LTI launches", ["message_type"],
                                registry=self.registry)
        self.refused = Counter("aidip_launches_refused_total", "Refused LTI launches", registry=self.registry)
        self.attempts = Counter("aidip_attempts_total", "Attempts started and submitted", ["event"],
                                registry=self.registry)
        self.rosters = Counter("aidip_roster_fetches_total", "Scheduled NRPS roster fetches", ["outcome"],
                               registry=self.registry)
        self.send_failures = Counter("aidip_send_failures_total", "Failed deliveries", ["outbox"],
                                     registry=self.registry)
        self.latency = Histogram("aidip_request_seconds", "Request latency", ["endpoint"], registry=self.registry,
                                 buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
        self.registry.register(_OutboxCollector(svc))


class _OutboxCollector:
    """Outbox depth and age, read from the database at scrape time (right for any number of workers)."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("aidip_outbox_depth", "Rows not yet delivered", labels=["outbox", "status"])
        age = GaugeMetricFamily("aidip_outbox_oldest_seconds", "Age of the oldest undelivered row", labels=["outbox"])
        now = utcnow()
        with self.svc.db.session() as db:
            for name, model in (("statements", Statement), ("scores", ScoreOutbox), ("mail", MailOutbox)):
                rows = db.execute(select(model.status, func.count(), func.min(model.created_at))
                                  .where(model.status != "sent").group_by(model.status)).all()
                oldest = None
                for status, count, first in rows:
                    depth.add_metric([name, status], count)
                    if first is not None:
                        first = first if first.tzinfo else first.replace(tzinfo=now.tzinfo)
                        oldest = first if oldest is None or first < oldest else oldest
                age.add_metric([name], (now - oldest).total_seconds() if oldest else 0.0)
        yield depth
        yield age


def frame_ancestors(svc: Services) -> str:
    """``'self'`` plus the origins of every registered platform (cached for a minute)."""
    cached = getattr(svc, "_frame_ancestors", None)
    if cached and cached[0] > time.monotonic():
        return str(cached[1])
    with svc.db.session() as db:
        urls = db.execute(select(Platform.issuer, Platform.auth_login_url)).all()
    origins = sorted({f"{u.scheme}://{u.netloc}" for row in urls for u in map(urlparse, row) if u.scheme and u.netloc})
    value = " ".join(["'self'", *origins])
    svc._frame_ancestors = (time.monotonic() + 60, value)  # type: ignore[attr-defined]
    return value


def init_app(app: Flask, svc: Services) -> Metrics:
    metrics = Metrics(svc)
    app.extensions[METRICS_EXTENSION] = metrics
    redact_log_records()
    if svc.settings.log_format == "json":
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        app.logger.handlers = [handler]
        app.logger.setLevel(logging.INFO)

    @app.before_request
    def request_id() -> None:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if g.get("started") is not None and request.endpoint:
            metrics.latency.labels(request.endpoint).observe(time.perf_counter() - g.started)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"form-action *; frame-ancestors {frame_ancestors(svc)}; base-uri 'none'; object-src 'none'")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    @app.get("/metrics")
    def prometheus() -> Response:
        """With a token: only for its bearer (401). Without: off (404) unless ``metrics_open``."""
        token = svc.settings.metrics_token
        if token:
            given = request.headers.get("Authorization", "").encode()
            if not hmac.compare_digest(given, f"Bearer {token}".encode()):
                return Response("metrics need the bearer token (AIDIP_METRICS_TOKEN)\n", 401,
                                {"WWW-Authenticate": "Bearer"})
        elif not svc.settings.metrics_open:
            return Response("metrics are off: set AIDIP_METRICS_TOKEN (or AIDIP_METRICS_OPEN=true)\n", 404)
        return Response(generate_latest(metrics.registry), mimetype="text/plain; version=0.0.4")

    @app.get("/readyz")
    def readyz() -> Any:
        """Ready when every dependency pages need answers (database, migrations, Redis when configured), all
        checked within about a second; the LRS is reported as a warning (statements wait in the outbox)."""
        began = time.monotonic()
        checks: dict[str, Any] = {"database": database_state(svc)}
        if checks["database"] == "ok":
            current, head = migration_state(svc)
            checks["migrations"] = "ok" if current == head else f"at {current}, newest is {head}"
        if svc.settings.redis_url:
            checks["redis"] = redis_state(svc)
        checks["lrs"] = lrs_state(svc, max(0.2, READY_BUDGET - (time.monotonic() - began)))
        ready = all(value == "ok" for key, value in checks.items() if key != "lrs")
        return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503

    return metrics


def migration_state(svc: Services) -> tuple[str | None, str | None]:
    head = ScriptDirectory.from_config(alembic_config(svc.settings.database_url)).get_current_head()
    with svc.db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


#: seconds the database and Redis checks may take each; the LRS gets what is left of ``READY_BUDGET``
CHECK_TIMEOUT = 0.4
READY_BUDGET = 1.0


def database_state(svc: Services) -> str:
    try:
        with svc.db.engine.connect() as connection:
            if svc.db.is_postgres:
                connection.execute(text(f"SET LOCAL statement_timeout = {int(CHECK_TIMEOUT * 1000)}"))
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return f"unavailable: {exc.__class__.__name__}"
    return "ok"


def redis_state(svc: Services) -> str:
    ping = getattr(svc.store, "ping", None)
    if ping is None:
        return "ok"
    try:
        ping()
    except StoreUnavailable as exc:
        return f"unavailable: {exc}"
    return "ok"


def lrs_state(svc: Services, timeout: float = READY_BUDGET) -> str:
    """A real, authenticated request (``GET statements?limit=1``): a wrong password, a wrong path or an LRS
    that does not answer in time is a warning that says which."""
    settings = svc.settings
    if not settings.lrs_endpoint:
        return "warning: no LRS configured"
    try:
        with egress_client(settings, timeout=timeout, auth=(settings.lrs_username, settings.lrs_password),
                           headers={"X-Experience-API-Version": "1.0.3"}) as http:
            response = http.get(settings.lrs_endpoint.rstrip("/") + "/statements", params={"limit": 1})
    except EgressRefused as exc:
        return f"warning: refused ({exc.reason})"
    except httpx.TimeoutException:
        return f"warning: no answer within {timeout:.1f}s"
    except httpx.HTTPError as exc:
        return f"warning: unreachable ({exc.__class__.__name__})"
    if response.status_code in (401, 403):
        return f"warning: credentials refused ({response.status_code}): check AIDIP_LRS_USERNAME/PASSWORD"
    if response.status_code == 404:
        return "warning: no statements resource here (404): check AIDIP_LRS_ENDPOINT"
    if response.status_code >= 300:
        return f"warning: answered {response.status_code}"
    return "ok"
