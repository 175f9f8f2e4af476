"""build(): the whole pipeline on one screen.

discover -> read -> select and check -> render Markdown -> assemble -> plan -> render pages
and feeds -> write (all or nothing). The cache and the worker pool make each stage skip or
share work; they never change what is produced.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import assemble, cache, content, output, pipeline, theme
from .config import load_config
from .errors import Collector
from .pages import plan
from .parallel import default_workers


@dataclass(frozen=True)
class Options:
    site_dir: Path
    output_dir: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    now: datetime | None = None      # defaults to the real time (only used to leave out future posts)
    workers: int | None = None       # processes for rendering; None: one per core
    use_cache: bool = True


@dataclass
class Report:
    pages: int = 0
    feeds: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    rendered_posts: int = 0
    rendered_pages: int = 0
    seconds: float = 0.0
    left_out: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"Built {self.pages} pages, {self.feeds} feeds and {self.files} other files in {self.seconds:.2f} s "
                f"({self.written} written, {self.unchanged} unchanged"
                + (f", {self.left_out} drafts or future posts left out" if self.left_out else "") + ")")


Progress = Callable[[str, int, int], None]


def now_for(options: Options) -> datetime:
    if options.now is not None:
        return options.now
    forced = os.environ.get("SITEGEN_NOW")
    if forced:
        return datetime.fromisoformat(forced).astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def build(options: Options, progress: Progress | None = None) -> Report:
    started = time.perf_counter()
    site_dir = options.site_dir
    config = load_config(site_dir, {"base_url": options.base_url})
    out_dir = options.output_dir or site_dir / "output"
    output.check_output_dir(out_dir, site_dir)
    the_theme = theme.find_theme(site_dir, config.theme)
    workers = options.workers or default_workers()
    store = cache.BuildCache(site_dir, enabled=options.use_cache)
    report = Report()
    problems = Collector()
    now = now_for(options)

    # 0. nothing changed since the last build into this folder: nothing to do
    last = store.output_state(out_dir)
    writer = output.Writer(out_dir, stats=last["stats"])
    inputs = pipeline.inputs_fingerprint(site_dir, config, options, the_theme) if store.enabled else None
    if inputs is not None and last["inputs"] and last["inputs"]["key"] == inputs \
            and (last["inputs"]["next_publish"] is None or now < last["inputs"]["next_publish"]) \
            and pipeline.outputs_untouched(writer, last["stats"]):
        writer.abort()
        return Report(**last["inputs"]["report"], unchanged=len(last["stats"]), left_out=last["inputs"]["left_out"],
                      seconds=time.perf_counter() - started)

    # 1. discover and read everything (front matter is cached by the file's bytes)
    inventory = content.discover(site_dir / "content")
    data = pipeline.attempt(problems, pipeline.load_data, site_dir) or {}
    data_key = pipeline.data_key(site_dir)
    drafts = pipeline.read_drafts(site_dir, inventory, config, store, problems)
    authors_file = pipeline.attempt(problems, content.load_authors, site_dir, pipeline.render_bio)
    # 2. select and cross-check
    kept, left = assemble.select(drafts, drafts_too=options.drafts, future_too=options.future, now=now)
    assemble.check_urls(kept, problems)
    authors, post_authors = assemble.resolve_authors(kept, authors_file, problems)
    # 3. render Markdown (cached, in parallel)
    posts, report.rendered_posts = pipeline.render_posts(site_dir, kept, left, inventory, config, post_authors,
                                                         data, data_key, store, workers, problems, progress)
    problems.raise_if_any()
    # 4. assemble the site and plan every page
    site = assemble.assemble(config, posts, kept, authors, inventory.assets, data)
    pages = plan(site)
    # 5. render what changed and write, all or nothing
    try:
        keys = pipeline.render_pages(site_dir, the_theme, site, pages, writer, data_key, store, out_dir, workers, report, progress)
        report.files = pipeline.copy_files(site_dir, the_theme, inventory.assets, writer)
        pipeline.write_sitemap(site, pages, writer)
        report.files += 2
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    # the first future post to come due makes the next build a full one
    due = min((d.date for d in left if not d.draft and d.date > now), default=None)
    store.set_output_state(out_dir, keys, writer.stats,
                           {"key": inputs, "next_publish": due, "left_out": len(left),
                            "report": {"pages": report.pages, "feeds": report.feeds, "files": report.files}})
    store.compact_if_needed()
    store.save()
    report.written, report.unchanged = writer.written, writer.unchanged
    report.warnings = [store.warning] if store.warning else []
    report.seconds = time.perf_counter() - started
    return report
