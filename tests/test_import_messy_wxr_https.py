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
