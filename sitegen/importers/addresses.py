"""Addresses of the old site and the new: which old address is a path of the new site, and which
first path segments the new site's own pages take."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

# First path segments that sitegen's own pages use: a page or alias there would collide.
RESERVED = {"posts", "tags", "authors", "archive", "page", "static", "feed.xml", "atom.xml", "feed.json",
            "sitemap.xml", "robots.txt", "404.html", "index.html", "index", "_redirects", "_headers", "search", "pagefind"}


def site_path(url: str, old_base: str) -> str | None:
    """The site path of an old address (relative to the old site's base), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:          # "http://[::1": no address at all
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    # a doubled slash after the host (`https://old.example//greek/x/`) is the same address to a web server
    path = re.sub(r"/{2,}", "/", unquote(parts.path)) if parts.netloc else unquote(parts.path)
    if old_base and parts.netloc:
        base = urlsplit(old_base)
        if parts.netloc.lower().removeprefix("www.") != base.netloc.lower().removeprefix("www."):
            return None
    if old_base:
        prefix = urlsplit(old_base).path.rstrip("/")
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix):] or "/"
    return path if path.startswith("/") else None
