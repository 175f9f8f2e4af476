"""The build: discover -> read -> assemble -> plan -> render -> write (see pipeline.build)."""

from sitegen.build.pipeline import Options, Report, build

__all__ = ["Options", "Report", "build"]
