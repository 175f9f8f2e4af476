"""Tag and author feeds: one RSS feed each by default (as Hugo's section feeds), an Atom twin
with `tag_feed_atom = true`; the site's own feed is always in both formats. The tag page's
alternate links name exactly the feeds that exist."""

import re
from pathlib import Path

import feedparser
from conftest import post, run_cli, write_site

POSTS = {
    "content/posts/a.md": post("Wallbox maths", date="2026-01-03", author="Ana Lopes", tags="[Charging, Grid]"),
    "content/posts/b.md": post("Depot charging", date="2026-01-02", author="Ana Lopes", tags="[Charging]"),
}


def build(root: Path, config: str) -> Path:
    site = write_site(root, {"sitegen.toml": 'title = "T"\nbase_url = "https://example.com/"\n' + config, **POSTS})
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    return site / "output"


def alternates(page: Path) -> list[str]:
    return re.findall(r'<link rel="alternate" type="[^"]+" href="([^"]+)"', page.read_text("utf-8"))


def test_tag_and_author_feeds_are_rss_only_by_default(tmp_path: Path):
    out = build(tmp_path / "site", "")
    for section in ("tags/charging", "tags/grid", "authors/ana-lopes"):
        rss = feedparser.parse((out / section / "feed.xml").read_bytes())
        assert not rss.bozo and rss.version.startswith("rss"), section
        assert not (out / section / "atom.xml").exists(), f"{section}/atom.xml was written"
    assert {e.title for e in feedparser.parse((out / "tags/charging/feed.xml").read_bytes()).entries} == \
        {"Wallbox maths", "Depot charging"}
    # the site's own feed keeps both formats
    assert feedparser.parse((out / "atom.xml").read_bytes()).version == "atom10"
    # the tag page offers only what exists
    links = alternates(out / "tags/charging/index.html")
    assert "../../tags/charging/feed.xml" in links
    assert not [h for h in links if h.endswith("charging/atom.xml")]
    assert not [h for h in alternates(out / "authors/ana-lopes/index.html") if "ana-lopes/atom.xml" in h]


def test_tag_feed_atom_adds_an_atom_twin_to_every_tag_and_author_feed(tmp_path: Path):
    out = build(tmp_path / "site", "tag_feed_atom = true\n")
    for section in ("tags/charging", "tags/grid", "authors/ana-lopes"):
        atom = feedparser.parse((out / section / "atom.xml").read_bytes())
        assert not atom.bozo and atom.version == "atom10", section
        rss = feedparser.parse((out / section / "feed.xml").read_bytes())
        assert [e.id for e in atom.entries] == [e.id for e in rss.entries], section
    assert "../../tags/charging/atom.xml" in alternates(out / "tags/charging/index.html")
    assert "../../authors/ana-lopes/atom.xml" in alternates(out / "authors/ana-lopes/index.html")


def test_turning_the_atom_twins_off_removes_the_files_the_last_build_wrote(tmp_path: Path):
    site = write_site(tmp_path / "site", {"sitegen.toml": 'title = "T"\ntag_feed_atom = true\n', **POSTS})
    assert run_cli("build", str(site)).returncode == 0
    assert (site / "output/tags/grid/atom.xml").is_file()
    (site / "sitegen.toml").write_text('title = "T"\n', "utf-8")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    assert not (site / "output/tags/grid/atom.xml").exists()
    assert (site / "output/tags/grid/feed.xml").is_file()


def test_tag_feed_atom_must_be_a_boolean(tmp_path: Path):
    site = write_site(tmp_path / "site", {"sitegen.toml": 'title = "T"\ntag_feed_atom = "yes"\n', **POSTS})
    result = run_cli("build", str(site))
    assert result.returncode != 0
    assert "sitegen.toml" in result.stderr and "tag_feed_atom" in result.stderr
