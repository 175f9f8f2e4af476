"""A feed: RSS 2.0, Atom or JSON Feed, from a file or a URL.

The body is the full content (`content:encoded`, Atom `content`, `content_html`), not the
summary; the guid or id becomes `feed_id` so readers do not see the posts again as new; the
item's link becomes an alias. Author names are kept, e-mail addresses never.
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitegen import __version__
from sitegen.importers import dates, html2md, links, xmllines
from sitegen.importers.images import Downloader
from sitegen.importers.model import AuthorInfo, Entry, Source

MAX_FEED_BYTES = 50 * 1024 * 1024
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TAG = re.compile(r"<[^>]+>")


def _fetch(url: str, timeout: float = 20.0) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": f"sitegen-import/{__version__}"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data: bytes = response.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise OSError(f"the feed is larger than {MAX_FEED_BYTES // (1024 * 1024)} MiB")
    return data


def read_feed(src: str, download: bool = True, downloader: Downloader | None = None) -> Source:
    source = Source()
    try:
        data = _fetch(src) if src.startswith(("http://", "https://")) else Path(src).read_bytes()
    except urllib.error.HTTPError as exc:
        source.error(f"cannot fetch the feed: HTTP {exc.code}", src, None, "check the address")
        return source
    except (urllib.error.URLError, OSError, ValueError) as exc:
        source.error(f"cannot read the feed: {getattr(exc, 'reason', None) or getattr(exc, 'strerror', None) or exc}", src)
        return source
    dl = downloader or Downloader(enabled=download)
    if data.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":      # a BOM before JSON is common
        _json_feed(data, src, source, dl)
    else:
        _xml_feed(data, src, source, dl)
    return source


def _author_key(name: str, email: str, source: Source) -> str | None:
    """The author of an item by name; an e-mail alone never becomes a name."""
    if email:
        source.secrets.add(email)
    name = _EMAIL.sub("", name or "").strip(" ()<>,")
    if not name:
        return None
    source.authors.setdefault(name, AuthorInfo(name))
    return name


def _html_body(text: str, is_html: bool, base: str, *, src: str, line: int | None, source: Source,
               dl: Downloader) -> tuple[str, dict[str, Any]]:
    if not is_html:
        text = "".join(f"<p>{html.escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())
    ctx = html2md.Context(src, line, base, dl)
    body = html2md.convert(text, ctx)
    for at, message in ctx.warnings:
        source.warn(message, src, at)
    source.images += ctx.images
    return body, ctx.files


def _cover(entry: Entry, url: str, alt: str, dl: Downloader, source: Source) -> None:
    from sitegen.importers.images import DownloadError, local_name
    entry.cover, entry.cover_alt = url, alt
    if not dl.enabled:
        return
    try:
        data, ext = dl.get(url)
    except DownloadError as exc:
        source.warn(f"cover image {url} stays remote: {exc}", entry.source, entry.line)
        return
    name = next((n for n, d in entry.files.items() if d is data), None)
    if name is None:
        name = local_name(url, ext, set(entry.files))
        entry.files[name] = data
        source.images += 1
    entry.cover = name


def _xml_feed(data: bytes, src: str, source: Source, dl: Downloader) -> None:
    import feedparser
    # relative addresses are resolved by html2md: feedparser's own pass re-writes the markup (it
    # lowercases SVG attributes and loses self-closing tags)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False,
                              response_headers={"content-location": src} if src.startswith("http") else None)
    if parsed.get("bozo") and not parsed.entries:
        exc = parsed.get("bozo_exception")
        line = exc.getLineNumber() if hasattr(exc, "getLineNumber") else None
        source.error(f"not a feed that can be read: {exc}", src, line,
                     "give an RSS 2.0, Atom or JSON Feed file or address")
        return
    feed = parsed.feed
    if not feed and not parsed.entries:
        source.error("not an RSS, Atom or JSON feed", src, 1, "give an RSS 2.0, Atom or JSON Feed file or address")
        return
    source.title = str(feed.get("title") or "")
    source.description = str(feed.get("subtitle") or "")
    source.old_base = str(feed.get("link") or "")
    source.language = str(feed.get("language") or "").split("-")[0]
    text = data.decode("utf-8", errors="replace")
    following = next((str(link.get("href")) for link in feed.get("links") or [] if link.get("rel") == "next"), "")
    if following:
        source.warn(f"the feed continues at {following}: only this page of it was imported", src, None,
                    "import each page, or the blog's full export where there is one")
    item_lines = xmllines.starts(text, r"<(?:item|entry)[\s>]")
    has_base = "xml:base" in xmllines.blank_opaque(text)
    left_out: dict[str, int] = {}
    for n, item in enumerate(parsed.entries, 1):
        line = _item_line(item_lines, n)
        kind = _blogger_kind(item)          # a Blogger export holds settings, templates and comments too
        if kind not in ("post", "page"):
            left_out[kind] = left_out.get(kind, 0) + 1
            continue
        contents = item.get("content") or []
        best = next((c for c in contents if "html" in str(c.get("type", ""))), contents[0] if contents else None)
        if best is not None:
            body_src, is_html = str(best.get("value") or ""), "html" in str(best.get("type", "html"))
        else:
            body_src = str(item.get("summary") or "")
            is_html = "html" in str((item.get("summary_detail") or {}).get("type", "text/html"))
            if body_src:
                source.warn("the item has no full content, only a summary: the summary is the body", src, line)
        # relative addresses: Atom resolves them against xml:base (feedparser keeps it on the content),
        # RSS has none, and readers take the item's link
        declared = str((best or item.get("summary_detail") or {}).get("base") or "") if has_base else ""
        base = declared if declared.startswith(("http://", "https://")) else str(item.get("link") or source.old_base)
        media = _media_of(item)          # a podcast episode's sound is its enclosure, not in the text
        if media:
            body_src = (body_src if is_html else "".join(f"<p>{html.escape(p.strip())}</p>"
                                                         for p in re.split(r"\n\s*\n", body_src) if p.strip())) + media
            is_html = True
        body, files = _html_body(body_src, is_html, base, src=src, line=line, source=source, dl=dl)
        # dict.get: feedparser's own get() maps a missing `updated` to `published`, with a warning
        published, updated_text = dict.get(item, "published") or "", dict.get(item, "updated") or ""
        when = dates.parse(published) or dates.parse(updated_text)
        title = html.unescape(_TAG.sub("", str(item.get("title") or ""))).strip() or title_from(body_src) or "Untitled"
        entry = Entry(kind, src, line, title, body, date=when if kind == "post" else None, files=files,
                      draft=_is_draft(item))
        updated = dates.parse(updated_text)
        entry.updated = updated if updated and when and updated > when else None
        # an RSS item without a guid is known to readers by its link: keep that, or they show it again
        entry.feed_id = str(item.get("id") or item.get("link") or "")
        link = str(item.get("link") or "")
        if link.startswith(("http://", "https://")):     # without a link, feedparser gives the id (tag:…)
            entry.old_urls.append(link)
            entry.stem = _stem_of(link)
        authors = item.get("authors") or ([item["author_detail"]] if item.get("author_detail") else []) \
            or feed.get("authors") or []          # an Atom entry without an author has the feed's
        keys = [_author_key(str(a.get("name") or ""), str(a.get("email") or ""), source) for a in authors]
        entry.authors = [k for k in keys if k]
        entry.tags = [str(t.get("label") or t.get("term") or "") for t in item.get("tags") or []
                      if t.get("scheme") != _KIND_SCHEME]
        if best is not None and item.get("summary") and item.get("summary") != body_src:
            entry.summary = " ".join(html.unescape(_TAG.sub("", str(item["summary"]))).split())[:500]
        image = _image_of(item)
        if image:
            _cover(entry, image, "", dl, source)
        if when is not None and kind == "post":
            entry.folder = f"{when.year:04d}"
        source.entries.append(entry)
        if when is None and kind == "post":
            source.warn("the item has no date", src, line)
    for kind, count in sorted(left_out.items()):
        what = "comment(s)" if kind == "comment" else f"'{kind}' entries"
        source.warn(f"{count} {what} of the Blogger export were not imported (only posts and pages are)", src)


_KIND_SCHEME = "http://schemas.google.com/g/2005#kind"


def _blogger_kind(item: Any) -> str:
    """"post", "page", or what else a Blogger export entry is ("comment", "settings", "template");
    "post" for an entry of any other feed."""
    for tag in item.get("tags") or []:
        if tag.get("scheme") == _KIND_SCHEME:
            return str(tag.get("term") or "").rsplit("#", 1)[-1].lower() or "post"
    typed = str(item.get("blogger_type") or "").lower()           # Blogger's newer (Takeout) export
    return typed if typed else "post"


def _is_draft(item: Any) -> bool:
    """Atom Publishing's <app:draft>yes</app:draft>, or the newer Blogger export's status."""
    return str(item.get("app_draft") or "").strip().lower() == "yes" or \
        str(item.get("blogger_status") or "").strip().upper() in ("DRAFT", "SOFT_TRASHED")


def _stem_of(url: str) -> str:
    """The last part of an item's address (``/posts/my-trip/`` -> ``my-trip``), the post's new file name."""
    from urllib.parse import unquote
    parts = links.split(url)
    path = parts.path if not parts.query else ""
    last = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    for suffix in (".html", ".htm", ".php"):
        last = last.removesuffix(suffix)
    return "" if last in ("", "index") else last


def _image_of(item: Any) -> str:
    for key in ("media_content", "media_thumbnail"):
        for m in item.get(key) or []:
            if m.get("url") and (m.get("medium") in (None, "image") or str(m.get("type", "")).startswith("image/")):
                return str(m["url"])
    for enc in item.get("enclosures") or []:
        if str(enc.get("type", "")).startswith("image/") and enc.get("href"):
            return str(enc["href"])
    return ""


def _media_of(item: Any) -> str:
    """Players for an item's audio and video enclosures (podcasts) that its text does not link already."""
    out = []
    text = str(item.get("summary") or "") + " ".join(str(c.get("value") or "") for c in item.get("content") or [])
    for enc in item.get("enclosures") or []:
        kind = str(enc.get("type") or "").split("/", 1)[0]
        href = str(enc.get("href") or "")
        if kind in ("audio", "video") and href.startswith(("http://", "https://")) and href not in text:
            src = html.escape(href, quote=True)
            out.append(f'<figure><{kind} controls src="{src}"><a href="{src}">{html.escape(href.rsplit("/", 1)[-1])}'
                       f"</a></{kind}></figure>")
    return "".join(out)


def _item_line(lines: list[int], n: int) -> int | None:
    return lines[n - 1] if n <= len(lines) else None


def title_from(body_html: str) -> str:
    """A title for an item that has none (microblogs, Mastodon): its first sentence, at most 60 characters."""
    text = " ".join(html.unescape(_TAG.sub(" ", body_html)).split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) <= 60:
        return first
    return first[:60].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def _json_feed(data: bytes, src: str, source: Source, dl: Downloader) -> None:
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        source.error(f"not a JSON Feed: {getattr(exc, 'msg', exc)}", src, getattr(exc, "lineno", None))
        return
    if not isinstance(feed, dict) or not str(feed.get("version", "")).startswith("https://jsonfeed.org/version/"):
        source.error("not a JSON Feed (no jsonfeed.org version)", src, 1, "give an RSS 2.0, Atom or JSON Feed file")
        return
    source.title = str(feed.get("title") or "")
    source.description = str(feed.get("description") or "")
    source.old_base = str(feed.get("home_page_url") or "")
    source.language = str(feed.get("language") or "").split("-")[0]
    feed_authors = feed.get("authors") or ([feed["author"]] if isinstance(feed.get("author"), dict) else [])
    for item in feed.get("items") or []:
        if not isinstance(item, dict):
            continue
        html_src = item.get("content_html")
        body_src = str(html_src if html_src is not None else item.get("content_text") or item.get("summary") or "")
        base = str(item.get("url") or source.old_base)
        body, files = _html_body(body_src, html_src is not None, base, src=src, line=None, source=source, dl=dl)
        when = dates.parse(item.get("date_published") or "") or dates.parse(item.get("date_modified") or "")
        title = str(item.get("title") or "").strip() or title_from(body_src if html_src is not None
                                                                    else html.escape(body_src)) or "Untitled"
        entry = Entry("post", src, None, title, body, date=when, files=files)
        modified = dates.parse(item.get("date_modified") or "")
        entry.updated = modified if modified and when and modified > when else None
        entry.feed_id = str(item.get("id") or "")
        if item.get("url"):
            entry.old_urls.append(str(item["url"]))
            entry.stem = _stem_of(str(item["url"]))
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else []) or feed_authors
        keys = [_author_key(str(a.get("name") or ""), "", source) for a in authors if isinstance(a, dict)]
        entry.authors = [k for k in keys if k]
        entry.tags = [str(t) for t in item.get("tags") or []]
        entry.summary = str(item.get("summary") or "") if html_src is not None or item.get("content_text") else ""
        image = str(item.get("image") or item.get("banner_image") or "")
        if image:
            _cover(entry, image, "", dl, source)
        if when is not None:
            entry.folder = f"{when.year:04d}"
        source.entries.append(entry)
    if urlsplit(source.old_base).scheme not in ("http", "https"):
        source.old_base = ""
