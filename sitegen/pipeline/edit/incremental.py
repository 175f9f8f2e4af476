"""Render the pages and feeds that changed: what each page read last time, against what it
reads now (see deps.py), decides which pages render again."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from sitegen import __version__, urls
from sitegen.errors import Problem, SitegenError
from sitegen.model import Site
from sitegen.pipeline.context import BuildContext, Report
from sitegen.pipeline.edit import deps
from sitegen.pipeline.output import Writer
from sitegen.pipeline.parallel import imap_ordered
from sitegen.pipeline.render import feeds, theme
from sitegen.pipeline.site.pages import Page
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.store import OutputState


def plan_id(page: Page, site: Site) -> str:
    """A page's place in the plan: what it is and which posts it lists (by file, not index)."""
    posts = site.posts
    listed = tuple([posts[i].source for i in page.posts])
    own = posts[page.post].source if page.post is not None else ""
    if page.standalone is not None:                 # what a standalone page shows of itself
        own = site.pages[page.standalone].digest
    pager = (page.pager.number, page.pager.total) if page.pager else ()
    return cache.digest(page.url, page.template, page.kind, page.title, page.description, listed, own, pager,
                        page.tag, page.author, page.feeds, sorted(page.extra.items()), page.target)


def base_key(site: Site, data_key: str, published: Any = None) -> str:
    """What every page reads: sitegen's version, the config, the data files, and the avatars and
    hashed asset names of `published` (a media.Published)."""
    media_key = (published.images.key(), published.assets.key()) if published is not None else ()
    return cache.digest(__version__, site.config.fingerprint(), data_key, *media_key)


def feed_plan_id(site: Site, spec: feeds.FeedSpec) -> str:
    """A feed's place in the plan (both its files): its titles, its address and its posts."""
    return cache.digest("feed", spec.title, spec.description, spec.home_url, [site.posts[i].source for i in spec.posts])


def json_feed_plan_id(site: Site) -> str:
    return cache.digest("json", [site.posts[i].source for i in range(min(site.config.feed_length, len(site.posts)))])


def feed_reads_of(site: Site, indexes: Sequence[int]) -> list[tuple[str, str, int]]:
    """What a feed of these posts reads: each of them whole."""
    reads = deps.Reads()
    for i in indexes:
        reads.post_whole(site, site.posts[i])
    return [(k, n, m) for (k, n), m in reads.items.items()]


@dataclasses.dataclass
class PagesDone:
    """What render_pages leaves for the build state."""

    plans: dict[str, str]                              # output file -> plan id (pages and feeds)
    reads: dict[str, list[tuple[str, str, int]]]       # what each page rendered this time read
    values: dict[tuple[str, str], bytes]               # the value of every item, now
    base: str


def site_values(site: Site, before: Any, resolver: deps.TemplateResolver) -> dict[tuple[str, str], bytes]:
    """The value of every item a page can read (a post's is its digest, then one hash per field)."""
    old = before.vals
    values: dict[tuple[str, str], bytes] = {}
    vectors: dict[str, bytes] = {}
    for p in site.posts:
        mine = p.digest.encode()
        prev = old.get(("post", p.source))
        if prev is not None and prev[:len(mine)] == mine:
            vectors[p.source] = prev[len(mine):]
        else:
            vectors[p.source] = deps.post_vector(p)
        values[("post", p.source)] = mine + vectors[p.source]
    values.update(deps.site_values(site, vectors))
    for kind, name in old:
        if kind == "template":
            values[(kind, name)] = resolver.value(name)
    return values


def changes(old: Mapping[tuple[str, str], bytes], new: Mapping[tuple[str, str], bytes]) -> dict[tuple[str, str], int]:
    """Item -> the fields that changed (post values compared by their field hashes)."""
    def strip(key: tuple[str, str], v: bytes | None) -> bytes | None:
        return v[40:] if v is not None and key[0] == "post" else v
    out: dict[tuple[str, str], int] = {}
    for key in old.keys() | new.keys():
        a, b = strip(key, old.get(key)), strip(key, new.get(key))
        if a != b:
            out[key] = deps.changed_mask(a, b, deps.item_width(key[0]))
    return out


def render_pages(ctx: BuildContext, site: Site, pages: Sequence[Page], writer: Writer, *, data_key: str,
                 before: OutputState, report: Report, published: Any = None) -> PagesDone:
    """Render the pages and feeds that are new, moved, or read something that changed since the
    last build into this folder (or whose file was touched); keep the others as they are.

    Every page notes what it read while it renders (see deps.py); feeds read their posts whole.
    The base (sitegen's version, the config, the data files, and the avatars, social cards and
    hashed asset names of `published`, a media.Published) is read by every page.
    """
    site_dir, the_theme = ctx.site_dir, ctx.theme
    base = base_key(site, data_key, published)
    resolver = deps.TemplateResolver(site_dir / "templates", the_theme.templates)
    values = site_values(site, before, resolver)
    full = before.state.get("base") != base
    dirty = set() if full else before.pages_reading(changes(before.vals, values))
    old_plans = before.plans()
    plans: dict[str, str] = {}
    jobs: list[tuple[str, Any]] = []
    feed_reads: dict[str, list[tuple[str, str, int]]] = {}

    def wanted(rel: str, pid: str) -> bool:
        plans[rel] = pid
        return full or old_plans.get(rel) != pid or rel in dirty or not writer.can_keep(rel)

    for page in pages:
        rel = urls.output_path(page.url)
        if wanted(rel, plan_id(page, site)):
            jobs.append((rel, page))
        else:
            writer.keep(rel)
    report.pages = len(pages)
    for spec in feeds.specs(site):
        pid = feed_plan_id(site, spec)
        pair = (urls.output_path(spec.rss_url), urls.output_path(spec.atom_url))
        stale = [wanted(r, pid) for r in pair]      # both files get their plan noted
        if any(stale):
            jobs.append(("feed", spec))
            for r in pair:
                feed_reads[r] = feed_reads_of(site, spec.posts)
        else:
            for r in pair:
                writer.keep(r)
        report.feeds += 2
    json_rel = urls.output_path(urls.JSON_FEED_URL)
    latest = range(min(site.config.feed_length, len(site.posts)))
    if wanted(json_rel, json_feed_plan_id(site)):
        jobs.append((json_rel, None))
        feed_reads[json_rel] = feed_reads_of(site, latest)
    else:
        writer.keep(json_rel)
    report.feeds += 1
    report.rendered_pages = len(jobs)
    result = PagesDone(plans, dict(feed_reads), values, base)
    if not jobs:
        return result

    from sitegen.pipeline.render.jinja import Renderer
    renderer = Renderer(theme.make_environment(site_dir, the_theme), site, published)

    def run(job: tuple[str, Any]) -> Any:
        rel, what = job
        try:
            if rel == "feed":
                rss, atom = feeds.render_feed(site, what)
                return [(urls.output_path(what.rss_url), *writer.prepare(urls.output_path(what.rss_url), rss), None),
                        (urls.output_path(what.atom_url), *writer.prepare(urls.output_path(what.atom_url), atom), None)]
            if what is None:
                return [(rel, *writer.prepare(rel, feeds.json_feed(site, site.posts[: site.config.feed_length])), None)]
            body, reads = renderer.render_tracked(what)
            return [(rel, *writer.prepare(rel, body), [(k, n, m) for (k, n), m in reads.items.items()])]
        except cache.StoreDamaged:
            raise
        except SitegenError as err:
            return err.problems
        except Exception as exc:   # a Jinja error: name the template and its line
            if isinstance(exc.__cause__ or exc.__context__, cache.StoreDamaged):
                raise cache.StoreDamaged(str(exc)) from None
            return theme.template_error(exc, site_dir).problems

    _ = writer.staging   # made here, so forked workers share one staging folder
    problems: list[Problem] = []
    for n, out in enumerate(imap_ordered(run, jobs, ctx.workers, min_items=400), 1):
        if out and isinstance(out[0], Problem):
            problems.extend(out)
        else:
            for rel, digest, staged, reads in out:
                writer.record(rel, digest, staged)
                if reads is not None:
                    result.reads[rel] = reads
                    for kind, name, _ in reads:
                        if kind == "template" and (kind, name) not in values:
                            values[(kind, name)] = resolver.value(name)
        if ctx.progress:
            ctx.progress("pages", n, len(jobs))
    if problems:
        # the same template error on many pages is one problem
        raise SitegenError(problems=list(dict.fromkeys(problems)))
    return result
