"""Server-side SVG charts for the reports: no JavaScript, no external assets, safe to inline in a page.

Accessibility:

- every chart is ``<svg role="img" aria-labelledby="…">`` with a ``<title>`` (the caller's title) and a
  ``<desc>`` that states all the data in words, so a screen reader gets the numbers, not a picture;
- text is at least 12px and dark grey on white (≥ 7:1); bars and lines use colours with ≥ 4.5:1 contrast
  against white (WCAG 1.4.11 asks 3:1), and series and parts differ by **pattern, marker shape or dash** and
  by labels too, so colour is never the only cue;
- missing values (``None``: suppressed for small groups, or no data) are drawn as a mark with a text, never as 0.

All labels and titles come from the caller, already translated; they are escaped here (text and attributes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEXT = "#1a1a1a"  # 17.4:1 on white
MUTED = "#4d4d4d"  # 8.5:1 on white: axis labels
AXIS = "#6e6e6e"  # 5.1:1 on white: axes and the outline of the 0–100% track
GRID = "#d9d9d9"  # decorative gridlines only
#: Series/part colours, each ≥ 4.5:1 against white (so white text on them passes too).
PALETTE = ("#1f4e79", "#a63d00", "#2e6b30", "#6a1b9a", "#005f73", "#7a4f00")
NONE_COLOUR = "#595959"  # 7:1: the "no level" part of a level mix
FONT_SIZE = 13
SMALL = 12  # the smallest text used anywhere
DASHES = ("", "8 4", "2 4", "10 4 2 4", "4 4", "12 3")
MARKERS = ("circle", "square", "triangle", "diamond", "triangle-down", "cross")
PATTERNS = ("solid", "diagonal", "dots", "crosshatch", "horizontal", "vertical")


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def quarter_label(day: dt.date) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def _attr(value: object) -> str:
    return quoteattr(str(value))


def _text(value: object) -> str:
    return escape(str(value))


def _chart_id(kind: str, title: str, data: object, chart_id: str | None) -> str:
    if chart_id:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in chart_id)
        return safe if safe[:1].isalpha() else f"c-{safe}"
    digest = hashlib.sha256(f"{kind}|{title}|{data!r}".encode()).hexdigest()[:10]
    return f"{kind}-{digest}"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open_svg(cid: str, width: float, height: float, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_num(width)}" height="{_num(height)}" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" aria-labelledby="{cid}-title {cid}-desc" '
        f'font-family={_attr(FONT)} font-size="{FONT_SIZE}" class="chart">',
        f'<title id="{cid}-title">{_text(title)}</title>',
        f'<desc id="{cid}-desc">{_text(desc)}</desc>',
        f'<rect x="0" y="0" width="{_num(width)}" height="{_num(height)}" fill="#ffffff"/>',
    ]


def _heading(title: str, width: float) -> str:
    return (f'<text x="8" y="20" font-size="15" font-weight="bold" fill="{TEXT}">'
            f'{_text(_fit(title, width - 16, 15))}</text>')


def _fit(label: str, pixels: float, size: int = FONT_SIZE) -> str:
    """Shorten ``label`` with an ellipsis to roughly ``pixels`` wide (the full text stays in the desc/tooltip)."""
    max_chars = max(4, int(pixels / (size * 0.6)))
    return label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"


def _label_width(labels: Sequence[str], width: float) -> float:
    longest = max((len(label) for label in labels), default=0)
    return min(max(longest * FONT_SIZE * 0.6 + 16, 80), width * 0.4)


def _describe(title: str, description: str | None, words: str) -> str:
    """The ``<desc>`` text: the caller's description (or the title) followed by the data in words."""
    return f"{description} {words}." if description else f"{title}. {words}."


def _row_label(x0: float, mid: float, label: str, label_w: float) -> str:
    return (f'<text x="{_num(x0 - 8)}" y="{_num(mid)}" text-anchor="end" fill="{TEXT}">'
            f'<title>{_text(label)}</title>{_text(_fit(label, label_w - 8))}</text>')


def _suppressed_text(x0: float, mid: float, none_text: str, none_mark: str) -> str:
    return (f'<text x="{_num(x0 + 8)}" y="{_num(mid)}" fill="{TEXT}" font-style="italic" '
            f'class="suppressed"><title>{_text(none_text)}</title>{_text(none_mark)} '
            f'{_text(none_text)}</text>')


# --- horizontal bars --------------------------------------------------------------------------------------


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    title: str,
    *,
    description: str | None = None,
    none_text: str = "suppressed",
    none_mark: str = "–",
    value_format: Callable[[float], str] = percent,
    width: int = 640,
    show_title: bool = True,
    chart_id: str | None = None,
) -> str:
    """Horizontal bars for shares ``0..1`` with a percentage label; ``None`` is drawn as ``none_mark``.

    ``none_text`` (e.g. "suppressed: fewer than 5 people") is what the missing value means, in words; it goes
    into the description and the tooltip. ``description`` is put before the generated data sentence.
    """
    rows = [(str(label), value) for label, value in rows]
    cid = _chart_id("bar", title, rows, chart_id)
    words = "; ".join(f"{label}: {none_text if v is None else value_format(v)}" for label, v in rows)
    desc = _describe(title, description, words)
    top = 36 if show_title else 8
    row_h, bar_h = 28, 18
    label_w = _label_width([label for label, _ in rows], width)
    x0 = label_w + 8
    track = max(width - x0 - 64, 40)
    height = top + row_h * len(rows) + 28
    out = _open_svg(cid, width, height, title, desc)
    if show_title:
        out.append(_heading(title, width))
    bottom = top + row_h * len(rows)
    for tick in (0, 0.25, 0.5, 0.75, 1):
        x = x0 + track * tick
        out.append(f'<line x1="{_num(x)}" y1="{top - 4}" x2="{_num(x)}" y2="{bottom}" stroke="{GRID}" '
                   f'stroke-width="1" aria-hidden="true"/>')
        out.append(f'<text x="{_num(x)}" y="{bottom + 18}" text-anchor="middle" font-size="{SMALL}" '
                   f'fill="{MUTED}" aria-hidden="true">{_text(value_format(tick))}</text>')
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2 + 4.5
        out.append('<g class="bar-row">')
        out.append(_row_label(x0, mid, label, label_w))
        bar_y = y + (row_h - bar_h) / 2
        out.append(f'<rect x="{_num(x0)}" y="{_num(bar_y)}" width="{_num(track)}" height="{bar_h}" fill="none" '
                   f'stroke="{AXIS}" stroke-width="1"/>')
        if value is None:
            out.append(_suppressed_text(x0, mid, none_text, none_mark))
        else:
            length = track * min(max(value, 0.0), 1.0)
            out.append(f'<rect x="{_num(x0)}" y="{_num(bar_y)}" width="{_num(length)}" height="{bar_h}" '
                       f'fill="{PALETTE[0]}"><title>{_text(label)}: {_text(value_format(value))}</title></rect>')
            out.append(f'<text x="{_num(x0 + length + 6)}" y="{_num(mid)}" fill="{TEXT}" '
                       f'font-weight="bold">{_text(value_format(value))}</text>')
        out.append("</g>")
    out.append(f'<line x1="{_num(x0)}" y1="{top - 4}" x2="{_num(x0)}" y2="{bottom}" stroke="{AXIS}"/>')
    out.append("</svg>")
    return "\n".join(out)


# --- lines over quarters -----------------------------------------------------------------------------------


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    tip_el = f"<title>{_text(tip)}</title>"
    common = f'fill="{colour}" stroke="#ffffff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4.5" {common}>{tip_el}</circle>'
    if shape == "square":
        return f'<rect x="{_num(x - 4)}" y="{_num(y - 4)}" width="8" height="8" {common}>{tip_el}</rect>'
    points = {
        "triangle": ((0, -5.5), (5, 4), (-5, 4)),
        "triangle-down": ((0, 5.5), (5, -4), (-5, -4)),
        "diamond": ((0, -5.5), (5.5, 0), (0, 5.5), (-5.5, 0)),
        "cross": ((-2, -5), (2, -5), (2, -2), (5, -2), (5, 2), (2, 2), (2, 5), (-2, 5), (-2, 2), (-5, 2),
                  (-5, -2), (-2, -2)),
    }[shape]
    coords = " ".join(f"{_num(x + dx)},{_num(y + dy)}" for dx, dy in points)
    return f'<polygon points="{coords}" {common}>{tip_el}</polygon>'


@dataclass(frozen=True)
class _LinePlot:
    """Geometry of a line chart's plot area: maps quarter ends to x and shares to y."""
    top: float
    left: float
    width: float
    height: float
    days: Sequence[dt.date]
    inset: float = 28  # keeps the first and last quarter labels and markers inside the chart

    def y_of(self, value: float) -> float:
        return self.top + self.height * (1 - min(max(value, 0.0), 1.0))

    def x_of(self, day: dt.date) -> float:
        if len(self.days) == 1:
            return self.left + self.width / 2
        return self.left + self.inset + (self.width - 2 * self.inset) * self.days.index(day) / (len(self.days) - 1)


def _line_words(
    series: Mapping[str, Sequence[tuple[dt.date, float | None]]],
    none_text: str,
    x_format: Callable[[dt.date], str],
    value_format: Callable[[float], str],
) -> str:
    sentences = []
    for name, points in series.items():
        values = ", ".join(f"{x_format(d)} {none_text if v is None else value_format(v)}" for d, v in points)
        sentences.append(f"{name}: {values}")
    return "; ".join(sentences)


def _line_axes(plot: _LinePlot, x_format: Callable[[dt.date], str], value_format: Callable[[float], str]) -> list[str]:
    """Share gridlines and labels on the y axis, the y axis line, and the (thinned out) quarter labels."""
    left, top, plot_w, plot_h, days = plot.left, plot.top, plot.width, plot.height, plot.days
    out = []
    for tick in (0, 0.25, 0.5, 0.75, 1):
        y = plot.y_of(tick)
        out.append(f'<line x1="{left}" y1="{_num(y)}" x2="{left + plot_w}" y2="{_num(y)}" '
                   f'stroke="{AXIS if tick == 0 else GRID}" stroke-width="1" aria-hidden="true"/>')
        out.append(f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" font-size="{SMALL}" '
                   f'fill="{MUTED}" aria-hidden="true">{_text(value_format(tick))}</text>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS}" aria-hidden="true"/>')
    step = max(1, -(-len(days) * 60 // max(plot_w, 1)))  # thin out labels so they do not overlap
    for i, day in enumerate(days):
        if (len(days) - 1 - i) % step == 0:  # counted from the end: the latest quarter always has its label
            out.append(f'<text x="{_num(plot.x_of(day))}" y="{top + plot_h + 18}" text-anchor="middle" '
                       f'font-size="{SMALL}" fill="{MUTED}" aria-hidden="true">{_text(x_format(day))}</text>')
    return out


def _line_series(
    plot: _LinePlot,
    index: int,
    name: str,
    points: Sequence[tuple[dt.date, float | None]],
    x_format: Callable[[dt.date], str],
    value_format: Callable[[float], str],
) -> list[str]:
    """One series: a path per run of known values (``None`` breaks the line) and a marker per known value."""
    colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
    shape = MARKERS[index % len(MARKERS)]
    out = [f'<g class="series"><title>{_text(name)}</title>']
    runs: list[list[tuple[float, float]]] = [[]]
    for day, value in points:
        if value is None:
            runs.append([])
        else:
            runs[-1].append((plot.x_of(day), plot.y_of(value)))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    for run in runs:
        if len(run) > 1:
            d = " ".join(f"{'M' if j == 0 else 'L'}{_num(x)},{_num(y)}" for j, (x, y) in enumerate(run))
            out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
    for day, value in points:
        if value is not None:
            tip = f"{name}, {x_format(day)}: {value_format(value)}"
            out.append(_marker(shape, plot.x_of(day), plot.y_of(value), colour, tip))
    out.append("</g>")
    return out


def _line_legend(plot: _LinePlot, names: Sequence[str]) -> list[str]:
    """Three columns under the plot, each entry with the series' line style, marker and name."""
    legend_top = plot.top + plot.height + 34
    column_w = plot.width / 3
    out = []
    for index, name in enumerate(names):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        x = plot.left + column_w * (index % 3)
        y = legend_top + 22 * (index // 3)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<g class="legend" aria-hidden="true">'
                   f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 28)}" y2="{_num(y)}" stroke="{colour}" '
                   f'stroke-width="2.5"{dash_attr}/>'
                   + _marker(MARKERS[index % len(MARKERS)], x + 14, y, colour, name)
                   + f'<text x="{_num(x + 34)}" y="{_num(y + 4.5)}" fill="{TEXT}">'
                   f'{_text(_fit(name, column_w - 40))}</text></g>')
    return out


def line_chart(
    series: Mapping[str, Sequence[tuple[dt.date, float | None]]],
    title: str,
    *,
    description: str | None = None,
    none_text: str = "suppressed",
    x_format: Callable[[dt.date], str] = quarter_label,
    value_format: Callable[[float], str] = percent,
    width: int = 640,
    height: int = 320,
    show_title: bool = True,
    chart_id: str | None = None,
) -> str:
    """Shares (0..1) per quarter end, one line per series; ``None`` leaves a gap (a lone point is a marker)."""
    series = {str(name): sorted(points, key=lambda p: p[0]) for name, points in series.items()}
    days = sorted({day for points in series.values() for day, _ in points})
    cid = _chart_id("line", title, series, chart_id)
    desc = _describe(title, description, _line_words(series, none_text, x_format, value_format))
    legend_rows = max(1, -(-len(series) // 3))
    top = 40 if show_title else 12
    left, right = 52, 24
    bottom_pad = 34 + 22 * legend_rows
    plot_h = max(height - top - bottom_pad, 80)
    height = top + plot_h + bottom_pad
    plot = _LinePlot(top=top, left=left, width=width - left - right, height=plot_h, days=days)
    out = _open_svg(cid, width, height, title, desc)
    if show_title:
        out.append(_heading(title, width))
    out.extend(_line_axes(plot, x_format, value_format))
    for index, (name, points) in enumerate(series.items()):
        out.extend(_line_series(plot, index, name, points, x_format, value_format))
    out.extend(_line_legend(plot, list(series)))
    out.append("</svg>")
    return "\n".join(out)


# --- stacked bars (level mix) -----------------------------------------------------------------------------


def _pattern_defs(cid: str, count: int, colours: Sequence[str]) -> str:
    defs = ["<defs>"]
    for i in range(count):
        colour, kind = colours[i], PATTERNS[i % len(PATTERNS)]
        marks = {
            "solid": "",
            "diagonal": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" stroke-width="1.5"/>',
            "dots": '<circle cx="4" cy="4" r="1.6" fill="#ffffff"/>',
            "crosshatch": '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#ffffff" stroke-width="1.2"/>',
            "horizontal": '<path d="M0,4 L8,4" stroke="#ffffff" stroke-width="1.5"/>',
            "vertical": '<path d="M4,0 L4,8" stroke="#ffffff" stroke-width="1.5"/>',
        }[kind]
        defs.append(f'<pattern id="{cid}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
                    f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>')
    defs.append("</defs>")
    return "".join(defs)


def _part_colours(parts: Sequence[str], none_part: str | None) -> list[str]:
    """Palette colours in order for the parts, skipping ``none_part``, which is neutral grey."""
    colours, k = [], 0
    for p in parts:
        if p == none_part:
            colours.append(NONE_COLOUR)
        else:
            colours.append(PALETTE[k % len(PALETTE)])
            k += 1
    return colours


def _stack_words(
    rows: Sequence[tuple[str, Mapping[str, int | None]]], parts: Sequence[str], labels: Mapping[str, str],
    none_text: str, total_word: str,
) -> str:
    sentences = []
    for label, counts in rows:
        if any(counts.get(p) is None for p in parts):
            sentences.append(f"{label}: {none_text}")
        else:
            total = sum(counts.get(p) or 0 for p in parts)
            split = ", ".join(f"{labels[p]} {counts.get(p) or 0}" for p in parts)
            sentences.append(f"{label}: {split} ({total_word} {total})")
    return "; ".join(sentences)


def _stack_legend_layout(
    parts: Sequence[str], labels: Mapping[str, str], top: float, width: float
) -> tuple[list[tuple[float, float, int]], float]:
    """Legend entries as (x, y, part index), wrapped over the full width, and the height the legend takes."""
    legend: list[tuple[float, float, int]] = []
    lx, ly = 8.0, float(top)
    for i, p in enumerate(parts):
        item_w = 22 + len(labels[p]) * FONT_SIZE * 0.6 + 18
        if lx > 8 and lx + item_w > width - 8:
            lx, ly = 8.0, ly + 22
        legend.append((lx, ly, i))
        lx += item_w
    return legend, ly - top + 30


def _stack_legend(
    cid: str, legend: Sequence[tuple[float, float, int]], parts: Sequence[str], labels: Mapping[str, str],
    width: float,
) -> list[str]:
    return [f'<g class="legend" aria-hidden="true"><rect x="{_num(lx)}" y="{_num(ly)}" width="16" height="16" '
            f'fill="url(#{cid}-p{i})" stroke="{TEXT}" stroke-width="0.5"/>'
            f'<text x="{_num(lx + 22)}" y="{_num(ly + 12.5)}" fill="{TEXT}">'
            f'{_text(_fit(labels[parts[i]], width - 40))}</text></g>'
            for lx, ly, i in legend]


@dataclass(frozen=True)
class _StackRow:
    """Where one stacked bar goes: the bar's left edge and length, its top, the text baseline and its height."""
    x0: float
    track: float
    bar_y: float
    mid: float
    bar_h: int


def _stack_segments(
    cid: str, row: _StackRow, label: str, parts: Sequence[str], values: Sequence[int | None],
    labels: Mapping[str, str], colours: Sequence[str],
) -> list[str]:
    """The non-empty parts of a row side by side, each with its count inside when it fits."""
    total = sum(v or 0 for v in values)
    out, x = [], row.x0
    for i, (p, v) in enumerate(zip(parts, values, strict=True)):
        if not v:
            continue
        seg = row.track * v / total
        out.append(f'<rect x="{_num(x)}" y="{_num(row.bar_y)}" width="{_num(seg)}" height="{row.bar_h}" '
                   f'fill="url(#{cid}-p{i})" stroke="#ffffff" stroke-width="1">'
                   f'<title>{_text(label)}, {_text(labels[p])}: {v}</title></rect>')
        if seg >= 9 * len(str(v)) + 10:
            out.append(f'<text x="{_num(x + seg / 2)}" y="{_num(row.mid)}" text-anchor="middle" '
                       f'fill="#ffffff" stroke="{colours[i]}" stroke-width="4" paint-order="stroke" '
                       f'font-weight="bold" aria-hidden="true">{v}</text>')
        x += seg
    return out


def _stack_bar(
    cid: str, row: _StackRow, label: str, parts: Sequence[str], counts: Mapping[str, int | None],
    labels: Mapping[str, str], colours: Sequence[str], none_text: str, none_mark: str,
) -> list[str]:
    """A row's bar: a dashed empty track when suppressed, an empty track with 0 when nobody, else the parts."""
    values = [counts.get(p) for p in parts]
    if any(v is None for v in values):
        return [f'<rect x="{_num(row.x0)}" y="{_num(row.bar_y)}" width="{_num(row.track)}" height="{row.bar_h}" '
                f'fill="none" stroke="{AXIS}" stroke-dasharray="4 3"/>',
                _suppressed_text(row.x0, row.mid, none_text, none_mark)]
    if sum(v or 0 for v in values) == 0:
        return [f'<rect x="{_num(row.x0)}" y="{_num(row.bar_y)}" width="{_num(row.track)}" height="{row.bar_h}" '
                f'fill="none" stroke="{AXIS}"/>',
                f'<text x="{_num(row.x0 + 8)}" y="{_num(row.mid)}" fill="{TEXT}">0</text>']
    return _stack_segments(cid, row, label, parts, values, labels, colours)


def stacked_bar(
    rows: Sequence[tuple[str, Mapping[str, int | None]]],
    parts: Sequence[str],
    title: str,
    *,
    part_labels: Mapping[str, str] | None = None,
    description: str | None = None,
    none_text: str = "suppressed",
    none_mark: str = "–",
    none_part: str | None = "none",
    total_word: str = "total",
    width: int = 640,
    show_title: bool = True,
    chart_id: str | None = None,
) -> str:
    """One 100% bar per row split into ``parts`` (e.g. none/basic/advanced/expert), with counts in the segments.

    ``part_labels`` maps part keys to the (translated) legend text. A row with any ``None`` count is suppressed
    as a whole (its split cannot be drawn truthfully) and shows ``none_mark`` with ``none_text``. The part named
    ``none_part`` is drawn in neutral grey.
    """
    labels = {p: str((part_labels or {}).get(p, p)) for p in parts}
    rows = [(str(label), dict(counts)) for label, counts in rows]
    cid = _chart_id("stack", title, (rows, list(parts)), chart_id)
    colours = _part_colours(parts, none_part)
    desc = _describe(title, description, _stack_words(rows, parts, labels, none_text, total_word))
    top = 36 if show_title else 8
    legend, legend_h = _stack_legend_layout(parts, labels, top, width)
    row_h, bar_h = 30, 20
    label_w = _label_width([label for label, _ in rows], width)
    x0 = label_w + 8
    track = max(width - x0 - 16, 40)
    bars_top = top + legend_h
    height = bars_top + row_h * len(rows) + 8
    out = _open_svg(cid, width, height, title, desc)
    out.append(_pattern_defs(cid, len(parts), colours))
    if show_title:
        out.append(_heading(title, width))
    out.extend(_stack_legend(cid, legend, parts, labels, width))
    for r, (label, counts) in enumerate(rows):
        y = bars_top + r * row_h
        row = _StackRow(x0=x0, track=track, bar_y=y + (row_h - bar_h) / 2, mid=y + row_h / 2 + 4.5, bar_h=bar_h)
        out.append('<g class="bar-row">')
        out.append(_row_label(x0, row.mid, label, label_w))
        out.extend(_stack_bar(cid, row, label, parts, counts, labels, colours, none_text, none_mark))
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
