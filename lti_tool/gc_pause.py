"""Bulk work with the cyclic garbage collector paused.

Decoding and deriving 10⁵ statements makes millions of objects, and every collection of the oldest generation
walks all of them: a third of a journal rebuild's time went to it. Reference counting still frees everything
(none of this work makes reference cycles); the collector runs again afterwards. It is process-wide, so this is
for command processes (``flask certification rebuild``), not for a request in a threaded worker.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
