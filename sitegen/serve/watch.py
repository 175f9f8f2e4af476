"""Watch a site's sources and turn bursts of file events into one rebuild request.

`SiteWatcher` watches, with watchdog, exactly what a build reads: `content/`, `templates/`,
`themes/`, `data/`, `static/`, `locale/` (the site's catalogues), `sitegen.toml` and the folder
of the theme in use (which may live outside the site).  It never watches the site folder recursively, so `output/`, `.git/`
or a virtualenv beside the site cost nothing and cannot trigger rebuilds.

Events for editor swap, backup and probe files (`.x.md.swp`, `x.md~`, vim's `4913`) and for
hidden files are dropped with `content.is_ignored`, the same rule the build uses.  Every other
create, modify, close-after-write, delete or move (either end of a move: an editor that writes
`x.md.tmp` and renames it over `x.md` shows up as the destination) is passed on.

`Debouncer` coalesces: a rebuild starts once no event arrived for `quiet` seconds, or after
`max_wait` seconds of continuous events, and events that arrive during a build are kept for
the next one.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from sitegen.config import CONFIG_NAME
from sitegen.pipeline import is_ignored

SOURCE_DIRS = ("content", "templates", "themes", "data", "static", "locale")

_EVENTS = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class Debouncer:
    """Collects changed paths; `wait()` returns them once things are quiet."""

    def __init__(self, quiet: float = 0.02, max_wait: float = 1.0):
        self.quiet = quiet
        self.max_wait = max_wait
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._first = 0.0
        self._last = 0.0
        self._closed = False

    def add(self, path: str) -> None:
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.add(path)
            self._last = now
            self._cond.notify_all()

    def pending(self) -> bool:
        """Whether changes arrived that no build has taken yet."""
        with self._cond:
            return bool(self._pending)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait(self, idle: float | None = None) -> set[str] | None:
        """Block until a quiet moment after some changes; None once closed; an empty set when
        `idle` seconds passed with no change at all."""
        with self._cond:
            deadline = None if idle is None else time.monotonic() + idle
            while not self._pending and not self._closed:
                if deadline is None:
                    self._cond.wait()
                    continue
                left = deadline - time.monotonic()
                if left <= 0:
                    return set()
                self._cond.wait(left)
            while not self._closed:
                now = time.monotonic()
                due = min(self._last + self.quiet, self._first + self.max_wait)
                if now >= due:
                    break
                self._cond.wait(due - now)
            if self._closed:
                return None
            changed, self._pending = self._pending, set()
            return changed


def relevant(path: str, root: str, is_dir: bool) -> bool:
    """Whether a change at `path` (under `root`) can change the built site."""
    rel = os.path.relpath(path, root)
    if rel == "." or rel.startswith(".." + os.sep) or rel == "..":
        return rel == "."
    parts = rel.split(os.sep)
    if any(is_ignored(p, folder=True) for p in parts[:-1]):
        return False
    return not is_ignored(parts[-1], folder=is_dir)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: SiteWatcher, root: str, top: bool):
        self.watcher = watcher
        self.root = root
        self.top = top          # the site folder itself, watched without recursion

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(event.src_path)]
        if getattr(event, "dest_path", ""):
            paths.append(os.fsdecode(event.dest_path))
        hits = []
        for path in paths:
            if self.top:
                name = os.path.basename(path)
                if os.path.dirname(path) != self.root:
                    continue
                if name == CONFIG_NAME:
                    hits.append(path)
                elif name in SOURCE_DIRS:
                    hits.append(path)
                    self.watcher.resync_soon()
            elif relevant(path, self.root, event.is_directory):
                hits.append(path)
                if event.is_directory and path == self.root and event.event_type in ("deleted", "moved"):
                    self.watcher.resync_soon()
        for path in hits:
            self.watcher.changed(path)


class SiteWatcher:
    """Watches a site's sources; calls `on_change(path)` for every relevant event."""

    def __init__(self, site_dir: Path, on_change: Callable[[str], None]):
        self.site = os.path.realpath(site_dir)
        self.on_change = on_change
        self.extra: list[str] = []             # e.g. the folder of a theme outside the site
        self._observer = Observer()
        self._watches: dict[str, tuple[ObservedWatch, int]] = {}
        self._lock = threading.Lock()

    # -- the set of watched folders -------------------------------------------------------
    def roots(self) -> list[str]:
        wanted = [os.path.join(self.site, d) for d in SOURCE_DIRS]
        for extra in self.extra:
            real = os.path.realpath(extra)
            if not any(real == w or real.startswith(w + os.sep) for w in wanted):
                wanted.append(real)
        return [w for w in wanted if os.path.isdir(w)]

    def set_extra(self, folders: Iterable[Path]) -> None:
        extra = [str(f) for f in folders]
        if extra != self.extra:
            self.extra = extra
            self.resync()

    def resync(self, announce: bool = False) -> None:
        """Watch every source folder that exists now; drop watches of vanished or replaced ones.

        announce: report each newly watched folder as changed (it was just created, and files
        may have landed in it before the watch existed)."""
        with self._lock:
            wanted = {}
            for root in self.roots():
                try:
                    wanted[root] = os.stat(root).st_ino
                except OSError:
                    pass
            for root, (watch, inode) in list(self._watches.items()):
                if wanted.get(root) != inode:       # gone, or deleted and made again
                    del self._watches[root]
                    try:
                        self._observer.unschedule(watch)
                    except (KeyError, ValueError, OSError):
                        pass
            added = []
            for root in sorted(set(wanted) - set(self._watches)):
                try:
                    watch = self._observer.schedule(_Handler(self, root, top=False), root,
                                                    recursive=True, event_filter=_EVENTS)
                except OSError:
                    continue
                self._watches[root] = (watch, wanted[root])
                added.append(root)
        if announce:
            for root in added:
                self.changed(root)

    def resync_soon(self) -> None:
        # Called on the observer's thread, which holds the observer's lock: do it on another.
        threading.Thread(target=self.resync, kwargs={"announce": True}, daemon=True).start()

    def changed(self, path: str) -> None:
        self.on_change(os.path.relpath(path, self.site))

    # -- life cycle ------------------------------------------------------------------------
    def start(self) -> None:
        self._observer.schedule(_Handler(self, self.site, top=True), self.site, recursive=False,
                                event_filter=_EVENTS)
        self.resync()
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
