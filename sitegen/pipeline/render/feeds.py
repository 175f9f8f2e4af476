"""RSS 2.0 and Atom feeds (made with feedgen) and a JSON Feed 1.1, all dated by the content.

feedgen stamps feeds with the current time unless told otherwise; every date here comes
from the posts, so the same input gives the same bytes.
"""

from __future__ import annotations

import json
import os
import sys
import types
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sitegen import urls
from sitegen.errors import SitegenError
from sitegen.model import Post, Site
from sitegen.pipeline.render.feedhtml import feed_html
from sitegen.pipeline.render.jinja import absolutize
from sitegen.pipeline.site.pages import parts


@dataclass(frozen=True)
class FeedSpec:
    title: str
    description: str
    home_url: str            # site URL of the page the feed belongs to
    rss_url: str
    atom_url: str            # "": no Atom twin (a tag or author feed, unless tag_feed_atom)
    posts: tuple[int, ...]   # newest first, already cut to the feed length
    full: bool = True        # entries carry the post's full text (tag and author feeds: summaries, unless configured)
    language: str = ""       # a multilingual site's feeds each hold one language ("": the site's)


def specs(site: Site) -> list[FeedSpec]:
    """Every RSS and Atom feed: per language (a site of one language has one), the main feed and
    one per tag and author; with mixed_feed, one of every language's posts."""
    out = []
    for part in parts(site):
        cfg, at, n = part.config, part.prefix, part.config.feed_length
        out.append(FeedSpec(cfg.title, cfg.description or cfg.title, at + "/", at + urls.RSS_URL, at + urls.ATOM_URL,
                            part.posts[:n], language=part.lang))
        if cfg.tag_feeds:
            for key in part.tags:
                tag = site.tags[key]
                rss, atom = urls.feed_urls(tag.url, cfg.tag_feed_atom)
                out.append(FeedSpec(f"{cfg.title}: {tag.name}", f"Posts tagged {tag.name} on {cfg.title}",
                                    tag.url, rss, atom, tag.posts[:n], cfg.full_tag_feeds, part.lang))
        if cfg.author_feeds:
            for slug in part.authors:
                author = site.authors[slug]
                if not site.author_posts.get(slug):
                    continue        # an author without posts has no feed
                rss, atom = urls.feed_urls(author.url, cfg.tag_feed_atom)
                out.append(FeedSpec(f"{cfg.title}: {author.name}", f"Posts by {author.name} on {cfg.title}",
                                    author.url, rss, atom, site.author_posts.get(slug, ())[:n], cfg.full_tag_feeds,
                                    part.lang))
    cfg = site.config
    if cfg.multilingual and cfg.mixed_feed:
        out.append(FeedSpec(cfg.title, cfg.description or cfg.title, "/", urls.MIXED_RSS_URL, urls.MIXED_ATOM_URL,
                            tuple(range(min(cfg.feed_length, len(site.posts))))))
    return out


def json_posts(site: Site) -> tuple[int, ...]:
    """The posts of the site's JSON Feed at /feed.json: the default language's newest."""
    part = parts(site)[0]
    return part.posts[:part.config.feed_length]


def _content(site: Site, post: Post) -> str:
    html = feed_html(absolutize(post.html, post.url, site.config.base_url))
    if post.cover:
        src = post.cover if "://" in post.cover else urls.absolute(site.config.base_url, post.cover)
        from html import escape
        html = f'<p><img src="{escape(src)}" alt="{escape(post.cover_alt)}"></p>\n' + html
    return html


def _feed_generator() -> Any:
    """feedgen's FeedGenerator, imported without the parts of dateutil that sitegen never uses
    (about 7 ms of a small build's 20 for feedgen, lxml and dateutil). feedgen imports
    dateutil.parser to read dates given as text: sitegen gives datetimes, so until something
    asks it for a name, dateutil.parser is a stand-in that imports the real module then (and
    hands over to it). And dateutil.tz tries its Windows zones, importing ctypes before it finds
    no winreg: elsewhere than on Windows that import is answered "not found" at once (None in
    sys.modules), as it would end."""
    if "feedgen.feed" not in sys.modules:
        if "dateutil.parser" not in sys.modules:
            sys.modules["dateutil.parser"] = _StandIn("dateutil.parser")
        if os.name != "nt":
            sys.modules.setdefault("dateutil.tz.win", None)  # type: ignore[arg-type]
    from feedgen.feed import FeedGenerator
    return FeedGenerator


class _StandIn(types.ModuleType):
    """A module not imported yet: the first name asked of it imports the real one in its place."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        import importlib
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        module = importlib.import_module(self.__name__)     # (binds it in its package too)
        return getattr(module, name)


def _generator(site: Site, spec: FeedSpec, rss: bool, contents: dict[str, str]) -> Any:  # a FeedGenerator
    """One of a spec's two feeds; `contents`: each entry's feed HTML by source, made once for both."""
    FeedGenerator = _feed_generator()

    cfg = site.config
    posts = [site.posts[i] for i in spec.posts]
    fg = FeedGenerator()
    if rss:
        # RSS's own <author> must be an e-mail address; Dublin Core's creator names a person
        fg.load_extension("dc", atom=False, rss=True)
    fg.id(urls.absolute(cfg.base_url, spec.home_url))
    fg.title(spec.title)
    fg.subtitle(spec.description)
    fg.description(spec.description)
    # the self link first: feedgen takes the RSS channel's <link> from the last one given
    fg.link(href=urls.absolute(cfg.base_url, spec.rss_url if rss else spec.atom_url), rel="self")
    fg.link(href=urls.absolute(cfg.base_url, spec.home_url), rel="alternate")
    fg.language(spec.language or cfg.language)
    fg.generator("sitegen", uri=None, version=None)
    newest = max((p.last_modified for p in posts), default=None)
    if newest is None:
        from datetime import datetime
        newest = datetime(1970, 1, 1, tzinfo=UTC)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    # feedgen prepends entries; add oldest first so the feed lists newest first
    for post in reversed(posts):
        fe = fg.add_entry()
        link = urls.absolute(cfg.base_url, post.url)
        # an imported post keeps the id its old feed gave it, so readers do not see it as new
        fe.id(post.feed_id or link)
        if post.feed_id:
            fe.guid(post.feed_id, permalink=False)
        else:
            fe.guid(link, permalink=True)
        fe.title(post.title)
        fe.link(href=link, rel="alternate")
        fe.published(post.date)
        fe.updated(post.last_modified)
        if post.authors:
            a = site.authors[post.authors[0]]
            if rss:
                fe.dc.dc_creator(a.name)
            else:
                fe.author(name=a.name, uri=urls.absolute(cfg.base_url, a.url))
        for t in post.tags:
            fe.category(term=site.tags[t].name)
        # the summary is RSS's description too; feedgen's description() would also make it an Atom
        # entry's <content>, twice the same text in every summary feed (the <link> stands for the content)
        fe.summary(post.summary_text or post.title)
        if spec.full:
            fe.content(contents[post.source], type="CDATA")
    return fg


def _unfit(site: Site, spec: FeedSpec) -> SitegenError:
    """What lxml refused in a feed, by the file it came from (posts are checked as they are
    rendered: this names what else a feed holds)."""
    from sitegen.pipeline.markdown import textcheck
    cfg = site.config
    candidates = [("sitegen.toml", cfg.title), ("sitegen.toml", cfg.description or "")]
    for i in spec.posts:
        post = site.posts[i]
        candidates += [(post.source, post.title), (post.source, post.summary_text), (post.source, post.html)]
        candidates += [("content/authors.yaml", site.authors[a].name) for a in post.authors]
        candidates += [(post.source, site.tags[t].name) for t in post.tags]
    for file, text in candidates:
        m = textcheck.BAD.search(text or "")
        if m is not None:
            return SitegenError(f"a control character {textcheck.describe(m.group(0))} in {text[:60]!r} cannot go into "
                                f"the feed {spec.rss_url}", file=file, hint=textcheck.HINT)
    return SitegenError(f"the feed {spec.rss_url} cannot be written as XML", hint=textcheck.HINT)


def render_feed(site: Site, spec: FeedSpec) -> tuple[bytes, ...]:
    """(RSS bytes, Atom bytes) for one feed; (RSS bytes,) for one without an Atom twin."""
    try:
        return _render_feed(site, spec)
    except ValueError as err:       # lxml: "All strings must be XML compatible"
        raise _unfit(site, spec) from err


def _render_feed(site: Site, spec: FeedSpec) -> tuple[bytes, ...]:
    contents = {site.posts[i].source: _content(site, site.posts[i]) for i in spec.posts} if spec.full else {}
    rss = _generator(site, spec, True, contents).rss_str(pretty=True)
    if not spec.atom_url:
        return (rss,)
    fg_atom = _generator(site, spec, False, contents)
    # in Atom, feedgen's CDATA type would be invalid: use escaped HTML content instead
    for entry in fg_atom.entry() if spec.full else ():
        entry.content(entry.content()["content"], type="html")
    atom = fg_atom.atom_str(pretty=True)
    return rss, atom


def json_feed(site: Site, posts: Sequence[Post], language: str = "") -> bytes:
    """A JSON Feed of these posts; `language`: a multilingual site's language ("": the default)."""
    cfg = site.config.for_language(language or site.config.codes[0])
    at = site.config.prefix(language or site.config.codes[0])
    items = []
    for post in posts:
        link = urls.absolute(cfg.base_url, post.url)
        item = {
            "id": post.feed_id or link,
            "url": link,
            "title": post.title,
            "content_html": _content(site, post),
            "summary": post.summary_text,
            "date_published": post.date.isoformat(),
            "date_modified": post.last_modified.isoformat(),
            "authors": [{"name": site.authors[a].name, "url": urls.absolute(cfg.base_url, site.authors[a].url)}
                        for a in post.authors],
            "tags": [site.tags[t].name for t in post.tags],
        }
        if post.cover:
            item["image"] = post.cover if "://" in post.cover else urls.absolute(cfg.base_url, post.cover)
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": cfg.title,
        "home_page_url": urls.absolute(cfg.base_url, at + "/") if at else cfg.base_url,
        "feed_url": urls.absolute(cfg.base_url, at + urls.JSON_FEED_URL),
        "description": cfg.description,
        "language": cfg.language,
        "items": items,
    }
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def sitemap(site: Site, pages: Sequence[tuple[str, str | None]],
            alternates: Sequence[tuple[tuple[str, str], ...]] = ()) -> bytes:
    """pages: (site URL, lastmod ISO date or None); alternates: each page's (language, site URL)
    counterparts and its x-default, for a multilingual site (xhtml:link, as Google reads
    hreflang in sitemaps)."""
    def escape(text: str) -> str:       # (as xml.sax.saxutils.escape, whose import pulls in urllib.request)
        return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")
    base = site.config.base_url
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' if not alternates else
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for n, (url, lastmod) in enumerate(pages):
        links = ""
        if alternates and alternates[n]:
            found = alternates[n]
            links = "".join(f'<xhtml:link rel="alternate" hreflang="{escape(code)}" href="{escape(urls.absolute(base, u))}"/>'
                            for code, u in found)
        lines.append(f"  <url><loc>{escape(urls.absolute(base, url))}</loc>"
                     + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + links + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(site: Site) -> bytes:
    return (f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site.config.base_url, '/sitemap.xml')}\n").encode()
