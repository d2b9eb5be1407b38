"""Counting events in the app's Prometheus counters (``observability.Metrics``), from any layer.

A leaf module (Flask only): error handlers, views, the launch and the outbox count without importing the
observability setup, which needs the services.
"""

from __future__ import annotations

from flask import current_app, has_app_context

#: where ``observability.init_app`` keeps the app's ``Metrics``
EXTENSION = "aidiploma_metrics"


def count(name: str, *labels: str, amount: float = 1) -> None:
    """Increment one of the app's counters (no-op outside an app, e.g. in pure tests)."""
    if not has_app_context():
        return
    metrics = current_app.extensions.get(EXTENSION)
    if metrics is not None and amount:
        counter = getattr(metrics, name)
        (counter.labels(*labels) if labels else counter).inc(amount)
