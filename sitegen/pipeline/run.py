"""build(): the whole pipeline on one screen.

discover -> read -> select and check -> render Markdown -> assemble -> plan -> render pages
and feeds -> write (all or nothing). The cache and the worker pool make each stage skip or
share work; they never change what is produced. Every stage takes the build's one frozen
BuildContext (context.py) and the values the stages before it made.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from sitegen.pipeline import output
from sitegen.pipeline.context import BuildContext, BuiltSite, Options, Progress, Report
from sitegen.pipeline.read import sources
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state import unchanged

__all__ = ["Options", "Report", "build"]


def build(options: Options, progress: Progress | None = None, *, keep: bool = False) -> Report:
    """Build the site. keep: the report holds what the build made (`site`, a BuiltSite) and the
    state it saved, for a Session to keep (such a build takes no shortcut: it makes the site)."""
    ctx = BuildContext.start(options, progress)
    sources.check_links(ctx.site_dir, ctx.theme)      # no link leads out of the site
    try:
        return _build(ctx, keep)
    except cache.StoreDamaged as exc:       # found mid-build: nothing was written; start afresh
        ctx.store.damage(exc)
        return _build(ctx, keep)
    finally:
        gc.unfreeze()       # (the store froze the rows it loaded for the build: cache.load_rows)


def _build(ctx: BuildContext, keep: bool) -> Report:
    started = time.perf_counter()
    last = ctx.store.output_state(ctx.out_dir)
    inputs = unchanged.inputs_fingerprint(ctx) if ctx.store.enabled else None
    # 0. the shortcuts: nothing changed since the last build into this folder; posts edited in place
    shortcut = None if keep else _shortcut(ctx, inputs, last)
    if shortcut is not None:
        shortcut.seconds = time.perf_counter() - started
        return shortcut
    from sitegen.pipeline.render import i18n
    from sitegen.pipeline.state import save, snapshot
    # 1-5. read, select and cross-check, images, Markdown, assemble and plan (the rest of the
    # pipeline is imported only by a build that gets past the shortcuts)
    report = Report()
    built = _make(ctx, report)
    if ctx.store.damaged:
        last = ctx.store.output_state(ctx.out_dir)      # the store was made afresh: render everything
    # 6. render what changed and write, all or nothing
    done, writer = _write(built, last, report)
    # 7. remember what this build wrote (and, for the next command-line edit, the site it made)
    snap = snapshot.sections(built) if not keep and inputs is not None else None
    # the site is let go before the state is saved (unless a Session keeps it): the save's
    # buffers reuse its memory, 14 MB less at the peak of a 10,000-post build
    left, image_warnings = built.selection.left, built.published.images.warnings
    site = built if keep else None
    del built
    saved = save.save_state(ctx, inputs, last, done, writer, left=left, report=report, snapshot=snap)
    if site is not None:
        report.site, report.state = site, saved
    report.written, report.unchanged = writer.written, writer.unchanged
    languages = report.warnings         # (what _make found of the site's languages)
    report.warnings = ([ctx.store.warning] if ctx.store.warning else []) + image_warnings
    for code in ctx.config.codes:        # strings left in English
        report.warnings += i18n.build_warnings(code, ctx.site_dir, ctx.theme.path)
    report.warnings += languages
    report.seconds = time.perf_counter() - started
    # 8. the search index, a step of its own after the write: runs only when pages changed (search.py)
    report.search = _update_search(ctx, writer.new)
    return report


def _shortcut(ctx: BuildContext, inputs: str | None, last: cache.OutputState) -> Report | None:
    """Nothing changed (unchanged.py), or only posts edited in place (edit/quick.py): the report;
    None for the full path."""
    if unchanged.nothing_changed(ctx, inputs, last):
        # (the search index is already of these pages, unless its last run failed)
        return Report(**last.state["inputs"]["report"], unchanged=len(last.outputs[0]),
                      left_out=last.state["inputs"]["left_out"], search=_update_search(ctx, last))
    if inputs is None or last.out_id is None or not last.state.get("inputs"):
        return None     # a first or clean build: no last site to edit (and the edit path, ~0.1 s of imports, not loaded)
    from sitegen.pipeline.edit import quick
    edited = quick.edit(ctx, inputs, last)
    if edited is None:
        return None
    report, files = edited
    report.search = _update_search(ctx, files)
    return report


def _make(ctx: BuildContext, report: Report) -> BuiltSite:
    """Read, select and cross-check, the images, the Markdown, assemble and plan."""
    from sitegen.pipeline.markdown import convert
    from sitegen.pipeline.media import images as media
    from sitegen.pipeline.read import content, load
    from sitegen.pipeline.render import assets, sitefiles
    from sitegen.pipeline.site import aliases, assemble, standalone, translations
    from sitegen.pipeline.site.pages import plan
    options, problems = ctx.options, ctx.problems
    # 1. discover and read everything (front matter is cached by the file's bytes)
    inventory = content.discover(ctx.site_dir / "content", ctx.config.codes if ctx.config.multilingual else ())
    problems.problems.extend(content.misnamed(inventory, ctx.config.codes if ctx.config.multilingual else ()))
    data = load.load_data(ctx)
    drafts = load.read_drafts(ctx, inventory)
    page_drafts = load.read_pages(ctx, inventory)
    drafts, report.warnings = translations.link(ctx.config, drafts, page_drafts, problems)   # (languages)
    translations.check_tags(ctx.config, drafts, problems)
    authors_file = problems.attempt(content.load_authors, ctx.site_dir,
                                    lambda text, file, line: convert.render_bio(text, file, line, data))
    # 2. select and cross-check
    kept, left = assemble.select(drafts, drafts_too=options.drafts, future_too=options.future, now=ctx.now)
    shown, hidden = standalone.select(page_drafts, drafts_too=options.drafts)
    assemble.check_urls(kept, problems, shown, tuple(map(ctx.config.prefix, ctx.config.codes))
                        if ctx.config.multilingual else ())
    assemble.check_feed_ids(kept, problems)
    authors, post_authors = assemble.resolve_authors(kept, authors_file, problems)
    # 3. images: probed, stripped and encoded (cached by content, in parallel); social cards
    images = media.prepare(ctx, inventory.assets, authors, kept, post_authors)
    # 4. render Markdown (posts cached, in parallel)
    selection = convert.Selection(kept, left, inventory, shown, hidden)
    posts, report.rendered_posts = convert.render_posts(ctx, selection, post_authors, data, images)
    docs = convert.render_standalone(ctx, selection, data, images)
    menu = standalone.menu(ctx.config, docs, hidden, problems)
    problems.problems.extend(media.unused_bad_images(images, problems.problems))
    problems.raise_if_any()
    media.full_copies(ctx, images)          # stripped full-size copies of the photos linked as files
    # 5. assemble the site and plan every page; no alias may take another page's address
    site = assemble.assemble(ctx.config, posts, kept, authors, inventory.assets, data.values, pages=docs,
                             menu=standalone.menus(ctx.config, docs, hidden, problems) or menu)
    pages = plan(site)
    aliases.check(site, pages, inventory.assets, problems)
    problems.raise_if_any()
    output.check_names(sitefiles.output_names(ctx, site, pages, inventory.assets))   # one file per name, in any case
    hashed = assets.make_assets([ctx.site_dir / "static", ctx.theme.static]) if options.hashed_assets else assets.AssetMap()
    return BuiltSite(ctx, selection, site, pages, media.Published(images, hashed),
                     convert.link_targets(selection, images), data, authors_file)


def _write(built: BuiltSite, last: cache.OutputState, report: Report) -> tuple[Any, output.Writer]:
    """Render what changed and write, all or nothing; no image may carry a GPS position."""
    from sitegen.pipeline.edit import incremental
    from sitegen.pipeline.media import images as media
    from sitegen.pipeline.render import assets, sitefiles
    from sitegen.pipeline.site import aliases
    ctx, site, pages, images, inventory = built.ctx, built.site, built.pages, built.published.images, built.selection.inventory
    writer = output.Writer(ctx.out_dir, stats=last.stats, copied=last.copies if not ctx.store.damaged else {},
                           trusted_before=ctx.store.scan_time - cache.RACY_NS)
    try:
        done = incremental.render_pages(ctx, site, pages, writer, data_key=built.data.key, before=last, report=report,
                                        published=built.published)
        report.files = sitefiles.copy_files(ctx, aliases.assets_to_copy(site, inventory.assets), writer)
        report.files += media.write(ctx, images, writer)
        sitefiles.write_sitemap(site, pages, writer)
        report.files += 2 + sitefiles.write_redirects(ctx, site, inventory.assets, writer)
        report.files += assets.write(built.published.assets, writer)
        media.check_no_gps(images, writer)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return done, writer


def _update_search(ctx: BuildContext, files: dict[str, str] | cache.OutputState) -> str:
    """Run the search step (sitegen/search.py) on the written pages (rel -> sha256; or those of
    the last build), unless the caller runs it itself (serve does, in the background).
    Pagefind runs only when the HTML pages differ from the ones the index was made of.
    Returns the step's summary line, or "" when it did nothing."""
    if not ctx.options.search_index:
        return ""
    if not ctx.config.search and not (ctx.out_dir / "pagefind").is_dir():
        return ""       # off, and no index of search.INDEX_DIR to remove: the step is not even imported
    from sitegen import search
    if isinstance(files, cache.OutputState):      # (read only when the site has search on)
        files = {rel: f[1] for rel, f in files.files.items()} if ctx.config.search else {}
    done = search.update(ctx.out_dir, ctx.config.search, files)
    return done.summary() if done else ""
