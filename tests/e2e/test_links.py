"""A link checker over built sites, and the files that point search engines at them.

Every internal href/src of every page must be relative (the site then works at a domain root,
under a subpath and from disk), name a file that exists in the output (a folder link names its
index.html: a browser reading from disk does not look for it), and every #fragment must be an
id in the page it points to. The 404 page, served at any depth, is the one page whose links
start from the site's root path instead.

Also: the sitemap lists every page by an absolute URL under the base URL, canonical links are
absolute and point at the page itself, robots.txt names the sitemap, and the site publishes
exactly its posts and list pages.
"""

from __future__ import annotations

import math
import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlsplit

import pytest

from .conftest import Site
from .htmlscan import Link, Page, scan_site
from .sitegen_corpus import expected_slug

pytestmark = pytest.mark.e2e

PER_PAGE = 10          # posts_per_page of both sites
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def page_url(site: Site, rel: str) -> str:
    """The absolute URL a page is served at (folders for index.html)."""
    path = rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
    return site.base_url + quote(path, safe="/")


def check_link(site: Site, page: Page, link: Link, pages: dict[str, Page]) -> str | None:
    """Why a link is broken, or None."""
    value = link.value.strip()
    if value != link.value:
        return "has spaces around it"
    if not value:
        return "is empty"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None                                      # external (or data:, mailto:)
    if value == "#":
        return "is a bare '#' (goes nowhere)"
    path = unquote(parts.path)
    if path.startswith("/"):
        if page.rel != "404.html" and not page.rel.endswith("/404.html"):    # (de/404.html: a language's)
            return "is root-relative: it breaks under a subpath and from disk (use a relative link)"
        if not path.startswith(site.base_path):
            return f"leaves the site's base path {site.base_path}"
        target = path[len(site.base_path):]
        if target == "" or target.endswith("/"):
            target += "index.html"                       # a server serves the index of a folder
    elif path == "":
        target = page.rel
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
        if target == ".." or target.startswith("../"):
            return "climbs above the site's root"
        if path.endswith("/") or (site.out / target).is_dir():
            has_index = (site.out / target / "index.html").is_file()
            return ("links a folder without index.html: it works on a server but not from disk"
                    + ("" if has_index else ", and the folder has no index.html"))
    if not (site.out / target).is_file():
        return f"points to {target}, which does not exist"
    if parts.fragment:
        fragment = unquote(parts.fragment)
        if target not in pages:
            return f"has a fragment #{fragment} but {target} is not an HTML page"
        if fragment not in pages[target].ids:
            return f"points to #{fragment}, which is not an id in {target}"
    elif value.endswith("#"):
        return "ends in an empty fragment"
    return None


def test_every_internal_link_resolves(site: Site) -> None:
    pages = scan_site(site.out)
    problems = []
    checked = 0
    for rel, page in pages.items():
        for link in page.links:
            checked += 1
            why = check_link(site, page, link, pages)
            if why:
                problems.append(f"{rel}:{link.line}: <{link.tag} {link.attr}=\"{link.value}\"> {why}")
    assert checked > 10 * len(pages), f"only {checked} links in {len(pages)} pages: is the scanner broken?"
    shown = "\n".join(problems[:60]) + (f"\n... and {len(problems) - 60} more" if len(problems) > 60 else "")
    assert not problems, f"{len(problems)} broken links in {site.name} ({checked} checked):\n{shown}"


def test_links_written_as_md_files_reach_the_other_post(corpus: Site) -> None:
    """The corpus writes [text](other.md), [text](../2024/other.md#heading) and [text](#heading);
    each must become a link, in the built page, to the other post's page (and heading)."""
    pages = scan_site(corpus.out)
    published = {unquote(p.url).lstrip("/") + "index.html" for p in corpus.posts}
    problems, checked = [], 0
    for source in sorted((corpus.site_dir / "content" / "posts").rglob("*.md")):
        rel_src = source.relative_to(corpus.site_dir / "content").as_posix()
        page_rel = f"posts/{expected_slug(source.stem)}/index.html"
        if page_rel not in published:
            continue                                     # a draft
        page = pages[page_rel]
        resolved = set()
        for link in page.links_where("a"):
            path, _, frag = link.value.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), unquote(path))) if path else page_rel
            resolved.add(target + ("#" + unquote(frag) if frag else ""))
        for m in re.finditer(r"\]\(([^)\s#]*)(#[^)\s]*)?\)", source.read_text("utf-8")):
            path, frag = m.group(1), m.group(2) or ""
            if path and not path.endswith(".md"):
                continue
            if path:
                target_md = posixpath.normpath(posixpath.join(posixpath.dirname(rel_src), unquote(path)))
                target = f"posts/{expected_slug(posixpath.basename(target_md)[:-3])}/index.html"
            else:
                target = page_rel
            checked += 1
            if target + frag not in resolved:
                problems.append(f"{rel_src}: [..]({m.group(1)}{frag}) should link to {target}{frag} "
                                f"in {page_rel}")
    assert checked >= len(corpus.posts), f"only {checked} .md links found: is the corpus generator broken?"
    assert not problems, f"{len(problems)} .md links that do not reach their post:\n" + "\n".join(problems[:30])


def test_the_link_checker_catches_broken_links(tmp_path) -> None:
    """The checker itself, on a hand-made output folder: each bad link is reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="x">', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/index.html#x">ok</a><a href="a/index.html#nope">1</a><a href="a/">2</a>'
        '<a href="missing.html">3</a><a href="/a/index.html">4</a><a href="../up.html">5</a>'
        '<a href="#">6</a><img src="a/pic.png" alt=""><a href="#here">8</a>', "utf-8")
    site = Site("selftest", tmp_path, tmp_path, "https://example.com/", [], {})
    pages = scan_site(tmp_path)
    verdicts = [check_link(site, pages["index.html"], ln, pages) for ln in pages["index.html"].links]
    assert verdicts[0] is None
    assert all(verdicts[1:]), verdicts


def test_the_site_publishes_exactly_its_posts_and_list_pages(site: Site) -> None:
    pages = scan_site(site.out)
    posts = {rel for rel in pages if rel.startswith("posts/")}
    want = {unquote(p.url).lstrip("/") + "index.html" for p in site.posts}
    assert posts == want, f"missing: {sorted(want - posts)[:10]}; not expected: {sorted(posts - want)[:10]}"
    for rel in (set(pages) & want):
        assert pages[rel].h1 == [next(p.title for p in site.posts if unquote(p.url).lstrip("/") + "index.html" == rel)]
    n_index = max(1, math.ceil(len(site.posts) / PER_PAGE))
    index_pages = {rel for rel in pages if rel == "index.html" or rel.startswith("page/")}
    assert index_pages == {"index.html"} | {f"page/{n}/index.html" for n in range(2, n_index + 1)}
    for kind, slugs in (("tags", site.tag_names), ("authors", site.authors)):
        for slug in slugs:
            n = max(1, math.ceil(len(site.section(kind, slug)) / PER_PAGE))
            found = {rel for rel in pages if rel.startswith(f"{kind}/{slug}/")}
            want_pages = {f"{kind}/{slug}/index.html"} | {f"{kind}/{slug}/page/{k}/index.html" for k in range(2, n + 1)}
            assert found == want_pages, f"{kind}/{slug}: {sorted(found ^ want_pages)}"
    for rel in ("tags/index.html", "authors/index.html", "archive/index.html", "404.html"):
        assert rel in pages, f"{rel} is missing"


def test_sitemap_lists_every_page_by_absolute_url(site: Site) -> None:
    root = ET.fromstring((site.out / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP_NS}urlset"
    locs = [u.findtext(f"{SITEMAP_NS}loc") or "" for u in root.findall(f"{SITEMAP_NS}url")]
    problems = []
    files = []
    for loc in locs:
        if not loc.startswith(site.base_url):
            problems.append(f"{loc}: not an absolute URL under {site.base_url}")
            continue
        if any(ord(c) > 127 or c in " <>\"" for c in loc):
            problems.append(f"{loc}: not percent-encoded")
        rel = unquote(urlsplit(loc).path)[len(site.base_path):]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        files.append(rel)
        if not (site.out / rel).is_file():
            problems.append(f"{loc}: no such file {rel} in the output")
    for u in root.findall(f"{SITEMAP_NS}url"):
        lastmod = u.findtext(f"{SITEMAP_NS}lastmod")
        if lastmod is not None and not (len(lastmod) == 10 and lastmod[4] == lastmod[7] == "-"):
            problems.append(f"{u.findtext(f'{SITEMAP_NS}loc')}: lastmod {lastmod!r} is not YYYY-MM-DD")
    if len(set(locs)) != len(locs):
        problems.append("the sitemap lists a URL twice")
    pages = {rel for rel, page in scan_site(site.out).items()
             if rel != "404.html" and not rel.endswith("/404.html") and not page.is_redirect}
    if set(files) != pages:
        problems.append(f"pages not in the sitemap: {sorted(pages - set(files))[:10]}; "
                        f"sitemap entries that are not pages: {sorted(set(files) - pages)[:10]}")
    assert not problems, "\n".join(problems[:40])


def test_canonical_links_are_absolute_and_point_at_the_page(site: Site) -> None:
    problems = []
    for rel, page in scan_site(site.out).items():
        if rel == "404.html" or rel.endswith("/404.html"):      # (de/404.html: a language's)
            if page.canonical:
                problems.append(f"{rel}: the 404 page should have no canonical link: {page.canonical}")
            continue
        if page.is_redirect:
            # a redirect page names the page it leads to as the canonical one
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(page.refresh or "")))
            if page.canonical != [page_url(site, target)]:
                problems.append(f"{rel}: canonical {page.canonical} of a redirect, expected [{page_url(site, target)!r}]")
        elif page.canonical != [page_url(site, rel)]:
            problems.append(f"{rel}: canonical {page.canonical}, expected [{page_url(site, rel)!r}]")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


def test_robots_txt_names_the_sitemap(site: Site) -> None:
    lines = (site.out / "robots.txt").read_text("utf-8").splitlines()
    assert f"Sitemap: {site.base_url}sitemap.xml" in lines, lines
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines, "robots.txt shuts search engines out"


RAW_HTML_POST = """---
title: Raw HTML
date: 2024-01-02
author: desk
tags: [Charts]
---

A chart: <img src="images/bars.svg" alt="Bars"> and a link to <a href="older.md">the older post</a>.

<figure><img src='images/bars.svg' alt="Bars again"><figcaption>Single-quoted src</figcaption></figure>
"""


def test_raw_html_links_in_posts_resolve_like_markdown_links(tmp_path) -> None:
    """Markdown allows inline HTML; its links and images should work like Markdown ones."""
    from .conftest import build_site

    posts = tmp_path / "site" / "content" / "posts" / "2024"
    (posts / "images").mkdir(parents=True)
    (posts / "images" / "bars.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    (posts / "raw.md").write_text(RAW_HTML_POST, "utf-8")
    (posts / "older.md").write_text("---\ntitle: Older\ndate: 2024-01-01\nauthor: desk\n---\n\nText.\n", "utf-8")
    (tmp_path / "site" / "content" / "authors.yaml").write_text("desk:\n  name: Desk\n", "utf-8")
    build_site(tmp_path / "site", tmp_path / "out", "https://example.com/")
    site = Site("raw-html", tmp_path / "site", tmp_path / "out", "https://example.com/", [], {})
    pages = scan_site(site.out)
    problems = [f"{rel}: {ln.value!r} {why}" for rel in ("posts/raw/index.html", "index.html", "tags/charts/index.html")
                for ln in pages[rel].links if (why := check_link(site, pages[rel], ln, pages))]
    assert not problems, "\n".join(problems)
