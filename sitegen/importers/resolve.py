"""Old URLs and links, once every entry has its place: aliases, links between imported
entries, files beside an entry, and links that would point nowhere in the new site."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin

from sitegen import urls
from sitegen.errors import Problem, SitegenError
from sitegen.importers import existing, links
from sitegen.importers.addresses import RESERVED, site_path
from sitegen.importers.model import Entry


@dataclass
class Placed:
    entry: Entry
    path: str          # content-relative, e.g. posts/2019/x.md
    url: str           # the new site URL
    slug: str
    old: list[str]     # the entry's old addresses as the source gave them

    @property
    def folder(self) -> str:
        return self.path[:-3]          # files beside the entry go in a folder named like it

    def asset_path(self, ref: str) -> str:
        return f"{self.folder}/{posixpath.normpath(ref)}"


def aliases(placed: list[Placed], old_base: str, warnings: list[Problem], taken: dict[str, str] | None = None) -> None:
    """Make each entry's old URLs into aliases: site paths, never a sitegen URL or one the site
    already serves (`taken`: address key -> its file), never twice."""
    new_urls = {_fold(existing.key(p.url)) for p in placed}
    served = {_fold(k): v for k, v in (taken or {}).items()}
    claimed: dict[str, str] = {}
    for item in placed:
        out: list[str] = []
        for old in item.entry.old_urls:
            path = site_path(old, old_base)
            if path is None or ".." in path.split("/"):
                continue
            try:              # the build's own rule: an alias it would refuse is never written
                path = urls.alias_url(path)
            except SitegenError as err:
                warnings.append(Problem(f"the old address {old} cannot be kept as an alias "
                                        f"({err.problems[0].message}): left out", item.entry.source, item.entry.line))
                continue
            # the build refuses two outputs that differ only in case or Unicode form: compared folded
            key = _fold(existing.key(path))
            first = key.strip("/").split("/", 1)[0]
            if key == "/" or key in new_urls or (first in RESERVED and first != "posts"):
                continue
            if served.get(key, item.path) != item.path:
                warnings.append(Problem(f"the old address {path} is already an address of content/{served[key]}: "
                                        "no alias for it", item.entry.source, item.entry.line))
                continue
            if key in claimed and claimed[key] != item.path:
                warnings.append(Problem(f"the old address {path} belongs to content/{claimed[key]} already: "
                                        "no alias for it here", item.entry.source, item.entry.line))
                continue
            if key not in claimed:
                claimed[key] = item.path
                if "." not in path.rsplit("/", 1)[-1] and not path.endswith("/"):
                    path += "/"            # /trips/coast-road is served as the folder /trips/coast-road/
                out.append(path)
        item.entry.old_urls = out


def _fold(key: str) -> str:
    import unicodedata
    return unicodedata.normalize("NFC", key).casefold()


class Lookup:
    """Where links of imported text may point."""

    def __init__(self, placed: list[Placed], old_base: str, content_dir: Path,
                 site_files: frozenset[str] = frozenset()) -> None:
        self.old_base = old_base
        self.site_files = site_files
        self.by_origin = {p.entry.origin: p for p in placed if p.entry.origin}
        self.content_dir = content_dir
        self.by_old: dict[str, Placed] = {}
        self.by_path = {p.path: p for p in placed}
        self.files = {p.asset_path(ref) for p in placed for ref in p.entry.files}
        for p in placed:
            for old in p.old:
                path = site_path(old, old_base)
                if path is not None:
                    self.by_old.setdefault(existing.key(path), p)
        self.site_path = site_path

    def exists(self, rel: str) -> bool:
        return (rel in self.files or rel in self.by_path or rel in self.site_files
                or (self.content_dir / rel).is_file())


def _by_url(other: Placed) -> bool:
    """Pages, and posts dated in the future (a build leaves them out until their day, and refuses a
    link to their file meanwhile), are linked by their address."""
    from datetime import UTC, datetime
    return other.entry.kind == "page" or (other.entry.date is not None and other.entry.date > datetime.now(UTC))


def _relative(from_path: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_path))


def body_links(item: Placed, look: Lookup, warnings: list[Problem]) -> tuple[str, str]:
    """The body with every link resolved, and the cover's new path."""
    e = item.entry
    refs = {posixpath.normpath(unquote(r)): r for r in e.files}
    old_page = next((u for u in item.old if u.startswith(("http://", "https://"))), "")
    if not old_page and item.old and look.old_base:
        try:
            old_page = urljoin(look.old_base.rstrip("/") + "/", item.old[0].lstrip("/"))
        except ValueError:
            old_page = ""
    try:
        urljoin(old_page, "x")
    except ValueError:              # an old address Python cannot split ("http://[::1"): no page to point back to
        old_page = ""

    def fix(url: str, line: int) -> str | None:
        try:
            return _fix(url, line)
        except ValueError:          # an address Python cannot even split ("http://[::1"): left as written
            return None if links.is_relative(url) else url

    def _fix(url: str, line: int) -> str | None:
        where = e.body_line + line - 1 if e.body_line else e.line
        if url.startswith("//"):        # protocol-relative (`//github.com/bep`): external, written with its https
            url = "https:" + url
        path, sep, fragment = url.partition("#")
        if not path:
            return url
        decoded = unquote(path.split("?", 1)[0])
        if path.startswith("/") and not path.startswith("//") and (".." in decoded.split("/") or "\\" in decoded):
            warnings.append(Problem(f"the link '{url}' climbs out of the site: the link was removed, its text kept",
                                    e.source, where))
            return None
        if path.startswith("?"):        # the old page with a query (`?page=2`): no such page here
            warnings.append(Problem(f"the link '{url}' asked the old page for a query: the link was removed, "
                                    "its text kept", e.source, where))
            return None
        if links.is_relative(path):
            norm = posixpath.normpath(unquote(path.split("?", 1)[0]))
            if norm in refs:
                return _relative(item.path, item.asset_path(norm)) + sep + fragment
            if e.origin:
                other = look.by_origin.get(posixpath.normpath(posixpath.join(posixpath.dirname(e.origin), norm)))
                if other is not None:
                    linked = _link_to(item, other.path, look, warnings, where)
                    return linked + sep + fragment if linked else None
            target = posixpath.normpath(posixpath.join(posixpath.dirname(item.path), norm))
            if look.exists(target):
                linked = _link_to(item, target, look, warnings, where)
                return linked + sep + fragment if linked else None
            if old_page:
                warnings.append(Problem(f"the link '{url}' has no file here: it now points to the old site",
                                        e.source, where))
                return urljoin(old_page, url)
            warnings.append(Problem(f"the link '{url}' has no file here: the link was removed, its text kept",
                                    e.source, where))
            return None
        if path.startswith("/") and not path.startswith("//") and path.lstrip("/").split("?")[0] in look.site_files:
            return url
        site = look.site_path(path, look.old_base) if (path.startswith("/") or look.old_base) else None
        if site is None:
            return url
        linked_entry = look.by_old.get(existing.key(site))
        if linked_entry is not None:
            if linked_entry.entry.draft and not e.draft:
                warnings.append(Problem(f"the link '{url}' points to a draft: the link was removed, its text kept",
                                        e.source, where))
                return None
            if _by_url(linked_entry):      # pages are linked by URL (sitegen resolves .md links to posts)
                return linked_entry.url + sep + fragment
            return _relative(item.path, linked_entry.path) + sep + fragment
        if path.startswith("/") and not path.startswith("//"):
            if look.old_base:
                warnings.append(Problem(f"the link '{url}' is not an imported post: it now points to the old site",
                                        e.source, where))
                return urljoin(look.old_base, url)
            if not links.is_file_address(unquote(path)):
                warnings.append(Problem(f"the link '{url}' is a path of the old site that was not imported",
                                        e.source, where, "check it after the import"))
            elif not look.exists(posixpath.normpath(unquote(path.split("?", 1)[0]).lstrip("/"))):
                return None     # a file the source lacks (reported when files were collected): no dangling reference
        return url

    body = links.rewrite(e.body, fix)
    cover = e.cover
    if cover and not links.is_relative(cover) and not cover.startswith("/") and \
            links.split(cover).scheme not in ("http", "https"):
        warnings.append(Problem(f"the cover '{cover}' is not an image address: left out", e.source, e.line))
        cover = ""
    if cover and links.is_relative(cover):
        norm = posixpath.normpath(unquote(cover))
        if norm in refs:
            cover = _relative(item.path, item.asset_path(norm))
        elif not look.exists(posixpath.normpath(posixpath.join(posixpath.dirname(item.path), norm))):
            warnings.append(Problem(f"the cover '{cover}' was not found: left out", e.source, e.line))
            cover = ""
    elif cover.startswith("/") and not cover.startswith("//"):
        # never a reference to a file the import did not copy (`Thumbnail: /uploads/…` of a file long gone)
        rel = posixpath.normpath(unquote(cover.split("?", 1)[0].split("#", 1)[0]).lstrip("/"))
        if rel not in look.site_files and not look.exists(rel):
            warnings.append(Problem(f"the cover '{cover}' is not in the source: left out", e.source, e.line))
            cover = ""
    return body, cover


def _link_to(item: Placed, target: str, look: Lookup, warnings: list[Problem], line: int | None) -> str:
    other = look.by_path.get(target)
    if other is not None and other.entry.draft and not item.entry.draft:
        warnings.append(Problem(f"a link points to the draft content/{target}: the link was removed, its text kept",
                                item.entry.source, line))
        return ""
    if other is not None and _by_url(other):
        return other.url
    return _relative(item.path, target)
