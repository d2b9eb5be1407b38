"""Maintain the Dutch UI catalogue: extract, update, fill from a dict of translations, report gaps.

    python scripts/translate.py [module-with-NL-dict.py]

Without an argument it only extracts, updates and lists untranslated messages (exit 1 if any).
"""

from __future__ import annotations

import runpy
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "lti_tool/translations/nl/LC_MESSAGES/messages.po"
POT = ROOT / "lti_tool/translations/messages.pot"


def main() -> int:
    bin_dir = Path(sys.executable).parent
    subprocess.run([bin_dir / "pybabel", "extract", "-F", "babel.cfg", "-k", "_l", "-o", POT, "."], cwd=ROOT,  # noqa: S603
                   check=True, capture_output=True)
    subprocess.run([bin_dir / "pybabel", "update", "-i", POT, "-d", ROOT / "lti_tool/translations"],  # noqa: S603
                   cwd=ROOT, check=True, capture_output=True)
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    given = runpy.run_path(sys.argv[1])["NL"] if len(sys.argv) > 1 else {}
    for message in catalog:
        if message.id in given:
            message.string, message.flags = given[message.id], set()
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=0)
    missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    for msgid in missing:
        print("untranslated:", msgid)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
