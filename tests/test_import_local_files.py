"""Every local file a post refers to comes along, in every form it is referred to: an image
inside a link, a reference definition, `<img>`, `<video>`, `<source>` and `<a href>` in raw HTML,
a file outside the post's folder (`../media/…`, with alt text over two lines), a site-absolute
file of `public/`, and the front matter's `image` and `images`. A file the source does not
have is reported with its file and line, and the import goes on; the site then builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

from sitegen.pipeline import Options, build

ASTRO = FIXTURES / "messy" / "astro-files"
POST = ASTRO / "src" / "content" / "blog" / "first-light"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("localfiles") / "site"
    return site, run_import("markdown", ASTRO / "src" / "content" / "blog", site)


def test_every_file_the_post_refers_to_is_copied_byte_for_byte(blog: tuple[Path, str]) -> None:
    folder = blog[0] / "content" / "posts" / "2024" / "first-light"
    for name in ("sky.png", "fig-2.png", "poster.jpg", "clip.mp4", "clip.webm", "report.pdf", "cover.jpg",
                 "gallery-1.jpg", "gallery-2.jpg"):
        assert (folder / name).read_bytes() == (POST / name).read_bytes(), name
    # from outside the post's folder, with its alt text over two lines: beside the post, under its own name
    assert (folder / "twitter-search.png").read_bytes() == (POST.parent / "media" / "twitter-search.png").read_bytes()
    assert (blog[0] / "content" / "images" / "banner.png").is_file()


def test_the_references_point_at_the_copies(blog: tuple[Path, str]) -> None:
    meta, body = front(blog[0] / "content" / "posts" / "2024" / "first-light.md")
    assert meta["cover"] == "first-light/cover.jpg"
    assert "[![The sky at dawn](first-light/sky.png)](https://sky.example/full-size)" in body
    assert '[fig2]: first-light/fig-2.png "Figure two"' in body
    assert '<img src="first-light/poster.jpg"' in body
    assert '<video controls src="first-light/clip.mp4">' in body and '<source src="first-light/clip.webm"' in body
    assert '<a href="first-light/report.pdf">' in body
    assert "[![#FF - Twitter\nSearch](first-light/twitter-search.png)](https://twitter.com/search?q=%23FF)" in body


def test_files_missing_from_the_source_are_reported_with_their_line(blog: tuple[Path, str]) -> None:
    report = blog[1]
    shown = str(POST / "index.md")
    assert f"{shown}:37: the link './gone.png' has no file here" in report
    assert f"{shown}:37: the file /images/lost.png is not in the source" in report
    assert f"{shown}:1: the front matter's image ./gallery-gone.jpg is not in the source: left out" in report
    assert "1 post" in report


def test_no_reference_is_written_to_a_file_the_import_did_not_copy(blog: tuple[Path, str]) -> None:
    body = next((blog[0] / "content" / "posts").rglob("first-light.md")).read_text("utf-8")
    assert "gone.png" not in body and "/images/lost.png" not in body
    assert "Lost too" in body or "Lost" in body        # the text the reader saw stays


def test_the_imported_site_builds(blog: tuple[Path, str]) -> None:
    site = blog[0]
    build(Options(site_dir=site, output_dir=site / "output", use_cache=False, workers=1, search_index=False))
    page = (site / "output" / "posts" / "first-light" / "index.html").read_text("utf-8")
    assert (site / "output" / "posts" / "2024" / "first-light" / "report.pdf").read_bytes() == \
        (POST / "report.pdf").read_bytes()
    assert "report.pdf" in page and "clip.mp4" in page
