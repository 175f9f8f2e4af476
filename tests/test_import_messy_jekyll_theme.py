"""Silent losses of a Jekyll import, now carried over or counted: pages written as HTML with
front matter (FAQ.html, contact.html) are pages; a theme's `tag/*.md` stubs (`layout: tagpage`)
are not imported as empty pages, and their old addresses go to sitegen's tag page; `mathjax:
true` is reported; in-page links written against kramdown's heading ids follow sitegen's."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

from sitegen.importers.kramdown import kramdown_anchors
from sitegen.pipeline import Options, build

JEKYLL = FIXTURES / "messy" / "jekyll-math"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("jekylltheme") / "site"
    return site, run_import("jekyll", JEKYLL, site)


def test_html_pages_with_front_matter_are_imported_as_pages(blog: tuple[Path, str]) -> None:
    site, report = blog
    assert "2 posts, 2 pages" in report
    faq, body = front(site / "content" / "pages" / "faq.md")
    assert faq["title"] == "FAQ" and "## Can I reuse the figures?" in body
    assert "Write to [us](/contact/) first." in body                    # the other HTML page, by its new address
    contact, body = front(site / "content" / "pages" / "contact.md")
    assert contact["aliases"] == ["/contact.html"] and "Mail *hello* at this domain." in body


def test_tag_stubs_are_not_pages_and_their_address_goes_to_the_tag_page(blog: tuple[Path, str]) -> None:
    site, report = blog
    assert not any("Tag:" in p.read_text("utf-8") for p in (site / "content").rglob("*.md"))
    assert (site / "content" / "_redirects").read_text("utf-8") == "/tag/moco.html /tags/moco/ 301\n"
    assert "2 tag page(s) of the theme (layout: tagpage" in report
    assert "1 tag page(s) of the theme are for tags no imported post has (e.g. /tag/gan.html)" in report
    build(Options(site_dir=site, output_dir=site / "output", use_cache=False, workers=1, search_index=False))
    assert "/tag/moco.html /tags/moco/ 301" in (site / "output" / "_redirects").read_text("utf-8")
    assert (site / "output" / "tags" / "moco" / "index.html").is_file()


def test_math_switches_are_reported_not_dropped_silently(blog: tuple[Path, str]) -> None:
    report = blog[1]
    assert "2 entries turned a theme's MathJax or KaTeX on (mathjax: true" in report


def test_links_to_kramdown_heading_ids_follow_sitegens_ids(blog: tuple[Path, str]) -> None:
    site = blog[0]
    _, body = front(site / "content" / "posts" / "2020" / "moco.md")
    assert "[the comparison](#moco-moco-v2)" in body                  # kramdown: moco--moco-v2
    assert "[the setup](#setup-details)" in body and "### Setup details\n" in body    # {#id} read, then removed
    assert '<a href="#2-results">the results</a>' in body             # kramdown drops the leading "2. "
    build(Options(site_dir=site, output_dir=site / "output2", use_cache=False, workers=1, search_index=False))
    page = (site / "output2" / "posts" / "moco" / "index.html").read_text("utf-8")
    for anchor in ("moco-moco-v2", "setup-details", "2-results"):
        assert f'id="{anchor}"' in page and f'href="#{anchor}"' in page


def test_repeated_headings_are_numbered_as_both_tools_number_them() -> None:
    body = "## Notes\n\n## Notes\n\n[second](#notes-1) [code](#x)\n\n```\n## Not a heading\n```\n"
    assert kramdown_anchors(body) == body
