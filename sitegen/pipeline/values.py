"""The values the pipeline's stages hand each other, at the bottom of the package: they import
nothing of the pipeline, so any stage (and the store that saves them) can name them."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import Heading


@dataclass(frozen=True)
class Rendered:
    """What rendering a post's Markdown produced; cached between builds."""

    html: str
    summary_html: str
    summary_text: str
    headings: tuple[Heading, ...]
    words: int
    cjk: int
    cover: str
    links: tuple[tuple[str, int | None, str], ...]   # (link as written, line, site URL it resolved to)
    images: tuple[tuple[str, str], ...] = ()         # (site URL, key of its variants) of every image shown
    files: tuple[str, ...] = ()                      # site URLs of images linked as files (full size)
