"""Has anything changed since the last build into this output folder?

The first thing a build asks, and often the last: a build with nothing to do should cost
little more than starting Python. So this module imports only the store and the standard
library (pipeline.py imports the rest of the build after it), and it looks at each input and
output file once, by its size and modification time.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import sitegen
from sitegen import __version__
from sitegen.pipeline.context import BuildContext
from sitegen.pipeline.output import JOURNAL, MANIFEST
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.state.store import OutputState


def _tree_stats(folder: Path, seen: dict[str, tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every file under `folder`, in sources.walk's order (strings, not
    Paths: 10k files); each also noted in `seen`, so read_drafts need not stat them again."""
    out = []
    for root, dirs, files in os.walk(folder, followlinks=True):     # (links are checked by sources.py)
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:             # removed this instant (an editor saving): the key differs anyway
                continue
            out.append((path, st.st_size, st.st_mtime_ns))
            seen[path] = (st.st_size, st.st_mtime_ns)
    return out


@lru_cache(maxsize=1)
def code_stats() -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of sitegen's own modules: a new sitegen (an upgrade, an edit of the
    code) renders differently without any input changing. About a hundred stats, once per
    process (the code that runs is the code loaded at its start)."""
    package = os.path.dirname(os.path.abspath(sitegen.__file__))     # all of sitegen, not only the pipeline
    out = []
    for root, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                st = os.stat(path)
                out.append((path, st.st_size, st.st_mtime_ns))
    return tuple(out)


def inputs_fingerprint(ctx: BuildContext) -> str:
    """A key of every input a build reads, by file size and modification time: when it is the
    key of the last build into the same folder, and no output file was touched since, the
    build has nothing to do. (A file touched without a change just takes the full path.)"""
    seen = ctx.store.seen
    trees = [_tree_stats(ctx.site_dir / name, seen) for name in ("content", "templates", "static", "data", "locale")]
    trees.append(_tree_stats(ctx.theme.path, seen))
    return cache.digest(__version__, code_stats(), ctx.config.fingerprint(), ctx.options.drafts,
                        ctx.options.future, ctx.options.hashed_assets, trees)


def manifest_stat(out_dir: Path) -> tuple[int, int, int] | None:
    """The manifest's size, modification time and inode (None when there is none, or when a
    journal says it may not hold every file sitegen wrote)."""
    try:
        st = os.stat(os.path.join(out_dir, MANIFEST))
    except OSError:
        return None
    if os.path.lexists(os.path.join(out_dir, JOURNAL)):
        return None                  # a build or server was killed while it moved files in
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def nothing_changed(ctx: BuildContext, inputs: str | None, last: OutputState) -> bool:
    """The inputs are those of the last build into this folder, no future post has come due
    since, and its files (the manifest too) are as it left them."""
    previous: dict[str, Any] = last.state.get("inputs") or {}
    return (inputs is not None and bool(previous) and previous["key"] == inputs
            and (previous["next_publish"] is None or ctx.now < previous["next_publish"])
            and previous.get("manifest") is not None and previous["manifest"] == manifest_stat(ctx.out_dir)
            and outputs_untouched(ctx.out_dir, last.outputs))


def outputs_untouched(out_dir: Path, outputs: tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...]]) -> bool:
    """Every file the last build wrote is there with the size and time it had then. (The
    manifest being as that build left it, it still lists exactly these files.)"""
    root = os.path.join(out_dir, "")
    stat = os.stat
    rels, sizes, mtimes = outputs
    try:
        for rel, size, mtime in zip(rels, sizes, mtimes):
            st = stat(root + rel)
            if st.st_mtime_ns != mtime or st.st_size != size:
                return False
    except OSError:
        return False
    return True
