"""Drawing charts as inline SVG: scales, ticks, axes, legend, lines and bars.

The SVG carries no colours: series are drawn with the classes `series-0` … `series-7` and
coloured by `charts.css`, text and axes use `currentColor`, so light, dark and print styles all
come from CSS. Sizes are in viewBox units (640 wide); the SVG scales to the width of its box.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from sitegen.toolkit.numfmt import Number, decimals_of, format_value, split_unit

WIDTH = 640
PLOT_HEIGHT = 260
PAD = 12
FONT = 14          # tick labels, legend
SMALL = 13         # axis titles
LEGEND_ROW = 24
MAX_SERIES = 8

KINDS = ("line", "bar", "grouped", "stacked")


@dataclass
class Series:
    label: str
    values: list[Number | None]


@dataclass
class ChartData:
    kind: str                       # one of KINDS
    x: list[str]
    series: list[Series]
    unit: str | None = None
    x_label: str | None = None
    y_label: str | None = None
    tooltips: list[list[str]] = field(default_factory=list)  # [series][point] text
    language: str = "en"            # the page's: numbers in its CLDR form (18,5 on a German page)


def unit_in_ticks(unit: str | None) -> bool:
    """Units written on every tick (%, currencies); others go once, above the axis."""
    prefix, _, suffix = split_unit(unit)
    return bool(prefix) or (bool(suffix) and not suffix.startswith(" "))


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of rendered text width, for layout."""
    wide = sum(1 for c in text if c.isupper() or c in "MW@%&—")
    narrow = sum(1 for c in text if c in "il.,:;|!'’ ")
    return size * (0.57 * (len(text) - wide - narrow) + 0.74 * wide + 0.3 * narrow)


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[Decimal]:
    """Round tick values covering [lo, hi], with steps of 1, 2, 2.5 or 5 times a power of 10."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        hi = lo + (abs(lo) if lo else 1)
    raw = (hi - lo) / target
    power = Decimal(1).scaleb(math.floor(math.log10(raw)))
    step = power * 10
    for m in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        if power * m >= Decimal(repr(raw)):
            step = power * m
            break
    start = (Decimal(repr(lo)) / step).to_integral_value(rounding="ROUND_FLOOR") * step
    end = (Decimal(repr(hi)) / step).to_integral_value(rounding="ROUND_CEILING") * step
    ticks = []
    value = start
    while value <= end:
        ticks.append(value)
        value += step
    return ticks


@dataclass
class XLabels:
    labels: list[list[str] | None]   # lines per category; None where a label is skipped
    rotate: bool
    height: float                    # space they need below the plot


def _wrap(label: str, width: float, max_lines: int = 3) -> list[str] | None:
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if text_width(candidate) <= width:
            current = candidate
            continue
        if text_width(word) > width:
            return None
        if current:
            lines.append(current)
        current = word
    lines.append(current)
    return lines if len(lines) <= max_lines else None


def _shorten(label: str, width: float) -> str:
    if text_width(label) <= width:
        return label
    while label and text_width(label + "…") > width:
        label = label[:-1]
    return label.rstrip() + "…"


def layout_x_labels(labels: Sequence[str], band: float, *, bars: bool) -> XLabels:
    """Fit category labels under the plot: one line, else wrapped (up to 3 lines), else
    rotated 45° (bars; long labels shortened with '…'), else every k-th label only."""
    room = band - 6
    line_h = FONT * 1.15
    if max(text_width(x) for x in labels) <= room:
        return XLabels([[x] for x in labels], False, FONT + 14)
    wrapped = [_wrap(x, room) for x in labels]
    if all(w is not None for w in wrapped):
        lines = max(len(w) for w in wrapped if w is not None)
        return XLabels(list(wrapped), False, FONT + 14 + (lines - 1) * line_h)
    if bars and band >= FONT + 4:
        short = [_shorten(x, 160) for x in labels]
        return XLabels([[x] for x in short], True,
                       max(text_width(x) for x in short) * 0.72 + FONT + 8)
    widest = max(text_width(x) for x in labels)
    every = math.ceil((widest + 10) / band)
    return XLabels([[x] if i % every == 0 else None for i, x in enumerate(labels)], False,
                   FONT + 14)


def _n(v: float) -> str:
    """A coordinate: one decimal at most, no '-0', no trailing '.0'."""
    text = f"{round(v, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(x: float, y: float, label: str, cls: str, anchor: str = "middle",
          extra: str = "") -> str:
    return (f'<text class="{cls}" x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}"{extra}>'
            f"{escape(label)}</text>")


def value_range(chart: ChartData) -> tuple[float, float]:
    if chart.kind == "stacked":
        totals = [sum(v for v in col if v is not None and v > 0)
                  for col in zip(*(s.values for s in chart.series))]
        values = totals
    else:
        values = [v for s in chart.series for v in s.values if v is not None]
    return min([0.0, *values]), max([0.0, *values])


def render_svg(chart: ChartData, *, ident: str, title: str, desc: str) -> str:
    lo, hi = value_range(chart)
    ticks = nice_ticks(lo, hi)
    step = ticks[1] - ticks[0]
    places = max(decimals_of(str(step.normalize())) if step % 1 else 0, 0)
    tick_unit = chart.unit if unit_in_ticks(chart.unit) else None
    tick_labels = [format_value(t, tick_unit, places, chart.language) for t in ticks]
    axis_title = chart.y_label or (chart.unit if chart.unit and not tick_unit else None)

    # Legend rows, laid out left to right and wrapped.
    legend_items: list[tuple[int, float, float]] = []   # series, x, y
    x: float = PAD
    row = 0
    for i, s in enumerate(chart.series):
        w = 14 + 6 + text_width(s.label) + 20
        if x > PAD and x + w > WIDTH - PAD:
            x, row = PAD, row + 1
        legend_items.append((i, x, PAD + row * LEGEND_ROW))
        x += w
    top = PAD + (row + 1) * LEGEND_ROW + 4
    if axis_title:
        top += 20
    top += 8

    left = PAD + max(text_width(t) for t in tick_labels) + 10
    right = WIDTH - PAD - 6
    n = len(chart.x)
    band = (right - left) / n
    x_layout = layout_x_labels(chart.x, band, bars=chart.kind != "line")
    if x_layout.rotate and x_layout.labels[0]:
        # A rotated first label reaches down-left; keep it inside the box.
        reach = text_width(x_layout.labels[0][0]) * 0.72 + 2
        if left + band / 2 < reach:
            left = reach - band / 2 + 2
            band = (right - left) / n
    plot_bottom = top + PLOT_HEIGHT
    height = plot_bottom + x_layout.height + (22 if chart.x_label else 0) + PAD

    lo_d, hi_d = float(ticks[0]), float(ticks[-1])

    def y_of(v: float) -> float:
        return plot_bottom - (v - lo_d) / (hi_d - lo_d) * PLOT_HEIGHT

    def x_of(i: int) -> float:
        return left + (i + 0.5) * band

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 {WIDTH} '
        f'{_n(height)}" width="100%" role="img" aria-labelledby="{ident}-title" '
        f'aria-describedby="{ident}-desc" font-size="{FONT}" fill="currentColor">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]

    out.append('<g class="legend">')
    for i, lx, ly in legend_items:
        mid = ly + 9
        out.append(f'<g class="series series-{i}">')
        if chart.kind == "line":
            out.append(f'<line class="swatch-line" x1="{_n(lx)}" y1="{_n(mid)}" x2="{_n(lx + 16)}" '
                       f'y2="{_n(mid)}" stroke="currentColor"/>')
            out.append(f'<circle class="dot" cx="{_n(lx + 8)}" cy="{_n(mid)}" r="3.5"/>')
        else:
            out.append(f'<rect class="swatch" x="{_n(lx)}" y="{_n(mid - 7)}" width="14" height="14" '
                       f'rx="2"/>')
        out.append(_text(lx + 22, mid, chart.series[i].label, "legend-label", "start",
                         ' dy="0.35em"'))
        out.append("</g>")
    out.append("</g>")

    out.append('<g class="axis axis-y">')
    if axis_title:
        out.append(_text(PAD, top - 14, axis_title, "axis-title", "start",
                         f' font-size="{SMALL}"'))
    for t, label in zip(ticks, tick_labels):
        y = y_of(float(t))
        cls = "gridline zero" if t == 0 else "gridline"
        out.append(f'<line class="{cls}" x1="{_n(left)}" y1="{_n(y)}" x2="{_n(right)}" '
                   f'y2="{_n(y)}" stroke="currentColor"/>')
        out.append(_text(left - 8, y, label, "tick", "end", ' dy="0.35em"'))
    out.append("</g>")

    out.append('<g class="axis axis-x">')
    for i, lines in enumerate(x_layout.labels):
        if lines is None:
            continue
        x = x_of(i)
        out.append(f'<line class="tick-mark" x1="{_n(x)}" y1="{_n(plot_bottom)}" x2="{_n(x)}" '
                   f'y2="{_n(plot_bottom + 5)}" stroke="currentColor"/>')
        if x_layout.rotate:
            y = plot_bottom + 12
            out.append(_text(x, y, lines[0], "tick", "end",
                             f' dy="0.35em" transform="rotate(-45 {_n(x)} {_n(y)})"'))
        elif len(lines) == 1:
            half = text_width(lines[0]) / 2
            x = min(max(x, half + 2), WIDTH - half - 2)   # keep edge labels inside the box
            out.append(_text(x, plot_bottom + 10, lines[0], "tick", "middle", ' dy="0.8em"'))
        else:
            spans = "".join(f'<tspan x="{_n(x)}" dy="{"0.8em" if k == 0 else "1.15em"}">'
                            f"{escape(part)}</tspan>" for k, part in enumerate(lines))
            out.append(f'<text class="tick" x="{_n(x)}" y="{_n(plot_bottom + 10)}" '
                       f'text-anchor="middle">{spans}</text>')
    if chart.x_label:
        out.append(_text((left + right) / 2, height - PAD - 4, chart.x_label, "axis-title",
                         "middle", f' font-size="{SMALL}"'))
    out.append("</g>")

    out.append('<g class="plot">')
    if chart.kind == "line":
        out.extend(_lines(chart, x_of, y_of))
    else:
        out.extend(_bars(chart, x_of, y_of, band))
    out.append(f'<line class="baseline" x1="{_n(left)}" y1="{_n(y_of(0))}" x2="{_n(right)}" '
               f'y2="{_n(y_of(0))}" stroke="currentColor"/>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _tip(chart: ChartData, si: int, i: int) -> str:
    if chart.tooltips:
        return f"<title>{escape(chart.tooltips[si][i])}</title>"
    return ""


def _lines(chart: ChartData, x_of: Callable[[int], float], y_of: Callable[[Number], float]) -> list[str]:
    out = []
    for si, s in enumerate(chart.series):
        out.append(f'<g class="series series-{si}">')
        path, pen = [], "M"
        for i, v in enumerate(s.values):
            if v is None:
                pen = "M"
                continue
            path.append(f"{pen}{_n(x_of(i))} {_n(y_of(v))}")
            pen = "L"
        out.append(f'<path class="line" d="{" ".join(path)}" fill="none" stroke="currentColor"/>')
        for i, v in enumerate(s.values):
            if v is not None:
                out.append(f'<circle class="dot" cx="{_n(x_of(i))}" cy="{_n(y_of(v))}" r="3.5">'
                           f"{_tip(chart, si, i)}</circle>")
        out.append("</g>")
    return out


def _bars(chart: ChartData, x_of: Callable[[int], float], y_of: Callable[[Number], float], band: float) -> list[str]:
    k = len(chart.series)
    group = band * (0.62 if chart.kind != "grouped" else 0.8)
    width = group / k if chart.kind == "grouped" else group
    gap = min(2.0, width * 0.1) if chart.kind == "grouped" and k > 1 else 0.0
    stack = [0.0] * len(chart.x)
    out = []
    for si, s in enumerate(chart.series):
        out.append(f'<g class="series series-{si}">')
        for i, v in enumerate(s.values):
            if v is None:
                continue
            if chart.kind == "stacked":
                a, b = stack[i], stack[i] + v
                stack[i] = b
                x = x_of(i) - group / 2
            else:
                a, b = 0.0, float(v)
                x = x_of(i) - group / 2 + (si * width if chart.kind == "grouped" else 0)
            y1, y2 = y_of(max(a, b)), y_of(min(a, b))
            if chart.kind == "stacked" and a > 0 and y2 - y1 > 3:
                y2 -= 1.5   # a hairline gap between stacked segments, in any theme
            out.append(f'<rect class="bar" x="{_n(x + gap / 2)}" y="{_n(y1)}" '
                       f'width="{_n(width - gap)}" height="{_n(y2 - y1)}">'
                       f"{_tip(chart, si, i)}</rect>")
        out.append("</g>")
    return out


def stacked_totals(series: Sequence[Series]) -> list[Number | None]:
    out: list[Number | None] = []
    for col in zip(*(s.values for s in series)):
        present = [v for v in col if v is not None]
        out.append(sum(present) if present else None)
    return out
