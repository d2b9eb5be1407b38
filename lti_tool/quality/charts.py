"""SVG charts of the exam quality report: the score distribution with the pass mark, the test information
curve with θ at the cut, and an item characteristic curve. Same accessibility rules as
``reports/charts.py``: role="img", a title and a desc that states the data in words, text ≥ 12px, the
marker line told apart by dash and label, never by colour alone. Labels come translated from the caller."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

TEXT, AXIS, BAR, LINE, CUT = "#1a1a1a", "#6e6e6e", "#1f4e79", "#1f4e79", "#a63d00"
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 240, 48, 16, 16, 40


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(cid: str, title: str, desc: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{cid}-t {cid}-d" font-size="12" class="chart" '
            f'font-family="system-ui, sans-serif">',
            f'<title id="{cid}-t">{escape(title)}</title><desc id="{cid}-d">{escape(desc)}</desc>',
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>']


def _axes(x_label: str, y_label: str) -> list[str]:
    bottom = HEIGHT - BOTTOM
    return [f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="{AXIS}"/>',
            f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{AXIS}"/>',
            f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 6}" text-anchor="middle" fill="{TEXT}">'
            f'{escape(x_label)}</text>',
            f'<text x="12" y="{(TOP + bottom) / 2}" text-anchor="middle" fill="{TEXT}" '
            f'transform="rotate(-90 12 {(TOP + bottom) / 2})">{escape(y_label)}</text>']


def _cut(x: float, label: str) -> str:
    return (f'<line x1="{_n(x)}" y1="{TOP}" x2="{_n(x)}" y2="{HEIGHT - BOTTOM}" stroke="{CUT}" stroke-width="2" '
            f'stroke-dasharray="6 3"/><text x="{_n(x + 4)}" y="{TOP + 12}" fill="{TEXT}">{escape(label)}</text>')


def histogram(cid: str, counts: Sequence[int], cut: float, title: str, x_label: str, y_label: str,
              cut_label: str, words: str) -> str:
    """Attempts per score point 0..k with a dashed line at the pass mark (``cut`` in points)."""
    k = max(len(counts) - 1, 1)
    top = max(max(counts, default=0), 1)
    span, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = span / (k + 1)
    parts = _open(cid, title, words) + _axes(x_label, y_label)
    for score, count in enumerate(counts):
        h = height * count / top
        x = LEFT + score * step
        parts.append(f'<rect x="{_n(x + 1)}" y="{_n(TOP + height - h)}" width="{_n(step - 2)}" height="{_n(h)}" '
                     f'fill="{BAR}"><title>{score}: {count}</title></rect>')
        if score % max(1, math.ceil(k / 10)) == 0:
            parts.append(f'<text x="{_n(x + step / 2)}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
                         f'fill="{TEXT}">{score}</text>')
    parts.append(f'<text x="{LEFT - 4}" y="{TOP + 10}" text-anchor="end" fill="{TEXT}">{top}</text>')
    parts.append(_cut(LEFT + cut * step, cut_label))
    return "".join(parts) + "</svg>"


def curve(cid: str, points: Sequence[tuple[float, float]], title: str, x_label: str, y_label: str,
          words: str, marker: float | None = None, marker_label: str = "", y_max: float | None = None,
          number: Callable[[float], str] = _n) -> str:
    """A line through ``points`` (x from −4 to 4 on the ability scale) with an optional dashed marker;
    ``number`` writes the axis value a reader sees (in their locale)."""
    span, height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = y_max or max((y for _x, y in points), default=1.0) or 1.0

    def at(x: float, y: float) -> str:
        return f"{_n(LEFT + (x + 4) / 8 * span)},{_n(TOP + height - height * min(y, top) / top)}"

    parts = _open(cid, title, words) + _axes(x_label, y_label)
    parts.append(f'<polyline fill="none" stroke="{LINE}" stroke-width="2.5" '
                 f'points="{" ".join(at(x, y) for x, y in points)}"/>')
    for x in range(-4, 5, 2):
        parts.append(f'<text x="{_n(LEFT + (x + 4) / 8 * span)}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
                     f'fill="{TEXT}">{x}</text>')
    parts.append(f'<text x="{LEFT - 4}" y="{TOP + 10}" text-anchor="end" fill="{TEXT}">{escape(number(top))}</text>')
    if marker is not None and -4 <= marker <= 4:
        parts.append(_cut(LEFT + (marker + 4) / 8 * span, marker_label))
    return "".join(parts) + "</svg>"

