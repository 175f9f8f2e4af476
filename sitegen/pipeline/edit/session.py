"""An Editor: one built site kept (a BuiltSite), and the edits applied to it.

`sitegen serve` keeps one alive (a Session: pipeline/session.py adds the full build); the
command line resumes one from the snapshot of the last build into its folder (quick.py),
applies an edit in place and writes it at once. An edit:

    the changed post files, read and digested (engine.read_post) -> in place, structural or the
    full build (engine.kind_of, the one definition) -> in place: their Markdown, the new Posts
    patched into the site and the values diffed field by field; structural: select, check,
    assemble and plan again (structural.py), every value diffed; either way a structural.Change,
    written by one body (_write) -> the open pages first, then the pages whose recorded reads
    changed or whose place in the plan did -> render (engine.render),
    write (output.patch) -> the state the next edit starts from (settle()), the store (flush(),
    ledger.py)

Anything else (a template, data, config, author or static file, an error) returns None and
goes through the full build (Session.full()), and the session keeps what it made. When unsure, the
full build.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sitegen import urls
from sitegen.model import Post
from sitegen.pipeline import output
from sitegen.pipeline.context import BuiltSite, Options, Report, now_for
from sitegen.pipeline.edit import engine, incremental, ledger, memory, structural
from sitegen.pipeline.edit.ledger import Ledger
from sitegen.pipeline.markdown import convert
from sitegen.pipeline.read import content, language
from sitegen.pipeline.render import assets, sitefiles, theme
from sitegen.pipeline.state.store import OutputState

First = tuple[list[str], Callable[[list[str]], None] | None]


def post_rel(path: str, codes: tuple[str, ...] = ()) -> str | None:
    """The content-relative path of the post file the watcher named (site-relative), or None
    when the path is not a post's file (content.discover's rule; `codes`: a multilingual site's
    languages, whose folders hold posts too: content/de/posts/)."""
    path = path.replace(os.sep, "/")
    if not path.startswith("content/") or not path.endswith(".md"):
        return None
    rel = path[len("content/"):]
    section = rel.partition("/")[2] if codes and language.folder_language(rel, codes) else rel
    if not section.startswith("posts/"):
        return None
    *folders, name = rel.split("/")
    if content.is_ignored(name) or any(content.is_ignored(f, folder=True) for f in folders):
        return None
    return rel


@dataclasses.dataclass
class Edit:
    """What one edit did."""

    report: Report
    changed: list[str]          # output files written


def with_items(seq: Sequence[Any], new: Mapping[int, Any]) -> Sequence[Any]:
    """A sequence with these items in place of its own (a snapshot's lazy one stays lazy)."""
    if hasattr(seq, "with_items"):
        return seq.with_items(new)     # type: ignore[no-any-return]
    out = list(seq)
    for i, item in new.items():
        out[i] = item
    return tuple(out) if isinstance(seq, tuple) else out


class Editor:
    """One built site, kept: `keep(built, saved)`, `apply(paths)`, `settle()`, `flush()`,
    `warm()` (a Session, pipeline/session.py, adds the full build)."""

    def __init__(self, options: Options):
        self.options = options
        self.built: BuiltSite | None = None
        self.saved: OutputState | None = None       # the output state now (ledger.LiveState after edits)
        self.manifest: dict[str, str] = {}          # the output folder's files -> sha256
        self.ledger: Ledger | None = None           # the edits the store does not hold yet
        self.index: structural.Index | None = None  # what a structural edit checks against
        self.renderer: Any = None       # one per environment: its template lookups note into it
        self.entries: dict[Any, Any] = {}   # list entries rendered, valid for the saved values
        self.entry_index = ledger.EntryIndex()
        self._warm: list[int] = []          # list pages to render ahead (see warm())
        self.full_builds = self.fast_updates = self.structural_updates = 0
        self._pending: Callable[[], None] | None = None

    def keep(self, built: BuiltSite, saved: OutputState) -> None:
        """Start from this site and the output state beside it."""
        self.built, self.saved, self.ledger = built, saved, Ledger(saved)
        self.manifest = {rel: f[1] for rel, f in saved.files.items()}
        self.renderer, self.entries, self.entry_index = None, {}, ledger.EntryIndex()

    # -- the state ----------------------------------------------------------------------------
    def settle(self) -> None:
        """Finish the last edit's bookkeeping in memory (the server calls it once the browsers
        were told; the next edit calls it first in any case); `flush()` writes the store."""
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

    def flush(self, snapshot: dict[str, bytes] | None = None) -> None:
        """Write the edits since the last write to the store (ledger.py): when no save came for
        a moment, before a full build and when the server stops."""
        self.settle()
        built, book = self.built, self.ledger
        if built is None or book is None or not book.dirty:
            return
        ctx = built.ctx
        self.saved = book.write(ctx.store, ctx.out_dir, ctx.scan_time, snapshot=snapshot)
        self.ledger = Ledger(self.saved)
        memory.trim()

    # -- an edit ------------------------------------------------------------------------------
    def apply(self, paths: Iterable[str], first: Iterable[str] = (),
              on_first: Callable[[list[str]], None] | None = None, *, structural_too: bool = True) -> Edit | None:
        """Apply edits of posts; None when they need the full build (nothing is changed then).
        `first`: output files to render and write before the others (the pages open in
        browsers); `on_first` hears which of them changed, before the others are rendered."""
        started = time.perf_counter()
        self.settle()
        built, saved = self.built, self.saved
        if built is None or saved is None:
            return None
        config = built.ctx.config
        rels = [post_rel(path, config.codes if config.multilingual else ()) for path in paths]
        if None in rels:
            return None                  # not a post's file: templates, data, config, pages ...
        fresh: dict[str, engine.Fresh] = {}
        gone: list[str] = []
        for rel in dict.fromkeys(r for r in rels if r is not None):
            old = built.draft(rel) or (built.all_drafts.get(rel) if structural_too else None)
            try:
                found = engine.read_post(built.ctx, rel, old.digest if old else None, built)
            except FileNotFoundError:
                gone.append(rel)
                continue
            if found is None:
                return None
            fresh[rel] = found
        now = now_for(self.options)
        due = not self.options.future and any(not d.draft and d.date <= now for d in built.selection.left)
        in_place = not due and not gone and all(f.draft is None or engine.kind_of(built, built.draft(rel), f.draft)
                                                == engine.IN_PLACE for rel, f in fresh.items())
        change = self._in_place(list(fresh.values())) if in_place else None
        # a structural edit of a site in languages (its translations linked again): the full build
        if change is None and structural_too and not config.multilingual:
            change = structural.prepare(built, self.index or structural.Index.of(built), fresh, gone, now=now,
                                        base=saved.state.get("base", ""), drafts_too=self.options.drafts,
                                        future_too=self.options.future)
        if change is None:
            return None
        edit = change if isinstance(change, Edit) else self._write(change, list(first), on_first)
        edit.report.seconds = time.perf_counter() - started
        return edit

    def _in_place(self, fresh: list[engine.Fresh]) -> structural.Change | Edit | None:
        """Posts edited in place (engine.kind_of): the same site with their new Posts, and the
        pages that read what changed or moved in the plan; None when one of them cannot be."""
        built, saved = self.built, self.saved
        assert built is not None and saved is not None
        ctx, site = built.ctx, built.site
        render = convert.post_renderer(built.data)
        made: dict[int, tuple[Post, Any]] = {}
        rows: list[engine.Row] = []
        for f in fresh:
            if f.draft is not None:
                i, before = built.position[f.draft.source], ctx.store.rendered_row(f.rel)
                got = engine.make_post(built, f.draft, engine.author_slugs(ctx.config, site.posts[i]),
                                       before and before[1], render=render)
                if got is None:
                    return None
                made[i] = (got[0], f.draft)
                rows.append(got[1])
        if not made:
            return Edit(Report(pages=len(built.pages)), [])
        posts = {i: post for i, (post, _) in made.items()}
        values, changed, sitemap = incremental.in_place(saved.vals, list(posts.values()), built.position)
        new_site = dataclasses.replace(site, posts=with_items(site.posts, posts))  # type: ignore[arg-type]
        moved = {built.post_page[i]: dataclasses.replace(built.pages[built.post_page[i]], title=p.title,
                                                         description=p.summary_text) for i, p in posts.items()}
        selection = built.selection._replace(kept=with_items(built.selection.kept,
                                                             {built.draft_at[f.rel]: f.kept for f in fresh if f.draft}))
        new = built.carry(dataclasses.replace(built, selection=selection, site=new_site,
                                              pages=with_items(built.pages, moved)))
        plans = saved.plans()           # (a post's page moves in the plan when its title or summary changes)
        moved_plans = {urls.output_path(p.url): engine.plan_id(new_site, ("page", p)) for p in moved.values()}
        dirty = sorted(saved.pages_reading(changed) | {rel for rel, pid in moved_plans.items() if plans.get(rel) != pid})
        plans.update(moved_plans)
        if engine.jobs_of(new_site, new.pages, new.page_at, dirty) is None:
            return None
        retitled = [(d, structural.card_requests([d], site.authors, {d.source: site.posts[i].authors})[d.url][2])
                    for i, (post, d) in made.items() if post.title != site.posts[i].title]
        return structural.Change(new, rows, {f.rel: f.row() for f in fresh if f.draft}, retitled,
                                 dirty=(dirty, plans, values, changed), sitemap=sitemap)

    # -- render and write ---------------------------------------------------------------------
    def _write(self, change: structural.Change, first: list[str], on_first: Callable[[list[str]], None] | None) -> Edit:
        """Render and write the open pages first and tell the browsers of those that changed;
        then the pages the diff finds (in place: found already) but those, with the cards, the
        sitemap and the files a structural edit removes (then sitegen's _headers too); keep the
        new site. The state it leaves is noted by `settle()`."""
        new, saved, in_place = change.built, self.saved, change.index is None
        ctx = new.ctx
        assert saved is not None
        known = change.dirty[0] if change.dirty else None
        early = [rel for rel in dict.fromkeys(first) if rel in new.page_at and (known is None or rel in known)]
        if on_first is None or (known is not None and len(early) == len(known)):
            early = []                           # (all at once)
        if not early or change.cards_first(early):
            change.make_cards()
        fresh: dict[Any, Any] = {}               # list entries rendered for the open pages (before the diff)
        files, reads = self._render(new, early, fresh) if early else ({}, {})
        stats = output.patch(ctx.out_dir, files, self.manifest, write_manifest=False) if files else {}
        if stats and on_first is not None:
            on_first(sorted(stats))
        announced = set(stats)
        change.make_cards()                      # (the open pages did not show them)
        if change.dirty is None:
            jobs, plans, _, values, changed = incremental.diff(new.site, new.pages, saved, engine.resolver(ctx))
            todo = [rel for job in jobs for rel in engine.job_files(job)]
        else:
            todo, plans, values, changed = change.dirty
        self.entry_index.drop_stale(self.entries, changed)
        for key in fresh:                        # (rendered again: indexed again)
            self.entry_index.drop(key)
        self.entries.update(fresh)
        if change.sitemap:
            change.cards_made["sitemap.xml"] = sitefiles.sitemap(new.site, new.pages)
        more, got = self._render(new, [rel for rel in todo if rel not in reads])
        reads.update(got)
        stats.update(output.patch(ctx.out_dir, {**more, **change.cards_made}, self.manifest, write_manifest=False))
        gone: list[str] = []
        gone_now: list[str] = []
        if not in_place:
            gone = [rel for rel, row in saved.files.items() if row[0] is not None and rel not in plans] + change.removed
            gone_now = output.remove(ctx.out_dir, gone, self.manifest) if gone else []
            if "_headers" not in new.selection.inventory.assets:   # sitegen's own: by the site's top folders
                made = assets.headers([rel for rel in self.manifest if rel != "_headers"])
                stats.update(output.patch(ctx.out_dir, {"_headers": made}, self.manifest, write_manifest=False))
        new_files = {rel: row for rel, row in saved.files.items() if rel not in gone}
        for rel in reads:
            if rel in plans and rel in new_files:
                new_files[rel] = (plans[rel], *new_files[rel][1:])
        for rel, (sha, size, mtime) in stats.items():
            new_files[rel] = (plans.get(rel), sha, size, mtime)
        engine.note_templates(values, reads.values(), engine.resolver(ctx))
        book, wrote = self.ledger, bool(stats or gone)
        assert book is not None
        state = dict(saved.state, inputs=None)      # the next full build must look at the files
        self.built = new
        if in_place:
            self.fast_updates += 1
        else:
            self.index, self.structural_updates = change.index, self.structural_updates + 1
            if self._warm:                       # (its page numbers were of the old plan)
                self._warm = self._to_warm()

        def finish() -> None:
            """The state the next edit starts from (settle(): after the browsers were told, before
            the next edit); the store's by flush() (ledger.py)."""
            if self.index is not None:
                self.index.checked(new)       # (what the next structural edit checks against)
            _ = new.position, new.page_at, new.post_page, new.draft_at     # (its indexes, made now)
            ctx.store.put_drafts(change.drafts)
            book.rendered(ctx.store, change.rows)
            if wrote:
                output.write_manifest_file(ctx.out_dir, self.manifest)
            book.note(reads, gone)
            self.saved = book.state(ctx.store, state, new_files, values)
        self._pending = finish
        report = Report(pages=len(new.pages), rendered_pages=len(reads), written=len(stats),
                        unchanged=len(new_files) - len(stats), rendered_posts=len(change.rows))
        return Edit(report, sorted((set(stats) | set(gone_now)) - announced))

    def _render(self, built: BuiltSite, order: list[str],
                entries: dict[Any, Any] | None = None) -> tuple[dict[str, bytes], dict[str, engine.Reads]]:
        """Render the pages and feeds that make these files (in this process: forked workers
        were slower here, 4.4 s against 1.9 s for the ~1,060 pages a new post moves at 10k
        posts: a fork of the resident server touches its heap)."""
        jobs = engine.jobs_of(built.site, built.pages, built.page_at, order)
        assert jobs is not None          # (the in-place path checked; structural renders pages and feeds)
        renderer = self._renderer(built, self.entries if entries is None else entries)
        files: dict[str, bytes] = {}
        reads: dict[str, engine.Reads] = {}
        for job in jobs:
            for rel, body, got in engine.render(renderer, built.site, job, built.ctx.site_dir):
                files[rel], reads[rel] = body, got
        return files, reads

    def _renderer(self, built: BuiltSite, entries: dict[Any, Any]) -> Any:
        """The one Renderer of the environment, pointed at the site and these list entries."""
        from sitegen.pipeline.render.jinja import Renderer
        if self.renderer is None:
            # One Renderer for the environment, kept between saves with its caches (every
            # renderer on an environment records its template reads: deps.record_templates).
            self.renderer = Renderer(theme.make_environment(built.ctx.site_dir, built.ctx.theme), built.site,
                                     built.published)
        self.renderer.use(built.site, built.published, entries)
        return self.renderer

    # -- idle time ----------------------------------------------------------------------------
    def _to_warm(self) -> list[int]:
        """The home page's and the authors' list pages (every post once, at headings 2 and 3)
        that list a post with no entry rendered yet, last first."""
        assert self.built is not None
        posts, done = self.built.site.posts, {key[0] for key in self.entries}
        return [n for n, p in enumerate(self.built.pages)
                if p.kind in ("index", "author") and any(posts[i].url not in done for i in p.posts)][::-1]

    def warm(self, budget: float) -> bool:
        """Render list entries ahead of the next structural edit, for `budget` seconds (the full
        build rendered them in its workers, out of reach; a new post at the top of 10k posts
        moves ~1,000 list pages, and their 10k entries cost ~1.5 s). The server calls it when
        no save is waiting. False once there is nothing left to do."""
        built = self.built
        if built is None or not self._warm or self._pending is not None:
            return False
        renderer = self._renderer(built, self.entries)
        deadline = time.perf_counter() + budget
        try:
            while self._warm and time.perf_counter() < deadline:
                renderer.render_tracked(built.pages[self._warm.pop()])
        except Exception:
            self._warm = []                 # (the next edit reports what is wrong)
        return bool(self._warm)
