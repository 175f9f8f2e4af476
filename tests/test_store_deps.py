"""What each page read, as the store keeps it (store.set_output_state, OutputState.pages_reading):
the reads most pages make alike (templates, the site's lists) are kept once per distinct set,
and a page names its set. Whatever the layout, the store must answer "which pages read this
changed item" exactly as the reads it was given do, after a fresh save and after any number
of saves of a few pages on top of it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.reads import SET

Reads = list[tuple[str, str, int]]

TEMPLATES = ("base.html", "post.html", "list.html", "partials/macros.html", "i18n/en.toml")
SITE = ("count", "posts", "tags", "menu", "pages")


def _reads(rng: random.Random, n_posts: int) -> Reads:
    """A page's reads: some templates and site lists (the kinds kept in shared sets), some posts,
    their order, tags and authors (kept per page)."""
    got: dict[tuple[str, str], int] = {}
    for name in rng.sample(TEMPLATES, rng.randint(0, 4)):
        got[("template", name)] = 1
    for name in rng.sample(SITE, rng.randint(0, 3)):
        got[("site", name)] = 1
    for _ in range(rng.randint(0, 5)):
        got[("post", f"content/posts/p{rng.randrange(n_posts)}.md")] = rng.randrange(1, 1 << 12)
    for _ in range(rng.randint(0, 2)):
        got[(rng.choice(("order", "tag", "author")), f"x{rng.randrange(6)}")] = rng.randrange(1, 16)
    return [(kind, name, mask) for (kind, name), mask in got.items()]


def _expected(reads: dict[str, Reads], changed: dict[tuple[str, str], int]) -> set[str]:
    return {page for page, got in reads.items() for kind, name, mask in got if mask & changed.get((kind, name), 0)}


def _items(reads: dict[str, Reads]) -> set[tuple[str, str]]:
    return {(kind, name) for got in reads.values() for kind, name, _ in got} | {("template", "gone.html")}


def _check(state: cache.OutputState, reads: dict[str, Reads], rng: random.Random) -> None:
    for item in sorted(_items(reads)):
        for mask in (1, 2, 4, (1 << 12) - 1):
            changed = {item: mask}
            assert state.pages_reading(changed) == _expected(reads, changed), changed
    items = sorted(_items(reads))
    for _ in range(20):
        changed = {item: rng.randrange(1, 1 << 12) for item in rng.sample(items, min(len(items), 3))}
        assert state.pages_reading(changed) == _expected(reads, changed), changed


def _files(reads: dict[str, Reads]) -> dict[str, tuple[str | None, str, int, int]]:
    return {page: (page, "0" * 64, 1, 1) for page in reads}


@pytest.mark.parametrize("seed", range(6))
def test_the_store_answers_which_pages_read_an_item_as_the_reads_do(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    out = tmp_path / "out"
    out.mkdir()
    store = cache.BuildCache(tmp_path)
    reads = {f"p/{i}/index.html": _reads(rng, 30) for i in range(40)}
    before = store.output_state(out)
    for round in range(8):
        if round == 0:
            saved = dict(reads)
        else:       # a few pages rendered again, some gone, some new
            saved = {}
            for page in rng.sample(sorted(reads), 6):
                if rng.random() < 0.3:
                    del reads[page]
                else:
                    reads[page] = saved[page] = _reads(rng, 30)
            for i in range(rng.randint(0, 3)):
                page = f"new/{round}/{i}/index.html"
                reads[page] = saved[page] = _reads(rng, 30)
        files = _files(reads)
        out_id = store.set_output_state(out, before, {}, files=files, vals={}, deps=saved, scan_time=0)
        before = cache.OutputState(store, out_id, {}, files, {})
        _check(before, reads, rng)
        again = cache.BuildCache(tmp_path).output_state(out)      # as the next build reads it
        _check(again, reads, rng)
        assert store.conn is not None       # every set kept is one a page names, and none is kept twice
        kept = store.conn.execute("SELECT id, kind, name FROM shared").fetchall()
        named = {name for name, in store.conn.execute("SELECT name FROM deps WHERE kind=?", (SET,))}
        assert {row[0] for row in kept} == named
        assert len(kept) == len(set(kept))


def test_pages_of_the_same_templates_share_one_set_of_rows(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    store = cache.BuildCache(tmp_path)
    common = [("template", "post.html", 1), ("template", "base.html", 1), ("site", "menu", 1)]
    reads = {f"p/{i}/index.html": [*common[i % 2:], ("post", f"p{i}.md", 3)] for i in range(10)}
    store.set_output_state(out, store.output_state(out), {}, files=_files(reads), vals={}, deps=reads, scan_time=0)
    assert store.conn is not None
    assert store.conn.execute("SELECT COUNT(*) FROM shared").fetchone()[0] == 3 + 2
    assert store.conn.execute("SELECT COUNT(*) FROM deps").fetchone()[0] == 2 * 10
    state = store.output_state(out)
    assert state.pages_reading({("template", "base.html"): 1}) == set(reads)
    assert state.pages_reading({("template", "base.html"): 2}) == set()
    assert state.pages_reading({("template", "post.html"): 1}) == {f"p/{i}/index.html" for i in range(10) if i % 2 == 0}
    assert state.pages_reading({("post", "p3.md"): 2}) == {"p/3/index.html"}


def _deps_rows(store: cache.BuildCache, out: Path) -> list[tuple[object, ...]]:
    assert store.conn is not None
    out_id = store.output_state(out).out_id
    return sorted(store.conn.execute("SELECT page, kind, name, mask FROM deps WHERE out=?", (out_id,)))


def test_a_save_into_an_empty_store_keeps_the_rows_and_indexes_of_a_save_beside_other_rows(tmp_path: Path):
    """A clean build's save inserts into the empty deps table without its indexes and makes them
    after; a save beside another folder's rows grows them row by row. Same rows, same answers,
    and the indexes are there (and used) either way."""
    rng = random.Random(7)
    reads = {f"p/{i}/index.html": _reads(rng, 30) for i in range(60)}
    alone, beside = tmp_path / "alone", tmp_path / "beside"
    for site in (alone, beside):
        (site / "out").mkdir(parents=True)
    other = beside / "other"
    other.mkdir()
    b = cache.BuildCache(beside)
    b.set_output_state(other, b.output_state(other), {}, files=_files(reads), vals={}, deps=reads, scan_time=0)
    stores = []
    for site in (alone, beside):
        store = cache.BuildCache(site)
        out = site / "out"
        store.set_output_state(out, store.output_state(out), {}, files=_files(reads), vals={}, deps=reads, scan_time=0)
        stores.append(store)
        _check(cache.BuildCache(site).output_state(out), reads, rng)
        assert store.conn is not None
        indexes = {name for name, in store.conn.execute("SELECT name FROM sqlite_master WHERE type='index' "
                                                        "AND tbl_name='deps'")}
        assert indexes == {"deps_item", "deps_page"}
        plan = " ".join(str(row) for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT page, mask FROM deps WHERE out=? AND kind=? AND name=?", (1, "post", "x")))
        assert "deps_item" in plan
    assert _deps_rows(stores[0], alone / "out") == _deps_rows(stores[1], beside / "out")
    assert len(_deps_rows(stores[0], alone / "out")) > 60
