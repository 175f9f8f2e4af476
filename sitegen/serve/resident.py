"""The site `sitegen serve` keeps in memory between saves, and the fast path of an edit.

After every full build (a plain build() into the server's folder) the server keeps what it
made: the site (posts, indexes by tag and author), the page plan, each file's hash and the
value of everything pages read. A save that only edits posts in place (the body, the title
as long as the post keeps its place, the summary, the sources ...) then takes the fast path:

    the watcher's paths -> read and render those posts -> new Post values -> diff field by field
    -> the pages whose recorded reads changed (asked of the build state) -> render, open pages
    first -> write those files -> note what they read and the new values (ledger.py)

A new, deleted or renamed post, a date, tag, author or draft change stays resident too
(structural.py). Anything else (a template, data, config, author or static file, an error)
goes through the full build, and the server keeps what it made. When unsure, the full build.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sitegen import urls
from sitegen.errors import SitegenError
from sitegen.model import Post
from sitegen.pipeline import output
from sitegen.pipeline.context import Options, Report, now_for
from sitegen.pipeline.edit import deps, incremental
from sitegen.pipeline.markdown import convert, links
from sitegen.pipeline.read import content, load
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.render import assets, feeds, sitefiles, theme
from sitegen.pipeline.run import build
from sitegen.pipeline.site.pages import Page
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.store import OutputState
from sitegen.serve import checks, ledger, memory, structural


@dataclasses.dataclass
class Edit:
    """What one fast-path update did."""

    report: Report
    changed: list[str]          # output files written


class ResidentSite:
    """One site, built and kept. `update(paths)` returns the output files it changed."""

    def __init__(self, options: Options):
        self.options = options
        self.kept: dict[str, Any] | None = None     # what the last full build left (see build(keep=))
        self.env: Any = None
        self.renderer: Any = None       # one per environment: its template lookups note into it
        self.entries: dict[Any, Any] = {}   # list entries rendered, valid for the saved values
        self.entry_index = structural.EntryIndex()
        self._warm: list[int] = []          # list pages to render ahead (see warm())
        self.full_builds = 0
        self.fast_updates = 0
        self.structural_updates = 0
        self._later: list[Callable[[], None]] = []
        self._cards: dict[str, bytes] = {}          # social cards remade by this edit (new titles)
        self._pending: Callable[[], None] | None = None
        self._rows: list[tuple[str, str, Any, str]] = []     # rendered posts of this edit, for the store
        self.ledger: ledger.Ledger | None = None    # the edits the store does not hold yet

    def settle(self) -> None:
        """Finish the last edit's bookkeeping in memory (the server calls it once the browsers
        were told; the next update calls it first in any case); `flush()` writes the store."""
        pending = self._pending
        if pending is not None:
            try:
                pending()
            finally:
                self._pending = None     # (after it ran: `unsaved` holds meanwhile)
            memory.settled()

    @property
    def unsaved(self) -> bool:
        """Whether edits were made that the store does not hold yet (see `flush()`)."""
        return self._pending is not None or (self.ledger is not None and self.ledger.dirty)

    def flush(self) -> None:
        """Write the edits since the last write to the store (ledger.py): when no save came for
        a moment, before a full build and when the server stops."""
        self.settle()
        k, book = self.kept, self.ledger
        if k is None or book is None or not book.dirty:
            return
        ctx = k["ctx"]
        written = book.write(ctx.store, ctx.out_dir, ctx.scan_time)
        self.ledger = ledger.Ledger(written)
        k["saved"] = written
        memory.trim()

    # -- the full build ---------------------------------------------------------------------
    def full(self, progress: Callable[[str, int, int], None] | None = None) -> Report:
        """A full build into the server's folder (`progress` may raise to stop it: nothing is
        written then)."""
        self.flush()
        kept: dict[str, Any] = {}
        self.kept = None                 # until this build succeeds, the fast path is closed
        self.ledger = None
        gc.unfreeze()                    # (what the last full build left may go now)
        report = build(self.options, progress, keep=kept)
        self.full_builds += 1
        if kept:
            # what render_pages read of every page it rendered (15k pages: ~40 MiB at 10k posts):
            # the build state holds it, and the resident paths ask the store, never this
            kept.pop("done", None)
            self.kept = kept
            self.ledger = ledger.Ledger(kept["saved"])
            self.env = None
            self.renderer = None
            self.entries = {}
            self.entry_index = structural.EntryIndex()
            self._index()
            self._warm = self._to_warm()
        memory.settled()         # (what stays resident is left out of the collector's full passes)
        return report

    def _index(self) -> None:
        assert self.kept is not None
        k = self.kept
        k["drafts"] = {d.content_rel: d for d in k["kept"]}
        k["position"] = {p.source: i for i, p in enumerate(k["site"].posts)}
        k["page_at"] = {urls.output_path(p.url): n for n, p in enumerate(k["pages"])}
        k["post_page"] = {k["site"].posts[p.post].source: n for n, p in enumerate(k["pages"]) if p.post is not None}
        k["targets"] = convert.link_targets(k["selection"], k["images"])
        k.setdefault("all_drafts", {d.content_rel: d for d in [*k["kept"], *k["left"]]})
        k.setdefault("cards", structural.card_requests(k["kept"], k["site"].authors, k["post_authors"]))
        k["checks"] = checks.index(k)

    # -- the fast paths ---------------------------------------------------------------------
    def update(self, paths: Iterable[str], first: Iterable[str] = (),
               on_first: Callable[[list[str]], None] | None = None) -> Edit | None:
        """Apply edits of posts; None when they need the full build (nothing is changed then).
        `first`: output files to render and write before the others (the pages open in
        browsers); `on_first` hears which of them changed, before the others are rendered."""
        started = time.perf_counter()
        self.settle()
        k = self.kept
        if k is None:
            return None
        rels = []
        for path in paths:
            rel = structural.post_rel(path)
            if rel is None:
                return None              # not a post's file: templates, data, config, pages ...
            rels.append(rel)
        now = now_for(self.options)
        due = not self.options.future and any(not d.draft and d.date <= now for d in k["left"])
        want = (list(first), on_first)
        if not due and all(rel in k["drafts"] for rel in rels):
            edit = self._in_place(rels, want, started)
            if edit is not None:
                return edit
        return self._structural(rels, now, want, started)

    def _in_place(self, rels: list[str], first: tuple[list[str], Callable[[list[str]], None] | None],
                  started: float) -> Edit | None:
        """Posts edited in place (same URL, date, tags, authors, draft flag and place in the
        order; title and body may change); None when one of them is not."""
        k = self.kept
        assert k is not None
        self._later = []
        self._rows = []
        self._cards = {}
        new_posts: dict[str, tuple[Post, PostDraft, Any, Any]] = {}
        for rel in rels:
            found = self._reread(rel)
            if found is None:
                return None
            if found is not False:
                new_posts[found[0].source] = found
        site = k["site"]
        if not new_posts:
            return Edit(Report(pages=len(k["pages"]), seconds=time.perf_counter() - started), [])
        posts = list(site.posts)
        for source, (post, *_) in new_posts.items():
            posts[k["position"][source]] = post
        new_site = dataclasses.replace(site, posts=tuple(posts))
        pages = list(k["pages"])
        for source, (post, *_) in new_posts.items():
            n = k["post_page"][source]
            pages[n] = dataclasses.replace(pages[n], title=post.title, description=post.summary_text)
        return self._render(new_site, pages, new_posts, (set(first[0]), first[1]), started)

    def _structural(self, rels: list[str], now: datetime, first: tuple[list[str], Callable[[list[str]], None] | None],
                    started: float) -> Edit | None:
        """A new, deleted or renamed post, a date, tag, author or draft change, a post come due:
        the site planned again from the resident drafts (structural.py). The open pages are
        rendered, written and announced first; then the diff decides what else renders."""
        k = self.kept
        assert k is not None
        self._later = []
        self._cards = {}
        work = structural.prepare(k, rels, now=now, drafts_too=self.options.drafts, future_too=self.options.future)
        if work is None:
            return None
        ctx = k["ctx"]
        manifest: dict[str, str] = k["manifest"]
        stats: dict[str, list[Any]] = {}
        announced: set[str] = set()
        reads: dict[str, Any] = {}
        early = [rel for rel in dict.fromkeys(first[0]) if rel in work.page_at]
        fresh: dict[Any, Any] = {}           # entries rendered for the open pages (before the diff)
        if not early or first[1] is None or work.cards_first(early):
            work.make_cards()
        if early and first[1] is not None:
            files, reads = self._bytes(work.site, work.pages, early, work.page_at, fresh)
            stats = output.patch(ctx.out_dir, files, manifest, write_manifest=False)
            if stats:
                first[1](sorted(stats))
                announced = set(stats)
        work.make_cards()                    # (the open pages did not show them)
        diff = work.diff()
        self.entry_index.drop_stale(self.entries, diff.changed)
        self.entry_index.forget(fresh)
        self.entries.update(fresh)
        order = [rel for rel in diff.order if rel not in reads]
        files, more = self._bytes(work.site, work.pages, order, work.page_at, self.entries)
        files.update(diff.files)
        reads.update(more)
        reads.update(diff.feed_reads)
        stats.update(output.patch(ctx.out_dir, files, manifest, write_manifest=False))
        gone_now = output.remove(ctx.out_dir, diff.removed, manifest)      # (browsers hear of these too)
        if "_headers" not in k["inventory"].assets:     # sitegen's own: by the top folders of the site
            made = assets.headers([rel for rel in manifest if rel != "_headers"])
            stats.update(output.patch(ctx.out_dir, {"_headers": made}, manifest, write_manifest=False))
        k.update(kept=work.kept, left=work.left, all_drafts=work.drafts, post_authors=work.post_authors,
                 selection=work.selection, inventory=work.selection.inventory, cards=work.cards)
        gone = set(diff.removed)
        new_files = {rel: row for rel, row in k["saved"].files.items() if rel not in gone}
        for rel, pid in diff.plans.items():
            if rel in new_files:
                new_files[rel] = (pid, *new_files[rel][1:])
        self._later = work.later
        self._rows = work.rows
        self._finish(stats, reads, new_files, diff.plans, diff.values, removed=gone)
        k["site"], k["pages"] = work.site, work.pages
        self._index()
        if self._warm:                       # (its page numbers were of the old plan)
            self._warm = self._to_warm()
        self.structural_updates += 1
        report = Report(pages=len(work.pages), rendered_posts=work.rendered_posts, rendered_pages=len(order) + len(early),
                        written=len(stats), unchanged=len(new_files) - len(stats), seconds=time.perf_counter() - started)
        return Edit(report, sorted((set(stats) | set(gone_now)) - announced))

    def _reread(self, rel: str) -> Any:
        """(Post, draft, rendered, key) for a post edited in place; False when its bytes did not
        change; None when the edit needs the full build."""
        k = self.kept
        assert k is not None
        ctx = k["ctx"]
        old: PostDraft = k["drafts"][rel]
        try:
            path = ctx.site_dir / "content" / rel
            if os.path.realpath(path) != os.path.join(os.path.realpath(ctx.site_dir / "content"), *rel.split("/")):
                return None              # a link on the way: the full build applies its rule (build/sources.py)
            with open(path, "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
            shape = load.draft_shape(ctx.config)
            key = cache.digest(data, shape)
            if key == old.digest:
                return False
            draft = content.read_post(ctx.site_dir, rel, ctx.config, data=data, digest=key)
        except (OSError, SitegenError):
            return None
        same = (draft.url, draft.date, draft.author_ids, draft.tag_names, draft.draft, draft.slug)
        if same != (old.url, old.date, old.author_ids, old.tag_names, old.draft, old.slug):
            return None
        if draft.cover != old.cover:
            return None                  # its social card is the new cover: the full build makes it
        site = k["site"]
        i = k["position"][draft.source]
        order = (draft.date, draft.title, draft.source)
        if i > 0 and not _key(site.posts[i - 1]) > order:
            return None
        if i + 1 < len(site.posts) and not order > _key(site.posts[i + 1]):
            return None
        data_files = k["data"]
        try:
            rendered = convert.post_renderer(data_files)(draft, k["targets"])
        except SitegenError:
            return None
        if not set(rendered.files) <= k["images"].linked or not k["images"].shows(rendered.images):
            return None                  # a new full-size link: the full build makes its copy
        render_key = convert.render_key(draft, data_files.key)
        who = k["post_authors"][draft.source]
        if draft.title != old.title:       # the post's social card shows its title
            from sitegen.pipeline.media import images as media
            names = ", ".join(site.authors[a].name for a in who if a in site.authors)
            card = media.remake_card(ctx, k["images"], draft, names)
            if card is not None:
                self._cards[card[0]] = card[1]
        post = links.make_post(draft, rendered, ctx.config, who, rendered.html,
                               digest=convert.post_digest(render_key, rendered, who))
        store = ctx.store
        self._rows.append((rel, render_key, dataclasses.replace(rendered, html=""), rendered.html))

        def keep() -> None:
            store.drafts[rel] = (key, dataclasses.replace(draft, body=""), shape, st.st_size, st.st_mtime_ns)
        self._later.append(keep)
        return post, dataclasses.replace(draft, body=""), rendered, render_key

    def _render(self, site: Any, pages: list[Page], new_posts: dict[str, Any],
                first: tuple[set[str], Callable[[list[str]], None] | None], started: float) -> Edit:
        k = self.kept
        assert k is not None
        ctx = k["ctx"]
        saved: OutputState = k["saved"]
        values = dict(saved.vals)
        changed, sitemap = deps.note_posts(values, (post for post, *_ in new_posts.values()),
                                           (p.source for p in site.posts))
        dirty = saved.pages_reading(changed)
        self.entry_index.drop_stale(self.entries, changed)
        plans = dict(saved.plans())
        for source in new_posts:
            n = k["post_page"][source]
            rel = urls.output_path(pages[n].url)
            pid = incremental.plan_id(pages[n], site)
            if plans.get(rel) != pid:
                plans[rel] = pid
                dirty.add(rel)
        order = sorted(dirty)
        manifest: dict[str, str] = k["manifest"]
        early = [r for r in order if r in first[0]]
        stats: dict[str, list[Any]] = {}
        announced: set[str] = set()          # files the browsers were told about already
        reads: dict[str, Any] = {}
        if early and len(early) < len(order) and first[1] is not None:
            files, reads = self._bytes(site, pages, early)
            stats = output.patch(ctx.out_dir, files, manifest, write_manifest=False)
            first[1](sorted(stats))
            announced = set(stats)
            order = [r for r in order if r not in files]
        files, more = self._bytes(site, pages, order)
        files.update(self._cards)
        reads.update(more)
        if sitemap:
            files["sitemap.xml"] = sitefiles.sitemap(site, pages)
        stats.update(output.patch(ctx.out_dir, files, manifest, write_manifest=False))
        new_files = dict(saved.files)
        for rel in reads:
            if rel in plans and rel not in stats:
                new_files[rel] = (plans[rel], *new_files[rel][1:])
        self._finish(stats, reads, new_files, plans, values)
        k["site"], k["pages"] = site, pages
        for _post, draft, _rendered, _key in new_posts.values():
            k["drafts"][draft.content_rel] = draft
            k["all_drafts"][draft.content_rel] = draft
        self.fast_updates += 1
        report = Report(pages=len(pages), rendered_posts=len(new_posts), rendered_pages=len(dirty),
                        written=len(stats), unchanged=len(new_files) - len(stats),
                        seconds=time.perf_counter() - started)
        return Edit(report, sorted(set(stats) - announced))

    def _finish(self, stats: dict[str, list[Any]], reads: dict[str, Any], new_files: dict[str, Any],
                plans: dict[str, Any], values: dict[tuple[str, str], bytes], *, removed: Iterable[str] = ()) -> None:
        """Note the files written and what the rendered pages read: the manifest and the state
        the next edit starts from by `settle()` (after the browsers were told; before the next
        edit), the store by `flush()` (ledger.py)."""
        k = self.kept
        assert k is not None
        ctx = k["ctx"]
        saved: OutputState = k["saved"]
        manifest: dict[str, str] = k["manifest"]
        for rel, (sha, size, mtime) in stats.items():
            new_files[rel] = (plans.get(rel), sha, size, mtime)
        state = dict(saved.state, inputs=None)      # the next full build must look at the files
        for names in reads.values():
            for kind, name, _mask in names:
                if kind == "template" and (kind, name) not in values:
                    resolver = deps.TemplateResolver(ctx.site_dir / "templates", ctx.theme.templates)
                    values[(kind, name)] = resolver.value(name)
        later, self._later = self._later, []
        rows, self._rows = self._rows, []
        gone = list(removed)
        book = self.ledger
        assert book is not None

        def finish() -> None:
            for step in later:
                step()
            book.rendered(ctx.store, rows)
            if stats or gone:
                output.write_manifest_file(ctx.out_dir, manifest)
            book.note(reads, gone)
            # the new state becomes the one the next edit starts from
            k["saved"] = book.state(ctx.store, state, new_files, values)
        self._pending = finish

    def _to_warm(self) -> list[int]:
        """The home page's and the authors' list pages (every post once, at headings 2 and 3)
        that list a post with no entry rendered yet, last first."""
        k = self.kept
        assert k is not None
        posts = k["site"].posts
        done = {key[0] for key in self.entries}
        return [n for n, p in enumerate(k["pages"])
                if p.kind in ("index", "author") and any(posts[i].url not in done for i in p.posts)][::-1]

    def warm(self, budget: float) -> bool:
        """Render list entries ahead of the next structural edit, for `budget` seconds (the full
        build rendered them in its workers, out of reach; a new post at the top of 10k posts
        moves ~1,000 list pages, and their 10k entries cost ~1.5 s). The server calls it when
        no save is waiting. False once there is nothing left to do."""
        k = self.kept
        if k is None or not self._warm or self._pending is not None:
            return False
        renderer = self._renderer(k["site"], self.entries)
        deadline = time.perf_counter() + budget
        try:
            while self._warm and time.perf_counter() < deadline:
                renderer.render_tracked(k["pages"][self._warm.pop()])
        except Exception:
            self._warm = []                 # (the next edit reports what is wrong)
        return bool(self._warm)

    def _renderer(self, site: Any, entries: dict[Any, Any]) -> Any:
        """The one Renderer of the environment, pointed at `site` and these list entries."""
        from sitegen.pipeline.render.jinja import Renderer
        k = self.kept
        assert k is not None
        if self.renderer is None:
            # One Renderer for the environment, kept between saves with its caches. (A second
            # one used to record no template reads - deps.record_templates asked only the first
            # owner - which left pages stale after a template edit; every owner is asked now.)
            self.env = theme.make_environment(k["ctx"].site_dir, k["ctx"].theme)
            self.renderer = Renderer(self.env, site, k["published"])
        renderer = self.renderer
        renderer.site, renderer.published, renderer._entries = site, k["published"], entries
        return renderer

    def _bytes(self, site: Any, pages: list[Page], order: list[str], page_at: dict[str, int] | None = None,
               entries: dict[Any, Any] | None = None) -> tuple[dict[str, bytes], dict[str, Any]]:
        """Render the files in `order`: pages (with what they read) and feeds."""
        k = self.kept
        assert k is not None
        ctx = k["ctx"]
        page_at = k["page_at"] if page_at is None else page_at
        # the list entries rendered before, that read nothing the edit changed (or none)
        renderer = self._renderer(site, self.entries if entries is None else entries)
        specs = {}
        for spec in feeds.specs(site):
            specs[urls.output_path(spec.rss_url)] = spec
            specs[urls.output_path(spec.atom_url)] = spec

        def one(rel: str) -> list[tuple[str, bytes, Any]]:
            if rel in specs:
                spec = specs[rel]
                rss, atom = feeds.render_feed(site, spec)
                return [(urls.output_path(spec.rss_url), rss, None), (urls.output_path(spec.atom_url), atom, None)]
            if rel == urls.output_path(urls.JSON_FEED_URL):
                return [(rel, feeds.json_feed(site, site.posts[: site.config.feed_length]), None)]
            if rel not in page_at:
                return []
            try:
                body, got = renderer.render_tracked(pages[page_at[rel]])
            except SitegenError:
                raise
            except Exception as exc:
                raise theme.template_error(exc, ctx.site_dir) from None
            return [(rel, body, [(kind, name, mask) for (kind, name), mask in got.items.items()])]

        files: dict[str, bytes] = {}
        reads: dict[str, Any] = {}
        todo = list(dict.fromkeys(order))
        # (in this process: forked workers were slower here, 4.4 s against 1.9 s for the ~1,060
        # pages a new post moves at 10k posts: a fork of the resident server touches its heap)
        for rel_of_todo in todo:
            for rel, body, got in one(rel_of_todo):
                files[rel] = body
                if got is not None:
                    reads[rel] = got
        return files, reads


def _key(post: Post) -> tuple[datetime, str, str]:
    return (post.date, post.title, post.source)
