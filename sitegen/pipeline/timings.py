"""`sitegen build --timings`: where a build's time goes, stage by stage.

install() wraps the functions build() calls for each stage (by module and name, so the pipeline
itself carries no timing code); each wrapped call adds its wall time to its stage, less the time
of stages called inside it, so the stages add up to the build. Work done in the worker pool counts
to the stage that waited for it. report() is the table, with the start-up (interpreter and
imports, until the build began) and the CPU time of the process and its workers.
"""

from __future__ import annotations

import functools
import importlib
import os
import time
from collections.abc import Callable
from typing import Any

# (module, attribute, stage): in the order a build reaches them
STAGES: tuple[tuple[str, str, str], ...] = (
    ("sitegen.pipeline.context", "load_config", "config and theme"),
    ("sitegen.pipeline.context", "find_theme", "config and theme"),
    ("sitegen.pipeline.state.store", "BuildCache.__init__", "state: load"),
    ("sitegen.pipeline.state.store", "BuildCache.output_state", "state: load"),
    ("sitegen.pipeline.state.unchanged", "inputs_fingerprint", "state: load"),
    ("sitegen.pipeline.state.unchanged", "nothing_changed", "state: load"),
    ("sitegen.pipeline.read.content", "discover", "read: discover"),
    ("sitegen.pipeline.read.load", "load_data", "read: data files"),
    ("sitegen.pipeline.read.load", "read_drafts", "read: posts and front matter"),
    ("sitegen.pipeline.read.load", "read_pages", "read: posts and front matter"),
    ("sitegen.pipeline.media.images", "prepare", "images: probe; cards: plan"),
    ("sitegen.pipeline.markdown.convert", "render_posts", "markdown"),
    ("sitegen.pipeline.markdown.convert", "render_standalone", "markdown"),
    ("sitegen.pipeline.media.images", "full_copies", "images: encode"),
    ("sitegen.pipeline.site.assemble", "assemble", "assemble and plan"),
    ("sitegen.pipeline.site.pages", "plan", "assemble and plan"),
    ("sitegen.pipeline.render.feeds", "render_feed", "feeds"),
    ("sitegen.pipeline.render.feeds", "json_feed", "feeds"),
    ("sitegen.pipeline.edit.incremental", "render_pages", "pages (Jinja)"),
    ("sitegen.pipeline.render.sitefiles", "copy_files", "write: copies"),
    ("sitegen.pipeline.media.images", "write", "write: images and cards"),
    ("sitegen.pipeline.render.sitefiles", "write_sitemap", "write: copies"),
    ("sitegen.pipeline.render.assets", "write", "write: copies"),
    ("sitegen.pipeline.output", "Writer.commit", "write: commit"),
    ("sitegen.pipeline.state.save", "save_state", "state: save"),
    ("sitegen.search", "update", "search"),
)

_spent: dict[str, float] = {}
_stack: list[float] = []         # per open stage: the time of the stages inside it so far
_build_started = 0.0
_installed = False


def _wrap(fn: Callable[..., Any], stage: str) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*args: Any, **kwargs: Any) -> Any:
        _stack.append(0.0)
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            took = time.perf_counter() - started
            inner = _stack.pop()
            _spent[stage] = _spent.get(stage, 0.0) + took - inner
            if _stack:
                _stack[-1] += took
    timed.__sitegen_timed__ = True       # type: ignore[attr-defined]
    return timed


def install() -> None:
    """Time the stages of the builds this process runs from now on."""
    global _installed, _build_started
    _build_started = time.perf_counter()
    if _installed:
        return
    _installed = True
    for module_name, attr, stage in STAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        owner: Any = module
        name = attr
        if "." in attr:
            owner, name = getattr(module, attr.split(".")[0], None), attr.split(".")[1]
        fn = getattr(owner, name, None) if owner is not None else None
        if fn is None or getattr(fn, "__sitegen_timed__", False):
            continue
        setattr(owner, name, _wrap(fn, stage))


def _started_ago() -> float | None:
    """Seconds since this process started (Linux: /proc), or None."""
    try:
        with open("/proc/self/stat") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def report(build_seconds: float) -> str:
    """The table of stages: wall seconds and share of the build, slowest first."""
    rows = sorted(_spent.items(), key=lambda kv: -kv[1])
    other = build_seconds - sum(_spent.values())
    ago = _started_ago()
    startup = None if ago is None else max(0.0, ago - (time.perf_counter() - _build_started))
    cpu = os.times()
    lines = ["stage                              seconds   share"]
    total = build_seconds + (startup or 0.0)
    if startup is not None:
        lines.append(f"{'start-up and imports':<34} {startup:8.3f}  {100 * startup / total:5.1f}%")
    for stage, seconds in rows:
        lines.append(f"{stage:<34} {seconds:8.3f}  {100 * seconds / total:5.1f}%")
    lines.append(f"{'other':<34} {max(other, 0.0):8.3f}  {100 * max(other, 0.0) / total:5.1f}%")
    lines.append(f"{'total':<34} {total:8.3f}  (CPU: {cpu.user + cpu.system:.2f} s this process, "
                 f"{cpu.children_user + cpu.children_system:.2f} s workers)")
    return "\n".join(lines)
