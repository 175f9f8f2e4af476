"""WordPress: a WXR export file (versions 1.0, 1.1 and 1.2, which differ in namespace URIs).

Posts and pages; only `publish` is public: `draft` becomes a draft, `future` keeps its date,
`private`, `pending` and password-protected items are skipped and listed. Dates come from
`post_date_gmt` (the local `post_date` has no zone; when the GMT date is missing, the blog's
offset measured on the other items applies). Authors get their display names and never their
e-mail addresses. The item's old link becomes an alias.
"""

from __future__ import annotations

import html
import html.entities
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote

from sitegen.errors import Problem
from sitegen.importers import dates, html2md, links, sourcefm, wpcontent, xmllines
from sitegen.importers.images import Downloader
from sitegen.importers.model import AuthorInfo, Entry, Source

NS_CONTENT = "http://purl.org/rss/1.0/modules/content/"
NS_DC = "http://purl.org/dc/elements/1.1/"
# http or https, any 1.x version (WordPress's own test data and newer exports say https)
_WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/?$")
_EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/?$")
_BINDING = re.compile(r"""xmlns:([\w.-]+)\s*=\s*["']([^"']+)["']""")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TAG = re.compile(r"<[^>]+>")


class _Item:
    """One <item> with the export's namespaces resolved."""

    def __init__(self, el: ET.Element, wp: str, excerpt: str, lines: tuple[int, int] | None) -> None:
        self.el, self.wp, self.excerpt_ns = el, wp, excerpt
        self.line: int | None = lines[0] if lines else None              # of <item>
        self.content_line: int | None = lines[1] if lines else None      # of its <content:encoded>

    def text(self, tag: str) -> str:
        return (self.el.findtext(tag) or "").strip()

    def wpt(self, name: str) -> str:
        return (self.el.findtext(f"{{{self.wp}}}{name}") or "").strip()

    def meta(self) -> dict[str, str]:
        out = {}
        for pm in self.el.findall(f"{{{self.wp}}}postmeta"):
            out[(pm.findtext(f"{{{self.wp}}}meta_key") or "").strip()] = (pm.findtext(f"{{{self.wp}}}meta_value") or "").strip()
        return out

    @property
    def content(self) -> str:
        return self.el.findtext(f"{{{NS_CONTENT}}}encoded") or ""

    @property
    def excerpt(self) -> str:
        return (self.el.findtext(f"{{{self.excerpt_ns}}}encoded") or "").strip()


def _old_base(channel: ET.Element, wp: str) -> str:
    """The old blog's address: `base_blog_url`, unless the items' links live on another host (a
    WordPress.com blog with its own domain exports base_blog_url as *.wordpress.com) that the
    channel's <link> names: then that."""
    from collections import Counter
    base = (channel.findtext(f"{{{wp}}}base_blog_url") or "").strip()
    link = (channel.findtext("link") or "").strip()
    hosts = Counter(links.split((it.findtext("link") or "").strip()).netloc.lower().removeprefix("www.")
                    for it in channel.findall("item"))
    hosts.pop("", None)
    common = hosts.most_common(1)[0][0] if hosts else ""

    def host(url: str) -> str:
        return links.split(url).netloc.lower().removeprefix("www.")

    if base and link and common and host(base) != common and host(link) == common:
        return link
    return base or link


def _unpack(raw: bytes, src: str, source: Source) -> tuple[bytes, str] | None:
    """The XML of an export that may come zipped (WordPress.com) or gzipped; None after an error."""
    import gzip
    import io
    import zipfile
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw), src
        except (OSError, EOFError) as exc:
            source.error(f"the gzipped export cannot be read: {exc}", src, None, "download the export again")
            return None
    if raw[:4] != b"PK\x03\x04":
        return raw, src
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = sorted(n for n in archive.namelist() if n.lower().endswith(".xml") and not n.startswith("__MACOSX/"))
            if len(names) == 1:
                return archive.read(names[0]), f"{src}:{names[0]}"
    except (zipfile.BadZipFile, OSError) as exc:
        source.error(f"the zipped export cannot be read: {exc}", src, None, "download the export again")
        return None
    if not names:
        source.error("the zip file holds no .xml export", src, None, "export the site again: Tools > Export")
    else:
        source.error(f"the zip file holds {len(names)} export files ({', '.join(names[:4])}"
                     f"{', …' if len(names) > 4 else ''})", src, None,
                     "unzip it and import each file in turn, into the same site")
    return None


def _namespaces(text: str) -> tuple[str, str]:
    """The URIs the export binds its `wp` and `excerpt` prefixes to, whatever they are (as WordPress's
    own importer reads them); else a wordpress.org/export URI bound to another prefix."""
    bound = dict(_BINDING.findall(text[:5000]))
    wp = bound.get("wp") or next((u for u in bound.values() if _WP_NS.match(u)), "")
    excerpt = bound.get("excerpt") or next((u for u in bound.values() if _EXCERPT_NS.match(u)),
                                           wp.rstrip("/") + "/excerpt/" if wp else "")
    return wp, excerpt


def _local(value: str) -> datetime | None:
    if not value or value.startswith("0000"):
        return None
    return dates.parse(value, UTC)


def _blog_offset(items: list[_Item]) -> timedelta:
    """The blog's UTC offset, measured as post_date - post_date_gmt on the first item that has both."""
    for it in items:
        local, gmt = _local(it.wpt("post_date")), _local(it.wpt("post_date_gmt"))
        if local and gmt:
            return local - gmt
    return timedelta(0)


def _date(it: _Item, offset: timedelta) -> datetime | None:
    gmt = _local(it.wpt("post_date_gmt"))
    if gmt is not None:
        return gmt
    local = _local(it.wpt("post_date"))
    if local is not None:
        return local.replace(tzinfo=timezone(offset))
    return dates.parse(it.text("pubDate")) if it.text("pubDate") else None


def _authors(channel: ET.Element, wp: str, source: Source) -> None:
    for a in channel.findall(f"{{{wp}}}author"):
        login = (a.findtext(f"{{{wp}}}author_login") or "").strip()
        email = (a.findtext(f"{{{wp}}}author_email") or "").strip()
        if email:
            source.secrets.add(email)
        display = (a.findtext(f"{{{wp}}}author_display_name") or "").strip()
        full = " ".join(x for x in ((a.findtext(f"{{{wp}}}author_first_name") or "").strip(),
                                    (a.findtext(f"{{{wp}}}author_last_name") or "").strip()) if x)
        display, full = html.unescape(display), html.unescape(full)      # "O&#8217;Riley" in CDATA
        name = next((n for n in (display, full, login) if n and not _EMAIL.search(n)), "")
        if login:
            source.authors[login] = AuthorInfo(name or _safe_login(login))


def _safe_login(login: str) -> str:
    return login.split("@", 1)[0] if "@" in login else login


# the category WordPress puts every post in by default, as its translations name it: never a real tag
_DEFAULT_CATEGORY = {"uncategorized", "uncategorised", "allgemein", "non-classe", "sin-categoria", "senza-categoria",
                     "geen-categorie", "sem-categoria", "bez-kategorii", "okategoriserade", "ukategoriseret",
                     "ukategorisert", "yleinen", "nezarazene", "genel", "без-рубрики", "未分類", "未分类", "미분류"}
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_NAMED = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_CDATA = re.compile(r"(<!\[CDATA\[.*?\]\]>)", re.S)


def _html_entities(text: str, source: Source, shown: str) -> str:
    """HTML's named entities (`&eacute;`, `&nbsp;`) outside CDATA, which XML does not know and which
    made the whole export unreadable, as numeric references; the first is reported."""
    first: list[int] = []
    parts = _CDATA.split(text)
    offset = 0
    for i, part in enumerate(parts):
        if i % 2 == 0:
            def numeric(m: re.Match[str], at: int = offset) -> str:
                name = m.group(1)
                if name in _XML_ENTITIES or name not in html.entities.name2codepoint:
                    return m.group(0)
                if not first:
                    first.append(text.count("\n", 0, at + m.start()) + 1)
                return f"&#{html.entities.name2codepoint[name]};"
            parts[i] = _NAMED.sub(numeric, part)
        offset += len(part)
    if first:
        source.warn("HTML entities such as &eacute; outside CDATA (not XML) were read as the characters they name",
                    shown, first[0])
    return "".join(parts)


def _item_lines(text: str) -> list[tuple[int, int]]:
    """(line of <item>, line of its <content:encoded>) of every item, in order. CDATA sections and
    comments are blanked first (their newlines kept): a post about RSS may hold a literal `<item>`."""
    text = xmllines.blank_opaque(text)
    lines = xmllines.Counter(text)
    out = []
    for m in re.finditer(r"<item\b", text):
        start = lines.at(m.start())
        content = text.find("<content:encoded", m.start())
        end = text.find("</item>", m.start())
        line = lines.at(content) if 0 <= content < (end if end >= 0 else len(text)) else start
        out.append((start, line))
    return out


def read_export(src: str, download: bool = True, downloader: Downloader | None = None) -> Source:
    source = Source()
    shown = src
    try:
        raw = Path(src).read_bytes()
    except OSError as exc:
        source.error(f"cannot read the export: {exc.strerror}", shown)
        return source
    unpacked = _unpack(raw, src, source)       # WordPress.com hands its export out as a .zip
    if unpacked is None:
        return source
    raw, shown = unpacked
    text, bad = sourcefm.decode(raw)
    if bad is not None:         # declared UTF-8, but with Windows-1252 smart quotes pasted in
        source.warn("the export is not valid UTF-8: its other bytes were read as Windows-1252 (smart quotes, dashes)",
                    shown, bad, "check the accented letters and quotes of the posts near that line")
    text = re.sub(r"^\ufeff?(<\?xml[^>]*?)\sencoding=([\"'])[^\"']*\2", r"\1 encoding=\2UTF-8\2", text.lstrip("\ufeff"))
    if _BAD_CHARS.search(text):
        source.warn("control characters that XML forbids were removed from the export", shown,
                    text.count("\n", 0, _BAD_CHARS.search(text).start()) + 1)   # type: ignore[union-attr]
        text = _BAD_CHARS.sub("", text)
    text = _html_entities(text, source, shown)
    wp, excerpt = _namespaces(text)
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        line, column = exc.position
        source.error(f"the export is not well-formed XML ({str(exc).split(':')[0]}, column {column})", shown, line,
                     "export it again from WordPress (Tools > Export), or fix that line")
        return source
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not wp:
        source.error("not a WordPress export (WXR): no <rss><channel> with the wordpress.org/export namespace",
                     shown, 1, "export the site from WordPress: Tools > Export > All content")
        return source
    source.title = (channel.findtext("title") or "").strip()
    source.description = (channel.findtext("description") or "").strip()
    source.old_base = _old_base(channel, wp)
    source.language = (channel.findtext("language") or "").split("-")[0].strip()
    _authors(channel, wp, source)
    lines = _item_lines(text)
    items = [_Item(el, wp, excerpt, lines[i] if i < len(lines) else None) for i, el in enumerate(channel.findall("item"))]
    attachments = {}
    menu: dict[str, int] = {}
    for it in items:
        kind = it.wpt("post_type")
        if kind == "attachment":
            m = it.meta()
            attachments[it.wpt("post_id")] = wpcontent.Attachment(
                it.wpt("post_id"), it.wpt("attachment_url") or it.text("guid"), it.text("title"),
                m.get("_wp_attachment_image_alt", ""), _TAG.sub("", it.excerpt), it.wpt("post_parent"),
                int(it.wpt("menu_order") or 0))
        elif kind == "nav_menu_item":
            m = it.meta()
            if m.get("_menu_item_object") == "page" and m.get("_menu_item_object_id"):
                menu.setdefault(m["_menu_item_object_id"], int(it.wpt("menu_order") or 0))
    offset = _blog_offset(items)
    pages = {it.wpt("post_id"): it for it in items if it.wpt("post_type") == "page"}
    dl = downloader or Downloader(enabled=download)
    comments = 0
    other_types: dict[str, int] = {}
    for it in items:
        kind = it.wpt("post_type")
        if kind not in ("post", "page"):
            if kind not in ("attachment", "nav_menu_item", "revision", "wp_block", "wp_template", "wp_template_part",
                            "wp_global_styles", "wp_navigation", "custom_css", "customize_changeset", "oembed_cache"):
                other_types[kind] = other_types.get(kind, 0) + 1
            continue
        comments += len(it.el.findall(f"{{{wp}}}comment"))
        entry = _entry(it, kind, shown, source, offset=offset, attachments=attachments, dl=dl)
        if entry is None:
            continue
        if kind == "page":
            entry.folder = _page_folder(it, pages)
            entry.menu = menu.get(it.wpt("post_id"))
        source.entries.append(entry)
    for kind, count in sorted(other_types.items()):
        source.warn(f"{count} item(s) of the post type '{kind}' were not imported (only posts and pages are)", shown)
    if comments:
        source.warn(f"{comments} comment(s) were not imported (sitegen has no comments; see the `comments` setting)", shown)
    return source


def _page_folder(it: _Item, pages: dict[str, _Item]) -> str:
    parts: list[str] = []
    parent = it.wpt("post_parent")
    while parent and parent != "0" and parent in pages and len(parts) < 10:
        p = pages[parent]
        parts.insert(0, unquote(p.wpt("post_name")) or p.text("title"))
        parent = p.wpt("post_parent")
    return "/".join(parts)


def _entry(it: _Item, kind: str, shown: str, source: Source, *, offset: timedelta,
           attachments: dict[str, wpcontent.Attachment], dl: Downloader) -> Entry | None:
    # a title is HTML: tags dropped, then its entities (&#8217; &amp;) read
    title = " ".join(html.unescape(_TAG.sub("", it.text("title"))).split()) or "Untitled"
    status = it.wpt("status")
    if status in ("private", "pending", "trash", "auto-draft", "inherit") or it.wpt("post_password"):
        why = "password-protected" if it.wpt("post_password") else status
        if status not in ("trash", "auto-draft", "inherit") or it.wpt("post_password"):
            source.skipped.append(_problem(f"'{title}' is {why}: not imported", shown, it.line))
        return None
    when = _date(it, offset)
    notes: list[tuple[int, str]] = []
    body_html = wpcontent.to_html(it.content, it.wpt("post_id"), attachments, notes)
    for at, message in notes:
        source.warn(message, shown, it.content_line + at - 1 if it.content_line else it.line)
    ctx = html2md.Context(shown, it.line, source.old_base, dl)
    body = html2md.convert(body_html, ctx)
    for line, message in ctx.warnings:
        source.warn(message, shown, line)
    source.images += ctx.images
    entry = Entry(kind=kind, source=shown, line=it.line, title=title, body=body, date=when,
                  draft=status == "draft", slug=unquote(it.wpt("post_name")), files=ctx.files)
    entry.updated = _local(it.wpt("post_modified_gmt"))
    creator = (it.el.findtext(f"{{{NS_DC}}}creator") or "").strip()
    if creator:
        if creator not in source.authors:
            source.authors[creator] = AuthorInfo(_safe_login(creator))
            if "@" in creator:
                source.secrets.add(creator)
        entry.authors = [creator]
    tags = []
    for cat in it.el.findall("category"):
        name = html.unescape(cat.text or "").strip()
        default = cat.get("domain") == "category" and unquote(cat.get("nicename") or "").lower() in _DEFAULT_CATEGORY
        if cat.get("domain") in ("category", "post_tag") and name and not default:
            tags.append(name)
    entry.tags = tags
    summary = " ".join(html.unescape(_TAG.sub("", it.excerpt)).split())
    entry.summary = summary
    link = it.text("link")
    if link and "?" not in link:
        entry.old_urls.append(link)
        entry.old_urls += _old_slug_links(it, link)
    if when is not None:
        entry.folder = f"{when.year:04d}"
    thumb = it.meta().get("_thumbnail_id")
    if thumb and thumb in attachments:
        _cover(entry, attachments[thumb], ctx, source)
    return entry


def _old_slug_links(it: _Item, link: str) -> list[str]:
    """WordPress keeps a post's earlier slugs (`_wp_old_slug`, one per rename) and redirects them:
    the old links, with the slug in the item's link replaced by each old one."""
    slug = it.wpt("post_name")
    path = link.rstrip("/")
    if not slug or not path.endswith("/" + slug):
        return []
    out = []
    for pm in it.el.findall(f"{{{it.wp}}}postmeta"):
        if (pm.findtext(f"{{{it.wp}}}meta_key") or "").strip() == "_wp_old_slug":
            old = (pm.findtext(f"{{{it.wp}}}meta_value") or "").strip()
            if old and old != slug and "/" not in old:
                out.append(path[: -len(slug)] + old + ("/" if link.endswith("/") else ""))
    return out


def _cover(entry: Entry, att: wpcontent.Attachment, ctx: html2md.Context, source: Source) -> None:
    from sitegen.importers.images import DownloadError, local_name
    entry.cover_alt = att.alt or att.caption or att.title
    entry.cover = att.url
    if ctx.downloader is None or not ctx.downloader.enabled:
        return
    try:
        data, ext = ctx.downloader.get(att.url)
    except DownloadError as exc:
        source.warn(f"cover image {att.url} stays remote: {exc}", entry.source, entry.line)
        return
    name = next((n for n, d in entry.files.items() if d is data), None) or local_name(att.url, ext, set(entry.files))
    if name not in entry.files:
        source.images += 1
    entry.files[name] = data
    entry.cover = name


def _problem(message: str, file: str, line: int | None) -> Problem:
    return Problem(message, file, line)
