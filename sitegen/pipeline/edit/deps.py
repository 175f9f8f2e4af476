"""What each page read while it rendered, and what changed since.

A page renders through wrappers (`TrackedSite`, `TrackedPost`, `TrackedItem` for tags and authors)
that note every read in the page's `Reads`: which post and which of its fields, which tag or
author, which site-wide list, and every template looked up. After a change, `values()` of the
old and the new site are compared item by item (a post field by field), and a page is rendered
again only when something it read changed, when its place in the plan changed, or when the
base (sitegen's version, the config, the data files) changed. Anything read through a way not
tracked here is covered by the base or by a coarse item ("site", "posts": every post), so an
unforeseen read costs rebuilding more, never a stale page.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from sitegen.model import Author, Post, Site, Tag

POST_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Post) if f.name not in ("html_ref", "digest")) \
    + ("html", "last_modified")
BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(POST_FIELDS)}
ALL = (1 << len(POST_FIELDS)) - 1
TAG_FIELDS: tuple[str, ...] = ("slug", "name", "posts", "url")
TAG_BIT: dict[str, int] = {name: 1 << i for i, name in enumerate(TAG_FIELDS)}
TAG_ALL = (1 << len(TAG_FIELDS)) - 1

Item = tuple[str, str]          # (kind, name): ("post", source), ("tag", slug), ("template", name) ...


def short_hash(value: Any) -> bytes:
    data = value if isinstance(value, bytes) else repr(value).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).digest()


class Reads:
    """What one page (or one list entry) read: item -> mask of fields (1 for items without fields)."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: dict[Item, int] = {}

    def add(self, kind: str, name: str, mask: int = ALL) -> None:
        key = (kind, name)
        self.items[key] = self.items.get(key, 0) | mask

    def merge(self, other: Reads) -> None:
        for key, mask in other.items.items():
            self.items[key] = self.items.get(key, 0) | mask

    def post_whole(self, site: Site, post: Post) -> None:
        """Everything about one post, with its authors and tags (the post's own page, feeds)."""
        self.add("post", post.source)
        for slug in post.authors:
            self.add("author", slug, 1)
        for slug in post.tags:
            self.add("tag", slug, TAG_ALL)


class TrackedPost:
    # (each read notes itself in its Reads' items directly, under a key made once: 60,001 reads
    # at the 1,543 pages of a 1,000-post blog, a Reads.add call and a tuple each before)
    __slots__ = ("_key", "_post", "_reads")

    def __init__(self, post: Post, reads: Reads):
        self._post = post
        self._reads = reads
        self._key = ("post", post.source)

    def __getattr__(self, name: str) -> Any:
        items, key = self._reads.items, self._key
        items[key] = items.get(key, 0) | BIT.get(name, ALL)
        return getattr(self._post, name)

    def __eq__(self, other: object) -> bool:
        other = other._post if isinstance(other, TrackedPost) else other
        return self._post is other

    def __hash__(self) -> int:
        return id(self._post)


class TrackedItem:
    """A tag (its fields noted one by one) or an author (one item) a template reads."""

    __slots__ = ("_item", "_key", "_reads", "_tag")

    def __init__(self, item: Tag | Author, reads: Reads):
        self._item, self._reads, self._tag = item, reads, isinstance(item, Tag)
        self._key = ("tag" if self._tag else "author", item.slug)

    def __getattr__(self, name: str) -> Any:
        items, key = self._reads.items, self._key
        items[key] = items.get(key, 0) | (TAG_BIT.get(name, TAG_ALL) if self._tag else 1)
        return getattr(self._item, name)


TrackedTag = TrackedAuthor = TrackedItem        # (the names render/jinja.py uses)


class _TrackedPosts:
    """site.posts: its length is one item, anything more is every post."""

    __slots__ = ("_posts", "_reads")

    def __init__(self, posts: tuple[Post, ...], reads: Reads):
        self._posts = posts
        self._reads = reads

    def __len__(self) -> int:
        self._reads.add("site", "count", 1)
        return len(self._posts)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Post]:
        self._reads.add("site", "posts", 1)
        return iter(self._posts)

    def __getitem__(self, index: Any) -> Any:
        self._reads.add("site", "posts", 1)
        return self._posts[index]


class TrackedSite:
    """The `site` a template sees: the config and data as they are (part of every page's base),
    everything else noted as read."""

    __slots__ = ("_reads", "_site")

    def __init__(self, site: Site, reads: Reads):
        self._site = site
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        if name in ("config", "data"):
            return getattr(self._site, name)
        if name == "posts":
            return _TrackedPosts(self._site.posts, self._reads)
        self._reads.add("site", name, 1)
        return getattr(self._site, name)


# -- the values pages read, to compare an old site with a new one ------------------------

def post_vector(post: Post) -> bytes:
    """One short hash per field of POST_FIELDS, concatenated."""
    out = []
    for name in POST_FIELDS:
        if name == "html":
            out.append(short_hash(post.digest))        # the digest covers the rendered body
        else:
            out.append(short_hash(getattr(post, name)))
    return b"".join(out)


def changed_mask(old: bytes | None, new: bytes | None, width: int) -> int:
    """Which fields differ between two vectors (all of them when one is missing)."""
    if old is None or new is None or len(old) != len(new):
        return (1 << width) - 1 if old != new else 0
    mask = 0
    for i in range(width):
        if old[i * 8:(i + 1) * 8] != new[i * 8:(i + 1) * 8]:
            mask |= 1 << i
    return mask


# the fields a post's sitemap entry shows (its last modification)
LAST_MODIFIED = BIT["updated"] | BIT["updates"] | BIT["date"] | BIT["last_modified"]


def posts_hash(values: Mapping[Item, bytes], order: Iterable[str]) -> bytes:
    """The value of ("site", "posts"): every post's field hashes (in `values`), in this order.
    (Hashed as one byte string: each slice has the same width, and repr() of 10,000 of them
    took 25 ms of each save at 10k posts.)"""
    return short_hash(b"".join([values[("post", source)][40:] for source in order]))


def site_values(site: Site, posts: Mapping[Item, bytes]) -> dict[Item, bytes]:
    """The value of every item a page can read, but the posts' fields (see post_vector) and the
    templates (see TemplateResolver). `posts`: the values of every post."""
    sources = [p.source for p in site.posts]
    values: dict[Item, bytes] = {}
    for i, post in enumerate(site.posts):
        newer = sources[i - 1] if i > 0 else ""
        older = sources[i + 1] if i + 1 < len(sources) else ""
        values[("order", post.source)] = short_hash((newer, older))
    for slug, tag in site.tags.items():
        values[("tag", slug)] = b"".join(short_hash(v) for v in (tag.slug, tag.name, [sources[i] for i in tag.posts], tag.url))
    for slug, author in site.authors.items():
        values[("author", slug)] = short_hash(author)
    values[("site", "count")] = short_hash(len(sources))
    values[("site", "posts")] = posts_hash(posts, sources)
    values[("site", "tags")] = short_hash([values[("tag", s)] for s in site.tags])
    values[("site", "authors")] = short_hash([(s, values[("author", s)]) for s in site.authors])
    values[("site", "author_posts")] = short_hash({a: [sources[i] for i in ix] for a, ix in site.author_posts.items()})
    values[("site", "assets")] = short_hash(site.assets)
    values[("site", "tags_count")] = short_hash(len(site.tags))
    for f in fields(Site):          # anything else a template may read of the site (pages, menu ...)
        if ("site", f.name) not in values and f.name not in ("config", "data", "posts"):
            values[("site", f.name)] = short_hash(getattr(site, f.name))
    return values


def item_width(kind: str) -> int:
    return len(POST_FIELDS) if kind == "post" else len(TAG_FIELDS) if kind == "tag" else 1


class TemplateResolver:
    """Which file a template name resolves to, and its bytes: the value of a ("template", name)
    read. A name that resolves to nothing has a value too, so creating that file is a change."""

    def __init__(self, site_templates: Path, theme_templates: Path):
        self.site = site_templates
        self.theme = theme_templates
        self._memo: dict[str, bytes] = {}

    def value(self, name: str) -> bytes:
        found = self._memo.get(name)
        if found is None:
            if name.startswith("theme/"):
                candidates = [self.theme / name[len("theme/"):]]
            else:
                candidates = [self.site / name, self.theme / name]
            found = short_hash(b"missing")
            for path in candidates:
                try:
                    found = short_hash(str(path).encode() + b"\0" + path.read_bytes())
                    break
                except OSError:
                    continue
            self._memo[name] = found
        return found


def record_templates(env: Any, owner: Any) -> None:
    """Make the environment note every template looked up (cache hits and misses too) in
    `owner.reads` (a Reads while the owner renders a page, else None). Every owner on an
    environment is asked, not only the first: two renderers on one environment both record what
    they look up. Owners are held weakly, so a renderer that is dropped is forgotten."""
    owners: weakref.WeakSet[Any] = env.__dict__.setdefault("_sitegen_owners", weakref.WeakSet())
    owners.add(owner)
    if getattr(env, "_sitegen_recording", False):
        return
    original = env.get_template
    # the WeakSet's own set of weak references, read through a snapshot: iterating the WeakSet
    # (its guard against owners dropped meanwhile) cost 2 µs a lookup, 8,627 lookups at 1,543 pages
    refs: set[Any] = vars(owners)["data"]

    def get_template(name: Any, parent: Any = None, globals: Any = None) -> Any:
        if isinstance(name, str):
            item = env.join_path(name, parent) if parent is not None else name
            for ref in tuple(refs):
                each = ref()
                reads = each.reads if each is not None else None
                if reads is not None:
                    reads.add("template", item, 1)
        return original(name, parent, globals)

    env.get_template = get_template
    env._sitegen_recording = True
