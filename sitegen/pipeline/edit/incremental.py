"""Render the pages and feeds that changed: what each page read last time, against what it
reads now (see deps.py), decides which pages render again."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from sitegen import __version__
from sitegen.errors import Problem, SitegenError
from sitegen.model import Post, Site
from sitegen.pipeline.context import BuildContext, Report
from sitegen.pipeline.edit import deps, engine
from sitegen.pipeline.output import Writer
from sitegen.pipeline.parallel import imap_ordered
from sitegen.pipeline.render import feeds, theme
from sitegen.pipeline.site.pages import Page
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.store import OutputState


def base_key(site: Site, data_key: str, published: Any = None) -> str:
    """What every page reads: sitegen's version, the config, the data files, and the avatars and
    hashed asset names of `published` (a media.Published)."""
    media_key = (published.images.key(), published.assets.key()) if published is not None else ()
    return cache.digest(__version__, site.config.fingerprint(), data_key, *media_key)


@dataclasses.dataclass
class PagesDone:
    """What render_pages leaves for the build state."""

    plans: dict[str, str | None]                       # output file -> plan id (pages and feeds)
    reads: dict[str, list[tuple[str, str, int]]]       # what each page rendered this time read
    values: dict[tuple[str, str], bytes]               # the value of every item, now
    base: str


def post_values(values: dict[tuple[str, str], bytes], posts: Iterable[Post], old: Mapping[tuple[str, str], bytes]) -> None:
    """Each post's value in `values`: its digest, then one hash per field (those of `old` when
    the digest is the same)."""
    for p in posts:
        mine, prev = p.digest.encode(), old.get(("post", p.source))
        values[("post", p.source)] = mine + (prev[len(mine):] if prev is not None and prev[:len(mine)] == mine
                                             else deps.post_vector(p))


def changes(old: Mapping[tuple[str, str], bytes], new: Mapping[tuple[str, str], bytes],
            items: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], int]:
    """Item -> the fields that changed (post values compared by their field hashes), of these
    items (default: all)."""
    def strip(key: tuple[str, str], v: bytes | None) -> bytes | None:
        return v[40:] if v is not None and key[0] == "post" else v
    out: dict[tuple[str, str], int] = {}
    for key in (old.keys() | new.keys()) if items is None else items:
        a, b = strip(key, old.get(key)), strip(key, new.get(key))
        if a != b:
            out[key] = deps.changed_mask(a, b, deps.item_width(key[0]))
    return out


def in_place(before: Mapping[tuple[str, str], bytes], posts: Sequence[Post],
             order: Iterable[str]) -> tuple[dict[tuple[str, str], bytes], dict[tuple[str, str], int], bool]:
    """The values after posts edited in place (the same posts in the same order), the items
    that changed, and whether a field the sitemap shows did (what diff's values and changes
    give, for these posts only)."""
    values = dict(before)
    post_values(values, posts, before)
    values[("site", "posts")] = deps.posts_hash(values, order)
    changed = changes(before, values, [*(("post", p.source) for p in posts), ("site", "posts")])
    return values, changed, any(mask & deps.LAST_MODIFIED for (kind, _), mask in changed.items() if kind == "post")


def diff(site: Site, pages: Iterable[Page], before: OutputState, resolver: deps.TemplateResolver, *, full: bool = False,
         can_keep: Callable[[str], bool] | None = None) -> tuple[list[engine.Job], dict[str, str | None], list[str],
                                                                dict[tuple[str, str], bytes], dict[tuple[str, str], int]]:
    """The values pages read now against the last build's, and the pages and feeds to render again
    (engine.stale): jobs, plan ids, files kept, values, the items that changed (nothing is
    compared when `full`: the base changed)."""
    values: dict[tuple[str, str], bytes] = {}          # the value of every item a page can read
    post_values(values, site.posts, before.vals)
    values.update(deps.site_values(site, values))
    values.update({(kind, name): resolver.value(name) for kind, name in before.vals if kind == "template"})
    changed = {} if full else changes(before.vals, values)
    jobs, plans, kept = engine.stale(site, pages, before.plans(), before.pages_reading(changed), full=full,
                                     can_keep=can_keep)
    return jobs, plans, kept, values, changed


def render_pages(ctx: BuildContext, site: Site, pages: Sequence[Page], writer: Writer, *, data_key: str,
                 before: OutputState, report: Report, published: Any = None) -> PagesDone:
    """Render the pages and feeds that are new, moved, or read something that changed since the
    last build into this folder (or whose file was touched); keep the others as they are.

    Every page notes what it read while it renders (see deps.py); feeds read their posts whole.
    The base (sitegen's version, the config, the data files, and the avatars, social cards and
    hashed asset names of `published`, a media.Published) is read by every page.
    """
    base = base_key(site, data_key, published)
    resolver = engine.resolver(ctx)
    jobs, plans, kept, values, _ = diff(site, pages, before, resolver, full=before.state.get("base") != base,
                                        can_keep=writer.can_keep)
    for rel in kept:
        writer.keep(rel)
    report.pages = len(pages)
    report.feeds = 2 * len(feeds.specs(site)) + 1
    report.rendered_pages = len(jobs)
    result = PagesDone(plans, {}, values, base)
    if not jobs:
        return result

    from sitegen.pipeline.render.jinja import Renderer
    renderer = Renderer(theme.make_environment(ctx.site_dir, ctx.theme), site, published)

    def run(job: engine.Job) -> Any:
        try:
            return [(rel, *writer.prepare(rel, body), reads) for rel, body, reads in
                    engine.render(renderer, site, job, ctx.site_dir)]
        except SitegenError as err:
            return err.problems

    _ = writer.staging   # made here, so forked workers share one staging folder
    problems: list[Problem] = []
    # one tuple for each distinct read: every page's list points at them (a worker's result comes
    # back as new tuples and strings: at 10k posts 400k of them, 40 MB, kept until the state is saved)
    one: dict[tuple[str, str, int], tuple[str, str, int]] = {}
    for n, out in enumerate(imap_ordered(run, jobs, ctx.workers, min_items=400), 1):
        if out and isinstance(out[0], Problem):
            problems.extend(out)
        else:
            for rel, digest, staged, reads in out:
                writer.record(rel, digest, staged)
                result.reads[rel] = [one.setdefault(read, read) for read in reads]
        if ctx.progress:
            ctx.progress("pages", n, len(jobs))
    if problems:
        # the same template error on many pages is one problem
        raise SitegenError(problems=list(dict.fromkeys(problems)))
    engine.note_templates(values, result.reads.values(), resolver)
    return result
