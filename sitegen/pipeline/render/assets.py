"""Cache-friendly theme assets: CSS and JS minified and written under content-hashed names
(`assets/style.3f9a1c2b7e.css`), so a host may cache them for a year; `_headers` says so, and
gives HTML, feeds and everything else a short lifetime.

A stylesheet's `@import`s of other local stylesheets are inlined (one request instead of three)
and its relative `url(…)`s are rewritten to reach the same files from `assets/`. The original
files stay in `static/`, so site templates that link them keep working.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitegen.pipeline.output import Writer

HASHED_DIR = "assets"
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=0, must-revalidate"
_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s]+)["']?\s*\)?\s*;""")
_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


@dataclass(frozen=True)
class AssetMap:
    urls: Mapping[str, str] = field(default_factory=dict)      # static path (css/style.css) -> site URL
    files: Mapping[str, bytes] = field(default_factory=dict)   # output path -> bytes

    def url(self, path: str) -> str | None:
        return self.urls.get(path.lstrip("/"))

    def key(self) -> str:
        return hashlib.sha256(repr(sorted(self.urls.items())).encode()).hexdigest()


def _local(ref: str) -> bool:
    return not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/|^#", ref)


def bundle_css(path: str, read: Mapping[str, bytes], seen: set[str] | None = None) -> str:
    """The stylesheet at static path `path` with its local @imports inlined and its relative
    url()s made relative to the static root (`css/x.png` stays `css/x.png`)."""
    seen = seen if seen is not None else set()
    seen.add(path)
    folder = posixpath.dirname(path)
    text = read[path].decode("utf-8")

    def rebase(m: re.Match[str]) -> str:
        ref = m.group(2).strip()
        if not _local(ref) or ref.startswith("data:"):
            return m.group(0)
        return f'url("{posixpath.normpath(posixpath.join(folder, ref))}")'

    inlined: list[str] = []

    def inline(m: re.Match[str]) -> str:
        ref = m.group(1)
        target = posixpath.normpath(posixpath.join(folder, ref))
        if not _local(ref) or target not in read:
            return m.group(0)
        inlined.append("" if target in seen else bundle_css(target, read, seen))
        return f"\x00{len(inlined) - 1}\x00"

    text = _IMPORT.sub(inline, text)        # first, so the imports' own url()s are not rebased twice
    text = _URL.sub(rebase, text)
    return re.sub("\x00(\\d+)\x00", lambda m: inlined[int(m.group(1))], text)


def _from_assets(text: str) -> str:
    """Static-root-relative url()s (as bundle_css leaves them) as seen from assets/."""
    def fix(m: re.Match[str]) -> str:
        ref = m.group(2).strip()
        if not _local(ref) or ref.startswith("data:"):
            return m.group(0)
        return f'url("../static/{ref}")'
    return _URL.sub(fix, text)


def hashed_name(path: str, data: bytes) -> str:
    stem, ext = posixpath.splitext(posixpath.basename(path))
    return f"{HASHED_DIR}/{stem}.{hashlib.sha256(data).hexdigest()[:10]}{ext}"


def make_assets(static_dirs: Iterable[Path]) -> AssetMap:
    """Hashed, minified copies of every CSS and JS file of the static folders (the first folder
    that has a path wins, as for the copies in static/)."""
    import rcssmin
    import rjsmin
    read: dict[str, bytes] = {}
    for base in static_dirs:
        if base.is_dir():
            for p in sorted(base.rglob("*")):
                rel = p.relative_to(base).as_posix()
                if p.is_file() and p.suffix in (".css", ".js") and rel not in read and not p.name.startswith("."):
                    read[rel] = p.read_bytes()
    urls: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for rel in sorted(read):
        if rel.endswith(".css"):
            data = rcssmin.cssmin(_from_assets(bundle_css(rel, read))).encode("utf-8")
        else:
            data = rjsmin.jsmin(read[rel].decode("utf-8")).encode("utf-8")
        out = hashed_name(rel, data)
        urls[rel] = "/" + out
        files[out] = data
    return AssetMap(urls, files)


def headers(output_paths: Iterable[str]) -> bytes:
    """`_headers` (Netlify, Cloudflare Pages): a year for hashed assets, revalidation for the
    rest. Rules never overlap (hosts join the values of overlapping rules), so the rest is
    listed by top-level file and folder."""
    tops: set[str] = set()
    for rel in output_paths:
        first, sep, _ = rel.partition("/")
        if first != HASHED_DIR and not first.startswith("."):
            tops.add(first + "/*" if sep else first)
    lines = ["# written by sitegen: hashed assets never change; everything else is checked again",
             f"/{HASHED_DIR}/*", f"  Cache-Control: {LONG}", "/", f"  Cache-Control: {SHORT}"]
    for top in sorted(tops):
        lines += [f"/{top}", f"  Cache-Control: {SHORT}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(hashed: AssetMap, writer: Writer) -> int:
    """The hashed, minified CSS and JS, and _headers (unless the site has its own, in content/).
    Called after every other file is added, so _headers knows the whole site. Returns the count."""
    for rel, data in hashed.files.items():
        writer.add(rel, data)
    if "_headers" in writer.new:
        return len(hashed.files)
    writer.add("_headers", headers(list(writer.new)))
    return len(hashed.files) + 1
