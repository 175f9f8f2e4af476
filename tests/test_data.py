"""The data/ folder loader: tables with row lines, YAML/JSON, nesting and error reporting."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import pytest

from sitegen.errors import SitegenError
from sitegen.toolkit.data import (
    Table,
    dataset_names,
    load_data,
    load_yaml,
    location,
    lookup,
)
from sitegen.toolkit.numfmt import (
    decimals_of,
    format_number,
    format_value,
    parse_number,
)


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root / "data"


CSV = 'year,deliveries\n2024,"1,200"\n\n2025,1500\n'


def test_csv_becomes_a_table_with_columns_file_and_row_lines(tmp_path):
    data = load_data(write(tmp_path, {"data/deliveries.csv": CSV}))
    table = data["deliveries"]
    assert isinstance(table, Table)
    assert table.columns == ["year", "deliveries"]
    assert table.file == "data/deliveries.csv"
    assert list(table) == [{"year": "2024", "deliveries": "1,200"},
                           {"year": "2025", "deliveries": "1500"}]
    assert table.lines == [2, 4]          # the blank line 3 is skipped, not counted as a row


def test_csv_numbers_stay_text_until_parsed(tmp_path):
    table = load_data(write(tmp_path, {"data/d.csv": CSV}))["d"]
    assert table[0]["deliveries"] == "1,200"
    assert table.numbers("deliveries") == [1200, 1500]


def test_multiline_quoted_cell_keeps_following_row_lines_right(tmp_path):
    table = load_data(write(tmp_path, {"data/d.csv": 'a,b\n1,"two\nlines"\n3,4\n'}))["d"]
    assert table.lines == [2, 4]
    assert table[0]["b"] == "two\nlines"


def test_table_behaves_like_a_list_of_dicts_in_templates(tmp_path):
    data = load_data(write(tmp_path, {"data/deliveries.csv": CSV,
                                      "data/example-deliveries.csv": CSV}))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    tpl = env.from_string(
        "{{ data.deliveries|length }}|{{ data.deliveries[0].year }}|"
        "{% for r in data.deliveries %}{{ r.deliveries }};{% endfor %}|"
        "{{ data.deliveries.columns|join(',') }}|{{ data['example-deliveries'][1]['year'] }}|"
        "{{ data.deliveries|map(attribute='year')|join('+') }}|{{ data.deliveries|tojson }}")
    out = tpl.render(data=data)
    assert out.split("|")[:6] == ["2", "2024", "1,200;1500;", "year,deliveries", "2025",
                                  "2024+2025"]
    assert json.loads(out.split("|", 6)[6].replace("&#34;", '"')) == list(data["deliveries"])


def test_yaml_yml_and_json_files_load_and_subfolders_nest(tmp_path):
    data = load_data(write(tmp_path, {
        "data/facts.yaml": "xiaomi:\n  target:\n    value: 550000\n",
        "data/ev/prices.csv": "model,price\nA,100\n",
        "data/ev/makers.yml": "- name: A\n- name: B\n",
        "data/site.json": '{"authors": 3}',
    }))
    assert data["facts"]["xiaomi"]["target"]["value"] == 550000
    assert data["ev"]["prices"][0] == {"model": "A", "price": "100"}
    assert data["ev"]["makers"] == [{"name": "A"}, {"name": "B"}]
    assert data["site"] == {"authors": 3}
    assert lookup(data, "ev.prices") is data["ev"]["prices"]
    assert dataset_names(data) == ["ev.makers", "ev.prices"]


def test_yaml_values_remember_their_file_and_lines(tmp_path):
    data = load_data(write(tmp_path, {"data/ev/makers.yaml": "# makers\n- name: A\n- name: B\n"}))
    makers = data["ev"]["makers"]
    assert location(makers, 1) == ("data/ev/makers.yaml", 3)
    assert location(makers[0], "name") == ("data/ev/makers.yaml", 2)


def test_json_values_remember_their_file(tmp_path):
    data = load_data(write(tmp_path, {"data/makers.json": '[{"name": "A"}, {"name": "B"}]'}))
    assert data["makers"] == [{"name": "A"}, {"name": "B"}]
    assert location(data["makers"], 1) == ("data/makers.json", None)
    assert json.dumps(data["makers"]) == '[{"name": "A"}, {"name": "B"}]'


def test_missing_data_folder_gives_empty_dict(tmp_path):
    assert load_data(tmp_path / "data") == {}


def test_traversal_is_sorted_and_hidden_or_other_files_are_ignored(tmp_path):
    data = load_data(write(tmp_path, {"data/b.csv": "x\n1\n", "data/a.json": "[]",
                                      "data/.hidden.csv": "broken,\n\"", "data/notes.txt": "hi"}))
    assert list(data) == ["a", "b"]


def test_rel_to_controls_how_files_are_named(tmp_path):
    data_dir = write(tmp_path / "site", {"data/d.csv": "a\n1\n"})
    assert load_data(data_dir, rel_to=tmp_path)["d"].file == "site/data/d.csv"


# --- errors ---------------------------------------------------------------------------------

def errors_of(tmp_path: Path, files: dict[str, str | bytes]) -> list:
    with pytest.raises(SitegenError) as exc:
        load_data(write(tmp_path, files))
    return exc.value.problems


def test_csv_row_with_too_many_values_names_file_and_line(tmp_path):
    [p] = errors_of(tmp_path, {"data/d.csv": "year,units\n2024,1\n2025,1,200\n"})
    assert (p.file, p.line) == ("data/d.csv", 3)
    assert "3 values" in p.message and "year, units" in p.hint


def test_csv_bad_quoting_names_the_line(tmp_path):
    [p] = errors_of(tmp_path, {"data/d.csv": 'a,b\n1,2\n"x"y,2\n'})
    assert (p.file, p.line) == ("data/d.csv", 3)
    assert "malformed CSV" in p.message and p.hint


@pytest.mark.parametrize("text, message", [
    ("a,a\n1,2\n", "appears twice"),
    ("a,\n1,2\n", "has no name"),
    ("", "empty"),
])
def test_csv_header_problems(tmp_path, text, message):
    [p] = errors_of(tmp_path, {"data/d.csv": text})
    assert p.file == "data/d.csv" and p.line == 1 and message in p.message


def test_non_utf8_file_names_the_line(tmp_path):
    [p] = errors_of(tmp_path, {"data/d.csv": b"a,b\n1,2\n3,caf\xe9\n"})
    assert (p.file, p.line) == ("data/d.csv", 3)
    assert "UTF-8" in p.message


def test_invalid_yaml_names_the_line(tmp_path):
    [p] = errors_of(tmp_path, {"data/facts.yaml": "a:\n  b: 1\n c: [2\n"})
    assert p.file == "data/facts.yaml" and p.line == 3
    assert p.message.startswith("invalid YAML")


def test_duplicate_yaml_key_is_an_error(tmp_path):
    [p] = errors_of(tmp_path, {"data/facts.yaml": "a: 1\nb: 2\na: 3\n"})
    assert (p.file, p.line) == ("data/facts.yaml", 3)
    assert "duplicate key 'a'" in p.message and "line 1" in p.message


def test_invalid_json_names_the_line(tmp_path):
    [p] = errors_of(tmp_path, {"data/d.json": '{\n  "a": 1,\n}\n'})
    assert p.file == "data/d.json" and p.line == 3


def test_all_bad_files_are_reported_together(tmp_path):
    problems = errors_of(tmp_path, {"data/a.csv": "x,y\n1\n", "data/b.json": "{",
                                    "data/good.csv": "x\n1\n", "data/sub/c.yaml": "a: [\n"})
    assert [p.file for p in problems] == ["data/a.csv", "data/b.json", "data/sub/c.yaml"]


def test_two_files_with_the_same_name_are_an_error(tmp_path):
    [p] = errors_of(tmp_path, {"data/d.csv": "a\n1\n", "data/d.yaml": "a: 1\n"})
    assert "data/d.csv" in p.message and "data/d.yaml" in p.message


def test_table_numbers_names_the_data_row_of_a_bad_cell(tmp_path):
    table = load_data(write(tmp_path, {"data/d.csv": "y,v\n2024,1\n2025,n/a\n"}))["d"]
    with pytest.raises(SitegenError) as exc:
        table.numbers("v")
    assert (exc.value.first.file, exc.value.first.line) == ("data/d.csv", 3)


def test_load_yaml_offsets_lines_by_first_line():
    with pytest.raises(SitegenError) as exc:
        load_yaml("a: 1\nb: [\n", file="post.md", first_line=10)
    assert exc.value.first.line == 11


# --- numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("1234", 1234), ("1,234", 1234), (" -12.5 ", -12.5), ("1,234,567.25", 1234567.25),
    (".5", 0.5), ("\u22123", -3), (7, 7), (2.5, 2.5),
])
def test_parse_number_accepts(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["12%", "$40", "n/a", "1,23", "1.2.3", "", "NaN", "1e5",
                                  True, None, float("nan")])
def test_parse_number_rejects(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_number_formatting():
    assert format_number(550000) == "550,000"
    assert format_number(1234.5) == "1,234.5"
    assert format_number(0.1 + 0.2) == "0.3"
    assert format_number(1234.5, 2) == "1,234.50"
    assert format_number(-0.001, 1) == "0.0"
    assert decimals_of("12.50") == 2 and decimals_of("1,200") == 0
    assert format_value(12.5, "%") == "12.5%"
    assert format_value(-1200, "$") == "-$1,200"
    assert format_value(45000, "USD") == "USD 45,000"
    assert format_value(12, "$ bn") == "$12 bn"
    assert format_value(75, "kWh") == "75 kWh"
