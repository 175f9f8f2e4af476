"""Plan every page of a site as (url, template, context) before anything renders."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sitegen import urls
from sitegen.config import Config
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

    # A multilingual site's pages keep their language and their counterparts in `extra` (so a
    # page whose translations change has a new place in the plan, and renders again).
    @property
    def lang(self) -> str:
        """The page's language; "" in a site of one language (the site's)."""
        return str(self.extra.get("lang", ""))

    @property
    def alternates(self) -> tuple[tuple[str, str], ...]:
        """(language, site URL) of this page in every language it exists in, itself included."""
        found: tuple[tuple[str, str], ...] = self.extra.get("alternates", ())
        return found


def paginate(indexes: Sequence[int], per_page: int, url_of: Any) -> list[tuple[tuple[int, ...], Pager]]:
    total = max(1, math.ceil(len(indexes) / per_page))
    page_urls = tuple(url_of(n) for n in range(1, total + 1))
    return [(tuple(indexes[(n - 1) * per_page: n * per_page]), Pager(n, total, page_urls)) for n in range(1, total + 1)]


def site_feeds(site: Site, cfg: Config | None = None, prefix: str = "") -> tuple[tuple[str, str, str], ...]:
    t = (cfg or site.config).title
    return (("application/rss+xml", prefix + urls.RSS_URL, f"{t} (RSS)"),
            ("application/atom+xml", prefix + urls.ATOM_URL, f"{t} (Atom)"),
            ("application/feed+json", prefix + urls.JSON_FEED_URL, f"{t} (JSON Feed)"))


@dataclass(frozen=True)
class Part:
    """What the pages of one language list: a site of one language is one part, at the root."""

    lang: str                          # "" in a site of one language
    config: Config                     # as the language's pages see it (its title, description)
    prefix: str                        # "" or "/de"
    posts: tuple[int, ...]             # its own posts, newest first
    listed: tuple[int, ...]            # what its index and archive list (untranslated = "all": others' too)
    tags: tuple[str, ...]              # keys into site.tags
    authors: tuple[str, ...]           # keys into site.authors
    pages: tuple[int, ...]             # indexes into site.pages


def _section_feeds(cfg: Config, name: str, url: str) -> tuple[tuple[str, str, str], ...]:
    """A tag's or author's own feeds, as a page's alternate links: RSS, and Atom with tag_feed_atom."""
    rss, atom = urls.feed_urls(url, cfg.tag_feed_atom)
    own = (("application/rss+xml", rss, f"{cfg.title}: {name} (RSS)"),)
    return own + ((("application/atom+xml", atom, f"{cfg.title}: {name} (Atom)"),) if atom else ())


def parts(site: Site) -> list[Part]:
    """The languages of the site, the default first (worked out once per site: the feeds, the
    plan and every language's view ask; BuiltSite.carry passes them on to a site edited in place)."""
    found: list[Part] | None = site.__dict__.get("_parts")
    if found is None:
        found = site.__dict__["_parts"] = _parts(site)
    return found


def _parts(site: Site) -> list[Part]:
    cfg = site.config
    everything = tuple(range(len(site.posts)))
    if not cfg.multilingual:
        return [Part("", cfg, "", everything, everything, tuple(site.tags), tuple(site.authors),
                     tuple(range(len(site.pages))))]
    default = cfg.codes[0]
    have = {(p.translation_key, p.lang) for p in site.posts}
    out = []
    for code in cfg.codes:
        own = tuple(i for i, p in enumerate(site.posts) if p.lang == code)
        listed = own
        if cfg.untranslated == "all":
            listed = tuple(i for i, p in enumerate(site.posts)
                           if p.lang == code or (p.translation_key, code) not in have)

        def mine(key: str, code: str = code) -> bool:
            return (key.partition(":")[0] if ":" in key else default) == code
        out.append(Part(code, cfg.for_language(code), cfg.prefix(code), own, listed,
                        tuple(k for k in site.tags if mine(k)), tuple(k for k in site.authors if mine(k)),
                        tuple(i for i, d in enumerate(site.pages) if d.lang == code)))
    return out


def plan(site: Site) -> list[Page]:
    pages: list[Page] = []
    for part in parts(site):
        pages += _plan_part(site, part)
    if site.config.multilingual:
        pages = _linked(site, pages)
    for alias, target, title in redirects(site):
        pages.append(Page(alias.url, "redirect.html", "redirect", title, f"{title} has moved", target=target))
    return pages


def _plan_part(site: Site, part: Part) -> list[Page]:
    """Every page of one language."""
    cfg, at = part.config, part.prefix
    per = cfg.posts_per_page
    base_feeds = site_feeds(site, cfg, at)
    pages: list[Page] = []
    for chunk, pager in paginate(part.listed, per, lambda n: at + urls.index_url(n) if at else urls.index_url(n)):
        title = cfg.title if pager.number == 1 else f"{cfg.title} (page {pager.number} of {pager.total})"
        pages.append(Page(pager.urls[pager.number - 1], "index.html", "index", title, cfg.description,
                          posts=chunk, pager=pager, feeds=base_feeds))
    for i in part.posts:
        post = site.posts[i]
        pages.append(Page(post.url, "post.html", "post", post.title, post.summary_text, post=i, feeds=base_feeds))
    for i in part.pages:
        doc = site.pages[i]
        pages.append(Page(doc.url, "page.html", "page", doc.title, doc.summary_text, standalone=i, feeds=base_feeds))
    pages.append(Page(at + urls.TAGS_URL, "tags.html", "tags", "Tags", f"All tags of {cfg.title}", feeds=base_feeds))
    for key in part.tags:
        tag = site.tags[key]
        feeds = base_feeds
        if cfg.tag_feeds:
            feeds = _section_feeds(cfg, tag.name, tag.url) + base_feeds
        for chunk, pager in paginate(tag.posts, per, lambda n, u=tag.url: u if n == 1 else f"{u}page/{n}/"):
            title = f"Posts tagged “{tag.name}”" + ("" if pager.number == 1 else f" (page {pager.number} of {pager.total})")
            pages.append(Page(pager.urls[pager.number - 1], "tag.html", "tag", title,
                              f"{len(tag.posts)} posts tagged {tag.name} on {cfg.title}",
                              posts=chunk, pager=pager, tag=tag.slug, feeds=feeds))
    pages.append(Page(at + urls.AUTHORS_URL, "authors.html", "authors", "Authors", f"The authors of {cfg.title}",
                      feeds=base_feeds))
    for slug in part.authors:
        author = site.authors[slug]
        feeds = base_feeds
        if cfg.author_feeds and site.author_posts.get(slug):
            feeds = _section_feeds(cfg, author.name, author.url) + base_feeds
        own = site.author_posts.get(slug, ())
        for chunk, pager in paginate(own, per, lambda n, u=author.url: u if n == 1 else f"{u}page/{n}/"):
            title = author.name + ("" if pager.number == 1 else f" (page {pager.number} of {pager.total})")
            desc = author.tagline or f"Posts by {author.name} on {cfg.title}"
            pages.append(Page(pager.urls[pager.number - 1], "author.html", "author", title, desc,
                              posts=chunk, pager=pager, author=slug, feeds=feeds))
    if cfg.search:
        pages.append(Page(at + urls.SEARCH_URL, "search.html", "search", "Search", f"Search the posts of {cfg.title}",
                          feeds=base_feeds))
    pages.append(Page(at + urls.ARCHIVE_URL, "archive.html", "archive", "Archive", f"Every post of {cfg.title} by year",
                      posts=part.listed, feeds=base_feeds))
    # static hosts answer a missing address with the root's 404.html: the default language's
    # stays there when it has a folder of its own
    missing = "/404.html" if part.lang == site.config.codes[0] else at + "/404.html"
    pages.append(Page(missing, "404.html", "404", "Page not found", "This page does not exist.",
                      feeds=base_feeds))
    if part.lang and part.lang != site.config.codes[0]:
        # the JSON Feed of a language but the default one (the edit engine makes the default's)
        pages.append(Page(at + urls.JSON_FEED_URL, "", "json", cfg.title, cfg.description,
                          posts=part.posts[:cfg.feed_length]))
    if part.lang:
        pages = [dataclasses.replace(p, extra={**p.extra, "lang": part.lang}) for p in pages]
    return pages


def _counterpart(site: Site, page: Page) -> tuple[Any, ...] | None:
    """What a page is in any language: its translations share it."""
    number = page.pager.number if page.pager else 1
    if page.kind == "post" and page.post is not None:
        return ("post", site.posts[page.post].translation_key)
    if page.kind == "page" and page.standalone is not None:
        return ("page", site.pages[page.standalone].translation_key)
    if page.kind == "tag" and page.tag is not None:
        return ("tag", urls.key_slug(page.tag), number)
    if page.kind == "author" and page.author is not None:
        return ("author", urls.key_slug(page.author), number)
    if page.kind == "json":
        return None
    return (page.kind, number)


def _linked(site: Site, pages: list[Page]) -> list[Page]:
    """Each page of a multilingual site with its counterparts in the other languages (hreflang);
    with the default language in a folder too, the root page that leads to every language."""
    cfg = site.config
    order = {code: n for n, code in enumerate(cfg.codes)}
    groups: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
    for page in pages:
        key = _counterpart(site, page)
        if key is not None:
            groups.setdefault(key, []).append((page.lang, page.url))
    out = []
    for page in pages:
        key = _counterpart(site, page)
        if key is not None:
            found = tuple(sorted(groups[key], key=lambda lu: order[lu[0]]))
            page = dataclasses.replace(page, extra={**page.extra, "alternates": found})
        out.append(page)
    if cfg.default_language_in_folder:
        # the root leads to every language's home: it is their x-default
        homes = tuple((code, cfg.prefix(code) + "/") for code in cfg.codes)
        out = [dataclasses.replace(p, extra={**p.extra, "x_default": "/"}) if (p.lang, p.url) in homes else p for p in out]
        out.insert(0, Page("/", "languages.html", "languages", cfg.title, cfg.description,
                           extra={"lang": cfg.codes[0], "alternates": homes, "x_default": "/"}))
    return out


def x_default(codes: tuple[str, ...], alternates: tuple[tuple[str, str], ...], page: Page | None = None) -> str:
    """The page for readers of no listed language: the root page that leads to every language
    (the homes' with the default language in a folder), else the default language's, else the first."""
    if page is not None and "x_default" in page.extra:
        return str(page.extra["x_default"])
    return dict(alternates).get(codes[0], alternates[0][1]) if alternates else ""


def redirects(site: Site) -> list[tuple[Alias, str, str]]:
    """(alias, target URL, target title) for every alias of a post or page, by file and line."""
    out = [(a, p.url, p.title) for p in site.posts for a in p.aliases]
    out += [(a, d.url, d.title) for d in site.pages for a in d.aliases]
    return sorted(out, key=lambda t: (t[0].source, t[0].line or 0, t[0].url))


def neighbours(site: Site, index: int, reads: Any = None) -> tuple[Post | None, Post | None]:
    """(newer, older) posts around site.posts[index], in its language. In a multilingual site,
    `reads` (a deps.Reads) notes the order of every post passed over, and the count of posts."""
    posts = site.posts
    if not site.config.multilingual:
        newer = posts[index - 1] if index > 0 else None
        older = posts[index + 1] if index + 1 < len(posts) else None
        return newer, older
    lang = posts[index].lang
    if reads is not None:
        reads.add("site", "count", 1)

    def walk(step: int) -> Post | None:
        i = index + step
        while 0 <= i < len(posts):
            if reads is not None:
                reads.add("order", posts[i].source, 1)
            if posts[i].lang == lang:
                return posts[i]
            i += step
        return None
    return walk(-1), walk(1)
