"""The build: discover -> read -> assemble -> plan -> render -> write (see pipeline.build).

`build` is imported on first use, so a command that only needs Options (or a build that finds
nothing changed, see unchanged.py) does not import the whole pipeline's modules first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitegen.build.context import Options, Report

if TYPE_CHECKING:
    from sitegen.build.pipeline import build

__all__ = ["Options", "Report", "build"]


def __getattr__(name: str) -> Any:
    if name == "build":
        from sitegen.build.pipeline import build
        return build
    raise AttributeError(f"module 'sitegen.build' has no attribute {name!r}")
