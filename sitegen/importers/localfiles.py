"""Bring the files a Markdown entry links to (images, PDFs) along with it.

A relative link (`photo.jpg`, `./images/a.png`) is looked up next to the source file and
copied beside the entry. A site-absolute link (`/assets/a.png`) is looked up in the old
site's static folders (Jekyll's root, Hugo's `static/`, Astro's `public/`…) and copied to
the same path under `content/`, once, however many posts use it.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote

from sitegen.importers import links
from sitegen.importers.model import Entry, Source
from sitegen.importers.spaced import angle_spaced_links

_PAGES = (".md", ".markdown", ".mdx", ".html", ".htm", ".rst", ".adoc")


def collect(entry: Entry, src_file: Path, static_roots: list[Path], source: Source) -> None:
    """Record the local files the entry's body and cover use (addresses with spaces, which
    kramdown and Obsidian take, first written so CommonMark takes them too)."""
    entry.body = angle_spaced_links(entry.body)
    refs = [u for u, _line in links.find(entry.body)]
    if entry.cover:
        refs.append(entry.cover)
    for url in refs:
        path = unquote(url.split("#", 1)[0].split("?", 1)[0])
        if not path or path.lower().endswith(_PAGES) or path.endswith("/"):
            continue
        if links.is_relative(path):
            norm = posixpath.normpath(path)
            if norm.startswith("../") and not (src_file.parent / norm).is_file():
                continue
            candidate = (src_file.parent / norm).resolve()
            # a symbolic link out of the post's folder is not followed: only the blog's own files come along
            if candidate.is_file() and norm not in entry.files and candidate.is_relative_to(src_file.parent.resolve()):
                if norm.startswith("../"):       # outside the post's folder: copy it beside the post instead
                    continue
                entry.files[norm] = candidate
                source.images += candidate.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
        elif path.startswith("/") and not path.startswith("//"):
            rel = posixpath.normpath(path.lstrip("/"))
            if rel in source.site_files or rel.startswith(".."):
                continue
            for root in static_roots:
                candidate = root / rel
                if candidate.is_file() and candidate.resolve().is_relative_to(root.resolve()):
                    source.site_files[rel] = candidate
                    source.images += candidate.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
                    break
