"""What each page of an output folder read when it rendered, as the store's rows (store.py).

deps(out, page, kind, name, mask): one row per item a page read. A page's reads of the GROUPED
kinds (its templates, the site's lists) are the same for every page of a kind: at 10,000
posts 95,257 of the 357,560 reads, in 8 distinct sets. They are kept once per set, in
shared(out, id, kind, name, mask), and the page has one deps row (SET, id) naming its set:
277,340 deps rows. The id is a digest of the set, so the same set has the same id in every
save; a set no page names any more is deleted with the last page that did.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

GROUPED = frozenset({"template", "site"})      # kinds of reads kept once per distinct set
SET = "set"                                   # the kind of a deps row that names a page's set

Reads = Iterable[tuple[str, str, int]]

# the deps table's indexes (store.py's schema makes them; write() makes them again after a bulk insert)
DEPS_INDEXES = {"deps_item": "CREATE INDEX IF NOT EXISTS deps_item ON deps(out, kind, name)",
                "deps_page": "CREATE INDEX IF NOT EXISTS deps_page ON deps(out, page)"}


def drop(conn: sqlite3.Connection, out_id: int) -> None:
    """Forget every page's reads of this folder."""
    conn.execute("DELETE FROM deps WHERE out=?", (out_id,))
    conn.execute("DELETE FROM shared WHERE out=?", (out_id,))


def write(conn: sqlite3.Connection, out_id: int, deps: Mapping[str, Reads], gone: Iterable[str], *, fresh: bool) -> None:
    """Replace the reads of these pages (and forget those of the pages `gone`). fresh: the
    folder holds no reads (drop())."""
    if not fresh:
        conn.executemany("DELETE FROM deps WHERE out=? AND page=?", [(out_id, page) for page in {*gone, *deps}])
    known = set() if fresh else {r[0] for r in conn.execute("SELECT DISTINCT id FROM shared WHERE out=?", (out_id,))}
    rows, shared = _rows(out_id, deps, known)
    conn.executemany("INSERT INTO shared VALUES(?,?,?,?,?)", shared)
    # Into an empty table (a clean build), the rows go in without the indexes, which are then
    # made whole from the sorted rows: some twice as quick as growing two B-trees row by row
    # (277,340 rows at 10,000 posts: 1.9 -> 0.9 s). (In the caller's transaction: a failure
    # rolls the dropped indexes back too.)
    bulk = fresh and conn.execute("SELECT 1 FROM deps LIMIT 1").fetchone() is None
    if bulk:
        for name in DEPS_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")
    conn.executemany("INSERT INTO deps VALUES(?,?,?,?,?)", rows)
    if bulk:
        # the rows' tuples (some 20 MB at 10k posts) go before the sort takes its memory (2 MB):
        # the build's peak does not grow
        del rows, shared
        for index in DEPS_INDEXES.values():
            conn.execute(index)
    if not fresh:       # the sets no page names any more
        conn.execute("DELETE FROM shared WHERE out=? AND id NOT IN (SELECT name FROM deps WHERE out=? AND kind=?)",
                     (out_id, out_id, SET))


def _rows(out_id: int, deps: Mapping[str, Reads], known: set[str]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The deps rows of these pages, and the shared rows of the sets not `known` yet (added)."""
    rows: list[tuple[Any, ...]] = []
    shared: list[tuple[Any, ...]] = []
    ids: dict[frozenset[tuple[str, str, int]], str] = {}
    add = rows.append
    for page, reads in deps.items():
        common = []
        for read in reads:
            if read[0] in GROUPED:
                common.append(read)
            else:
                add((out_id, page, *read))
        if not common:
            continue
        key = frozenset(common)
        set_id = ids.get(key)
        if set_id is None:
            members = sorted(key)
            set_id = ids[key] = hashlib.blake2b(marshal.dumps(members, 0), digest_size=16).hexdigest()
            if set_id not in known:
                known.add(set_id)
                shared.extend((out_id, set_id, *read) for read in members)
        add((out_id, page, SET, set_id, 0))
    return rows, shared


def pages_reading(conn: sqlite3.Connection, out_id: int, changed: Mapping[tuple[str, str], int]) -> set[str]:
    """Pages that read any changed field of any changed item: by their own rows, or by the set
    of shared reads they name."""
    out: set[str] = set()
    for (kind, name), mask in changed.items():
        for page, read in conn.execute("SELECT page, mask FROM deps WHERE out=? AND kind=? AND name=?",
                                       (out_id, kind, name)):
            if read & mask:
                out.add(page)
    if any(kind in GROUPED for kind, _ in changed):
        sets = {set_id for set_id, kind, name, read in
                conn.execute("SELECT id, kind, name, mask FROM shared WHERE out=?", (out_id,))
                if read & changed.get((kind, name), 0)}
        for set_id in sets:
            out.update(page for page, in conn.execute("SELECT page FROM deps WHERE out=? AND kind=? AND name=?",
                                                      (out_id, SET, set_id)))
    return out
