"""The one writer of the output folder.

A build is all or nothing: changed files are first written to a staging folder beside the
output, and moved into place only when every page rendered. Only files whose bytes changed
are written (unchanged files keep their modification time, so sync tools upload only what
changed); files that sitegen wrote before and that no longer belong to the site are removed.
The manifest (`.sitegen-manifest.json`) records what sitegen wrote, so it never deletes or
overwrites a file it did not create. Files are claimed in a journal
(`.sitegen-journal`) before they are moved in and the manifest is written after; a build or
server killed in between leaves the journal, and the next reader of the manifest takes from it
each file whose bytes are those it names (`read_manifest`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitegen import urls
from sitegen.errors import Problem, SitegenError

MANIFEST = ".sitegen-manifest.json"
JOURNAL = ".sitegen-journal"


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(files: dict[str, str]) -> str:
    """The manifest's text: json.dumps(indent=0, sort_keys=True) of {"files", "generator"}, made
    with the C encoder (the indent makes json use its pure-Python one, 10x slower)."""
    enc = json.JSONEncoder(ensure_ascii=True).encode
    items = ",\n".join(f"{enc(k)}: {enc(v)}" for k, v in sorted(files.items()))
    body = "{\n" + items + "\n}" if items else "{}"
    return '{\n"files": ' + body + ',\n"generator": "sitegen"\n}\n'


def read_manifest(out_dir: Path) -> dict[str, str] | None:
    """What sitegen wrote in out_dir, rel -> sha256 (None when there is no readable manifest),
    with the files a killed build or server claimed in the journal and left with the bytes
    it claimed for them."""
    found: Any = None
    try:
        found = json.loads((out_dir / MANIFEST).read_text("utf-8")).get("files")
    except (OSError, ValueError, AttributeError):
        found = None
    manifest: dict[str, str] | None = found if isinstance(found, dict) else None
    try:
        lines = (out_dir / JOURNAL).read_text("utf-8").split("\n")
    except OSError:
        return manifest
    files = dict(manifest or {})
    for line in lines:
        try:
            digest, rel = json.loads(line)[:2]
        except (ValueError, TypeError):
            continue                    # the empty last line, or one cut short by the kill
        if not isinstance(rel, str) or not isinstance(digest, str) or files.get(rel) == digest:
            continue
        try:
            with open(os.path.join(out_dir, rel), "rb") as f:
                if _hash(f.read()) == digest:
                    files[rel] = digest
        except OSError:
            continue
    return files


def _claim(out_dir: Path, entries: Iterable[tuple[str, str]], beside: bool = False) -> None:
    """Claims files in out_dir's journal before they are moved in: a JSON line [sha256, rel] each,
    written before the move (a kill of the process loses nothing the kernel was handed).
    beside: each file is first written beside its place under a temporary name (marked in its
    line, so that name is removed with the journal)."""
    extra = [1] if beside else []
    with open(out_dir / JOURNAL, "a", encoding="utf-8") as f:
        f.write("".join(json.dumps([digest, rel, *extra]) + "\n" for rel, digest in entries))


def _tmp_name(name: str) -> str:
    return f".{name}.sitegen-tmp"


def clear_journal(out_dir: Path) -> None:
    """Once the manifest holds everything the journal claimed: the journal goes, with any
    temporary file a killed server left beside a file it claimed."""
    path = out_dir / JOURNAL
    try:
        lines = path.read_text("utf-8").split("\n")
    except OSError:
        return
    for line in lines:
        if not line.endswith(", 1]"):
            continue                    # a file moved in from the staging folder: no temporary beside it
        try:
            _digest, rel, _beside = json.loads(line)
            folder, name = os.path.split(rel)
            os.unlink(os.path.join(out_dir, folder, _tmp_name(name)))
        except (ValueError, TypeError, OSError):
            continue
    path.unlink(missing_ok=True)


def check_output_dir(out_dir: Path, site_dir: Path) -> None:
    """Refuse output folders that hold the user's own files."""
    out = out_dir.resolve()
    site = site_dir.resolve()
    hint = "build into a folder of its own, such as output/ (the default)"
    if out == site or out in site.parents:
        raise SitegenError(f"refusing to build into {out_dir}: it contains the site's own files", hint=hint)
    for own in ("content", "templates", "themes", "data"):
        mine = (site / own).resolve()
        if out == mine or mine in out.parents:
            raise SitegenError(f"refusing to build into {out_dir}: it is inside the site's {own}/ folder", hint=hint)
    if out.exists() and not out.is_dir():
        raise SitegenError(f"refusing to build into {out_dir}: it is a file", hint=hint)
    if out.is_dir() and not (out / MANIFEST).is_file() and any(out.iterdir()):
        raise SitegenError(f"refusing to build into {out_dir}: it is not empty and was not made by sitegen",
                           hint="empty it yourself, or choose another --output folder")


def check_names(names: Iterable[tuple[str, str]]) -> None:
    """Refuse two output files that are one file where case or Unicode normalisation is ignored
    (urls.fold), or that are the same file. `names`: (output-relative path, what it is made from)."""
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for rel, origin in names:
        first = seen.setdefault(urls.fold(rel), (rel, origin))
        if first == (rel, origin):
            continue
        if first[0] == rel:
            message = f"two things would be written to the same file {rel}: {first[1]} and {origin}"
        else:
            message = (f"two output files differ only in case or Unicode normalisation: {first[0]} (from {first[1]}) "
                       f"and {rel} (from {origin})")
        problems.append(Problem(message, None, None,
                                "file systems that ignore case (macOS, Windows) or normalise Unicode, and some hosts, "
                                "keep only one of the two: rename one of them (or give the post another 'slug:')"))
    if problems:
        raise SitegenError(problems=problems)


class Writer:
    def __init__(self, out_dir: Path, stats: dict[str, list[Any]] | None = None, *,
                 copied: dict[str, tuple[str, int, int, int]] | None = None, trusted_before: int = 0):
        """stats: rel -> [sha256, size, mtime_ns] remembered from the last build (a cache).
        copied: rel -> (source, size, mtime_ns, inode) of the file the last build copied there;
        a source with the same signature, modified before `trusted_before` (ns; so no write can
        hide in the clock tick of that build's read), is not read again."""
        self.out = out_dir
        self.root = str(out_dir)
        self.stats = stats or {}
        self.copied = copied or {}
        self.trusted_before = trusted_before
        self.copies: dict[str, tuple[str, int, int, int]] = {}     # what this build copied, for the next
        self.old: dict[str, str] = read_manifest(out_dir) or {}
        self.new: dict[str, str] = {}
        self.staged: list[str] = []
        self._staging: Path | None = None
        self.written = 0
        self.unchanged = 0
        # No output folder yet (a first or clean build): files are staged as the site's own tree,
        # its folders made by the workers that write them, and the commit is one rename of the
        # tree. With 15,000 pages that spares the parent 15,000 serial mkdirs and 25,000 renames.
        self.fresh = not os.path.lexists(self.root)
        self._made: set[str] = set()

    def _current_hash(self, rel: str, trust_stats_only: bool = False) -> str | None:
        """The hash of the file now at rel, trusting the cache when size and mtime agree."""
        path = os.path.join(self.root, rel)
        try:
            st = os.stat(path)
        except OSError:
            return None
        known = self.stats.get(rel)
        if known and known[0] == self.old.get(rel) and known[1] == st.st_size and known[2] == st.st_mtime_ns:
            return str(known[0])
        if trust_stats_only:
            return None
        with open(path, "rb") as f:
            digest: str = _hash(f.read())
            return digest

    @property
    def staging(self) -> Path:
        """The staging folder, made on first use (before any worker is forked)."""
        if self._staging is None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=".sitegen-staging-", dir=self.out.parent))
            if self.fresh:      # mkdtemp's folder is private (0700); the tree that becomes the site is not
                (self._staging / "site").mkdir()
        return self._staging

    def prepare(self, rel: str, data: bytes) -> tuple[str, bool]:
        """Hash the bytes for rel and stage them if they differ from what is there.

        Safe to call from forked workers: it only reads the writer's state and writes to the
        staging folder. Returns (hash, staged).
        """
        digest = _hash(data)
        if rel in self.old and self.old[rel] == digest and self._current_hash(rel) == digest:
            return digest, False
        if not self.fresh and rel not in self.old and (self.out / rel).exists():
            raise SitegenError(f"refusing to overwrite {self.out / rel}: sitegen did not create it",
                               hint="move that file away, or rename the page that would replace it")
        path = self.staged_path(rel)
        if self.fresh:
            folder = os.path.dirname(path)
            if folder not in self._made:
                os.makedirs(folder, exist_ok=True)
                self._made.add(folder)
        with open(path, "wb") as f:
            f.write(data)
        return digest, True

    def staged_path(self, rel: str) -> str:
        """Where the bytes staged for rel wait until commit: in a fresh build, at rel in the tree
        that becomes the site; otherwise flat, named by a hash of rel (no folders to make here and
        remove after the move)."""
        if self.fresh:
            return os.path.join(self.staging, "site", rel)
        return os.path.join(self.staging, hashlib.blake2b(rel.encode("utf-8", "surrogatepass"),
                                                          digest_size=16).hexdigest())

    def record(self, rel: str, digest: str, staged: bool) -> None:
        if rel in self.new:
            raise SitegenError(f"two things would be written to the same file: {rel}",
                               hint="a post's slug or a content file clashes with another page")
        self.new[rel] = digest
        if staged:
            self.staged.append(rel)
        else:
            self.unchanged += 1

    def add(self, rel: str, data: bytes) -> None:
        if rel in self.new:
            self.record(rel, "", False)   # raises the clash error
        self.record(rel, *self.prepare(rel, data))

    def can_keep(self, rel: str) -> bool:
        """True when the file sitegen wrote last time is still there, untouched."""
        old = self.old.get(rel)
        return old is not None and self._current_hash(rel, trust_stats_only=True) == old

    def keep(self, rel: str) -> None:
        self.record(rel, self.old[rel], False)

    def copy(self, rel: str, source: Path) -> None:
        """Copy a file; one whose source and output are as the last build left them is kept
        without being read."""
        path = str(source)
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and st.st_mtime_ns < self.trusted_before and rel not in self.new:
            sign = (path, st.st_size, st.st_mtime_ns, st.st_ino)
            if self.copied.get(rel) == sign and self.can_keep(rel):
                self.keep(rel)
                self.copies[rel] = sign
                return
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            data = f.read()
        self.add(rel, data)
        self.copies[rel] = (path, st.st_size, st.st_mtime_ns, st.st_ino)

    def abort(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)

    def commit(self) -> None:
        if self.fresh and not os.path.lexists(self.root):
            self._commit_tree()
            return
        if self.fresh:      # the folder appeared during the build: take nothing of what is in it
            for rel in self.staged:
                if os.path.lexists(os.path.join(self.root, rel)):
                    raise SitegenError(f"refusing to overwrite {self.out / rel}: sitegen did not create it",
                                       hint="move that file away, or rename the page that would replace it")
        self.out.mkdir(parents=True, exist_ok=True)
        if self.staged:
            _claim(self.out, ((rel, self.new[rel]) for rel in self.staged))
        made: set[str] = set()
        for rel in self.staged:
            dest = os.path.join(self.root, rel)
            folder = os.path.dirname(dest)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            if os.path.isdir(dest) and not os.path.islink(dest):
                shutil.rmtree(dest)
            os.replace(self.staged_path(rel), dest)
            self.written += 1
        removed_dirs = set()
        for rel in sorted(set(self.old) - set(self.new)):
            path = self.out / rel
            if path.is_file() and _hash(path.read_bytes()) == self.old[rel]:
                path.unlink()
                removed_dirs.add(path.parent)
        for d in sorted(removed_dirs, key=lambda p: len(p.parts), reverse=True):
            while d != self.out and d.is_dir() and not any(d.iterdir()):
                d.rmdir()
                d = d.parent
        staged = set(self.staged)
        stats = {}
        for rel, digest in self.new.items():
            known = self.stats.get(rel)
            if rel in staged or not known or known[0] != digest:
                st = os.stat(os.path.join(self.root, rel))
                known = [digest, st.st_size, st.st_mtime_ns]
            stats[rel] = known
        self.stats = stats
        text = manifest_text(self.new)
        mpath = self.out / MANIFEST
        if not mpath.is_file() or mpath.read_text("utf-8") != text:
            tmp = self.staging / MANIFEST
            tmp.write_text(text, "utf-8")
            os.replace(tmp, mpath)
        clear_journal(self.out)
        self.abort()

    def _commit_tree(self) -> None:
        """A fresh build's commit: the staged tree, manifest included, becomes the output folder."""
        tree = self.staging / "site"
        (tree / MANIFEST).write_text(manifest_text(self.new), "utf-8")
        os.rename(tree, self.root)          # (fails, and the build with it, if the folder appeared meanwhile)
        self.written += len(self.staged)
        stats = {}
        for rel, digest in self.new.items():
            st = os.stat(os.path.join(self.root, rel))
            stats[rel] = [digest, st.st_size, st.st_mtime_ns]
        self.stats = stats
        self.abort()


def patch(out_dir: Path, files: dict[str, bytes], manifest: dict[str, str], *,
          write_manifest: bool = True) -> dict[str, list[Any]]:
    """Write a few files of a built site in place (the server's edits between full builds).

    `manifest` is the folder's manifest as the server holds it; it is updated and written
    back (or later, with write_manifest_file). Each file is replaced atomically; a file whose
    bytes are unchanged is left alone. Returns [sha256, size, mtime_ns] of every file written.
    """
    stats: dict[str, list[Any]] = {}
    tmp: Path | None = None
    try:
        for rel, data in files.items():
            digest = _hash(data)
            dest = out_dir / rel
            if manifest.get(rel) == digest and dest.is_file():
                continue
            if rel not in manifest and dest.exists():
                raise SitegenError(f"refusing to overwrite {dest}: sitegen did not create it",
                                   hint="move that file away, or rename the page that would replace it")
            dest.parent.mkdir(parents=True, exist_ok=True)
            # beside its destination (a rename within one folder is about twice as quick as one
            # from a staging folder), under a hidden name the server does not serve
            tmp = dest.parent / _tmp_name(dest.name)
            _claim(out_dir, [(rel, digest)], beside=True)      # before the temporary file: a kill leaves neither unclaimed
            tmp.write_bytes(data)
            os.replace(tmp, dest)
            tmp = None
            st = os.stat(dest)
            stats[rel] = [digest, st.st_size, st.st_mtime_ns]
            manifest[rel] = digest
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    if stats and write_manifest:
        write_manifest_file(out_dir, manifest)
    return stats


def write_manifest_file(out_dir: Path, manifest: dict[str, str]) -> None:
    tmp = out_dir / (MANIFEST + ".tmp")
    tmp.write_text(manifest_text(manifest), "utf-8")
    os.replace(tmp, out_dir / MANIFEST)
    clear_journal(out_dir)


def remove(out_dir: Path, rels: Iterable[str], manifest: dict[str, str]) -> list[str]:
    """Remove files sitegen wrote that no longer belong to the site (the server's edits between
    full builds), as Writer.commit does: only a file whose bytes are those the manifest records,
    then the folders left empty. `manifest` is updated (written later, with write_manifest_file).
    Returns the files removed."""
    gone = []
    folders = set()
    for rel in sorted(set(rels)):
        digest = manifest.pop(rel, None)
        path = out_dir / rel
        try:
            if digest is not None and path.is_file() and _hash(path.read_bytes()) == digest:
                path.unlink()
                gone.append(rel)
                folders.add(path.parent)
        except OSError:
            continue
    for d in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while d != out_dir and d.is_dir() and not any(d.iterdir()):
            d.rmdir()
            d = d.parent
    return gone
