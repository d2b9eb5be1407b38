"""Every box a wide table scrolls in is reachable by keyboard and named (axe's scrollable-region-focusable):
checked on the templates, so a page the browser tests do not open cannot slip through."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "lti_tool/templates"
BOX = re.compile(r"<div[^>]*\bclass=\"[^\"]*\btable-scroll\b[^\"]*\"[^>]*>")


def test_every_scroll_box_is_focusable_and_labelled() -> None:
    boxes = [(path.relative_to(TEMPLATES), tag) for path in sorted(TEMPLATES.rglob("*.html"))
             for tag in BOX.findall(path.read_text(encoding="utf-8"))]
    assert len(boxes) > 30
    bad = [f"{path}: {tag}" for path, tag in boxes
           if 'tabindex="0"' not in tag or 'role="region"' not in tag
           or ("aria-label=" not in tag and "aria-labelledby=" not in tag)]
    assert not bad, "\n".join(bad)
