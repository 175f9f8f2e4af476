"""kramdown (Jekyll), Obsidian and GitBook take link addresses with spaces; CommonMark does not.
The import writes them between angle brackets, so the imported post shows its images."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from sitegen.importers.spaced import angle_spaced_links


@pytest.mark.parametrize(("written", "imported"), [
    ("![Our car](/assets/My Car.jpg)", "![Our car](</assets/My Car.jpg>)"),
    ('[the report](Q3 report.pdf "Q3 figures")', '[the report](<Q3 report.pdf> "Q3 figures")'),
    ("![A chart](.gitbook/assets/image (1).png)", "![A chart](<.gitbook/assets/image (1).png>)"),
    ("![nested [b] alt](x y.png) then [ok](plain.md)", "![nested [b] alt](<x y.png>) then [ok](plain.md)"),
])
def test_an_address_with_spaces_is_put_between_angle_brackets(written: str, imported: str) -> None:
    assert angle_spaced_links(written) == imported


@pytest.mark.parametrize("untouched", [
    "[ok](plain.md) and ![fine](<already ok.png>)",
    "[Tesla](https://en.wikipedia.org/wiki/Tesla_(company))",
    "[a](b 'a title')",
    "Prose (with parentheses) and no link.",
    "`![code](a b.png)` in a code span",
    "```\n![fenced](a b.png)\n```",
])
def test_what_commonmark_already_reads_and_code_are_left_alone(untouched: str) -> None:
    assert angle_spaced_links(untouched) == untouched


def test_a_jekyll_post_whose_image_name_has_spaces_imports_with_its_image_and_builds(tmp_path) -> None:
    import photos
    from conftest import run_cli
    from import_support import run_import
    src = tmp_path / "old"
    (src / "_posts").mkdir(parents=True)
    (src / "assets").mkdir()
    (src / "_config.yml").write_text("title: Old blog\nurl: https://old.example.org\n")
    (src / "_posts" / "2024-05-01-road-trip.md").write_text(
        "---\nlayout: post\ntitle: Road trip\n---\n\n![Our car at the charger](/assets/My Car.jpg)\n\n"
        "The [charging log](/assets/Q3 log (final).pdf) has the numbers.\n")
    photos.scene(120, 80).save(src / "assets" / "My Car.jpg", "JPEG")
    (src / "assets" / "Q3 log (final).pdf").write_bytes(b"%PDF-1.4\n")
    site = tmp_path / "site"
    run_import("jekyll", src, site)
    assert (site / "content" / "assets" / "My Car.jpg").is_file()
    assert (site / "content" / "assets" / "Q3 log (final).pdf").is_file()
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    page = next((site / "output" / "posts").rglob("index.html"))
    html = page.read_text()
    assert "assets/img/my-car-" in html                       # the photo went through the image pipeline
    found = re.search(r'<a href="([^"]+)">charging log</a>', html)
    assert found and (page.parent / unquote(found.group(1))).resolve().read_bytes() == b"%PDF-1.4\n"
