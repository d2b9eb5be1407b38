"""Prometheus counters that add up over processes. gunicorn's workers and ``flask worker`` each write their
counters into files in ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode); a scrape of any
worker reads all the files, so every scrape gives the same, exact totals."""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import CollectorRegistry, values
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector


def active(directory: str) -> bool:
    """Multiprocess mode is on: a directory is set and prometheus_client saw it when it was first imported
    (it chooses where counters live then; the tests' apps, without the variable, keep counters in memory)."""
    return bool(directory) and values.ValueClass is not values.MutexValue


def registry(directory: str, *collectors: Collector) -> CollectorRegistry:
    """A registry for one scrape: every process's counters from the files, plus ``collectors`` (gauges read
    from the database at scrape time)."""
    scrape = CollectorRegistry()
    MultiProcessCollector(scrape, path=directory)
    for collector in collectors:
        scrape.register(collector)
    return scrape


def clean(directory: str) -> list[str]:
    """Remove the files of processes that no longer run (an earlier start's workers): as prometheus_client
    asks, before the server starts. Their counters begin again at zero, which ``rate()`` reads as a reset.
    Files of running processes (a ``flask worker`` sharing the directory) stay."""
    removed = []
    for path in Path(directory).glob("*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def process_exited(pid: int, directory: str) -> None:
    """A gunicorn worker ended: drop its live gauges (its counters stay in the totals)."""
    mark_process_dead(pid, directory)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
