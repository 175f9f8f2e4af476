"""The command line's edit path: an Editor (edit/session.py) resumed from the last
build's snapshot.

When the last build into this folder left a snapshot of the site it made (snapshot.py), and the
only inputs that changed since are a few posts edited in place (engine.kind_of, as for the
server), the build does not read, select, assemble and plan 10k posts again:

    the inputs' walk (already made) -> the snapshot's BuiltSite -> Editor.apply, in place only
    (render, then write: output.patch) -> the drafts, the rendered posts, and the folder's
    state with the patched snapshot in one transaction (Editor.flush)

Anything else returns None before anything is written, and build() takes the full path: a
new, deleted or moved file, any file that is not a post, a post edited in the clock tick of
the last build, a structural edit, a problem (the full path reports it), an output file
touched since, a future post come due, a snapshot of other options or another version.
When unsure, the full path.
"""

from __future__ import annotations

import marshal
import os
from typing import Any

from sitegen.errors import SitegenError
from sitegen.pipeline.context import BuildContext, BuiltSite, Report
from sitegen.pipeline.edit.session import Editor
from sitegen.pipeline.state import snapshot, unchanged
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.store import OutputState

MAX_EDITS = 32           # more changed posts than this: the full path (its pool renders them)


def edit(ctx: BuildContext, inputs: str | None, last: OutputState) -> tuple[Report, dict[str, str]] | None:
    """Apply edits of posts in place to the last build's site: what was done and the folder's
    files (rel -> sha256); None for the full path (nothing was written then)."""
    previous: dict[str, Any] = last.state.get("inputs") or {}
    if inputs is None or ctx.store.damaged or last.out_id is None or not previous or "base" not in last.state:
        return None
    if previous.get("manifest") is None or previous["manifest"] != unchanged.manifest_stat(ctx.out_dir):
        return None
    first = snapshot.read(ctx.store, last.out_id, "meta")        # (the rest once the edits are known to fit)
    if "meta" not in first or previous.get("snap") != cache.digest(first["meta"]):
        return None          # none, or a state written by something that kept no snapshot of its own
    try:
        meta = marshal.loads(first["meta"])
        if meta.get("key") != snapshot.key_of(ctx):
            return None
        rels = _changed_posts(ctx, meta)
        if rels is None or not unchanged.outputs_untouched(ctx.out_dir, last.outputs):
            return None
        blobs = snapshot.read(ctx.store, last.out_id)
        if blobs.get("meta") != first["meta"] or set(blobs) != snapshot.names(meta):
            return None
        built: BuiltSite | None = cache.load_rows(lambda: snapshot.load(ctx, blobs, meta))
    except (AttributeError, EOFError, KeyError, TypeError, ValueError):
        return None
    if built is None:
        return None
    session = Editor(ctx.options)
    session.keep(built, last)
    try:
        done = session.apply([os.path.join("content", rel) for rel in rels], structural_too=False)
        if done is None:
            return None
        session.settle()
    except (SitegenError, cache.StoreDamaged):
        return None          # (nothing written: a problem, or a post's HTML not in the store: the full path says so)
    assert session.built is not None and session.ledger is not None
    if not session.unsaved:          # files touched, not changed: their sizes and times are new
        session.saved = session.ledger.state(ctx.store, dict(last.state), dict(last.files), dict(last.vals))
    # (the sections the edit changed; none: the state is saved without a snapshot, and the next
    # build takes the full path)
    sections = snapshot.sections(session.built, {f"content/{rel}": row[1] for rel, row in session.ledger.rows.items()})
    state = session.saved.state if session.saved else {}
    state["base"] = last.state["base"]
    state["inputs"] = dict(last.state["inputs"], key=inputs, manifest=unchanged.manifest_stat(ctx.out_dir),
                           snap=sections and cache.digest(sections["meta"]))
    session.flush(snapshot=sections)
    figures = last.state["inputs"]["report"]
    report = done.report
    report.feeds, report.files, report.left_out = figures["feeds"], figures["files"], last.state["inputs"]["left_out"]
    report.warnings, report.in_place = list(built.published.images.warnings), True
    return report, dict(session.manifest)


def _changed_posts(ctx: BuildContext, meta: dict[str, Any]) -> list[str] | None:
    """The content-relative paths of the posts whose file may have changed, when nothing but
    posts did; None otherwise."""
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
            out.append(path[len(prefix):])
    return out if len(out) <= MAX_EDITS else None
