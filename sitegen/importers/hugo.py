"""Hugo: a site folder (with a config and content/) or any content folder.

YAML, TOML and JSON front matter, page bundles (`index.md` with its images), `draft`,
`publishDate`, `expiryDate`, `lastmod`, `slug`, `url`, `aliases`, `categories`, `tags`,
`summary`, `images` and featured images (the cover), `<!--more-->`; built-in shortcodes are
converted (see shortcodes.py). Posts are the files of sections with dates; files at the top of
content/ and files marked `type: page` become pages.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import tomllib
from datetime import tzinfo
from pathlib import Path
from typing import Any

import yaml

from sitegen import safeyaml
from sitegen.errors import SitegenError
from sitegen.importers import dates, links, localfiles, shortcodes, sourcefm
from sitegen.importers.hugolang import areas as _areas
from sitegen.importers.hugolang import config_files, declared_at, mark_language, split_lang
from sitegen.importers.hugolang import languages as _languages
from sitegen.importers.kramdown import github_id, kramdown_anchors
from sitegen.importers.model import AuthorInfo, Entry, Source

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json")
SUFFIXES = (".md", ".markdown", ".mdown")
POST_SECTIONS = {"posts", "post", "blog", "articles", "news"}
_TOC = re.compile(r"^[ \t]*\{\{[<%]\s*toc\s*/?\s*[>%]\}\}[ \t]*$", re.M)
_MORE = re.compile(r"<!--\s*more\s*-->")


def _load(path: Path, source: Source) -> Any:
    try:
        text = sourcefm.read_text(path, source.warn)
        if path.suffix == ".toml":
            return tomllib.loads(text)
        if path.suffix == ".json":
            return json.loads(text)
        return safeyaml.safe_load(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        source.error(f"the Hugo config cannot be read: {exc}", str(path), None, "fix it and run the import again")
        return {}
    except SitegenError as err:
        source.errors.extend(err.problems)
        return {}


def _config(root: Path, source: Source) -> dict[str, Any]:
    """The site config: `hugo.toml` (or config.*) at the top, else the `config/_default/` folder, where
    a file named after a key (`permalinks.toml`, `params.yaml`) holds that key's table."""
    folder = root / "config" / "_default"
    data: Any = {}
    for base in (root, folder):
        found = next((base / n for n in CONFIG_NAMES if (base / n).is_file()), None)
        if found is not None:
            data = _load(found, source)
            break
    out = {str(k).lower(): v for k, v in data.items()} if isinstance(data, dict) else {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            key = path.stem.lower()
            if path.suffix in (".toml", ".yaml", ".yml", ".json") and path.name not in CONFIG_NAMES and key not in out:
                out[key] = _load(path, source)
    return out


def _dates_from_file_names(config: dict[str, Any]) -> bool:
    """`[frontmatter] date = [":filename", ":default"]`: dates come from YYYY-MM-DD- file names."""
    table = config.get("frontmatter")
    keys = table.get("date") if isinstance(table, dict) else None
    return isinstance(keys, list) and ":filename" in [str(k).lower() for k in keys]


def _permalink_patterns(config: dict[str, Any]) -> dict[str, str]:
    """Section -> pattern, from `[permalinks]` or (Hugo 0.120 and later) `[permalinks.page]`."""
    table = config.get("permalinks") or {}
    if not isinstance(table, dict):
        return {}
    page = table.get("page")
    merged = {**table, **page} if isinstance(page, dict) else table
    return {str(k): str(v) for k, v in merged.items() if isinstance(v, str)}


def urlize(text: str) -> str:
    """A path part as Hugo writes it: lowercase, spaces as dashes, punctuation dropped."""
    return re.sub(r"[^\w.#+~-]", "", "-".join(text.split())).lower()


def _content_dir(root: Path, config: dict[str, Any], given: Path | None = None) -> Path:
    """The content folder: `contentDir`, or a language's own (`[languages.en] contentDir`) when the
    folder given is inside it."""
    languages = config.get("languages")
    for settings in (languages.values() if isinstance(languages, dict) else []):
        named = root / str(settings.get("contentdir") or settings.get("contentDir") or "") \
            if isinstance(settings, dict) else root
        if named != root and named.is_dir() and given is not None and given.resolve().is_relative_to(named.resolve()):
            return named
    named = root / str(config.get("contentdir") or "content")
    return named if named.is_dir() else root


def _where(given: Path, source: Source) -> tuple[Path | None, Path]:
    """(the Hugo site's folder, or None when there is no config above; the content folder) for a
    site folder, its content folder, or one section (`content/en/news`) given directly. A section
    given without its site is its own content's only section: its dated entries are posts."""
    lexical = [given, *given.parents]            # kept relative when given so: the report shows paths as typed
    for base in [*lexical, *given.absolute().parents[len(lexical) - 1:]][:6]:
        if any((base / n).is_file() for n in CONFIG_NAMES) or (base / "config" / "_default").is_dir():
            return base, base
    if (given / "content").is_dir():
        return None, given / "content"
    if given.name == "content" or _has_sections(given):
        return None, given
    return None, given.parent


def _has_sections(folder: Path) -> bool:
    """Sub-folders that hold entries of their own (sections), not only page bundles (an index.md each)."""
    return any(sub.is_dir() and not (sub / "index.md").is_file() and any(sub.rglob("*.md")) for sub in folder.iterdir())


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [str(value)]


def _permalink(pattern: str, entry: Entry, *, sections: list[str], slug: str, title: str, filename: str) -> str:
    """A Hugo permalink pattern filled in; `slug` is the front matter's (or empty), `title` the page's."""
    when = entry.date
    named = urlize(slug or title)
    values = {"section": sections[0] if sections else "", "sections": "/".join(sections), "slug": named,
              "title": urlize(title), "filename": filename, "contentbasename": filename,
              "slugorfilename": urlize(slug) if slug else filename, "slugorcontentbasename": urlize(slug) if slug else filename,
              "year": f"{when.year:04d}" if when else "", "month": f"{when.month:02d}" if when else "",
              "monthname": when.strftime("%B").lower() if when else "",
              "day": f"{when.day:02d}" if when else "", "yearday": f"{when.timetuple().tm_yday}" if when else ""}
    url = re.sub(r":(\w+)", lambda m: values.get(m.group(1), m.group(0)), pattern)
    return re.sub(r"/{2,}", "/", "/" + url.strip("/") + "/")


def _files(content: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(SUFFIXES) and (not name.startswith("_") or split_lang(name.rsplit(".", 1)[0])[0] == "_index"):
                found.append(Path(dirpath) / name)
    return found


def read_site(src: str, download: bool = True, shortcode_map: dict[str, str] | None = None) -> Source:
    """`shortcode_map`: a site's own shortcodes as the built-ins they work like (`img` -> `figure`)."""
    root = Path(src)
    source = Source()
    mapped = dict(shortcode_map or {})
    unknown: dict[str, int] = {}
    if not root.is_dir():
        source.error("a Hugo import reads a site folder or a content folder", src)
        return source
    site_root, content = _where(root, source)
    config = _config(site_root, source) if site_root else {}
    if site_root:
        content = _content_dir(site_root, config, root)
    given = root                         # the files imported: those under the folder given
    root = site_root or (content if content == given.parent else given)     # where static/ would be
    tz = dates.zone(config.get("timezone"))
    source.title = str(config.get("title") or "")
    source.old_base = str(config.get("baseurl") or "")
    source.language = str(config.get("languagecode") or config.get("defaultcontentlanguage") or "").split("-")[0]
    permalinks = _permalink_patterns(config)
    statics = [p for p in (root / "static", root / "assets") if p.is_dir()]
    default_lang = str(config.get("defaultcontentlanguage") or "en").lower()
    every = _languages(site_root, config, source, CONFIG_NAMES) if site_root else {}
    declared = {c: v for c, v in every.items() if v.get("disabled") is not True}
    if declared:
        source.default_language = default_lang
    areas = _areas(site_root, config, content, given, every) if site_root and declared else [(content, "")]
    left_out: dict[str, int] = {}
    files = [(path, area, lang) for area, lang in areas for path in _files(area)
             if path.resolve().is_relative_to(given.resolve()) or not given.resolve().is_relative_to(content.resolve())
             if not any(other != area and other.resolve().is_relative_to(area.resolve())
                        and path.resolve().is_relative_to(other.resolve()) for other, _ in areas)]
    if len(areas) == 1:
        files = [(p, content, areas[0][1]) for p in _files(given if given.resolve().is_relative_to(content.resolve())
                                                           else content)]
    taxonomies, merged = _taxonomies(config), dict[str, int]()
    others = [p for p in sorted(content.rglob("*")) if p.suffix.lower() in (".html", ".htm", ".org", ".adoc", ".rst",
                                                                            ".pandoc", ".pdc")
              and not p.name.startswith(("_", ".")) and not any(x.startswith(".") for x in p.relative_to(content).parts)]
    if others:           # Hugo renders these formats too: say so rather than skip them
        source.warn(f"{len(others)} content file(s) in other formats (HTML, Org, AsciiDoc, reStructuredText) were "
                    f"not imported, the first: {others[0].relative_to(content).as_posix()}", str(content), None,
                    "convert them to Markdown (e.g. with pandoc) and run the import again")
    if not files:
        source.error("no Markdown files found", src, None, "give the Hugo site's folder or its content folder")
        return source
    by_path: dict[str, Entry] = {}
    docs = []
    in_subdir = config.get("defaultcontentlanguageinsubdir") is True
    for path, area, area_lang in files:
        suffix = split_lang(path.stem)[1]
        lang = suffix if suffix in every else area_lang
        if lang in every and lang not in declared:       # a disabled language (`disableLanguages`, `disabled = true`)
            left_out[lang] = left_out.get(lang, 0) + 1
            continue
        try:
            doc = sourcefm.read(path.read_bytes(), str(path), warn=source.warn)
        except SitegenError as err:
            source.errors.extend(err.problems)
            continue
        if path.stem != "_index" and split_lang(path.stem)[0] == "_index" and not declared:
            continue                     # _index.de.md of a language the config does not declare
        if split_lang(path.stem)[0] == "_index":
            entry = _section_page(path, area, doc, source)
        else:
            entry = _entry(path, area, doc, tz, permalinks, source, default_lang=default_lang,
                           by_file_name=_dates_from_file_names(config), taxonomies=taxonomies, merged=merged,
                           declared=declared, area_lang=area_lang, in_subdir=in_subdir)
        if entry is None:
            continue
        if declared:
            mark_language(entry, path, area, area_lang, doc, declared=declared, default_lang=default_lang)
            if entry.kind == "page" and path.stem.startswith("_index") and (entry.language != default_lang or in_subdir):
                entry.old_urls = [f"/{entry.language}{u}" for u in entry.old_urls]
        by_path.setdefault(path.relative_to(area).as_posix(), entry)
        docs.append((path, doc, entry, area))
    for lang, count in sorted(left_out.items()):
        where, line = declared_at(config_files(root, CONFIG_NAMES), lang)
        source.warn(f"the language '{lang}' is disabled in the Hugo config: its {count} file(s) were not imported",
                    where or str(root), line)
    for name, count in sorted(merged.items()):
        if count:
            source.warn(f"the taxonomy '{name}' ({count} value(s) over the posts) was merged into tags (sitegen has "
                        "tags only)", str(root), None)
    for path, doc, entry, area in docs:
        shown = str(path)

        def ref(target: str, here: Path = path, area: Path = area) -> str:
            return _ref(target, here, area, by_path)

        def report(line: int, message: str, shown: str = shown, first: int = doc.body_line) -> None:
            source.warn(message, shown, first + line - 1)

        body, toc = _TOC.subn("", entry.body)      # a theme's toc shortcode: sitegen's own `toc: true`
        entry.toc = toc > 0
        body = shortcodes.convert(body, ref, report, mapped, unknown)
        # `## Setup {#setup}` (goldmark's attribute list): sitegen's own id, and in-page links follow it
        entry.body = kramdown_anchors(_MORE.sub("<!-- more -->", body), github_id)
        bundle = split_lang(path.stem)[0] == "index"
        images = {str(k).lower(): v for k, v in doc.meta.items()}.get("images")
        more = [str(i) for i in images if str(i) != entry.cover] if isinstance(images, list) else []
        localfiles.collect(entry, path, statics, source, more, tree=root)
        if bundle and not entry.cover:
            _bundle_cover(entry, path)
        source.entries.append(entry)
    for written, count in sorted(unknown.items(), key=lambda x: (-x[1], x[0])):
        name = written.strip("{}<>% ")
        source.warn(f"the site's own shortcode {written} was left out {count} time(s)", str(root), None,
                    f"if it works like a built-in one, map it: --shortcode {name}=figure (or youtube, vimeo, "
                    "gist, highlight, details, notice…)")
    return source


def _section_page(path: Path, content: Path, doc: sourcefm.Parsed, source: Source) -> Entry | None:
    """A branch bundle's `_index.md`. With nothing under it, it is a page of its own (content/about/_index.md
    is how many Hugo sites write their About page); over posts, its text is the list's intro, which
    sitegen has no place for: reported when there is any."""
    folder = path.parent.relative_to(content)
    under = [p for p in path.parent.rglob("*") if p.is_file() and p.suffix in SUFFIXES and p != path
             and not (p.parent == path.parent and p.name.startswith("_index."))]     # its translations are beside it
    meta = {str(k).lower(): v for k, v in doc.meta.items()}
    text = doc.body.strip()
    if folder.parts and not under and (text or meta.get("title")):
        parts = list(folder.parts)
        url = meta.get("url")
        old = "/" + (links.split(str(url)).path.lstrip("/") if url else "/".join(urlize(p) for p in parts) + "/")
        entry = Entry("page", str(path), 1, str(meta.get("title") or parts[-1]), doc.body, body_line=doc.body_line,
                      slug=str(meta.get("slug") or parts[-1]), folder="/".join(parts[:-1]), old_urls=[old],
                      origin=str(path.resolve()), draft=meta.get("draft") is True)
        entry.summary = str(meta.get("summary") or meta.get("description") or "")
        entry.menu = _menu_weight(meta.get("menu") or meta.get("menus"), meta.get("weight"))
        return entry
    if text:
        where = "the home page" if not folder.parts else f"the section /{folder.as_posix()}/"
        source.warn(f"the text of {where} was not imported (sitegen lists posts there, with no text of its own)",
                    str(path), doc.body_line, "move it into a page or a post if it matters")
    return None


def _ref(target: str, here: Path, content: Path, by_path: dict[str, Entry]) -> str:
    """A link (relative to `here`) to the file a ref/relref names; its old URL when unknown here."""
    path, sep, fragment = target.partition("#")
    path = path.strip().lstrip("/")
    bases = [path] if path else []
    if path:
        bases.insert(0, posixpath.normpath(posixpath.join(here.parent.relative_to(content).as_posix(), path)))
    for base in bases:
        for c in (base, base + ".md", base + "/index.md"):
            if c in by_path:
                return os.path.relpath(content / c, here.parent).replace(os.sep, "/") + sep + fragment
    for key in sorted(by_path):
        if path and (key.endswith("/" + path) or key.rsplit("/", 1)[-1] == path):
            return os.path.relpath(content / key, here.parent).replace(os.sep, "/") + sep + fragment
    return "/" + path + sep + fragment if path else sep + fragment


def _bundle_cover(entry: Entry, path: Path) -> None:
    """A page bundle's featured image (`*feature*`, `*cover*`, `*thumbnail*`) is its cover."""
    for pattern in ("*feature*", "*cover*", "*thumbnail*"):
        for candidate in sorted(path.parent.glob(pattern)):
            if candidate.is_file() and candidate.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"):
                entry.cover = candidate.name
                entry.cover_alt = entry.cover_alt or f"Cover image of {entry.title}"
                entry.files[candidate.name] = candidate
                return


def _taxonomies(config: dict[str, Any]) -> list[str]:
    """The site's own taxonomies besides tags and categories (`[taxonomies] topic = "topics"`)."""
    table = config.get("taxonomies")
    names = [str(v).lower() for v in table.values()] if isinstance(table, dict) else []
    return [n for n in names if n not in ("tags", "categories")]


def _entry(path: Path, content: Path, doc: sourcefm.Parsed, tz: tzinfo, permalinks: dict[str, str],
           source: Source, *, default_lang: str = "en", by_file_name: bool = False,
           taxonomies: list[str] | None = None, merged: dict[str, int] | None = None,
           declared: dict[str, dict[str, Any]] | None = None, area_lang: str = "", in_subdir: bool = False) -> Entry | None:
    meta = {str(k).lower(): v for k, v in doc.meta.items()}
    build = meta.get("_build") or meta.get("build") or {}
    if meta.get("headless") is True or (isinstance(build, dict) and str(build.get("render")).lower() in ("never", "false")):
        source.warn("a headless page (or `render: never`): Hugo publishes no page for it, so it was not imported "
                    "(its files are used by other pages)", str(path), doc.key_lines.get("headless", 1))
        return None
    if "menus" in meta and "menu" not in meta:
        meta["menu"] = meta["menus"]
    shown = str(path)
    rel = path.relative_to(content)
    stem, lang = split_lang(path.stem)
    bundle = stem == "index"
    parts = rel.parts[:-2] if bundle else rel.parts[:-1]
    section = parts[0] if parts else ""
    filename = rel.parts[-2] if bundle and len(rel.parts) > 1 else stem
    when = None
    # Hugo's default order is date, publishDate, lastmod; `[frontmatter] date = [":filename", …]`
    # takes a YYYY-MM-DD- file name first (and the rest of the name as the slug)
    file_date, rest = dates.from_file_name(filename, tz) if by_file_name else (None, filename)
    if file_date is not None:
        when, filename = file_date, rest
    for key in ("date", "publishdate", "pubdate", "published", "lastmod", "modified"):
        if when is None and meta.get(key) is not None:
            when = dates.parse(meta[key], tz)
            if when is None:
                source.warn(f"the {key} '{meta[key]}' cannot be read", shown, doc.key_lines.get(key))
            break
    is_page = not section or str(meta.get("type") or "") == "page" or (when is None and section not in POST_SECTIONS)
    kind = "page" if is_page else "post"
    title = str(meta.get("title") or filename.replace("-", " ").capitalize())
    if kind == "post" and when is None:
        source.warn("no date: not imported (sitegen posts need one)", shown, 1, "add 'date:' to its front matter")
        return None
    slug = str(meta.get("slug") or filename)
    entry = Entry(kind, shown, 1, title, doc.body, body_line=doc.body_line, date=when, slug=slug,
                  origin=str(path.resolve()), draft=meta.get("draft") is True or str(meta.get("draft")).lower() == "true")
    if kind == "post":
        entry.folder = f"{when.year:04d}" if when else ""
    else:
        entry.folder = "/".join(parts)
    if meta.get("expirydate"):
        entry.draft = True
        source.warn("expiryDate is set: imported as a draft (sitegen does not unpublish by date)", shown,
                    doc.key_lines.get("expiryDate", doc.key_lines.get("expirydate")))
    lastmod = meta.get("lastmod") or meta.get("modified")
    entry.updated = dates.parse(lastmod, tz) if lastmod else None
    entry.tags = _list(meta.get("categories")) + _list(meta.get("tags"))
    for name in taxonomies or []:                # a site's own taxonomy (topics, series): merged into tags
        values = _list(meta.get(name))
        entry.tags += values
        if merged is not None:
            merged[name] = merged.get(name, 0) + len(values)
    entry.summary = str(meta.get("summary") or meta.get("description") or "")
    entry.math = sourcefm.math_switch(meta)
    url = meta.get("url")
    if url:
        entry.old_urls.append("/" + (links.split(str(url)).path or "/").lstrip("/"))     # `url` may be absolute
    else:   # the section's pattern, else Hugo's default: the file's folders, then its slug or its name, lowercased
        pattern = permalinks.get(section) or "/" + "/".join([*(urlize(p) for p in parts), ":slugorfilename"])
        front_slug = str(meta.get("slug") or (filename if file_date else ""))     # :filename dates give the slug too
        entry.old_urls.append(_permalink(pattern, entry, sections=list(parts), slug=front_slug,
                                         title=title, filename=urlize(filename)))
    if declared:                       # a multilingual site: the file's language is its suffix, else its folder's
        lang = lang if lang in declared else area_lang or default_lang
        if lang != default_lang or in_subdir:
            entry.old_urls = [f"/{lang}{u}" for u in entry.old_urls]    # Hugo serves other languages under /<lang>/
    elif lang and lang != default_lang:
        entry.old_urls = [f"/{lang}{u}" for u in entry.old_urls]    # Hugo serves other languages under /<lang>/
        entry.slug = f"{slug}-{lang}"
        source.warn(f"a translation ({lang}): imported as a post of its own (the Hugo config lists no languages)",
                    shown, 1, f"add [languages.{lang}] to the Hugo config to import it as a translation")
    here = posixpath.dirname(entry.old_urls[0].rstrip("/"))       # an alias without a leading / is page-relative
    entry.old_urls += [a if a.startswith("/") else posixpath.normpath(posixpath.join(here, a)) + ("/" if a.endswith("/") else "")
                       for a in _list(meta.get("aliases"))]
    authors = meta.get("authors", meta.get("author"))
    for a in _list(authors) if not isinstance(authors, dict) else [str(authors.get("name") or "")]:
        if a:
            source.authors.setdefault(a.lower(), AuthorInfo(a))
            entry.authors.append(a.lower())
    publish = dates.parse(meta["publishdate"], tz) if meta.get("publishdate") is not None and when else None
    if kind == "post" and publish is not None and when is not None and publish > when:
        # Hugo publishes a page from its publishDate on: a later one than `date` schedules it
        entry.date, entry.folder = publish, f"{publish.year:04d}"
        source.warn(f"publishDate is later than the date: {publish.date().isoformat()} is the post's date here, so a "
                    "scheduled post stays unpublished until then", shown,
                    doc.key_lines.get("publishDate", doc.key_lines.get("publishdate")))
    _cover_from(meta, entry)
    if kind == "page":
        entry.menu = _menu_weight(meta.get("menu"), meta.get("weight"))
    return entry


def _menu_weight(menu: Any, weight: Any) -> int | None:
    """A page's place in the menu: Hugo's `menu: main`, `menus: [main]` or `menu: {main: {weight: 2}}`."""
    if not menu:
        return None
    if isinstance(menu, dict):
        for value in menu.values():
            if isinstance(value, dict) and isinstance(value.get("weight"), int):
                return int(value["weight"])
    return int(weight) if isinstance(weight, int) else 0


def _cover_from(meta: dict[str, Any], entry: Entry) -> None:
    cover = meta.get("cover")
    if isinstance(cover, dict):
        entry.cover = str(cover.get("image") or cover.get("src") or "")
        entry.cover_alt = str(cover.get("alt") or cover.get("caption") or "")
    elif isinstance(cover, str):
        entry.cover = cover
    images = meta.get("images")
    if not entry.cover and isinstance(images, list) and images:
        entry.cover = str(images[0])
    for key in ("featured_image", "featuredimage", "image", "thumbnail"):
        if not entry.cover and isinstance(meta.get(key), str):
            entry.cover = str(meta[key])
    entry.cover_alt = entry.cover_alt or str(meta.get("cover_alt") or meta.get("image_alt") or "")
