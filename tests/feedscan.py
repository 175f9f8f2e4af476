"""What a feed reader and the W3C Feed Validator would object to in a built site's feeds.

Every RSS and Atom file is read with feedparser (no parse error allowed) and the JSON Feed with
json; the HTML of each entry is scanned for what the validator reports as a "Non-html tag"
(an element outside the list of HTML elements it knows: SVG and MathML among them), for
attributes it calls a security risk, and for markup a reader cannot use: inline SVG, MathML,
classes, roles and ARIA attributes meant for the site's own pages.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import feedparser

# The HTML elements the feed validator knows (its list is HTML 4 plus the common HTML5
# elements); anything else in feed content gets the "Non-html tag" warning.
KNOWN_TAGS = frozenset("""
a abbr acronym address area article aside audio b bdi bdo big blockquote br button canvas caption
center cite code col colgroup data dd del details dfn dialog dir div dl dt em fieldset figcaption
figure font footer form h1 h2 h3 h4 h5 h6 header hgroup hr i iframe img input ins kbd label legend
li main map mark menu meter nav noscript ol optgroup option output p picture pre progress q rp rt
ruby s samp section select small source span strike strong sub summary sup table tbody td template
textarea tfoot th thead time tr track tt u ul var video wbr
""".split())  # noqa: SIM905 (a list of words reads better as words)
# Attributes the validator accepts in feed content (others: "may cause a security risk"),
# cut down to those HTML this project writes may hold.
SAFE_ATTRIBUTES = frozenset("""
abbr align alt cite colspan datetime dir headers height href hreflang id lang loading decoding
media name open poster preload rel rowspan scope sizes span src srclang srcset start summary title
type value width
""".split())  # noqa: SIM905 (a list of words reads better as words)


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in KNOWN_TAGS:
            self.found.append(f"<{tag}> is not HTML to the feed validator")
        for name, value in attrs:
            if name == "class":
                self.found.append(f"<{tag} class> is of no use to a reader")
            elif name == "style" and all(d.split(":")[0].strip() == "text-align" for d in (value or "").split(";")
                                         if d.strip()):
                continue        # a table column's alignment: a property the validator accepts
            elif name not in SAFE_ATTRIBUTES and not name.startswith("data-"):
                self.found.append(f"<{tag} {name}> is an attribute the feed validator warns about")


def content_problems(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.found


def feed_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.xml") if p.name != "sitemap.xml") + sorted(out.rglob("feed.json"))


def entry_html(path: Path) -> list[tuple[str, str]]:
    """(entry title, content HTML) of each entry of a feed file; asserts the file parses."""
    if path.suffix == ".json":
        data = json.loads(path.read_text("utf-8"))
        return [(item["title"], item["content_html"]) for item in data["items"]]
    parsed = feedparser.parse(path.read_bytes(), resolve_relative_uris=False, sanitize_html=False)
    assert not parsed.bozo, f"{path}: feedparser cannot read it: {parsed.get('bozo_exception')}"
    out = []
    for entry in parsed.entries:
        if entry.get("content"):
            out.append((entry.title, entry.content[0].value))
            continue
        # tag and author feeds carry each post's summary (unless full_tag_feeds = true)
        assert path.parent.parent.name in ("tags", "authors"), f"{path}: an entry without content"
        assert entry.get("summary"), f"{path}: an entry without content or summary"
        out.append((entry.title, entry.summary))
    return out


def site_feed_problems(out: Path) -> list[str]:
    """Every problem of every feed of a built site, as 'file: entry: problem'."""
    problems = []
    files = feed_files(out)
    assert files, f"no feeds in {out}"
    for path in files:
        for title, html in entry_html(path):
            problems += [f"{path.relative_to(out)}: {title}: {p}" for p in dict.fromkeys(content_problems(html))]
    return problems
