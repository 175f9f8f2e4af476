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

from sitegen import __version__

DIR = ".sitegen-cache"
MAGIC = b"SGCACHE1"
STATE = "state.bin"
PACK = "html.pack"
OUTPUTS = "outputs.bin"


def digest(*parts: Any) -> str:
    """A short stable hash of bytes, strings and plain values (by their repr)."""
    data = b"\x00".join(p if isinstance(p, bytes) else repr(p).encode("utf-8", "surrogatepass") for p in parts)
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class HtmlRef:
    """Loads one post's HTML from the pack file (works in forked workers too)."""

    __slots__ = ("length", "offset", "path")

    def __init__(self, path: str, offset: int, length: int):
        self.path, self.offset, self.length = path, offset, length

    def __call__(self) -> str:
        fd = os.open(self.path, os.O_RDONLY)
        try:
            return os.pread(fd, self.length, self.offset).decode("utf-8")
        finally:
            os.close(fd)

    def __reduce__(self) -> tuple[Any, ...]:
        return (HtmlRef, (self.path, self.offset, self.length))


def _read_checked(path: Path) -> Any:
    """A pickled state file, or None when there is none; raises when it is damaged."""
    if not path.exists():
        return None
    raw = path.read_bytes()
    if raw[:8] != MAGIC or hashlib.sha256(raw[40:]).digest() != raw[8:40]:
        raise ValueError("checksum mismatch")
    state = pickle.loads(raw[40:])
    return state if state.get("version") == __version__ else None   # another version: start afresh


def _write_checked(path: Path, state: dict[str, Any]) -> None:
    payload = pickle.dumps({"version": __version__, **state}, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
    os.replace(tmp, path)


class BuildCache:
    """Two files: the posts' state (large; loaded only when a build needs it) and the state of
    each output folder (small; always loaded)."""

    def __init__(self, site_dir: Path, enabled: bool = True):
        self.dir = site_dir / DIR
        self.enabled = enabled
        self.warning: str | None = None
        self._drafts: dict[str, tuple[str, Any]] = {}
        self._rendered: dict[str, tuple[str, Any, tuple[int, int]]] = {}
        self._posts_loaded = not enabled
        self.outputs: dict[str, dict[str, Any]] = {}
        self.pack_size = 0
        self.dirty = False              # the posts' state changed
        self.outputs_dirty = False
        if enabled:
            try:
                state = _read_checked(self.dir / OUTPUTS)
                self.outputs = state["outputs"] if state else {}
            except Exception as exc:    # any failure means: do not trust it
                self._damaged(exc)

    def _damaged(self, exc: Exception) -> None:
        self.warning = f"the build cache in {self.dir} was unreadable ({exc}); rebuilding it"
        self._drafts, self._rendered, self.outputs, self.pack_size = {}, {}, {}, 0
        self.dirty = self.outputs_dirty = True

    def _load_posts(self) -> None:
        self._posts_loaded = True
        try:
            state = _read_checked(self.dir / STATE)
            if state is None:
                return
            pack = self.dir / PACK
            if not pack.exists() or pack.stat().st_size < state["pack_size"]:
                raise ValueError("the HTML pack is missing or truncated")
            self._drafts, self._rendered, self.pack_size = state["drafts"], state["rendered"], state["pack_size"]
        except Exception as exc:
            self._damaged(exc)

    @property
    def drafts(self) -> dict[str, tuple[str, Any]]:
        if not self._posts_loaded:
            self._load_posts()
        return self._drafts

    @property
    def rendered(self) -> dict[str, tuple[str, Any, tuple[int, int]]]:
        if not self._posts_loaded:
            self._load_posts()
        return self._rendered

    def save(self) -> None:
        if not self.enabled:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        if self.dirty and self._posts_loaded:
            _write_checked(self.dir / STATE, {"drafts": self._drafts, "rendered": self._rendered,
                                              "pack_size": self.pack_size})
            self.dirty = False
        if self.outputs_dirty:
            _write_checked(self.dir / OUTPUTS, {"outputs": self.outputs})
            self.outputs_dirty = False

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
        if not self._posts_loaded:
            return
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
        return self.outputs.get(str(out_dir.resolve()), {"keys": {}, "stats": {}, "inputs": None})

    def set_output_state(self, out_dir: Path, keys: dict[str, str], stats: dict[str, list[Any]],
                         inputs: Any = None) -> None:
        name = str(out_dir.resolve())
        for gone in [o for o in self.outputs if o != name and not Path(o).is_dir()]:
            del self.outputs[gone]      # output folders that no longer exist
            self.outputs_dirty = True
        state = {"keys": keys, "stats": stats, "inputs": inputs}
        if self.outputs.get(name) != state:
            self.outputs[name] = state
            self.outputs_dirty = True
