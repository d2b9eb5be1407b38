"""gunicorn's settings for the tool: ``gunicorn --config gunicorn.conf.py wsgi:app`` (gunicorn also reads
``./gunicorn.conf.py`` on its own when started in this folder). With ``AIDIP_LOG_FORMAT=json`` (the default)
every line gunicorn writes is JSON and its own access log is off: the app writes one line per request, with
the route instead of the path. Counters are exact across workers (Prometheus multiprocess mode).

Deployment configuration like the environment itself, so it reads ``os.environ`` (the app does not)."""

import logging
import os
import shutil
import tempfile
from typing import Any

# Before anything imports prometheus_client: it decides at its import where counters live. Set the folder
# yourself (and give the same one to ``flask worker`` on this host) to see the worker's counters too.
_made_here = ""
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _made_here = tempfile.mkdtemp(prefix="aidip-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made_here

from lti_tool import multiprocess  # noqa: E402
from lti_tool.logs import gunicorn_logconfig  # noqa: E402
from lti_tool.settings import environment_value  # noqa: E402

METRICS_DIR = str(environment_value("prometheus_multiproc_dir"))

# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl), which a second instance on
# the same host would take over: off unless GUNICORN_CONTROL_SOCKET names this instance's own path.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True

if environment_value("log_format") == "json":
    logconfig_dict = gunicorn_logconfig()
    logging.captureWarnings(True)  # a worker's Python warnings as JSON lines too


def on_starting(server: Any) -> None:
    """Counter files of processes that no longer run go before the first worker starts."""
    removed = multiprocess.clean(METRICS_DIR)
    server.log.info("metrics: counters of every worker in %s (%d stale files removed)", METRICS_DIR, len(removed))


def child_exit(server: Any, worker: Any) -> None:
    multiprocess.process_exited(worker.pid, METRICS_DIR)


def on_exit(server: Any) -> None:
    if _made_here:
        shutil.rmtree(_made_here, ignore_errors=True)
