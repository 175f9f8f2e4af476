"""`sitegen import jekyll` on a site as messy as real ones: CRLF, a BOM, a file saved as Windows-1252,
dates in words and with nanoseconds, an offset other than the site's zone, `categories` as a string,
`tags` written with commas, Liquid, `excerpt_separator`, and a published collection."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

JEKYLL = FIXTURES / "messy" / "jekyll"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("jkmessy") / "site"
    return site, run_import("jekyll", JEKYLL, site)


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / "2018" / name)


def test_the_old_url_takes_the_date_in_the_sites_zone_as_jekyll_does(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "late-night-bake.md")
    assert meta["date"].isoformat() == "2018-02-10T23:45:00-08:00"          # the instant, as written
    assert meta["aliases"] == ["/nights/2018/02/11/late-night-bake.html"]   # New York: already the 11th


def test_a_date_written_in_words_is_read(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "date-as-words.md")
    assert meta["date"].isoformat() == "2018-05-06T00:00:00-04:00"
    assert "date-as-words.md:3: the date" not in blog[1]


def test_tags_written_with_commas_are_split_on_them(blog: tuple[Path, str]) -> None:
    meta, body = post(blog[0], "starter-day-one.md")
    assert meta["tags"] == ["baking", "Sourdough", "flour", "water"]
    assert body.index("Mix equal weights.") < body.index("<!-- more -->") < body.index("Then wait.")
    assert "```python\nratio = 1 / 1\n```" in body


def test_a_windows_1252_file_is_imported_with_a_warning(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "cp1252.md")
    assert "The baker said \u201cfold it\u201d." in body
    assert "2018-07-01-cp1252.md:4: the file is not valid UTF-8" in blog[1]


def test_a_published_collection_becomes_pages_with_their_old_address(blog: tuple[Path, str]) -> None:
    meta, body = front(blog[0] / "content" / "pages" / "recipes" / "country-loaf.md")
    assert meta["title"] == "Country loaf" and "500 g flour." in body
    assert meta["aliases"] == ["/recipes/country-loaf.html"]


def test_a_collection_that_is_not_published_is_reported_not_imported(tmp_path: Path) -> None:
    import shutil
    src = tmp_path / "src"
    shutil.copytree(JEKYLL, src)
    config = src / "_config.yml"
    config.write_text(config.read_text("utf-8").replace("output: true", "output: false"), "utf-8")
    report = run_import("jekyll", src, tmp_path / "site")
    assert not (tmp_path / "site" / "content" / "pages" / "recipes").exists()
    assert "the collection 'recipes' is not published (no `output: true`): its 1 file(s) were not imported" in report


def test_kramdowns_toc_list_becomes_toc_true(blog: tuple[Path, str]) -> None:
    meta, body = post(blog[0], "with-time.md")
    assert meta["toc"] is True
    assert "{:toc}" not in body and "table of contents" not in body and "## First part" in body


def test_a_file_name_date_with_one_digit_month_and_day_is_read(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "short-date-name.md")
    assert meta["date"].isoformat() == "2018-09-03T00:00:00-04:00"
    assert meta["aliases"] == ["/2018/09/03/short-date-name.html"]


def test_a_date_with_a_zone_name_takes_that_zone(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "zone-name.md")
    assert meta["date"].isoformat() == "2018-10-01T21:30:00-07:00"
    assert meta["aliases"] == ["/2018/10/02/zone-name.html"]                 # 00:30 the next day in New York


def test_pages_in_folders_and_in_included_underscore_folders_are_imported(blog: tuple[Path, str]) -> None:
    pages = blog[0] / "content" / "pages"
    assert sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md")) == [
        "about.md", "colophon.md", "projects/oven.md", "recipes/country-loaf.md"]
    about, _ = front(pages / "about.md")                                    # about/index.md: /about/ as before
    assert about["title"] == "About the bakery" and "aliases" not in about
    oven, _ = front(pages / "projects" / "oven.md")
    assert oven["aliases"] == ["/projects/oven.html"]
    assert "without front matter" not in "\n".join(p.read_text("utf-8") for p in pages.rglob("*.md"))


def test_a_page_that_lists_the_posts_is_left_to_sitegens_own_lists(blog: tuple[Path, str]) -> None:
    assert not (blog[0] / "content" / "pages" / "blog.md").exists()
    assert "blog/index.md:7: a list page (it loops over the site's posts, tags or pages): not imported" in blog[1]


def test_comma_written_categories_are_clean_tags_but_keep_jekylls_old_url(blog: tuple[Path, str]) -> None:
    meta, _ = post(blog[0], "comma-categories.md")
    assert meta["tags"] == ["baking", "rye"]
    assert meta["aliases"] == ["/baking,/rye/2018/11/11/comma-categories.html"]    # Jekyll splits on spaces only
