"""The build: discover -> read -> assemble -> plan -> render -> write (see pipeline.build), and
the Session that keeps a built site and applies edits to it (edit/session.py).

These names are the pipeline's public face: `sitegen serve` imports nothing else of it
(tests/test_layout.py). All but Options and Report are imported on first use, so a command
that only needs Options (or a build that finds nothing changed, see unchanged.py) does not
import the whole pipeline's modules first.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from sitegen.pipeline.context import BuiltSite, Options, Report

if TYPE_CHECKING:
    from sitegen.pipeline.edit.session import Edit
    from sitegen.pipeline.output import read_manifest
    from sitegen.pipeline.read.content import is_ignored
    from sitegen.pipeline.render.theme import find_theme
    from sitegen.pipeline.run import build
    from sitegen.pipeline.session import Session

__all__ = ["BuiltSite", "Edit", "Options", "Report", "Session", "build", "find_theme", "is_ignored", "read_manifest"]

_LAZY = {"build": "sitegen.pipeline.run", "Session": "sitegen.pipeline.session",
         "Edit": "sitegen.pipeline.edit.session", "read_manifest": "sitegen.pipeline.output",
         "is_ignored": "sitegen.pipeline.read.content", "find_theme": "sitegen.pipeline.render.theme"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'sitegen.pipeline' has no attribute {name!r}")
