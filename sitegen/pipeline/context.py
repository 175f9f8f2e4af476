"""What every stage of a build shares, as one frozen value (and the options and report)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.config import Config, load_config
from sitegen.errors import Collector
from sitegen.pipeline.output import check_output_dir
from sitegen.pipeline.parallel import default_workers
from sitegen.pipeline.render.theme import Theme, find_theme
from sitegen.pipeline.state.store import BuildCache, OutputState

if TYPE_CHECKING:
    from sitegen.model import Author, Site
    from sitegen.pipeline.markdown.convert import Selection
    from sitegen.pipeline.markdown.links import LinkTargets
    from sitegen.pipeline.media.images import Published
    from sitegen.pipeline.read.content import PostDraft
    from sitegen.pipeline.read.load import DataFiles
    from sitegen.pipeline.site.pages import Page

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
    in_place: bool = False           # the edit path took it (posts edited in place: edit/session.py)
    site: BuiltSite | None = None    # what the build made, when asked for (build(keep=True))
    state: OutputState | None = None  # and the output state it saved

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


@dataclass(frozen=True)
class BuiltSite:
    """What a full build made, as one value: the full build returns it (run.build_site), the
    snapshot saves and loads it (state/snapshot.py), a Session keeps it and the edit engine
    (edit/engine.py) makes the next one from it and the changed files."""

    ctx: BuildContext
    selection: Selection                # the drafts kept and left out, every content file, the pages
    site: Site
    pages: Sequence[Page]               # the plan
    published: Published                # the image table (cards too) and the hashed assets
    targets: LinkTargets
    data: DataFiles
    authors_file: Mapping[str, Author] | None = None    # content/authors.yaml, when there is one

    @cached_property
    def position(self) -> dict[str, int]:
        """Post source -> its index in site.posts, in that order."""
        return {source: i for i, source in enumerate(_keys(self.site.posts, "source"))}

    @cached_property
    def page_at(self) -> dict[str, int]:
        """Output file -> its page's index in the plan."""
        from sitegen import urls
        return {urls.output_path(p.url): n for n, p in enumerate(self.pages)}

    @cached_property
    def post_page(self) -> dict[int, int]:
        """Post index -> the index of its page in the plan (a snapshot's load sets it from its rows)."""
        return {p.post: n for n, p in enumerate(self.pages) if p.post is not None}

    @cached_property
    def draft_at(self) -> dict[str, int]:
        """Content rel -> the index of its draft in selection.kept."""
        return {rel: i for i, rel in enumerate(_keys(self.selection.kept, "content_rel"))}

    @cached_property
    def drafts(self) -> dict[str, PostDraft]:
        """Content rel -> the draft of every published post."""
        return {d.content_rel: d for d in self.selection.kept}

    @cached_property
    def all_drafts(self) -> dict[str, PostDraft]:
        """Content rel -> the draft of every post file, published or not."""
        return {d.content_rel: d for d in (*self.selection.kept, *self.selection.left)}

    @cached_property
    def keyed(self) -> dict[str, tuple[str, ...]]:
        """Translation key -> the content rels of every post file that has it (published or not),
        for an edit's lookup of a translation's original and an original's translations."""
        out: dict[str, list[str]] = {}
        for d in self.all_drafts.values():
            out.setdefault(d.translation_key, []).append(d.content_rel)
        return {k: tuple(v) for k, v in out.items()}

    def draft(self, rel: str) -> PostDraft | None:
        """The draft of a published post."""
        i = self.draft_at.get(rel)
        return None if i is None else self.selection.kept[i]

    def carry(self, new: BuiltSite) -> BuiltSite:
        """`new` (posts edited in place: the same posts, pages and files in the same places) with
        this site's indexes."""
        for name in ("position", "page_at", "post_page", "draft_at", "keyed"):
            if name in self.__dict__:
                new.__dict__[name] = self.__dict__[name]
        if "_parts" in self.site.__dict__:          # (the same languages, posts, tags and pages: pages.parts)
            new.site.__dict__.setdefault("_parts", self.site.__dict__["_parts"])
        return new


def _keys(items: Sequence[Any], name: str) -> Sequence[str]:
    """A field of every item (a snapshot's lazy sequence has them without making the items)."""
    keys = getattr(items, "keys", None)
    return keys if keys is not None else [getattr(item, name) for item in items]


def now_for(options: Options) -> datetime:
    if options.now is not None:
        return options.now
    forced = os.environ.get("SITEGEN_NOW")
    if forced:
        return datetime.fromisoformat(forced).astimezone(UTC)
    return datetime.now(UTC)
