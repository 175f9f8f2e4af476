"""The build: discover -> read -> assemble -> plan -> render -> write (see pipeline.build).

`build` is imported on first use, so a command that only needs Options (or a build that finds
nothing changed, see unchanged.py) does not import the whole pipeline's modules first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitegen.pipeline.context import Options, Report

if TYPE_CHECKING:
    from sitegen.pipeline.run import build

__all__ = ["Options", "Report", "build"]


def __getattr__(name: str) -> Any:
    if name == "build":
        from sitegen.pipeline.run import build
        return build
    raise AttributeError(f"module 'sitegen.pipeline' has no attribute {name!r}")
