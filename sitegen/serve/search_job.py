"""The search index in `sitegen serve`: rebuilt in the background, after the page updates.

The server builds with the search step turned off (`Options.search_index=False`), so a save
reaches the browser without waiting for Pagefind. After each good build it calls `request()`;
one worker thread waits until the requests have stopped for `quiet` seconds (a burst of
saves makes one index), then runs the same step as `sitegen build` at a lower CPU priority.
A request that comes while Pagefind runs makes one more run afterwards. The step itself
skips Pagefind when the pages are those of the current index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from sitegen import search
from sitegen.errors import SitegenError

Log = Callable[[str], None]


class SearchJob:
    def __init__(self, out_dir: Path, log: Log, log_error: Log, *, quiet: float = 1.0, nice: int = 10):
        self.out_dir = out_dir
        self.log = log
        self.log_error = log_error
        self.quiet = quiet
        self.nice = nice
        self._cond = threading.Condition()
        self._wanted: tuple[bool, dict[str, str]] | None = None   # (search on, manifest) to index
        self._last_request = 0.0
        self._closed = False
        self.runs = 0                    # Pagefind runs finished (tests)
        self.busy = False
        self._thread = threading.Thread(target=self._loop, name="sitegen-search", daemon=True)
        self._thread.start()

    def request(self, enabled: bool, manifest: dict[str, str]) -> None:
        """The pages changed (or search was switched): index them once the saves calm down."""
        with self._cond:
            self._wanted = (enabled, dict(manifest))
            self._last_request = time.monotonic()
            self._cond.notify_all()

    def _next(self) -> tuple[bool, dict[str, str]] | None:
        with self._cond:
            while not self._closed:
                if self._wanted is not None:
                    left = self._last_request + self.quiet - time.monotonic()
                    if left <= 0:
                        wanted, self._wanted = self._wanted, None
                        self.busy = True
                        return wanted
                    self._cond.wait(left)
                else:
                    self._cond.wait()
            return None

    def _loop(self) -> None:
        while (wanted := self._next()) is not None:
            enabled, manifest = wanted
            try:
                done = search.update(self.out_dir, enabled, manifest, nice=self.nice)
                if done is not None:
                    self.log(f"[{time.strftime('%H:%M:%S')}] {done.summary()}")
            except SitegenError as err:
                self.log_error(f"[{time.strftime('%H:%M:%S')}] sitegen: {err.first}")
            except Exception as exc:   # a bug: keep serving, say what happened
                self.log_error(f"sitegen: the search index failed: {type(exc).__name__}: {exc}")
            finally:
                with self._cond:
                    self.busy = False
                    self.runs += 1
                    self._cond.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until no index is pending or running (tests)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._wanted is not None or self.busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._wanted = None
            self._cond.notify_all()
        self._thread.join(timeout=1)
