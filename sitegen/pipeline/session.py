"""Session: what `sitegen serve` keeps and asks of the pipeline, and all it asks.

A full build (`full()`), applying an edit (`apply()`: in place, structural, or None for the
full build), settling and flushing the state (`settle()`, `flush()`), warming in idle time
(`warm()`). The edits are the Editor's (edit/session.py); the command line resumes an Editor
from the last build's snapshot (edit/quick.py).
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from sitegen.pipeline.context import Report
from sitegen.pipeline.edit import memory, structural
from sitegen.pipeline.edit.session import Edit, Editor
from sitegen.pipeline.run import build

__all__ = ["Edit", "Session"]


class Session(Editor):
    """One site, built and kept."""

    def full(self, progress: Callable[[str, int, int], None] | None = None) -> Report:
        """A full build into the session's folder (`progress` may raise to stop it: nothing is
        written then)."""
        self.flush()
        self.built = self.ledger = self.index = None     # until this build succeeds, edits take the full build
        gc.unfreeze()                    # (what the last full build left may go now)
        report = build(self.options, progress, keep=True)
        self.full_builds += 1
        if report.site is not None and report.state is not None:
            self.keep(report.site, report.state)
            self.index = structural.Index.of(report.site)
            self._warm = self._to_warm()
        report.site = report.state = None
        memory.settled()         # (what stays resident is left out of the collector's full passes)
        return report
