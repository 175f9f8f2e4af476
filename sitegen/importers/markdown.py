"""Any folder of Markdown or MDX posts: Astro/Starlight, Docusaurus, Eleventy, Zola, Pelican.

Multilingual sources: Docusaurus' i18n/ folders, language folders beside each other (Starlight, Astro,
plain), and Zola's `post.fr.md` files; see languages.py for what is written.

Files with a date (front matter or a `YYYY-MM-DD-` name) are posts, the others pages.
`authors` lists and author files (`authors.yml`), `cover`/`image` mappings with `alt`, MDX
(see mdx.py); theme keys (`prev`, `next`, `sidebar`, `layout`…) are dropped. Zola's `@/`
links and Pelican's `{filename}`, `{static}` and `{attach}` links become relative links.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

import yaml

from sitegen import safeyaml
from sitegen.errors import SitegenError
from sitegen.importers import dates, localfiles, mdx, sourcefm, wikilinks
from sitegen.importers.languages import is_code
from sitegen.importers.model import AuthorInfo, Entry, LanguageInfo, Source

SUFFIXES = (".md", ".mdx", ".markdown")
SKIP_DIRS = {"node_modules", ".git", "_site", "dist", "build", "output", ".astro", ".docusaurus", "public", "static",
             "themes", "theme", "templates", "layouts", "_includes", "_layouts", "src/pages"}
SKIP_FILES = {"readme", "changelog", "license", "contributing", "code_of_conduct"}
DATE_KEYS = ("date", "pubdate", "pubdatetime", "publishdate", "published", "created")
UPDATED_KEYS = ("updated", "updateddate", "moddatetime", "lastmod", "modified", "last_update", "updated_at")
COVER_KEYS = ("cover", "image", "heroimage", "hero", "ogimage", "banner", "featured_image", "thumbnail")
ALT_KEYS = ("cover_alt", "coveralt", "imagealt", "image_alt", "heroimagealt", "alt")
STATIC_DIRS = ("public", "static", "assets")
_PELICAN_LINK = re.compile(r"\{(filename|static|attach)\}/?")
_ZOLA_LINK = re.compile(r"\]\(@/")


def _lower(meta: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower().replace("-", "_"): v for k, v in meta.items()}


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return list(value) if isinstance(value, list) else [value]


def _author_files(root: Path, source: Source) -> dict[str, AuthorInfo]:
    found: dict[str, AuthorInfo] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.lower() not in ("authors.yml", "authors.yaml"):
                continue
            path = Path(dirpath) / name
            try:
                data = safeyaml.safe_load(sourcefm.read_text(path, source.warn)) or {}
            except SitegenError as err:
                source.errors.extend(err.problems)
                continue
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                source.error(f"invalid YAML in the authors file: {getattr(exc, 'problem', exc)}", str(path),
                             mark.line + 1 if mark else None)
                continue
            for key, info in (data.items() if isinstance(data, dict) else []):
                info = info if isinstance(info, dict) else {"name": str(info)}
                links = tuple((str(k), str(v)) for k, v in (info.get("socials") or {}).items()
                              if isinstance(v, str) and v.startswith("http"))
                if isinstance(info.get("url"), str):
                    links = ((str(info.get("name") or key), info["url"]), *links)
                bio = str(info.get("title") or info.get("bio") or "")
                found.setdefault(str(key).lower(), AuthorInfo(str(info.get("name") or key), bio, links))
    return found


@dataclass(frozen=True)
class Area:
    """A folder of one language in a multilingual source: its files' language, where their paths
    start in the untranslated tree (`virtual`: Docusaurus' i18n/de/docusaurus-plugin-content-blog is
    blog/), and the prefix the old site gave their addresses (`/de`)."""

    folder: Path
    language: str
    virtual: str = ""
    prefix: str = ""
    tree: Path | None = None


def _files(root: Path, exclude: frozenset[Path] = frozenset()) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = Path(dirpath).relative_to(root).as_posix()
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith((".", "_"))
                             and f"{rel}/{d}".lstrip("./") not in SKIP_DIRS
                             and (Path(dirpath) / d).resolve() not in exclude)
        for name in sorted(filenames):
            stem = name.rsplit(".", 1)[0].lower()
            if name.endswith(SUFFIXES) and stem not in SKIP_FILES and not name.startswith(("_", ".")):
                out.append(Path(dirpath) / name)
    return out


def read_folder(src: str, download: bool = True) -> Source:
    root = Path(src)
    source = Source()
    if not root.is_dir():
        source.error("a markdown import reads a folder of .md/.mdx files", src)
        return source
    pelican = any((p / "pelicanconf.py").is_file() for p in (root, *root.parents[:2]))
    docusaurus = any(any(p.glob("docusaurus.config.*")) for p in (root, *root.parents[:2]))
    statics = [d for base in (root, *root.parents[:3]) for d in (base / n for n in STATIC_DIRS) if d.is_dir()]
    authors = _author_files(root, source)
    tz = dates.zone(None)
    areas, default = _locale_areas(root, source)
    zola, zola_default = _zola_languages(root, source)
    default = default or zola_default
    rest = Area(root, default if areas else "")
    files = [(p, rest) for p in _files(root, frozenset(a.folder.resolve() for a in areas) |
                                        {(a.tree / "i18n").resolve() for a in areas if a.tree})]
    files += [(p, a) for a in areas for p in _files(a.folder)]
    others = [p for p in sorted(root.rglob("*.rst")) + sorted(root.rglob("*.ipynb"))
              if not any(part in SKIP_DIRS or part.startswith(".") for part in p.relative_to(root).parts)]
    if others:       # Pelican posts are often reStructuredText or notebooks: say so rather than skip them
        source.warn(f"{len(others)} reStructuredText or notebook file(s) were not imported (only Markdown is read), "
                    f"the first: {others[0].relative_to(root).as_posix()}", src, None,
                    "convert them to Markdown first, e.g. `pandoc -f rst -t gfm`, and run the import again")
    if not files:
        source.error("no .md, .mdx or .markdown files found", src, None, "give the folder that holds the posts")
        return source
    vault: wikilinks.Vault | None = None
    for path, area in files:
        try:
            doc = sourcefm.read(path.read_bytes(), str(path), pelican=True, warn=source.warn)
        except SitegenError as err:
            source.errors.extend(err.problems)
            continue
        flavour = "pelican" if pelican else "docusaurus" if docusaurus else ""
        stem, suffix = _split_suffix(path, zola)
        entry = _entry(path, root, doc, tz, known=authors, flavour=flavour, source=source,
                       place=(area.folder, area.virtual) if area.folder != root else None, stem=stem)
        if entry is None:
            continue
        if suffix or (zola and not area.language):      # Zola: post.fr.md is post.md in French, under /fr/
            area = Area(root, suffix or default, "", f"/{suffix}" if suffix and suffix != default else "")
        if area.language:
            _mark_language(entry, path.with_name(stem + path.suffix) if suffix else path, area, doc)
        body = _links(entry.body, path, root)

        def report(line: int, message: str, shown: str = str(path), first: int = doc.body_line) -> None:
            source.warn(message, shown, first + line - 1)

        if "[[" in body:            # Obsidian's [[Note]] and ![[photo.png]]
            vault = vault or wikilinks.Vault(root)
            body = wikilinks.convert(body, path, vault, report)
        entry.body = mdx.convert(body, report, path.suffix == ".mdx")
        localfiles.collect(entry, path, statics + [root], source, _more_images(doc.meta, entry.cover),
                           tree=area.tree or root)
        source.entries.append(entry)
    return source


def _config_default(site: Path) -> str:
    """The default locale an Astro/Starlight or Docusaurus config names (`defaultLocale: 'en'`), or
    Starlight's root locale's `lang`."""
    for pattern in ("astro.config.*", "docusaurus.config.*"):
        for path in sorted(site.glob(pattern)):
            text = path.read_text("utf-8", "replace")
            for pattern in (r"defaultLocale\s*:\s*['\"]([\w-]+)['\"]",
                            r"\broot\s*:\s*\{[^}]*\blang\s*:\s*['\"]([\w-]+)['\"]"):
                found = re.search(pattern, text)
                if found and found.group(1) != "root":
                    return found.group(1)
            if re.search(r"\broot\s*:\s*\{", text):
                return "en"          # Starlight's root locale without a `lang` is English
    return ""


def _zola_languages(root: Path, source: Source) -> tuple[set[str], str]:
    """A Zola site's languages besides its default (`[languages.fr]` in config.toml) and its
    `default_language`: their files are `post.fr.md` beside `post.md`."""
    import tomllib
    for base in (root, *root.parents[:2]):
        config = base / "config.toml"
        if not (config.is_file() and (base / "content").is_dir()):
            continue
        try:
            data = tomllib.loads(config.read_text("utf-8", "replace"))
        except tomllib.TOMLDecodeError:
            return set(), ""
        table = data.get("languages")
        codes = set(table) if isinstance(table, dict) else \
            {str(t.get("code")) for t in table if isinstance(t, dict) and t.get("code")} if isinstance(table, list) else set()
        default = str(data.get("default_language") or "en")
        for code, settings in (table.items() if isinstance(table, dict) else []):
            if isinstance(settings, dict):
                source.languages[code] = LanguageInfo(code, str(settings.get("title") or ""),
                                                      str(settings.get("description") or ""), where=str(config))
        if codes:
            source.languages.setdefault(default, LanguageInfo(default, str(data.get("title") or ""),
                                                              str(data.get("description") or ""), where=str(config)))
            source.default_language = default
        return codes - {default}, default if codes else ""
    return set(), ""


def _split_suffix(path: Path, codes: set[str]) -> tuple[str, str]:
    """(the file's stem without its language, the language) for Zola's `post.fr.md`; (stem, "") else."""
    name, dot, code = path.stem.rpartition(".")
    return (name, code) if dot and name and code in codes else (path.stem, "")


def _code_folders(folder: Path) -> list[Path]:
    """The sub-folders named by a language code that hold Markdown: `de/`, `en/`, `zh-cn/`."""
    return [d for d in sorted(folder.iterdir()) if d.is_dir() and is_code(d.name)
            and any(d.rglob("*.md*"))] if folder.is_dir() else []


def _locale_areas(root: Path, source: Source) -> tuple[list[Area], str]:
    """The language folders of a multilingual source, and its default language ("" when it has none):

    - Docusaurus: `i18n/<code>/docusaurus-plugin-content-blog/` is `blog/` in that language, and
      `i18n/<code>/docusaurus-plugin-content-docs/current/` is `docs/`;
    - Starlight, Astro and plain folders: two or more sub-folders named by a language code beside
      each other (`de/`, `en/`, `zh-cn/`), or one beside the files of Starlight's root locale when the
      Astro config declares locales. Files outside them are the default language's."""
    areas: list[Area] = []
    site = next((p for p in (root, *root.parents[:2]) if any(p.glob("docusaurus.config.*"))), None)
    config_site = next((p for p in (root, *root.parents[:4]) if any(p.glob("astro.config.*"))
                        or any(p.glob("docusaurus.config.*"))), None)
    default = _config_default(config_site) if config_site else ""
    if site is not None and (site / "i18n").is_dir():
        for plugin, folder in (("docusaurus-plugin-content-blog", "blog"), ("docusaurus-plugin-content-docs/current", "docs")):
            base = site / folder
            if root.resolve() == base.resolve():
                virtual = ""
            elif root.resolve() == site.resolve() and base.is_dir():
                virtual = folder
            else:
                continue
            for locale in sorted((site / "i18n").iterdir()):
                translated = locale / plugin
                if translated.is_dir() and is_code(locale.name) and locale.name.lower() != (default or "en").lower():
                    areas.append(Area(translated, locale.name, virtual, f"/{locale.name}", site))
        if areas:
            return areas, default or "en"
    starlight = config_site is not None and any(
        "locales" in p.read_text("utf-8", "replace") for p in config_site.glob("astro.config.*"))
    for dirpath, dirnames, _ in os.walk(root):
        here = Path(dirpath)
        rel = here.relative_to(root).as_posix()
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith((".", "_")))
        codes = _code_folders(here)
        if len(codes) >= 2 or (codes and starlight):
            virtual = "" if rel == "." else rel
            areas += [Area(d, d.name, virtual, f"/{d.name}") for d in codes]
            dirnames[:] = [d for d in dirnames if here / d not in codes]
    if areas and not default:
        languages = {a.language for a in areas}
        inside = {a.folder.resolve() for a in areas}
        outside = any(not any(p.resolve().is_relative_to(f) for f in inside) for p in _files(root))
        default = "en" if "en" in languages or outside else sorted(languages)[0]    # files beside the folders: a root locale
    return areas, default


def _mark_language(entry: Entry, path: Path, area: Area, doc: sourcefm.Parsed) -> None:
    """An entry of a multilingual source: its language, its old address under the language's prefix,
    and its key: its path in the untranslated tree (`blog/2024-01-02-x`), which its translations share."""
    entry.language = area.language
    # the folder is read as the tree it translates (de/guides/x.md as guides/x.md), and was served under /de/
    entry.old_urls = [area.prefix + u if u.startswith("/") else u for u in entry.old_urls]
    # the language's own home (/de/) is sitegen's to serve: never an alias
    entry.old_urls = [u for u in entry.old_urls if u.rstrip("/") != area.prefix]
    rel = path.relative_to(area.folder).with_suffix("").as_posix()
    entry.translation_key = posixpath.normpath(posixpath.join(area.virtual, rel))
    meta = _lower(doc.meta)
    for key in ("translation_key", "translationkey"):
        if isinstance(meta.get(key), (str, int)) and str(meta[key]).strip():
            entry.translation_key = str(meta[key]).strip()
            entry.key_line = doc.key_lines.get(key)


def _links(body: str, path: Path, root: Path) -> str:
    """Zola's `@/x.md` and Pelican's `{filename}/x.md` links, made relative to the post's file."""
    content = root / "content" if (root / "content").is_dir() else root
    up = os.path.relpath(content, path.parent).replace(os.sep, "/")
    prefix = "" if up == "." else up + "/"
    body = _ZOLA_LINK.sub(lambda m: "](" + prefix, body)

    def pelican(m: re.Match[str]) -> str:
        return "" if m.group(1) == "attach" and not m.group(0).endswith("/") else prefix

    return _PELICAN_LINK.sub(pelican, body)


def _entry(path: Path, root: Path, doc: sourcefm.Parsed, tz: tzinfo, *, known: dict[str, AuthorInfo],
           flavour: str, source: Source, place: tuple[Path, str] | None = None, stem: str = "") -> Entry | None:
    meta = _lower(doc.meta)
    shown = str(path)
    base, virtual = place or (root, "")        # a language's folder is read as the untranslated tree it mirrors
    stem = stem or path.stem
    bundle = stem == "index" and path.parent.resolve() != base.resolve()   # the folder's own index: a page "index"
    name = path.parent.name if bundle else stem
    file_date, rest = dates.from_file_name(name, tz)
    when = None
    for key in DATE_KEYS:
        if meta.get(key) is not None:
            when = dates.parse(meta[key], tz)
            word = " ".join(str(meta[key]).lower().split()).removeprefix("git ")
            if when is None and word in ("last modified", "created"):    # Eleventy's own date values
                when = datetime.fromtimestamp(int(path.stat().st_mtime), UTC).astimezone(tz)
                source.warn(f"the date is '{meta[key]}' (Eleventy's own value): the file's modification time is "
                            "used", shown, doc.key_lines.get(key), "write the post's real date in the front matter")
            elif when is None:
                source.warn(f"the {key} '{meta[key]}' cannot be read: "
                            + ("the date in the file name is used" if file_date else "imported as a page"),
                            shown, doc.key_lines.get(key))
            break
    when = when or file_date
    status = str(meta.get("status") or "").lower()
    kind = "post" if when is not None else "page"
    rel_dir = posixpath.normpath(posixpath.join(virtual, (path.parent.parent if bundle else path.parent)
                                                .relative_to(base).as_posix()))
    rel_dir = "" if rel_dir == "." else rel_dir
    title = str(meta.get("title") or rest.replace("-", " ").strip().capitalize() or "Untitled")
    slug = str(meta.get("slug") or rest).strip("/").rsplit("/", 1)[-1]
    entry = Entry(kind, shown, 1, title, doc.body, body_line=doc.body_line, date=when, slug=slug,
                  origin=str(path.resolve()), draft=meta.get("draft") is True or status in ("draft", "hidden"))
    if meta.get("permalink") is False:          # Eleventy: a file that is never written out
        entry.draft = True
        source.warn("permalink: false (not published on the old site): imported as a draft", shown,
                    doc.key_lines.get("permalink"))
    if meta.get("unlisted") is True:
        entry.draft = True
        source.warn("unlisted: imported as a draft", shown, doc.key_lines.get("unlisted"))
    entry.folder = f"{when.year:04d}" if when else rel_dir
    for key in UPDATED_KEYS:
        value = meta.get(key)
        if isinstance(value, dict):
            value = value.get("date")
        if value is not None:
            entry.updated = dates.parse(value, tz)
            break
    taxonomies: dict[str, Any] = meta["taxonomies"] if isinstance(meta.get("taxonomies"), dict) else {}
    tags = _list(meta.get("category")) + _list(meta.get("categories")) + _list(meta.get("tags")) + \
        _list(taxonomies.get("categories")) + _list(taxonomies.get("tags"))
    entry.tags = [str(t.get("label") or t.get("name") or "") if isinstance(t, dict) else str(t) for t in tags]
    entry.tags = [t for t in entry.tags if t.lower() not in ("post", "posts")]   # Eleventy's collection tags
    entry.summary = str(meta.get("summary") or meta.get("description") or meta.get("excerpt") or "")
    entry.math = sourcefm.math_switch(doc.meta)
    _old_urls(entry, meta, rel_dir, name, file_date, flavour)
    _authors(entry, meta, known, source)
    _cover(entry, meta)
    return entry


def _old_urls(entry: Entry, meta: dict[str, Any], rel_dir: str, name: str, file_date: Any, flavour: str) -> None:
    """The post's address on the old site, by the generator's default rule when it gives none."""
    given = meta.get("permalink") or meta.get("path") or meta.get("url") or meta.get("save_as")
    section = re.sub(r"^(?:src/)?content(?:/|$)", "", rel_dir)    # Astro's src/content/blog, Zola's content/blog
    slug = str(meta.get("slug") or "").strip("/")
    if isinstance(given, str) and given and "{" not in given:
        entry.old_urls.append("/" + given.lstrip("/"))
    elif flavour == "pelican":
        entry.old_urls.append(f"/{entry.slug}.html")
    elif flavour == "docusaurus":
        rest = dates.from_file_name(name)[1]
        if slug:
            entry.old_urls.append(f"/{section}/{slug}/".replace("//", "/"))
        elif file_date is not None:
            entry.old_urls.append(f"/{section}/{file_date:%Y/%m/%d}/{rest}/".replace("//", "/"))
        else:
            entry.old_urls.append("/" + posixpath.join(section, rest) + "/")
    elif name == "index" and not slug:      # a folder's own index page is the folder's address
        entry.old_urls.append(("/" + section + "/").replace("//", "/"))
    else:
        entry.old_urls.append("/" + posixpath.join(section, slug or name) + "/")
    entry.old_urls += ["/" + str(a).lstrip("/") for a in _list(meta.get("aliases")) + _list(meta.get("redirect_from"))]


def _authors(entry: Entry, meta: dict[str, Any], known: dict[str, AuthorInfo], source: Source) -> None:
    raw = meta.get("authors", meta.get("author"))
    for item in _list(raw) if not isinstance(raw, dict) else [raw]:
        if isinstance(item, dict):
            name = str(item.get("name") or item.get("id") or "").strip()
            key = str(item.get("key") or item.get("id") or name).lower()
            info = AuthorInfo(name, str(item.get("title") or ""),
                              ((name, str(item["url"])),) if isinstance(item.get("url"), str) else ())
        else:
            key = str(item).strip().lower()
            info = known.get(key) or AuthorInfo(str(item).strip())
        if key and info.name:
            source.authors.setdefault(key, info)
            entry.authors.append(key)


def _more_images(meta: dict[str, Any], cover: str) -> list[str]:
    """The front matter's `images` list (Hugo, Astro themes) but the one that is the cover."""
    images = _lower(meta).get("images")
    found = [str(i.get("src") or i.get("image") or "") if isinstance(i, dict) else str(i)
             for i in (images if isinstance(images, list) else [])]
    return [i for i in found if i and i != cover]


def _cover(entry: Entry, meta: dict[str, Any]) -> None:
    for key in COVER_KEYS:
        value = meta.get(key)
        if isinstance(value, dict):
            entry.cover = str(value.get("src") or value.get("image") or value.get("url") or value.get("path") or "")
            entry.cover_alt = str(value.get("alt") or "")
        elif isinstance(value, str):
            entry.cover = value
        if entry.cover:
            break
    images = meta.get("images")
    if not entry.cover and isinstance(images, list) and images and isinstance(images[0], str):
        entry.cover = images[0]
    if entry.cover and not entry.cover_alt:
        entry.cover_alt = next((str(meta[k]) for k in ALT_KEYS if isinstance(meta.get(k), str)), "")
