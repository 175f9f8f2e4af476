"""Plan every page of a site as (url, template, context) before anything renders."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen import urls
from sitegen.model import Alias, Post, Site


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    urls: tuple[str, ...]              # URL of every page in this list

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.total else None


@dataclass(frozen=True)
class Page:
    url: str
    template: str
    kind: str                          # index, post, page, tag, tags, author, authors, archive, search, 404, redirect
    title: str
    description: str
    posts: tuple[int, ...] = ()        # indexes into site.posts
    post: int | None = None
    pager: Pager | None = None
    tag: str | None = None
    author: str | None = None
    feeds: tuple[tuple[str, str, str], ...] = ()   # (type, url, title) for autodiscovery
    extra: Mapping[str, Any] = field(default_factory=dict)
    standalone: int | None = None      # index into site.pages
    target: str | None = None          # a redirect's destination (site URL)


def paginate(indexes: Sequence[int], per_page: int, url_of: Any) -> list[tuple[tuple[int, ...], Pager]]:
    total = max(1, math.ceil(len(indexes) / per_page))
    page_urls = tuple(url_of(n) for n in range(1, total + 1))
    return [(tuple(indexes[(n - 1) * per_page: n * per_page]), Pager(n, total, page_urls)) for n in range(1, total + 1)]


def site_feeds(site: Site) -> tuple[tuple[str, str, str], ...]:
    t = site.config.title
    return (("application/rss+xml", urls.RSS_URL, f"{t} (RSS)"),
            ("application/atom+xml", urls.ATOM_URL, f"{t} (Atom)"),
            ("application/feed+json", urls.JSON_FEED_URL, f"{t} (JSON Feed)"))


def plan(site: Site) -> list[Page]:
    cfg = site.config
    per = cfg.posts_per_page
    base_feeds = site_feeds(site)
    pages: list[Page] = []
    everything = tuple(range(len(site.posts)))
    for chunk, pager in paginate(everything, per, urls.index_url):
        title = cfg.title if pager.number == 1 else f"{cfg.title} (page {pager.number} of {pager.total})"
        pages.append(Page(pager.urls[pager.number - 1], "index.html", "index", title, cfg.description,
                          posts=chunk, pager=pager, feeds=base_feeds))
    for i, post in enumerate(site.posts):
        pages.append(Page(post.url, "post.html", "post", post.title, post.summary_text, post=i, feeds=base_feeds))
    for i, doc in enumerate(site.pages):
        pages.append(Page(doc.url, "page.html", "page", doc.title, doc.summary_text, standalone=i, feeds=base_feeds))
    pages.append(Page(urls.TAGS_URL, "tags.html", "tags", "Tags", f"All tags of {cfg.title}", feeds=base_feeds))
    for tag in site.tags.values():
        feeds = base_feeds
        if cfg.tag_feeds:
            rss, atom = urls.feed_urls(tag.url)
            feeds = (("application/rss+xml", rss, f"{cfg.title}: {tag.name} (RSS)"),
                     ("application/atom+xml", atom, f"{cfg.title}: {tag.name} (Atom)")) + base_feeds
        for chunk, pager in paginate(tag.posts, per, lambda n, s=tag.slug: urls.tag_url(s, n)):
            title = f"Posts tagged “{tag.name}”" + ("" if pager.number == 1 else f" (page {pager.number} of {pager.total})")
            pages.append(Page(pager.urls[pager.number - 1], "tag.html", "tag", title,
                              f"{len(tag.posts)} posts tagged {tag.name} on {cfg.title}",
                              posts=chunk, pager=pager, tag=tag.slug, feeds=feeds))
    pages.append(Page(urls.AUTHORS_URL, "authors.html", "authors", "Authors", f"The authors of {cfg.title}",
                      feeds=base_feeds))
    for slug, author in site.authors.items():
        feeds = base_feeds
        if cfg.author_feeds and site.author_posts.get(slug):
            rss, atom = urls.feed_urls(author.url)
            feeds = (("application/rss+xml", rss, f"{cfg.title}: {author.name} (RSS)"),
                     ("application/atom+xml", atom, f"{cfg.title}: {author.name} (Atom)")) + base_feeds
        own = site.author_posts.get(slug, ())
        for chunk, pager in paginate(own, per, lambda n, s=slug: urls.author_url(s, n)):
            title = author.name + ("" if pager.number == 1 else f" (page {pager.number} of {pager.total})")
            desc = author.tagline or f"Posts by {author.name} on {cfg.title}"
            pages.append(Page(pager.urls[pager.number - 1], "author.html", "author", title, desc,
                              posts=chunk, pager=pager, author=slug, feeds=feeds))
    if cfg.search:
        pages.append(Page(urls.SEARCH_URL, "search.html", "search", "Search", f"Search the posts of {cfg.title}",
                          feeds=base_feeds))
    pages.append(Page(urls.ARCHIVE_URL, "archive.html", "archive", "Archive", f"Every post of {cfg.title} by year",
                      posts=everything, feeds=base_feeds))
    pages.append(Page("/404.html", "404.html", "404", "Page not found", "This page does not exist.", feeds=base_feeds))
    for alias, target, title in redirects(site):
        pages.append(Page(alias.url, "redirect.html", "redirect", title, f"{title} has moved", target=target))
    return pages


def redirects(site: Site) -> list[tuple[Alias, str, str]]:
    """(alias, target URL, target title) for every alias of a post or page, by file and line."""
    out = [(a, p.url, p.title) for p in site.posts for a in p.aliases]
    out += [(a, d.url, d.title) for d in site.pages for a in d.aliases]
    return sorted(out, key=lambda t: (t[0].source, t[0].line or 0, t[0].url))


def neighbours(site: Site, index: int) -> tuple[Post | None, Post | None]:
    """(newer, older) posts around site.posts[index]."""
    newer = site.posts[index - 1] if index > 0 else None
    older = site.posts[index + 1] if index + 1 < len(site.posts) else None
    return newer, older
