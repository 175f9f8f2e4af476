"""The stages of build(), each a plain function: read, render posts, render pages, copy.

Caching and parallel work live here, behind functions whose results do not depend on
either: a build with a cold cache on one core writes the same bytes as a warm one on many.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sitegen import __version__, urls
from sitegen.build import aliases, cache, content, feeds, links, markdown, sources, standalone, unchanged
from sitegen.build.cache import OutputState
from sitegen.build.content import Inventory, PostDraft
from sitegen.build.context import BuildContext, Report
from sitegen.build.incremental import PagesDone
from sitegen.build.output import Writer
from sitegen.build.pages import Page, redirects
from sitegen.build.parallel import imap_ordered
from sitegen.build.standalone import PageDraft
from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.model import Post, Site, StandalonePage

if TYPE_CHECKING:      # the image pipeline is imported only by builds that get past the no-change check
    from sitegen.images.stage import ImageTable


class DataFiles(NamedTuple):
    values: dict[str, Any]      # every file in data/, by name
    key: str                    # a key of their names and bytes


class Selection(NamedTuple):
    kept: Sequence[PostDraft]   # the posts this build publishes
    left: Sequence[PostDraft]   # drafts and future posts it leaves out
    inventory: Inventory        # every file under content/
    pages: Sequence[PageDraft] = ()        # the standalone pages it publishes
    pages_left: Sequence[PageDraft] = ()   # draft pages


def link_targets(selection: Selection, images: ImageTable) -> links.LinkTargets:
    """What posts and pages may link to by file: each other, the content files (images under
    the names they are published with), and the image pipeline's table."""
    published = {d.content_rel: d.url for d in selection.kept} | {p.content_rel: p.url for p in selection.pages}
    unpublished = frozenset(d.content_rel for d in selection.left) | {p.content_rel for p in selection.pages_left}
    return links.LinkTargets(published, unpublished, frozenset(selection.inventory.assets), images.renamed(), images,
                             images.url_keys())


def load_data(ctx: BuildContext) -> DataFiles:
    """The data files (their problems go to the collector) and a key of their bytes."""
    from sitegen.toolkit import hooks
    values = ctx.problems.attempt(hooks.load_data, ctx.site_dir) or {}
    folder = ctx.site_dir / "data"
    files = sorted((rel, cache.digest(path.read_bytes())) for rel, path in sources.walk(folder))
    return DataFiles(values, cache.digest(files))


def render_bio(text: str, file: str, line: int) -> str:
    """An author's bio: Markdown without local links."""
    return markdown.render(text, markdown.RenderEnv(file=file, first_line=line)) if text.strip() else ""


# -- 1. read -------------------------------------------------------------------------------

def post_renderer(data: DataFiles) -> Callable[[links.Document, links.LinkTargets], links.Rendered]:
    """What renders one post's Markdown (with its charts, tables and facts); raises SitegenError."""
    from sitegen.toolkit import hooks
    facts = hooks.fact_expander(data.values)

    def expand(d: links.Document) -> str:
        assert facts is not None
        return facts(d.body, d.source, d.body_line)

    def render(draft: links.Document, targets: links.LinkTargets) -> links.Rendered:
        return links.render_markdown(draft, targets, hooks.blocks(data.values, draft.source),
                                     expand if facts else None)
    return render


def draft_shape(config: Config) -> str:
    """A key of what, besides its bytes, shapes a post's draft."""
    return cache.digest(__version__, content.DRAFT_VERSION, config.timezone, config.permalink, config.toc)


def render_key(draft: PostDraft, data_key: str) -> str:
    """A key of what a post's rendered Markdown is made from (its links are checked apart)."""
    return cache.digest(draft.digest, markdown.RENDER_VERSION, __version__, data_key, draft.url)


def post_digest(key: str, rendered: links.Rendered, authors: tuple[str, ...]) -> str:
    """A key of everything in a Post: it changes whenever anything in the Post does (the
    variants of the images it shows too: their names are in its HTML)."""
    if rendered.images:
        return cache.digest(key, rendered.links, authors, rendered.images)
    return cache.digest(key, rendered.links, authors)


PARSE_IN_POOL = 1000     # posts to parse before the pool pays for its start (~0.2 ms of YAML a post)


def read_drafts(ctx: BuildContext, inventory: Inventory, changed: set[str] | None = None) -> list[PostDraft]:
    """Every post's validated front matter. A file whose size and modification time are those
    recorded (and older than the last scan, so no write can hide in the same clock tick) is
    neither read nor parsed. `changed`: the only files that may have changed (the server
    knows them from its watcher); None: look at every file."""
    site_dir, config, store, problems = ctx.site_dir, ctx.config, ctx.store, ctx.problems
    shape = draft_shape(config)
    content_dir = str(site_dir / "content")
    racy = store.scan_time - cache.RACY_NS
    known, seen = store.drafts, store.seen
    slots: list[PostDraft | None] = []      # a draft known to hold, or None: read and parse the file
    todo: list[str] = []
    for rel in inventory.posts:
        hit = known.get(rel)
        if hit is not None and hit[2] == shape:
            if changed is not None and rel not in changed:
                slots.append(hit[1])
                continue
            path = os.path.join(content_dir, rel)
            st = seen.get(path)     # (from the inputs' walk at the start of this build)
            if st is None:
                try:
                    found = os.stat(path)
                    st = (found.st_size, found.st_mtime_ns)
                except OSError:
                    st = None       # (reading it says what is wrong)
            if changed is None and st is not None and hit[3] == st[0] and hit[4] == st[1] and st[1] < racy:
                slots.append(hit[1])
                continue
        slots.append(None)
        todo.append(rel)

    def parse(rel: str) -> tuple[str, str, PostDraft | None, int, int, list[Problem]]:
        """(rel, key, draft or None when the known one holds, size, mtime, problems)."""
        try:
            with open(os.path.join(content_dir, rel), "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
            key = cache.digest(data, shape)
            hit = known.get(rel)
            if hit is not None and hit[0] == key and hit[2] == shape:
                return rel, key, None, st.st_size, st.st_mtime_ns, []
            # the body is not kept: workers read it again when they render, so a build of
            # thousands of posts never holds all their Markdown at once
            draft = dataclasses.replace(content.read_post(site_dir, rel, config, data=data, digest=key), body="")
            return rel, key, draft, st.st_size, st.st_mtime_ns, []
        except SitegenError as err:
            return rel, "", None, 0, 0, err.problems
        except OSError as err:
            return rel, "", None, 0, 0, SitegenError(
                f"cannot read the post ({err.strerror or err})", file=f"content/{rel}",
                hint="check that the file exists and is readable").problems

    # a clean build parses every post: in the pool, when there are enough to pay for it
    parsed = imap_ordered(parse, todo, ctx.workers, min_items=PARSE_IN_POOL)
    drafts = []
    for slot in slots:
        if slot is not None:
            drafts.append(slot)
            continue
        rel, key, draft, size, mtime, errors = next(parsed)
        if errors:
            problems.add(SitegenError(problems=errors))
            continue
        if draft is None:
            hit = known[rel]
            if (hit[3], hit[4]) != (size, mtime):
                known[rel] = (key, hit[1], shape, size, mtime)
            drafts.append(hit[1])
        else:
            known[rel] = (key, draft, shape, size, mtime)
            drafts.append(draft)
    for _ in parsed:        # (ends the generator, and with it the pool)
        pass
    for rel in set(known) - set(inventory.posts) - set(inventory.pages):
        del known[rel]
    return drafts


def read_pages(ctx: BuildContext, inventory: Inventory) -> list[PageDraft]:
    """Every standalone page's validated front matter and Markdown; unchanged files are not
    parsed again."""
    shape = cache.digest(__version__, content.DRAFT_VERSION, ctx.config.timezone)
    out = []
    for rel in inventory.pages:
        try:
            path = ctx.site_dir / "content" / rel
            st = path.stat()
            data = path.read_bytes()
            key = cache.digest(data, shape)
            hit = ctx.store.drafts.get(rel)
            if hit is not None and hit[0] == key:
                out.append(hit[1])
                continue
            draft = standalone.read_page(ctx.site_dir, rel, ctx.config, data)
            ctx.store.drafts[rel] = (key, draft, shape, st.st_size, st.st_mtime_ns)
            out.append(draft)
        except SitegenError as err:
            ctx.problems.add(err)
    return out


# -- 2. render Markdown --------------------------------------------------------------------

def render_posts(ctx: BuildContext, selection: Selection, post_authors: dict[str, tuple[str, ...]],
                 data: DataFiles, images: ImageTable) -> tuple[list[Post], int]:
    """Each published post's HTML: from the cache when its inputs are unchanged, else rendered
    (in parallel); the rendered HTML goes to the cache's pack as it arrives."""
    site_dir, config, store, problems = ctx.site_dir, ctx.config, ctx.store, ctx.problems
    kept, inventory = selection.kept, selection.inventory
    targets = link_targets(selection, images)
    keys, todo, reuse = {}, [], {}
    for d in kept:
        key = render_key(d, data.key)
        keys[d.content_rel] = key
        hit = store.rendered.get(d.content_rel)
        if hit is not None and hit[0] == key and links.still_valid(d, hit[1], targets):
            reuse[d.content_rel] = hit
        else:
            todo.append(d)
    markdown_of = post_renderer(data)

    def render_one(draft: PostDraft) -> Any:
        try:
            return markdown_of(content.read_post(site_dir, draft.content_rel, config, digest=draft.digest), targets)
        except SitegenError as err:
            return err.problems

    fresh: dict[str, tuple[links.Rendered, Any]] = {}
    batch: list[tuple[str, links.Rendered]] = []

    def flush() -> None:
        # HTML goes to the store as it arrives; only a loader of it is kept in memory
        refs = store.store_rendered([(rel, keys[rel], dataclasses.replace(r, html=""), r.html) for rel, r in batch])
        for (rel, r), ref in zip(batch, refs):
            fresh[rel] = (dataclasses.replace(r, html=""), ref)
        batch.clear()

    for n, (draft, result) in enumerate(zip(todo, imap_ordered(render_one, todo, ctx.workers, min_items=64)), 1):
        if isinstance(result, list):
            problems.problems.extend(result)
        elif store.enabled:
            batch.append((draft.content_rel, result))
            if len(batch) >= 200:
                flush()
        else:
            fresh[draft.content_rel] = (result, result.html)
        if ctx.progress:
            ctx.progress("posts", n, len(todo))
    flush()
    if problems.problems:
        return [], len(todo)
    out = []
    for d in kept:
        rel = d.content_rel
        if rel in fresh:
            rendered, ref = fresh[rel]
        else:
            _, rendered, ref = reuse[rel]
        who = post_authors[d.source]
        images.linked.update(rendered.files)
        out.append(links.make_post(d, rendered, config, who, ref, digest=post_digest(keys[rel], rendered, who)))
    for rel in set(store.rendered) - set(inventory.posts) - set(inventory.pages):
        del store.rendered[rel]
    return out, len(todo)


def render_standalone(ctx: BuildContext, selection: Selection, data: DataFiles,
                      images: ImageTable) -> list[StandalonePage]:
    """Each published standalone page's HTML: from the cache when the page's file, the data
    files and the targets of its links are unchanged, else rendered (pages are few: in turn)."""
    store, targets = ctx.store, link_targets(selection, images)
    markdown_of = post_renderer(data)
    out = []
    for d in selection.pages:
        key = cache.digest(d.digest, markdown.RENDER_VERSION, __version__, data.key, d.url)
        hit = store.rendered.get(d.content_rel)
        if hit is not None and hit[0] == key and links.still_valid(d, hit[1], targets):
            html = hit[2]() if callable(hit[2]) else hit[2]
            rendered = dataclasses.replace(hit[1], html=html)
        else:
            try:
                rendered = markdown_of(d, targets)
            except SitegenError as err:
                ctx.problems.add(err)
                continue
            store.store_rendered([(d.content_rel, key, dataclasses.replace(rendered, html=""), rendered.html)])
        images.linked.update(rendered.files)
        out.append(standalone.make_page(d, rendered))
    return sorted(out, key=lambda p: p.url)


# -- 3. render pages and feeds -------------------------------------------------------------

# -- 4. copy files and write the sitemap ---------------------------------------------------

def static_files(ctx: BuildContext) -> dict[str, tuple[Path, str]]:
    """Output path -> (source file, how errors name it) of the static files; the site's own
    static/ files win over the theme's."""
    found: dict[str, tuple[Path, str]] = {}
    theme_shown = f"theme '{ctx.theme.name}' static"
    for base, shown in ((ctx.site_dir / "static", "static"), (ctx.theme.static, theme_shown)):
        if base.is_dir():
            for name, path in sources.walk(base):
                if not content.is_ignored(path.name):
                    found.setdefault("static/" + name, (path, f"{shown}/{name}"))
    return found


def output_names(ctx: BuildContext, site: Site, pages: Sequence[Page], assets: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every file a build writes, with what it is made from (for output.check_names)."""
    names = []
    for page in pages:
        if page.kind == "redirect":
            continue                    # named below, by the alias that makes it
        if page.post is not None:
            origin = site.posts[page.post].source
        elif page.standalone is not None:
            origin = site.pages[page.standalone].source
        else:
            origin = f"the site's own page {page.url}"
        names.append((urls.output_path(page.url), origin))
    names += [(urls.output_path(a.url), f"an alias in {aliases.where(a.source, a.line)}") for a, _, _ in redirects(site)]
    for spec in feeds.specs(site):
        names += [(urls.output_path(spec.rss_url), "a feed"), (urls.output_path(spec.atom_url), "a feed")]
    names += [(urls.output_path(urls.JSON_FEED_URL), "a feed"), ("sitemap.xml", "the sitemap"),
              ("robots.txt", "robots.txt")]
    if redirects(site):
        names.append((aliases.REDIRECTS, "the redirects of the site's aliases"))
    names += [(rel, f"content/{rel}") for rel in aliases.assets_to_copy(site, assets)]
    names += [(rel, shown) for rel, (_, shown) in static_files(ctx).items()]
    return names


def copy_files(ctx: BuildContext, assets: tuple[str, ...], writer: Writer) -> int:
    """The static files, and the content files that are not images (those are published by the
    image pipeline: stripped copies, variants, SVG and GIF as they are)."""
    from sitegen.images.probe import is_image
    count = 0
    for rel, (path, _) in static_files(ctx).items():
        writer.copy(rel, path)
        count += 1
    for rel in assets:
        if not is_image(rel):
            writer.copy(rel, ctx.site_dir / "content" / rel)
            count += 1
    return count


def _lastmod(site: Site, page: Page) -> str | None:
    if page.post is not None:
        return site.posts[page.post].last_modified.date().isoformat()
    updated = site.pages[page.standalone].updated if page.standalone is not None else None
    return updated.date().isoformat() if updated else None


def sitemap(site: Site, pages: Sequence[Page]) -> bytes:
    """The sitemap: every page but the 404 page and redirects."""
    return feeds.sitemap(site, [(p.url, _lastmod(site, p)) for p in pages if p.kind not in ("404", "redirect")])


def write_sitemap(site: Site, pages: Sequence[Page], writer: Writer) -> None:
    """The sitemap and robots.txt."""
    writer.add("sitemap.xml", sitemap(site, pages))
    writer.add("robots.txt", feeds.robots(site))


def write_redirects(ctx: BuildContext, site: Site, assets: tuple[str, ...], writer: Writer) -> int:
    """`_redirects` when the site has aliases: the site's own rules (content/_redirects), then
    one line per alias. Returns how many files it wrote (0 or 1)."""
    if not redirects(site):
        return 0
    own = (ctx.site_dir / "content" / aliases.REDIRECTS).read_bytes() if aliases.REDIRECTS in assets else b""
    writer.add(aliases.REDIRECTS, aliases.redirects_file(site, own))
    return 1


# -- 5. remember what this build wrote -----------------------------------------------------

def save_state(ctx: BuildContext, inputs: str | None, before: OutputState, done: PagesDone, writer: Writer, *,
               left: Sequence[PostDraft], report: Report,
               snapshot: dict[str, bytes] | None = None) -> OutputState:
    """What this build wrote and read, for the next build into the same folder (one transaction).
    The first future post to come due makes the next build a full one. Returns what was saved
    (without the deps, which stay in the store)."""
    due = min((d.date for d in left if not d.draft and d.date > ctx.now), default=None)
    ctx.store.save()
    files = {rel: (done.plans.get(rel), *stat) for rel, stat in writer.stats.items()}
    state: dict[str, Any] = {
        "base": done.base,
        "inputs": {"key": inputs, "next_publish": due, "left_out": len(left),
                   "manifest": unchanged.manifest_stat(ctx.out_dir),
                   "report": {"pages": report.pages, "feeds": report.feeds, "files": report.files}}}
    if snapshot and snapshot.get("meta"):     # (the snapshot beside this state is this one: snapshot.py)
        state["inputs"]["snap"] = cache.digest(snapshot["meta"])
    out_id = ctx.store.set_output_state(ctx.out_dir, before, state, files=files, vals=done.values, deps=done.reads,
                                        scan_time=ctx.scan_time, copies=writer.copies, snapshot=snapshot)
    return OutputState(ctx.store, out_id, state, files, done.values)
