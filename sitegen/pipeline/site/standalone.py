"""Standalone pages: `content/pages/**/*.md`, each at `/<folders>/<slug>/`, and the menu.

A page has a title, and may have a slug (the last part of its URL), a summary, an `updated`
date, `draft: true`, a menu weight (`menu: 10`) and aliases. Pages are not posts: they are in
no list, tag or feed, only in the sitemap and, when asked, the menu. Their Markdown is the
posts' Markdown, and links between pages and posts written as links to their files resolve
both ways.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sitegen import urls
from sitegen.config import Config
from sitegen.errors import Collector, SitegenError
from sitegen.frozen import FrozenDict, freeze
from sitegen.model import Alias, MenuItem, StandalonePage
from sitegen.pipeline.read import frontmatter, language
from sitegen.pipeline.read.content import to_datetime
from sitegen.pipeline.site import aliases
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.values import Rendered

FOLDER = "pages/"
KEYS = {"title", "slug", "summary", "updated", "draft", "menu", "aliases", "lang", "translation_key"}


@dataclass(frozen=True)
class PageDraft:
    """A page with valid front matter and its Markdown, not rendered yet."""

    source: str                 # e.g. content/pages/legal/imprint.md
    content_rel: str            # e.g. pages/legal/imprint.md
    body: str
    body_line: int
    title: str
    updated: datetime | None
    slug: str
    url: str
    url_line: int               # the line that sets the URL (slug:), else 1
    summary: str | None
    draft: bool
    menu: int | None
    aliases: tuple[Alias, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    digest: str = ""            # key of the file's bytes
    cover: str = ""             # pages have no cover; the link resolver reads these of any document
    cover_line: int | None = None
    lang: str = ""              # as a post's (read/language.py)
    translation_key: str = ""
    lang_line: int | None = None
    key_line: int | None = None


def read_page(site_dir: Path, content_rel: str, config: Config, data: bytes | None = None) -> PageDraft:
    source = f"content/{content_rel}"
    if data is None:
        data = (site_dir / source).read_bytes()
    doc = frontmatter.split(data, source)
    meta, kl = doc.meta, doc.key_lines
    problems = Collector()

    attempt = problems.attempt

    title = meta.get("title")
    if title is None or isinstance(title, (dict, list)) or not str(title).strip():
        problems.add(SitegenError("a page needs a 'title' in its front matter", file=source, line=kl.get("title", 2),
                                  hint="add a line 'title: About this site' between the '---' lines"))
        title = ""
    summary = meta.get("summary")
    if isinstance(summary, (dict, list)):
        problems.add(SitegenError("'summary' must be text", file=source, line=kl.get("summary"),
                                  hint="write 'summary: one or two sentences' (quote it if it contains ': ')"))
        summary = None
    updated = (attempt(to_datetime, meta["updated"], config.tz, source, kl.get("updated"), "updated")
               if meta.get("updated") is not None else None)
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        problems.add(SitegenError("'draft' must be true or false", file=source, line=kl.get("draft"),
                                  hint="write 'draft: true'"))
    menu = meta.get("menu")
    if menu is not None and (isinstance(menu, bool) or not isinstance(menu, int)):
        problems.add(SitegenError(f"'menu' must be a whole number (the page's place in the menu), not {menu!r}",
                                  file=source, line=kl.get("menu"),
                                  hint="write 'menu: 10'; entries with lower numbers come first"))
        menu = None
    slug = None
    if meta.get("slug") is not None:
        slug = attempt(urls.check_slug, str(meta["slug"]).strip(), source, kl.get("slug"), default=None)
    found_lang = attempt(language.read, content_rel, meta, kl, config, source,
                         default=language.Language(config.codes[0], content_rel, content_rel[:-3], None, None))
    prefix = config.prefix(found_lang.lang)
    url = attempt(lambda: urls.in_language(prefix, urls.page_url(found_lang.plain_rel, slug, file=source,
                                                                 line=kl.get("slug"))), default="")
    lines = frontmatter.lf_text(data.decode("utf-8", "replace")).split("\n")
    found = attempt(aliases.read, meta, kl, lines, source, default=())
    problems.raise_if_any()
    return PageDraft(source, content_rel, doc.body, doc.body_line, str(title).strip(), updated,
                     url.rstrip("/").rsplit("/", 1)[-1], url, kl.get("slug", 1),
                     str(summary).strip() if summary is not None else None, bool(draft), menu, found,
                     freeze({k: v for k, v in meta.items() if k not in KEYS}), cache.digest(data),
                     lang=found_lang.lang if config.multilingual else "",
                     translation_key=found_lang.key if config.multilingual else "",
                     lang_line=found_lang.lang_line, key_line=found_lang.key_line)


def select(drafts: Sequence[PageDraft], drafts_too: bool) -> tuple[list[PageDraft], list[PageDraft]]:
    return [d for d in drafts if drafts_too or not d.draft], [d for d in drafts if d.draft and not drafts_too]


def make_page(d: PageDraft, r: Rendered) -> StandalonePage:
    """A rendered page; its digest covers everything the page shows of itself."""
    digest = cache.digest(r.html, r.summary_html, d.title, d.updated, d.url, d.menu, d.aliases)
    return StandalonePage(source=d.source, slug=d.slug, url=d.url, url_line=d.url_line, title=d.title,
                          summary_html=r.summary_html, summary_text=r.summary_text, html_ref=r.html,
                          updated=d.updated, menu=d.menu, aliases=d.aliases, draft=d.draft,
                          extra=d.extra, digest=digest, lang=d.lang, translation_key=d.translation_key)


def menus(config: Config, pages: Sequence[StandalonePage], left: Sequence[PageDraft],
          problems: Collector) -> tuple[MenuItem, ...]:
    """A multilingual site's menu in every language, each item with its language: the language's
    own entries (else the site's), each page entry leading to the page's version in that language
    when there is one; () for a site of one language."""
    if not config.multilingual:
        return ()
    out: list[MenuItem] = []
    for code in config.codes:
        quiet = Collector()         # (the site's own entries are checked once, by menu())
        out += [replace(item, lang=code) for item in menu(config.for_language(code), pages, left, quiet, lang=code)]
        if config.language_table(code).menu:
            problems.problems.extend(quiet.problems)
    return tuple(out)


def menu(config: Config, pages: Sequence[StandalonePage], left: Sequence[PageDraft],
         problems: Collector, lang: str | None = None) -> tuple[MenuItem, ...]:
    """The `[[menu]]` entries of the config and the pages with a `menu:` weight, by weight
    (entries of equal weight in the config's order, then pages by URL). `lang`: the menu of a
    language of a multilingual site (a page entry names a page by its file in the default
    language, or by its translation key)."""
    by_file = {p.source[len("content/"):]: p for p in pages}
    if lang is not None:
        by_key = {p.translation_key: p for p in pages if p.lang == config.codes[0]}
        by_key.update({p.translation_key: p for p in pages if p.lang == lang})
        by_file = {key + ".md": p for key, p in by_key.items()}
        pages = [p for p in pages if p.lang == lang]
    unpublished = {d.content_rel for d in left}
    items: list[tuple[int, int, MenuItem]] = []
    for n, entry in enumerate(config.menu):
        if entry.page is None:
            items.append((entry.weight, n, MenuItem(entry.name, entry.url or "/", entry.weight)))
            continue
        rel = FOLDER + entry.page.removeprefix("content/").removeprefix(FOLDER).lstrip("/")
        if rel in by_file:
            items.append((entry.weight, n, MenuItem(entry.name, by_file[rel].url, entry.weight)))
        elif rel in unpublished:
            problems.add(SitegenError(f"the menu entry '{entry.name}' points to a draft page: content/{rel}",
                                      file="sitegen.toml", line=entry.line,
                                      hint="publish the page, remove the entry, or build with --drafts"))
        else:
            known = sorted(p[len(FOLDER):] for p in by_file)
            import difflib  # (only a build that reports a mistake needs it)
            close = difflib.get_close_matches(rel[len(FOLDER):], known, n=3, cutoff=0.5) or known[:5]
            problems.add(SitegenError(f"the menu entry '{entry.name}' points to a page that does not exist: "
                                      f"content/{rel}", file="sitegen.toml", line=entry.line,
                                      hint="give the page's file relative to content/pages/"
                                           + (f"; pages with a close name: {', '.join(close)}" if close else "")))
    listed = {item.url for _, _, item in items}
    for n, page in enumerate(pages, len(config.menu)):
        if page.menu is not None and page.url not in listed:   # a config entry for the page wins
            items.append((page.menu, n, MenuItem(page.title, page.url, page.menu)))
    return tuple(item for _, _, item in sorted(items, key=lambda t: (t[0], t[1])))
