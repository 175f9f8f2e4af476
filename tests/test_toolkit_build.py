"""The analyst's toolkit inside a real build: chart and table blocks, facts, sources, updates,
and errors that name the post's file and line."""

import json
import re
from pathlib import Path
from xml.etree import ElementTree

from conftest import post, run_cli, write_site

CSV = "year,bev\n2024,100\n2025,\"1,250\"\n"
CHART = "```chart\ntype: bar\ndata: example\nx: year\ny: bev\ntitle: Example deliveries\nsource: Illustrative numbers\n```\n"


def site_with(tmp_path: Path, body: str, **meta: str) -> Path:
    return write_site(tmp_path / "s", {
        "data/example.csv": CSV,
        "data/facts.yaml": "xiaomi:\n  target_2026:\n    value: 550000\n    unit: vehicles\n",
        "content/posts/a.md": post("A", body=body, **meta),
    })


def test_chart_block_becomes_inline_svg_with_a_data_table(tmp_path: Path):
    site = site_with(tmp_path, "Intro.\n\n" + CHART)
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    html = (site / "output/posts/a/index.html").read_text()
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    ElementTree.fromstring(svg)            # well-formed XML
    assert '<figure class="chart chart-bar">' in html and "<details" in html and "1,250" in html


def test_table_block_and_fact_in_a_post(tmp_path: Path):
    body = 'Target: {{ fact("xiaomi.target_2026") }}.\n\n`{{ fact("left.alone") }}`\n\n```table\ndata: example\n```\n'
    site = site_with(tmp_path, body)
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    html = (site / "output/posts/a/index.html").read_text()
    assert "Target: 550,000 vehicles." in html
    assert "{{ fact(&quot;left.alone&quot;) }}" in html or '{{ fact("left.alone") }}' in html
    assert '<td class="num">1,250</td>' in html


def test_missing_data_file_names_the_post_and_line(tmp_path: Path):
    site = site_with(tmp_path, "Intro.\n\n" + CHART.replace("data: example", "data: nosuch"))
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "content/posts/a.md:10:" in result.stderr and "nosuch" in result.stderr


def test_unknown_fact_is_an_error_with_its_line(tmp_path: Path):
    site = site_with(tmp_path, 'Intro.\n\nIt is {{ fact("xiaomi.nope") }}.')
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "content/posts/a.md:8:" in result.stderr and "xiaomi.nope" in result.stderr


def test_sources_and_updates_render_and_date_the_post(tmp_path: Path):
    site = site_with(tmp_path, "Intro [1](#src-1).",
                     sources='\n  - title: "Report"\n    publisher: Someone\n    url: https://example.org/r',
                     updates='\n  - date: 2026-02-03\n    text: Corrected a figure')
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    html = (site / "output/posts/a/index.html").read_text()
    assert '<li id="src-1"><a href="https://example.org/r">Report</a>, Someone</li>' in html
    assert 'href="#src-1"' in html
    assert "Corrected a figure" in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["dateModified"].startswith("2026-02-03")
    assert ld["citation"][0]["name"] == "Report"
    feed = (site / "output/atom.xml").read_text()
    assert "<updated>2026-02-03T00:00:00+00:00</updated>" in feed
