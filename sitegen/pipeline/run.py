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

from sitegen import search
from sitegen.pipeline.context import BuildContext, Options, Progress, Report
from sitegen.pipeline.read import sources
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state import unchanged

__all__ = ["Options", "Report", "build"]


def build(options: Options, progress: Progress | None = None, *, keep: dict[str, Any] | None = None) -> Report:
    """Build the site. keep: a dict that receives what the build made (the site, its pages, the
    state it saved), for `sitegen serve` to keep in memory (such a build never takes the
    nothing-changed shortcut, which makes nothing)."""
    ctx = BuildContext.start(options, progress)
    sources.check_links(ctx.site_dir, ctx.theme)      # no link leads out of the site
    try:
        return _build(ctx, keep)
    except cache.StoreDamaged as exc:       # found mid-build: nothing was written; start afresh
        ctx.store.damage(exc)
        return _build(ctx, keep)
    finally:
        gc.unfreeze()       # the store froze the rows it loaded for the build (cache.load_rows)


def _build(ctx: BuildContext, keep: dict[str, Any] | None) -> Report:
    started = time.perf_counter()
    options, store, problems, report = ctx.options, ctx.store, ctx.problems, Report()

    # 0. nothing changed since the last build into this folder: nothing to do
    last = store.output_state(ctx.out_dir)
    inputs = unchanged.inputs_fingerprint(ctx) if store.enabled else None
    if keep is None and unchanged.nothing_changed(ctx, inputs, last):
        # (the search index is already of these pages, unless its last run failed)
        search_done = _update_search(ctx, last)
        return Report(**last.state["inputs"]["report"], unchanged=len(last.outputs[0]),
                      left_out=last.state["inputs"]["left_out"], seconds=time.perf_counter() - started,
                      search=search_done)

    # 0b. only posts edited in place: patched into the last build's snapshot (quick.py)
    if keep is None and inputs is not None:
        from sitegen.pipeline.edit import quick
        edited = quick.edit(ctx, inputs, last)
        if edited is not None:
            report, files = edited
            report.seconds = time.perf_counter() - started
            report.search = _update_search(ctx, files)
            return report

    # (the rest of the build is imported only by a build that gets past the check above)
    from sitegen.pipeline import output
    from sitegen.pipeline.edit import incremental
    from sitegen.pipeline.markdown import convert
    from sitegen.pipeline.media import images as media
    from sitegen.pipeline.read import content, load
    from sitegen.pipeline.render import assets, i18n, sitefiles
    from sitegen.pipeline.site import aliases, assemble, standalone
    from sitegen.pipeline.site.pages import plan
    from sitegen.pipeline.state import save
    writer = output.Writer(ctx.out_dir, stats=last.stats, copied=last.copies,
                           trusted_before=store.scan_time - cache.RACY_NS)
    # 1. discover and read everything (front matter is cached by the file's bytes)
    inventory = content.discover(ctx.site_dir / "content")
    data = load.load_data(ctx)
    drafts = load.read_drafts(ctx, inventory)
    page_drafts = load.read_pages(ctx, inventory)
    authors_file = problems.attempt(content.load_authors, ctx.site_dir, convert.render_bio)
    # 2. select and cross-check
    kept, left = assemble.select(drafts, drafts_too=options.drafts, future_too=options.future, now=ctx.now)
    shown, hidden = standalone.select(page_drafts, drafts_too=options.drafts)
    assemble.check_urls(kept, problems, shown)
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
    if store.damaged:
        last = store.output_state(ctx.out_dir)      # the store was made afresh: render everything
        writer.copied = {}
    # 5. assemble the site and plan every page; no alias may take another page's address
    site = assemble.assemble(ctx.config, posts, kept, authors, inventory.assets, data.values,
                             pages=docs, menu=menu)
    pages = plan(site)
    aliases.check(site, pages, inventory.assets, problems)
    problems.raise_if_any()
    output.check_names(sitefiles.output_names(ctx, site, pages, inventory.assets))   # one file per name, in any case
    hashed = assets.make_assets([ctx.site_dir / "static", ctx.theme.static]) if options.hashed_assets else assets.AssetMap()
    published = media.Published(images, hashed)
    # 6. render what changed and write, all or nothing; no image may carry a GPS position
    try:
        done = incremental.render_pages(ctx, site, pages, writer, data_key=data.key, before=last, report=report,
                                        published=published)
        report.files = sitefiles.copy_files(ctx, aliases.assets_to_copy(site, inventory.assets), writer)
        report.files += media.write(ctx, images, writer)
        sitefiles.write_sitemap(site, pages, writer)
        report.files += 2 + sitefiles.write_redirects(ctx, site, inventory.assets, writer)
        report.files += assets.write(published.assets, writer)
        media.check_no_gps(images, writer)
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    # 7. remember what this build wrote, for the next one
    snap = None
    if keep is None and inputs is not None:     # (serve keeps its own, and changes the state)
        from sitegen.pipeline.state import snapshot
        snap = snapshot.sections(ctx, {"site": site, "pages": pages, "kept": kept, "left": left, "images": images,
                                       "published": published, "data": data,
                                       "targets": convert.link_targets(selection, images)}, inventory)
    saved = save.save_state(ctx, inputs, last, done, writer, left=left, report=report, snapshot=snap)
    if keep is not None:
        keep.update(ctx=ctx, site=site, pages=pages, kept=kept, left=left, inventory=inventory, data=data,
                    post_authors=post_authors, done=done, saved=saved, manifest=writer.new, selection=selection,
                    images=images, published=published, authors_file=authors_file)
    report.written, report.unchanged = writer.written, writer.unchanged
    report.warnings = ([store.warning] if store.warning else []) + images.warnings
    report.warnings += i18n.build_warnings(ctx.config.language, ctx.site_dir, ctx.theme.path)   # strings left in English
    report.seconds = time.perf_counter() - started
    # 7. the search index, a step of its own after the write: runs only when pages changed (search.py)
    report.search = _update_search(ctx, writer.new)
    return report


def _update_search(ctx: BuildContext, files: dict[str, str] | cache.OutputState) -> str:
    """Run the search step (sitegen/search.py) on the written pages (rel -> sha256; or those of
    the last build), unless the caller runs it itself (serve does, in the background).
    Pagefind runs only when the HTML pages differ from the ones the index was made of.
    Returns the step's summary line, or "" when it did nothing."""
    if not ctx.options.search_index:
        return ""
    if isinstance(files, cache.OutputState):      # (read only when the site has search on)
        files = {rel: f[1] for rel, f in files.files.items()} if ctx.config.search else {}
    done = search.update(ctx.out_dir, ctx.config.search, files)
    return done.summary() if done else ""
