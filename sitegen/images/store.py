"""Encoded images cached by content: `.sitegen-cache/images/`.

Each image's entry is keyed by the hash of its bytes and everything that shapes its variants
(settings, widths, Pillow's version, the encoder's version). An entry is a JSON file listing
what was made (or why the image cannot be published) and a folder holding the encoded bytes,
so a rebuild encodes only new or changed images, and workers write their results straight to
disk instead of sending them back. A small index remembers each source file's hash by size and
modification time, so unchanged photos are not read again to be hashed, and another
(`entries.json`) the entries the last build used, so their files are not read one by one.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

ENCODER_VERSION = "5"     # bump when encoding changes in a way the settings key does not show


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
        self._entries_path = root / "entries.json"
        self._known: dict[str, dict[str, Any]] = {}     # key -> entry, as the last build used them
        self._used: set[str] = set()                    # the keys this build loaded or saved
        if enabled:
            try:
                self._index = json.loads(self._index_path.read_text("utf-8"))
            except (OSError, ValueError):
                self._index = {}
            self._known = self._read_entries()
        self._saved_keys = set(self._known)             # what the entries file holds

    def _read_entries(self) -> dict[str, dict[str, Any]]:
        """The entries file: a checksum line, then JSON (damaged or missing: nothing known)."""
        try:
            text = self._entries_path.read_text("utf-8")
            check, _, body = text.partition("\n")
            if hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest() != check:
                return {}
            known = json.loads(body)
            return known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            return {}

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
        folder = os.path.join(self.root, key[:2], key)
        entry = self._known.get(key)
        if not isinstance(entry, dict):
            try:
                with open(os.path.join(folder, "entry.json"), encoding="utf-8") as f:
                    entry = json.loads(f.read())
            except (OSError, ValueError):
                return None
            if not isinstance(entry, dict):
                return None
        if not all(os.path.isfile(os.path.join(folder, name)) for name in entry.get("files", [])):
            self._known.pop(key, None)
            return None
        self._known[key] = entry
        self._used.add(key)
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
        self._known[key] = entry
        self._used.add(key)

    def recall(self, key: str) -> dict[str, Any] | None:
        """An entry kept by remember() (in the entries file: nothing to look for on disk)."""
        entry = self._known.get(key) if self.enabled else None
        if entry is not None:
            self._used.add(key)
        return entry

    def remember(self, key: str, entry: dict[str, Any]) -> None:
        """Keep an entry that names no file (in the entries file only: no folder is made)."""
        self._known[key] = {**entry, "files": []}
        self._used.add(key)

    def path(self, key: str, name: str) -> Path:
        return Path(os.path.join(self.root, key[:2], key, name))     # (one parse: 10k cards a build)

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
        if self._used != self._saved_keys:          # remember the entries this build used, only
            self._known = {key: self._known[key] for key in self._used if key in self._known}
            self._saved_keys = set(self._known)
            self.root.mkdir(parents=True, exist_ok=True)
            body = json.dumps(self._known, sort_keys=True)
            tmp = self._entries_path.with_suffix(".tmp")
            tmp.write_text(hashlib.blake2b(body.encode("utf-8"), digest_size=16).hexdigest() + "\n" + body, "utf-8")
            os.replace(tmp, self._entries_path)
