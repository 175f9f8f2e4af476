"""What a build wrote and read, saved for the next build into the same folder."""


from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sitegen.pipeline.context import BuildContext, Report
from sitegen.pipeline.edit.incremental import PagesDone
from sitegen.pipeline.output import Writer
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state import unchanged
from sitegen.pipeline.state.store import OutputState

if TYPE_CHECKING:      # the image pipeline is imported only by builds that get past the no-change check
    pass


def save_state(ctx: BuildContext, inputs: str | None, before: OutputState, done: PagesDone, writer: Writer, *,
               left: Sequence[PostDraft], report: Report,
               snapshot: dict[str, bytes] | None = None) -> OutputState:
    """What this build wrote and read, for the next build into the same folder (one transaction).
    The first future post to come due makes the next build a full one. Returns what was saved
    (without the deps, which stay in the store)."""
    due = min((d.date for d in left if not d.draft and d.date > ctx.now), default=None)
    ctx.store.save()
    files = {rel: (done.plans.get(rel), *stat) for rel, stat in writer.stats.items()}
    state: dict[str, Any] = {
        "base": done.base,
        "inputs": {"key": inputs, "next_publish": due, "left_out": len(left),
                   "manifest": unchanged.manifest_stat(ctx.out_dir),
                   "report": {"pages": report.pages, "feeds": report.feeds, "files": report.files}}}
    if snapshot and snapshot.get("meta"):     # (the snapshot beside this state is this one: snapshot.py)
        state["inputs"]["snap"] = cache.digest(snapshot["meta"])
    out_id = ctx.store.set_output_state(ctx.out_dir, before, state, files=files, vals=done.values, deps=done.reads,
                                        scan_time=ctx.scan_time, copies=writer.copies, snapshot=snapshot)
    return OutputState(ctx.store, out_id, state, files, done.values)
