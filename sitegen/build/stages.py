"""The stages of build(), each a plain function: read, render posts, render pages, copy.

Caching and parallel work live here, behind functions whose results do not depend on
either: a build with a cold cache on one core writes the same bytes as a warm one on many.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from sitegen import __version__, search, urls
from sitegen.build import aliases, cache, content, feeds, links, markdown, standalone, theme
from sitegen.build.content import Inventory, PostDraft
from sitegen.build.context import BuildContext, Report
from sitegen.build.output import Writer
from sitegen.build.pages import Page, redirects
from sitegen.build.parallel import imap_ordered
from sitegen.build.standalone import PageDraft
from sitegen.errors import Collector, Problem, SitegenError
from sitegen.model import Post, Site, StandalonePage


class DataFiles(NamedTuple):
    values: dict[str, Any]      # every file in data/, by name
    key: str                    # a key of their names and bytes


class Selection(NamedTuple):
    kept: Sequence[PostDraft]   # the posts this build publishes
    left: Sequence[PostDraft]   # drafts and future posts it leaves out
    inventory: Inventory        # every file under content/
    pages: Sequence[PageDraft] = ()        # the standalone pages it publishes
    pages_left: Sequence[PageDraft] = ()   # draft pages


def link_targets(selection: Selection) -> links.LinkTargets:
    """What posts and pages may link to by file: each other, and the content files."""
    published = {d.content_rel: d.url for d in selection.kept} | {p.content_rel: p.url for p in selection.pages}
    unpublished = frozenset(d.content_rel for d in selection.left) | {p.content_rel for p in selection.pages_left}
    return links.LinkTargets(published, unpublished, frozenset(selection.inventory.assets))


def attempt(problems: Collector, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except SitegenError as err:
        problems.add(err)
        return None


def load_data(ctx: BuildContext) -> DataFiles:
    """The data files (their problems go to the collector) and a key of their bytes."""
    from sitegen.toolkit import hooks
    values = attempt(ctx.problems, hooks.load_data, ctx.site_dir) or {}
    folder = ctx.site_dir / "data"
    files = sorted((str(p.relative_to(folder)), cache.digest(p.read_bytes()))
                   for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return DataFiles(values, cache.digest(files))


def render_bio(text: str, file: str, line: int) -> str:
    """An author's bio: Markdown without local links."""
    return markdown.render(text, markdown.RenderEnv(file=file, first_line=line)) if text.strip() else ""


# -- 0. nothing changed? -------------------------------------------------------------------

def _tree_stats(folder: Path) -> list[tuple[str, int, int]]:
    out = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            st = os.stat(os.path.join(root, name))
            out.append((os.path.join(root, name), st.st_size, st.st_mtime_ns))
    return out


def inputs_fingerprint(ctx: BuildContext) -> str:
    """A key of every input a build reads, by file size and modification time: when it is the
    key of the last build into the same folder, and no output file was touched since, the
    build has nothing to do. (A file touched without a change just takes the full path.)"""
    trees = [_tree_stats(ctx.site_dir / name) for name in ("content", "templates", "static", "data", "themes")]
    if not ctx.theme.path.is_relative_to(ctx.site_dir):
        trees.append(_tree_stats(ctx.theme.path))
    return cache.digest(__version__, ctx.config.fingerprint(), ctx.options.drafts, ctx.options.future, trees)


def nothing_changed(ctx: BuildContext, inputs: str | None, last: dict[str, Any], writer: Writer) -> bool:
    """The inputs are those of the last build into this folder, no future post has come due
    since, and its files are as it left them."""
    previous = last["inputs"]
    return (inputs is not None and bool(previous) and previous["key"] == inputs
            and (previous["next_publish"] is None or ctx.now < previous["next_publish"])
            and outputs_untouched(writer, last["stats"]))


def outputs_untouched(writer: Writer, stats: dict[str, list[Any]]) -> bool:
    """Every file the last build wrote is there with the size and time it had then."""
    if set(stats) != set(writer.old):
        return False
    return all(writer.can_keep(rel) for rel in stats)


# -- 1. read -------------------------------------------------------------------------------

def read_drafts(ctx: BuildContext, inventory: Inventory) -> list[PostDraft]:
    """Every post's validated front matter; unchanged files are not parsed again."""
    site_dir, config, store, problems = ctx.site_dir, ctx.config, ctx.store, ctx.problems
    shaping = (__version__, content.DRAFT_VERSION, config.timezone, config.permalink, config.toc)
    content_dir = str(site_dir / "content")
    drafts = []
    for rel in inventory.posts:
        try:
            with open(os.path.join(content_dir, rel), "rb") as f:
                data = f.read()
            key = cache.digest(data, shaping)
            hit = store.drafts.get(rel)
            if hit is not None and hit[0] == key:
                drafts.append(hit[1])
                continue
            # the body is not kept: workers read it again when they render, so a build of
            # thousands of posts never holds all their Markdown at once
            draft = dataclasses.replace(content.read_post(site_dir, rel, config, data=data, digest=key), body="")
            store.drafts[rel] = (key, draft)
            store.dirty = True
            drafts.append(draft)
        except SitegenError as err:
            problems.add(err)
    for rel in set(store.drafts) - set(inventory.posts) - set(inventory.pages):
        del store.drafts[rel]
        store.dirty = True
    return drafts


def read_pages(ctx: BuildContext, inventory: Inventory) -> list[PageDraft]:
    """Every standalone page's validated front matter and Markdown; unchanged files are not
    parsed again."""
    shaping = (__version__, content.DRAFT_VERSION, ctx.config.timezone)
    out = []
    for rel in inventory.pages:
        try:
            data = (ctx.site_dir / "content" / rel).read_bytes()
            key = cache.digest(data, shaping)
            hit = ctx.store.drafts.get(rel)
            if hit is not None and hit[0] == key:
                out.append(hit[1])
                continue
            draft = standalone.read_page(ctx.site_dir, rel, ctx.config, data)
            ctx.store.drafts[rel] = (key, draft)
            ctx.store.dirty = True
            out.append(draft)
        except SitegenError as err:
            ctx.problems.add(err)
    return out


# -- 2. render Markdown --------------------------------------------------------------------

def render_posts(ctx: BuildContext, selection: Selection, post_authors: dict[str, tuple[str, ...]],
                 data: DataFiles) -> tuple[list[Post], int]:
    """Each published post's HTML: from the cache when its inputs are unchanged, else rendered
    (in parallel); the rendered HTML goes to the cache's pack as it arrives."""
    site_dir, config, store, problems = ctx.site_dir, ctx.config, ctx.store, ctx.problems
    kept, inventory = selection.kept, selection.inventory
    from sitegen.toolkit import hooks
    targets = link_targets(selection)
    keys, todo, reuse = {}, [], {}
    for d in kept:
        key = cache.digest(d.digest, markdown.RENDER_VERSION, __version__, data.key, d.url)
        keys[d.content_rel] = key
        hit = store.rendered.get(d.content_rel)
        if hit is not None and hit[0] == key and links.still_valid(d, hit[1], targets):
            reuse[d.content_rel] = hit
        else:
            todo.append(d)
    facts = hooks.fact_expander(data.values)

    def expand(d: PostDraft) -> str:
        assert facts is not None
        return facts(d.body, d.source, d.body_line)

    def render_one(draft: PostDraft) -> Any:
        try:
            draft = content.read_post(site_dir, draft.content_rel, config, digest=draft.digest)
            return links.render_markdown(draft, targets, hooks.blocks(data.values, draft.source),
                                         expand if facts else None)
        except SitegenError as err:
            return err.problems

    fresh: dict[str, tuple[links.Rendered, Any]] = {}
    batch: list[tuple[str, links.Rendered]] = []

    def flush() -> None:
        # HTML goes to the pack as it arrives; only its place is kept in memory
        for (rel, r), span in zip(batch, store.store_html([r.html for _, r in batch])):
            store.rendered[rel] = (keys[rel], dataclasses.replace(r, html=""), span)
            fresh[rel] = (store.rendered[rel][1], store.ref(span))
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
            _, rendered, span = reuse[rel]
            ref = store.ref(span)
        out.append(links.make_post(d, rendered, config, post_authors[d.source], ref, digest=keys[rel]))
    for rel in set(store.rendered) - set(inventory.posts) - set(inventory.pages):
        del store.rendered[rel]
        store.dirty = True
    return out, len(todo)


def render_standalone(ctx: BuildContext, selection: Selection, data: DataFiles) -> list[StandalonePage]:
    """Each published standalone page's HTML: from the cache when the page's file, the data
    files and the targets of its links are unchanged, else rendered (pages are few: in turn)."""
    from sitegen.toolkit import hooks
    store, targets = ctx.store, link_targets(selection)
    facts = hooks.fact_expander(data.values)

    def expand(d: links.Document) -> str:
        assert facts is not None
        return facts(d.body, d.source, d.body_line)

    out = []
    for d in selection.pages:
        key = cache.digest(d.digest, markdown.RENDER_VERSION, __version__, data.key, d.url)
        hit = store.rendered.get(d.content_rel)
        if hit is not None and hit[0] == key and links.still_valid(d, hit[1], targets):
            rendered = dataclasses.replace(hit[1], html=store.ref(hit[2])())
        else:
            try:
                rendered = links.render_markdown(d, targets, hooks.blocks(data.values, d.source),
                                                 expand if facts else None)
            except SitegenError as err:
                ctx.problems.add(err)
                continue
            if store.enabled:
                span = store.store_html([rendered.html])[0]
                store.rendered[d.content_rel] = (key, dataclasses.replace(rendered, html=""), span)
        out.append(standalone.make_page(d, rendered))
    return sorted(out, key=lambda p: p.url)


# -- 3. render pages and feeds -------------------------------------------------------------

def _structure(site: Site) -> str:
    """Everything about the site that any page may show besides the posts it lists: the posts'
    and pages' addresses and titles, the authors, the tags, the menu (in every page's header)."""
    return cache.digest([(p.url, p.title, p.date, p.updated, p.authors, p.tags, p.cover, p.cover_alt)
                         for p in site.posts],
                        sorted((s, repr(a)) for s, a in site.authors.items()),
                        [(t.slug, t.name, t.posts) for t in site.tags.values()],
                        [(d.url, d.title, d.menu) for d in site.pages], site.menu)


def page_key(base: str, page: Page, site: Site) -> str:
    """What a page is rendered from, beyond `base`: everything else in a Page (titles, feed
    links, pager URLs) follows from the site's structure and its URL, kind and page number."""
    listed = [site.posts[i].digest for i in page.posts] if page.kind != "archive" else []
    own = site.posts[page.post].digest if page.post is not None else ""
    if page.standalone is not None:
        own = site.pages[page.standalone].digest
    pager = (page.pager.number, page.pager.total) if page.pager else ()
    return cache.digest(base, page.url, page.template, page.kind, pager, listed, own, page.target)


def render_pages(ctx: BuildContext, site: Site, pages: Sequence[Page], writer: Writer, data_key: str,
                 report: Report) -> dict[str, str]:
    """Render the pages and feeds whose inputs changed; keep the others as they are.

    A page's key covers sitegen's version, the config, the templates, the data files, the
    site's structure (every post's URL, title, date, authors and tags; the authors; the tags)
    and the rendered content of each post the page shows. The default theme's pages read
    nothing else; a site template that shows other posts' bodies should list them.
    """
    site_dir, the_theme = ctx.site_dir, ctx.theme
    templates_key = theme.tree_fingerprint(site_dir / "templates", the_theme.templates)
    base = cache.digest(__version__, site.config.fingerprint(), templates_key, _structure(site),
                        data_key)
    previous = ctx.store.output_state(ctx.out_dir)["keys"]
    keys: dict[str, str] = {}
    jobs: list[tuple[str, Any]] = []
    for page in pages:
        rel = urls.output_path(page.url)
        keys[rel] = page_key(base, page, site)
        if previous.get(rel) == keys[rel] and writer.can_keep(rel):
            writer.keep(rel)
        else:
            jobs.append((rel, page))
    report.pages = len(pages)
    for spec in feeds.specs(site):
        key = cache.digest(base, spec, [site.posts[i].digest for i in spec.posts])
        pair = (urls.output_path(spec.rss_url), urls.output_path(spec.atom_url))
        for rel in pair:
            keys[rel] = key
        if all(previous.get(r) == key and writer.can_keep(r) for r in pair):
            for rel in pair:
                writer.keep(rel)
        else:
            jobs.append(("feed", spec))
        report.feeds += 2
    json_rel = urls.output_path(urls.JSON_FEED_URL)
    keys[json_rel] = cache.digest(base, [p.digest for p in site.posts[: site.config.feed_length]])
    if previous.get(json_rel) == keys[json_rel] and writer.can_keep(json_rel):
        writer.keep(json_rel)
    else:
        jobs.append((json_rel, None))
    report.feeds += 1
    report.rendered_pages = len(jobs)
    if not jobs:
        return keys

    from sitegen.build.render import Renderer
    renderer = Renderer(theme.make_environment(site_dir, the_theme), site)

    def run(job: tuple[str, Any]) -> Any:
        rel, what = job
        try:
            if rel == "feed":
                rss, atom = feeds.render_feed(site, what)
                return [(urls.output_path(what.rss_url), *writer.prepare(urls.output_path(what.rss_url), rss)),
                        (urls.output_path(what.atom_url), *writer.prepare(urls.output_path(what.atom_url), atom))]
            if what is None:
                body = feeds.json_feed(site, site.posts[: site.config.feed_length])
            else:
                body = renderer.render(what)
            return [(rel, *writer.prepare(rel, body))]
        except SitegenError as err:
            return err.problems
        except Exception as exc:   # a Jinja error: name the template and its line
            return theme.template_error(exc, site_dir).problems

    _ = writer.staging   # made here, so forked workers share one staging folder
    problems: list[Problem] = []
    for n, result in enumerate(imap_ordered(run, jobs, ctx.workers, min_items=400), 1):
        if result and isinstance(result[0], Problem):
            problems.extend(result)
        else:
            for rel, digest, staged in result:
                writer.record(rel, digest, staged)
        if ctx.progress:
            ctx.progress("pages", n, len(jobs))
    if problems:
        # the same template error on many pages is one problem
        raise SitegenError(problems=list(dict.fromkeys(problems)))
    return keys


# -- 4. copy files and write the sitemap ---------------------------------------------------

def copy_files(ctx: BuildContext, assets: tuple[str, ...], writer: Writer) -> int:
    site_dir, the_theme = ctx.site_dir, ctx.theme
    count = 0
    seen = set()
    for base in (site_dir / "static", the_theme.static):     # the site's static files win over the theme's
        if not base.is_dir():
            continue
        for root, dirs, files in os.walk(base):
            dirs.sort()
            for name in sorted(files):
                if content.is_ignored(name):
                    continue
                path = Path(root) / name
                rel = "static/" + path.relative_to(base).as_posix()
                if rel not in seen:
                    seen.add(rel)
                    writer.copy(rel, path)
                    count += 1
    for rel in assets:
        writer.copy(rel, site_dir / "content" / rel)
        count += 1
    return count


def _lastmod(site: Site, page: Page) -> str | None:
    if page.post is not None:
        return site.posts[page.post].last_modified.date().isoformat()
    updated = site.pages[page.standalone].updated if page.standalone is not None else None
    return updated.date().isoformat() if updated else None


def write_sitemap(site: Site, pages: Sequence[Page], writer: Writer) -> None:
    """The sitemap (every page but the 404 page and redirects) and robots.txt."""
    lastmods = [(p.url, _lastmod(site, p)) for p in pages if p.kind not in ("404", "redirect")]
    writer.add("sitemap.xml", feeds.sitemap(site, lastmods))
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

def save_state(ctx: BuildContext, inputs: str | None, keys: dict[str, str], writer: Writer,
               left: Sequence[PostDraft], report: Report) -> None:
    """The page keys, file stats and input key of this build, for the next build into the same
    folder. The first future post to come due makes the next build a full one."""
    due = min((d.date for d in left if not d.draft and d.date > ctx.now), default=None)
    ctx.store.set_output_state(ctx.out_dir, keys, writer.stats,
                               {"key": inputs, "next_publish": due, "left_out": len(left),
                                "report": {"pages": report.pages, "feeds": report.feeds, "files": report.files}})
    ctx.store.compact_if_needed()
    ctx.store.save()


# -- 6. the search index -------------------------------------------------------------------

def update_search(ctx: BuildContext, files: dict[str, str]) -> str:
    """Run the search step (sitegen/search.py) on the written pages, unless the caller runs it
    itself (serve does, in the background). Pagefind runs only when the HTML pages differ from
    the ones the index was made of. Returns the step's summary line, or "" when it did nothing."""
    if not ctx.options.search_index:
        return ""
    done = search.update(ctx.out_dir, ctx.config.search, files)
    return done.summary() if done else ""
