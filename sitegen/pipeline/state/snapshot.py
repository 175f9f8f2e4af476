"""The assembled site of the last build into an output folder, kept for the next command-line
build (the edit path in quick.py).

A full build rebuilds 10k Post objects, the page plan and the card table on every run, from
20k stored rows: ~50 us a post over some twenty stages. What it assembled is saved beside the
output folder's state, in the same transaction (cache.set_output_state), as a few sections:

    meta   the key (sitegen's version, the config, the options, the folders), the size and
           time of every input file the build looked at, and per post the key of its file's
           bytes and of the front matter fields that place it in the site
    posts.N  every Post as a tuple of plain values (marshal; datetimes as tuples, like rows.py),
           CHUNK posts a section
    pages  the page plan, each Page a tuple of plain values (marshal)
    site   the rest of the Site, the image table without its cards, the hashed
           assets, the data files and the link targets (pickle)
    cards  the social cards as plain tuples, made into Card values when a page asks for one

Each section sits behind a checksum. Any state written without a snapshot (a server's edit, a
failed or killed build, another version) leaves none: set_output_state deletes the sections
of the folder unless it is given new ones, so a snapshot is always the one of the state beside
it. Whatever cannot be written exactly (a value rows.py cannot carry, HTML held in memory)
means no snapshot, and the next build takes the full path.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import pickle
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sitegen import __version__, urls
from sitegen.model import Heading, Post, Site
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.rows import _dt, _new, _Unplain, plain_dated, typed_dated
from sitegen.pipeline.state.store import HtmlRef

VERSION = 3
CHUNK = 256             # posts per section: an edit writes the sections of the posts it changed

_POST_NAMES = tuple(f.name for f in fields(Post))
_P = {name: i for i, name in enumerate(_POST_NAMES)}


def key_of(ctx: Any) -> str:
    """What a snapshot is made for: sitegen (its version and its modules' sizes and times, as
    the inputs' key has them), the config, the options, the folders."""
    from sitegen.pipeline.state import unchanged
    o = ctx.options
    return cache.digest(VERSION, cache.SCHEMA_VERSION, __version__, unchanged.code_stats(), ctx.config.fingerprint(),
                        o.drafts, o.future, o.hashed_assets, str(ctx.out_dir.resolve()), str(ctx.theme.path),
                        str(ctx.site_dir))


def place_key(d: PostDraft) -> str:
    """A key of the front matter that places a post in the site (lists, tags, authors, feeds'
    ids, redirects, its card): when it is unchanged, an edit of the post is one in place."""
    return cache.digest(d.source, d.content_rel, d.title, _dt(d.date), d.author_ids, d.tag_names, d.slug, d.url,
                        d.cover, d.draft, d.feed_id, tuple((a.url, a.source, a.line) for a in d.aliases))


# -- posts ----------------------------------------------------------------------------------

def post_tuple(p: Post) -> tuple[Any, ...]:
    """A Post as plain values; raises _Unplain when it cannot be written exactly."""
    ref = p.html_ref
    if type(ref) is not HtmlRef:
        raise _Unplain
    values = [getattr(p, name) for name in _POST_NAMES]
    plain_dated(p, values, _P)
    values[_P["html_ref"]] = (ref.rel, ref.key)
    if any(type(h) is not Heading for h in p.toc):
        raise _Unplain
    values[_P["toc"]] = tuple(tuple(h) for h in p.toc)
    # No read-back here (it cost 0.3 s at 10k posts): what is not converted above is written by
    # marshal, which takes only its exact types (a str subclass, an int subclass, a mapping
    # proxy: ValueError when the section is written, and no snapshot), and reads them back as
    # they were, a list as a list, a bool as a bool.
    return tuple(values)


SOURCE = _P["source"]


def post_of(t: tuple[Any, ...], store_path: str) -> Post:
    values = list(t)
    typed_dated(t, values, _P)
    rel, key = t[_P["html_ref"]]
    values[_P["html_ref"]] = HtmlRef(store_path, rel, key)
    if t[_P["toc"]]:
        values[_P["toc"]] = tuple([Heading._make(h) for h in t[_P["toc"]]])
    post: Post = _new(Post, _POST_NAMES, values)
    return post


class Posts(tuple):  # type: ignore[type-arg]
    """site.posts of a snapshot: its rows, each made into a Post when first asked for (a body
    edit shows a handful of the 10k; making them all cost 0.06 s). Whatever reads it as a
    sequence gets Posts: indexes, slices, iteration, `in`, equality. A row a C function might
    read past __getitem__ is a plain tuple, which no template or stage can take for a Post."""

    _made: list[Post | None]
    _path: str

    def __new__(cls, rows: Iterable[tuple[Any, ...]], store_path: str) -> Posts:
        obj = super().__new__(cls, rows)
        obj._made = [None] * len(obj)
        obj._path = store_path
        return obj

    def post(self, i: int) -> Post:
        made = self._made[i]
        if made is None:
            made = self._made[i] = post_of(tuple.__getitem__(self, i), self._path)
        return made

    def with_posts(self, new: Mapping[int, Post]) -> Posts:
        """The same rows with these Posts in place of theirs."""
        out = Posts(tuple.__iter__(self), self._path)
        out._made = list(self._made)
        for i, post in new.items():
            out._made[i] = post
        return out

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return tuple([self.post(i) for i in range(*key.indices(len(self)))])
        i = key.__index__()
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("post index out of range")
        return self.post(i)

    def __iter__(self) -> Iterator[Post]:
        return (self.post(i) for i in range(len(self)))

    def __reversed__(self) -> Iterator[Post]:
        return (self.post(i) for i in range(len(self) - 1, -1, -1))

    def __contains__(self, value: object) -> bool:
        return value in tuple(self)

    def index(self, value: Any, *args: Any) -> int:
        return tuple(self).index(value, *args)

    def count(self, value: Any) -> int:
        return tuple(self).count(value)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Posts) else other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: Any) -> Any:
        return tuple(self) + other

    def __radd__(self, other: Any) -> Any:
        return other + tuple(self)

    def __mul__(self, n: Any) -> Any:
        return tuple(self) * n

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> Any:
        return (tuple, (tuple(self),))


# -- the page plan ------------------------------------------------------------------------

def _page_names() -> tuple[str, ...]:
    from sitegen.pipeline.site.pages import Page
    return tuple(f.name for f in fields(Page))


def page_tuple(page: Any) -> tuple[Any, ...]:
    """A Page as plain values (its pager as a tuple); raises _Unplain when it cannot be."""
    from sitegen.pipeline.site.pages import Page, Pager
    if type(page) is not Page or type(page.extra) is not dict or (page.pager is not None and type(page.pager) is not Pager):
        raise _Unplain
    values = [getattr(page, name) for name in _page_names()]
    if page.pager is not None:
        values[_page_names().index("pager")] = (page.pager.number, page.pager.total, page.pager.urls)
    return tuple(values)


class Pages(Sequence[Any]):
    """The page plan of a snapshot: rows made into Page values when first asked for. A post's
    page takes its title and summary from the post's row (edits change them)."""

    def __init__(self, rows: list[tuple[Any, ...]], post_rows: list[tuple[Any, ...]]):
        from sitegen.pipeline.site.pages import Page, Pager
        self._page, self._pager = Page, Pager
        self.rows, self.post_rows = rows, post_rows
        self._made: list[Any] = [None] * len(rows)
        names = _page_names()
        self._names = names
        self.KIND, self.POST, self.PAGER = names.index("kind"), names.index("post"), names.index("pager")
        self._title, self._description = names.index("title"), names.index("description")

    def _make(self, n: int) -> Any:
        made = self._made[n]
        if made is None:
            values = list(self.rows[n])
            if values[self.PAGER] is not None:
                values[self.PAGER] = self._pager(*values[self.PAGER])
            if values[self.KIND] == "post":
                row = self.post_rows[values[self.POST]]
                values[self._title], values[self._description] = row[_P["title"]], row[_P["summary_text"]]
            made = self._made[n] = _new(self._page, self._names, values)
        return made

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return [self._make(n) for n in range(*key.indices(len(self)))]
        n = key.__index__()
        if n < 0:
            n += len(self)
        if not 0 <= n < len(self):
            raise IndexError("page index out of range")
        return self._make(n)

    def __setitem__(self, n: int, page: Any) -> None:
        if not 0 <= n < len(self):
            raise IndexError("page index out of range")
        self._made[n] = page

    def __iter__(self) -> Iterator[Any]:
        return (self._make(n) for n in range(len(self)))

    def post_pages(self) -> dict[int, int]:
        """Post index -> the index of its page (from the rows: no Page is made)."""
        return {row[self.POST]: n for n, row in enumerate(self.rows) if row[self.KIND] == "post"}


# -- cards ----------------------------------------------------------------------------------

class Cards(dict):  # type: ignore[type-arg]
    """The card table by post URL, its values kept as plain tuples until a page asks for one."""

    def _card(self, t: Any) -> Any:
        from sitegen.images.stage import Card
        return Card(t[0], t[1], t[2], t[3], t[4], (t[5], Path(t[6])))

    def get(self, key: Any, default: Any = None) -> Any:
        t = dict.get(self, key)
        return default if t is None else self._card(t)

    def __getitem__(self, key: Any) -> Any:
        return self._card(dict.__getitem__(self, key))

    def values(self) -> Iterator[Any]:  # type: ignore[override]
        return (self._card(t) for t in dict.values(self))

    def items(self) -> Iterator[tuple[Any, Any]]:  # type: ignore[override]
        return ((k, self._card(t)) for k, t in dict.items(self))


def cards_blob(cards: Mapping[str, Any]) -> bytes:
    plain = {url: (c.url, c.width, c.height, c.mime, c.key, c.output[0], str(c.output[1])) for url, c in cards.items()}
    return marshal.dumps(plain)


# -- the store's rows -----------------------------------------------------------------------

def read(store: cache.BuildCache, out_id: int | None, name: str | None = None) -> dict[str, bytes]:
    """The sections kept with an output folder's state (or the one named), each checked; {}
    when there is none or one is damaged (the full path then)."""
    if out_id is None or store.conn is None:
        return {}
    try:
        query = "SELECT name, blob FROM snap WHERE out=?" + (" AND name=?" if name else "")
        rows = store.conn.execute(query, (out_id, name) if name else (out_id,)).fetchall()
        return {name: cache._check(blob) for name, blob in rows}
    except (sqlite3.Error, ValueError, TypeError):
        return {}


def put_drafts(store: cache.BuildCache, rows: Mapping[str, tuple[str, Any, str, int, int]]) -> None:
    """Write a few drafts (rel -> key, draft, shape, size, mtime_ns) now, without loading the
    others as store.drafts would (the edit path writes only the posts it read)."""
    if store.conn is None or not rows:
        return
    from sitegen.pipeline.state.rows import encode_draft
    conn = store.conn
    conn.execute("BEGIN")
    try:
        conn.executemany("INSERT OR REPLACE INTO drafts VALUES(?,?,?,?,?)",
                         [(rel, size, mtime, key, cache._checked(encode_draft(draft, shape)))
                          for rel, (key, draft, shape, size, mtime) in rows.items()])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# -- the whole ------------------------------------------------------------------------------

@dataclasses.dataclass
class Snapshot:
    """What the last build assembled (see the module's doc)."""

    meta: dict[str, Any]
    post_rows: list[tuple[Any, ...]]
    posts: Posts             # site.posts
    site: Site
    pages: Pages
    page_at: dict[str, int]  # output file -> its page in the plan
    images: Any              # the ImageTable (its cards a Cards)
    published: Any           # media.Published
    data: Any                # load.DataFiles
    targets: Any             # links.LinkTargets


def names(meta: Mapping[str, Any]) -> set[str]:
    """The sections of a snapshot with this meta."""
    return {"meta", "site", "cards", "pages"} | {f"posts.{n}" for n in range(meta["chunks"])}


def chunk(rows: list[tuple[Any, ...]], n: int, size: int) -> bytes:
    return marshal.dumps(rows[n * size:(n + 1) * size])


def sections(ctx: Any, keep: Mapping[str, Any], inventory: Any) -> dict[str, bytes] | None:
    """The snapshot of a full build (what build(keep=) would hold), or None when some value
    cannot be written exactly. The inputs' sizes and times are those of the walk at the start
    of the build (store.seen)."""
    site: Site = keep["site"]
    prefix = os.path.join(str(ctx.site_dir / "content"), "")
    post_paths = {prefix + rel for rel in inventory.posts}
    post_stats = {path: st for path, st in ctx.store.seen.items() if path in post_paths}
    others = {path: st for path, st in ctx.store.seen.items() if path not in post_paths}
    try:
        rows = [post_tuple(p) for p in site.posts]
        images = keep["images"]
        rest = {f.name: getattr(site, f.name) for f in fields(Site) if f.name not in ("config", "posts", "data")}
        rest = {k: (dict(v) if isinstance(v, MappingProxyType) else v) for k, v in rest.items()}
        table = dataclasses.replace(images, cards={}, store=None)
        published = keep["published"]
        targets = dataclasses.replace(keep["targets"], images=None)
        page_at = {urls.output_path(p.url): n for n, p in enumerate(keep["pages"])}
        site_blob = pickle.dumps({"rest": rest, "data": dict(site.data), "page_at": page_at, "images": table,
                                  "assets": published.assets, "data_files": keep["data"], "targets": targets},
                                 protocol=pickle.HIGHEST_PROTOCOL)
        cards = cards_blob(images.cards)
        places = {d.content_rel: (d.digest, place_key(d)) for d in keep["kept"]}
        chunks = -(-len(rows) // CHUNK)
        meta = marshal.dumps({"key": key_of(ctx), "posts": post_stats, "others": others, "places": places,
                              "scan_time": ctx.scan_time, "chunks": chunks, "chunk": CHUNK})
        posts = {f"posts.{n}": chunk(rows, n, CHUNK) for n in range(chunks)}
        posts["pages"] = marshal.dumps([page_tuple(p) for p in keep["pages"]])
    except (_Unplain, ValueError, TypeError, AttributeError, pickle.PicklingError):
        return None
    return {"meta": meta, "site": site_blob, "cards": cards, **posts}


def load(ctx: Any, blobs: Mapping[str, bytes], meta: dict[str, Any]) -> Snapshot | None:
    """The snapshot in these sections (its meta read already, and its key checked)."""
    from sitegen.pipeline.media.images import Published
    rest = pickle.loads(blobs["site"])
    store_path = ctx.store.path
    rows = [t for n in range(meta["chunks"]) for t in marshal.loads(blobs[f"posts.{n}"])]
    posts = Posts(rows, store_path)
    r = rest["rest"]
    site = Site(config=ctx.config, posts=posts, authors=MappingProxyType(r["authors"]), tags=MappingProxyType(r["tags"]),
                author_posts=MappingProxyType(r["author_posts"]), assets=r["assets"],
                data=MappingProxyType(rest["data"]), pages=r["pages"], menu=r["menu"])
    extra = set(r) - {"authors", "tags", "author_posts", "assets", "pages", "menu"}
    if extra:
        return None          # a field of Site this module does not know: the full path
    pages = Pages(marshal.loads(blobs["pages"]), rows)
    images = rest["images"]
    images.cards = Cards(marshal.loads(blobs["cards"]))
    targets = dataclasses.replace(rest["targets"], images=images)
    return Snapshot(meta, rows, posts, site, pages, rest["page_at"], images, Published(images, rest["assets"]),
                    rest["data_files"], targets)
