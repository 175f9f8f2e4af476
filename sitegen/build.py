"""build(): the whole pipeline on one screen.

discover -> read -> select and check -> render Markdown -> assemble -> plan -> render pages
and feeds -> write (all or nothing).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from . import assemble, content, feeds, output, posts, theme, urls
from .config import Config, load_config
from .errors import Collector, SitegenError
from .pages import plan
from .render import Renderer


@dataclass(frozen=True)
class Options:
    site_dir: Path
    output_dir: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    now: datetime | None = None          # defaults to the real time (only used to leave out future posts)


@dataclass
class Report:
    pages: int = 0
    feeds: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
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
    problems = Collector()

    # 1. discover and read everything
    inventory = content.discover(site_dir / "content")
    drafts = content.read_posts(site_dir, inventory, config, problems)
    authors_file = _attempt(problems, content.load_authors, site_dir, posts.render_bio)
    # 2. select, cross-check
    kept, left = assemble.select(drafts, drafts_too=options.drafts, future_too=options.future, now=now_for(options))
    assemble.check_urls(kept, problems)
    authors, post_authors = assemble.resolve_authors(kept, authors_file, problems)
    targets = posts.LinkTargets({d.content_rel: d.url for d in kept}, frozenset(d.content_rel for d in left),
                                frozenset(inventory.assets))
    # 3. render Markdown
    rendered = posts.render_posts(kept, targets, config, post_authors, problems)
    problems.raise_if_any()
    # 4. assemble and plan
    site = assemble.assemble(config, rendered, kept, authors, inventory.assets)
    pages = plan(site)
    # 5. render and write, all or nothing
    report = Report(left_out=len(left))
    writer = output.Writer(out_dir)
    try:
        renderer = Renderer(theme.make_environment(site_dir, the_theme), site)
        total = len(pages)
        for n, page in enumerate(pages, 1):
            try:
                writer.add(urls.output_path(page.url), renderer.render(page))
            except SitegenError:
                raise
            except Exception as exc:  # a Jinja error: name the template and its line
                raise theme.template_error(exc, site_dir) from exc
            if progress:
                progress("pages", n, total)
        report.pages = total
        report.feeds = _write_feeds(site, writer)
        report.files = _copy_files(site_dir, the_theme, inventory.assets, writer)
        lastmods = [(p.url, site.posts[p.post].last_modified.date().isoformat() if p.post is not None else None)
                    for p in pages if p.kind != "404"]
        writer.add("sitemap.xml", feeds.sitemap(site, lastmods))
        writer.add("robots.txt", feeds.robots(site))
        report.files += 2
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    report.written, report.unchanged = writer.written, writer.unchanged
    report.seconds = time.perf_counter() - started
    return report


def _attempt(problems: Collector, fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return fn(*args)
    except SitegenError as err:
        problems.add(err)
        return None


def _write_feeds(site, writer: output.Writer) -> int:
    count = 0
    for spec in feeds.specs(site):
        rss, atom = feeds.render_feed(site, spec)
        writer.add(urls.output_path(spec.rss_url), rss)
        writer.add(urls.output_path(spec.atom_url), atom)
        count += 2
    writer.add(urls.output_path(urls.JSON_FEED_URL),
               feeds.json_feed(site, [site.posts[i] for i in range(min(site.config.feed_length, len(site.posts)))]))
    return count + 1


def _copy_files(site_dir: Path, the_theme: theme.Theme, assets: tuple[str, ...], writer: output.Writer) -> int:
    count = 0
    static = the_theme.static
    site_static = site_dir / "static"
    seen = set()
    for base in (site_static, static):       # the site's static files win over the theme's
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
