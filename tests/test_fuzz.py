"""Property-based tests (hypothesis): whatever a writer puts in front matter, Markdown, a chart
or table block, a data/ file or sitegen.toml, `sitegen build` ends with exit 0, or exit 1 with a
problem report that names a file of the site. Never a traceback, never a hang, and memory stays
within a bound (each build runs in a forked child with a memory limit and an alarm: see
tests/fuzzkit.py).

The examples are derandomized (the same inputs on every run, in CI too) and bounded
(SITEGEN_FUZZ_EXAMPLES, 30 per property by default), so the suite stays quick. To dig for
new crashes: SITEGEN_FUZZ_RANDOM=1 SITEGEN_FUZZ_EXAMPLES=500 pytest tests/test_fuzz.py.
Every crash found is kept in tests/fixtures/fuzz/ and checked by test_fuzz_regressions.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, post
from fuzzkit import deep_json, deep_toml, hostile_yaml, run_build, syntax_text, values, yaml_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.toolkit.charts import CHART_KEYS, CHART_TYPES, TABLE_KEYS

FUZZ = settings(
    derandomize=os.environ.get("SITEGEN_FUZZ_RANDOM") != "1",
    database=None,
    max_examples=int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

OTHER_POST = post("Other post", body="Plain text.")
FACTS = "xiaomi:\n  target_2026:\n    value: 550000\n    unit: units\n    source: Company statement\n"
DELIVERIES = "year,bev,phev\n2021,\"120,500\",40000\n2022,180000,\n2023,250000,61000\n"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def make_site(workdir: Path, files: dict[str, str | bytes]) -> Path:
    site = Path(tempfile.mkdtemp(dir=workdir))
    for rel, text in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    return site


def check(site: Path, *blamed: str) -> None:
    """The build ends cleanly; when it fails, its report names one of the `blamed` files."""
    outcome = run_build(site)
    shutil.rmtree(site, ignore_errors=True)
    assert outcome.problem() is None, outcome.problem()
    if outcome.code == 1:
        assert any(name in outcome.output for name in blamed), \
            f"the report names none of {blamed}:\n{outcome.output[-3000:]}"


# -- front matter ---------------------------------------------------------------------------

FRONT_KEYS = ["title", "date", "updated", "author", "authors", "tags", "summary", "slug", "cover",
              "cover_alt", "draft", "sources", "updates", "toc", "extra", "x"]
front_matter = st.one_of(
    syntax_text,
    hostile_yaml,
    hostile_yaml.map(lambda y: "title: T\ndate: 2026-01-02\n" + y),
    st.dictionaries(st.sampled_from(FRONT_KEYS), values, max_size=6).map(yaml_text),
    st.dictionaries(st.sampled_from(FRONT_KEYS), values, max_size=6)
      .map(lambda d: yaml_text({"title": "T", "date": "2026-01-02", **d})),
)


@FUZZ
@given(front=front_matter, tail=st.sampled_from(["---\n", "---", "...\n", ""]), body=syntax_text)
def test_any_front_matter_ends_cleanly(workdir, front, tail, body):
    text = "---\n" + front + ("\n" if not front.endswith("\n") else "") + tail + body
    check(make_site(workdir, {"content/posts/fuzz.md": text, "content/posts/other.md": OTHER_POST}),
          "content/posts/fuzz.md")


@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes_as_a_post_end_cleanly(workdir, raw):
    check(make_site(workdir, {"content/posts/fuzz.md": raw, "content/posts/other.md": OTHER_POST}),
          "content/posts/fuzz.md")


# -- Markdown -------------------------------------------------------------------------------

SNIPPETS = [
    "# Heading\n", "## Heading\n", "[other](other.md)", "[other](other.md#nope)", "[gone](gone.md)",
    "![img](img/x.png)", "![](other.md)", "<a href=\"other.md\">x</a>", "<img src='nope.png'>",
    "[^1]\n\n[^1]: note\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "```python\nprint(1)\n```\n", "```\nx\n",
    "{{ fact(\"xiaomi.target_2026\") }}", "{{ fact('nope.nope') }}", "{{ fact(", "<!-- more -->", "<script>",
    "```chart\ntype: bar\ndata: deliveries\nx: year\ny: bev\nsource: Made up\n```\n",
    "```table\ndata: deliveries\n```\n", "```chart\n```\n", "```table\n: :\n```\n", "> " * 30 + "deep\n",
    "* " * 30 + "deep\n", "[" * 50, "<" * 20, "\\" * 10, "&amp;&#0;&#x110000;", "[x](/static/style.css)",
    "[x](../../../etc/passwd)", "[x](%zz.md)", "[x](#top)", "[x](mailto:a@b)", "[x](javascript:alert(1))",
]
markdown_body = st.lists(st.one_of(st.sampled_from(SNIPPETS), syntax_text), max_size=12).map("".join)


@FUZZ
@given(body=markdown_body)
def test_any_markdown_ends_cleanly(workdir, body):
    files = {"content/posts/fuzz.md": post("Fuzz", body=body), "content/posts/other.md": OTHER_POST,
             "data/facts.yaml": FACTS, "data/deliveries.csv": DELIVERIES}
    check(make_site(workdir, files), "content/posts/fuzz.md")


# -- chart and table blocks -----------------------------------------------------------------

option_values = st.one_of(
    values,
    st.sampled_from(["deliveries", "nope", "year", "bev", "phev", "-bev", "year > 2021", "bev >= x", "year == 2022",
                     *CHART_TYPES, "pie", "percent", "currency:EUR", "unit:kWh"]),
    st.lists(st.sampled_from(["year", "bev", "phev", "nope"]), max_size=4),
    st.lists(st.dictionaries(st.sampled_from(["year", "bev", "label"]), st.one_of(st.integers(), st.text(max_size=5)),
                             max_size=3), max_size=4),
)
block_options = st.dictionaries(st.sampled_from(sorted(set(CHART_KEYS) | set(TABLE_KEYS) | {"colour"})), option_values,
                                max_size=7)


@FUZZ
@given(kind=st.sampled_from(["chart", "table"]), options=block_options, raw=st.one_of(st.none(), syntax_text, hostile_yaml))
def test_any_chart_or_table_block_ends_cleanly(workdir, kind, options, raw):
    spec = raw if raw is not None else yaml_text(options)
    body = f"Before.\n\n```{kind}\n{spec}\n```\n\nAfter.\n"
    files = {"content/posts/fuzz.md": post("Fuzz", body=body), "data/deliveries.csv": DELIVERIES}
    check(make_site(workdir, files), "content/posts/fuzz.md")


# -- data/ files ----------------------------------------------------------------------------

csv_text = st.lists(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(['"', '""', ",", "1,200", "\n", "-"])),
                             min_size=0, max_size=4), max_size=6).map(
    lambda rows: "\n".join(",".join(cells) for cells in rows))


@FUZZ
@given(name=st.sampled_from(["d.csv", "d.json", "d.yaml", "d.yml", "facts.yaml", "sub/d.csv"]),
       text=st.one_of(syntax_text, csv_text, values.map(yaml_text), values.map(lambda v: json.dumps(v, allow_nan=True)),
                      hostile_yaml, deep_json),
       use=st.sampled_from(["", "```table\ndata: d\n```\n", "```chart\ntype: line\ndata: d\nx: a\ny: b\nsource: S\n```\n",
                            "{{ fact(\"a.b\") }}"]))
def test_any_data_file_ends_cleanly(workdir, name, text, use):
    files = {f"data/{name}": text, "content/posts/fuzz.md": post("Fuzz", body="Text.\n\n" + use)}
    check(make_site(workdir, files), f"data/{name}", "content/posts/fuzz.md")


# -- sitegen.toml ---------------------------------------------------------------------------

def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value).replace("inf", "inf").replace("nan", "nan")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return '""'


CONFIG_KEYS = ["title", "description", "base_url", "language", "timezone", "posts_per_page", "permalink", "theme",
               "feed_length", "tag_feeds", "author_feeds", "words_per_minute", "toc", "comments", "colour"]
config_values = st.one_of(
    values.filter(lambda v: v is not None),
    st.sampled_from(["/posts/{slug}/", "/{year}/{month}/{slug}/", "{slug}", "/{slug}/../", "/{nope}/", "/{slug}/{0}",
                     "https://example.com/blog", "ftp://x", "Europe/Berlin", "Mars/Olympus", "default", "../..", 0, -1,
                     10**9, "<script>"]),
)


def toml_text(table: dict[str, object], extra: dict[str, object]) -> str:
    lines = [f"{key} = {toml_value(value)}" for key, value in table.items()]
    if extra:
        lines += ["[extra]"] + [f"{json.dumps(str(k), ensure_ascii=False)} = {toml_value(v)}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


@FUZZ
@given(text=st.one_of(syntax_text, deep_toml,
                      st.builds(toml_text, st.dictionaries(st.sampled_from(CONFIG_KEYS), config_values, max_size=5),
                                st.dictionaries(st.text(max_size=5), values.filter(lambda v: v is not None),
                                                max_size=3))))
def test_any_config_ends_cleanly(workdir, text):
    files = {"sitegen.toml": text, "content/posts/fuzz.md": post("Fuzz", body="[other](other.md)"),
             "content/posts/other.md": OTHER_POST}
    check(make_site(workdir, files), "sitegen.toml", "content/posts/")


# -- every crash found, kept ----------------------------------------------------------------

def _regressions() -> Iterator[str]:
    folder = FIXTURES / "fuzz"
    return iter(sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else [])


@pytest.mark.parametrize("case", list(_regressions()))
def test_fuzz_regressions(case: str, workdir: Path):
    """Each input that once crashed sitegen now ends in its expected error (expected-error.txt)."""
    site = Path(tempfile.mkdtemp(dir=workdir)) / case
    shutil.copytree(FIXTURES / "fuzz" / case, site)
    expected = (site / "expected-error.txt").read_text("utf-8").strip()
    (site / "expected-error.txt").unlink()
    outcome = run_build(site)
    assert outcome.problem() is None, outcome.problem()
    assert outcome.code == 1 and expected in outcome.output, outcome.output[-3000:]
