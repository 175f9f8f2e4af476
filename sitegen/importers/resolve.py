"""Old URLs and links, once every entry has its place: aliases, links between imported
entries, files beside an entry, and links that would point nowhere in the new site."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin

from sitegen.errors import Problem
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
    new_urls = {existing.key(p.url) for p in placed}
    claimed: dict[str, str] = {}
    for item in placed:
        out: list[str] = []
        for old in item.entry.old_urls:
            path = site_path(old, old_base)
            if path is None or ".." in path.split("/"):
                continue
            key = existing.key(path)
            first = key.strip("/").split("/", 1)[0]
            if key == "/" or key in new_urls or (first in RESERVED and first != "posts"):
                continue
            if taken and taken.get(key, item.path) != item.path:
                warnings.append(Problem(f"the old address {path} is already an address of content/{taken[key]}: "
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


def _relative(from_path: str, to_path: str) -> str:
    return posixpath.relpath(to_path, posixpath.dirname(from_path))


def body_links(item: Placed, look: Lookup, warnings: list[Problem]) -> tuple[str, str]:
    """The body with every link resolved, and the cover's new path."""
    e = item.entry
    refs = {posixpath.normpath(unquote(r)): r for r in e.files}
    old_page = next((u for u in item.old if u.startswith(("http://", "https://"))), "")
    if not old_page and item.old and look.old_base:
        old_page = urljoin(look.old_base.rstrip("/") + "/", item.old[0].lstrip("/"))

    def fix(url: str, line: int) -> str | None:
        where = e.body_line + line - 1 if e.body_line else e.line
        path, sep, fragment = url.partition("#")
        if not path:
            return url
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
            if linked_entry.entry.kind == "page":      # pages are linked by URL (sitegen resolves .md links to posts)
                return linked_entry.url + sep + fragment
            return _relative(item.path, linked_entry.path) + sep + fragment
        if path.startswith("/") and not path.startswith("//"):
            if look.old_base:
                warnings.append(Problem(f"the link '{url}' is not an imported post: it now points to the old site",
                                        e.source, where))
                return urljoin(look.old_base, url)
            warnings.append(Problem(f"the link '{url}' is a path of the old site that was not imported",
                                    e.source, where, "check it after the import"))
        return url

    body = links.rewrite(e.body, fix)
    cover = e.cover
    if cover and links.is_relative(cover):
        norm = posixpath.normpath(unquote(cover))
        if norm in refs:
            cover = _relative(item.path, item.asset_path(norm))
        elif not look.exists(posixpath.normpath(posixpath.join(posixpath.dirname(item.path), norm))):
            warnings.append(Problem(f"the cover '{cover}' was not found: left out", e.source, e.line))
            cover = ""
    return body, cover


def _link_to(item: Placed, target: str, look: Lookup, warnings: list[Problem], line: int | None) -> str:
    other = look.by_path.get(target)
    if other is not None and other.entry.draft and not item.entry.draft:
        warnings.append(Problem(f"a link points to the draft content/{target}: the link was removed, its text kept",
                                item.entry.source, line))
        return ""
    if other is not None and other.entry.kind == "page":
        return other.url
    return _relative(item.path, target)
