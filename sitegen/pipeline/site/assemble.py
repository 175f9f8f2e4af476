"""From drafts and rendered posts to one `Site`: selection, cross-checks, sorting, tags, authors."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from sitegen import urls
from sitegen.config import Config
from sitegen.errors import Collector, SitegenError
from sitegen.model import Author, MenuItem, Post, Site, StandalonePage, Tag
from sitegen.pipeline.read.content import PostDraft, closest
from sitegen.pipeline.site.standalone import PageDraft


def select(drafts: Iterable[PostDraft], *, drafts_too: bool, future_too: bool,
           now: datetime) -> tuple[list[PostDraft], list[PostDraft]]:
    """(published, left out) by the draft flag and the date."""
    kept, left = [], []
    for d in drafts:
        if (d.draft and not drafts_too) or (d.date > now and not future_too):
            left.append(d)
        else:
            kept.append(d)
    return kept, left


RESERVED_URLS = {"/", urls.TAGS_URL, urls.AUTHORS_URL, urls.ARCHIVE_URL}
RESERVED_PREFIXES = ("/page/", "/tags/", "/authors/", "/static/")
CLASH_HINT = ("file systems that ignore case (macOS, Windows) or normalise Unicode, and some hosts, keep only "
              "one of the two: rename one (or give it another 'slug:')")


def check_urls(drafts: Iterable[PostDraft], problems: Collector, pages: Iterable[PageDraft] = (),
               prefixes: tuple[str, ...] = ()) -> None:
    """Two posts may not share a URL, and a post may not take a URL the site uses itself; nor
    may a standalone page, which may not take a post's or another page's URL either. URLs that
    differ only in case or Unicode normalisation count as the same (see urls.fold)."""
    seen: dict[str, PostDraft] = {}
    reserved = RESERVED_URLS
    starts: tuple[str, ...] = RESERVED_PREFIXES
    if prefixes:        # a multilingual site: each language's folder has the site's own pages too
        reserved = {urls.fold(p + u) for p in prefixes for u in RESERVED_URLS} | {"/"}
        starts = tuple(urls.fold(p + s) for p in prefixes for s in RESERVED_PREFIXES if s != "/static/") + ("/static/",)
    for d in drafts:
        key = urls.fold(d.url)
        if key in reserved or key.startswith(starts):
            problems.add(SitegenError(f"the post's URL {d.url} is one the site uses for its own pages", file=d.source,
                                      hint="change its slug or the permalink pattern"))
        elif key in seen and seen[key].url == d.url:
            problems.add(SitegenError(f"two posts have the same URL {d.url}: {seen[key].source} and {d.source}",
                                      file=d.source, hint="give one of them a different 'slug:' in its front matter"))
        elif key in seen:
            problems.add(SitegenError(f"two posts have URLs that differ only in case or Unicode normalisation: "
                                      f"{seen[key].url} ({seen[key].source}) and {d.url} ({d.source})", file=d.source,
                                      hint=CLASH_HINT))
        else:
            seen[key] = d
    claimed = {key: (d.url, f"the post {d.source}:{d.url_line}") for key, d in seen.items()}
    for p in pages:
        if not p.url:
            continue
        key = urls.fold(p.url)
        if key in reserved or key.startswith(starts):
            problems.add(SitegenError(f"the page's URL {p.url} is one the site uses for its own pages", file=p.source,
                                      line=p.url_line, hint="give it another 'slug:' or move the file"))
        elif key in claimed and claimed[key][0] == p.url:
            problems.add(SitegenError(f"the page's URL {p.url} is also the URL of {claimed[key][1]}", file=p.source,
                                      line=p.url_line, hint="give one of them a different 'slug:', or move the page"))
        elif key in claimed:
            problems.add(SitegenError(f"the page's URL {p.url} differs only in case or Unicode normalisation from "
                                      f"{claimed[key][0]}, the URL of {claimed[key][1]}", file=p.source,
                                      line=p.url_line, hint=CLASH_HINT))
        else:
            claimed[key] = (p.url, f"the page {p.source}:{p.url_line}")


def check_feed_ids(drafts: Iterable[PostDraft], problems: Collector) -> None:
    """Two posts may not give feeds the same id (a reader would show one of them only)."""
    seen: dict[str, PostDraft] = {}
    for d in drafts:
        if not d.feed_id:
            continue
        if d.feed_id in seen:
            other = seen[d.feed_id]
            problems.add(SitegenError(f"the feed_id '{d.feed_id}' is also the feed_id of {other.source}:{other.feed_id_line}",
                                      file=d.source, line=d.feed_id_line,
                                      hint="each post needs its own feed_id; remove the one that was copied"))
        else:
            seen[d.feed_id] = d


def resolve_authors(drafts: Iterable[PostDraft], authors: Mapping[str, Author] | None,
                    problems: Collector) -> tuple[dict[str, Author], dict[str, tuple[str, ...]]]:
    """Author records, and each post's author slugs.

    With an authors.yaml, an unknown id is an error (a typo must not create a second author);
    without one, authors are plain names taken from the posts.
    """
    by_slug: dict[str, Author] = {}
    post_authors: dict[str, tuple[str, ...]] = {}
    if authors is not None:
        for a in authors.values():
            by_slug[a.slug] = a
    for d in drafts:
        slugs = []
        for aid in d.author_ids:
            if authors is not None:
                if aid not in authors:
                    problems.add(SitegenError(f"unknown author '{aid}'", file=d.source,
                                              hint=f"use an id from content/authors.yaml: {closest(aid, list(authors))}"))
                    continue
                slugs.append(authors[aid].slug)
            else:
                slug = urls.slugify(aid)
                if not slug:
                    problems.add(SitegenError(f"author '{aid}' has no letters or digits", file=d.source,
                                              hint="write the author's name"))
                    continue
                by_slug.setdefault(slug, Author(slug=slug, name=aid, url=urls.author_url(slug)))
                slugs.append(slug)
        post_authors[d.source] = tuple(dict.fromkeys(slugs))
    return by_slug, post_authors


def _sort_key(p: Post) -> tuple[Any, ...]:
    return (p.date, p.title, p.source)


def assemble(config: Config, posts: Iterable[Post], drafts: Iterable[PostDraft], authors: Mapping[str, Author],
             assets: tuple[str, ...], data: Mapping[str, Any] | None = None, *,
             pages: Iterable[StandalonePage] = (), menu: tuple[MenuItem, ...] = ()) -> Site:
    drafts = list(drafts)
    if config.multilingual:
        posts, authors = languages(config, posts, drafts, authors)
    ordered = tuple(sorted(posts, key=_sort_key, reverse=True))
    names: dict[str, Counter[str]] = defaultdict(Counter)
    default = config.codes[0]
    for d in drafts:
        for name in d.tag_names:
            names[urls.language_key(d.lang or default, default, urls.slugify(name))][name] += 1
    tag_posts: dict[str, list[int]] = defaultdict(list)
    author_posts: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(ordered):
        for t in p.tags:
            tag_posts[t].append(i)
        for a in p.authors:
            author_posts[a].append(i)
    tags = {}
    for key in sorted(tag_posts):
        # the spelling most posts use; ties go to the first in sort order
        spelling = sorted(names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        lang, _, slug = key.rpartition(":")
        url = urls.in_language(config.prefix(lang or default), urls.tag_url(slug)) if config.multilingual \
            else urls.tag_url(slug)
        tags[key] = Tag(slug=key, name=spelling, posts=tuple(tag_posts[key]), url=url)
    used_authors = dict(sorted(authors.items()))
    return Site(config=config, posts=ordered, authors=MappingProxyType(used_authors),
                tags=MappingProxyType(tags),
                author_posts=MappingProxyType({k: tuple(v) for k, v in sorted(author_posts.items())}),
                assets=assets, data=MappingProxyType(dict(data or {})),
                pages=tuple(sorted(pages, key=lambda p: p.url)), menu=menu)


def languages(config: Config, posts: Iterable[Post], drafts: Iterable[PostDraft],
              authors: Mapping[str, Author]) -> tuple[list[Post], dict[str, Author]]:
    """A multilingual site's posts with their language, and their tags and authors keyed by it
    (urls.language_key: "de:elektroauto"); every author once per language, at that language's URL."""
    default = config.codes[0]
    by_source = {d.source: d for d in drafts}
    out = []
    for p in posts:
        d = by_source[p.source]
        lang = d.lang or default
        out.append(replace(p, lang=lang, translation_key=d.translation_key,
                           tags=tuple(urls.language_key(lang, default, t) for t in p.tags),
                           authors=tuple(urls.language_key(lang, default, a) for a in p.authors)))
    every: dict[str, Author] = {}
    for code in config.codes:
        prefix = config.prefix(code)
        for slug, a in authors.items():
            key = urls.language_key(code, default, slug)
            every[key] = replace(a, slug=key, url=urls.in_language(prefix, urls.author_url(slug)))
    return out, every
