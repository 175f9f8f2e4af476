"""Signs of life for a build that is not on a terminal (CI, a pipe, a log file).

A terminal gets a progress bar (cli.py). Anywhere else a redrawn bar is noise, and printing
nothing for the 17 minutes a first build of a large site can take looks like a hang. So a
`ProgressLog` prints one plain line to stderr, such as `sitegen: images 120/500 (38 s)`, at
most every `every` seconds and only once the build has run that long: a build of a few
seconds prints nothing extra.

It is the pipeline's `Progress` callback (stage, done, total), which the stages call as their
items finish. Some steps between counted stages report nothing (reading front matter, the
search index), so `running()` adds a heartbeat thread that asks for a line once a second; the
line then names the last stage counted. The clock is injected, so tests drive it by hand.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

EVERY = 10.0        # seconds between lines, and before the first


class ProgressLog:
    def __init__(self, write: Callable[[str], None], clock: Callable[[], float] = time.monotonic,
                 every: float = EVERY) -> None:
        self.write = write
        self.clock = clock
        self.every = every
        self.started = clock()
        self.last_line = self.started
        self.stage = ""
        self.done = 0
        self.total = 0
        self._lock = threading.Lock()

    def __call__(self, stage: str, done: int, total: int) -> None:
        """The pipeline's callback: `done` of `total` items of `stage` are finished."""
        with self._lock:
            self.stage, self.done, self.total = stage, done, total
            self._maybe_line()

    def tick(self) -> None:
        """No news from the pipeline: print a line if one is due."""
        with self._lock:
            self._maybe_line()

    def line(self, now: float) -> str:
        seconds = f"({now - self.started:.0f} s)"
        if not self.stage:
            return f"sitegen: working {seconds}"
        if self.done >= self.total:
            return f"sitegen: {self.stage} {self.done}/{self.total} done, working on the next step {seconds}"
        return f"sitegen: {self.stage} {self.done}/{self.total} {seconds}"

    def _maybe_line(self) -> None:
        now = self.clock()
        if now - self.last_line < self.every:
            return
        self.last_line = now
        self.write(self.line(now) + "\n")


@contextmanager
def running(log: ProgressLog, interval: float = 1.0) -> Iterator[ProgressLog]:
    """Keep `log` ticking from a background thread while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(interval):
            log.tick()

    thread = threading.Thread(target=beat, name="sitegen-progress", daemon=True)
    thread.start()
    try:
        yield log
    finally:
        stop.set()
        thread.join()
