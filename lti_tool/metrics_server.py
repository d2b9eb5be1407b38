"""``/metrics`` of ``flask worker`` on a port of its own (``AIDIP_WORKER_METRICS_ADDRESS``): for a worker
on a host without the web workers, whose counter files gunicorn cannot read. Same token rule as the app's
``/metrics``; nothing else is served."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from .observability import Metrics
from .settings import Settings, SettingsError


def serve_metrics(metrics: Metrics, settings: Settings) -> BaseWSGIServer:
    """Start answering scrapes at ``host:port`` in a daemon thread; the server (``.port`` is the real port)."""
    host, _, port = settings.worker_metrics_address.rpartition(":")
    if not host or not port.isdigit():
        raise SettingsError(f"AIDIP_WORKER_METRICS_ADDRESS={settings.worker_metrics_address!r}: give host:port, "
                            "e.g. 0.0.0.0:9464")

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        if request.path != "/metrics":
            return Response("only /metrics here\n", 404)(environ, start_response)  # type: ignore[no-any-return]
        answer = metrics.answer(settings, request.headers.get("Authorization", ""))
        return answer(environ, start_response)  # type: ignore[no-any-return]

    server = make_server(host.strip("[]"), int(port), app, threaded=True)
    threading.Thread(target=server.serve_forever, name="worker-metrics", daemon=True).start()
    return server
