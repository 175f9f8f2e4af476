"""Every URL and output path rule of a site lives here.

URLs are site-absolute paths such as ``/posts/my-post/`` (without the base path).
Pages link to each other with relative URLs (so a site works at a domain root, under a
subpath and from disk); feeds, the sitemap and canonical links use absolute URLs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import quote

from sitegen.errors import SitegenError

_SEPARATORS = re.compile(r"[\s_/\\.·:;,+&|]+")
_DROP = re.compile(r"[^\w-]", re.UNICODE)
_DASHES = re.compile(r"-{2,}")


@lru_cache(maxsize=16384)
def slugify(text: str) -> str:
    """A stable, readable slug.

    Latin letters lose their accents (``Škoda Elroq`` -> ``skoda-elroq``, ``Citroën`` ->
    ``citroen``); letters of other scripts are kept (``小米 SU7`` -> ``小米-su7``).
    """
    text = text.replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
    text = text.replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L")
    text = re.sub(r"(?<=\d),(?=\d)", "", text)          # 550,000 -> 550000
    decomposed = unicodedata.normalize("NFKD", text)
    kept = decomposed if decomposed.isascii() else _latin_accents_dropped(decomposed)
    kept = unicodedata.normalize("NFC", kept).lower()
    kept = _SEPARATORS.sub("-", kept)
    kept = _DROP.sub("", kept) if kept.isascii() else "".join(c for c in kept if c.isalnum() or c in "-_" or _is_mark(c))
    return _DASHES.sub("-", kept).strip("-")


def _is_mark(c: str) -> bool:
    return unicodedata.category(c)[0] == "M"


def _optional_marks(base: str) -> bool:
    """Whether the marks on this letter are accents a slug does without: Latin (é), Greek (ά), and
    the vowel points of Hebrew and Arabic (שָׁלוֹם -> שלום)."""
    return base < "\u0250" or "\u0370" <= base < "\u0400" or "\u0590" <= base < "\u0900" or "\u1e00" <= base < "\u2000"


def _latin_accents_dropped(decomposed: str) -> str:
    """The accents left out (e + acute -> e); the marks that are part of a script's letters kept:
    the vowel signs and viramas of Hindi, Bengali, Tamil (हिन्दी, not हनद), Thai tone marks, the
    breve of the Cyrillic й."""
    out = []
    optional = False
    for c in decomposed:
        if _is_mark(c):
            if not optional:
                out.append(c)
        else:
            optional = _optional_marks(c)
            out.append(c)
    return "".join(out)


def check_slug(slug: str, file: str, line: int | None) -> str:
    if not slug or slug in (".", "..") or "/" in slug or "\\" in slug or slug.startswith("."):
        raise SitegenError(f"invalid slug '{slug}': it would write outside the post's folder",
                           file=file, line=line,
                           hint="use letters, digits and dashes, e.g. slug: my-post")
    return slug


def post_url(pattern: str, slug: str, year: int, month: int, day: int, *, file: str = "", line: int | None = None) -> str:
    url = pattern.format(slug=slug, year=f"{year:04d}", month=f"{month:02d}", day=f"{day:02d}")
    return safe_url(url, file=file, line=line)


def safe_url(url: str, *, file: str = "", line: int | None = None) -> str:
    """Normalise a site URL and refuse any that would leave the output folder."""
    if "\\" in url or "\x00" in url:
        raise SitegenError(f"URL '{url}' contains a backslash or NUL", file=file or None, line=line,
                           hint="use forward slashes only")
    parts = url.split("/")
    if any(p == ".." for p in parts):
        raise SitegenError(f"URL '{url}' would write outside the output folder", file=file or None,
                           line=line, hint="remove '..' from the slug or permalink")
    trailing = url.endswith("/")
    clean = "/" + "/".join(p for p in parts if p and p != ".")
    if trailing and clean != "/":
        clean += "/"
    return clean


def alias_url(path: str, *, file: str = "", line: int | None = None) -> str:
    """The site URL of an old address kept as a redirect: ``/old/path/`` or ``/old/file.html``.

    The leading slash is optional; a path ending in ``.html`` names that file, any other a
    folder (its redirect page is the folder's index.html). Percent-escapes are decoded, as a
    web server decodes them before it looks for the file.
    """
    from urllib.parse import unquote
    raw = path.strip()
    if not raw or "://" in raw or raw.startswith("//") or "?" in raw or "#" in raw:
        raise SitegenError(f"the alias '{path}' is not a path on this site", file=file or None, line=line,
                           hint="write the old address as a path from the site's root, "
                                "e.g. /2019/05/old-post/ or /old/page.html (no domain, query or #fragment)")
    url = safe_url("/" + unquote(raw).lstrip("/"), file=file, line=line)
    if not url.endswith((".html", "/")):
        url += "/"
    return url


def page_url(content_rel: str, slug: str | None = None, *, file: str = "", line: int | None = None) -> str:
    """A standalone page's URL from its file: ``pages/about.md`` -> ``/about/``,
    ``pages/legal/imprint.md`` -> ``/legal/imprint/``, a folder's ``index.md`` -> the folder's
    URL. Folder names are slugified; a slug replaces the last part."""
    parts = content_rel.removeprefix("pages/").removesuffix(".md").split("/")
    folders = [slugify(p) for p in parts[:-1]]
    if not all(folders):
        raise SitegenError("a folder of this page has no letters or digits in its name", file=file or None, line=1,
                           hint="rename the folder (its name becomes part of the page's URL)")
    last = None if parts[-1] == "index" else (slugify(parts[-1]) or "page")
    if slug is not None:
        if last is None and folders:
            folders.pop()
        last = slug
    return safe_url("/" + "/".join(folders + ([last] if last else [])) + "/", file=file, line=line)


def index_url(page: int = 1) -> str:
    return "/" if page == 1 else f"/page/{page}/"


def tag_url(slug: str, page: int = 1) -> str:
    return f"/tags/{slug}/" if page == 1 else f"/tags/{slug}/page/{page}/"


def author_url(slug: str, page: int = 1) -> str:
    return f"/authors/{slug}/" if page == 1 else f"/authors/{slug}/page/{page}/"


TAGS_URL = "/tags/"
AUTHORS_URL = "/authors/"
ARCHIVE_URL = "/archive/"
SEARCH_URL = "/search/"
RSS_URL = "/feed.xml"
ATOM_URL = "/atom.xml"
JSON_FEED_URL = "/feed.json"


MIXED_RSS_URL = "/all/feed.xml"        # mixed_feed = true: every language's posts in one feed
MIXED_ATOM_URL = "/all/atom.xml"


def language_prefix(code: str, default: str, in_folder: bool = False) -> str:
    """The folder of a language's pages: "" for the default language (unless it lives in a
    folder of its own too), else "/<code>" ("/de", "/pt-br")."""
    if code == default and not in_folder:
        return ""
    return "/" + code.lower()


def in_language(prefix: str, url: str) -> str:
    """A site URL of a language's page: "/de" + "/tags/" -> "/de/tags/"."""
    return prefix + url if prefix else url


def language_key(code: str, default: str, slug: str) -> str:
    """The key of a tag or author in one language: the slug itself in the default language,
    "de:slug" in another (slugs never hold a colon, so the keys of two languages never meet)."""
    return slug if code == default else f"{code}:{slug}"


def key_slug(key: str) -> str:
    """The slug of a tag's or author's key ("de:elektroauto" -> "elektroauto")."""
    return key.rpartition(":")[2]


def feed_urls(section_url: str, atom: bool = True) -> tuple[str, str]:
    """(rss, atom) URLs for a tag or author section; atom "" without an Atom twin."""
    return section_url + "feed.xml", section_url + "atom.xml" if atom else ""


def fold(path: str) -> str:
    """A URL or output path as a file system that ignores case or normalises Unicode sees it:
    two paths with the same fold are one file on macOS and Windows (and on some hosts)."""
    return unicodedata.normalize("NFC", path).casefold()


@lru_cache(maxsize=65536)
@lru_cache(maxsize=65536)
def output_path(url: str) -> str:
    """The file a URL is written to, relative to the output folder (memoised: the server's
    edits ask it of every page again, 2 µs each)."""
    url = safe_url(url)
    rel = url.lstrip("/")
    if url.endswith("/"):
        rel += "index.html"
    return rel


@lru_cache(maxsize=65536)
def depth(url: str) -> int:
    """How many folders deep a page's file is in the output."""
    return output_path(url).count("/")


_PLAIN = re.compile(r"[A-Za-z0-9/._~#-]*")


def encode(url: str) -> str:
    """Percent-encode a URL path (non-ASCII slugs become valid URLs)."""
    if _PLAIN.fullmatch(url):
        return url
    return quote(url, safe="/#?=&%~:@!$'()*+,;")


def file_url(rel: str) -> str:
    """The site URL of a content file: its path, with the '%', '#' and '?' of its name escaped
    (`photo #2.jpg`), which a site URL would otherwise read as an escape, a fragment or a query."""
    if "%" in rel or "#" in rel or "?" in rel:
        rel = rel.replace("%", "%25").replace("#", "%23").replace("?", "%3F")
    return "/" + rel


def absolute(base_url: str, url: str) -> str:
    """An absolute URL from the configured base URL and a site URL."""
    return base_url.rstrip("/") + encode(url)


def relative(from_url: str, to_url: str) -> str:
    """A relative link from one page to another that also works when opened from disk.

    The link climbs to the site's root and descends to the target, so it depends only on
    the depth of the page (which lets list entries be rendered once per depth). Folder URLs
    get an explicit ``index.html``: a browser reading files from disk does not look for it.
    """
    fragment = ""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        fragment = "#" + fragment
    if not to_url:
        return fragment or "#"
    return encode("../" * depth(from_url) + output_path(to_url)) + fragment
