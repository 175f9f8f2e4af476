"""Render planned pages through the theme's Jinja templates."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import posixpath
import re
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

from markupsafe import Markup

from sitegen import __version__, urls
from sitegen.model import Post, Site, StandalonePage
from sitegen.pipeline.edit.deps import Reads, TrackedAuthor, TrackedPost, TrackedSite, TrackedTag, record_templates
from sitegen.pipeline.markdown.parser import is_local
from sitegen.pipeline.render import i18n
from sitegen.pipeline.site.pages import Page, neighbours, x_default

_ROOT = "\x1esitegen-root\x1e"   # stands for the way up to the site root in reused fragments
_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*["'])([^"']*)(["'])""")
_SRCSET = re.compile(r"""(\ssrcset\s*=\s*["'])([^"']*)(["'])""")


def _each_candidate(fix: Any, fragment: str) -> str:
    """Apply a link fixer (made for _ATTR matches) to every URL of every srcset attribute."""
    def one(candidate: str) -> str:
        url, _, descriptor = candidate.strip().partition(" ")
        moved: str = fix(_ATTR.match(f' src="{url}"'))
        return moved[len(' src="'):-1] + (" " + descriptor if descriptor else "")

    def fix_set(m: re.Match[str]) -> str:
        return m.group(1) + ", ".join(one(c) for c in m.group(2).split(",") if c.strip()) + m.group(3)

    return _SRCSET.sub(fix_set, fragment)


def _site_url(output_rel: str) -> str:
    """The site URL of a file in the output folder (folders for index.html)."""
    if output_rel in ("index.html", "."):
        return "/"
    if output_rel.endswith("/index.html"):
        return "/" + output_rel[: -len("index.html")]
    return "/" + output_rel


def rebase(fragment: str, from_url: str, to_url: str | None, prefix: str = "") -> str:
    """Move the relative links of an HTML fragment written for the page `from_url`.

    With `to_url` they become relative to that page (after `prefix`); with None they become
    site URLs.
    """
    base = posixpath.dirname(urls.output_path(from_url)) or "."

    def fix(m: re.Match[str]) -> str:
        value = m.group(2)
        if value.startswith("#"):
            target = from_url + value
        elif is_local(value):
            path, sep, frag = value.partition("#")
            # (a file's '#', '?' or '%', written %23, %3F, %25, stays escaped: urls.file_url)
            target = urls.file_url(_site_url(posixpath.normpath(posixpath.join(base, unquote(path))))[1:]) + sep + frag
        else:
            return m.group(0)
        return m.group(1) + (prefix + urls.relative(to_url, target) if to_url is not None else urls.encode(target)) + m.group(3)

    return _each_candidate(fix, _ATTR.sub(fix, fragment))


def absolutize(fragment: str, from_url: str, base_url: str) -> str:
    """Every relative link of a fragment as an absolute URL (for feeds)."""
    moved = rebase(fragment, from_url, None)

    def fix(m: re.Match[str]) -> str:
        value = m.group(2)
        if value.startswith("/") and not value.startswith("//"):
            return m.group(1) + base_url.rstrip("/") + value + m.group(3)
        return m.group(0)

    return _each_candidate(fix, _ATTR.sub(fix, moved))


def json_ld(site: Site, post: Post, image: str = "") -> str:
    """The post's BlogPosting; `image` (an absolute URL, the social card) wins over the cover."""
    cfg = site.config
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,     # (no description, nor mainEntityOfPage: the meta description and
        "url": urls.absolute(cfg.base_url, post.url),       # canonical link say them, 350 bytes a post)
        "datePublished": post.date.isoformat(),
        "dateModified": post.last_modified.isoformat(),
        "inLanguage": cfg.language,
        "wordCount": post.words,
        "author": [{"@type": "Person", "name": site.authors[a].name,
                    "url": urls.absolute(cfg.base_url, site.authors[a].url)} for a in post.authors],
        "keywords": [site.tags[t].name for t in post.tags],
    }       # (no publisher: Google's Article properties no longer ask for it, and og:site_name says it)
    if post.cover:
        data["image"] = post.cover if "://" in post.cover else urls.absolute(cfg.base_url, post.cover)
    if image:
        data["image"] = image
    if post.sources:
        data["citation"] = [{"@type": "CreativeWork", "name": s.title,
                             **({"publisher": s.publisher} if s.publisher else {}),
                             **({"url": s.url} if s.url else {})} for s in post.sources]
    return _script_json(data)


def page_json_ld(site: Site, doc: StandalonePage) -> str:
    """JSON-LD of a standalone page: a WebPage of the site, not a BlogPosting."""
    cfg = site.config
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": doc.title,
        "description": doc.summary_text,
        "url": urls.absolute(cfg.base_url, doc.url),
        "inLanguage": cfg.language,
        "isPartOf": {"@type": "WebSite", "name": cfg.title, "url": cfg.base_url},
    }
    if doc.updated:
        data["dateModified"] = doc.updated.isoformat()
    return _script_json(data)


def _script_json(data: dict[str, Any]) -> str:
    # compact: the indentation was a tenth of a post page's head, for a block only crawlers read
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    # inside <script>, markup characters are written as JSON escapes so no value can end the element
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def remember_words(env: Any) -> None:
    """Make the gettext and ngettext i18n.install just gave the environment (Jinja's newstyle
    ones) keep what they said, and `_` call gettext directly.

    Jinja's `_` calls `gettext` through Context.call, which calls the catalogue through it again,
    then makes a Markup and formats it (`% {}`): three Context.call for a constant word. The theme
    says some 18 words a page (28,089 `_` calls for the 1,543 pages of a 1,000-post blog, half of
    all the calls its templates make). A word with no variables is the same every time for one
    catalogue and one autoescape setting, so it is made once (a word with variables, or called
    with anything but a str, takes Jinja's way). `_` still looks `gettext` up in the page's
    context at each call, as Jinja's does.
    """
    from jinja2 import pass_context

    jinja_gettext, jinja_ngettext = env.globals["gettext"], env.globals["ngettext"]
    said: dict[tuple[Any, ...], Any] = {}

    @pass_context
    def gettext(context: Any, string: Any, /, **variables: Any) -> Any:
        if variables or type(string) is not str:
            return jinja_gettext(context, string, **variables)
        key = (string, context.eval_ctx.autoescape)
        found = said.get(key)
        if found is None:
            found = said[key] = jinja_gettext(context, string)
        return found

    @pass_context
    def ngettext(context: Any, singular: Any, plural: Any, num: Any, /, **variables: Any) -> Any:
        if variables or type(singular) is not str or type(plural) is not str or type(num) is not int:
            return jinja_ngettext(context, singular, plural, num, **variables)
        key = (singular, plural, num, context.eval_ctx.autoescape)
        found = said.get(key)
        if found is None:
            found = said[key] = jinja_ngettext(context, singular, plural, num)
        return found

    @pass_context
    def alias(context: Any, /, *args: Any, **kwargs: Any) -> Any:
        found = context.resolve("gettext")
        if found is gettext:
            return gettext(context, *args, **kwargs)
        return context.call(found, *args, **kwargs)

    env.globals.update(gettext=gettext, ngettext=ngettext, _=alias)


class Renderer:
    """Holds the Jinja environment and the site; renders one page at a time, noting what it read."""

    _entries: dict[tuple[str, int, str], tuple[Markup, Reads]]

    def __init__(self, env: Any, site: Site, published: Any = None):
        self.env = env
        self.site = site
        self.published = published       # media.Published: image variants, social cards, hashed assets
        language = site.config.language
        folders = getattr(env, "sitegen_folders", None)
        self._folders = folders
        self.language = language           # the language the environment speaks now (a page's, as it renders)
        self.translations = i18n.install(env, language, folders)
        remember_words(env)
        self._catalogues = i18n.catalogue_reads(language, *folders) if folders is not None else []
        env.filters["date"] = self._date
        self._dates: dict[tuple[Any, ...], str] = {}
        env.filters["isodate"] = lambda d: d.isoformat()
        env.globals["language_name"] = lambda code, lang=None: i18n.language_name(code, lang or self.language)
        env.globals["sitegen_version"] = __version__
        self._entries = {}
        self.reads: Reads | None = None
        record_templates(env, self)
        if site.config.multilingual:
            self._warm(site.config.codes)

    def _warm(self, codes: tuple[str, ...]) -> None:
        """Load what the pages of every language load on first use (Babel's CLDR data for dates
        and language names, the languages' catalogues) here, before the pages' pool forks: each
        worker would load it again, and drop it with the pool."""
        from datetime import date
        folders = self._folders
        # (best effort: a page of a language that fails here reports the error as it renders)
        for code in codes:
            with contextlib.suppress(Exception):
                if folders is not None:
                    i18n.translations(code, *folders)
            with contextlib.suppress(Exception):
                i18n.format_date(date(2000, 1, 1), code)
        with contextlib.suppress(Exception):
            self._language_names()

    def _date(self, value: Any, fmt: str = "%-d %B %Y", lang: str | None = None) -> str:
        """The `date` filter: i18n.format_date, each date made once per language and format (a
        post's date is shown on its page, in its entry and in the archive; Babel's forms, for
        every language but English, cost about 40 µs each)."""
        language = lang or self.language
        try:
            # the zone and fold too: equal instants in other zones are other local times
            key = (type(value), value, getattr(value, "tzinfo", None), getattr(value, "fold", 0), language, fmt)
            return self._dates[key]
        except KeyError:
            text = self._dates[key] = i18n.format_date(value, language, fmt)
            return text
        except TypeError:       # (not hashable: not a date; format_date says what it makes of it)
            return i18n.format_date(value, language, fmt)

    def use(self, site: Site, published: Any, entries: dict[tuple[str, int, str], tuple[Markup, Reads]]) -> None:
        """Render this site from now on, keeping list entries in `entries` (a caller that keeps
        them between renders of changing sites, the edit Session, drops those that went stale)."""
        self.site, self.published, self._entries = site, published, entries

    def render(self, page: Page) -> bytes:
        return self.render_tracked(page)[0]

    def render_tracked(self, page: Page) -> tuple[bytes, Reads]:
        """The page's bytes and everything it read."""
        reads = Reads()
        self.reads = reads
        try:
            return self._render(page, reads), reads
        finally:
            self.reads = None

    @property
    def site(self) -> Site:
        return self._site

    @site.setter
    def site(self, value: Site) -> None:      # (the server's editor gives a kept renderer each new site)
        self._site = value
        self._views: dict[str, Site] = {}
        self._switch: tuple[tuple[str, str, str], ...] | None = None
        self._lang_urls: dict[str, Any] = {}

    def _lang_url(self, cfg: Any) -> Any:
        """The templates' lang_url for pages of a language (cfg: its config, view()'s): a site URL
        in the language's folder. Made once per language: the templates call it some ten times
        a page, and Config.multilingual and prefix() sort the languages at each call."""
        found = self._lang_urls.get(cfg.language)
        if found is None:
            if cfg.multilingual:
                at = cfg.prefix(cfg.language)

                def found(url: str) -> str:
                    return urls.in_language(at, url)
            else:
                def found(url: str) -> str:
                    return url
            self._lang_urls[cfg.language] = found
        return found

    def _speak(self, language: str) -> None:
        """Make the environment speak a page's language (a multilingual site's pages take turns)."""
        if language == self.language:
            return
        self.language = language
        self.translations = i18n.install(self.env, language, self._folders)
        remember_words(self.env)
        self._catalogues = i18n.catalogue_reads(language, *self._folders) if self._folders is not None else []

    def view(self, language: str) -> Site:
        """The site as the pages of one language see it: the language's config, and its own posts,
        tags, authors, pages and menu (the whole site, in a site of one language)."""
        found = self._views.get(language)
        if found is None:
            found = self.site
            if self.site.config.multilingual:
                from sitegen.pipeline.site.pages import parts
                part = next(p for p in parts(self.site) if p.lang == language)
                site = self.site
                found = dataclasses.replace(
                    site, config=part.config, posts=tuple(site.posts[i] for i in part.posts),
                    tags=MappingProxyType({k: site.tags[k] for k in part.tags}),
                    authors=MappingProxyType({k: site.authors[k] for k in part.authors}),
                    author_posts=MappingProxyType({k: v for k, v in site.author_posts.items() if k in part.authors}),
                    pages=tuple(site.pages[i] for i in part.pages),
                    menu=tuple(item for item in site.menu if item.lang == language))
            self._views[language] = found
        return found

    def _render(self, page: Page, reads: Reads) -> bytes:
        self._speak(page.lang or self.site.config.language)
        site = self.view(page.lang or self.site.config.language)
        cfg = site.config
        for catalogue in self._catalogues:
            reads.add("template", catalogue, 1)
        if self.translations is not None:
            page = i18n.localized_page(page, site, self.translations)
        if page.kind == "404":
            # served at any depth by static hosts: links from the site's root path
            def link(url: str) -> str:
                return cfg.base_path.rstrip("/") + urls.encode(url)
        else:
            def link(url: str) -> str:
                return urls.relative(page.url, url)
        ctx: dict[str, Any] = {
            "site": TrackedSite(site, reads),
            "config": cfg,
            "page": page,
            "link": link,
            "static": lambda path: link("/static/" + path.lstrip("/")),
            "abs_url": lambda url: urls.absolute(cfg.base_url, url),
            "canonical": urls.absolute(cfg.base_url, page.url),
            "lang_url": self._lang_url(cfg),
            "languages": self._switcher(page),
            "x_default": x_default(cfg.codes, page.alternates, page),
            "posts": [TrackedPost(self.site.posts[i], reads) for i in page.posts],
            "author_of": lambda slug: TrackedAuthor(self.site.authors[slug], reads),
            "tag_of": lambda slug: TrackedTag(self.site.tags[slug], reads),
            "summary": lambda p: Markup(rebase(p.summary_html, p.url, page.url) if page.kind != "404" else p.summary_html),
            "data": site.data,
            "extra": cfg.extra,
            "comments": Markup(cfg.comments),
        }
        ctx["entry"] = lambda post, level=2: self._entry(ctx, post, level)
        ctx.update(self._media(link))
        if page.post is not None:
            post = self.site.posts[page.post]
            reads.post_whole(self.site, post)          # the page shows all of it (the JSON-LD too)
            reads.add("order", post.source, 1)
            newer, older = neighbours(self.site, page.post, reads)
            ctx.update(post=TrackedPost(post, reads), newer=newer and TrackedPost(newer, reads),
                       older=older and TrackedPost(older, reads), body=Markup(post.html),
                       json_ld=Markup(json_ld(site, post, (ctx["social_image"](post) or {}).get("url", ""))))
        if page.standalone is not None:
            doc = self.site.pages[page.standalone]
            ctx.update(standalone=doc, body=Markup(doc.html), json_ld=Markup(page_json_ld(site, doc)))
        if page.tag is not None:
            ctx["tag"] = TrackedTag(self.site.tags[page.tag], reads)
        if page.author is not None:
            ctx["author"] = TrackedAuthor(self.site.authors[page.author], reads)
        template = self.env.get_template(page.template)
        html: str = template.render(ctx)
        return html.encode("utf-8")

    def _switcher(self, page: Page) -> list[dict[str, Any]]:
        """The language switcher: each language, with this page in it or else its home."""
        cfg = self.site.config
        if not cfg.multilingual or not page.alternates:
            return []
        have = dict(page.alternates)
        here = page.lang or cfg.language
        return [{"code": code, "name": name, "url": have.get(code, home),
                 "current": code == here, "translated": code in have} for code, name, home in self._languages()]

    def _language_names(self) -> dict[str, str]:
        """Each language's name in itself, from CLDR."""
        names: dict[str, str] = self.__dict__.setdefault("_names", {})
        for code in self.site.config.codes:
            if code not in names:
                names[code] = i18n.language_name(code, code)
        return names

    def _languages(self) -> tuple[tuple[str, str, str], ...]:
        """(code, name, home URL) of each of the site's languages, the default first: the
        switcher's rows, the same on every page of a site (made once, not per page)."""
        found = self._switch
        if found is None:
            cfg = self.site.config
            names = self._language_names()
            found = self._switch = tuple((code, names[code], cfg.prefix(code) + "/") for code in cfg.codes)
        return found

    def _media(self, link: Any) -> dict[str, Any]:
        """image(), asset() and social_image() for templates."""
        from html import escape
        cfg = self.site.config
        images = self.published.images if self.published is not None else None
        assets = self.published.assets if self.published is not None else None

        def image(url: str, alt: str, *, eager: bool = False, avatar: bool = False, sizes: str = "",
                  css_class: str = "", attrs: dict[str, str] | None = None) -> Markup:
            local = "://" not in url and not url.startswith("//")
            html = images.markup(url, alt, link, eager=eager, avatar=avatar, sizes=sizes, css_class=css_class,
                                 extra=attrs) if images is not None and local else None
            if html is None:      # an image from elsewhere: no size known
                cls = f' class="{escape(css_class)}"' if css_class else ""
                hint = ' fetchpriority="high"' if eager else ' loading="lazy"'
                more = "".join(f' {k}="{escape(v)}"' for k, v in (attrs or {}).items())
                html = (f'<img src="{escape(link(url) if local else url)}" alt="{escape(alt)}"{cls}{hint}'
                        f' decoding="async"{more}>')
            return Markup(html)

        def asset(path: str) -> str:
            hashed = assets.url(path) if assets is not None else None
            target: str = link(hashed or "/static/" + path.lstrip("/"))
            return target

        def social_image(post: Any) -> dict[str, Any] | None:
            _ = post.cover      # (the card's type and name follow the cover: a tracked read, see ImageTable.key)
            card = images.cards.get(post.url) if images is not None else None
            if card is None:
                return None
            return {"url": urls.absolute(cfg.base_url, card.url), "width": card.width, "height": card.height,
                    "type": card.mime}

        return {"image": image, "asset": asset, "social_image": social_image}

    def _entry(self, ctx: dict[str, Any], post: Any, level: int) -> Markup:
        """A post's entry in a list, rendered once and reused by every list page (with what it read).

        It is rendered with links from the site root behind a marker, and the marker becomes
        the page's own way up to the root ("../" per folder) where it is used.
        """
        page = ctx["page"]
        raw = post._post if isinstance(post, TrackedPost) else post
        key = (raw.url, level, page.lang)
        found = self._entries.get(key)
        if found is None:
            def link(url: str) -> str:
                return _ROOT + urls.relative("/", url)

            own = Reads()
            outer, self.reads = self.reads, own
            try:
                local = {**ctx, "post": TrackedPost(raw, own), "level": level, "link": link,
                         "site": TrackedSite(self.site, own),
                         "author_of": lambda slug: TrackedAuthor(self.site.authors[slug], own),
                         "tag_of": lambda slug: TrackedTag(self.site.tags[slug], own),
                         "summary": lambda p: Markup(rebase(p.summary_html, p.url, "/", _ROOT))}
                text = self.env.get_template("partials/entry.html").render(local)
            finally:
                self.reads = outer
            found = (text, own)
            self._entries[key] = found
        if self.reads is not None:
            self.reads.merge(found[1])
        up = self.site.config.base_path if page.kind == "404" else "../" * urls.depth(page.url)
        return Markup(found[0].replace(_ROOT, up))
