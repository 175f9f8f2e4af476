"""What every stage of a build shares, as one frozen value (and the options and report)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sitegen.config import Config, load_config
from sitegen.errors import Collector
from sitegen.pipeline.output import check_output_dir
from sitegen.pipeline.parallel import default_workers
from sitegen.pipeline.render.theme import Theme, find_theme
from sitegen.pipeline.state.store import BuildCache

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Options:
    """What the command line asks of a build."""

    site_dir: Path
    output_dir: Path | None = None
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    now: datetime | None = None      # defaults to the real time (only used to leave out future posts)
    workers: int | None = None       # processes for rendering; None: one per core
    use_cache: bool = True
    search_index: bool = True        # run the search step (config `search`); serve runs it itself, later
    hashed_assets: bool = True       # CSS/JS under content-hashed names (the live preview turns it off)


@dataclass
class Report:
    """What a build did: the counts for its summary line (filled in as the stages run)."""

    pages: int = 0
    feeds: int = 0
    files: int = 0
    written: int = 0
    unchanged: int = 0
    rendered_posts: int = 0
    rendered_pages: int = 0
    seconds: float = 0.0
    left_out: int = 0
    warnings: list[str] = field(default_factory=list)
    search: str = ""                 # what the search step did, when it ran
    in_place: bool = False           # the edit path took it (posts edited in place: quick.py)

    def summary(self) -> str:
        return (f"Built {self.pages} pages, {self.feeds} feeds and {self.files} other files in {self.seconds:.2f} s "
                f"({self.written} written, {self.unchanged} unchanged"
                + (f", {self.left_out} drafts or future posts left out" if self.left_out else "") + ")"
                + (f"\n{self.search}" if self.search else ""))


@dataclass(frozen=True)
class BuildContext:
    """The values every stage reads: made once at the start of build(), never changed.

    `store` (the build cache) and `problems` (the collector) are the two objects stages add
    to; everything else is fixed for the whole build.
    """

    site_dir: Path
    out_dir: Path
    config: Config
    theme: Theme
    options: Options
    store: BuildCache
    workers: int
    problems: Collector
    now: datetime
    progress: Progress | None = None
    scan_time: int = 0               # when the build started to look at the files (ns since the epoch)

    @classmethod
    def start(cls, options: Options, progress: Progress | None = None) -> BuildContext:
        site_dir = options.site_dir
        config = load_config(site_dir, {"base_url": options.base_url})
        out_dir = options.output_dir or site_dir / "output"
        check_output_dir(out_dir, site_dir)
        return cls(site_dir=site_dir, out_dir=out_dir, config=config,
                   theme=find_theme(site_dir, config.theme), options=options,
                   store=BuildCache(site_dir, enabled=options.use_cache),
                   workers=options.workers or default_workers(), problems=Collector(), now=now_for(options),
                   progress=progress, scan_time=time.time_ns())


def now_for(options: Options) -> datetime:
    if options.now is not None:
        return options.now
    forced = os.environ.get("SITEGEN_NOW")
    if forced:
        return datetime.fromisoformat(forced).astimezone(UTC)
    return datetime.now(UTC)
