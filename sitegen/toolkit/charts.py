"""```chart and ```table blocks: YAML options in, accessible HTML out.

`render_chart(spec_text, data, file=..., line=...)` returns a `<div class="chart-block">`
holding a `<figure class="chart chart-<type>">` (an inline SVG with title and description, and
a caption naming the source) followed by `<details>` with the same numbers as a table.
`render_table(...)` returns a `<div class="data-table-wrap">` with a formatted table.
`line` is the file line of the opening fence; errors point at the line of the bad option.
The options are documented in docs/analyst-toolkit.md. Output is deterministic: element ids
come from a hash of the file name, line and block text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from sitegen.toolkit.blockspec import (
    Spec,
    check_column,
    number_at,
    resolve_data,
    select_rows,
)
from sitegen.toolkit.data import Table
from sitegen.toolkit.numfmt import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    Number,
    decimals_of,
    format_value,
    is_blank,
    is_number,
)
from sitegen.toolkit.svg import (
    MAX_SERIES,
    ChartData,
    Series,
    render_svg,
    stacked_totals,
)
from sitegen.toolkit.words import Gettext, Words

CHART_TYPES = {"line": "line", "bar": "bar", "grouped bar": "grouped", "stacked bar": "stacked"}
CHART_KEYS = ("type", "data", "x", "y", "title", "unit", "source", "note", "x_label",
              "y_label", "where", "sort", "limit")
TABLE_KEYS = ("data", "columns", "where", "sort", "limit", "caption", "source", "note")
FORMATS = ("text", "number", "integer", "percent", "currency:<code or symbol>", "unit:<unit>")
KIND_NAMES = {"line": "Line chart", "bar": "Bar chart", "grouped": "Grouped bar chart",
              "stacked": "Stacked bar chart"}         # message ids (toolkit/words.py)

CHART_EXAMPLE = """type: bar
data: deliveries
x: year
y: deliveries
title: Deliveries per year
unit: vehicles
source: {text: Company reports, url: https://example.com}"""
TABLE_EXAMPLE = """data: deliveries
columns: [year, {column: deliveries, label: Deliveries, format: integer}]
sort: -year"""


def _ident(prefix: str, file: str, line: int, text: str) -> str:
    digest = hashlib.sha1(f"{file}\0{line}\0{text}".encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def _source_html(source: tuple[str, str | None] | None, words: Words) -> str:
    if not source:
        return ""
    text, url = source
    inner = f'<a href="{escape(url)}">{escape(text)}</a>' if url else escape(text)
    return escape(words("Source: %(source)s")).replace("%(source)s", inner)


# --- charts -------------------------------------------------------------------------------

def _chart_type(spec: Spec) -> str:
    raw = spec.require("type", "line, bar, grouped bar or stacked bar")
    key = " ".join(str(raw).lower().replace("-", " ").replace("_", " ").split())
    if key not in CHART_TYPES:
        raise spec.error("type", f"unknown chart type '{raw}'",
                         "use one of: line, bar, grouped bar, stacked bar")
    return CHART_TYPES[key]


@dataclass
class _Y:
    column: str
    label: str


def _y_columns(spec: Spec, table: Table) -> list[_Y]:
    raw = spec.require("y", "the column(s) to plot")
    items = raw if isinstance(raw, list) else [raw]
    hint = "write y: deliveries, or y: [bev, phev], or y: [{column: bev, label: Battery EVs}]"
    out = []
    for item in items:
        if isinstance(item, Mapping):
            unknown = [k for k in item if k not in ("column", "label")]
            if unknown or "column" not in item:
                raise spec.error("y", f"a y entry may have 'column' and 'label', got "
                                      f"{', '.join(map(str, item))}", hint)
            column, label = item["column"], item.get("label")
        else:
            column, label = item, None
        if label is not None and not isinstance(label, (str, int, float)):
            raise spec.error("y", "a series label must be text", hint)
        check_column(spec, table, column, "y")
        out.append(_Y(column, str(label) if label is not None else column))
    if len(out) > MAX_SERIES:
        raise spec.error("y", f"a chart can show at most {MAX_SERIES} series, not {len(out)}",
                         "split it into several charts, or use a table")
    return out


def render_chart(spec_text: str, data: Mapping[str, Any], *, file: str, line: int, language: str = "en",
                 gettext: Gettext | None = None) -> str:
    """Render a ```chart block (see the module docstring) to HTML. `gettext`: where its words come
    from (words.Words), when not the default theme's catalogue."""
    spec = Spec(spec_text, file=file, line=line, kind="chart", keys=CHART_KEYS,
                example=CHART_EXAMPLE)
    kind = _chart_type(spec)
    title = spec.text("title", required=True, what="a short title saying what the chart shows")
    source = spec.source(required=True)
    unit = spec.text("unit")
    note = spec.text("note")
    x_label, y_label = spec.text("x_label"), spec.text("y_label")
    table = resolve_data(spec, data)
    x_col = check_column(spec, table, spec.require("x", "the column for the horizontal axis"), "x")
    ys = _y_columns(spec, table)
    if kind == "bar" and len(ys) > 1:
        raise spec.error("type", f"a bar chart shows one series, but y has {len(ys)}",
                         "use type: grouped bar or type: stacked bar for several series")
    rows = select_rows(spec, table)
    if not len(rows):
        raise spec.error("where" if spec.get("where") is not None else "data",
                         "no rows left to chart", "check the data file and the 'where' filter")
    x = []
    for i, row in enumerate(rows):
        value = row.get(x_col)
        if is_blank(value):
            raise spec.error("x", f"empty '{x_col}' at {rows.where_is(i)}",
                             "every row needs a value for the x column")
        x.append(str(value))
    series = []
    for y in ys:
        values = [number_at(spec, rows, i, y.column, "y") for i in range(len(rows))]
        if all(v is None for v in values):
            raise spec.error("y", f"the column '{y.column}' has no numbers in the chosen rows",
                             "fill in the data or choose another column")
        if kind == "stacked" and any(v is not None and v < 0 for v in values):
            i = next(i for i, v in enumerate(values) if v is not None and v < 0)
            raise spec.error("y", f"a stacked bar chart cannot show the negative value "
                                  f"{rows[i][y.column]} at {rows.where_is(i)}",
                             "use a grouped bar chart for data with negative values")
        series.append(Series(y.label, values))
    decimals = [max((decimals_of(rows[i][y.column]) for i in range(len(rows))
                     if not is_blank(rows[i][y.column])), default=0) for y in ys]
    words = Words(language, gettext)
    tooltips = [[f"{x[i]}, {s.label}: {_fmt(v, unit, d, words)}" for i, v in enumerate(s.values)]
                for s, d in zip(series, decimals)]
    chart = ChartData(kind, x, series, unit, x_label, y_label, tooltips, language)
    ident = _ident("chart", file, line, spec_text)
    desc = _describe(chart, x_label or x_col, decimals, words)
    svg = render_svg(chart, ident=ident, title=title or "", desc=desc)
    caption = [f'<strong class="chart-title">{escape(title or "")}</strong>']
    if note:
        caption.append(f'<span class="chart-note">{escape(note)}</span>')
    caption.append(f'<span class="chart-source">{_source_html(source, words)}</span>')
    return "\n".join([
        f'<div class="chart-block" id="{ident}">',
        f'<figure class="chart chart-{kind}">',
        f'<div class="chart-frame">\n{svg}\n</div>',
        f"<figcaption>{' '.join(caption)}</figcaption>",
        "</figure>",
        _data_details(chart, x_label or x_col, decimals, title or "", words),
        "</div>",
    ]) + "\n"


def _fmt(v: Number | None, unit: str | None, decimals: int, words: Words) -> str:
    return words("no data") if v is None else format_value(v, unit, decimals, words.language)


def _describe(chart: ChartData, x_name: str, decimals: list[int], words: Words) -> str:
    listed = words.names([s.label for s in chart.series])
    kind = words(KIND_NAMES[chart.kind])
    if len(chart.x) > 1:
        text = [words("%(chart)s of %(series)s by %(x)s, from %(first)s to %(last)s.", chart=kind, series=listed,
                      x=x_name, first=chart.x[0], last=chart.x[-1])]
    else:
        text = [words("%(chart)s of %(series)s by %(x)s, for %(x_value)s.", chart=kind, series=listed, x=x_name,
                      x_value=chart.x[0])]
    for s, d in zip(chart.series, decimals):
        points = [(v, x) for v, x in zip(s.values, chart.x) if v is not None]
        low = min(points, key=lambda p: p[0])
        high = max(points, key=lambda p: p[0])
        if low[0] == high[0]:
            text.append(words("%(series)s is %(value)s throughout.", series=s.label,
                              value=_fmt(low[0], chart.unit, d, words)))
        else:
            text.append(words("%(series)s ranges from %(low)s (%(low_x)s) to %(high)s (%(high_x)s).", series=s.label,
                              low=_fmt(low[0], chart.unit, d, words), low_x=low[1],
                              high=_fmt(high[0], chart.unit, d, words), high_x=high[1]))
    if chart.kind == "stacked" and len(chart.series) > 1:
        totals = [(t, x) for t, x in zip(stacked_totals(chart.series), chart.x) if t is not None]
        d = max(decimals)
        low = min(totals, key=lambda p: p[0])
        high = max(totals, key=lambda p: p[0])
        text.append(words("The total ranges from %(low)s (%(low_x)s) to %(high)s (%(high_x)s).",
                          low=_fmt(low[0], chart.unit, d, words), low_x=low[1],
                          high=_fmt(high[0], chart.unit, d, words), high_x=high[1]))
    return "".join(t if not i or text[i - 1].endswith("。") else " " + t for i, t in enumerate(text))


def _header(label: str, unit: str | None) -> str:
    return f"{label} ({unit})" if unit else label


def _cell(v: Number | None, decimals: int, words: Words) -> str:
    if v is None:
        return ('<td class="num empty"><span aria-hidden="true">–</span>'
                f'<span class="sg-visually-hidden">{escape(words("no data"))}</span></td>')
    return f'<td class="num">{escape(format_value(v, None, decimals, words.language))}</td>'


def _data_details(chart: ChartData, x_name: str, decimals: list[int], title: str, words: Words) -> str:
    heads = [f'<th scope="col">{escape(x_name)}</th>']
    heads += [f'<th scope="col" class="num">{escape(_header(s.label, chart.unit))}</th>'
              for s in chart.series]
    totals = None
    if chart.kind == "stacked" and len(chart.series) > 1:
        totals = stacked_totals(chart.series)
        heads.append(f'<th scope="col" class="num">{escape(_header(words("Total"), chart.unit))}</th>')
    body = []
    for i, x in enumerate(chart.x):
        cells = [f'<th scope="row">{escape(x)}</th>']
        cells += [_cell(s.values[i], d, words) for s, d in zip(chart.series, decimals)]
        if totals is not None:
            cells.append(_cell(totals[i], max(decimals), words))
        body.append(f"<tr>{''.join(cells)}</tr>")
    return "\n".join([
        '<details class="chart-data">',
        f"<summary>{escape(words('Data table'))}<span class=\"sg-visually-hidden\">: {escape(title)}</span></summary>",
        '<div class="data-table-wrap">',
        '<table class="data-table">',
        f"<thead><tr>{''.join(heads)}</tr></thead>",
        "<tbody>", *body, "</tbody>",
        "</table>",
        "</div>",
        "</details>",
    ])


# --- tables ---------------------------------------------------------------------------------

@dataclass
class _Column:
    column: str
    label: str
    format: str            # text, plain, number, integer, percent, currency:X, unit:X
    decimals: int | None


def _check_format(spec: Spec, fmt: Any) -> str:
    if isinstance(fmt, str):
        kind, _, arg = fmt.partition(":")
        if fmt in ("text", "number", "integer", "percent"):
            return fmt
        if kind == "currency" and (arg in CURRENCY_CODES or arg in CURRENCY_SYMBOLS):
            return fmt
        if kind == "unit" and arg.strip():
            return fmt
    raise spec.error("columns", f"unknown column format {fmt!r}",
                     f"use one of: {', '.join(FORMATS)} (for example currency:USD, currency:€, "
                     "unit:kWh)")


def _table_columns(spec: Spec, table: Table) -> list[_Column]:
    raw = spec.get("columns")
    if raw is None:
        raw = list(table.columns)
    if not isinstance(raw, list) or not raw:
        raise spec.error("columns", "'columns' must be a list of column names",
                         "for example: columns: [year, {column: price, format: currency:USD}]")
    out = []
    for item in raw:
        if isinstance(item, Mapping):
            unknown = [k for k in item if k not in ("column", "label", "format", "decimals")]
            if unknown or "column" not in item:
                raise spec.error("columns", "a column entry may have column, label, format and "
                                            f"decimals, got {', '.join(map(str, item))}",
                                 "for example: {column: share, label: Share, format: percent}")
            column = check_column(spec, table, item["column"], "columns")
            fmt = _check_format(spec, item["format"]) if "format" in item else None
            decimals = item.get("decimals")
            if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int)
                                         or not 0 <= decimals <= 10):
                raise spec.error("columns", "decimals must be a whole number from 0 to 10",
                                 "for example: decimals: 1")
            label = str(item.get("label", column))
        else:
            column = check_column(spec, table, item, "columns")
            fmt, decimals, label = None, None, column
        out.append(_Column(column, label, fmt or _guess_format(table, column), decimals))
    return out


def _guess_format(table: Table, column: str) -> str:
    cells = [c for c in table.column(column) if not is_blank(c)]
    if not cells or not all(is_number(c) for c in cells):
        return "text"
    if all(isinstance(c, (str, int)) and str(c).isdigit() and len(str(c)) == 4
           and 1800 <= int(c) <= 2200 for c in cells):
        return "plain"     # years: right-aligned, no thousands separator
    return "number"


def _format_cell(spec: Spec, rows: Table, i: int, col: _Column, decimals: int, language: str = "en") -> tuple[str, bool]:
    raw = rows[i].get(col.column, "")
    if col.format == "text":
        return escape("" if raw is None else str(raw)), False
    if is_blank(raw):
        return "–", True
    if col.format == "plain":
        return escape(str(raw).strip()), True
    value = number_at(spec, rows, i, col.column, "columns")
    assert value is not None
    kind, _, arg = col.format.partition(":")
    unit = {"percent": "%", "currency": arg, "unit": arg}.get(kind)
    places = 0 if kind == "integer" and col.decimals is None else decimals
    return escape(format_value(value, unit, places, language)), True


def render_table(spec_text: str, data: Mapping[str, Any], *, file: str, line: int, language: str = "en",
                 gettext: Gettext | None = None) -> str:
    """Render a ```table block (see the module docstring) to HTML; `gettext` as for a chart."""
    spec = Spec(spec_text, file=file, line=line, kind="table", keys=TABLE_KEYS,
                example=TABLE_EXAMPLE)
    caption = spec.text("caption")
    note = spec.text("note")
    source = spec.source(required=False)
    table = resolve_data(spec, data)
    columns = _table_columns(spec, table)
    rows = select_rows(spec, table)
    if not len(rows):
        raise spec.error("where" if spec.get("where") is not None else "data",
                         "no rows left to show", "check the data file and the 'where' filter")
    places = {}
    for col in columns:
        if col.decimals is not None:
            places[col.column] = col.decimals
        else:
            places[col.column] = max((decimals_of(r.get(col.column)) for r in rows
                                      if not is_blank(r.get(col.column))), default=0)
    body = []
    numeric = {c.column: c.format != "text" for c in columns}
    for i in range(len(rows)):
        cells = []
        for col in columns:
            text, is_num = _format_cell(spec, rows, i, col, places[col.column], language)
            cells.append(f'<td class="num">{text}</td>' if is_num else f"<td>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    heads = "".join(f'<th scope="col" class="num">{escape(c.label)}</th>' if numeric[c.column]
                    else f'<th scope="col">{escape(c.label)}</th>' for c in columns)
    parts = ['<div class="data-table-wrap">', '<table class="data-table">']
    cap = []
    if caption:
        cap.append(f'<span class="data-table-title">{escape(caption)}</span>')
    if note:
        cap.append(f'<span class="data-table-note">{escape(note)}</span>')
    if source:
        cap.append(f'<span class="data-table-source">{_source_html(source, Words(language, gettext))}</span>')
    if cap:
        parts.append(f"<caption>{' '.join(cap)}</caption>")
    parts += [f"<thead><tr>{heads}</tr></thead>", "<tbody>", *body, "</tbody>", "</table>",
              "</div>"]
    return "\n".join(parts) + "\n"


__all__ = ["CHART_KEYS", "CHART_TYPES", "TABLE_KEYS", "render_chart", "render_table"]
