"""`sitegen import wordpress` on an export like WordPress's own theme test data: its namespaces
say https (`xmlns:wp="https://wordpress.org/export/1.2/"`), its lines end in CRLF, its titles
and slugs are Greek and percent-encoded, and one old link has a doubled slash after the host."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

from sitegen.importers import wordpress

EXPORT = FIXTURES / "messy" / "wordpress-https-ns.xml"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("wxrhttps") / "site"
    return site, run_import("wordpress", EXPORT, site, download=False)


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / "2013" / name)


def test_an_export_whose_namespaces_say_https_is_read(blog: tuple[Path, str]) -> None:
    site, report = blog
    assert "2 posts" in report
    meta, _ = post(site, "επιπεδο-1.md")
    assert meta["title"] == "Επίπεδο 1" and meta["summary"] == "The first level"     # the excerpt namespace too
    assert meta["date"].isoformat() == "2013-01-08T17:00:00+00:00"


@pytest.mark.parametrize(("wp", "excerpt"), [
    ("http://wordpress.org/export/1.0/", "http://wordpress.org/export/1.0/excerpt/"),
    ("https://wordpress.org/export/1.1/", "https://wordpress.org/export/1.1/excerpt/"),
    ("https://wordpress.org/export/1.3/", "https://wordpress.org/export/1.3/excerpt/"),
])
def test_the_namespaces_are_read_from_what_the_prefixes_are_bound_to(wp: str, excerpt: str) -> None:
    text = f'<rss xmlns:excerpt="{excerpt}" xmlns:wp="{wp}" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    assert wordpress._namespaces(text) == (wp, excerpt)


def test_a_feed_without_the_wp_prefix_is_still_refused(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                    "<channel><title>x</title></channel></rss>\n", "utf-8")
    source = wordpress.read_export(str(feed), download=False)
    assert [p.message for p in source.errors] == [
        "not a WordPress export (WXR): no <rss><channel> with the wordpress.org/export namespace"]


def test_a_doubled_slash_in_an_old_link_gives_a_clean_alias_and_the_site_builds(blog: tuple[Path, str]) -> None:
    from sitegen.pipeline import Options, build
    site = blog[0]
    meta, _ = post(site, "επιπεδο-2.md")
    assert meta["aliases"] == ["/greek/επίπεδο-2/"]         # not //greek/…, which the build refuses
    _, body = post(site, "επιπεδο-1.md")
    assert "[level two](επιπεδο-2.md)" in body               # the link with the doubled slash finds the post
    build(Options(site_dir=site, output_dir=site / "output", use_cache=False, workers=1, search_index=False))
    assert (site / "output" / "greek" / "επίπεδο-2" / "index.html").is_file()


def test_an_alias_the_build_would_refuse_is_left_out_and_reported() -> None:
    from sitegen.errors import Problem
    from sitegen.importers import resolve
    from sitegen.importers.model import Entry
    entry = Entry("post", "export.xml", 40, "T", "", old_urls=["https://old.example/a\\b/", "/fine/"])
    warnings: list[Problem] = []
    resolve.aliases([resolve.Placed(entry, "posts/2013/t.md", "/posts/t/", "t", [])], "https://old.example/", warnings)
    assert entry.old_urls == ["/fine/"]
    assert [str(w) for w in warnings] == ["export.xml:40: the old address https://old.example/a\\b/ cannot be kept as "
                                          "an alias (URL '/a\\b/' contains a backslash or NUL): left out"]


def test_media_shortcodes_with_the_address_as_positional_argument_become_players(blog: tuple[Path, str]) -> None:
    site, report = blog
    _, body = post(site, "επιπεδο-1.md")
    assert '<audio controls="" src="https://old.example/wp-content/uploads/2013/01/sea-waves.mp3">' in body
    assert '<video controls="" src="https://old.example/wp-content/uploads/2013/01/tide.mp4">' in body
    assert "[audio" not in body and "[video" not in body
    assert "shortcode [audio]" not in report and "shortcode [video]" not in report


def test_embeds_and_bare_video_addresses_become_links_that_load_nothing(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "επιπεδο-1.md")
    assert "[Watch on YouTube](https://www.youtube.com/watch?v=nwe-H6l4beM)" in body       # [embed]…[/embed]
    assert "[Watch on Vimeo](https://vimeo.com/22439234)" in body                           # alone on its line
    assert "[Watch on YouTube](https://youtu.be/ScMzIvxBSi4?t=12)" in body
    assert "[embed]" not in body and "<iframe" not in body
    assert "An address in a sentence https://www.youtube.com/watch?v=dQw4w9WgXcQ stays a link." in body
