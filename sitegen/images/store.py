"""Encoded images cached by content: `.sitegen-cache/images/`.

Each image's entry is keyed by the hash of its bytes and everything that shapes its variants
(settings, widths, Pillow's version, the encoder's version). An entry is a JSON file listing
what was made (or why the image cannot be published) and a folder holding the encoded bytes,
so a rebuild encodes only new or changed images, and workers write their results straight to
disk instead of sending them back. A small index remembers each source file's hash by size and
modification time, so unchanged photos are not read again to be hashed.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

ENCODER_VERSION = "2"     # bump when encoding changes in a way the settings key does not show


def key_of(*parts: Any) -> str:
    data = "\x00".join(repr(p) for p in parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str:
    h = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


class ImageStore:
    def __init__(self, root: Path, enabled: bool = True):
        self.root = root
        self.enabled = enabled
        self._index_path = root / "index.json"
        self._index: dict[str, list[Any]] = {}
        self._index_dirty = False
        if enabled:
            try:
                self._index = json.loads(self._index_path.read_text("utf-8"))
            except (OSError, ValueError):
                self._index = {}

    def content_hash(self, path: Path) -> str:
        """The hash of a source file's bytes, trusted from the index while its size and time agree."""
        st = path.stat()
        name = str(path)
        known = self._index.get(name)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return str(known[2])
        digest = file_hash(path)
        self._index[name] = [st.st_size, st.st_mtime_ns, digest]
        self._index_dirty = True
        return digest

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def load(self, key: str) -> dict[str, Any] | None:
        """The entry for a key, when it and every file it names are there."""
        if not self.enabled:
            return None
        try:
            entry: dict[str, Any] = json.loads((self.folder(key) / "entry.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        folder = self.folder(key)
        if not all((folder / name).is_file() for name in entry.get("files", [])):
            return None
        return entry

    def save(self, key: str, entry: dict[str, Any], files: dict[str, bytes]) -> None:
        """Write the encoded files, then the entry (last, so a half-written entry is never trusted)."""
        folder = self.folder(key)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            tmp = folder / f"{name}.{os.getpid()}.tmp"      # two workers may make the same entry
            tmp.write_bytes(data)
            os.replace(tmp, folder / name)
        entry = {**entry, "files": sorted(files)}
        tmp = folder / f"entry.json.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(entry, sort_keys=True), "utf-8")
        os.replace(tmp, folder / "entry.json")

    def path(self, key: str, name: str) -> Path:
        return self.folder(key) / name

    def flush(self, live: set[str] | None = None) -> None:
        """Save the hash index (forgetting files no longer in the site when `live` is given)."""
        if not self.enabled:
            return
        if live is not None:
            for gone in set(self._index) - live:
                del self._index[gone]
                self._index_dirty = True
        if self._index_dirty:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self._index_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._index, sort_keys=True), "utf-8")
            os.replace(tmp, self._index_path)
            self._index_dirty = False
