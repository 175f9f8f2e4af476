"""Structural edits of posts, resident: a new, deleted or renamed post, a date, tag, author or
draft change, a post that moves in the order, a future post coming due.

The server keeps every draft (published or not), every rendered post and the page plan. Such
an edit then reads only the changed files (the watcher's paths), and from the resident values
selects, cross-checks, renders the Markdown of the posts that need it, assembles the site and
plans its pages again, as build() does:

    paths -> drafts (changed files read, deleted ones dropped) -> select, check URLs, feed ids,
    authors -> Markdown of new and changed posts (and of posts whose links now resolve
    differently) -> social cards -> assemble, plan, check aliases and output names

`prepare()` returns that as a `Change`, or None whenever the edit needs the full build: a
problem in the site (the full build reports it), a cover or a full-size image link that comes
or goes, aliases, a change of what every page reads (the base), a link that may have left the
site. Nothing is changed before it returns a Change; the Session (session.py) then renders
the open pages first, and the edit engine's diff decides what else renders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from sitegen import urls
from sitegen.config import Config
from sitegen.errors import Collector, SitegenError
from sitegen.model import Post
from sitegen.pipeline.context import BuiltSite
from sitegen.pipeline.edit import engine, incremental
from sitegen.pipeline.markdown import convert, links
from sitegen.pipeline.media import images as media
from sitegen.pipeline.read import content
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.render import sitefiles
from sitegen.pipeline.site import assemble
from sitegen.pipeline.site.pages import plan, redirects


def card_requests(kept: Iterable[PostDraft], authors: Any,
                  post_authors: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Post URL -> what its social card is drawn from (media.prepare's requests)."""
    return {d.url: (d.source, d.title, ", ".join(authors[s].name for s in post_authors.get(d.source, ()) if s in authors))
            for d in kept}


@dataclasses.dataclass
class Index:
    """What a structural edit compares with, of the site a Session keeps (made once a site is):
    build()'s cross-checks (assemble.py, output.check_names: ~100 ms at 10,000 posts, before the
    open page can be written) run on the posts and output files that are new only, against the
    last site's folded URLs, feed ids and file names. A check that fails says only "the full
    build": that build finds the problem again and names it, so the checks need to be sure only
    when they pass."""

    cards: dict[str, tuple[str, ...]]          # post URL -> what its social card is drawn from
    urls: dict[str, str] = dataclasses.field(default_factory=dict)  # folded URL -> its post's content rel ("": a page)
    feed_ids: dict[str, str] = dataclasses.field(default_factory=dict)  # feed id -> content rel
    names: set[str] | None = None              # every output file name the build checks, folded (None: not yet,
                                               # made when the edit settles: Editor.settle)

    @classmethod
    def of(cls, built: BuiltSite) -> Index:
        post_authors = {p.source: p.authors for p in built.site.posts}
        return cls(card_requests(built.selection.kept, built.site.authors, post_authors)).checked(built)

    def checked(self, built: BuiltSite) -> Index:
        """With the URLs, feed ids and file names of this built site (once)."""
        if self.names is None:
            sel = built.selection
            self.urls = {urls.fold(p.url): "" for p in sel.pages if p.url}
            self.urls.update((urls.fold(d.url), d.content_rel) for d in sel.kept)
            self.feed_ids = {d.feed_id: d.content_rel for d in sel.kept if d.feed_id}
            self.names = {urls.fold(rel) for rel, _ in
                          sitefiles.output_names(built.ctx, built.site, built.pages, sel.inventory.assets)}
        return self

    def posts_pass(self, newly: Iterable[PostDraft], released: set[str]) -> bool:
        """True when no post new to the list takes a URL the site uses itself, another post's or
        a page's URL (folded), or another post's feed id. `released`: posts whose old URL and
        feed id no longer count (edited, deleted or left out now)."""
        seen: set[str] = set()
        ids: set[str] = set()
        for d in newly:
            key = urls.fold(d.url)
            if key in assemble.RESERVED_URLS or key.startswith(assemble.RESERVED_PREFIXES) or key in seen:
                return False
            owner = self.urls.get(key)
            if owner is not None and (owner == "" or owner not in released):
                return False
            seen.add(key)
            if d.feed_id:
                owner = self.feed_ids.get(d.feed_id)
                if d.feed_id in ids or (owner is not None and owner not in released):
                    return False
                ids.add(d.feed_id)
        return True

    def names_pass(self, old: BuiltSite, new: BuiltSite) -> bool:
        """True when no page or feed file that is new folds to a name of the last site, or to the
        name of another new one (output.check_names). A name that only changes case: the full build."""
        assert self.names is not None
        seen: set[str] = set()
        for rel in _files_of(new) - _files_of(old):
            key = urls.fold(rel)
            if key in seen or key in self.names:
                return False
            seen.add(key)
        return True


def _files_of(built: BuiltSite) -> set[str]:
    """The page and feed files of a site."""
    return set(built.page_at).union(*map(engine.job_files, engine.feed_jobs(built.site)))


@dataclasses.dataclass
class Change:
    """The site after an edit, before anything is written: posts edited in place (the Editor
    makes it: the same site with their new Posts) or a structural edit (prepare())."""

    built: BuiltSite
    rows: list[engine.Row]              # the posts rendered again (for the store, ledger.py)
    drafts: dict[str, Any]              # content rel -> the store's row of its draft (None: gone)
    card_todo: list[tuple[PostDraft, str]]  # the social cards to make again (new posts, titles, bylines)
    index: Index | None = None          # of the new site (None: in place, the site's stays)
    removed: list[str] = dataclasses.field(default_factory=list)    # files gone besides pages and feeds (cards)
    dirty: tuple[list[str], dict[str, str | None], dict[Any, bytes], dict[Any, int]] | None = None
                                        # in place: the files to render, plan ids, values, what changed
                                        # (else the diff finds them, once the open pages are written)
    sitemap: bool = True                # whether the sitemap is written again
    cards_made: dict[str, bytes] = dataclasses.field(default_factory=dict)

    def cards_first(self, rels: Iterable[str]) -> bool:
        """Whether one of these pages is the page of a post that has no card yet (a page shows
        its post's card, and the card is made by make_cards)."""
        wanted, images = set(rels), self.built.published.images
        return any(urls.output_path(d.url) in wanted for d, _ in self.card_todo if d.url not in images.cards)

    def make_cards(self) -> None:
        """Draw the social cards to make (after the open pages, unless one of them shows one)."""
        made = [media.remake_card(self.built.ctx, self.built.published.images, d, byline) for d, byline in self.card_todo]
        self.cards_made.update(card for card in made if card is not None)      # (output file, bytes)
        self.card_todo = []


def prepare(built: BuiltSite, ix: Index, fresh: dict[str, engine.Fresh], gone: Iterable[str], *, now: Any,
            base: str, drafts_too: bool, future_too: bool) -> Change | None:
    """The site after the edits of these post files (read, and gone), from the site `built`
    with its index `ix`; None when the edit needs the full build. Nothing is changed before it
    returns a Change."""
    ctx, old_drafts, old_kept, old_sel = built.ctx, built.all_drafts, built.drafts, built.selection
    changed = {rel: f for rel, f in fresh.items() if f.draft is not None}
    drafts: dict[str, Any] = {rel: d for rel, d in old_drafts.items() if rel not in gone}
    drafts.update((rel, f.shell) for rel, f in changed.items())
    for rel in list(changed) + [rel for rel in gone if rel in old_drafts]:
        if any(d is not None and (d.cover or d.aliases) for d in (old_drafts.get(rel), drafts.get(rel))):
            return None                   # covers and aliases make files of their own: the full build
    kept, left = assemble.select([drafts[rel] for rel in sorted(drafts)], drafts_too=drafts_too, future_too=future_too,
                                 now=now)
    problems = Collector()
    newly = [d for d in kept if d.content_rel in changed or d.content_rel not in old_kept]    # new to the list
    released = set(changed) | (old_kept.keys() - {d.content_rel for d in kept})             # old URLs let go
    if not ix.checked(built).posts_pass(newly, released):
        return None                       # a URL or feed id clash: the full build names it
    authors, post_authors = assemble.resolve_authors(kept, built.authors_file, problems)
    if problems.problems:
        return None
    if any(a.avatar for a in authors.values() if a.slug not in built.site.authors):
        return None
    inventory = dataclasses.replace(old_sel.inventory, posts=tuple(sorted(drafts)))
    selection = convert.Selection(kept, left, inventory, old_sel.pages, old_sel.pages_left)
    images = built.published.images
    targets = convert.link_targets(selection, images)
    moved = built.targets.post_urls != targets.post_urls or built.targets.unpublished != targets.unpublished
    if moved and not all(_valid(ctx.store.rendered.get(d.content_rel), d, targets) for d in old_sel.pages):
        return None                       # a standalone page's link changed: the full build
    made = _posts(built, kept, changed, targets, post_authors, moved=moved)
    if made is None:
        return None
    posts, rows = made
    site = assemble.assemble(ctx.config, posts, kept, authors, inventory.assets, built.data.values,
                             pages=built.site.pages, menu=built.site.menu)
    pages = plan(site)
    if redirects(site):                   # (only aliases can clash there)
        from sitegen.pipeline.site import aliases
        aliases.check(site, pages, inventory.assets, problems)
        if problems.problems:
            return None
    new = BuiltSite(ctx, selection, site, pages, built.published, targets, built.data, built.authors_file)
    if not ix.names_pass(built, new):
        return None                       # a new file name that folds to another: the full build
    if incremental.base_key(site, built.data.key, built.published) != base:
        return None
    names = {slug: a.name for slug, a in authors.items()}
    if names == {slug: a.name for slug, a in built.site.authors.items()}:     # the bylines are as they were
        cards = dict(ix.cards)
        for rel in released:
            if rel in old_kept:
                cards.pop(old_kept[rel].url, None)
        cards.update(card_requests(newly, authors, post_authors))
    else:
        cards = card_requests(kept, authors, post_authors)
    card_todo, removed = _cards(ctx, images, ix.cards, cards, kept)
    stored = {**dict.fromkeys(gone), **{rel: f.row() for rel, f in changed.items()}}    # (the store's draft rows)
    return Change(new, rows, stored, card_todo, Index(cards), removed)    # (index checked: once settled)


def _valid(row: Any, draft: Any, targets: links.LinkTargets) -> bool:
    """Whether the store's row of a rendered document still holds (its links resolve as they did)."""
    return row is not None and links.still_valid(draft, row[1], targets)


def _posts(built: BuiltSite, kept: list[PostDraft], fresh: dict[str, engine.Fresh], targets: links.LinkTargets,
           post_authors: dict[str, tuple[str, ...]], *, moved: bool) -> tuple[list[Post], list[engine.Row]] | None:
    """Every published post: the resident Post where nothing it was made from changed, else its
    Markdown rendered again (new and edited posts, posts that came due or out of draft, posts
    whose links now resolve differently). None when the full build must do it."""
    ctx, kept_rows = built.ctx, built.ctx.store.rendered
    old_posts: dict[str, Post] = {p.source: p for p in built.site.posts}
    render = convert.post_renderer(built.data)
    was_kept = built.drafts.keys()          # published before the edit
    out: list[Post] = []
    rows: list[engine.Row] = []
    for d in kept:
        rel = d.content_rel
        post = old_posts.get(d.source)
        if post is not None and rel not in fresh and (not moved or _valid(kept_rows.get(rel), d, targets)):
            out.append(post)
            continue
        hit = kept_rows.get(rel) if rel in was_kept else None
        try:
            full = fresh[rel].draft if rel in fresh else content.read_post(ctx.site_dir, rel, ctx.config, digest=d.digest)
        except (OSError, SitegenError):
            return None
        assert full is not None
        made = engine.make_post(built, full, post_authors[d.source], hit and hit[1], targets, render)
        if made is None:
            return None
        out.append(made[0])
        rows.append(made[1])
    for rel in was_kept - {d.content_rel for d in kept}:
        hit = kept_rows.get(rel)
        if hit is None or hit[1].files:
            return None                   # a post that linked a full-size copy left: the full build
    return out, rows


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
