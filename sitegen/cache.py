"""The persistent build cache in SITE/.sitegen-cache/.

It remembers, from one build to the next:
- each post's validated front matter, keyed by the file's bytes and the config that shapes it;
- each post's rendered Markdown, keyed by the file's bytes, the Markdown settings, the data
  files and sitegen's version (the HTML itself lives in an append-only pack file, read on
  demand, so a build holds little of it in memory);
- for each output folder, a key per page (what the page was rendered from) and the size and
  modification time of each file written, so unchanged pages are neither rendered nor written.

The state file carries a checksum: a corrupt, truncated or foreign cache is detected, reported
as a warning, and rebuilt from scratch; it is never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from . import __version__

DIR = ".sitegen-cache"
MAGIC = b"SGCACHE1"
STATE = "state.bin"
PACK = "html.pack"


def digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


class HtmlRef:
    """Loads one post's HTML from the pack file (works in forked workers too)."""

    __slots__ = ("path", "offset", "length")

    def __init__(self, path: str, offset: int, length: int):
        self.path, self.offset, self.length = path, offset, length

    def __call__(self) -> str:
        fd = os.open(self.path, os.O_RDONLY)
        try:
            return os.pread(fd, self.length, self.offset).decode("utf-8")
        finally:
            os.close(fd)

    def __reduce__(self) -> tuple:
        return (HtmlRef, (self.path, self.offset, self.length))


class BuildCache:
    def __init__(self, site_dir: Path, enabled: bool = True):
        self.dir = site_dir / DIR
        self.enabled = enabled
        self.warning: str | None = None
        self.drafts: dict[str, tuple[str, Any]] = {}
        self.rendered: dict[str, tuple[str, Any, tuple[int, int]]] = {}
        self.outputs: dict[str, dict[str, Any]] = {}
        self.pack_size = 0
        self.live_bytes = 0
        self.dirty = False
        if enabled:
            self._load()

    # -- loading and saving -------------------------------------------------------------

    def _load(self) -> None:
        path = self.dir / STATE
        if not path.exists():
            return
        try:
            raw = path.read_bytes()
            if raw[:8] != MAGIC or hashlib.sha256(raw[40:]).digest() != raw[8:40]:
                raise ValueError("checksum mismatch")
            state = pickle.loads(raw[40:])
            if state.get("version") != __version__:
                return      # another sitegen version: start afresh, silently
            pack = self.dir / PACK
            if not pack.exists() or pack.stat().st_size < state["pack_size"]:
                raise ValueError("the HTML pack is missing or truncated")
            self.drafts, self.rendered, self.outputs = state["drafts"], state["rendered"], state["outputs"]
            self.pack_size = state["pack_size"]
        except Exception as exc:  # any failure means: do not trust it
            self.warning = f"the build cache in {self.dir} was unreadable ({exc}); rebuilding it"
            self.drafts, self.rendered, self.outputs, self.pack_size = {}, {}, {}, 0

    def save(self) -> None:
        if not self.enabled or not self.dirty:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps({"version": __version__, "drafts": self.drafts, "rendered": self.rendered,
                                "outputs": self.outputs, "pack_size": self.pack_size},
                               protocol=pickle.HIGHEST_PROTOCOL)
        tmp = self.dir / (STATE + ".tmp")
        tmp.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, self.dir / STATE)
        self.dirty = False

    # -- the HTML pack ------------------------------------------------------------------

    def _pack_path(self) -> str:
        return str(self.dir / PACK)

    def ref(self, span: tuple[int, int]) -> HtmlRef:
        return HtmlRef(self._pack_path(), span[0], span[1])

    def store_html(self, items: list[str]) -> list[tuple[int, int]]:
        """Append HTML to the pack; returns (offset, length) spans."""
        if not items:
            return []
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.pack_size == 0 and (self.dir / PACK).exists():
            (self.dir / PACK).unlink()
        spans = []
        with open(self._pack_path(), "ab") as f:
            f.seek(self.pack_size)
            f.truncate()
            for text in items:
                data = text.encode("utf-8")
                spans.append((self.pack_size, len(data)))
                f.write(data)
                self.pack_size += len(data)
        self.dirty = True
        return spans

    def compact_if_needed(self) -> None:
        """Rewrite the pack without dead entries once they make up most of it."""
        live = sum(span[1] for _, _, span in self.rendered.values())
        if self.pack_size < 1 << 20 or live * 2 > self.pack_size:
            return
        old = self._pack_path()
        fd = os.open(old, os.O_RDONLY)
        try:
            items = [(rel, os.pread(fd, span[1], span[0])) for rel, (_, _, span) in self.rendered.items()]
        finally:
            os.close(fd)
        tmp = old + ".tmp"
        offset = 0
        with open(tmp, "wb") as f:
            for rel, data in items:
                key, rendered, _ = self.rendered[rel]
                self.rendered[rel] = (key, rendered, (offset, len(data)))
                f.write(data)
                offset += len(data)
        os.replace(tmp, old)
        self.pack_size = offset
        self.dirty = True

    # -- per output folder --------------------------------------------------------------

    def output_state(self, out_dir: Path) -> dict[str, Any]:
        return self.outputs.get(str(out_dir.resolve()), {"keys": {}, "stats": {}})

    def set_output_state(self, out_dir: Path, keys: dict[str, str], stats: dict[str, list]) -> None:
        name = str(out_dir.resolve())
        for gone in [o for o in self.outputs if o != name and not Path(o).is_dir()]:
            del self.outputs[gone]      # output folders that no longer exist
            self.dirty = True
        if self.outputs.get(name) != {"keys": keys, "stats": stats}:
            self.outputs[name] = {"keys": keys, "stats": stats}
            self.dirty = True
