"""`sitegen import feed` on feeds as messy as real ones: a microblog RSS in Windows-1252 whose items
have no title, one no guid, one no date and one a literal `<item>` in its CDATA; a JSON Feed 1.0
(singular `author`) whose items have no title."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

RSS = FIXTURES / "messy" / "feed-microblog-cp1252.xml"
JSON = FIXTURES / "messy" / "feed-untitled.json"


@pytest.fixture(scope="module")
def rss(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("rssmessy") / "site"
    return site, run_import("feed", RSS, site, download=False)


def test_an_item_without_a_title_is_titled_by_its_first_sentence(rss: tuple[Path, str]) -> None:
    meta, body = front(rss[0] / "content" / "posts" / "2023" / "1001.md")
    assert meta["title"] == "Caf\u00e9 opened early today, first espresso at 7."
    assert "Nice start to a grey week." in body


def test_an_item_without_a_guid_keeps_its_link_as_feed_id(rss: tuple[Path, str]) -> None:
    meta, _ = front(rss[0] / "content" / "posts" / "2023" / "1004.md")
    assert meta["feed_id"] == "https://notes.example.social/@ro/1004"


def test_item_lines_skip_a_literal_item_in_cdata(rss: tuple[Path, str]) -> None:
    lines = RSS.read_bytes().split(b"\n")
    assert lines[18].strip() == b"<item>" and b"no date" in lines[19]        # the undated item: line 19
    assert "feed-microblog-cp1252.xml:19: the item has no date" in rss[1]
    assert "feed-microblog-cp1252.xml:17" not in rss[1]


def test_a_json_feed_item_without_a_title_gets_a_short_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_import("feed", JSON, site, download=False)
    long_one, _ = front(site / "content" / "posts" / "2024" / "151500.md")
    assert long_one["title"] == "Seed trays on the windowsill again; the tomatoes came up in\u2026"
    short, _ = front(site / "content" / "posts" / "2024" / "090000.md")
    assert short["title"] == "Rain." and short["author"] == "ines-q"         # JSON Feed 1.0 `author`


BLOGGER = FIXTURES / "messy" / "blogger-export.xml"


@pytest.fixture(scope="module")
def blogger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("blogger") / "site"
    return site, run_import("feed", BLOGGER, site, download=False)


def test_a_blogger_export_imports_posts_and_pages_only(blogger: tuple[Path, str]) -> None:
    site, report = blogger
    written = sorted(p.relative_to(site / "content").as_posix() for p in (site / "content").rglob("*.md"))
    assert written == ["pages/about.md", "posts/2015/half-a-post-about-newts.md", "posts/2015/spawn-in-shallow-end.md"]
    assert "1 comment(s) of the Blogger export were not imported" in report
    assert "'settings' entries" in report and "'template' entries" in report
    assert "Where is this pond" not in "\n".join(p.read_text("utf-8") for p in site.rglob("*.md"))


def test_blogger_kinds_are_not_tags_and_drafts_stay_drafts(blogger: tuple[Path, str]) -> None:
    site = blogger[0]
    meta, _ = front(site / "content" / "posts" / "2015" / "spawn-in-shallow-end.md")
    assert meta["tags"] == ["frogs"] and meta["aliases"] == ["/2015/05/spawn-in-shallow-end.html"]
    draft, _ = front(site / "content" / "posts" / "2015" / "half-a-post-about-newts.md")
    assert draft["draft"] is True and "aliases" not in draft
    page, _ = front(site / "content" / "pages" / "about.md")
    assert page["title"] == "About the pond" and page["aliases"] == ["/p/about.html"]


def test_atom_relative_addresses_follow_xml_base_and_entries_get_the_feeds_author(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_import("feed", FIXTURES / "messy" / "atom-xml-base.xml", site, download=False)
    meta, body = front(site / "content" / "posts" / "2020" / "crusts.md")
    assert "[about](https://lichen.example.org/about/)" in body                    # ../about/ from /blog/
    assert "(https://lichen.example.org/blog/img/crust.png)" in body
    assert meta["title"] == "Crusts & foliose kinds" and meta["author"] == "ola"


def test_a_podcast_episode_keeps_its_sound_as_a_player(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_import("feed", FIXTURES / "messy" / "podcast.xml", site, download=False)
    _, body = front(site / "content" / "posts" / "2023" / "12-sharpening-chisels.md")
    assert "We argue about honing guides for forty minutes." in body
    assert '<audio controls="" src="https://cdn.shedtalk.example.fm/audio/shedtalk-12.mp3">' in body


def test_a_json_feed_with_a_bom_is_read(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    feed.write_bytes(b"\xef\xbb\xbf" + JSON.read_bytes())
    run_import("feed", feed, tmp_path / "site", download=False)
    assert (tmp_path / "site" / "content" / "posts" / "2024" / "090000.md").is_file()
