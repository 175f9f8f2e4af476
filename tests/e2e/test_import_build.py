"""Import every fixture blog, build it with sitegen, and check the result with real clients:
the build has no errors, the Nu Html Checker finds nothing, feedparser reads every feed.

Pages, redirect pages at the old addresses, kept feed ids and admonitions are checked in the
built output too.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import feedparser
import pytest

from sitegen.importers.cli import import_site

from .conftest import build_site, copy_sample

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importers"
BASE = "https://example.com/"
SOURCES = {
    "wordpress": ("wordpress", FIXTURES / "wordpress" / "export-1.2.xml"),
    "wordpress-1.0": ("wordpress", FIXTURES / "wordpress" / "export-1.0.xml"),
    "wordpress-1.1": ("wordpress", FIXTURES / "wordpress" / "export-1.1.xml"),
    "jekyll": ("jekyll", FIXTURES / "jekyll"),
    "hugo": ("hugo", FIXTURES / "hugo"),
    "astro": ("markdown", FIXTURES / "markdown" / "astro"),
    "docusaurus": ("markdown", FIXTURES / "markdown" / "docusaurus"),
    "zola": ("markdown", FIXTURES / "markdown" / "zola"),
    "pelican": ("markdown", FIXTURES / "markdown" / "pelican"),
    "eleventy": ("markdown", FIXTURES / "markdown" / "eleventy"),
    "rss": ("feed", FIXTURES / "feed" / "rss.xml"),
    "atom": ("feed", FIXTURES / "feed" / "atom.xml"),
    "json-feed": ("feed", FIXTURES / "feed" / "feed.json"),
    # as messy as real exports and blogs (see tests/test_import_messy_*.py)
    "messy-wordpress": ("wordpress", FIXTURES / "messy" / "wordpress-cp1252-crlf.xml"),
    "messy-gutenberg": ("wordpress", FIXTURES / "messy" / "wordpress-gutenberg.xml"),
    "messy-jekyll": ("jekyll", FIXTURES / "messy" / "jekyll"),
    "messy-hugo": ("hugo", FIXTURES / "messy" / "hugo"),
    "messy-eleventy": ("markdown", FIXTURES / "messy" / "eleventy"),
    "messy-rss": ("feed", FIXTURES / "messy" / "feed-microblog-cp1252.xml"),
    "messy-json-feed": ("feed", FIXTURES / "messy" / "feed-untitled.json"),
    "messy-blogger": ("feed", FIXTURES / "messy" / "blogger-export.xml"),
    "messy-atom": ("feed", FIXTURES / "messy" / "atom-xml-base.xml"),
    "messy-podcast": ("feed", FIXTURES / "messy" / "podcast.xml"),
}


def _import_and_build(name: str, tmp: Path) -> tuple[Path, Path, str]:
    kind, src = SOURCES[name]
    if name == "jekyll":                      # pin the undated draft's modification time
        src = Path(shutil.copytree(src, tmp / "src"))
        os.utime(src / "_drafts" / "heat-pump-idea.md", (1_700_000_000, 1_700_000_000))
    site, out = tmp / "site", tmp / "out"
    import io
    report = io.StringIO()
    assert import_site(kind, str(src), site, download=False, out=report) == 0
    build_site(site, out, BASE)
    return site, out, report.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, str]]:
    return {name: _import_and_build(name, tmp_path_factory.mktemp(name)) for name in SOURCES}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_an_imported_blog_builds(built: dict[str, tuple[Path, Path, str]], name: str) -> None:
    site, out, _ = built[name]
    posts = list((site / "content" / "posts").rglob("*.md"))
    assert posts and (out / "index.html").is_file() and (out / "feed.xml").is_file()


def test_sitegen_check_finds_every_link_and_fragment(built: dict[str, tuple[Path, Path, str]]) -> None:
    from sitegen.commands import check
    problems = []
    for name, (_, out, _) in sorted(built.items()):
        problems += [f"{name}: {p}" for p in check.check_links(out) + check.check_feeds(out)]
    assert not problems, "\n".join(problems)


CANARY = '<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head><body><p><b>x</p><img src="a.png"></body></html>\n'


def test_the_nu_html_checker_finds_no_errors(built: dict[str, tuple[Path, Path, str]], vnu_jar: Path,
                                             tmp_path: Path) -> None:
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, "utf-8")
    files = sorted(str(p) for _, out, _ in built.values() for p in out.rglob("*.html"))
    proc = subprocess.run(["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(vnu_jar),
                           "--errors-only", "--format", "json", str(canary), *files],
                          capture_output=True, text=True, timeout=600)
    messages = json.loads(proc.stderr or proc.stdout).get("messages", [])
    assert any(m.get("url", "").endswith("/canary.html") for m in messages), "vnu found nothing in a broken page"
    errors = [f"{m.get('url', '').split('/out/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if not m.get("url", "").endswith("/canary.html")]
    assert not errors, "\n".join(errors)


def test_feedparser_reads_every_feed(built: dict[str, tuple[Path, Path, str]]) -> None:
    problems = []
    for name, (_, out, _) in sorted(built.items()):
        for feed in sorted(out.rglob("*.xml")):
            if feed.name == "sitemap.xml":
                continue
            parsed = feedparser.parse(feed.read_bytes())
            if parsed.bozo:
                problems.append(f"{name}: {feed.relative_to(out)}: {parsed.bozo_exception}")
            for entry in parsed.entries:
                if not entry.get("id") or not entry.get("link", "").startswith(BASE):
                    problems.append(f"{name}: {feed.relative_to(out)}: an entry without id or absolute link")
    assert not problems, "\n".join(problems)


def test_pages_aliases_feed_ids_and_admonitions_are_built(built: dict[str, tuple[Path, Path, str]]) -> None:
    _, out, _ = built["wordpress"]
    assert (out / "about" / "index.html").is_file() and (out / "about" / "equipment" / "index.html").is_file()
    redirect = (out / "2023" / "02" / "20" / "heat-pump-notes" / "index.html").read_text("utf-8")
    assert "http-equiv=\"refresh\"" in redirect.replace("'", '"') and "heat-pump-notes" in redirect
    _, out, _ = built["rss"]
    ids = [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert "gridedge-post-318" in ids
    _, out, _ = built["astro"]
    page = (out / "posts" / "depot-at-night" / "index.html").read_text("utf-8")
    assert ":::" not in page and "Grid limits" in page and "admonition-caution" in page
    _, out, _ = built["wordpress"]
    redirects = (out / "_redirects").read_text("utf-8").splitlines()
    assert "/2023/02/20/heat-pump-notes/ /posts/heat-pump-notes/ 301" in redirects
    assert 'href="about/index.html"' in (out / "index.html").read_text("utf-8")      # the About page is in the menu
    _, out, _ = built["hugo"]
    assert (out / "trips" / "coast-road" / "index.html").is_file()          # an alias written without a slash
    assert (out / "de" / "2022" / "09" / "ladekurven-im-vergleich" / "index.html").is_file()   # :slug is the title
    _, out, _ = built["jekyll"]
    assert (out / "solar" / "split.html").is_file() and (out / "about" / "index.html").is_file()


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *a: None        # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def test_round_trip_of_the_sample_blogs_own_feed(tmp_path: Path, vnu_jar: Path) -> None:
    """Build the sample blog, serve it on 127.0.0.1, import its RSS feed (and images) by URL into an
    empty site, build that: the same posts come back, and the new site builds clean."""
    sample = copy_sample(tmp_path / "sample")
    out = tmp_path / "sample-out"
    server, base = _serve(out)
    try:
        build_site(sample, out, base)          # the feed's links and images point at the local server
        new_site = tmp_path / "new"
        import io
        report = io.StringIO()
        assert import_site("feed", base + "feed.xml", new_site, out=report) == 0
    finally:
        server.shutdown()
        server.server_close()
    original = feedparser.parse((out / "feed.xml").read_bytes())
    new_out = tmp_path / "new-out"
    build_site(new_site, new_out, base)
    again = feedparser.parse((new_out / "feed.xml").read_bytes())
    assert [(e.title, e.published) for e in again.entries] == [(e.title, e.published) for e in original.entries]
    assert [sorted(t.term for t in e.tags) for e in again.entries] == [sorted(t.term for t in e.tags) for e in original.entries]
    posts = sorted((new_site / "content" / "posts").rglob("*.md"))
    # the feed holds the default language's posts: the sample's German translation (xiaomi….de.md) is in /de/feed.xml
    english = sorted(p.stem for p in (sample / "content" / "posts").rglob("*.md") if len(p.suffixes) == 1)
    assert [p.stem for p in posts] == english
    assert any(len(p.suffixes) == 2 for p in (sample / "content" / "posts").rglob("*.md"))     # (there is one)
    images = [p for p in (new_site / "content" / "posts").rglob("*") if p.suffix in (".svg", ".png", ".jpg")]
    assert images, "the sample's images were not downloaded"
    assert "Could not be converted" not in report.getvalue(), report.getvalue()
    html = sorted(str(p) for p in new_out.rglob("*.html"))
    proc = subprocess.run(["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(vnu_jar),
                           "--errors-only", "--format", "json", *html], capture_output=True, text=True, timeout=600)
    errors = json.loads(proc.stderr or proc.stdout).get("messages", [])
    assert not errors, errors[:5]
