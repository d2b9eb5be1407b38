"""Property-based fuzzing (Hypothesis): no 500s and no partial writes under random and mutated input.

Hypothesis keeps caches in ``.hypothesis/`` under the working directory; the fuzz tests keep no example
database (``database=None``), so those caches go to the temporary directory instead of the project
(unless ``HYPOTHESIS_STORAGE_DIRECTORY`` says where).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis.configuration import set_hypothesis_home_dir

if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "aidip-hypothesis")
