"""Structural edits of posts, resident: a new, deleted or renamed post, a date, tag, author or
draft change, a post that moves in the order, a future post coming due.

The server keeps every draft (published or not), every rendered post and the page plan. Such
an edit then reads only the changed files (the watcher's paths), and from the resident values
selects, cross-checks, renders the Markdown of the posts that need it, assembles the site and
plans its pages again, as build() does:

    paths -> drafts (changed files read, deleted ones dropped) -> select, check URLs, feed ids,
    authors -> Markdown of new and changed posts (and of posts whose links now resolve
    differently) -> social cards -> assemble, plan, check aliases and output names

`prepare()` returns that as a `Structure`, or None whenever the edit needs the full build: a
problem in the site (the full build reports it), a cover or a full-size image link that comes
or goes, aliases, a change of what every page reads (the base), a link that may have left the
site. Nothing is changed before it returns a Structure. `Structure.diff()` then tells which
pages and feeds to render (their recorded reads against the new values, their places in the
plan) and which files no longer belong; resident.py renders the open pages first.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sitegen import urls
from sitegen.config import Config
from sitegen.errors import Collector, SitegenError
from sitegen.model import Post, Site
from sitegen.pipeline.edit import deps, incremental
from sitegen.pipeline.markdown import convert, links
from sitegen.pipeline.media import images as media
from sitegen.pipeline.read import content, load
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.render import feeds, sitefiles
from sitegen.pipeline.site import assemble
from sitegen.pipeline.site.pages import Page, plan, redirects
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.store import OutputState
from sitegen.pipeline.values import Rendered
from sitegen.serve import checks

Reads = list[tuple[str, str, int]]


def post_rel(path: str) -> str | None:
    """The content-relative path of the post file the watcher named (site-relative), or None
    when the path is not a post's file (content.discover's rule)."""
    path = path.replace(os.sep, "/")
    if not path.startswith("content/posts/") or not path.endswith(".md"):
        return None
    rel = path[len("content/"):]
    *folders, name = rel.split("/")
    if content.is_ignored(name) or any(content.is_ignored(f, folder=True) for f in folders):
        return None
    return rel


def card_requests(kept: Iterable[PostDraft], authors: Any,
                  post_authors: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Post URL -> what its social card is drawn from (media.prepare's requests)."""
    return {d.url: (d.source, d.title, ", ".join(authors[s].name for s in post_authors.get(d.source, ()) if s in authors))
            for d in kept}


@dataclasses.dataclass
class Diff:
    """What to render and remove after a structural edit."""

    order: list[str]                    # pages and feeds to render (a feed by its RSS file)
    plans: dict[str, str | None]        # every page and feed file -> its place in the plan
    values: dict[tuple[str, str], bytes]
    feed_reads: dict[str, Reads]
    removed: list[str]                  # files sitegen wrote that no longer belong
    files: dict[str, bytes]             # files made besides pages and feeds (cards, the sitemap)
    changed: dict[tuple[str, str], int]  # item -> the fields that changed


class EntryIndex:
    """Which kept list entries (render.Renderer's, kept between edits) read which item, so an
    edit drops the entries that read what it changed without looking at all of them (20k
    entries at 10k posts took ~30 ms a save)."""

    def __init__(self) -> None:
        self.by_item: dict[tuple[str, str], dict[Any, int]] = {}
        self.indexed: set[Any] = set()
        self.items: dict[tuple[str, str], tuple[str, str]] = {}     # one tuple per item, shared

    def drop_stale(self, entries: dict[Any, Any], changed: dict[tuple[str, str], int]) -> None:
        """Remove from `entries` every entry that read a changed field of a changed item."""
        if not changed:
            return
        one = self.items.setdefault
        for key in entries.keys() - self.indexed:          # rendered since the last edit
            reads = entries[key][1]
            # every read made its own ("post", source) tuple: 20k entries x 7 items at 10k
            # posts, ~9 MiB; the entries now share one per item
            reads.items = {one(item, item): mask for item, mask in reads.items.items()}
            for item, mask in reads.items.items():
                self.by_item.setdefault(item, {})[key] = mask
            self.indexed.add(key)
        for item, fields in changed.items():
            for key, mask in self.by_item.get(item, {}).items():
                if mask & fields and key in entries:
                    del entries[key]
                    self.indexed.discard(key)       # (indexed again, with what it reads then)

    def forget(self, keys: Iterable[Any]) -> None:
        """These entries were rendered again (and replace the kept ones): index them again."""
        self.indexed.difference_update(keys)


@dataclasses.dataclass
class Structure:
    """The site after a structural edit, before anything is written."""

    site: Site
    pages: list[Page]
    page_at: dict[str, int]             # output file -> index in pages
    kept: list[PostDraft]
    left: list[PostDraft]
    drafts: dict[str, PostDraft]        # every post file's draft (published or not), by content rel
    post_authors: dict[str, tuple[str, ...]]
    selection: convert.Selection
    cards: dict[str, tuple[str, ...]]
    card_todo: list[tuple[PostDraft, str]]  # the social cards to make again (new posts, titles, bylines)
    removed: list[str]                  # files gone besides pages and feeds (cards of gone posts)
    later: list[Callable[[], None]]     # the drafts in the store's dict, once the browsers were told
    rows: list[tuple[str, str, Any, str]]   # the posts rendered again (for the store, ledger.py)
    rendered_posts: int
    saved: OutputState
    resolver: deps.TemplateResolver
    ctx: Any
    images: Any
    cards_made: dict[str, bytes] = dataclasses.field(default_factory=dict)

    def cards_first(self, rels: Iterable[str]) -> bool:
        """Whether one of these pages is the page of a post that has no card yet (a page shows
        its post's card, and the card is made by make_cards)."""
        wanted = set(rels)
        return any(urls.output_path(d.url) in wanted for d, _ in self.card_todo if d.url not in self.images.cards)

    def make_cards(self) -> None:
        """Draw the social cards to make (after the open pages, unless one of them shows one)."""
        for draft, byline in self.card_todo:
            made = media.remake_card(self.ctx, self.images, draft, byline)
            if made is not None:
                self.cards_made[made[0]] = made[1]
        self.card_todo = []

    def diff(self) -> Diff:
        """The pages and feeds whose recorded reads changed or whose place in the plan did
        (incremental.render_pages' rule), and the pages and feeds that are gone."""
        site, saved = self.site, self.saved
        values = incremental.site_values(site, saved, self.resolver)
        changed = incremental.changes(saved.vals, values)
        dirty = saved.pages_reading(changed)
        old_plans = saved.plans()
        plans: dict[str, str | None] = {}
        order: list[str] = []
        for page in self.pages:
            rel = urls.output_path(page.url)
            pid = plans[rel] = incremental.plan_id(page, site)
            if old_plans.get(rel) != pid or rel in dirty:
                order.append(rel)
        feed_reads: dict[str, Reads] = {}
        for spec in feeds.specs(site):
            pair = (urls.output_path(spec.rss_url), urls.output_path(spec.atom_url))
            pid = incremental.feed_plan_id(site, spec)
            if any(old_plans.get(r) != pid or r in dirty for r in pair):
                order.append(pair[0])
                for r in pair:
                    feed_reads[r] = incremental.feed_reads_of(site, spec.posts)
            for r in pair:
                plans[r] = pid
        json_rel = urls.output_path(urls.JSON_FEED_URL)
        plans[json_rel] = pid = incremental.json_feed_plan_id(site)
        if old_plans.get(json_rel) != pid or json_rel in dirty:
            order.append(json_rel)
            feed_reads[json_rel] = incremental.feed_reads_of(site, range(min(site.config.feed_length, len(site.posts))))
        removed = [rel for rel, row in saved.files.items() if row[0] is not None and rel not in plans]
        files = dict(self.cards_made, **{"sitemap.xml": sitefiles.sitemap(site, self.pages)})
        return Diff(order, plans, values, feed_reads, removed + self.removed, files, changed)


def prepare(k: dict[str, Any], rels: Sequence[str], *, now: Any, drafts_too: bool, future_too: bool) -> Structure | None:
    """The site after the edits of these post files (content-relative), from what the last
    build left (`k`, see build(keep=)); None when the edit needs the full build."""
    ctx = k["ctx"]
    store, config = ctx.store, ctx.config
    old_drafts: dict[str, PostDraft] = k["all_drafts"]
    read = _read(ctx, old_drafts, rels)
    if read is None:
        return None
    drafts, fresh = read
    gone = old_drafts.keys() - drafts.keys()
    for rel in list(fresh) + list(gone):
        old = old_drafts.get(rel)
        new = drafts.get(rel)
        if any(d is not None and (d.cover or d.aliases) for d in (old, new)):
            return None                   # covers and aliases make files of their own: the full build
    ordered = [drafts[rel] for rel in sorted(drafts)]
    kept, left = assemble.select(ordered, drafts_too=drafts_too, future_too=future_too, now=now)
    old_sel: convert.Selection = k["selection"]
    problems = Collector()
    old_kept: dict[str, PostDraft] = k["drafts"]
    kept_rels = {d.content_rel for d in kept}
    newly = [d for d in kept if d.content_rel in fresh or d.content_rel not in old_kept]    # new to the list
    released = set(fresh) | (old_kept.keys() - kept_rels)                                 # old URLs let go
    if not checks.posts_pass(k["checks"], newly, released):
        return None                       # a URL or feed id clash: the full build names it
    if k["authors_file"] is not None:
        resolved = checks.authors_with_file(k["authors_file"], k["post_authors"], kept, {d.content_rel for d in newly})
    else:
        resolved = assemble.resolve_authors(kept, None, problems)
    if resolved is None or problems.problems:
        return None
    authors, post_authors = resolved
    if any(a.avatar for a in authors.values() if a.slug not in k["site"].authors):
        return None
    inventory = dataclasses.replace(k["inventory"], posts=tuple(sorted(drafts)))
    selection = convert.Selection(kept, left, inventory, old_sel.pages, old_sel.pages_left)
    images = k["images"]
    targets = convert.link_targets(selection, images)
    old_targets: links.LinkTargets = k["targets"]
    moved = old_targets.post_urls != targets.post_urls or old_targets.unpublished != targets.unpublished
    if moved and not all(_valid(store, d, targets) for d in old_sel.pages):
        return None                       # a standalone page's link changed: the full build
    posts = _posts(k, kept, fresh, targets, post_authors, moved=moved)
    if posts is None:
        return None
    made, rows, later = posts
    site = assemble.assemble(config, made, kept, authors, inventory.assets, k["data"].values,
                             pages=k["site"].pages, menu=k["site"].menu)
    pages = plan(site)
    if redirects(site):                   # (only aliases can clash there)
        from sitegen.pipeline.site import aliases
        aliases.check(site, pages, inventory.assets, problems)
        if problems.problems:
            return None
    page_at = {urls.output_path(p.url): n for n, p in enumerate(pages)}
    if not checks.names_pass(k["checks"], checks.files_of(k["site"], k["page_at"]), checks.files_of(site, page_at)):
        return None                       # a new file name that folds to another: the full build
    if incremental.base_key(site, k["data"].key, k["published"]) != k["saved"].state.get("base"):
        return None
    later += _store_drafts(store, fresh, gone, load.draft_shape(config))
    names = {slug: a.name for slug, a in authors.items()}
    if names == {slug: a.name for slug, a in k["site"].authors.items()}:     # the bylines are as they were
        cards = dict(k["cards"])
        for rel in released:
            if rel in old_kept:
                cards.pop(old_kept[rel].url, None)
        cards.update(card_requests(newly, authors, post_authors))
    else:
        cards = card_requests(kept, authors, post_authors)
    card_todo, removed = _cards(ctx, images, k["cards"], cards, kept)
    return Structure(site, pages, page_at, kept, left, drafts, post_authors, selection, cards, card_todo, removed,
                     later, rows, len(rows), k["saved"], deps.TemplateResolver(ctx.site_dir / "templates", ctx.theme.templates),
                     ctx, images)


def _read(ctx: Any, old: dict[str, PostDraft], rels: Sequence[str]) -> tuple[dict[str, PostDraft], dict[str, Any]] | None:
    """(every draft after the edit, rel -> (draft with its body, key, stat) of the files that
    changed); None when a file cannot be read or parsed (the full build reports it)."""
    drafts = dict(old)
    fresh: dict[str, Any] = {}
    shape = load.draft_shape(ctx.config)
    root = os.path.realpath(ctx.site_dir / "content")
    for rel in dict.fromkeys(rels):
        path = ctx.site_dir / "content" / rel
        try:
            if os.path.realpath(path) != os.path.join(root, *rel.split("/")):
                return None               # a link on the way: the full build applies its rule (build/sources.py)
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
        except FileNotFoundError:
            drafts.pop(rel, None)
            fresh.pop(rel, None)
            continue
        except OSError:
            return None
        key = cache.digest(data, shape)
        if rel in old and old[rel].digest == key:
            drafts[rel] = old[rel]
            fresh.pop(rel, None)
            continue
        try:
            draft = content.read_post(ctx.site_dir, rel, ctx.config, data=data, digest=key)
        except SitegenError:
            return None
        drafts[rel] = dataclasses.replace(draft, body="")
        fresh[rel] = (draft, key, st)
    return drafts, fresh


def _valid(store: Any, draft: Any, targets: links.LinkTargets) -> bool:
    hit = store.rendered.get(draft.content_rel)
    return hit is not None and links.still_valid(draft, hit[1], targets)


def _posts(k: dict[str, Any], kept: list[PostDraft], fresh: dict[str, Any], targets: links.LinkTargets,
           post_authors: dict[str, tuple[str, ...]], *,
           moved: bool) -> tuple[list[Post], list[tuple[str, str, Any, str]], list[Any]] | None:
    """Every published post: the resident Post where nothing it was made from changed, else its
    Markdown rendered again (new and edited posts, posts that came due or out of draft, posts
    whose links now resolve differently). None when the full build must do it."""
    ctx = k["ctx"]
    store, config = ctx.store, ctx.config
    old_posts: dict[str, Post] = {p.source: p for p in k["site"].posts}
    render = convert.post_renderer(k["data"])
    data_key = k["data"].key
    was_kept = set(k["drafts"])          # published before the edit
    out: list[Post] = []
    rows: list[tuple[str, str, Rendered, str]] = []
    kept_rows = store.rendered
    for d in kept:
        rel = d.content_rel
        post = old_posts.get(d.source)
        if post is not None and rel not in fresh:
            if not moved:
                out.append(post)
                continue
            row = kept_rows.get(rel)        # (_valid, without two calls for a post with no local links)
            if row is not None and (not (row[1].links or row[1].images) or links.still_valid(d, row[1], targets)):
                out.append(post)
                continue
        hit = store.rendered.get(rel)
        try:
            full = fresh[rel][0] if rel in fresh else content.read_post(ctx.site_dir, rel, config, digest=d.digest)
            rendered = render(full, targets)
        except (OSError, SitegenError):
            return None
        before = hit[1].files if hit is not None and rel in was_kept else ()
        if set(rendered.files) != set(before) or not k["images"].shows(rendered.images):
            return None                   # a full-size copy comes or goes: the full build makes it
        who = post_authors[d.source]
        key = convert.render_key(d, data_key)
        out.append(links.make_post(d, rendered, config, who, rendered.html,
                                   digest=convert.post_digest(key, rendered, who)))
        rows.append((rel, key, dataclasses.replace(rendered, html=""), rendered.html))
    for rel in was_kept - {d.content_rel for d in kept}:
        hit = store.rendered.get(rel)
        if hit is None or hit[1].files:
            return None                   # a post that linked a full-size copy left: the full build
    return out, rows, []


def _store_drafts(store: Any, fresh: dict[str, Any], gone: Iterable[str], shape: str) -> list[Callable[[], None]]:
    def keep() -> None:
        for rel, (draft, key, st) in fresh.items():
            store.drafts[rel] = (key, dataclasses.replace(draft, body=""), shape, st.st_size, st.st_mtime_ns)
        for rel in gone:
            if rel in store.drafts:
                del store.drafts[rel]
            if rel in store.rendered:
                del store.rendered[rel]
    return [keep]


def _cards(ctx: Any, images: Any, old: dict[str, tuple[str, ...]], new: dict[str, tuple[str, ...]],
           kept: list[PostDraft]) -> tuple[list[tuple[PostDraft, str]], list[str]]:
    """The social cards to make (posts that are new or show another title or byline: (draft,
    byline)), and the card files of posts that are gone, dropped from the image table now
    (media.prepare's cards, for the posts that changed)."""
    todo: list[tuple[PostDraft, str]] = []
    removed: list[str] = []
    config: Config = ctx.config
    if not config.images.cards:
        return todo, removed
    for url in old.keys() - new.keys():
        card = images.cards.pop(url, None)
        if card is not None:
            removed.append(card.output[0])
    by_url: dict[str, PostDraft] = {}
    for url, request in new.items():
        if old.get(url) != request or url not in images.cards:
            by_url = by_url or {d.url: d for d in kept}
            todo.append((by_url[url], request[2]))
    return todo, removed
