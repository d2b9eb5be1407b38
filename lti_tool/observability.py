"""Running in production: request ids, JSON logs without session ids, Prometheus metrics, health
and readiness, security headers. (Rate limits: ``rate_limits``.)"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import httpx
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, Response, g, jsonify, request
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text

from .db import alembic_config
from .db.models import MailOutbox, Platform, ScoreOutbox, Statement, utcnow
from .egress import EgressRefused, egress_client
from .kv import StoreUnavailable
from .logs import JsonFormatter, init_access_log, log_as_json, redact_log_records, request_id
from .metrics import EXTENSION as METRICS_EXTENSION
from .multiprocess import active as multiprocess_active
from .multiprocess import registry as multiprocess_registry
from .services import Services
from .settings import Settings

__all__ = ["JsonFormatter", "Metrics", "init_app", "redact_log_records"]


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
        self.responses = Counter("aidip_responses_total", "Responses by status code", ["status"],
                                 registry=self.registry)
        self.gauges: tuple[Collector, ...] = (_OutboxCollector(svc), _ReadinessCollector(svc))
        for gauge in self.gauges:
            self.registry.register(gauge)
        self.multiproc_dir = svc.settings.prometheus_multiproc_dir if multiprocess_active(
            svc.settings.prometheus_multiproc_dir) else ""

    def exposition(self) -> bytes:
        """The text a scrape gets: in multiprocess mode every process's counters (gunicorn's workers, ``flask
        worker``) read from their files, else this process's own."""
        if self.multiproc_dir:
            return generate_latest(multiprocess_registry(self.multiproc_dir, *self.gauges))
        return generate_latest(self.registry)

    def answer(self, settings: Settings, authorization: str) -> Response:
        """A scrape's answer. With a token: only for its bearer (401). Without: off (404) unless
        ``metrics_open``."""
        token = settings.metrics_token
        if token:
            if not hmac.compare_digest(authorization.encode(), f"Bearer {token}".encode()):
                return Response("metrics need the bearer token (AIDIP_METRICS_TOKEN)\n", 401,
                                {"WWW-Authenticate": "Bearer"})
        elif not settings.metrics_open:
            return Response("metrics are off: set AIDIP_METRICS_TOKEN (or AIDIP_METRICS_OPEN=true)\n", 404)
        return Response(self.exposition(), mimetype="text/plain; version=0.0.4")

    def observe(self, status: int) -> None:
        """Once per request, with the status the client got (``logs.init_access_log``)."""
        self.responses.labels(str(status)).inc()
        if g.get("started") is not None and request.endpoint:
            self.latency.labels(request.endpoint).observe(time.perf_counter() - g.started)


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


class _ReadinessCollector:
    """``aidip_ready``: 1 when the database answers, migrations are current and Redis (when configured)
    answers, as ``/readyz`` decides without the LRS; read at scrape time."""

    def __init__(self, svc: Services) -> None:
        self.svc = svc

    def collect(self) -> Iterator[GaugeMetricFamily]:
        checks = readiness_checks(self.svc)
        ready = GaugeMetricFamily("aidip_ready", "1 when the tool can serve pages (as /readyz, without the LRS)")
        ready.add_metric([], float(all(value == "ok" for value in checks.values())))
        yield ready


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
        log_as_json(app)
    init_access_log(app, metrics.observe)

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["X-Request-ID"] = request_id()
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"form-action *; frame-ancestors {frame_ancestors(svc)}; base-uri 'none'; object-src 'none'")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    _add_probes(app, svc, metrics)
    return metrics


def _add_probes(app: Flask, svc: Services, metrics: Metrics) -> None:
    @app.get("/metrics")
    def prometheus() -> Response:
        return metrics.answer(svc.settings, request.headers.get("Authorization", ""))

    @app.get("/readyz")
    def readyz() -> Any:
        """Ready when every dependency pages need answers (database, migrations, Redis when configured), all
        checked within about a second; the LRS is reported as a warning (statements wait in the outbox)."""
        began = time.monotonic()
        checks: dict[str, Any] = readiness_checks(svc)
        checks["lrs"] = lrs_state(svc, max(0.2, READY_BUDGET - (time.monotonic() - began)))
        ready = all(value == "ok" for key, value in checks.items() if key != "lrs")
        return jsonify(status="ready" if ready else "not ready", checks=checks), 200 if ready else 503


def readiness_checks(svc: Services) -> dict[str, str]:
    """Database, migrations (when the database answers) and Redis (when configured): "ok" or what is wrong."""
    checks = {"database": database_state(svc)}
    if checks["database"] == "ok":
        current, head = migration_state(svc)
        checks["migrations"] = "ok" if current == head else f"at {current}, newest is {head}"
    if svc.settings.redis_url:
        checks["redis"] = redis_state(svc)
    return checks


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
