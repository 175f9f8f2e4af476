"""Addresses in imported HTML are written so Markdown keeps them as links: WordPress and feeds
hold "My Photo.jpg" with a raw space (browsers accept it in HTML), which in CommonMark ends the
link, leaving its text on the page, and a build that stops on it."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from import_support import FIXTURES, run_import

from sitegen.importers.html2md import markdown_address

SPACED = ('<p><img src="https://old.example.net/wp-content/uploads/2019/03/My Charger Photo.jpg" alt="A charger"></p>'
          '<p>The <a href="https://old.example.net/files/Q3 report (final).pdf">Q3 report</a> is out.</p>')


def test_an_address_with_spaces_or_parentheses_is_escaped_for_markdown() -> None:
    assert markdown_address("My Charger Photo.jpg") == "My%20Charger%20Photo.jpg"
    assert markdown_address(" https://x.example/Q3 report (final).pdf ") == "https://x.example/Q3%20report%20%28final%29.pdf"
    assert markdown_address("https://x.example/a%20b.png") == "https://x.example/a%20b.png"
    assert markdown_address("data:image/png;base64,AAA (x)") == "data:image/png;base64,AAA (x)"


def test_a_wordpress_post_with_spaces_in_its_addresses_imports_and_builds(tmp_path: Path) -> None:
    source = (FIXTURES / "wordpress" / "export-1.2.xml").read_text("utf-8")
    start = source.index("<content:encoded><![CDATA[") + len("<content:encoded><![CDATA[")
    export = tmp_path / "export.xml"
    export.write_text(source[:start] + SPACED + source[start:], "utf-8")
    site = tmp_path / "site"
    run_import("wordpress", export, site, download=False)
    text = "\n".join(p.read_text("utf-8") for p in (site / "content").rglob("*.md"))
    assert "![A charger](https://old.example.net/wp-content/uploads/2019/03/My%20Charger%20Photo.jpg)" in text
    assert "[Q3 report](https://old.example.net/files/Q3%20report%20%28final%29.pdf)" in text
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
