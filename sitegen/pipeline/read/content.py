"""Read the site's content: discover files, validate front matter, load authors.

Produces plain values (`PostDraft`, `Author`) and collects every problem of a run so they
are reported together. Markdown rendering happens in `posts.py`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sitegen import urls
from sitegen.config import Config
from sitegen.errors import Collector, Problem, SitegenError
from sitegen.frozen import FrozenDict, freeze
from sitegen.model import Alias, Author, Link, Source, Update
from sitegen.pipeline.read import frontmatter, language
from sitegen.pipeline.site import aliases

RESERVED = {"title", "date", "updated", "author", "authors", "tags", "summary", "slug",
            "cover", "cover_alt", "draft", "sources", "updates", "toc", "feed_id", "aliases", "lang",
            "translation_key"}
# Bump when a draft read from the same bytes would differ (the build cache keeps drafts).
DRAFT_VERSION = 6      # 4: slugs keep the marks of Indic, Thai and Cyrillic letters; 5: a key given twice is an
#                        error; 6: a lone CR ends a line (classic Mac files)
# What a translation takes from its original when its front matter does not set it.
INHERITED = ("date", "authors", "tags", "cover", "extra")


def is_ignored(name: str, folder: bool = False) -> bool:
    """Hidden files and folders; editor swap, backup and temp files (vim's '4913' probe too)."""
    if name.startswith("."):
        return True
    if folder:
        return False
    return (name.startswith(("#", "~")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak"))
            or name.isdigit() or name in ("Thumbs.db", "desktop.ini"))


@dataclass(frozen=True)
class Inventory:
    posts: tuple[str, ...]     # content-relative paths of post files, sorted
    assets: tuple[str, ...]    # content-relative paths of other files to copy
    pages: tuple[str, ...] = ()   # content-relative paths of standalone pages (pages/**/*.md), sorted


def discover(content_dir: Path, languages: tuple[str, ...] = ()) -> Inventory:
    """The content files; `languages`: the folders of a multilingual site's languages
    (content/de/posts/ holds posts, content/de/pages/ pages)."""
    posts: list[str] = []
    pages: list[str] = []
    assets: list[str] = []
    if not content_dir.is_dir():
        return Inventory((), ())
    # links to folders are followed: sources.check_links made sure they stay inside the site
    for root, dirs, files in os.walk(content_dir, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not is_ignored(d, folder=True))
        rel_root = Path(root).relative_to(content_dir).as_posix()
        for name in sorted(files):
            if is_ignored(name):
                continue
            rel = name if rel_root == "." else f"{rel_root}/{name}"
            if name.endswith(".md"):
                section = rel.partition("/")[2] if languages and language.folder_language(rel, languages) else rel
                if section.startswith("posts/"):
                    posts.append(rel)
                elif section.startswith("pages/"):
                    pages.append(rel)
            elif rel not in ("authors.yaml", "authors.yml"):
                assets.append(rel)
    return Inventory(tuple(sorted(posts)), tuple(sorted(assets)), tuple(sorted(pages)))


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdx")


def misnamed(inventory: Inventory, languages: tuple[str, ...] = ()) -> list[Problem]:
    """Markdown files under posts/ or pages/ that are not named .md (Jekyll's `.markdown`, `.MD`):
    they would be published as they are, front matter and all, and be no post."""
    found = []
    for rel in inventory.assets:
        section = rel.partition("/")[2] if languages and language.folder_language(rel, languages) else rel
        suffix = os.path.splitext(rel)[1]
        if section.startswith(("posts/", "pages/")) and suffix.lower() in _MARKDOWN_SUFFIXES:
            found.append(Problem(f"a Markdown file named {suffix!r} is no {section.split('/')[0][:-1]}: sitegen reads "
                                 "files named .md", f"content/{rel}", None,
                                 f"rename it to {os.path.splitext(rel)[0].rsplit('/', 1)[-1]}.md"))
    return found


@dataclass(frozen=True)
class PostDraft:
    """A post with valid front matter; its Markdown is not rendered yet."""

    source: str                 # e.g. content/posts/2026/x.md
    content_rel: str            # e.g. posts/2026/x.md
    body: str
    body_line: int
    title: str
    date: datetime
    updated: datetime | None
    author_ids: tuple[str, ...]
    tag_names: tuple[str, ...]
    slug: str
    url: str
    summary: str | None
    cover: str
    cover_alt: str
    cover_line: int | None
    draft: bool
    toc: bool
    sources: tuple[Source, ...]
    updates: tuple[Update, ...]
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    digest: str = ""
    feed_id: str = ""
    aliases: tuple[Alias, ...] = ()
    url_line: int = 1           # the line that sets the URL (slug:), else 1
    feed_id_line: int | None = None
    lang: str = ""              # the post's language (a site of one language: its language)
    translation_key: str = ""   # what it shares with its translations: posts/xiaomi
    lang_line: int | None = None
    key_line: int | None = None
    inherits: tuple[str, ...] = ()   # of INHERITED: what a translation takes from its original
    tags_line: int | None = None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_IN_WORDS = re.compile(r"(?:(\d{1,2})\s+([a-z]+)|([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?)\s+(\d{4})"
                       r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", re.I)
_SLASHED = re.compile(r"(\d{4})([/.])(\d{1,2})\2(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def human_date(value: str) -> datetime | None:
    """A date as people and other tools write it, when it can mean only one day: "Nov 1, 2026",
    "1 November 2026", "May 6th, 2018", "2026/11/01", "2026.11.01", each with an optional
    "HH:MM", read with English month names whatever the locale (naive); and the RFC 2822 dates
    of feeds and mail ("Sun, 01 Nov 2026 10:00:00 +0000", aware). None for anything else. The
    importers read dates in words through it too."""
    text = " ".join(value.split())
    if re.match(r"^[A-Za-z]{3}, \d", text):
        from email.utils import parsedate_to_datetime
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    try:
        m = _SLASHED.fullmatch(text)
        if m:
            y, _, mo, d, h, mi, sec = m.groups()
            return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0))
        m = _IN_WORDS.fullmatch(text.replace(".", ""))
        if m:
            day, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
            month = next((i for i, full in enumerate(_MONTHS, 1) if len(name) >= 3 and full.startswith(name.lower())), 0)
            return datetime(int(m.group(5)), month, int(day), int(m.group(6) or 0), int(m.group(7) or 0),
                            int(m.group(8) or 0))
    except ValueError:            # the 31st of November, month 0 (not a month name)
        return None
    return None


def to_datetime(value: Any, tz: ZoneInfo, file: str, line: int | None, key: str) -> datetime:
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = re.sub(r"\s+([+-]\d\d:?\d\d|Z)$", r"\1", value.strip())   # YAML allows a space before the zone
        text = re.sub(r"(?<=\d)\s+(?:UTC|GMT)$", "+00:00", text)     # Ruby's Time#to_s: "2024-01-02 10:00:00 UTC"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            found = human_date(value)
            if found is None:
                ambiguous = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
                why = (f" ({ambiguous.group(1)}/{ambiguous.group(2)} could be day/month or month/day)"
                       if ambiguous and int(ambiguous.group(1)) <= 12 and int(ambiguous.group(2)) <= 12 else "")
                raise SitegenError(f"invalid {key} '{value}'{why}", file=file, line=line,
                                   hint=f"write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. {key}: 2026-01-31") from None
            dt = found
    else:
        raise SitegenError(f"invalid {key} {value!r}", file=file, line=line,
                           hint=f"write it as YYYY-MM-DD, e.g. {key}: 2026-01-31")
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(tz)


def _cased(meta: dict[str, Any], key: str) -> str | None:
    """The key as the front matter spells it in another case (`Title:`, `DATE:`, as Hugo reads them), if so."""
    return next((k for k in meta if isinstance(k, str) and k != key and k.lower() == key), None)


def _missing(meta: dict[str, Any], key: str, file: str, line: int | None, example: str) -> SitegenError:
    other = _cased(meta, key)
    if other is not None:
        return SitegenError(f"missing '{key}' in the front matter: it has '{other}', and keys are lower case",
                            file=file, line=line, hint=f"write '{other}:' as '{key}:'")
    return SitegenError(f"missing '{key}' in the front matter", file=file, line=line,
                        hint=f"add a line {example} between the '---' lines")


def _text(meta: dict[str, Any], key: str, file: str, line: int | None, required: bool = False) -> str:
    value = meta.get(key)
    if value is None:
        if required:
            raise _missing(meta, key, file, line, f"'{key}: …'")
        return ""
    if isinstance(value, (dict, list)):
        raise SitegenError(f"'{key}' must be text, not a {type(value).__name__}", file=file, line=line,
                           hint=f"write '{key}: some text' (quote it if it contains ': ')")
    text = str(value).strip()
    if required and not text:       # (`title: ""`: feeds, cards and the page's <title> need words)
        raise SitegenError(f"the '{key}' is empty", file=file, line=line,
                           hint=f"write the {key} after '{key}:', e.g. '{key}: Charging at home'")
    return text


def _string_list(meta: dict[str, Any], key: str, file: str, line: int | None) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [v for v in (s.strip() for s in value.split(",")) if v]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise SitegenError(f"'{key}' must be a list of names", file=file, line=line,
                           hint=f"write '{key}: [first, second]'")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _sources(meta: dict[str, Any], file: str, line: int | None) -> tuple[Source, ...]:
    value = meta.get("sources") or []
    if not isinstance(value, list):
        raise SitegenError("'sources' must be a list", file=file, line=line,
                           hint="write '- title: …' entries with publisher, url and date")
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"title": item}
        if not isinstance(item, dict) or not item.get("title"):
            raise SitegenError("each source needs a title", file=file, line=line,
                               hint="- title: Report name\n      publisher: Who\n      url: https://…")
        out.append(Source(str(item["title"]), str(item.get("publisher") or ""), str(item.get("url") or ""),
                          str(item.get("date") or "")))
    return tuple(out)


def _updates(meta: dict[str, Any], tz: ZoneInfo, file: str, line: int | None) -> tuple[Update, ...]:
    value = meta.get("updates") or []
    if not isinstance(value, list):
        raise SitegenError("'updates' must be a list", file=file, line=line,
                           hint="write '- date: 2026-02-01' and 'text: what changed' entries")
    out = []
    for item in value:
        if not isinstance(item, dict) or "date" not in item or not item.get("text"):
            raise SitegenError("each update needs a date and a text", file=file, line=line,
                               hint="- date: 2026-02-01\n      text: Corrected the delivery figure")
        out.append(Update(to_datetime(item["date"], tz, file, line, "update date"), str(item["text"])))
    return tuple(sorted(out, key=lambda u: u.date))


def read_post(site_dir: Path, content_rel: str, config: Config, data: bytes | None = None,
              digest: str = "", body: bool = True) -> PostDraft:
    """The post's draft; body=False: with "" for its Markdown (with_body reads it again)."""
    source = f"content/{content_rel}"
    if data is None:
        data = (site_dir / source).read_bytes()
    doc = frontmatter.split(data, source, body=body)
    meta, kl = doc.meta, doc.key_lines
    tz = config.tz
    problems = Collector()

    attempt = problems.attempt

    title = attempt(_text, meta, "title", source, kl.get(_cased(meta, "title") or "title", 2), True, default="")
    found_lang = attempt(language.read, content_rel, meta, kl, config, source,
                         default=language.Language(config.codes[0], content_rel, content_rel[:-3], None, None))
    translation = config.multilingual and found_lang.lang != config.codes[0]
    inherits = tuple(k for k, keys in (("date", ("date",)), ("authors", ("author", "authors")), ("tags", ("tags",)),
                                       ("cover", ("cover",)))
                     if translation and not any(key in meta for key in keys))
    if translation and not any(k not in RESERVED for k in meta):
        inherits += ("extra",)
    if "date" in inherits:
        when = datetime(1970, 1, 1, tzinfo=tz)    # the original's, once the translations are linked
    elif "date" not in meta:
        problems.add(_missing(meta, "date", source, kl.get(_cased(meta, "date") or "date", 2),
                              "like 'date: 2026-01-31'"))
        when = None
    else:
        when = attempt(to_datetime, meta["date"], tz, source, kl.get("date"), "date")
    updated = (attempt(to_datetime, meta["updated"], tz, source, kl.get("updated"), "updated")
               if meta.get("updated") is not None else None)
    if "author" in meta and "authors" in meta:
        problems.add(SitegenError("both 'author' and 'authors' are set", file=source, line=kl.get("authors"),
                                  hint="keep one: 'author: id' or 'authors: [id1, id2]'"))
    author_ids = attempt(_string_list, meta, "authors" if "authors" in meta else "author", source,
                         kl.get("authors", kl.get("author")), default=())
    tags = attempt(_string_list, meta, "tags", source, kl.get("tags"), default=())
    for tag in tags or ():
        if not urls.slugify(tag):
            problems.add(SitegenError(f"tag '{tag}' has no letters or digits", file=source, line=kl.get("tags"),
                                      hint="use a tag name with letters or digits"))
    slug_line = kl.get("slug")
    if meta.get("slug") is not None:
        slug = attempt(urls.check_slug, str(meta["slug"]).strip(), source, slug_line, default="x")
    else:
        stem = found_lang.plain_rel.rsplit("/", 1)[-1][:-3]
        slug = urls.slugify(stem) or urls.slugify(title or "") or "post"
    summary = attempt(_text, meta, "summary", source, kl.get("summary")) or None
    cover = attempt(_text, meta, "cover", source, kl.get("cover"), default="")
    cover_alt = attempt(_text, meta, "cover_alt", source, kl.get("cover_alt"), default="")
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        problems.add(SitegenError("'draft' must be true or false", file=source, line=kl.get("draft"),
                                  hint="write 'draft: true'"))
        draft = False
    sources = attempt(_sources, meta, source, kl.get("sources"), default=())
    updates = attempt(_updates, meta, tz, source, kl.get("updates"), default=())
    feed_id = attempt(_text, meta, "feed_id", source, kl.get("feed_id"), default="")
    # (the file's lines only for a post with aliases: each is found on its line)
    lines = frontmatter.lf_text(data.decode("utf-8", "replace")).split("\n") if meta.get("aliases") is not None else []
    found = attempt(aliases.read, meta, kl, lines, source, default=())
    url = ""
    if when is not None and slug:
        url = _post_url(config, slug, when, source, slug_line, problems, lang=found_lang.lang)
    problems.raise_if_any()
    assert when is not None          # a missing or bad date is one of the problems raised above
    extra = freeze({k: v for k, v in meta.items() if k not in RESERVED})
    if not digest:
        import hashlib
        digest = hashlib.sha256(data).hexdigest()
    return PostDraft(source, content_rel, doc.body, doc.body_line, title, when, updated, author_ids or (),
                     tags or (), slug, url, summary, cover or "", cover_alt or "", kl.get("cover"), draft,
                     bool(meta.get("toc", config.toc)), sources or (), updates or (), extra, digest, feed_id or "",
                     found or (), kl.get("slug", 1), kl.get("feed_id"), found_lang.lang if config.multilingual else "",
                     found_lang.key if config.multilingual else "", found_lang.lang_line, found_lang.key_line, inherits,
                     kl.get("tags"))


def with_body(site_dir: Path, draft: PostDraft, config: Config) -> PostDraft:
    """The draft with its Markdown read again from its file (drafts are kept without it), the
    front matter not parsed again; when the file no longer splits, read_post says why."""
    data = (site_dir / draft.source).read_bytes()
    found = frontmatter.body_of(data)
    if found is None:
        return read_post(site_dir, draft.content_rel, config, data=data, digest=draft.digest)
    body, line = found
    return replace(draft, body=body, body_line=line)


def post_url(config: Config, draft: PostDraft, when: datetime) -> str:
    """The URL of a post of this date (a translation's, once it takes its original's date)."""
    problems = Collector()
    url = _post_url(config, draft.slug, when, draft.source, draft.url_line, problems, lang=draft.lang)
    problems.raise_if_any()
    return url


def _post_url(config: Config, slug: str, when: datetime, source: str, line: int | None, problems: Collector, *,
              lang: str = "") -> str:
    pattern = config.for_language(lang).permalink if lang else config.permalink
    prefix = config.prefix(lang) if lang else ""
    try:
        return urls.post_url(prefix + pattern, slug, when.year, when.month, when.day, file=source, line=line)
    except SitegenError as err:
        problems.add(err)
        return ""


def closest(name: str, known: list[str]) -> str:
    import difflib  # (only a build that reports a mistake needs it)
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    pool = close or sorted(known)[:8]
    return ", ".join(pool)


def load_authors(site_dir: Path, render_bio: Any) -> dict[str, Author] | None:
    """Authors from content/authors.yaml, or None when the site has no such file."""
    path = next((site_dir / "content" / n for n in ("authors.yaml", "authors.yml") if (site_dir / "content" / n).is_file()), None)
    if path is None:
        return None
    shown = path.relative_to(site_dir).as_posix()
    text = path.read_bytes()
    try:
        raw = frontmatter.load_yaml(text.decode("utf-8"), shown, what=shown) or {}
    except UnicodeDecodeError:
        raise SitegenError("the file is not valid UTF-8 text", file=shown, hint="save it with UTF-8 encoding") from None
    if not isinstance(raw, dict):
        raise SitegenError("authors.yaml must map author ids to their details", file=shown, line=1,
                           hint="write 'jane-doe:' then indented 'name: Jane Doe', 'bio: …', 'links: …'")
    lines = {ln.split(":", 1)[0].strip(): i for i, ln in enumerate(text.decode("utf-8").splitlines(), 1)
             if ln and not ln[0].isspace() and ":" in ln}
    authors: dict[str, Author] = {}
    problems = Collector()
    for key, info in raw.items():
        aid = str(key)
        line = lines.get(aid)
        if info is None:
            info = {}
        if not isinstance(info, dict):
            problems.add(SitegenError(f"author '{aid}' must be a mapping", file=shown, line=line,
                                      hint="give it indented keys: name, tagline, bio, avatar, links"))
            continue
        unknown = set(info) - {"name", "tagline", "bio", "avatar", "links"}
        if unknown:
            problems.add(SitegenError(f"author '{aid}' has unknown keys: {', '.join(sorted(unknown))}", file=shown,
                                      line=line, hint="known keys: name, tagline, bio, avatar, links"))
        slug = urls.slugify(aid)
        if not slug:
            problems.add(SitegenError(f"author id '{aid}' has no letters or digits", file=shown, line=line,
                                      hint="use an id like jane-doe"))
            continue
        links = []
        raw_links = info.get("links") or []
        if isinstance(raw_links, dict):
            raw_links = [{"name": k, "url": v} for k, v in raw_links.items()]
        for item in raw_links:
            if not isinstance(item, dict) or not item.get("url"):
                problems.add(SitegenError(f"a link of author '{aid}' has no url", file=shown, line=line,
                                          hint="write links as '- name: Site' and 'url: https://…'"))
                continue
            links.append(Link(str(item.get("name") or item["url"]), str(item["url"])))
        avatar = str(info.get("avatar") or "")
        if avatar and not avatar.startswith(("http://", "https://")):
            if not (site_dir / "content" / avatar).is_file():
                problems.add(SitegenError(f"avatar of author '{aid}' not found: content/{avatar}", file=shown,
                                          line=line, hint="give a path relative to content/, e.g. images/authors/jane.png"))
            avatar = "/" + avatar.lstrip("/")
        authors[aid] = Author(slug=slug, name=str(info.get("name") or aid), tagline=str(info.get("tagline") or ""),
                              bio_html=render_bio(str(info.get("bio") or ""), shown, line or 1), avatar=avatar,
                              links=tuple(links), url=urls.author_url(slug))
    problems.raise_if_any()
    return authors
