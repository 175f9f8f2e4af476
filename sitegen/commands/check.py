"""`sitegen check`: what a writer runs before publishing.

Builds the site, then checks the result with nothing but the files: every internal link and
fragment resolves; every feed is well-formed, with absolute URLs and unique ids; no post states
a number that disagrees with a fact in data/facts.yaml; every theme string has a translation in the
site's language; and, when asked, every external link answers.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from sitegen.errors import Problem

ATOM = "{http://www.w3.org/2005/Atom}"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if value and ((name == "href" and tag in ("a", "link", "area"))
                          or (name == "src" and tag in ("img", "script", "source", "iframe"))):
                self.links.append((value, self.getpos()[0]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8", errors="replace"))
    return page


def check_links(out: Path, external: bool = False, timeout: float = 10.0) -> list[Problem]:
    problems: list[Problem] = []
    pages = {p.relative_to(out).as_posix(): _parse(p) for p in sorted(out.rglob("*.html"))}
    outside: dict[str, list[tuple[str, int]]] = {}
    for rel, page in pages.items():
        if rel == "404.html" or rel.endswith("/404.html"):   # served at any address; its links start from the root
            continue
        for link, line in page.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                outside.setdefault(link, []).append((rel, line))
                continue
            if parts.scheme or link.startswith("//"):
                continue            # mailto:, data:, …
            path = unquote(parts.path)
            target = rel if not path else posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            if target.startswith("../") or target == "..":
                problems.append(Problem(f"the link '{link}' leaves the site", f"output/{rel}", line,
                                        "link to pages inside the site"))
                continue
            file = out / target
            if file.is_dir():
                file, target = file / "index.html", posixpath.join(target, "index.html")
            if not file.is_file():
                problems.append(Problem(f"the link '{link}' points to nothing ({target})", f"output/{rel}", line,
                                        "fix the link in the post or template that makes it"))
            elif parts.fragment and target.endswith(".html"):
                ids = pages[target].ids if target in pages else _parse(file).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(Problem(f"the link '{link}' names a fragment that {target} does not have",
                                            f"output/{rel}", line, "check the heading or footnote it points to"))
    if external:
        problems.extend(_check_external(outside, timeout))
    return problems


def _check_external(links: dict[str, list[tuple[str, int]]], timeout: float) -> list[Problem]:
    import urllib.error
    import urllib.request
    problems = []
    for url in sorted(links):
        status: int | str
        try:
            request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "sitegen-check"})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
            if exc.code in (403, 405, 501):      # some servers refuse HEAD: ask again with GET
                try:
                    with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "sitegen-check"}),
                                                timeout=timeout) as response:
                        status = response.status
                except urllib.error.HTTPError as again:
                    status = again.code
                except OSError as again:
                    status = str(again)
        except OSError as exc:
            status = str(getattr(exc, "reason", exc))
        if not isinstance(status, int) or status >= 400:
            rel, line = links[url][0]
            problems.append(Problem(f"the external link '{url}' failed ({status})", f"output/{rel}", line,
                                    "update or remove the link"))
    return problems


_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _absolute(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).netloc)


def _content_links(html: str) -> Iterable[str]:
    page = _Page()
    page.feed(html)
    return (link for link, _ in page.links)


def _href(link: ElementTree.Element | None) -> str | None:
    return link.get("href") if link is not None else None


def check_feeds(out: Path) -> list[Problem]:
    problems: list[Problem] = []
    for path in sorted(out.rglob("*.xml")):
        rel = path.relative_to(out).as_posix()
        if rel == "sitemap.xml":
            continue
        shown = f"output/{rel}"
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as exc:
            problems.append(Problem(f"the feed is not well-formed XML: {exc}", shown, exc.position[0],
                                    "report this: sitegen should never write such a feed"))
            continue
        if root.tag == "rss":
            encoded = "{http://purl.org/rss/1.0/modules/content/}encoded"
            entries = [(i.findtext("guid"), i.findtext("link"), i.findtext(encoded) or "")
                       for i in root.iter("item")]
        elif root.tag == f"{ATOM}feed":
            entries = [(e.findtext(f"{ATOM}id"), _href(e.find(f"{ATOM}link")), e.findtext(f"{ATOM}content") or "")
                       for e in root.iter(f"{ATOM}entry")]
        else:
            continue
        problems.extend(_entries(shown, entries))
    for json_feed in sorted(out.rglob("feed.json")):        # (one per language of a multilingual site)
        shown = f"output/{json_feed.relative_to(out).as_posix()}"
        try:
            feed = json.loads(json_feed.read_text("utf-8"))
            entries = [(i.get("id"), i.get("url"), i.get("content_html", "")) for i in feed.get("items", [])]
            problems.extend(_entries(shown, entries))
        except ValueError as exc:
            problems.append(Problem(f"the JSON feed does not parse: {exc}", shown))
    return problems


def _entries(shown: str, entries: list[tuple[str | None, str | None, str]]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for ident, link, html in entries:
        if not ident or ident in seen:
            problems.append(Problem(f"an entry's id is missing or not unique: {ident!r}", shown,
                                    hint="give every post its own URL"))
        seen.add(ident or "")
        if not _absolute(link):
            problems.append(Problem(f"an entry's link is not absolute: {link!r}", shown,
                                    hint="set base_url in sitegen.toml to the site's address"))
        for url in _content_links(html):
            if not _absolute(url) and not _SCHEME.match(url):      # (tel:, mailto:, geo:… are no relative links)
                problems.append(Problem(f"a link inside an entry is not absolute: {url!r}", shown,
                                        hint="feed readers cannot follow relative links"))
    return problems


def check_facts(site_dir: Path) -> list[Problem]:
    from sitegen.pipeline.read import content, frontmatter
    from sitegen.toolkit.data import load_data
    from sitegen.toolkit.facts import Facts, stale_numbers
    data = load_data(site_dir / "data", rel_to=site_dir)
    if "facts" not in data:
        return []
    facts = Facts.from_data(data)
    problems: list[Problem] = []
    for rel in content.discover(site_dir / "content").posts:
        source = f"content/{rel}"
        doc = frontmatter.split((site_dir / source).read_bytes(), source)
        problems.extend(stale_numbers(doc.body, facts, file=source, first_line=doc.body_line))
    return problems


def check_translations(site_dir: Path) -> list[Problem]:
    """The theme strings a site in another language than English shows in English (no catalogue has them)."""
    from sitegen.config import load_config
    from sitegen.pipeline.render import i18n, theme
    cfg = load_config(site_dir)
    folder = theme.find_theme(site_dir, cfg.theme).path
    return [p for code in cfg.codes for p in i18n.gap_problems(code, site_dir, folder)]
