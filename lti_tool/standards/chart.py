"""The Hofstee plot as server-side SVG: the observed fail rate per pass mark, the panel's rectangle
and compromise line, the Angoff cut and the Hofstee cut. Like ``reports/charts.py``: ``role="img"``
with a title and a description that says every number, text ≥ 12px, series told apart by dash and
marker as well as colour. Labels come translated from the caller and are escaped here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from assessments.standard_setting import HofsteeResult

WIDTH, HEIGHT = 560, 380
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 96
CURVE, LINE, CUT = "#1f4e79", "#a63d00", "#2e6b30"
TEXT, AXIS = "#1a1a1a", "#6e6e6e"


def _x(value: float) -> float:
    return LEFT + value * (WIDTH - LEFT - RIGHT)


def _y(value: float) -> float:
    return HEIGHT - BOTTOM - value * (HEIGHT - TOP - BOTTOM)


def _axes(labels: Mapping[str, str]) -> list[str]:
    out = [f'<line x1="{LEFT}" y1="{_y(0)}" x2="{_x(1)}" y2="{_y(0)}" stroke="{AXIS}"/>',
           f'<line x1="{LEFT}" y1="{_y(0)}" x2="{LEFT}" y2="{_y(1)}" stroke="{AXIS}"/>']
    for tick in range(0, 101, 20):
        v = tick / 100
        out.append(f'<text x="{_x(v):.1f}" y="{_y(0) + 16:.1f}" font-size="12" text-anchor="middle" '
                   f'fill="{TEXT}">{tick}%</text>')
        out.append(f'<text x="{LEFT - 6}" y="{_y(v) + 4:.1f}" font-size="12" text-anchor="end" '
                   f'fill="{TEXT}">{tick}%</text>')
    out.append(f'<text x="{_x(.5):.1f}" y="{_y(0) + 34:.1f}" font-size="13" text-anchor="middle" '
               f'fill="{TEXT}">{escape(labels["x"])}</text>')
    out.append(f'<text x="14" y="{_y(.5):.1f}" font-size="13" text-anchor="middle" fill="{TEXT}" '
               f'transform="rotate(-90 14 {_y(.5):.1f})">{escape(labels["y"])}</text>')
    return out


def _legend(labels: Mapping[str, str]) -> list[str]:
    entries = [("curve", CURVE, ""), ("line", LINE, "8 4"), ("angoff", CUT, "2 4")]
    out = []
    for i, (name, colour, dash) in enumerate(entries):
        y = HEIGHT - 40 + (i // 2) * 18
        x = LEFT + (i % 2) * 240
        out.append(f'<line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" stroke="{colour}" stroke-width="3" '
                   f'stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{x + 34}" y="{y + 4}" font-size="12" fill="{TEXT}">{escape(labels[name])}</text>')
    return out


def hofstee_svg(curve: Sequence[tuple[float, float]], attempts: int, compromise: HofsteeResult | None,
                angoff_cut: float | None, labels: Mapping[str, str], description: str) -> str:
    """The plot; ``labels``: title, x, y, curve, line, angoff (translated); ``description``: the data in words."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="hofstee-title hofstee-desc">',
           f'<title id="hofstee-title">{escape(labels["title"])}</title>',
           f'<desc id="hofstee-desc">{escape(description)}</desc>', *_axes(labels)]
    if compromise is not None:
        b = compromise.bounds
        out.append(f'<rect x="{_x(b.min_cut):.1f}" y="{_y(b.max_fail):.1f}" '
                   f'width="{_x(b.max_cut) - _x(b.min_cut):.1f}" height="{_y(b.min_fail) - _y(b.max_fail):.1f}" '
                   f'fill="none" stroke="{AXIS}" stroke-dasharray="3 3"/>')
        out.append(f'<line x1="{_x(b.min_cut):.1f}" y1="{_y(b.max_fail):.1f}" x2="{_x(b.max_cut):.1f}" '
                   f'y2="{_y(b.min_fail):.1f}" stroke="{LINE}" stroke-width="3" stroke-dasharray="8 4"/>')
    if curve and attempts:
        points = " ".join(f"{_x(c):.1f},{_y(f):.1f}" for c, f in curve)
        out.append(f'<polyline points={quoteattr(points)} fill="none" stroke="{CURVE}" stroke-width="2"/>')
    if angoff_cut is not None:
        out.append(f'<line x1="{_x(angoff_cut):.1f}" y1="{_y(0):.1f}" x2="{_x(angoff_cut):.1f}" y2="{_y(1):.1f}" '
                   f'stroke="{CUT}" stroke-width="3" stroke-dasharray="2 4"/>')
    if compromise is not None and compromise.cut is not None:
        x, y = _x(compromise.cut), _y(compromise.line(compromise.cut))
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="white" stroke="{TEXT}" stroke-width="2"/>')
    out.extend(_legend(labels))
    out.append("</svg>")
    return "".join(out)
