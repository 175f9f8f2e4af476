"""`sitegen import hugo` on a site as messy as real ones: the config in `config/_default/` with
`[permalinks.page]`, JSON and TOML front matter, bare dates, dates in words and in Go's default
format, headless and `render: never` bundles, page-relative aliases, an absolute `url`, nested
sections, shortcodes over several lines, nested theme callouts and quoted positional parameters."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

HUGO = FIXTURES / "messy" / "hugo"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("hugomessy") / "site"
    return site, run_import("hugo", HUGO, site)


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / name)


def test_the_config_folder_gives_the_zone_title_and_permalinks(blog: tuple[Path, str]) -> None:
    site = blog[0]
    meta, _ = post(site, "2021/first-frost.md")
    assert meta["date"].isoformat() == "2021-11-02T00:00:00+01:00"          # a bare date, in Europe/Berlin
    assert meta["aliases"][0] == "/2021/11/first-frost/"                    # [permalinks.page] posts
    assert 'title = "Field Notes"' in (site / "sitegen.toml").read_text("utf-8")


def test_slug_in_a_permalink_is_the_title_when_there_is_no_slug(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "2021/go-default.md")
    assert meta["aliases"] == ["/2021/03/go-default-time/"]                # title "Go default time"


def test_dates_in_words_and_in_gos_default_format_are_read(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "2021/go-default.md")
    assert meta["date"].isoformat() == "2021-03-04T10:20:30+01:00"
    words, _ = post(blog[0], "2021/words-date.md")
    assert words["date"].isoformat() == "2021-01-02T00:00:00+01:00" and words["draft"] is True   # expiryDate


def test_aliases_without_a_slash_are_relative_to_the_page(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "2021/first-frost.md")
    assert meta["aliases"][1:] == ["/2021/11/old/first-frost/", "/p/17/"]


def test_an_absolute_url_gives_its_path_as_the_old_address(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "2021/seeds.md")
    assert meta["aliases"] == ["/seed-list/"]


def test_the_default_old_url_keeps_nested_sections_and_is_lowercase(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "2020/compost-heap.md")
    assert meta["aliases"] == ["/notes/2020/compost-heap/"]


def test_headless_and_never_rendered_bundles_are_not_imported(blog: tuple[Path, str]) -> None:
    site, report = blog
    written = "\n".join(p.read_text("utf-8") for p in (site / "content").rglob("*.md"))
    assert "Shared snippets" not in written and "Only a resource" not in written
    assert "headless-bits/index.md:2: a headless page" in report
    assert "build-never/index.md:1: a headless page (or `render: never`)" in report
    assert "no date: not imported" not in report


def test_a_figure_written_over_several_lines_is_converted(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "2021/first-frost.md")
    assert "{{<" not in body and "{{%" not in body
    assert 'alt="Frost on leaves"><figcaption>Seven o&#x27;clock</figcaption></figure>' in body


def test_nested_theme_callouts_become_nested_admonitions(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "2021/first-frost.md")
    assert ":::warning Mind the pipes\nDrain the water butt before it splits. ![A water butt](" in body
    assert "::::note\nOuter note.\n\n:::tip Inner tip\nFleece on the brassicas.\n:::\n::::" in body


def test_a_quoted_positional_parameter_with_an_equals_sign_stays_positional(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "2021/first-frost.md")
    assert '```go\nfmt.Println("cold")\n```' in body


def test_an_unknown_shortcode_over_several_lines_is_reported_at_its_line(blog: tuple[Path, str]) -> None:
    lines = (HUGO / "content" / "posts" / "2021" / "First-Frost.md").read_text("utf-8").split("\n")
    assert lines[21] == "{{< gallery"                                        # line 22
    assert "First-Frost.md:22: shortcode {{< gallery >}} is not converted: removed" in blog[1]


def test_a_toc_shortcode_becomes_toc_true(blog: tuple[Path, str]) -> None:
    meta, body = post(blog[0], "2021/go-default.md")
    assert meta["toc"] is True and "toc" not in body and "## Where the frost settles" in body
    assert "shortcode {{< toc >}}" not in blog[1]


def test_a_date_from_the_file_name_when_the_config_asks_for_it(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "2021/seedlings.md")                               # frontmatter.toml in config/_default
    assert meta["date"].isoformat() == "2021-04-05T00:00:00+02:00"
    assert meta["aliases"] == ["/2021/04/seedlings/"]                          # the rest of the name is the slug


def test_a_post_with_only_lastmod_is_dated_by_it_as_in_hugo(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "2021/lastmod-only.md")
    assert meta["date"].isoformat() == "2021-06-07T08:00:00+02:00"


def test_content_in_other_formats_is_reported_not_silently_skipped(blog: tuple[Path, str]) -> None:
    assert "1 content file(s) in other formats (HTML, Org, AsciiDoc, reStructuredText) were not imported" in blog[1]
    assert "posts/2021/pond-survey.org" in blog[1]


def test_hugos_comment_and_details_shortcodes(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "2021/go-default.md")
    assert "frost map" not in body
    assert "<details>\n<summary>How cold was it?</summary>\n\nMinus four at the ground.\n\n</details>" in body


def test_a_branch_bundle_with_nothing_under_it_is_a_page(blog: tuple[Path, str]) -> None:
    meta, body = front(blog[0] / "content" / "pages" / "about.md")       # content/about/_index.md
    assert meta["title"] == "About these notes" and meta["menu"] == 0
    assert "Kept since 2019, mostly in gloves." in body


def test_a_sections_intro_text_is_reported_not_silently_dropped(blog: tuple[Path, str]) -> None:
    assert "notes/_index.md:4: the text of the section /notes/ was not imported" in blog[1]
