"""Jekyll: a site folder with `_posts/` (and optionally `_config.yml`, `_drafts/`, pages).

The date comes from the front matter, else from the `YYYY-MM-DD-` file name; `category`
beats `categories` as in Jekyll, and space-separated strings are split; the old URL comes
from the post's `permalink`, the site's, or Jekyll's default, and becomes an alias.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml

from sitegen import safeyaml
from sitegen.errors import SitegenError
from sitegen.importers import dates, liquid, localfiles, sourcefm
from sitegen.importers.kramdown import kramdown_anchors, kramdown_callouts, kramdown_inline_math
from sitegen.importers.model import AuthorInfo, Entry, Source

POST_SUFFIXES = (".md", ".markdown", ".mkd", ".mkdn", ".mdown", ".html")
STYLES = {"date": "/:categories/:year/:month/:day/:title:output_ext",
          "pretty": "/:categories/:year/:month/:day/:title/",
          "ordinal": "/:categories/:year/:y_day/:title:output_ext",
          "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
          "none": "/:categories/:title:output_ext"}
_TOC_MARK = r"[ \t]*\{:[ \t]*\.?toc[ \t]*\}[ \t]*\n?"
_KRAMDOWN_TOC = re.compile(r"^[ \t]*(?:[*+-]|1\.)[ \t]+[^\n]*\n" + _TOC_MARK + "|^" + _TOC_MARK, re.M | re.I)
_LIST_LOOP = re.compile(r"\{%-?\s*for\s+\w+\s+in\s+(?:paginator\.posts|site\.(?:posts|tags|categories|pages)"
                        r"|site\.\w+\.(?:posts|docs))")
THEME_KEYS = {"layout", "permalink", "published", "comments", "sidebar", "share", "excerpt_separator", "redirect_from"}


def _words(value: Any, *, commas: bool = True) -> list[str]:
    """Categories and tags: a list, or a string split on spaces as Jekyll does, and (for the tags
    written, not the old URL) on commas: "flour, water" means two tags, not "flour," and "water"."""
    if value is None:
        return []
    if isinstance(value, str):
        return [w.strip("\"'") for w in re.split(r"[\s,]+" if commas else r"\s+", value) if w.strip("\"'")]
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _config(root: Path, source: Source) -> dict[str, Any]:
    path = root / "_config.yml"
    if not path.is_file():
        return {}
    try:
        data = safeyaml.safe_load(sourcefm.read_text(path, source.warn)) or {}
    except SitegenError as err:
        source.errors.extend(err.problems)
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        source.error(f"invalid YAML in _config.yml: {getattr(exc, 'problem', exc)}", str(path),
                     mark.line + 1 if mark else None, "fix _config.yml and run the import again")
        return {}
    return data if isinstance(data, dict) else {}


def _permalink(pattern: str, when: datetime, title: str, cats: list[str], ext: str) -> str:
    pattern = STYLES.get(pattern, pattern)
    values = {"year": f"{when.year:04d}", "month": f"{when.month:02d}", "day": f"{when.day:02d}",
              "i_month": str(when.month), "i_day": str(when.day), "short_year": f"{when.year % 100:02d}",
              "hour": f"{when.hour:02d}", "minute": f"{when.minute:02d}", "second": f"{when.second:02d}",
              "y_day": f"{when.timetuple().tm_yday:03d}", "title": title, "slug": title,
              "categories": "/".join(c.lower() for c in cats), "output_ext": ext,
              "short_month": when.strftime("%b"), "long_month": when.strftime("%B"),
              "week": f"{when.isocalendar()[1]:02d}", "short_day": when.strftime("%a")}
    url = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    url = re.sub(r"/{2,}", "/", "/" + url)
    return url


def _authors_data(root: Path, source: Source) -> dict[str, AuthorInfo]:
    for name in ("authors.yml", "authors.yaml"):
        path = root / "_data" / name
        if path.is_file():
            try:
                data = safeyaml.safe_load(sourcefm.read_text(path, source.warn)) or {}
            except (yaml.YAMLError, SitegenError):
                source.warn("_data/authors.yml is not valid YAML: author names are the ids", str(path))
                return {}
            out = {}
            for key, info in (data.items() if isinstance(data, dict) else []):
                info = info if isinstance(info, dict) else {}
                out[str(key).lower()] = AuthorInfo(str(info.get("name") or info.get("display_name") or key),
                                                   str(info.get("bio") or ""))
            return out
    return {}


def _files(root: Path) -> list[tuple[Path, bool, list[str]]]:
    """(file, is_draft, categories from the folders above _posts) of every post, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("_site", "node_modules", ".git", "vendor", ".jekyll-cache"))
        here = Path(dirpath)
        rel = here.relative_to(root).parts
        for marker, draft in (("_posts", False), ("_drafts", True)):
            if marker in rel:
                cats = list(rel[:rel.index(marker)])
                for name in sorted(filenames):
                    if name.endswith(POST_SUFFIXES) and not name.startswith("."):
                        found.append((here / name, draft, cats))
    return found


def read_site(src: str, download: bool = True) -> Source:
    root = Path(src)
    source = Source()
    if not root.is_dir():
        source.error("a Jekyll import reads a site folder (with _posts/)", src, None, "give the folder that holds _posts/")
        return source
    config = _config(root, source)
    tz: tzinfo = dates.zone(config.get("timezone"))
    source.title = str(config.get("title") or "")
    source.description = str(config.get("description") or "")
    base = str(config.get("url") or "").rstrip("/") + str(config.get("baseurl") or "").rstrip("/")
    source.old_base = base + "/" if base.startswith("http") else ""
    known_authors = _authors_data(root, source)
    posts = _files(root)
    if not posts:
        source.error("no posts found: the folder has no _posts/ (or _drafts/) with .md, .markdown or .html files",
                     src, None, "give the Jekyll site's folder")
        return source
    by_name: dict[str, str] = {}         # post file name without extension -> old URL (for post_url)
    parsed = []
    for path, draft, cats in posts:
        try:
            doc = sourcefm.read(path.read_bytes(), str(path), warn=source.warn)
        except SitegenError as err:
            source.errors.extend(err.problems)
            continue
        entry = _entry(path, doc, draft, cats, config=config, tz=tz, source=source, known_authors=known_authors)
        if entry is None:
            continue
        rel = path.relative_to(root).as_posix()
        by_name[path.stem] = entry.old_urls[0] if entry.old_urls else ""
        by_name[rel] = by_name[path.stem]
        parsed.append((path, doc, entry))
    pages, stubs = _pages(root, config, source)
    _collections(root, config, source)
    for path, doc, entry in parsed:
        _body(path, doc, entry, config=config, by_name=by_name, pages=pages, source=source)
        localfiles.collect(entry, path, [root], source)
        source.entries.append(entry)
    if stubs:
        _tag_redirects(stubs, source)
    return source


def _page_files(root: Path, config: dict[str, Any]) -> list[Path]:
    """Markdown pages anywhere in the site (about.md, about/index.md, projects/x.md, and folders named
    in `include:` such as Minimal Mistakes' _pages/), as Jekyll finds them."""
    include = {str(x).strip("/") for x in config.get("include") or [] if isinstance(x, str)}
    exclude = {str(x).strip("/") for x in config.get("exclude") or [] if isinstance(x, str)}
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel = here.relative_to(root).as_posix()
        dirnames[:] = sorted(d for d in dirnames if (not d.startswith(("_", ".")) or d in include)
                             and d not in ("node_modules", "vendor", "_site") and f"{rel}/{d}".lstrip("./") not in exclude
                             and d not in exclude)
        for name in sorted(filenames):
            stem = name.rsplit(".", 1)[0].lower()
            # pages written as HTML with front matter (FAQ.html, contact.html) are pages too
            if not name.endswith((".md", ".markdown", ".html")) or name in exclude or name.startswith(("_", ".")):
                continue
            if stem in ("readme", "404", "changelog", "license", "contributing") or (stem == "index" and rel == "."):
                continue
            found.append(here / name)
    return found


def _pages(root: Path, config: dict[str, Any], source: Source) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Jekyll pages (files with front matter outside _posts): imported as pages; returns file -> old URL,
    and the theme's tag pages left out as (file, old address, sitegen's tag page)."""
    urls: dict[str, str] = {}
    stubs: list[tuple[str, str, str]] = []
    pretty = str(config.get("permalink") or "date") == "pretty" or str(config.get("permalink") or "").endswith("/")
    for path in _page_files(root, config):
        if "_posts" in path.parts or "_drafts" in path.parts:
            continue
        data = path.read_bytes()
        if not data.lstrip(b"\xef\xbb\xbf").startswith(b"---"):       # Jekyll copies files without front matter as they are
            continue
        try:
            doc = sourcefm.read(data, str(path), warn=source.warn)
        except SitegenError as err:
            source.errors.extend(err.problems)
            continue
        rel = path.relative_to(root)
        layout = str(doc.meta.get("layout") or "").lower()
        if layout in _TAG_LAYOUTS and (doc.meta.get("tag") or doc.meta.get("category") or not doc.body.strip()):
            _tag_stub(path, rel, doc, config, stubs)
            continue
        loop = _LIST_LOOP.search(doc.body)
        if loop is not None:
            source.warn("a list page (it loops over the site's posts, tags or pages): not imported, sitegen makes "
                        "its own lists", str(path), doc.body_line + doc.body.count("\n", 0, loop.start()))
            continue
        parts = [p for p in rel.parent.parts if not p.startswith("_")]
        index = path.stem == "index"
        slug = parts[-1] if index and parts else path.stem
        folder = "/".join(parts[:-1] if index else parts)
        base = "/".join([*parts, "" if index else path.stem])
        default = "/" + (base if index or not pretty else base + "/") + ("" if index or pretty else ".html")
        old = str(doc.meta.get("permalink") or re.sub(r"/{2,}", "/", default))
        urls[rel.as_posix()] = old
        entry = Entry("page", str(path), 1, str(doc.meta.get("title") or slug), doc.body, body_line=doc.body_line,
                      slug=slug, old_urls=[old], folder=folder, origin=str(path.resolve()))
        entry.summary = str(doc.meta.get("description") or doc.meta.get("excerpt") or "")
        entry.draft = doc.meta.get("published") is False
        entry.body = liquid.convert(entry.body, entry.title, _nothing, _nothing, _reporter(source, str(path), doc.body_line))
        if path.suffix == ".html":
            from sitegen.importers import html2md
            ctx = html2md.Context(str(path), doc.body_line)
            entry.body = html2md.convert(entry.body, ctx)
            for line, message in ctx.warnings:
                source.warn(message, str(path), line)
        localfiles.collect(entry, path, [root], source)
        source.entries.append(entry)
    return urls, stubs


_TAG_LAYOUTS = {"tagpage", "tag_page", "tag", "tags", "category", "categorypage", "category_page", "archive-taxonomy"}


def _tag_stub(path: Path, rel: Path, doc: sourcefm.Parsed, config: dict[str, Any],
              stubs: list[tuple[str, str, str]]) -> None:
    """A theme's page per tag (`tag/gan.md` with `layout: tagpage`, `tag: gan`): scaffolding, not
    content. Its old address is sent to sitegen's own tag page."""
    from sitegen import urls as site_urls
    tag = str(doc.meta.get("tag") or doc.meta.get("category") or path.stem)
    pretty = str(config.get("permalink") or "").endswith("/") or str(config.get("permalink") or "") == "pretty"
    old = str(doc.meta.get("permalink") or "/" + rel.with_suffix("").as_posix() + ("/" if pretty else ".html"))
    target = f"/tags/{site_urls.slugify(tag)}/"
    stubs.append((str(path), old if old.startswith("/") else "/" + old, target))


def _tag_redirects(stubs: list[tuple[str, str, str]], source: Source) -> None:
    """content/_redirects (the site's own rules, which the build puts first in output/_redirects) from
    each stub's old address to sitegen's page of that tag, when an imported post has the tag."""
    from sitegen import urls as site_urls
    tags = {f"/tags/{site_urls.slugify(t)}/" for e in source.entries for t in e.tags}
    rules = "".join(f"{old} {target} 301\n" for _, old, target in sorted(stubs, key=lambda s: s[1]) if target in tags)
    if rules:
        source.site_files["_redirects"] = rules.encode("utf-8")
    gone = [old for _, old, target in stubs if target not in tags]
    if gone:
        source.warn(f"{len(gone)} tag page(s) of the theme are for tags no imported post has (e.g. {gone[0]}): "
                    "no redirect for them", stubs[0][0], 1)
    source.warn(f"{len(stubs)} tag page(s) of the theme (layout: tagpage, e.g. {stubs[0][0]}) were not imported: "
                f"sitegen makes its own; their old addresses (e.g. {stubs[0][1]}) go to sitegen's tag pages "
                f"(e.g. {stubs[0][2]}) through content/_redirects", stubs[0][0], 1)


def _collections(root: Path, config: dict[str, Any], source: Source) -> None:
    """Collections other than posts: published ones (`output: true`) become pages in a folder named
    after the collection, with the collection's permalink as their old address; the others are listed."""
    declared = config.get("collections") or {}
    if isinstance(declared, list):
        declared = {str(name): {} for name in declared}
    base = root / str(config.get("collections_dir") or "")
    for name, settings in sorted(declared.items() if isinstance(declared, dict) else []):
        settings = settings if isinstance(settings, dict) else {}
        folder = base / f"_{name}"
        files = [p for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix in POST_SUFFIXES] \
            if name != "posts" and folder.is_dir() else []
        if files and settings.get("output") is not True:
            source.warn(f"the collection '{name}' is not published (no `output: true`): its {len(files)} file(s) "
                        "were not imported", str(folder))
            continue
        pattern = str(settings.get("permalink") or "/:collection/:path:output_ext")
        for path in files:
            try:
                doc = sourcefm.read(path.read_bytes(), str(path), warn=source.warn)
            except SitegenError as err:
                source.errors.extend(err.problems)
                continue
            rel = path.relative_to(folder).with_suffix("").as_posix()
            values = {"collection": name, "path": rel, "name": path.stem, "title": path.stem, "slug": path.stem,
                      "output_ext": ".html"}
            old = _fill(pattern, values)
            entry = Entry("page", str(path), 1, str(doc.meta.get("title") or path.stem), doc.body,
                          body_line=doc.body_line, slug=path.stem, old_urls=[re.sub(r"/{2,}", "/", "/" + old)],
                          folder="/".join([name, *rel.split("/")[:-1]]), origin=str(path.resolve()))
            entry.summary = str(doc.meta.get("description") or doc.meta.get("excerpt") or "")
            entry.draft = doc.meta.get("published") is False
            entry.body = liquid.convert(entry.body, entry.title, _nothing, _nothing,
                                        _reporter(source, str(path), doc.body_line))
            localfiles.collect(entry, path, [root], source)
            source.entries.append(entry)


def _fill(pattern: str, values: dict[str, str]) -> str:
    return re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)


def _nothing(_name: str) -> str | None:
    return None


def _reporter(source: Source, shown: str, first: int) -> Callable[[int, str], None]:
    def report(line: int, message: str) -> None:
        source.warn(message, shown, first + line - 1)
    return report


def _entry(path: Path, doc: sourcefm.Parsed, draft: bool, folder_cats: list[str], *, config: dict[str, Any],
           tz: tzinfo, source: Source, known_authors: dict[str, AuthorInfo]) -> Entry | None:
    meta, shown = doc.meta, str(path)
    file_date, rest = dates.from_file_name(path.stem, tz)
    when = None
    if meta.get("date") is not None:
        when = dates.parse(meta["date"], tz)
        if when is None:
            fallback = "the date in the file name" if file_date else "the file's modification time"
            source.warn(f"the date '{meta['date']}' cannot be read: {fallback} is used instead", shown,
                        doc.key_lines.get("date"), "check the date after the import")
    if when is None:
        when = file_date
    if when is None:
        when = datetime.fromtimestamp(int(path.stat().st_mtime), UTC).astimezone(tz) if draft else None
    if when is None:
        source.warn("no date in the front matter or the file name: not imported", shown, 1,
                    "name it YYYY-MM-DD-title.md or add 'date:'")
        return None
    title = str(meta.get("title") or rest.replace("-", " ").strip().capitalize() or "Untitled")
    raw_cats = meta["category"] if "category" in meta else meta.get("categories")
    cats = _words(raw_cats)
    if "category" in meta and meta.get("categories"):
        source.warn("both 'category' and 'categories' are set: 'category' wins, as in Jekyll", shown,
                    doc.key_lines.get("categories"))
    tags = _words(meta.get("tags")) + _words(meta.get("tag"))
    slug_base = str(meta.get("slug") or (rest if file_date else path.stem))
    ext = ".html"
    pattern = str(meta.get("permalink") or config.get("permalink") or "date")
    # Jekyll builds the URL from the date in the site's time zone (Time#localtime; jekyll#1125, #6033)
    old = _permalink(pattern, when.astimezone(tz), slug_base, folder_cats + _words(raw_cats, commas=False), ext)
    entry = Entry("post", shown, 1, title, doc.body, body_line=doc.body_line, date=when, tags=folder_cats + cats + tags,
                  slug=slug_base, draft=draft or meta.get("published") is False, old_urls=[old],
                  folder=f"{when.year:04d}", origin=str(path.resolve()))
    for alias in _words(meta.get("redirect_from")):
        entry.old_urls.append(alias)
    raw_authors = meta.get("authors", meta.get("author"))
    for name in ([raw_authors] if isinstance(raw_authors, (str, dict)) else raw_authors or []):
        if isinstance(name, dict):
            name = name.get("name") or name.get("id") or ""
        name = str(name).strip()
        if not name:
            continue
        key = name.lower()
        if key not in source.authors:
            source.authors[key] = known_authors.get(key) or AuthorInfo(name)
        entry.authors.append(key)
    entry.summary = str(meta.get("excerpt") or meta.get("description") or "")
    entry.math = sourcefm.math_switch(meta)
    updated = meta.get("last_modified_at") or meta.get("updated")
    entry.updated = dates.parse(updated, tz) if updated else None
    header: dict[str, Any] = meta["header"] if isinstance(meta.get("header"), dict) else {}
    image = (meta.get("image") or meta.get("cover") or meta.get("featured_image") or meta.get("feature_image")
             or header.get("image") or header.get("teaser") or header.get("overlay_image"))
    if isinstance(image, dict):
        entry.cover_alt = str(image.get("alt") or "")
        image = image.get("path") or image.get("src") or image.get("url") or ""
    if image:
        entry.cover = str(image)
        entry.cover_alt = entry.cover_alt or str(meta.get("image_alt") or meta.get("cover_alt") or "")
    return entry


def _body(path: Path, doc: sourcefm.Parsed, entry: Entry, *, config: dict[str, Any], by_name: dict[str, str],
          pages: dict[str, str], source: Source) -> None:
    sep = str(doc.meta.get("excerpt_separator") or config.get("excerpt_separator") or "")
    body = entry.body
    if sep and sep.strip() and sep.strip() != "<!-- more -->" and sep in body:
        body = body.replace(sep, "\n<!-- more -->\n", 1)
    body = re.sub(r"<!--\s*more\s*-->", "<!-- more -->", body)
    body, toc = _KRAMDOWN_TOC.subn("", body)     # kramdown's "* TOC" + "{:toc}": sitegen's own `toc: true`
    entry.toc = entry.toc or toc > 0

    def post_url(name: str) -> str | None:
        name = name.strip("\"'")
        return by_name.get(name) or by_name.get(name.rsplit("/", 1)[-1]) or None

    def link(name: str) -> str | None:
        name = name.strip("\"'").lstrip("/")
        if name in by_name:
            return by_name[name]
        if name in pages:
            return pages[name]
        return "/" + name if (Path(source_root(path)) / name).is_file() else None

    if path.suffix != ".html":
        body = kramdown_callouts(body)         # before Liquid, which drops the attribute lists
    entry.body = liquid.convert(body, entry.title, post_url, link,
                                lambda line, msg: source.warn(msg, str(path), doc.body_line + line - 1))
    if path.suffix != ".html":
        entry.body = kramdown_anchors(kramdown_inline_math(entry.body))
    if path.suffix == ".html":       # an HTML post: indented HTML would read as code in Markdown
        from sitegen.importers import html2md
        ctx = html2md.Context(str(path), doc.body_line)
        entry.body = html2md.convert(entry.body, ctx)
        for line, message in ctx.warnings:
            source.warn(message, str(path), line)


def source_root(path: Path) -> Path:
    """The Jekyll site folder of a post file (the folder above _posts or _drafts)."""
    for parent in path.parents:
        if parent.name in ("_posts", "_drafts"):
            return parent.parent
    return path.parent
