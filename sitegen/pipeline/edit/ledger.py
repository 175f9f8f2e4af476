"""What the server's edits changed that the build state (the store) does not hold yet.

Recording an edit in the store (the rendered posts' rows, the drafts, the output state's blobs
of every file and value, what each rendered page read) took ~0.65 s at 10,000 posts after a
new post, and the next save waited for it: a writer saving again within that time saw it in
the open page. The server now keeps that record in memory and writes it when nothing is
happening (server.py: after a quiet second, before a full build, when it stops):

* `LiveState` is the output state after the edits: files and values in memory, and the reads
  of the pages rendered since the last write laid over the store's deps rows, so the next edit
  asks it which pages read what changed exactly as it asked the store.
* `Ledger` collects those reads and the rendered posts' rows, and `write()` puts them in the
  store in one go (several edits' deps merged; a page rendered twice is written once).

A server killed before it wrote loses nothing the site needs: its next session rebuilds its
folder from scratch (server.py, `_claim_output_dir`), and every row in the store stays true of
the files it was made from (rows are keyed by the file's bytes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sitegen.pipeline.state.store import BuildCache, OutputState

Item = tuple[str, str]
Reads = list[tuple[str, str, int]]


class LiveState(OutputState):
    """An output state not (all) in the store: its own files and values; `pages_reading` asks
    the store's rows and then the reads of the pages rendered since (which replace theirs)."""

    def __init__(self, store: BuildCache, written: OutputState, state: dict[str, Any],
                 files: dict[str, tuple[str | None, str, int, int]], vals: dict[Item, bytes], ledger: Ledger):
        super().__init__(store, written.out_id, state, files, vals)
        self.ledger = ledger

    def pages_reading(self, changed: Mapping[Item, int]) -> set[str]:
        if not changed:
            return set()
        ledger = self.ledger
        return ({page for page in super().pages_reading(changed) if page in self.files and page not in ledger.reads}
                | ledger.index.reading(changed))


class ReadIndex:
    """Who read which item (a page, a list entry): item -> reader -> the fields it read."""

    def __init__(self) -> None:
        self.by_item: dict[Item, dict[Any, int]] = {}
        self.read: dict[Any, Mapping[Item, int]] = {}       # reader -> what it read

    def add(self, reader: Any, read: Mapping[Item, int]) -> None:
        self.drop(reader)
        self.read[reader] = read
        for item, mask in read.items():
            bucket = self.by_item.setdefault(item, {})
            bucket[reader] = bucket.get(reader, 0) | mask

    def drop(self, reader: Any) -> None:
        for item in self.read.pop(reader, ()):
            bucket = self.by_item.get(item)
            if bucket is not None:
                bucket.pop(reader, None)
                if not bucket:
                    del self.by_item[item]

    def reading(self, changed: Mapping[Item, int]) -> set[Any]:
        """The readers that read a changed field of a changed item."""
        return {reader for item, fields in changed.items() for reader, mask in self.by_item.get(item, {}).items()
                if mask & fields}


class EntryIndex(ReadIndex):
    """Which kept list entries (render.Renderer's, kept between edits) read which item, so an
    edit drops the entries that read what it changed without looking at all of them (20k
    entries at 10k posts took ~30 ms a save)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[Item, Item] = {}     # one tuple per item, shared

    def drop_stale(self, entries: dict[Any, Any], changed: Mapping[Item, int]) -> None:
        """Remove from `entries` every entry that read a changed field of a changed item."""
        if not changed:
            return
        one = self.items.setdefault
        for key in entries.keys() - self.read.keys():          # rendered since the last edit
            reads = entries[key][1]
            # every read made its own ("post", source) tuple: 20k entries x 7 items at 10k
            # posts, ~9 MiB; the entries now share one per item
            reads.items = {one(item, item): mask for item, mask in reads.items.items()}
            self.add(key, reads.items)
        for key in self.reading(changed):
            entries.pop(key, None)
            self.drop(key)       # (indexed again, with what it reads then)


class Ledger:
    """The reads and rows of the edits since the store was last written (see the module)."""

    def __init__(self, written: OutputState):
        self.written = written                          # the output state the store holds
        self.reads: dict[str, Reads] = {}               # page -> what it read when last rendered
        self.index = ReadIndex()                        # (the same, by item)
        self.rows: dict[str, tuple[str, str, Any, str]] = {}   # rel -> rendered post's row
        self.current: LiveState | None = None           # the output state now, once an edit made one

    @property
    def dirty(self) -> bool:
        """Whether an edit was recorded since the store was written."""
        return self.current is not None

    def rendered(self, store: BuildCache, rows: Iterable[tuple[str, str, Any, str]]) -> None:
        """Rendered posts (rel, key, Rendered without HTML, HTML): in the store's dict now (the
        next edit reads their links there), in its table at the next write."""
        for row in rows:
            store.show_rendered(*row)           # (the command line's edit does not load them)
            self.rows[row[0]] = row

    def note(self, reads: Mapping[str, Reads], removed: Iterable[str]) -> None:
        """Pages rendered by an edit (what they read) and files it removed."""
        for page in removed:
            self.reads.pop(page, None)
            self.index.drop(page)
        for page, got in reads.items():
            self.reads[page] = got
            self.index.add(page, {(kind, name): mask for kind, name, mask in got})

    def state(self, store: BuildCache, state: dict[str, Any], files: dict[str, tuple[str | None, str, int, int]],
              vals: dict[Item, bytes]) -> LiveState:
        live = LiveState(store, self.written, state, files, vals, self)
        self.current = live
        return live

    def write(self, store: BuildCache, out_dir: Path, scan_time: int, *,
              snapshot: dict[str, bytes] | None = None) -> OutputState:
        """Write everything to the store (the drafts changed in store.drafts too); returns the
        output state it now holds, which a new Ledger starts from. `snapshot`: the sections of
        the site's snapshot that changed (the command line's edit; snapshot.py)."""
        current = self.current
        rows = [row for rel, row in self.rows.items()
                if not store.loaded("rendered") or (store.rendered.get(rel) or (None, None))[:2] == row[1:3]]
        if rows:
            store.store_rendered(rows)
        store.save()
        written = self.written
        if current is not None:
            out_id = store.set_output_state(out_dir, self.written, current.state, files=current.files,
                                            vals=current.vals, deps=self.reads, scan_time=scan_time,
                                            snapshot=snapshot, patch=snapshot is not None)
            written = OutputState(store, out_id, current.state, current.files, current.vals)
            current.ledger = Ledger(written)     # (no cycle left between the two: the live state is done)
            self.current = None
        return written

