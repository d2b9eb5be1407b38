"""One item-writing finding: a code with parameters and a severity (the edge words it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

WARNING = "warning"  # worth a look; never blocks anything
PROBLEM = "problem"  # a cue a candidate can exploit; blocks sending the item for review


@dataclass(frozen=True)
class Finding:
    """``code`` (worded at the edge), ``severity`` (WARNING or PROBLEM), and the option (key) and
    language it concerns, if any; ``params`` fill in the wording."""

    code: str
    severity: str = WARNING
    option: str | None = None
    lang: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
