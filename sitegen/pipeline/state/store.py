"""The build state in SITE/.sitegen-cache/state.db: SQLite, one row per input and per page.

Rows, in tables of their own:
- drafts: each post's validated front matter, with the file's size, modification time and key
  (its bytes and the config that shapes it), so an unchanged file is neither read nor parsed;
- rendered: each post's rendered Markdown (its HTML read on demand), keyed like the drafts plus
  the Markdown settings, the data files and sitegen's version;
- per output folder: each page's place in the plan and the file written (hash, size, time),
  what each page read when it rendered (deps), and the value of everything read (vals). The
  reads nearly every page makes alike (its templates, the site's lists) are kept once per
  distinct set of them (shared), and a page's deps name its set (reads.py).

WAL mode and one transaction per build for an output folder's rows: a build killed at any
point leaves the last committed state, and the next build compares against that. Rendered
posts are committed as they come (they are keyed by what they were made from, so they are
right whatever happens to the build). A store that cannot be read is a warning and a full
build, never trusted.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sitegen import __version__
from sitegen.pipeline.state import reads
from sitegen.pipeline.state.html import HtmlRef as HtmlRef
from sitegen.pipeline.state.html import StoreDamaged as StoreDamaged
from sitegen.pipeline.state.html import forget_readers

DIR = ".sitegen-cache"
DB = "state.db"
SCHEMA_VERSION = 4
RACY_NS = 2_000_000_000      # a file modified this close before a build looked at it is read again
TABLES = ("meta", "drafts", "rendered", "outs", "deps", "shared", "snap")

# outs: per output folder, its state and four blobs, each read whole (marshal behind a checksum):
# outputs (the files' paths, sizes and times: all a build with nothing to do reads), files (rel ->
# plan id, sha256, size, mtime), vals ((kind, name) -> value) and copies (rel -> the source file
# it was copied from, with that file's size, time and inode).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v BLOB);
CREATE TABLE IF NOT EXISTS drafts(rel TEXT PRIMARY KEY, size INTEGER, mtime INTEGER, key TEXT, draft BLOB);
CREATE TABLE IF NOT EXISTS rendered(rel TEXT PRIMARY KEY, key TEXT, info BLOB, html TEXT);
CREATE TABLE IF NOT EXISTS outs(id INTEGER PRIMARY KEY, path TEXT UNIQUE, state BLOB, outputs BLOB, files BLOB,
                                vals BLOB, copies BLOB);
CREATE TABLE IF NOT EXISTS deps(out INTEGER, page TEXT, kind TEXT, name TEXT, mask INTEGER);
CREATE TABLE IF NOT EXISTS shared(out INTEGER, id TEXT, kind TEXT, name TEXT, mask INTEGER);
CREATE TABLE IF NOT EXISTS snap(out INTEGER, name TEXT, blob BLOB, PRIMARY KEY(out, name));
""" + "".join(f"{index};\n" for index in reads.DEPS_INDEXES.values())


def digest(*parts: Any) -> str:
    """A short stable hash of bytes, strings and plain values. Values marshal writes (str, bytes,
    int, float, None, tuples, lists, dicts of them) are hashed from marshal's version 0, which
    has no references or interning flags, so the same values give the same bytes in every run
    (and it is several times quicker than repr); anything else by its repr."""
    try:
        data = b"m" + marshal.dumps(parts, 0)
    except ValueError:
        data = b"r" + b"\x00".join(p if isinstance(p, bytes) else repr(p).encode("utf-8", "surrogatepass")
                                   for p in parts)
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _checked(payload: bytes) -> bytes:
    """Bytes behind a checksum of them."""
    return hashlib.blake2b(payload, digest_size=8).digest() + payload


def _check(blob: bytes) -> bytes:
    if hashlib.blake2b(blob[8:], digest_size=8).digest() != blob[:8]:
        raise ValueError("a row's checksum does not match")
    return blob[8:]


def _pack(value: Any) -> bytes:
    """A pickled value behind a checksum of it."""
    return _checked(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def _unpack(blob: bytes) -> Any:
    return pickle.loads(_check(blob))


def _pack_plain(value: Any) -> bytes:
    """Plain values (str, int, None, tuples, dicts of them) by marshal, behind a checksum:
    several times quicker to load than pickle."""
    return _checked(marshal.dumps(value))


def _unpack_plain(blob: bytes | None) -> Any:
    return None if blob is None else marshal.loads(_check(blob))


def load_rows(fn: Any) -> Any:
    """Run a loader of thousands of rows without the cyclic garbage collector, and freeze what
    the process holds then (gc.freeze): the rows hold no cycles, and the collector would scan
    them over and over for the rest of the build (0.3 s of CPU at 10k posts). build() unfreezes
    at its end, so a long-lived process (serve) collects as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return fn()
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _rows() -> Any:
    """rows.py, which turns rows into values (imported when rows are: a build with nothing to do
    imports no YAML)."""
    from sitegen.pipeline.state import rows
    return rows


def _write_drafts(conn: sqlite3.Connection, drafts: Mapping[str, tuple[str, Any, str, int, int] | None]) -> None:
    conn.executemany("INSERT OR REPLACE INTO drafts VALUES(?,?,?,?,?)",
                     [(rel, row[3], row[4], row[0], _checked(_rows().encode_draft(row[1], row[2])))
                      for rel, row in drafts.items() if row is not None])
    conn.executemany("DELETE FROM drafts WHERE rel=?", [(rel,) for rel, row in drafts.items() if row is None])


class TrackedDict(dict):  # type: ignore[type-arg]
    """A dict that remembers which keys were set or deleted since it was loaded."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.touched: set[Any] = set()

    def __setitem__(self, key: Any, value: Any) -> None:
        super().__setitem__(key, value)
        self.touched.add(key)

    def __delitem__(self, key: Any) -> None:
        super().__delitem__(key)
        self.touched.add(key)


class OutputState:
    """What the last build into one output folder left. Its files' sizes and times (what a
    build with nothing to do looks at) are read first; the rest when first asked for: the
    files' hashes and plan ids, the values, the copies (and the deps, queried)."""

    def __init__(self, store: BuildCache, out_id: int | None, state: dict[str, Any],
                 files: dict[str, tuple[str | None, str, int, int]] | None = None,
                 vals: dict[tuple[str, str], bytes] | None = None, *,
                 copies: dict[str, tuple[str, int, int, int]] | None = None,
                 outputs: tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]] | None = None):
        self.store = store
        self.out_id = out_id
        self.state = state                      # inputs key, base key, report figures
        self._files = files                     # rel -> (plan id or None, sha256, size, mtime_ns)
        self._vals = vals                       # (kind, name) -> value
        self._copies = copies                   # rel -> (source path, size, mtime_ns, inode)
        self._outputs = outputs                 # (rels, sizes, mtimes) of the files

    def _blob(self, column: str) -> Any:
        if self.out_id is None or self.store.conn is None:
            return {}
        try:
            row = self.store.conn.execute(f"SELECT {column} FROM outs WHERE id=?", (self.out_id,)).fetchone()
            return (_unpack_plain(row[0]) if row else None) or {}
        except Exception as exc:        # found unreadable mid-build: build() starts again without it
            raise StoreDamaged(f"{column}: {exc}") from None

    @property
    def files(self) -> dict[str, tuple[str | None, str, int, int]]:
        if self._files is None:
            self._files = self._blob("files")
        return self._files

    @property
    def outputs(self) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
        """The files as three columns: paths, sizes, modification times."""
        if self._outputs is None:
            if self._files is not None:
                self._outputs = _columns(self._files)
            else:
                self._outputs = self._blob("outputs") or ((), (), ())
        return self._outputs

    @property
    def vals(self) -> dict[tuple[str, str], bytes]:
        if self._vals is None:
            self._vals = self._blob("vals")
        return self._vals

    @property
    def copies(self) -> dict[str, tuple[str, int, int, int]]:
        if self._copies is None:
            try:
                self._copies = self._blob("copies")
            except StoreDamaged:        # only a cache of what was copied: without it, files are read
                self._copies = {}
        return self._copies

    @property
    def stats(self) -> dict[str, list[Any]]:
        return {rel: [sha, size, mtime] for rel, (_, sha, size, mtime) in self.files.items()}

    def plans(self) -> dict[str, str | None]:
        return {rel: f[0] for rel, f in self.files.items()}

    def pages_reading(self, changed: Mapping[tuple[str, str], int]) -> set[str]:
        """Pages that read any changed field of any changed item."""
        if self.out_id is None or not changed:
            return set()
        conn = self.store.conn
        assert conn is not None
        return reads.pages_reading(conn, self.out_id, changed)


def _columns(files: Mapping[str, tuple[Any, ...]]) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]:
    return tuple(files), tuple(f[2] for f in files.values()), tuple(f[3] for f in files.values())


class BuildCache:
    """The store. Disabled (use_cache=False): everything stays in memory and nothing is kept."""

    def __init__(self, site_dir: Path, enabled: bool = True):
        self.dir = site_dir / DIR
        self.enabled = enabled
        self.warning: str | None = None
        self.conn: sqlite3.Connection | None = None
        self._drafts: TrackedDict | None = None
        self._rendered: TrackedDict | None = None
        self.damaged = False         # found unreadable this build: trust nothing loaded before
        self.scan_time = 0           # when the last committed build looked at the files (ns)
        self.seen: dict[str, tuple[int, int]] = {}     # path -> (size, mtime_ns) as this build found it
        if enabled:
            try:
                self._open()
            except (sqlite3.DatabaseError, OSError, ValueError, pickle.UnpicklingError) as exc:
                self._damaged(exc)

    @property
    def path(self) -> str:
        return str(self.dir / DB)

    def _open(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        forget_readers(self.path)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        version = repr((SCHEMA_VERSION, __version__))
        try:
            row = self.conn.execute("SELECT v FROM meta WHERE k='version'").fetchone()
        except sqlite3.OperationalError:        # a new store (no table yet)
            row = None
        if row is None or row[0] != version:    # new, or made by another version: start afresh
            self._reset()
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES('version', ?)", (version,))
        self.conn.executescript(_SCHEMA)      # (a store of schema 3 made before the snapshot's table gets it)
        row = self.conn.execute("SELECT v FROM meta WHERE k='scan_time'").fetchone()
        self.scan_time = int(row[0]) if row else 0

    def _reset(self) -> None:
        """Drop every table (those of older schemas too) and make the current ones."""
        assert self.conn is not None
        for table in (*TABLES, "files", "vals"):
            self.conn.execute(f"DROP TABLE IF EXISTS {table}")
        self.conn.executescript(_SCHEMA)

    def damage(self, exc: BaseException) -> None:
        """Found unreadable: warn, start a new store (everything is built again)."""
        self._damaged(exc)

    def _damaged(self, exc: BaseException) -> None:
        self.damaged = True
        self.warning = f"the build cache in {self.dir} was unreadable ({exc}); rebuilding it"
        if self.conn is not None:
            try:
                self.conn.close()
            except sqlite3.Error:
                pass
        self.conn = None
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(self.path + suffix)
            except OSError:
                pass
        self._drafts = TrackedDict()
        self._rendered = TrackedDict()
        try:
            self._open()
        except (sqlite3.Error, OSError) as again:
            self.warning += f"; cannot make a new one ({again}), building without it"
            self.conn = None
            self.enabled = False

    def _guard(self, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except Exception as exc:     # any failure to read it means: do not trust it
            self._damaged(exc)
            return None

    # -- posts (rows.py turns a row's payload into its values: the store holds bytes) ----------
    def _table(self, query: str, entry: Any) -> TrackedDict:
        """A table's rows by rel, each made by `entry` from its columns and checked payload."""
        found = TrackedDict()
        if self.conn is not None:
            conn = self.conn
            got = self._guard(load_rows, lambda: [entry(*r[:-1], _check(r[-1])) for r in conn.execute(query)])
            if got is not None:
                dict.update(found, got)
        return found

    @property
    def drafts(self) -> TrackedDict:
        """rel -> (key, draft, shape, size, mtime_ns): shape is the key of the config that shaped it."""
        if self._drafts is None:
            self._drafts = self._table("SELECT rel, size, mtime, key, draft FROM drafts", _rows().draft_entry)
        return self._drafts

    @property
    def rendered(self) -> TrackedDict:
        """rel -> (key, Rendered without its HTML, the HTML or a loader of it)."""
        if self._rendered is None:
            path, entry = self.path, _rows().rendered_entry
            self._rendered = self._table("SELECT rel, key, info FROM rendered",
                                         lambda rel, key, info: entry(rel, key, info, HtmlRef(path, rel, key)))
        return self._rendered

    def rendered_row(self, rel: str) -> Any:
        """`rendered.get(rel)`, read alone when the rows are not in memory (the command line's edit)."""
        if self._rendered is not None or self.conn is None:
            return self.rendered.get(rel)
        conn, path = self.conn, self.path

        def one() -> Any:
            row = conn.execute("SELECT key, info FROM rendered WHERE rel=?", (rel,)).fetchone()
            return row and _rows().rendered_entry(rel, row[0], _check(row[1]), HtmlRef(path, rel, row[0]))[1]
        return self._guard(one)

    def loaded(self, table: str) -> bool:
        """Whether the "drafts" or "rendered" rows are in memory (an edit writes to them there)."""
        return getattr(self, f"_{table}") is not None

    def put_drafts(self, drafts: Mapping[str, tuple[str, Any, str, int, int] | None]) -> None:
        """Drafts (rel -> key, draft, shape, size, mtime_ns; None for a post gone, its rendered
        row too): in memory when the rows are loaded (save() writes them), else written now
        without loading the others (the command line's edit reads only a few posts)."""
        if self._drafts is None and self.conn is not None:
            self._transaction(lambda conn: _write_drafts(conn, drafts))
            return
        for rel, row in drafts.items():
            if row is not None:
                self.drafts[rel] = row
            else:
                for table in (self.drafts, self.rendered):
                    if rel in table:
                        del table[rel]

    def show_rendered(self, rel: str, key: str, info: Any, html: Any) -> None:
        """A post rendered and not written yet: in the loaded rows (the next edit reads its links
        there; store_rendered writes it). Nothing when the rows are not loaded."""
        if self._rendered is not None:
            dict.__setitem__(self._rendered, rel, (key, info, html))

    def store_rendered(self, items: list[tuple[str, str, Any, str]]) -> list[Any]:
        """Keep freshly rendered posts (rel, key, Rendered without HTML, HTML); committed now,
        so worker processes can read them. Returns the HTML loaders."""
        if self.conn is None:
            out = []
            for rel, key, info, html in items:
                self.rendered[rel] = (key, info, html)
                out.append(html)
            return out
        self._transaction(lambda conn: conn.executemany("INSERT OR REPLACE INTO rendered VALUES(?,?,?,?)",
                                                        [(rel, key, _checked(_rows().encode_rendered(info)), html)
                                                         for rel, key, info, html in items]))
        refs = []
        for rel, key, info, _ in items:
            ref = HtmlRef(self.path, rel, key)
            self.show_rendered(rel, key, info, ref)     # (not loaded: a later load reads these rows)
            refs.append(ref)
        return refs

    def save(self) -> None:
        """Write the drafts that changed, forget posts that are gone."""
        if self.conn is None:
            return
        drafts, rendered = self._drafts, self._rendered

        def write(conn: sqlite3.Connection) -> None:
            if drafts is not None and drafts.touched:
                _write_drafts(conn, {rel: dict.get(drafts, rel) for rel in drafts.touched})
                drafts.touched.clear()
            if rendered is not None and rendered.touched:
                conn.executemany("DELETE FROM rendered WHERE rel=?", [(rel,) for rel in rendered.touched if rel not in rendered])
                rendered.touched.clear()
        self._transaction(write)

    def _transaction(self, write: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run `write` in one transaction (rolled back when it fails)."""
        assert self.conn is not None
        conn = self.conn
        conn.execute("BEGIN")
        try:
            done = write(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return done

    # -- per output folder ------------------------------------------------------------------
    def output_state(self, out_dir: Path) -> OutputState:
        empty = OutputState(self, None, {}, {}, {})
        if self.conn is None:
            return empty
        name = str(out_dir.resolve())

        def load() -> OutputState:
            assert self.conn is not None
            row = self.conn.execute("SELECT id, state, outputs FROM outs WHERE path=?", (name,)).fetchone()
            if row is None:
                return empty
            return OutputState(self, row[0], _unpack(row[1]), outputs=_unpack_plain(row[2]) or ((), (), ()))

        found = self._guard(load)
        return found if found is not None else empty

    def set_output_state(self, out_dir: Path, before: OutputState, state: dict[str, Any], *,
                         files: Mapping[str, tuple[str | None, str, int, int]], vals: Mapping[tuple[str, str], bytes],
                         deps: Mapping[str, Iterable[tuple[str, str, int]]], scan_time: int,
                         copies: Mapping[str, tuple[str, int, int, int]] | None = None,
                         snapshot: Mapping[str, bytes] | None = None, patch: bool = False) -> int | None:
        """Commit one output folder's rows in one transaction: its files, values and copies (each
        one blob, written when it changed), the deps of the pages rendered this time.
        copies: None keeps the ones recorded before (an edit that copied nothing).
        snapshot: the sections of snapshot.py (patch: only those that changed); without it, the
        folder's snapshot is deleted."""
        if self.conn is None:
            return None
        name = str(out_dir.resolve())

        def write(conn: sqlite3.Connection) -> int:
            nonlocal before
            for gone_id, path in conn.execute("SELECT id, path FROM outs").fetchall():
                if path != name and not Path(path).is_dir():      # output folders that no longer exist
                    reads.drop(conn, gone_id)
                    conn.execute("DELETE FROM snap WHERE out=?", (gone_id,))
                    conn.execute("DELETE FROM outs WHERE id=?", (gone_id,))
            row = conn.execute("SELECT id FROM outs WHERE path=?", (name,)).fetchone()
            if row is None:
                out_id = conn.execute("INSERT INTO outs(path) VALUES(?)", (name,)).lastrowid
            else:
                out_id = row[0]
            assert out_id is not None
            if fresh := before.out_id != out_id:     # rows this build did not start from: start afresh
                before = OutputState(self, out_id, {}, {}, {}, copies={})
                reads.drop(conn, out_id)
            old = before.files
            changed: dict[str, Any] = {"state": _pack(state)}
            if dict(files) != old:
                changed["files"] = _pack_plain({rel: tuple(row) for rel, row in files.items()})
                changed["outputs"] = _pack_plain(_columns(files))
            if dict(vals) != before.vals:
                changed["vals"] = _pack_plain(dict(vals))
            if copies is not None and dict(copies) != before.copies:
                changed["copies"] = _pack_plain(dict(copies))
            conn.execute(f"UPDATE outs SET {', '.join(f'{k}=?' for k in changed)} WHERE id=?",
                         (*changed.values(), out_id))
            reads.write(conn, out_id, deps, old.keys() - files.keys(), fresh=fresh)
            if snapshot is None or fresh or not patch:
                conn.execute("DELETE FROM snap WHERE out=?", (out_id,))
            for section, blob in (snapshot or {}).items():
                conn.execute("INSERT OR REPLACE INTO snap VALUES(?,?,?)", (out_id, section, _checked(blob)))
            conn.execute("INSERT OR REPLACE INTO meta VALUES('scan_time', ?)", (str(scan_time),))
            return int(out_id)
        out: int = self._transaction(write)
        return out
