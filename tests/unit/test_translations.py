"""Every UI text exists in Dutch: the catalogue covers every message in the code and templates."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "lti_tool/translations/nl/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def test_every_message_in_the_code_has_a_dutch_translation(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([pybabel, "extract", "-F", "babel.cfg", "-k", "_l", "-o", pot, "."], cwd=ROOT, check=True,
                   capture_output=True)
    wanted = {m.id for m in _catalog(pot) if m.id}
    translated = {m.id: m for m in _catalog(PO) if m.id}
    missing = sorted(msgid for msgid in wanted if msgid not in translated or not translated[msgid].string
                     or translated[msgid].fuzzy)
    assert not missing, "run scripts/translate.py and translate: " + "; ".join(missing[:10])
    assert len(wanted) > 150


def test_translations_keep_their_placeholders() -> None:
    plurals = 0
    for message in _catalog(PO):
        if not (message.id and message.string):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        plurals += isinstance(message.id, tuple)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        assert all(set(PLACEHOLDER.findall(msgid)) == wanted for msgid in ids), ids
        assert all(set(PLACEHOLDER.findall(text)) == wanted for text in strings), (ids, strings)
    assert plurals, "the catalogue should hold plural forms (ngettext) too"
