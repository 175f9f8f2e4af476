"""The local images of a post's Markdown: each resolved against the image pipeline's table and
rendered as <picture> (or a player for video and sound); records which images the post used."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from sitegen.errors import SitegenError
from sitegen.images import probe, stage, video
from sitegen.pipeline.markdown.parser import is_site_file


class PostImages:
    """Renders the local images of one post's Markdown, and records which it used."""

    def __init__(self, draft: Any, table: stage.ImageTable, resolve: Callable[[str, int | None], str],
                 link: Callable[[str], str]):
        """`draft`: a post's or a standalone page's draft (links.Document)."""
        self.draft, self.table, self.resolve, self.link = draft, table, resolve, link
        self.used: list[tuple[str, str]] = []          # (site URL, image key)
        self.eager_left = not draft.cover               # no cover: the first image is the main one

    def _record(self, url: str, target: str, line: int | None) -> stage.Record | None:
        record = self.table.record_for(target)
        if record is None:
            return None
        if record.problem:
            raise SitegenError(f"the image '{url}' (content/{record.rel}) cannot be published: {record.problem}",
                               file=self.draft.source, line=line,
                               hint=probe.too_large_fix(record.problem)
                               or "replace it with a complete copy (open it in an image editor and save it again)")
        self.used.append((target, record.key))
        return record

    def render(self, url: str, alt: str, title: str, line: int | None) -> str | None:
        if not is_site_file(url):
            return None
        target = self.resolve(url, line)
        if self._record(url, target, line) is None:
            return self._not_an_image(target, alt, title)
        if not alt.strip():
            raise SitegenError(f"the image '{url}' has no alt text", file=self.draft.source, line=line,
                               hint=f"say what it shows between the brackets: ![A red car at a charger]({url})")
        eager, self.eager_left = self.eager_left, False
        return self.table.markup(target, alt, self.link, eager=eager, title=title)

    def _not_an_image(self, target: str, alt: str, title: str) -> str:
        """A video or a sound file gets a player; any other file an <img> at its published URL."""
        src = self.link(target)
        if video.is_video(target) or video.is_audio(target):
            return video.markup(src, alt, title)
        extra = f' title="{html.escape(title, quote=True)}"' if title else ""
        return f'<img src="{html.escape(src, quote=True)}" alt="{html.escape(alt, quote=True)}"{extra}>'

    def check_cover(self, target: str) -> None:
        line = self.draft.cover_line
        alt = getattr(self.draft, "cover_alt", None)
        if self._record(self.draft.cover, target, line) is not None and alt is not None and not alt.strip():
            raise SitegenError("the cover image has no alt text", file=self.draft.source, line=line,
                               hint="add a line 'cover_alt: what the image shows' to the front matter")
