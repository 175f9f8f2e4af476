"""The site the last build into an output folder made (its BuiltSite), kept for the next
command-line build (the edit path: a Session resumed by quick.py).

A full build rebuilds 10k Post objects, the page plan and the card table on every run, from
20k stored rows: ~50 us a post over some twenty stages. What it assembled is saved beside the
output folder's state, in the same transaction (cache.set_output_state), as a few sections:

    meta   the key (sitegen's version, the config, the options, the folders), the size and
           time of every input file the build looked at
    posts.N, drafts.N, pages.N  every Post, every published post's draft and the page plan,
           each a tuple of plain values (marshal; datetimes as tuples, like rows.py), CHUNK a
           section (an edit writes the sections of what it changed)
    site   the rest of the Site and of the selection, the image table without its cards, the
           hashed assets, the data files, the link targets and the authors file (pickle)
    cards  the social cards as plain tuples, made into Card values when a page asks for one

(Making the posts again from their drafts and the store's rows of their rendered Markdown
instead, as the full build does, cost 0.2 ms a post against 0.05: a multilingual site's edit
makes every post.)

Each section sits behind a checksum. Any state written without a snapshot (a server's edit, a
failed or killed build, another version) leaves none: set_output_state deletes the sections
of the folder unless it is given new ones, so a snapshot is always the one of the state beside
it. Whatever cannot be written exactly (a value rows.py cannot carry, HTML held in memory)
means no snapshot, and the next build takes the full path.
"""

from __future__ import annotations

import dataclasses
import functools
import marshal
import os
import pickle
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sitegen import __version__
from sitegen.model import Heading, Post, Site
from sitegen.pipeline.context import BuiltSite
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.rows import _draft_of, _draft_tuple, _new, _Unplain, plain_dated, typed_dated
from sitegen.pipeline.state.store import HtmlRef

VERSION = 4
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


# -- posts ----------------------------------------------------------------------------------

def post_tuple(p: Post, key: str | None = None) -> tuple[Any, ...]:
    """A Post as plain values (`key`: of its HTML in the store, for a Post that holds its HTML:
    an edit's, once written); raises _Unplain when it cannot be written exactly."""
    ref = p.html_ref
    if key is None and type(ref) is not HtmlRef:
        raise _Unplain
    values = [getattr(p, name) for name in _POST_NAMES]
    plain_dated(p, values, _P)
    values[_P["html_ref"]] = (ref.rel, ref.key) if key is None else (p.source.removeprefix("content/"), key)
    if any(type(h) is not Heading for h in p.toc):
        raise _Unplain
    values[_P["toc"]] = tuple(tuple(h) for h in p.toc)
    # No read-back here (it cost 0.3 s at 10k posts): what is not converted above is written by
    # marshal, which takes only its exact types (a str subclass, an int subclass, a mapping
    # proxy: ValueError when the section is written, and no snapshot), and reads them back as
    # they were, a list as a list, a bool as a bool.
    return tuple(values)


def post_of(t: tuple[Any, ...], store_path: str) -> Post:
    values = list(t)
    typed_dated(t, values, _P)
    rel, key = t[_P["html_ref"]]
    values[_P["html_ref"]] = HtmlRef(store_path, rel, key)
    if t[_P["toc"]]:
        values[_P["toc"]] = tuple([Heading._make(h) for h in t[_P["toc"]]])
    post: Post = _new(Post, _POST_NAMES, values)
    return post


class Lazy(Sequence[Any]):
    """A sequence of a snapshot's rows, each made into its value when first asked for (a body
    edit shows a handful of 10k posts; making them all cost 0.06 s). The rows come in sections
    of `size`, each read (`section(n)`) when one of its rows is first asked for (all 10k drafts
    cost ~25 MiB). Whatever reads it as a sequence gets values: indexes, slices, iteration,
    `in`, equality with a tuple. `keys`: one field of every row (posts' sources, drafts'
    content rels, from the meta), without making them. `new`: the values put in place of rows
    (with_items), which an edit's patch writes."""

    def __init__(self, section: Callable[[int], list[tuple[Any, ...]]], size: int, length: int,
                 make: Callable[[tuple[Any, ...]], Any], keys: list[str] | None = None):
        self._section, self._size, self._len, self._make, self.keys = section, max(size, 1), length, make, keys
        self._rows: dict[int, list[tuple[Any, ...]]] = {}
        self._made: dict[int, Any] = {}
        self.new: dict[int, Any] = {}

    def row(self, i: int) -> tuple[Any, ...]:
        n = i // self._size
        if n not in self._rows:
            self._rows[n] = self._section(n)
        return self._rows[n][i % self._size]

    def with_items(self, new: Mapping[int, Any]) -> Lazy:
        """The same rows with these values in place of theirs."""
        out = Lazy(self._section, self._size, self._len, self._make, self.keys)
        out._rows, out._made, out.new = self._rows, {**self._made, **new}, {**self.new, **new}
        return out

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return tuple([self[i] for i in range(*key.indices(len(self)))])
        i = key.__index__() + (len(self) if key < 0 else 0)
        if not 0 <= i < len(self):
            raise IndexError("index out of range")
        if i not in self._made:
            self._made[i] = self._make(self.row(i))
        return self._made[i]

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Lazy) else other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __add__(self, other: Any) -> Any:
        return tuple(self) + other

    def __radd__(self, other: Any) -> Any:
        return other + tuple(self)

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> Any:
        return (tuple, (tuple(self),))


def posts_of(section: Callable[[int], list[tuple[Any, ...]]], size: int, sources: list[str], store_path: str) -> Lazy:
    """site.posts of a snapshot."""
    return Lazy(section, size, len(sources), lambda t: post_of(t, store_path), sources)


# -- the page plan ------------------------------------------------------------------------

@functools.cache
def _page_names() -> tuple[str, ...]:
    """(once: dataclasses.fields of each of 15k pages, twice a page, took 0.1 s at 10k posts)"""
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


def page_of(row: tuple[Any, ...]) -> Any:
    from sitegen.pipeline.site.pages import Page, Pager
    names = _page_names()
    values, pager = list(row), names.index("pager")
    if values[pager] is not None:
        values[pager] = Pager(*values[pager])
    return _new(Page, names, values)


# -- cards ----------------------------------------------------------------------------------

class Cards(dict):  # type: ignore[type-arg]
    """The card table by post URL, its values kept as plain tuples until a page asks for one."""

    def _card(self, t: Any) -> Any:
        from sitegen.images.stage import Card
        if type(t) is not tuple:
            return t                 # (a card drawn again by an edit)
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


# -- the whole ------------------------------------------------------------------------------

def names(meta: Mapping[str, Any]) -> set[str]:
    """The sections of a snapshot with this meta."""
    return {"meta", "site", "cards"} | {f"{kind}.{n}" for kind, count in meta["chunks"].items() for n in range(count)}


def _chunks(kind: str, seq: Sequence[Any], plain: Callable[[Any], tuple[Any, ...]],
            which: Iterable[int] | None = None) -> dict[str, bytes]:
    """The sections of these rows (`which`, default all): a value put in place of a lazy
    sequence's row as `plain` makes it, every other row as it was read."""
    lazy = seq if isinstance(seq, Lazy) else None
    return {f"{kind}.{n}": marshal.dumps([plain(seq[i]) if lazy is None or i in lazy.new else lazy.row(i)
                                         for i in range(n * CHUNK, min(len(seq), (n + 1) * CHUNK))])
            for n in (range(-(-len(seq) // CHUNK)) if which is None else which)}


def _meta(ctx: Any, built: BuiltSite, chunks: Mapping[str, Sequence[Any]]) -> dict[str, Any]:
    """The key, and the size and time of every input file as the walk at the start of this
    build found them (store.seen): the posts' apart."""
    prefix = os.path.join(str(ctx.site_dir / "content"), "")
    post_paths = {prefix + rel for rel in built.selection.inventory.posts}
    seen = ctx.store.seen
    return {"key": key_of(ctx), "posts": {path: st for path, st in seen.items() if path in post_paths},
            "others": {path: st for path, st in seen.items() if path not in post_paths},
            "scan_time": ctx.scan_time, "chunks": {kind: -(-len(seq) // CHUNK) for kind, seq in chunks.items()},
            "rels": list(built.draft_at), "sources": list(built.position)}


def sections(built: BuiltSite, keys: Mapping[str, str] | None = None) -> dict[str, bytes] | None:
    """The snapshot of a full build's site, or None when some value cannot be written exactly.
    With `keys` (post source -> the key of its HTML in the store), of a snapshot's site edited
    in place: the sections the edit changed only (the meta, the posts, drafts and posts' pages
    it made again, the cards when it drew one again)."""
    site, ctx, selection, images = built.site, built.ctx, built.selection, built.published.images
    seqs: dict[str, Sequence[Any]] = {"posts": site.posts, "drafts": selection.kept, "pages": built.pages}
    plain: dict[str, Callable[[Any], tuple[Any, ...]]] = {"drafts": _draft_tuple, "pages": page_tuple, "posts": post_tuple}
    if keys is not None:
        plain["posts"] = lambda p: post_tuple(p, keys[p.source])
    try:
        out = {"meta": marshal.dumps(_meta(ctx, built, seqs))}
        for kind, seq in seqs.items():
            which = None if not isinstance(seq, Lazy) or keys is None else {i // CHUNK for i in seq.new}
            out.update(_chunks(kind, seq, plain[kind], which))
        cards: Iterable[Any] = dict.values(images.cards)
        if keys is None or any(type(c) is not tuple for c in cards):   # (a card drawn again)
            out["cards"] = cards_blob(images.cards)
        if keys is None:
            rest = {f.name: getattr(site, f.name) for f in fields(Site) if f.name not in ("config", "posts", "data")}
            rest = {k: (dict(v) if isinstance(v, MappingProxyType) else v) for k, v in rest.items()}
            table = dataclasses.replace(images, cards={}, store=None)
            out["site"] = pickle.dumps({"rest": rest, "data": dict(site.data), "images": table,
                                        "assets": built.published.assets, "data_files": built.data,
                                        "targets": dataclasses.replace(built.targets, images=None),
                                        "selection": selection._replace(kept=()), "authors_file": built.authors_file,
                                        "page_at": built.page_at, "post_page": built.post_page},
                                       protocol=pickle.HIGHEST_PROTOCOL)
    except (_Unplain, ValueError, TypeError, AttributeError, pickle.PicklingError):
        return None
    return out


def load(ctx: Any, blobs: Mapping[str, bytes], meta: dict[str, Any]) -> BuiltSite | None:
    """The site in these sections (its meta read already, and its key checked)."""
    from sitegen.images.store import ImageStore
    from sitegen.pipeline.media.images import IMAGE_DIR, Published
    rest = pickle.loads(blobs["site"])

    def section(kind: str) -> Callable[[int], list[tuple[Any, ...]]]:
        return lambda n: marshal.loads(blobs[f"{kind}.{n}"])
    kept = Lazy(section("drafts"), CHUNK, len(meta["rels"]), _draft_of, meta["rels"])
    posts = posts_of(section("posts"), CHUNK, meta["sources"], ctx.store.path)
    r = rest["rest"]
    if set(r) != {"authors", "tags", "author_posts", "assets", "pages", "menu"}:
        return None          # a field of Site this module does not know: the full path
    site = Site(config=ctx.config, posts=posts,  # type: ignore[arg-type]
                authors=MappingProxyType(r["authors"]), tags=MappingProxyType(r["tags"]),
                author_posts=MappingProxyType(r["author_posts"]), assets=r["assets"],
                data=MappingProxyType(rest["data"]), pages=r["pages"], menu=r["menu"])
    images = rest["images"]
    images.cards = Cards(marshal.loads(blobs["cards"]))
    images.store = ImageStore(ctx.site_dir / cache.DIR / IMAGE_DIR, enabled=ctx.options.use_cache)    # (cards drawn again)
    pages = Lazy(section("pages"), CHUNK, len(rest["page_at"]), page_of)
    built = BuiltSite(ctx, rest["selection"]._replace(kept=kept), site, pages, Published(images, rest["assets"]),
                      dataclasses.replace(rest["targets"], images=images), rest["data_files"], rest["authors_file"])
    built.__dict__["page_at"] = rest["page_at"]       # (made of every Page: 0.3 s at 10k posts)
    built.__dict__["post_page"] = rest["post_page"]
    return built
