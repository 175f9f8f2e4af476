"""`sitegen import feed`: RSS 2.0, Atom and JSON Feed, from a file or a URL."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from import_support import FIXTURES, PNG, front, http_server, run_import, text_of

FEEDS = FIXTURES / "feed"


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / name)


@pytest.fixture(scope="module")
def rss(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("rss") / "site"
    return site, run_import("feed", FEEDS / "rss.xml", site, download=False)


def test_rss_full_content_guid_date_author_categories_and_old_link(rss: tuple[Path, str]) -> None:
    site, _ = rss
    meta, body = post(site, "2024/v2g-first-test.md")
    assert meta["title"] == "Vehicle-to-grid, a first test"
    assert meta["date"].isoformat() == "2024-05-14T16:20:00-04:00"
    assert meta["feed_id"] == "gridedge-post-318"
    assert meta["tags"] == ["V2G", "Grid"] and meta["author"] == "kai-moreno"
    assert meta["aliases"] == ["/2024/05/v2g-first-test/"]
    assert "The car fed the house for an *entire* evening." in body          # content:encoded, not the teaser
    assert meta["summary"] == "A teaser only: the car fed the house for an evening."
    assert "[the tariff note](tariffs.md)" in body
    assert "(https://gridedge.example.com/media/v2g-panel.png)" in body       # relative URL made absolute
    assert meta["cover"] == "https://gridedge.example.com/media/v2g-cover.png"


def test_description_is_the_body_when_there_is_nothing_else(rss: tuple[Path, str]) -> None:
    site, report = rss
    meta, body = post(site, "2024/tariffs.md")
    assert meta["title"] == "Tariffs & timing" and meta["author"] == "kai-moreno"
    assert "Only a description here: **cheap** hours moved again." in body
    assert "only a summary: the summary is the body" in report


def test_an_email_never_becomes_an_author(rss: tuple[Path, str]) -> None:
    site, _ = rss
    assert "author" not in post(site, "2024/address-only.md")[0]
    written = text_of(site)
    assert "@" not in written


def test_atom(tmp_path: Path) -> None:
    report = run_import("feed", FEEDS / "atom.xml", tmp_path, download=False)
    assert "the feed continues at https://depot.example.org/feed?page=2: only this page of it was imported" in report
    meta, body = post(tmp_path, "2024/night-shift.md")
    assert meta["title"] == "Night shift charging" and meta["author"] == "ada-brandt"
    assert meta["date"].isoformat() == "2024-06-01T23:30:00+02:00"
    assert meta["updated"].isoformat() == "2024-06-02T10:00:00+02:00"
    assert meta["feed_id"] == "tag:depot.example.org,2024:night-shift" and meta["tags"] == ["Depots"]
    assert meta["aliases"] == ["/night-shift.html"]
    assert "| 12 \\| old | 210 |" in body
    assert "ada@" not in text_of(tmp_path)


def test_json_feed(tmp_path: Path) -> None:
    run_import("feed", FEEDS / "feed.json", tmp_path, download=False)
    meta, body = post(tmp_path, "2023/type-2.md")
    assert meta["author"] == "ravi-sen" and meta["tags"] == ["plugs", "standards"]
    assert meta["feed_id"] == "https://cables.example.net/type-2/" and meta["summary"] == "A plug history in one paragraph."
    assert meta["updated"].isoformat() == "2023-11-06T09:15:00+01:00"
    assert body.strip() == "Three phases, one plug."
    _, body = post(tmp_path, "2023/text-only.md")
    assert body.strip() == "First paragraph.\n\nSecond \\<paragraph> with angle brackets."


def test_a_feed_url_with_its_images(tmp_path: Path) -> None:
    feed = (FEEDS / "rss.xml").read_bytes()
    routes = {"/feed.xml": (200, "application/rss+xml", b""), "/media/v2g-panel.png": (200, "image/png", PNG),
              "/media/v2g-cover.png": (200, "image/png", PNG + b"cover")}
    with http_server(routes) as base:
        routes["/feed.xml"] = (200, "application/rss+xml", feed.replace(b"https://gridedge.example.com", base.encode()))
        report = run_import("feed", f"{base}/feed.xml", tmp_path)
    meta, body = post(tmp_path, "2024/v2g-first-test.md")
    folder = tmp_path / "content" / "posts" / "2024" / "v2g-first-test"
    assert "(v2g-first-test/v2g-panel.png)" in body and (folder / "v2g-panel.png").read_bytes() == PNG
    assert meta["cover"] == "v2g-first-test/v2g-cover.png" and (folder / "v2g-cover.png").read_bytes() == PNG + b"cover"
    assert meta["cover_alt"] == "Cover image of Vehicle-to-grid, a first test"
    assert "2 images" in report


def test_unreadable_feeds(tmp_path: Path) -> None:
    with http_server({}) as base:
        result = run_cli("import", "feed", f"{base}/missing.xml", "--site", str(tmp_path / "a"))
    assert result.returncode == 1 and "cannot fetch the feed: HTTP 404" in result.stderr
    junk = tmp_path / "junk.xml"
    junk.write_text("this is not a feed at all", "utf-8")
    result = run_cli("import", "feed", str(junk), "--site", str(tmp_path / "b"))
    assert result.returncode == 1 and "junk.xml" in result.stderr
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"version": "https://jsonfeed.org/version/1.1",\n "items": [}', "utf-8")
    result = run_cli("import", "feed", str(bad_json), "--site", str(tmp_path / "c"))
    assert result.returncode == 1 and "bad.json:2: not a JSON Feed" in result.stderr
    assert not any((tmp_path / n).exists() for n in "abc")
