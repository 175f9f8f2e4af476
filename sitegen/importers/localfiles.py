"""Bring the files an entry refers to (images, videos, PDFs) along with it, in every form.

Markdown images and links, an image inside a link, reference definitions, `href`/`src` of raw
HTML (`<img>`, `<video>`, `<source>`, `<a>`) and the front matter's images (the cover and a
list of `images`) are all looked at. A relative address (`photo.jpg`, `./images/a.png`) is
looked up next to the source file and copied beside the entry; one that climbs out of the
post's folder (`../media/a.png`) is copied beside the entry too, under its own name, and the
address rewritten. A site-absolute address (`/assets/a.png`) is looked up in the old site's
static folders (Jekyll's root, Hugo's `static/`, Astro's `public/`…) and copied to the same
path under `content/`, once, however many posts use it. A file that is not in the source is
reported with the line that names it; the import goes on.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote, unquote

from sitegen.importers import links
from sitegen.importers.model import Entry, Source
from sitegen.importers.spaced import angle_spaced_links

_IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


def _inside(path: Path, roots: list[Path]) -> bool:
    """A file of the blog itself: a symbolic link out of the source is never followed."""
    real = path.resolve()
    return any(real.is_relative_to(r.resolve()) for r in roots)


def collect(entry: Entry, src_file: Path, static_roots: list[Path], source: Source,
            extra_images: list[str] | None = None, tree: Path | None = None) -> None:
    """Record (and where needed rewrite) the local files the entry's body, cover and front-matter
    images use. Addresses with spaces, which kramdown and Obsidian take, are first written so
    CommonMark takes them too. `tree` is the source's own folder: a `../` file must be in it."""
    entry.body = angle_spaced_links(entry.body)
    here = src_file.parent
    roots = [here, *static_roots, *([tree] if tree else [])]     # `tree`: the source's folder, for `../` files
    outside: dict[Path, str] = {}           # a file from outside the post's folder -> its name beside the entry
    missing: list[str] = []

    def take(url: str, line: int | None, what: str = "the file") -> str:
        path = unquote(url.split("#", 1)[0].split("?", 1)[0])
        if not path or not links.is_file_address(path):
            return url
        if links.is_relative(path):
            norm = posixpath.normpath(path)
            candidate = here / norm
            if not candidate.is_file() or not _inside(candidate, roots):
                return url              # reported where links are resolved (it may name another post's file)
            if not norm.startswith("../"):
                if norm not in entry.files:
                    entry.files[norm] = candidate
                    source.images += candidate.suffix.lower() in _IMAGES
                return url
            name = outside.get(candidate.resolve())
            if name is None:            # beside the entry, under its own name made unique
                stem, ext = posixpath.splitext(candidate.name)
                name, n = candidate.name, 2
                while name in entry.files:
                    name, n = f"{stem}-{n}{ext}", n + 1
                outside[candidate.resolve()] = name
                entry.files[name] = candidate
                source.images += candidate.suffix.lower() in _IMAGES
            rest = url[len(url.split("#", 1)[0].split("?", 1)[0]):]
            return quote(name) + rest
        if path.startswith("/") and not path.startswith("//"):
            rel = posixpath.normpath(path.lstrip("/"))
            if rel in source.site_files or rel.startswith(".."):
                return url
            for root in static_roots:
                candidate = root / rel
                if candidate.is_file() and _inside(candidate, [root]):
                    source.site_files[rel] = candidate
                    source.images += candidate.suffix.lower() in _IMAGES
                    return url
            missing.append(path)
            source.warn(f"{what} {path} is not in the source (looked for in "
                        f"{', '.join(r.name + '/' for r in static_roots) or 'no static folder'}): "
                        + ("left out" if what == "the cover" else "not copied"), entry.source, line)
        return url

    def in_body(url: str, line: int) -> str:
        return take(url, entry.body_line + line - 1 if entry.body_line else entry.line)

    entry.body = links.rewrite(entry.body, in_body)
    if entry.cover:
        entry.cover = take(entry.cover, entry.line, "the cover")
        if missing and missing[-1] == unquote(entry.cover.split("#", 1)[0].split("?", 1)[0]):
            entry.cover = ""            # never a reference to a file the import did not copy
    for image in extra_images or []:
        if not links.is_relative(image) and not image.startswith("/"):
            continue                    # a remote image: nothing to copy
        before = len(entry.files), len(source.site_files)
        take(image, entry.line, "the front matter's image")
        if (len(entry.files), len(source.site_files)) != before:
            source.warn(f"the front matter's image {image} was copied beside the post; sitegen shows only the "
                        "cover (the first image)", entry.source, entry.line)
        elif links.is_relative(image) and not (here / posixpath.normpath(unquote(image))).is_file():
            source.warn(f"the front matter's image {image} is not in the source: left out", entry.source, entry.line)
