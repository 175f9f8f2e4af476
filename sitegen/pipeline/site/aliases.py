"""Old URLs that keep working: `aliases:` in a post's or page's front matter.

Each alias becomes a small page at the old address (a meta refresh and a visible link to the
new one, a canonical link, `noindex`) and a line of `output/_redirects`, the file several
static hosts read to answer with a real 301. An alias may not take an address the site uses
for something else, nor one another alias takes: such a clash is an error naming both files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sitegen import urls
from sitegen.errors import Collector, SitegenError
from sitegen.model import Alias, Site
from sitegen.pipeline.site.pages import Page, redirects

REDIRECTS = "_redirects"


def read(meta: dict[str, Any], key_lines: dict[str, int], lines: Sequence[str], source: str) -> tuple[Alias, ...]:
    """The `aliases:` of a front matter, each with the line it is written on."""
    value = meta.get("aliases")
    key_line = key_lines.get("aliases")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SitegenError("'aliases' must be a list of old paths", file=source, line=key_line,
                           hint="write 'aliases: [/old/path/, /old/page.html]'")
    out = []
    for item in value:
        line = _line_of(item, lines, key_line)
        out.append(Alias(urls.alias_url(item, file=source, line=line), source, line))
    return tuple(out)


def _line_of(item: str, lines: Sequence[str], key_line: int | None) -> int | None:
    """The file line an alias is written on: the key's line for `[a, b]`, its own for `- a`."""
    if key_line is None:
        return None
    for number in range(key_line, min(len(lines), key_line + 200) + 1):
        if item in lines[number - 1]:
            return number
    return key_line


def where(source: str, line: int | None) -> str:
    return source + (f":{line}" if line else "")


def owners(site: Site, pages: Sequence[Page], assets: Iterable[str]) -> dict[str, str]:
    """What each output file the site writes besides redirects is, in words."""
    out: dict[str, str] = {}
    for page in pages:
        if page.kind == "redirect":
            continue
        rel = urls.output_path(page.url)
        if page.post is not None:
            post = site.posts[page.post]
            out[rel] = f"the post {where(post.source, post.url_line)}"
        elif page.standalone is not None:
            doc = site.pages[page.standalone]
            out[rel] = f"the page {where(doc.source, doc.url_line)}"
        else:
            out[rel] = f"the site's own page {page.url}"
    for rel in assets:
        out[rel] = f"the file content/{rel}"
    for name in ("sitemap.xml", "robots.txt", REDIRECTS, "feed.xml", "atom.xml", "feed.json"):
        out.setdefault(name, f"the site's own file {name}")
    return out


def check(site: Site, pages: Sequence[Page], assets: Iterable[str], problems: Collector) -> None:
    """No alias takes an address the site writes anything else to, or another alias's."""
    taken = owners(site, pages, assets)
    seen: dict[str, Alias] = {}
    for alias, _, _ in redirects(site):
        rel = urls.output_path(alias.url)
        if rel in seen:
            other = seen[rel]
            problems.add(SitegenError(f"the alias {alias.url} is also an alias in {where(other.source, other.line)}",
                                      file=alias.source, line=alias.line,
                                      hint="keep it on one of the two: an old address can lead to one place only"))
        elif rel in taken or rel.startswith("static/") or _is_feed(rel):
            what = taken.get(rel, "a file the site writes itself")
            problems.add(SitegenError(f"the alias {alias.url} is the address of {what}", file=alias.source,
                                      line=alias.line,
                                      hint="remove the alias: that address already shows something else"))
        elif (folder := _file_in_the_way(rel, taken)) is not None:
            problems.add(SitegenError(f"the alias {alias.url} would need a folder where the site writes "
                                      f"{taken[folder]}", file=alias.source, line=alias.line,
                                      hint="end the alias in .html, or remove it"))
        else:
            seen[rel] = alias


def _file_in_the_way(rel: str, taken: dict[str, str]) -> str | None:
    """A file the site writes where the alias needs one of its folders."""
    parts = rel.split("/")[:-1]
    for n in range(1, len(parts) + 1):
        prefix = "/".join(parts[:n])
        if prefix in taken:
            return prefix
    return None


def _is_feed(rel: str) -> bool:
    return rel.startswith(("tags/", "authors/")) and rel.endswith(("/feed.xml", "/atom.xml"))


def redirects_file(site: Site, own_rules: bytes = b"") -> bytes:
    """`_redirects`: the site's own rules (content/_redirects) first, then one 301 per alias,
    both sides under the base URL's path."""
    base = site.config.base_path.rstrip("/")
    lines = [f"{urls.encode(base + a.url)} {urls.encode(base + url)} 301" for a, url, _ in redirects(site)]
    text = "\n".join(sorted(set(lines))) + "\n"
    head = own_rules if not own_rules or own_rules.endswith(b"\n") else own_rules + b"\n"
    return head + text.encode("utf-8")


def assets_to_copy(site: Site, assets: tuple[str, ...]) -> tuple[str, ...]:
    """The content files to copy as they are: a site with aliases writes `_redirects` itself
    (the site's own content/_redirects goes at its top)."""
    if REDIRECTS in assets and redirects(site):
        return tuple(a for a in assets if a != REDIRECTS)
    return assets
