"""The edit engine: the jobs every way of applying an edit shares, one body each.

The full build's render step (incremental.render_pages), the command line's edit path and the
server's in-place and structural paths (session.py) all apply an edit with these:

    read_post    a changed post's file read and digested (the same bytes: a touch), and the
                 store's row of its draft (Fresh.row; store.put_drafts keeps it)
    kind_of      in place or structural: the one definition
    make_post    its Markdown rendered, the Post made, the row the store keeps of it; whether
                 its full-size copies stay as they are (else the full build)
    plan_id / stale      a page's or feed's place in the plan; the pages and feeds to render
    jobs_of      the pages and feeds of some output files (the ones whose recorded reads changed)
    render       one page, one feed pair or the JSON feed, with what it read
    note_templates   the value of every template read for the first time

The values pages read are diffed in incremental.py (post_values, changes: `in_place` for posts
edited in place, `diff` for a site planned again and the full build). The rest is the Editor's
(session.py): the rendered files written through output.patch, the state recorded (ledger.py:
at once for the command line, later for the server; the store's rows by store.put_drafts and
Ledger.write).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen import urls
from sitegen.errors import SitegenError
from sitegen.model import Post, Site
from sitegen.pipeline.context import BuildContext, BuiltSite
from sitegen.pipeline.edit import deps
from sitegen.pipeline.markdown import convert, links
from sitegen.pipeline.read import content, load
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.render import feeds, theme
from sitegen.pipeline.site import assemble, translations
from sitegen.pipeline.site.pages import Page
from sitegen.pipeline.state import store as cache

Reads = list[tuple[str, str, int]]
Row = tuple[str, str, Any, str]             # a rendered post for the store: rel, key, Rendered without HTML, HTML
Job = tuple[str, Any]                       # ("page", Page), ("feed", FeedSpec) or ("json", None)
IN_PLACE, STRUCTURAL = "in place", "structural"


@dataclasses.dataclass
class Fresh:
    """A changed post file as it was read."""

    rel: str                    # content-relative
    key: str                    # of its bytes (and the config's shape of drafts)
    stat: tuple[int, int]       # size and time as it was read
    draft: PostDraft | None     # None: the bytes are those of the last build (a touch)
    shape: str = ""             # of the config that shaped the draft
    shell: PostDraft | None = None      # the draft without its body, as read (what the store keeps)
    kept: PostDraft | None = None       # the same with what a translation takes from its original
                                        # (what the site keeps: selection.kept); else the shell

    def row(self) -> tuple[str, PostDraft, str, int, int]:
        """The store's row of the draft (store.put_drafts): as read, since the full build
        links the translations after it reads the drafts (site/translations.link)."""
        assert self.shell is not None
        return (self.key, self.shell, self.shape, *self.stat)


def read_post(ctx: BuildContext, rel: str, old_digest: str | None, built: BuiltSite | None = None) -> Fresh | None:
    """Read a post's file again. None when the full build must (a link on the way, a file that
    cannot be read, front matter with a problem: the full build names it); FileNotFoundError
    when it is gone. On a multilingual site (`built`: the site it is read into), a translation
    takes what it does not set from its original as the full build gives it
    (translations.inherit)."""
    if ctx.config.multilingual and built is None:
        return None
    root = os.path.realpath(ctx.site_dir / "content")
    path = ctx.site_dir / "content" / rel
    try:
        if os.path.realpath(path) != os.path.join(root, *rel.split("/")):
            return None                 # a link on the way: the full build applies its rule (read/sources.py)
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            data = f.read()
    except FileNotFoundError:
        raise
    except OSError:
        return None
    shape = load.draft_shape(ctx.config)
    key, stat = cache.digest(data, shape), (st.st_size, st.st_mtime_ns)
    if key == old_digest:
        return Fresh(rel, key, stat, None)
    try:
        draft = content.read_post(ctx.site_dir, rel, ctx.config, data=data, digest=key)
    except SitegenError:
        return None
    shell = dataclasses.replace(draft, body="")
    if not ctx.config.multilingual:
        return Fresh(rel, key, stat, draft, shape, shell, shell)
    assert built is not None
    found = _inherited(built, draft)
    if found is None:
        return None
    return Fresh(rel, key, stat, found, shape, shell, dataclasses.replace(found, body="") if found is not draft else shell)


def original_of(built: BuiltSite, draft: PostDraft) -> PostDraft | None:
    """The original (the default language's file of its translation key) that a translation
    takes from, as the full build links them (translations.link: published or not)."""
    default = built.ctx.config.codes[0]
    found = [d for d in _keyed(built, draft) if d.lang == default]
    return found[0] if len(found) == 1 else None


def translations_of(built: BuiltSite, draft: PostDraft) -> list[PostDraft]:
    """The translations that take from this original (published or not)."""
    return [d for d in _keyed(built, draft) if d.inherits]


def _keyed(built: BuiltSite, draft: PostDraft) -> list[PostDraft]:
    """The other post files of the draft's translation key (published or not)."""
    everything = built.all_drafts
    return [everything[rel] for rel in built.keyed.get(draft.translation_key, ()) if rel != draft.content_rel]


def _inherited(built: BuiltSite, draft: PostDraft) -> PostDraft | None:
    """The draft with what it takes from its original; None when the full build must link it
    (no original to take its date from: the full build names the problem)."""
    if draft.lang == built.ctx.config.codes[0] or not draft.inherits:
        return draft
    try:
        return translations.inherit(built.ctx.config, draft, original_of(built, draft))
    except SitegenError:
        return None


def _place(d: PostDraft) -> tuple[Any, ...]:
    return (d.url, d.slug, d.date, d.author_ids, d.tag_names, d.draft, d.cover, d.feed_id, d.aliases,
            d.lang, d.translation_key, d.inherits)


def _given(d: PostDraft) -> tuple[Any, ...]:
    """What an original gives the translations that take from it (translations.inherit) and
    _place does not hold already."""
    return (d.cover_alt, d.extra)


def _order(post: Post) -> tuple[datetime, str, str]:
    return (post.date, post.title, post.source)


def kind_of(built: BuiltSite, old: PostDraft | None, new: PostDraft) -> str:
    """The one definition of an edit in place: a published post that keeps its place in the site
    (URL, slug, date, authors, tags, draft flag, cover, feed id and aliases as they were, and its
    place in the order of posts; on a multilingual site its language, translation key and what
    it takes from its original too, and of an original what its translations take from it);
    its title, body, summary, sources ... may change. Anything else is structural (the site is
    planned again). `new`: a translation's draft with what it takes from its original."""
    if old is None or _place(old) != _place(new):
        return STRUCTURAL
    if (built.ctx.config.multilingual and new.lang == built.ctx.config.codes[0] and _given(old) != _given(new)
            and translations_of(built, new)):
        return STRUCTURAL
    posts, i = built.site.posts, built.position[new.source]
    order = (new.date, new.title, new.source)
    if (i > 0 and not _order(posts[i - 1]) > order) or (i + 1 < len(posts) and not order > _order(posts[i + 1])):
        return STRUCTURAL
    return IN_PLACE


def make_post(built: BuiltSite, draft: PostDraft, authors: tuple[str, ...], before: Any,
              targets: links.LinkTargets | None = None, render: Callable[..., Any] | None = None) -> tuple[Post, Row] | None:
    """A post's Markdown rendered and its Post made, with the row the store keeps of it. None
    when the full build must: a problem (it names it), or a full-size copy that comes or goes.
    The one rule for those copies: an edited post links the same files as it did (`before`:
    its Rendered as the store has it, None for a post new to the list) and every image it shows
    has its variants. `authors`: their slugs (unkeyed by language); on a multilingual site the
    Post gets its language, and its tags and authors keyed by it, as assemble does."""
    try:
        rendered = (render or convert.post_renderer(built.data))(draft, targets or built.targets)
    except SitegenError:
        return None
    if set(rendered.files) != set(before.files if before else ()) or not built.published.images.shows(rendered.images):
        return None
    key, config = convert.render_key(draft, built.data), built.ctx.config
    post = links.make_post(draft, rendered, config, authors, rendered.html, digest=convert.post_digest(key, rendered, authors))
    if config.multilingual:
        post = assemble.languages(config, [post], [draft], {})[0][0]
    return post, (draft.content_rel, key, dataclasses.replace(rendered, html=""), rendered.html)


def author_slugs(config: Any, post: Post) -> tuple[str, ...]:
    """A post's authors as make_post takes them: their slugs, not keyed by its language."""
    return tuple(urls.key_slug(a) for a in post.authors) if config.multilingual else post.authors


# -- the pages and feeds to render -----------------------------------------------------------

def plan_id(site: Site, job: Job) -> str:
    """A page's or feed's place in the plan: what it is and which posts it lists (by file, not
    index)."""
    kind, what = job
    posts = site.posts
    if kind != "page":
        listed = feeds.json_posts(site) if what is None else what.posts
        return cache.digest(*(("json",) if what is None else ("feed", what.title, what.description, what.home_url)),
                            [posts[i].source for i in listed])
    listed = tuple([posts[i].source for i in what.posts])
    own = posts[what.post].source if what.post is not None else ""
    if what.standalone is not None:                 # what a standalone page shows of itself
        own = site.pages[what.standalone].digest
    pager = (what.pager.number, what.pager.total) if what.pager else ()
    return cache.digest(what.url, what.template, what.kind, what.title, what.description, listed, own, pager,
                        what.tag, what.author, what.feeds, sorted(what.extra.items()), what.target)


def feed_jobs(site: Site) -> list[Job]:
    """Every feed's job (a feed's two files are one), the JSON feed's last."""
    return [*(("feed", spec) for spec in feeds.specs(site)), ("json", None)]


def stale(site: Site, pages: Iterable[Page], old_plans: Mapping[str, str | None], dirty: set[str], *,
          full: bool = False,
          can_keep: Callable[[str], bool] | None = None) -> tuple[list[Job], dict[str, str | None], list[str]]:
    """The jobs to render of these pages and every feed (new ones, ones moved in the plan or
    reading something in `dirty`), every file's plan id, and the files kept as they are."""
    jobs: list[Job] = []
    plans: dict[str, str | None] = {}
    kept: list[str] = []
    for job in [*(("page", page) for page in pages), *feed_jobs(site)]:
        rels, pid = job_files(job), plan_id(site, job)
        wanted = [full or old_plans.get(r) != pid or r in dirty or (can_keep is not None and not can_keep(r)) for r in rels]
        for r in rels:
            plans[r] = pid
        if any(wanted):
            jobs.append(job)
        else:
            kept.extend(rels)
    return jobs, plans, kept


def job_files(job: Job) -> tuple[str, ...]:
    kind, what = job
    if kind == "feed":
        return tuple(urls.output_path(u) for u in (what.rss_url, what.atom_url) if u)
    return (urls.output_path(urls.JSON_FEED_URL),) if kind == "json" else (urls.output_path(what.url),)


def jobs_of(site: Site, pages: Sequence[Page], page_at: Mapping[str, int], rels: Iterable[str]) -> list[Job] | None:
    """The jobs that make these output files; None when one is not a page or a feed."""
    by_file = {rel: job for job in feed_jobs(site) for rel in job_files(job)}
    out: dict[Any, Job] = {}
    for rel in rels:
        if rel in page_at:
            out[rel] = ("page", pages[page_at[rel]])
        elif rel in by_file:
            out[job_files(by_file[rel])[0]] = by_file[rel]
        else:
            return None
    return list(out.values())


def feed_reads_of(site: Site, indexes: Iterable[int]) -> Reads:
    """What a feed of these posts reads: each of them whole."""
    reads = deps.Reads()
    for i in indexes:
        reads.post_whole(site, site.posts[i])
    return [(k, n, m) for (k, n), m in reads.items.items()]


def render(renderer: Any, site: Site, job: Job, site_dir: Path) -> list[tuple[str, bytes, Reads]]:
    """One page, feed pair or JSON feed: (output file, bytes, what it read) of each file.
    Raises SitegenError (a Jinja error names its template and line)."""
    kind, what = job
    try:
        rels = job_files(job)
        if kind == "feed":
            reads = feed_reads_of(site, what.posts)
            return [(rel, body, reads) for rel, body in zip(rels, feeds.render_feed(site, what), strict=True)]
        if kind == "json" or what.kind == "json":       # (what: the JSON Feed of a language but the default)
            listed, lang = (feeds.json_posts(site), "") if kind == "json" else (what.posts, what.lang)
            return [(rels[0], feeds.json_feed(site, [site.posts[i] for i in listed], lang), feed_reads_of(site, listed))]
        body, got = renderer.render_tracked(what)
        return [(rels[0], body, [(k, n, m) for (k, n), m in got.items.items()])]
    except (cache.StoreDamaged, SitegenError):
        raise
    except Exception as exc:   # a Jinja error: name the template and its line
        if isinstance(exc.__cause__ or exc.__context__, cache.StoreDamaged):
            raise cache.StoreDamaged(str(exc)) from None
        raise theme.template_error(exc, site_dir) from None


def note_templates(values: dict[tuple[str, str], bytes], reads: Iterable[Reads], resolver: deps.TemplateResolver) -> None:
    """The value of every template these pages read that no page read before."""
    for got in reads:
        for kind, name, _ in got:
            if kind == "template" and (kind, name) not in values:
                values[(kind, name)] = resolver.value(name)


def resolver(ctx: BuildContext) -> deps.TemplateResolver:
    return deps.TemplateResolver(ctx.site_dir / "templates", ctx.theme.templates)
