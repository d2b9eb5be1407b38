"""Server-side SVG charts: valid XML, accessible names and descriptions, escaping, missing values."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from lti_tool.reports.charts import (
    AXIS,
    MUTED,
    NONE_COLOUR,
    PALETTE,
    TEXT,
    bar_chart,
    line_chart,
    quarter_label,
    stacked_bar,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
EVIL = '<script>alert("x")</script> & "Q&A" \'quoted\''


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def accessible_name(root: ET.Element) -> tuple[str, str]:
    assert root.get("role") == "img"
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return title.text or "", desc.text or ""


def font_sizes(root: ET.Element) -> list[float]:
    return [float(el.get("font-size")) for el in root.iter() if el.get("font-size")]


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (luminance(colour) + 0.05)


def test_colours_meet_wcag_aa_on_white():
    for colour in (TEXT, MUTED):
        assert contrast_on_white(colour) >= 4.5, colour  # text
    for colour in (AXIS, NONE_COLOUR, *PALETTE):
        assert contrast_on_white(colour) >= 4.5, colour  # graphics need 3:1; white text on bars needs 4.5:1


def test_bar_chart():
    svg = bar_chart([("Financiën", 0.5), ("HR", None), ("IT", 0.7), ("Juridisch", 0.0)], "Dekking per afdeling",
                    none_text="onderdrukt (minder dan 5 personen)")
    root = parse(svg)
    title, desc = accessible_name(root)
    assert title == "Dekking per afdeling"
    assert desc == ("Dekking per afdeling. Financiën: 50%; HR: onderdrukt (minder dan 5 personen); IT: 70%; "
                    "Juridisch: 0%.")
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "50%" in texts and "70%" in texts and "0%" in texts
    assert any("onderdrukt" in t and "–" in t for t in texts)  # a visible mark, not an empty bar
    assert min(font_sizes(root)) >= 12
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == PALETTE[0]]
    assert len(bars) == 3  # no bar for the suppressed row
    widths = sorted(float(b.get("width")) for b in bars)
    assert widths[0] == 0 and widths[2] / widths[1] == pytest.approx(0.7 / 0.5, rel=0.01)


def test_bar_chart_escapes_labels_and_title():
    svg = bar_chart([(EVIL, 0.25)], f"Titel {EVIL}", description="Beschrijving <b>")
    assert "<script" not in svg and "<b>" not in svg
    root = parse(svg)
    title, desc = accessible_name(root)
    assert title == f"Titel {EVIL}"
    assert EVIL in desc and desc.startswith("Beschrijving <b> ")
    assert not list(root.iter("script")) and not list(root.iter("{http://www.w3.org/2000/svg}script"))


def test_bar_chart_values_outside_0_1_are_clamped_in_the_drawing_but_labelled_truly():
    root = parse(bar_chart([("over", 1.2), ("under", -0.1)], "t", width=400))
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "120%" in texts and "-10%" in texts
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("fill") == PALETTE[0]]
    assert all(0 <= float(b.get("width")) <= 400 for b in bars)


def test_chart_ids_are_unique_per_chart_and_can_be_given():
    a = parse(bar_chart([("A", 0.1)], "one"))
    b = parse(bar_chart([("A", 0.2)], "one"))
    assert a.find("svg:title", NS).get("id") != b.find("svg:title", NS).get("id")
    c = parse(bar_chart([("A", 0.1)], "one", chart_id='dept "x"'))
    assert c.find("svg:title", NS).get("id") == "dept--x--title"


SERIES = {
    "Financiën": [(date(2026, 3, 31), 0.5), (date(2026, 6, 30), 0.6), (date(2026, 9, 30), None),
                  (date(2026, 12, 31), 0.8)],
    "HR": [(date(2026, 3, 31), None), (date(2026, 6, 30), 0.4), (date(2026, 9, 30), None),
           (date(2026, 12, 31), None)],
    EVIL: [(date(2026, 3, 31), 0.1), (date(2026, 6, 30), 0.2), (date(2026, 9, 30), 0.3), (date(2026, 12, 31), 0.35)],
}


def test_line_chart():
    svg = line_chart(SERIES, "Verloop per kwartaal", none_text="onderdrukt",
                     x_format=lambda d: f"K{(d.month - 1) // 3 + 1} {d.year}")
    assert "<script" not in svg
    root = parse(svg)
    title, desc = accessible_name(root)
    assert title == "Verloop per kwartaal"
    assert "Financiën: K1 2026 50%, K2 2026 60%, K3 2026 onderdrukt, K4 2026 80%" in desc
    assert "HR: K1 2026 onderdrukt, K2 2026 40%" in desc and EVIL in desc
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for label in ("0%", "25%", "50%", "75%", "100%", "K1 2026", "K4 2026"):
        assert label in texts
    assert min(font_sizes(root)) >= 12
    groups = root.findall("svg:g[@class='series']", NS)
    assert [g.find("svg:title", NS).text for g in groups] == ["Financiën", "HR", EVIL]
    paths = [g.findall("svg:path", NS) for g in groups]
    # Financiën: Q1–Q2 is one line, Q3 is a gap, Q4 a lone marker; HR: only a lone marker; the third: one line
    assert [len(p) for p in paths] == [1, 0, 1]
    assert paths[0][0].get("d").count("L") == 1 and paths[2][0].get("d").count("L") == 3
    markers = [[el for el in g if el.tag.split("}")[1] in ("circle", "rect", "polygon")] for g in groups]
    assert [len(m) for m in markers] == [3, 1, 4]
    # different marker shapes and dash patterns, not only colours
    assert markers[0][0].tag.endswith("circle") and markers[1][0].tag.endswith("rect")
    assert paths[0][0].get("stroke-dasharray") is None and paths[2][0].get("stroke-dasharray")


def test_line_chart_y_positions_follow_the_values():
    root = parse(line_chart({"A": [(date(2026, 3, 31), 0.0), (date(2026, 6, 30), 1.0)]}, "t"))
    d = root.find("svg:g[@class='series']/svg:path", NS).get("d")
    (x0, y0), (x1, y1) = [tuple(map(float, p)) for p in re.findall(r"[ML]([\d.]+),([\d.]+)", d)]
    assert x1 > x0 and y1 < y0  # 100% is drawn above 0%


def test_quarter_label():
    assert [quarter_label(date(2026, m, 28)) for m in (1, 4, 9, 12)] == ["Q1 2026", "Q2 2026", "Q3 2026", "Q4 2026"]


def test_stacked_bar():
    parts = ["none", "basic", "advanced", "expert"]
    labels = {"none": "Geen", "basic": "Basis", "advanced": "Gevorderd", "expert": "Expert"}
    rows = [
        ("betalingen", {"none": 5, "basic": 20, "advanced": 10, "expert": 0}),
        ("datawarehouse", {"none": 0, "basic": None, "advanced": 12, "expert": None}),
        (EVIL, {"none": 0, "basic": 0, "advanced": 0, "expert": 0}),
    ]
    svg = stacked_bar(rows, parts, "Niveaus in kritieke processen", part_labels=labels, none_text="onderdrukt",
                      total_word="totaal")
    assert "<script" not in svg
    root = parse(svg)
    title, desc = accessible_name(root)
    assert title == "Niveaus in kritieke processen"
    assert "betalingen: Geen 5, Basis 20, Gevorderd 10, Expert 0 (totaal 35)" in desc
    assert "datawarehouse: onderdrukt" in desc and EVIL in desc
    patterns = root.findall("svg:defs/svg:pattern", NS)
    assert len(patterns) == 4 and len({p.get("id") for p in patterns}) == 4
    # parts differ by pattern, not only colour: every pattern but the first draws marks over its fill
    assert len(patterns[0]) == 1 and all(len(p) == 2 for p in patterns[1:])
    legend = [" ".join(g.itertext()) for g in root.findall("svg:g[@class='legend']", NS)]
    assert legend == ["Geen", "Basis", "Gevorderd", "Expert"]
    rows_g = root.findall("svg:g[@class='bar-row']", NS)
    segments = rows_g[0].findall("svg:rect", NS)
    assert len(segments) == 3  # the 0 expert part is not drawn
    widths = [float(s.get("width")) for s in segments]
    assert widths[1] / widths[0] == pytest.approx(4, rel=0.01) and widths[2] / widths[0] == pytest.approx(2, rel=0.01)
    assert "onderdrukt" in "".join(rows_g[1].itertext())  # a partly hidden row is suppressed as a whole
    assert not rows_g[1].findall("svg:rect[@fill]", NS) or all(
        r.get("fill") == "none" for r in rows_g[1].findall("svg:rect", NS))
    assert min(font_sizes(root)) >= 12
