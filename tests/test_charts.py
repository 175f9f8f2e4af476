"""```chart and ```table blocks: golden HTML, valid SVG, accessibility hooks and errors.

The golden files live in tests/golden/charts/ (one per chart type and one table). After an
intended change to the output, regenerate them with one command and review the diff:

    SITEGEN_UPDATE_GOLDEN=1 pytest tests/test_charts.py
    git diff tests/golden/charts

The dataset below is illustrative: the numbers are made up for the tests, not real data.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from lxml import etree

from sitegen.errors import SitegenError
from sitegen.toolkit.charts import render_chart, render_table
from sitegen.toolkit.data import load_data
from sitegen.toolkit.svg import WIDTH, layout_x_labels, nice_ticks, text_width

GOLDEN = Path(__file__).resolve().parent / "golden" / "charts"
SVG_NS = "{http://www.w3.org/2000/svg}"

EXAMPLE_CSV = """\
year,bev,phev,share,note
2021,"120,500","40,000",12.5,first full year
2022,"180,250","62,000",15.0,
2023,"240,000","71,500",18.25,new plant
2024,"310,750","80,000",21.0,
2025,"402,000","85,250",24.5,target year
"""

SPECS = {
    "line": """\
type: line
data: example-deliveries
x: year
y:
  - {column: bev, label: Battery electric}
  - {column: phev, label: Plug-in hybrid}
title: Deliveries by drivetrain (illustrative)
unit: vehicles
source: {text: Illustrative example, url: "https://example.com/deliveries?a=1&b=2"}
note: Made-up numbers for the tests, not real data.
""",
    "bar": """\
type: bar
data: example-deliveries
x: year
y: {column: share, label: EV share}
title: EV share of new-car sales (illustrative)
unit: "%"
source: Illustrative example, not real data
""",
    "grouped-bar": """\
type: grouped bar
data: example-deliveries
x: year
y: [bev, phev]
title: Battery electric and plug-in hybrid deliveries (illustrative)
unit: vehicles
source: Illustrative example, not real data
x_label: Year
""",
    "stacked-bar": """\
type: stacked-bar
data: example-deliveries
x: year
y:
  - {column: bev, label: Battery electric}
  - {column: phev, label: Plug-in hybrid}
title: All plug-in deliveries (illustrative)
unit: vehicles
source: Illustrative example, not real data
where: {year: {">=": 2022}}
""",
}

TABLE_SPEC = """\
data: example-deliveries
columns:
  - year
  - {column: bev, label: Battery electric}
  - {column: phev, label: Plug-in hybrid, format: integer}
  - {column: share, label: EV share, format: percent, decimals: 1}
  - {column: note, label: Note}
sort: -year
limit: 4
caption: Deliveries by drivetrain (illustrative numbers, not real data)
source: {text: Illustrative example, url: https://example.com}
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("site")
    (root / "data").mkdir()
    (root / "data" / "example-deliveries.csv").write_text(EXAMPLE_CSV, encoding="utf-8")
    (root / "data" / "ev").mkdir()
    (root / "data" / "ev" / "prices.yaml").write_text(
        "- {model: A, price: 30000}\n- {model: B, price: lots}\n", encoding="utf-8")
    (root / "data" / "ev" / "ranges.json").write_text(
        '[{"model": "A", "km": 420}, {"model": "B", "km": "far"}]', encoding="utf-8")
    return load_data(root / "data")


def chart(spec: str, data: dict, line: int = 12) -> str:
    return render_chart(spec, data, file="content/posts/example.md", line=line)


def svg_of(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "no <svg> element in the output"
    return ET.fromstring(match.group())


def check_golden(name: str, html: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SITEGEN_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    assert path.exists(), f"missing {path}: run SITEGEN_UPDATE_GOLDEN=1 pytest {__file__}"
    assert html == path.read_text(encoding="utf-8"), \
        f"{name} differs from the golden file; if intended, regenerate (see module docstring)"


# --- golden output ---------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(SPECS))
def test_chart_matches_golden(kind, data):
    check_golden(f"{kind}.html", chart(SPECS[kind], data))


def test_table_matches_golden(data):
    check_golden("table.html", render_table(TABLE_SPEC, data, file="content/posts/example.md",
                                            line=40))


# --- structure -------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", list(SPECS))
def test_every_svg_and_the_whole_block_parse_as_xml(kind, data):
    html = chart(SPECS[kind], data)
    svg = svg_of(html)
    assert svg.tag == SVG_NS + "svg"
    etree.fromstring(f"<root>{html}</root>".encode())   # the HTML around it is well-formed too


@pytest.mark.parametrize("kind", list(SPECS))
def test_svg_has_labelled_title_and_description(kind, data):
    svg = svg_of(chart(SPECS[kind], data))
    assert svg.get("role") == "img"
    title = svg.find(SVG_NS + "title")
    desc = svg.find(SVG_NS + "desc")
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    assert "illustrative" in title.text
    assert re.search(r"from \d{4} to 2025\.", desc.text)


def test_description_names_the_series_and_their_range(data):
    desc = svg_of(chart(SPECS["line"], data)).find(SVG_NS + "desc").text
    assert desc.startswith("Line chart of Battery electric and Plug-in hybrid by year, "
                           "from 2021 to 2025.")
    assert "Battery electric ranges from 120,500 vehicles (2021) to 402,000 vehicles (2025)." \
        in desc


def test_svg_is_responsive_with_a_viewbox(data):
    svg = svg_of(chart(SPECS["bar"], data))
    assert svg.get("width") == "100%" and svg.get("height") is None
    assert svg.get("viewBox").startswith(f"0 0 {WIDTH} ")


@pytest.mark.parametrize("kind", list(SPECS))
def test_colours_come_from_css_classes_not_inline_values(kind, data):
    html = chart(SPECS[kind], data)
    assert "style=" not in html
    assert not re.search(r'(fill|stroke)="(?!currentColor|none)', html)
    svg = svg_of(html)
    plot = svg.find(f"{SVG_NS}g[@class='plot']")
    series = [g.get("class") for g in plot.findall(SVG_NS + "g")]
    assert series == [f"series series-{i}" for i in range(len(series))] and series


@pytest.mark.parametrize("kind", list(SPECS))
def test_legend_lists_every_series(kind, data):
    svg = svg_of(chart(SPECS[kind], data))
    legend = svg.find(f"{SVG_NS}g[@class='legend']")
    labels = [t.text for t in legend.iter(SVG_NS + "text")]
    plot = svg.find(f"{SVG_NS}g[@class='plot']")
    assert len(labels) == len(plot.findall(SVG_NS + "g")) >= 1


def test_y_ticks_have_thousands_separators_and_unit_label(data):
    svg = svg_of(chart(SPECS["line"], data))
    axis = svg.find(f"{SVG_NS}g[@class='axis axis-y']")
    ticks = [t.text for t in axis.iter(SVG_NS + "text") if t.get("class") == "tick"]
    assert ticks == ["0", "100,000", "200,000", "300,000", "400,000", "500,000"]
    assert [t.text for t in axis.iter(SVG_NS + "text") if t.get("class") == "axis-title"] == \
        ["vehicles"]


def test_percent_and_currency_units_are_written_on_each_tick(data):
    ticks = [t.text for t in svg_of(chart(SPECS["bar"], data)).iter(SVG_NS + "text")
             if t.get("class") == "tick" and t.text.endswith("%")]
    assert ticks == ["0%", "5%", "10%", "15%", "20%", "25%"]
    spec = SPECS["bar"].replace('unit: "%"', "unit: $")
    assert "$20" in [t.text for t in svg_of(chart(spec, data)).iter(SVG_NS + "text")]


def test_caption_names_the_source_with_its_link_and_the_note(data):
    html = chart(SPECS["line"], data)
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1)
    assert ('Source: <a href="https://example.com/deliveries?a=1&amp;b=2">Illustrative example'
            '</a>') in caption
    assert "Made-up numbers for the tests, not real data." in caption
    assert html.index("</figure>") < html.index('<details class="chart-data">')


def test_details_table_repeats_the_numbers(data):
    html = chart(SPECS["stacked-bar"], data)
    details = html[html.index("<details"):]
    assert "<summary>Data table" in details
    headers = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", details)
    assert headers == ["year", "Battery electric (vehicles)", "Plug-in hybrid (vehicles)",
                       "Total (vehicles)"]
    assert '<tr><th scope="row">2022</th><td class="num">180,250</td><td class="num">62,000</td>' \
           '<td class="num">242,250</td></tr>' in details
    assert "2021" not in details        # filtered out by where: year >= 2022


def test_output_is_deterministic_and_ids_differ_per_block(data):
    a1, a2 = chart(SPECS["line"], data, line=12), chart(SPECS["line"], data, line=12)
    b = chart(SPECS["line"], data, line=30)
    assert a1 == a2
    def ids(html: str) -> set[str]:
        return set(re.findall(r'\bid="([^"]+)"', html))
    assert ids(a1).isdisjoint(ids(b))
    assert len(re.findall(r'\bid="', a1)) == len(ids(a1))


def test_text_is_escaped(data):
    spec = SPECS["bar"].replace("title: EV share of new-car sales (illustrative)",
                                'title: "Share <script>alert(1)</script> & more"')
    html = chart(spec, data)
    assert "<script>" not in html and "&lt;script&gt;" in html
    svg_of(html)


@pytest.mark.parametrize("written, kind", [("grouped-bar", "grouped"), ("Grouped Bar", "grouped"),
                                           ("stacked bar", "stacked"), ("stacked_bar", "stacked")])
def test_type_spellings(written, kind, data):
    spec = SPECS["grouped-bar"].replace("type: grouped bar", f"type: {written}")
    assert f'<figure class="chart chart-{kind}">' in chart(spec, data)


def test_inline_rows_and_missing_values(data):
    spec = """\
type: line
data:
  - {quarter: Q1, units: 10}
  - {quarter: Q2, units: }
  - {quarter: Q3, units: "1,250.5"}
x: quarter
y: units
title: Inline rows
source: Illustrative example, not real data
"""
    html = chart(spec, data)
    svg = svg_of(html)
    path = svg.find(f".//{SVG_NS}path[@class='line']").get("d")
    assert path.count("M") == 2 and "L" not in path      # the gap splits the line
    plot = svg.find(f"{SVG_NS}g[@class='plot']")
    assert len(plot.findall(f".//{SVG_NS}circle[@class='dot']")) == 2
    assert "1,250.5" in html and "no data" in html


def test_nested_data_name_and_sort_and_limit(data):
    spec = """\
type: bar
data: example-deliveries
x: year
y: bev
sort: -bev
limit: 2
title: Top two years
source: Illustrative example, not real data
"""
    svg = svg_of(chart(spec, data))
    xs = [t.text for t in svg.find(f"{SVG_NS}g[@class='axis axis-x']").iter(SVG_NS + "text")]
    assert xs == ["2025", "2024"]


def test_long_category_labels_stay_inside_the_chart():
    labels = [f"Example Model {c} Long Trim" for c in "ABCDEFG"]
    layout = layout_x_labels(labels, (WIDTH - 100) / 7, bars=True)
    assert not layout.rotate and all(len(lines) == 3 for lines in layout.labels)
    assert all(text_width(part) <= (WIDTH - 100) / 7 - 6 for lines in layout.labels
               for part in lines)


def test_nice_ticks():
    assert [float(t) for t in nice_ticks(0, 487250)] == [0, 1e5, 2e5, 3e5, 4e5, 5e5]
    assert [float(t) for t in nice_ticks(-8, 12)] == [-10, -5, 0, 5, 10, 15]
    assert [float(t) for t in nice_ticks(0, 0.9)] == [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert [float(t) for t in nice_ticks(0, 0)] == [0, 0.2, 0.4, 0.6, 0.8, 1.0]


# --- errors: each names the post's file and the line of the bad option ----------------------

def error_of(spec: str, data: dict, line: int = 12, render=render_chart):
    with pytest.raises(SitegenError) as exc:
        render(spec, data, file="content/posts/example.md", line=line)
    p = exc.value.first
    assert p.file == "content/posts/example.md"
    return p


def test_unknown_chart_type_lists_the_valid_ones(data):
    p = error_of(SPECS["bar"].replace("type: bar", "type: pie"), data)
    assert p.line == 13 and "unknown chart type 'pie'" in p.message
    assert p.hint == "use one of: line, bar, grouped bar, stacked bar"


def test_unknown_option_is_an_error_with_suggestion(data):
    p = error_of(SPECS["bar"] + "colour: red\n", data)
    assert p.line == 12 + 8 and "unknown chart option 'colour'" in p.message
    assert "valid options: type, data, x, y, title" in p.hint


def test_missing_data_file_lists_known_names(data):
    p = error_of(SPECS["bar"].replace("data: example-deliveries", "data: deliveries"), data)
    assert p.line == 14 and "unknown data 'deliveries'" in p.message
    assert "example-deliveries" in p.hint and "ev.prices" in p.hint and "ev.ranges" in p.hint


def test_unknown_column_lists_the_columns(data):
    p = error_of(SPECS["bar"].replace("column: share", "column: shares"), data)
    assert p.line == 16 and "unknown column 'shares'" in p.message
    assert "did you mean 'share'?" in p.hint and "year, bev, phev, share, note" in p.hint


def test_non_numeric_value_names_data_row_and_post_line(data):
    spec = "type: bar\ndata: example-deliveries\nx: year\ny: note\ntitle: T\nsource: S\n"
    p = error_of(spec, data, line=30)
    assert p.line == 34
    assert "'first full year' in column 'note'" in p.message
    assert "data/example-deliveries.csv:2" in p.message


def test_non_numeric_value_in_a_yaml_data_file_names_its_line(data):
    spec = "type: bar\ndata: ev.prices\nx: model\ny: price\ntitle: T\nsource: S\n"
    p = error_of(spec, data)
    assert "'lots'" in p.message and "data/ev/prices.yaml:2" in p.message


def test_non_numeric_value_in_a_json_data_file_names_its_row(data):
    spec = "type: bar\ndata: ev.ranges\nx: model\ny: km\ntitle: T\nsource: S\n"
    p = error_of(spec, data)
    assert "'far'" in p.message and "data/ev/ranges.json, row 2" in p.message


def test_json_rows_can_be_charted(data):
    spec = "type: bar\ndata: ev.ranges\nx: model\ny: km\nwhere: {model: A}\ntitle: T\nsource: S\n"
    assert '<td class="num">420</td>' in chart(spec, data)


def test_invalid_yaml_in_the_block_names_the_post_line(data):
    p = error_of("type: bar\ndata: [oops\ntitle: x\n", data, line=20)
    assert p.line in (22, 23) and p.message.startswith("invalid YAML")


@pytest.mark.parametrize("spec, line, needle", [
    ("", 12, "the chart block is empty"),
    ("- a\n- b\n", 13, "must hold YAML"),
    ("type: bar\ndata: example-deliveries\nx: year\ny: bev\nsource: S\n", 12, "needs 'title'"),
    ("type: bar\ndata: example-deliveries\nx: year\ny: bev\ntitle: T\n", 12, "needs 'source'"),
    ("type: bar\ndata: example-deliveries\nx: year\ny: [bev, phev]\ntitle: T\nsource: S\n", 13,
     "a bar chart shows one series"),
    ("type: line\ndata: example-deliveries\nx: year\ny: bev\ntitle: T\n"
     "source: {text: S, url: 'javascript:alert(1)'}\n", 18, "http or https"),
    ("type: line\ndata: example-deliveries\nx: year\ny: bev\ntitle: T\nsource: S\n"
     "where: {year: {'~': 1}}\n", 19, "unknown comparison '~'"),
    ("type: line\ndata: example-deliveries\nx: year\ny: bev\ntitle: T\nsource: S\n"
     "where: {year: 1999}\n", 19, "no rows left"),
    ("type: line\ndata: [1, 2]\nx: year\ny: bev\ntitle: T\nsource: S\n", 14, "inline data"),
    ("type: line\ndata: example-deliveries\nx: year\ny: [" + ", ".join(["bev"] * 9) + "]\n"
     "title: T\nsource: S\n", 16, "at most 8 series"),
])
def test_bad_chart_blocks(spec, line, needle, data):
    p = error_of(spec, data)
    assert p.line == line and needle in p.message and p.hint


def test_stacked_bars_reject_negative_values(data):
    spec = """\
type: stacked bar
data: [{x: a, v: 1}, {x: b, v: -2}]
x: x
y: v
title: T
source: S
"""
    p = error_of(spec, data)
    assert "negative value -2" in p.message and "grouped bar" in p.hint


# --- tables ----------------------------------------------------------------------------------

def table(spec: str, data: dict) -> str:
    return render_table(spec, data, file="content/posts/example.md", line=40)


def test_table_parses_as_xml_and_right_aligns_numbers(data):
    html = table(TABLE_SPEC, data)
    root = etree.fromstring(html.encode())
    heads = root.findall(".//thead/tr/th")
    assert [h.get("class") for h in heads] == ["num", "num", "num", "num", None]
    first = [td.text for td in root.find(".//tbody/tr").findall("td")]
    assert first == ["2025", "402,000", "85,250", "24.5%", "target year"]
    assert len(root.findall(".//tbody/tr")) == 4
    assert "style=" not in html


@pytest.mark.parametrize("fmt, expected", [
    ("number", "120,500"), ("integer", "120,500"), ("currency:USD", "USD 120,500"),
    ("currency:€", "€120,500"), ("unit:kWh", "120,500 kWh"), ("percent", "120,500%"),
    ("text", "120,500"),
])
def test_table_column_formats(fmt, expected, data):
    spec = f"data: example-deliveries\ncolumns: [{{column: bev, format: '{fmt}'}}]\nlimit: 1\n"
    root = etree.fromstring(table(spec, data).encode())
    assert root.find(".//tbody/tr/td").text == expected


def test_table_where_operators_and_sort(data):
    spec = """\
data: example-deliveries
columns: [year]
where: {share: {">": 14, "<=": 21}, year: {not in: [2023]}}
sort: year
"""
    root = etree.fromstring(table(spec, data).encode())
    assert [td.text for td in root.findall(".//tbody/tr/td")] == ["2022", "2024"]


@pytest.mark.parametrize("spec, line, needle", [
    ("data: example-deliveries\ncolumns: [{column: bev, format: money}]\n", 42,
     "unknown column format 'money'"),
    ("data: example-deliveries\ncolumns: [year, bevs]\n", 42, "unknown column 'bevs'"),
    ("data: example-deliveries\ncolumns: [{column: note, format: number}]\n", 42,
     "'first full year' in column 'note' at data/example-deliveries.csv:2 is not a number"),
    ("data: example-deliveries\nsort: -nope\n", 42, "unknown column 'nope'"),
    ("data: example-deliveries\nlimit: 0\n", 42, "'limit' must be"),
    ("data: nothing\n", 41, "unknown data 'nothing'"),
    ("data: example-deliveries\nheader: yes\n", 42, "unknown table option 'header'"),
])
def test_bad_table_blocks(spec, line, needle, data):
    p = error_of(spec, data, line=40, render=render_table)
    assert p.line == line and needle in p.message and p.hint
