"""The frozen values that flow through a build: Post, StandalonePage, Author, Tag, Site."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from sitegen.config import Config
from sitegen.frozen import FrozenDict


@dataclass(frozen=True)
class Link:
    name: str
    url: str


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    tagline: str = ""
    bio_html: str = ""
    avatar: str = ""          # site URL of the avatar image, or ""
    links: tuple[Link, ...] = ()
    url: str = ""


class Heading(NamedTuple):
    """A heading of a post (a tuple: thousands of them load from the cache quickly)."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str = ""
    url: str = ""
    date: str = ""


@dataclass(frozen=True)
class Update:
    date: datetime
    text: str


@dataclass(frozen=True)
class Alias:
    """An old address of a post or page, kept as a redirect to it."""

    url: str                  # site URL: /old/path/ (a folder) or /old/file.html
    source: str               # the file whose front matter lists it
    line: int | None = None


@dataclass(frozen=True)
class MenuItem:
    name: str
    url: str                  # a site URL (/about/) or an absolute address
    weight: int = 0
    lang: str = ""            # a multilingual site's menu holds every language's entries, each with its language

    @property
    def external(self) -> bool:
        return "://" in self.url or self.url.startswith("mailto:")


@dataclass(frozen=True)
class Post:
    source: str               # path relative to the site dir, with forward slashes
    slug: str
    url: str                  # site URL, e.g. /posts/my-post/
    title: str
    date: datetime
    updated: datetime | None
    authors: tuple[str, ...]  # author slugs
    tags: tuple[str, ...]     # tag slugs
    summary_html: str
    summary_text: str
    html_ref: Any = field(compare=False, repr=False)   # the body HTML, or a callable that loads it
    toc: tuple[Heading, ...] = ()
    words: int = 0
    reading_minutes: int = 1
    cover: str = ""           # site URL of the cover image, or ""
    cover_alt: str = ""
    draft: bool = False
    sources: tuple[Source, ...] = ()
    updates: tuple[Update, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    digest: str = ""          # key of the post's rendered content (changes when anything in it does)
    feed_id: str = ""         # the id feeds give the post (an imported post keeps its old one); else its URL
    aliases: tuple[Alias, ...] = ()
    url_line: int = 1         # the front matter line that sets the URL (slug:), for errors
    lang: str = ""            # its language ("" in a site of one language: the site's)
    translation_key: str = ""  # what its translations share (posts/xiaomi); "" in a site of one language

    @property
    def html(self) -> str:
        """The body HTML, loaded from the build cache when it is not held in memory."""
        html: str = self.html_ref() if callable(self.html_ref) else self.html_ref
        return html

    @property
    def last_modified(self) -> datetime:
        candidates = [self.date] + ([self.updated] if self.updated else []) + [u.date for u in self.updates]
        return max(candidates)


@dataclass(frozen=True)
class StandalonePage:
    """A page of content/pages/: not a post, in no list or feed."""

    source: str               # e.g. content/pages/legal/imprint.md
    slug: str
    url: str                  # e.g. /legal/imprint/
    title: str
    summary_html: str
    summary_text: str
    html_ref: Any = field(compare=False, repr=False)
    updated: datetime | None = None
    menu: int | None = None   # the page's weight in the menu, or None
    aliases: tuple[Alias, ...] = ()
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    digest: str = ""          # key of everything the page shows of itself
    url_line: int = 1
    lang: str = ""            # as a Post's
    translation_key: str = ""

    @property
    def html(self) -> str:
        return self.html_ref() if callable(self.html_ref) else str(self.html_ref)


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    posts: tuple[int, ...]    # indexes into Site.posts, newest first
    url: str = ""


@dataclass(frozen=True)
class Site:
    config: Config
    posts: tuple[Post, ...]                 # newest first
    authors: Mapping[str, Author]
    tags: Mapping[str, Tag]
    author_posts: Mapping[str, tuple[int, ...]]
    assets: tuple[str, ...] = ()            # content files copied as they are (relative to content/)
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    pages: tuple[StandalonePage, ...] = ()  # by URL
    menu: tuple[MenuItem, ...] = ()
