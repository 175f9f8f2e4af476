"""Every feed of a built site, read by feedparser (RSS and Atom) and by json (JSON Feed 1.1).

For each feed: no parse error (bozo 0), the right number of entries (the feed length or fewer),
exactly the newest posts of its section, newest first, each with an absolute link under the
base URL, an id that is unique in the feed and the same in every feed that lists the post,
one author, and content whose links and images are absolute. Two independent builds give the
same bytes.
"""

from __future__ import annotations

import json
import os
import tomllib
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import feedparser
import pytest

from .conftest import FEED_LENGTH, PostMeta, Site

pytestmark = pytest.mark.e2e

JSON_FEED_KEYS = {"version", "title", "home_page_url", "feed_url", "description", "user_comment", "next_url",
                  "icon", "favicon", "authors", "language", "expired", "hubs", "items"}
JSON_ITEM_KEYS = {"id", "url", "external_url", "title", "content_html", "content_text", "summary", "image",
                  "banner_image", "date_published", "date_modified", "authors", "tags", "language", "attachments"}


def absolute(site: Site, url: str) -> str:
    """The absolute URL of a site URL, computed here (not with sitegen's helpers)."""
    return site.base_url.rstrip("/") + quote(url, safe="/#")


def languages_of(site: Site) -> list[str]:
    """The folders of the site's other languages ([languages.<code>] but the default)."""
    config = site.site_dir / "sitegen.toml"
    raw = tomllib.loads(config.read_text("utf-8")) if config.is_file() else {}
    default = raw.get("default_language") or raw.get("language") or "en"
    return [code for code in raw.get("languages") or {} if code != default]


def xml_feeds(site: Site) -> list[Path]:
    """The default language's feeds (each other language's are checked by
    test_each_languages_feeds_hold_only_its_posts)."""
    others = tuple(f"{code}/" for code in languages_of(site))
    return sorted(p for p in site.out.rglob("*.xml") if p.name != "sitemap.xml"
                  and not (others and p.relative_to(site.out).as_posix().startswith(others)))


_PARSED: dict[Path, dict] = {}


def _parse(path: Path) -> dict:
    # feedparser would otherwise make relative links in content absolute itself (hiding the very
    # links a reader without that courtesy could not follow) and strip markup it dislikes
    return feedparser.parse(path.read_bytes(), resolve_relative_uris=False, sanitize_html=False)


def parsed(site: Site, path: Path) -> dict:
    """feedparser's reading of a feed; all feeds of a site are parsed once, on both cores."""
    if path not in _PARSED:
        todo = [p for p in xml_feeds(site) if p not in _PARSED]
        with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
            for p, d in zip(todo, pool.map(_parse, todo, chunksize=4)):
                _PARSED[p] = d
    return _PARSED[path]


def section_of(site: Site, path: Path) -> tuple[str, str, list[PostMeta]]:
    """(kind, slug, the section's posts newest first) of a feed file."""
    parts = path.relative_to(site.out).parts
    if len(parts) == 1:
        kind, slug = "all", ""
    else:
        assert len(parts) == 3 and parts[0] in ("tags", "authors"), f"unexpected feed location {path}"
        kind, slug = parts[0], parts[1]
    return kind, slug, site.section(kind, slug)


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v or "" for k, v in attrs if k in ("href", "src")]


def urls_in(html: str) -> list[str]:
    p = _Urls()
    p.feed(html)
    p.close()
    return p.found


def bad_content_urls(site: Site, html: str) -> list[str]:
    """hrefs and srcs of feed content that a feed reader could not follow."""
    bad = []
    host = urlsplit(site.base_url).netloc
    for url in urls_in(html):
        parts = urlsplit(url)
        if parts.scheme == "mailto":
            continue
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad.append(f"not absolute: {url!r}")
        elif parts.netloc == host and not url.startswith(site.base_url):
            bad.append(f"on the site's host but outside its base URL: {url!r}")
    return bad


def carries_full_text(site: Site, rel: str) -> bool:
    """Whether a feed's entries carry each post's full text: the site's feeds always; tag and
    author feeds only with `full_tag_feeds = true` (README: summaries by default, as Hugo's and
    Pelican's section feeds)."""
    if not rel.startswith(("tags/", "authors/")):
        return True
    config = site.site_dir / "sitegen.toml"
    return bool(config.is_file() and tomllib.loads(config.read_text("utf-8")).get("full_tag_feeds", False))


def section_atom(site: Site) -> bool:
    """Whether tag and author feeds have an Atom twin: only with `tag_feed_atom = true` (README:
    one RSS feed each by default, as Hugo's section feeds)."""
    config = site.site_dir / "sitegen.toml"
    return bool(config.is_file() and tomllib.loads(config.read_text("utf-8")).get("tag_feed_atom", False))


def check_xml_feed(site: Site, path: Path, ids: dict[str, set[str]]) -> list[str]:
    rel = path.relative_to(site.out).as_posix()
    full_text = carries_full_text(site, rel)
    kind, slug, posts = section_of(site, path)
    d = parsed(site, path)
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(f"{rel}: {msg}")

    if d.bozo:
        bad(f"feedparser reports a malformed feed: {d.get('bozo_exception')!r}")
    want_version = "rss20" if path.name == "feed.xml" else "atom10"
    if d.version != want_version:
        bad(f"version {d.version!r}, expected {want_version!r}")
    section_url = "/" if kind == "all" else f"/{kind}/{slug}/"
    if d.feed.get("link") != absolute(site, section_url):
        bad(f"feed link {d.feed.get('link')!r}, expected {absolute(site, section_url)!r}")
    if want_version == "atom10":
        selfs = [ln["href"] for ln in d.feed.get("links", []) if ln.get("rel") == "self"]
        if selfs != [absolute(site, "/" + rel)]:
            bad(f"Atom self link {selfs}, expected [{absolute(site, '/' + rel)!r}]")
    expected = posts[:FEED_LENGTH]
    if len(d.entries) != min(FEED_LENGTH, len(posts)):
        bad(f"{len(d.entries)} entries, expected min({FEED_LENGTH}, {len(posts)} posts in the section)")
    links = [e.get("link", "") for e in d.entries]
    if links != [absolute(site, p.url) for p in expected]:
        bad("entries are not the newest posts of the section, newest first:\n    got      "
            + "\n             ".join(links[:5]) + "\n    expected "
            + "\n             ".join(absolute(site, p.url) for p in expected[:5]))
    dates = [e.get("published_parsed") for e in d.entries]
    if any(x is None for x in dates):
        bad("an entry has no publication date")
    elif dates != sorted(dates, reverse=True):
        bad("entries are not ordered newest first by their dates")
    seen: set[str] = set()
    for n, (entry, post) in enumerate(zip(d.entries, expected)):
        where = f"entry {n + 1} ({entry.get('link')})"
        link = entry.get("link", "")
        if not link.startswith(site.base_url):
            bad(f"{where}: link {link!r} is not an absolute URL under {site.base_url}")
        eid = entry.get("id", "")
        if not eid:
            bad(f"{where}: no id")
        elif eid in seen:
            bad(f"{where}: id {eid!r} is used twice")
        seen.add(eid)
        ids.setdefault(link, set()).add(eid)
        if entry.get("title") != post.title:
            bad(f"{where}: title {entry.get('title')!r}, expected {post.title!r}")
        if want_version == "atom10":
            names = [a.get("name") for a in entry.get("authors", [])]
            if names != [site.authors[post.author]]:
                bad(f"{where}: authors {names}, expected [{site.authors[post.author]!r}]")
        terms = sorted(t.get("term") for t in entry.get("tags", []))
        if terms != sorted(site.tag_names[t] for t in post.tags):
            bad(f"{where}: categories {terms}, expected {sorted(site.tag_names[t] for t in post.tags)}")
        if not full_text:
            # a tag or author feed carries summaries (full_tag_feeds = false, the default): the
            # summary is there, and the RSS item has no full text
            if not entry.get("summary", "").strip():
                bad(f"{where}: no summary in a summary feed")
            if want_version == "rss20" and entry.get("content"):
                bad(f"{where}: the full text in a summary feed (full_tag_feeds is off)")
            continue
        contents = entry.get("content") or []
        if len(contents) != 1 or not contents[0].get("value", "").strip():
            bad(f"{where}: expected one non-empty content, got {len(contents)}")
            continue
        for msg in bad_content_urls(site, contents[0]["value"]):
            bad(f"{where}: content {msg}")
    return problems


def test_feeds_are_where_the_site_says(site: Site) -> None:
    """A site feed in RSS and Atom, and an RSS feed (and Atom with tag_feed_atom) for every tag
    and every author with posts (an author without posts has nothing to subscribe to)."""
    found = {p.relative_to(site.out).as_posix() for p in xml_feeds(site)}
    expected = {"feed.xml", "atom.xml"}
    writing = {p.author for p in site.posts}
    for kind, slugs in (("tags", site.tag_names), ("authors", [a for a in site.authors if a in writing])):
        for slug in slugs:
            expected |= {f"{kind}/{slug}/feed.xml"} | ({f"{kind}/{slug}/atom.xml"} if section_atom(site) else set())
    assert found == expected, f"missing: {sorted(expected - found)}; unexpected: {sorted(found - expected)}"
    assert (site.out / "feed.json").is_file()


def test_rss_and_atom_feeds_parse_with_the_right_entries(site: Site) -> None:
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    for path in xml_feeds(site):
        problems += check_xml_feed(site, path, ids)
    unstable = {link: sorted(v) for link, v in ids.items() if len(v) > 1}
    if unstable:
        problems.append(f"posts with different ids in different feeds: {unstable}")
    assert not problems, f"{len(problems)} problems in the feeds of {site.name}:\n" + "\n".join(problems)


def test_rss_items_name_their_author(site: Site) -> None:
    problems = []
    for path in xml_feeds(site):
        if path.name != "feed.xml":
            continue
        _, _, posts = section_of(site, path)
        for entry, post in zip(parsed(site, path).entries, posts):
            names = [a.get("name") for a in entry.get("authors", [])]
            if names != [site.authors[post.author]]:
                problems.append(f"{path.relative_to(site.out)}: {entry.get('link')}: authors {names}, "
                                f"expected [{site.authors[post.author]!r}]")
    assert not problems, f"{len(problems)} RSS items without their author, e.g.:\n" + "\n".join(problems[:10])


def test_json_feed_follows_json_feed_1_1(site: Site) -> None:
    feed = json.loads((site.out / "feed.json").read_text("utf-8"))
    problems: list[str] = []

    def bad(msg: str) -> None:
        problems.append(msg)

    unknown = {k for k in feed if k not in JSON_FEED_KEYS and not k.startswith("_")}
    if unknown:
        bad(f"top-level keys that JSON Feed 1.1 does not define: {sorted(unknown)}")
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        bad(f"version {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        bad("no title")
    if feed.get("home_page_url") != site.base_url:
        bad(f"home_page_url {feed.get('home_page_url')!r}, expected {site.base_url!r}")
    if feed.get("feed_url") != site.base_url + "feed.json":
        bad(f"feed_url {feed.get('feed_url')!r}, expected {site.base_url + 'feed.json'!r}")
    items = feed.get("items")
    assert isinstance(items, list), "items must be an array"
    expected = site.posts[:FEED_LENGTH]
    if len(items) != min(FEED_LENGTH, len(site.posts)):
        bad(f"{len(items)} items, expected min({FEED_LENGTH}, {len(site.posts)})")
    if [i.get("url") for i in items] != [absolute(site, p.url) for p in expected]:
        bad("items are not the newest posts, newest first")
    ids: set[str] = set()
    dates: list[datetime] = []
    for n, (item, post) in enumerate(zip(items, expected)):
        where = f"item {n + 1} ({item.get('url')})"
        unknown = {k for k in item if k not in JSON_ITEM_KEYS and not k.startswith("_")}
        if unknown:
            bad(f"{where}: keys that JSON Feed 1.1 does not define: {sorted(unknown)}")
        if not isinstance(item.get("id"), str) or not item["id"]:
            bad(f"{where}: id must be a non-empty string")
        elif item["id"] in ids:
            bad(f"{where}: id {item['id']!r} is used twice")
        ids.add(item.get("id"))
        if not str(item.get("url", "")).startswith(site.base_url):
            bad(f"{where}: url is not absolute under {site.base_url}")
        if item.get("title") != post.title:
            bad(f"{where}: title {item.get('title')!r}, expected {post.title!r}")
        if not (isinstance(item.get("content_html"), str) and item["content_html"].strip()) \
                and not (isinstance(item.get("content_text"), str) and item["content_text"].strip()):
            bad(f"{where}: needs content_html or content_text")
        for msg in bad_content_urls(site, item.get("content_html", "")):
            bad(f"{where}: content_html {msg}")
        for key in ("image", "banner_image"):
            if key in item and not str(item[key]).startswith(("https://", "http://")):
                bad(f"{where}: {key} {item[key]!r} is not absolute")
        try:
            when = datetime.fromisoformat(item["date_published"])
            if when.tzinfo is None:
                bad(f"{where}: date_published has no time zone (RFC 3339 needs one)")
            else:
                dates.append(when)
            if "date_modified" in item:
                datetime.fromisoformat(item["date_modified"])
        except (KeyError, TypeError, ValueError) as exc:
            bad(f"{where}: date_published or date_modified is not an RFC 3339 date: {exc}")
        authors = item.get("authors")
        if not isinstance(authors, list) or [a.get("name") for a in authors] != [site.authors[post.author]]:
            bad(f"{where}: authors {authors!r}, expected one named {site.authors[post.author]!r}")
        elif any(not str(a.get("url", "https://")).startswith(site.base_url) for a in authors):
            bad(f"{where}: an author url is not absolute under {site.base_url}")
        if not isinstance(item.get("tags", []), list) or not all(isinstance(t, str) for t in item.get("tags", [])):
            bad(f"{where}: tags must be an array of strings")
    if dates != sorted(dates, reverse=True):
        bad("items are not ordered newest first by date_published")
    assert not problems, f"{len(problems)} problems in {site.name}/feed.json:\n" + "\n".join(problems)


def test_feeds_are_byte_identical_across_builds(site: Site, rebuild) -> None:
    other = rebuild(site)

    def feeds_of(out: Path) -> list[str]:      # (every language's)
        return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.name != "sitemap.xml"
                      and (p.suffix == ".xml" or p.name == "feed.json"))
    names = feeds_of(site.out)
    assert feeds_of(other) == names and "feed.json" in names
    differ = [n for n in names if (site.out / n).read_bytes() != (other / n).read_bytes()]
    assert not differ, f"feeds that differ between two builds of the same sources: {differ}"


def test_the_corpus_generator_writes_the_same_site_twice(corpus: Site, rebuild) -> None:
    """The second corpus build generated its sources again: they must be the same bytes."""
    again = rebuild(corpus).parent / "site"

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
                if p.is_file() and ".sitegen-cache" not in p.parts}

    first, second = tree(corpus.site_dir), tree(again)
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    assert len([k for k in first if k.endswith(".md")]) == 300


def test_each_languages_feeds_hold_only_its_posts(site: Site) -> None:
    """The sample blog is bilingual: every feed under /de/ parses, lists the German posts only
    (its main feed all of them, newest first), and says it is in German; the default language's
    feeds hold none of them."""
    codes = languages_of(site)
    if not codes:
        pytest.skip(f"{site.name} is in one language")
    problems = []
    for code in codes:
        prefix = site.base_url + code + "/"
        mine = [p for p in site.translations if p.url.startswith(f"/{code}/")]
        feeds = sorted((site.out / code).rglob("*.xml"))
        assert len(feeds) >= 4, feeds
        for path in feeds:
            rel = path.relative_to(site.out).as_posix()
            d = _parse(path)
            if d.bozo:
                problems.append(f"{rel}: malformed: {d.get('bozo_exception')!r}")
            links = [e.get("link", "") for e in d.entries]
            if not links or not all(link.startswith(prefix) for link in links):
                problems.append(f"{rel}: entries outside {prefix}: {links}")
            if path.name == "feed.xml" and d.feed.get("language") != code:
                problems.append(f"{rel}: language {d.feed.get('language')!r}")
            if rel == f"{code}/feed.xml":
                expected = [absolute(site, p.url) for p in sorted(mine, key=lambda p: p.date, reverse=True)]
                if links != expected[:FEED_LENGTH]:
                    problems.append(f"{rel}: entries {links}, expected {expected}")
        data = json.loads((site.out / code / "feed.json").read_text("utf-8"))
        if data.get("language") != code or not all(i["url"].startswith(prefix) for i in data["items"]):
            problems.append(f"{code}/feed.json: language {data.get('language')!r}, items {[i['url'] for i in data['items']]}")
    for path in xml_feeds(site):
        for entry in _parse(path).entries:
            if any(entry.get("link", "").startswith(site.base_url + code + "/") for code in codes):
                problems.append(f"{path.relative_to(site.out)}: holds {entry.get('link')}")
    assert not problems, "\n".join(problems)
