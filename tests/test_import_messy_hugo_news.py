"""`sitegen import hugo content/en/news`: one section of a multilingual Hugo site (its content
in `content/en`, per `[languages.en] contentDir`) given directly, as gohugo.io's own news is.
Dated bundles and files there are posts. A site taxonomy (`topics`) is merged into tags and
reported; a protocol-relative link stays external; a linked image with its alt text over two
lines comes from `static/`; a `Thumbnail:` of a file the source lacks is left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

from sitegen.pipeline import Options, build

HUGO = FIXTURES / "messy" / "hugo-news"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("hugonews") / "site"
    return site, run_import("hugo", HUGO / "content" / "en" / "news", site)


def test_a_section_given_directly_gives_its_dated_entries_as_posts(blog: tuple[Path, str]) -> None:
    site, report = blog
    assert "3 posts, 0 pages" in report
    meta, _ = front(site / "content" / "posts" / "2019" / "0-54-0-relnotes.md")
    assert meta["aliases"] == ["/news/0.54.0-relnotes/"]          # the language's content folder is the root
    meta, _ = front(site / "content" / "posts" / "2017" / "http2-server-push-in-hugo.md")
    assert meta["title"] == "HTTP/2 Server Push in Hugo"
    assert meta["date"].isoformat() == "2017-07-24T00:00:00+00:00"


def test_the_site_root_and_the_content_folder_give_the_same_posts(tmp_path: Path) -> None:
    for given in (HUGO, HUGO / "content" / "en"):
        report = run_import("hugo", given, tmp_path / given.name)
        assert "3 posts, 0 pages" in report, given


def test_a_site_taxonomy_is_merged_into_tags_and_counted(blog: tuple[Path, str]) -> None:
    site, report = blog
    meta, _ = front(site / "content" / "posts" / "2017" / "http2-server-push-in-hugo.md")
    assert meta["tags"] == ["performance", "http2"]
    assert "the taxonomy 'topics' (5 value(s) over the posts) was merged into tags" in report


def test_a_protocol_relative_link_stays_external(blog: tuple[Path, str]) -> None:
    site = blog[0]
    _, body = front(site / "content" / "posts" / "2019" / "0-54-0-relnotes.md")
    assert "[@bep](https://github.com/bep)" in body and '<a href="https://github.com/bep">' in body
    build(Options(site_dir=site, output_dir=site / "output", use_cache=False, workers=1, search_index=False))
    page = (site / "output" / "posts" / "0-54-0-relnotes" / "index.html").read_text("utf-8")
    assert 'href="https://github.com/bep"' in page and "../github.com" not in page


def test_a_linked_image_with_a_two_line_alt_comes_from_static(blog: tuple[Path, str]) -> None:
    site = blog[0]
    copied = site / "content" / "media" / "ff-twitter-search.jpg"
    assert copied.read_bytes() == (HUGO / "static" / "media" / "ff-twitter-search.jpg").read_bytes()


def test_a_thumbnail_the_source_lacks_is_not_written_and_is_reported(blog: tuple[Path, str]) -> None:
    site, report = blog
    meta, _ = front(site / "content" / "posts" / "2019" / "0-54-0-relnotes.md")
    assert "cover" not in meta
    shown = str(HUGO / "content" / "en" / "news" / "0.54.0-relnotes" / "index.md")
    assert f"{shown}:1: the cover /uploads/2019/02/0.54.0-poster.png is not in the source" in report
    assert report.count("0.54.0-poster.png") == 1
