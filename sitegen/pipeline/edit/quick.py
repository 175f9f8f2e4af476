"""The command line's edit path: posts edited in place, patched into the last build's snapshot.

When the last build into this folder left a snapshot of the site it assembled (snapshot.py),
and the only inputs that changed since are a few posts whose front matter still places them
where they were (same title, date, URL, tags, authors, cover, draft flag, feed id, aliases),
the build does not read, select, assemble and plan 10k posts again:

    the inputs' walk (already made) -> the changed posts read and rendered -> new Post values
    patched into the snapshot -> diff field by field -> the pages whose recorded reads changed
    (asked of the build state) -> render them all, then write them (output.patch: each file
    claimed in the journal, then moved in) -> the drafts, the rendered posts, and the folder's
    state with the patched snapshot in one transaction

Anything else returns None before anything is written, and build() takes the full path: a
new, deleted or moved file, any file that is not a post, a post edited in the clock tick of
the last build, a changed place in the site, a problem (the full path reports it), an output
file touched since, a future post come due, a snapshot of other options or another version.
When unsure, the full path.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
from collections.abc import Sequence
from typing import Any

from sitegen import urls
from sitegen.errors import SitegenError
from sitegen.model import Post
from sitegen.pipeline import output
from sitegen.pipeline.context import BuildContext, Report
from sitegen.pipeline.edit import deps, incremental
from sitegen.pipeline.markdown import convert, links
from sitegen.pipeline.read import content, load
from sitegen.pipeline.render import feeds, sitefiles, theme
from sitegen.pipeline.state import snapshot, unchanged
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.store import OutputState

MAX_EDITS = 32           # more changed posts than this: the full path (its pool renders them)


@dataclasses.dataclass
class _Edited:
    rel: str
    key: str                 # of the file's bytes
    stat: tuple[int, int]    # as the file was read
    draft: Any               # None: the bytes are those of the snapshot (a touch, not an edit)
    rendered: Any = None
    render_key: str = ""


def edit(ctx: BuildContext, inputs: str | None, last: OutputState) -> tuple[Report, dict[str, str]] | None:
    """Apply edits of posts in place to the last build's snapshot: what was done and the
    folder's files (rel -> sha256); None for the full path (nothing was written then)."""
    store = ctx.store
    previous: dict[str, Any] = last.state.get("inputs") or {}
    if inputs is None or store.damaged or last.out_id is None or not previous or "base" not in last.state:
        return None
    if previous["next_publish"] is not None and ctx.now >= previous["next_publish"]:
        return None
    if previous.get("manifest") is None or previous["manifest"] != unchanged.manifest_stat(ctx.out_dir):
        return None
    first = snapshot.read(store, last.out_id, "meta")        # (the rest once the edits are known to fit)
    if "meta" not in first or previous.get("snap") != cache.digest(first["meta"]):
        return None          # none, or a state written by something that kept no snapshot of its own
    try:
        meta = marshal.loads(first["meta"])
        if meta.get("key") != snapshot.key_of(ctx):
            return None
    except (AttributeError, EOFError, KeyError, TypeError, ValueError):
        return None
    found = _changed_posts(ctx, meta)
    if found is None:
        return None
    try:
        edited = _read(ctx, meta, found)
        if edited is None or not unchanged.outputs_untouched(ctx.out_dir, last.outputs):
            return None
        blobs = snapshot.read(store, last.out_id)
        if blobs.get("meta") != first["meta"] or set(blobs) != snapshot.names(meta):
            return None
        snap = cache.load_rows(lambda: snapshot.load(ctx, blobs, meta))
        if snap is None:
            return None
        return _apply(ctx, inputs, last, meta, snap, edited)
    except cache.StoreDamaged:
        return None          # (a post's HTML is not in the store: the full path, which says so)


def _changed_posts(ctx: BuildContext, meta: dict[str, Any]) -> list[tuple[str, tuple[int, int]]] | None:
    """(content-relative path, size and time) of the posts whose file may have changed, when
    nothing but posts did; None otherwise."""
    seen, posts, others = ctx.store.seen, meta["posts"], meta["others"]
    if len(seen) != len(posts) + len(others):
        return None
    racy = meta["scan_time"] - cache.RACY_NS
    prefix = os.path.join(str(ctx.site_dir / "content"), "")
    out = []
    for path, st in seen.items():
        old = posts.get(path)
        if old is None:
            if others.get(path) != st or st[1] >= racy:
                return None
        elif old != st or st[1] >= racy:
            if not path.startswith(prefix):
                return None
            out.append((path[len(prefix):], st))
    return out if len(out) <= MAX_EDITS else None


def _read(ctx: BuildContext, meta: dict[str, Any], found: list[tuple[str, tuple[int, int]]]) -> list[_Edited] | None:
    """Each changed post read again; None when one of them is no longer in its place."""
    shape = load.draft_shape(ctx.config)
    out = []
    for rel, _ in found:
        place = meta["places"].get(rel)
        if place is None:
            return None              # a draft or future post: the full path
        try:
            with open(os.path.join(ctx.site_dir, "content", rel), "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
            key = cache.digest(data, shape)
            if key == place[0]:
                out.append(_Edited(rel, key, (st.st_size, st.st_mtime_ns), None))
                continue
            draft = content.read_post(ctx.site_dir, rel, ctx.config, data=data, digest=key)
        except (OSError, SitegenError):
            return None
        if snapshot.place_key(draft) != place[1]:
            return None
        out.append(_Edited(rel, key, (st.st_size, st.st_mtime_ns), draft))
    return out


def _apply(ctx: BuildContext, inputs: str, last: OutputState, meta: dict[str, Any], snap: snapshot.Snapshot,
           edited: list[_Edited]) -> tuple[Report, dict[str, str]] | None:
    site, pages, config = snap.site, snap.pages, ctx.config
    sources = [row[snapshot.SOURCE] for row in snap.post_rows]      # (no Post made for this)
    position = {source: i for i, source in enumerate(sources)}
    new_posts: dict[str, tuple[int, Post]] = {}
    render = convert.post_renderer(snap.data)
    for e in edited:
        if e.draft is None:
            continue
        try:
            e.rendered = render(e.draft, snap.targets)
        except SitegenError:
            return None
        if not set(e.rendered.files) <= snap.images.linked or not snap.images.shows(e.rendered.images):
            return None              # a new full-size link: the full build makes its copy
        e.render_key = convert.render_key(e.draft, snap.data.key)
        i = position[e.draft.source]
        who = site.posts[i].authors
        post = links.make_post(e.draft, e.rendered, config, who, e.rendered.html,
                               digest=convert.post_digest(e.render_key, e.rendered, who))
        new_posts[e.draft.source] = (i, post)

    # the values pages read, and the pages that read what changed
    values = dict(last.vals)
    changed, sitemap = deps.note_posts(values, (post for _, post in new_posts.values()), sources)
    site = dataclasses.replace(site, posts=snap.posts.with_posts(dict(new_posts.values())))
    dirty = last.pages_reading(changed)
    new_files = dict(last.files)
    page_at = snap.page_at
    post_page = pages.post_pages()
    for i, post in new_posts.values():
        n = post_page[i]
        pages[n] = dataclasses.replace(pages[n], title=post.title, description=post.summary_text)
        rel = urls.output_path(pages[n].url)
        pid = incremental.plan_id(pages[n], site)
        if rel not in new_files:
            return None
        if new_files[rel][0] != pid:
            new_files[rel] = (pid, *new_files[rel][1:])
            dirty.add(rel)
    if not dirty <= new_files.keys():
        return None

    # render, then write: each file claimed in the journal, then moved in (output.patch; the
    # manifest is the one the state recorded, as its size, time and inode said above)
    files, reads = _render(ctx, site, pages, page_at, snap, sorted(dirty))
    if files is None:
        return None
    if sitemap:
        files["sitemap.xml"] = sitefiles.sitemap(site, pages)
    manifest = {rel: f[1] for rel, f in new_files.items()}
    stats = output.patch(ctx.out_dir, files, manifest)
    for rel, (sha, size, mtime) in stats.items():
        new_files[rel] = (new_files[rel][0], sha, size, mtime)

    # remember: the posts' rows, the folder's state and the snapshot, patched
    shape = load.draft_shape(config)
    post_stats = dict(meta["posts"])
    places = dict(meta["places"])
    rows = snap.post_rows
    chunks = set()
    drafts = {}
    for e in edited:
        if e.draft is None:
            continue
        shell = dataclasses.replace(e.draft, body="")
        drafts[e.rel] = (e.key, shell, shape, *e.stat)
        ref = ctx.store.store_rendered([(e.rel, e.render_key, dataclasses.replace(e.rendered, html=""),
                                         e.rendered.html)])[0]
        i, post = new_posts[e.draft.source]
        rows[i] = snapshot.post_tuple(dataclasses.replace(post, html_ref=ref))
        chunks.add(i // meta["chunk"])
        places[e.rel] = (e.key, places[e.rel][1])
    # every post as this build's walk found it (a file written after the walk has another size
    # or time, or one inside the racy window of this build's scan time: read again next time)
    for path, st in ctx.store.seen.items():
        if path in post_stats:
            post_stats[path] = st
    snapshot.put_drafts(ctx.store, drafts)
    for names in reads.values():
        for kind, name, _mask in names:
            if kind == "template" and (kind, name) not in values:
                values[(kind, name)] = deps.TemplateResolver(ctx.site_dir / "templates", ctx.theme.templates).value(name)
    state = {"base": last.state["base"],
             "inputs": dict(last.state["inputs"], key=inputs, manifest=unchanged.manifest_stat(ctx.out_dir))}
    new_meta = marshal.dumps(dict(meta, posts=post_stats, places=places, scan_time=ctx.scan_time))
    state["inputs"]["snap"] = cache.digest(new_meta)
    sections = {"meta": new_meta} | {f"posts.{n}": snapshot.chunk(rows, n, meta["chunk"]) for n in chunks}
    ctx.store.set_output_state(ctx.out_dir, last, state, files=new_files, vals=values, deps=reads,
                               scan_time=ctx.scan_time, snapshot=sections, patch=True)
    figures = previous_report(last)
    report = Report(pages=len(pages), feeds=figures["feeds"], files=figures["files"], written=len(stats),
                    unchanged=len(new_files) - len(stats), rendered_posts=len(new_posts), rendered_pages=len(dirty),
                    left_out=last.state["inputs"]["left_out"], warnings=list(snap.images.warnings),
                    in_place=True)
    return report, manifest


def previous_report(last: OutputState) -> dict[str, int]:
    figures: dict[str, int] = last.state["inputs"]["report"]
    return figures


def _render(ctx: BuildContext, site: Any, pages: Sequence[Any], page_at: dict[str, int], snap: snapshot.Snapshot,
            order: list[str]) -> tuple[dict[str, bytes] | None, dict[str, list[tuple[str, str, int]]]]:
    """The bytes of these output files (pages and feeds) and what each read; (None, {}) when one
    of them fails (the full path reports it)."""
    from sitegen.pipeline.render.jinja import Renderer
    renderer = Renderer(theme.make_environment(ctx.site_dir, ctx.theme), site, snap.published)
    specs = {}
    for spec in feeds.specs(site):
        specs[urls.output_path(spec.rss_url)] = spec
        specs[urls.output_path(spec.atom_url)] = spec
    json_rel = urls.output_path(urls.JSON_FEED_URL)
    files: dict[str, bytes] = {}
    reads: dict[str, list[tuple[str, str, int]]] = {}
    try:
        for rel in order:
            if rel in files:
                continue
            if rel in specs:
                spec = specs[rel]
                rss, atom = feeds.render_feed(site, spec)
                for r, body in ((urls.output_path(spec.rss_url), rss), (urls.output_path(spec.atom_url), atom)):
                    files[r] = body
                    reads[r] = incremental.feed_reads_of(site, spec.posts)
            elif rel == json_rel:
                latest = range(min(site.config.feed_length, len(site.posts)))
                files[rel] = feeds.json_feed(site, site.posts[: site.config.feed_length])
                reads[rel] = incremental.feed_reads_of(site, latest)
            elif rel in page_at:
                body, got = renderer.render_tracked(pages[page_at[rel]])
                files[rel] = body
                reads[rel] = [(k, n, m) for (k, n), m in got.items.items()]
            else:
                return None, {}      # a file of the plan this path does not make (a copy, the sitemap ...)
    except cache.StoreDamaged:
        raise
    except Exception:       # a template or a value that fails: the full path reports it
        return None, {}
    return files, reads
