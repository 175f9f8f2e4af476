"""The site config schema: one `sitegen.toml` at the site root, every key with a default.

Unknown keys and wrong types are errors, and all of them are reported together.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, quote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sitegen import nesting, urls
from sitegen.errors import Problem, SitegenError
from sitegen.frozen import FrozenDict, freeze

CONFIG_NAME = "sitegen.toml"


@dataclass(frozen=True)
class MenuEntry:
    """One `[[menu]]` entry: a name and either a URL or a page (a file in content/pages/)."""

    name: str
    url: str | None = None       # a site URL (/tags/) or an absolute address (https://…)
    page: str | None = None      # e.g. about.md or legal/imprint.md
    weight: int = 0              # lower comes first; pages' `menu:` weights sort with these
    line: int | None = None      # the line of its [[menu]] header, for errors


@dataclass(frozen=True)
class ImagesConfig:
    """The `[images]` table: how photos are resized and encoded (see sitegen/images/)."""

    widths: tuple[int, ...] = (480, 800, 1200, 1600)
    formats: tuple[str, ...] = ("avif", "webp")     # before the fallback (the original's format)
    avif_quality: int = 65
    webp_quality: int = 75
    jpeg_quality: int = 78
    sizes: str = ""                                   # the <img sizes>; "" = the default theme's column
    keep_metadata: bool = False                       # true: EXIF (GPS too) stays in published images
    avif_for_png: bool = False                        # true: screenshots and other PNG-fallback images get AVIF too
    cards: bool = True                                # social cards drawn for posts without a raster cover


IMAGE_FORMATS = ("avif", "webp")


@dataclass(frozen=True)
class LanguageConfig:
    """One `[languages.<code>]` table: what a language of a multilingual site says of itself."""

    code: str
    title: str = ""                   # "" = the site's title
    description: str = ""             # "" = the site's description
    weight: int = 0                   # the order of languages in the switcher (the default comes first)
    permalink: str = ""               # "" = the site's pattern (under the language's folder)
    menu: tuple[MenuEntry, ...] = ()
    line: int | None = None           # the line of its [languages.<code>] header


UNTRANSLATED = ("own", "all")


@dataclass(frozen=True)
class Config:
    title: str = "My Blog"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    timezone: str = "UTC"
    posts_per_page: int = 10
    permalink: str = "/posts/{slug}/"
    theme: str = "default"
    feed_length: int = 20
    tag_feeds: bool = True
    author_feeds: bool = True
    full_tag_feeds: bool = False     # tag and author feeds with each post's full text (not its summary)
    tag_feed_atom: bool = False      # each tag and author feed in Atom too (by default RSS only)
    words_per_minute: int = 220
    toc: bool = False
    comments: str = ""
    menu: tuple[MenuEntry, ...] = ()
    search: bool = False
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    images: ImagesConfig = field(default_factory=ImagesConfig)
    default_language: str = ""        # "" = `language`; validate() fills it in
    languages: tuple[LanguageConfig, ...] = ()
    default_language_in_folder: bool = False
    untranslated: str = "own"         # "own": an untranslated post is listed in its language only; "all": in every one
    mixed_feed: bool = False          # one more feed of every language's posts

    @cached_property
    def codes(self) -> tuple[str, ...]:
        """Every language of the site, the default first, then by weight and code (once per
        config: the pages of a 10,000-post site ask some 400,000 times)."""
        default = self.default_language or self.language
        rest = sorted((lang for lang in self.languages if lang.code != default), key=lambda lang: (lang.weight, lang.code))
        return (default,) + tuple(lang.code for lang in rest)

    @cached_property
    def multilingual(self) -> bool:
        return len(self.codes) > 1

    def language_table(self, code: str) -> LanguageConfig:
        return next((lang for lang in self.languages if lang.code == code), LanguageConfig(code))

    def prefix(self, code: str) -> str:
        """The folder of a language's pages: "" at the root, else "/de"."""
        return urls.language_prefix(code, self.codes[0], self.default_language_in_folder and self.multilingual)

    def for_language(self, code: str) -> Config:
        """The config as pages of one language see it: its code, title, description, permalink and menu."""
        if not self.multilingual:
            return self
        table = self.language_table(code)
        return replace(self, language=code, title=table.title or self.title,
                       description=table.description or self.description,
                       permalink=table.permalink or self.permalink,
                       menu=table.menu or self.menu)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/' or '/blog/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    def fingerprint(self) -> str:
        return repr(sorted((f.name, repr(_thaw(getattr(self, f.name)))) for f in fields(self)))


_TYPES: dict[str, tuple[type, ...]] = {
    "title": (str,), "description": (str,), "base_url": (str,), "language": (str,),
    "timezone": (str,), "posts_per_page": (int,), "permalink": (str,), "theme": (str,),
    "feed_length": (int,), "tag_feeds": (bool,), "author_feeds": (bool,), "full_tag_feeds": (bool,),
    "tag_feed_atom": (bool,),
    "words_per_minute": (int,), "toc": (bool,), "comments": (str,), "menu": (list,),
    "search": (bool,), "extra": (dict,), "images": (dict,), "default_language": (str,), "languages": (dict,),
    "default_language_in_folder": (bool,), "untranslated": (str,), "mixed_feed": (bool,),
}

_HINT_KEYS = ", ".join(sorted(_TYPES))


def _thaw(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    return value


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("[") and stripped != "[extra]":
            continue
        if stripped.split("=", 1)[0].strip().strip('"') == key:
            return number
    return None


def load_config(site_dir: Path, overrides: Mapping[str, Any] | None = None) -> Config:
    """Read `sitegen.toml` (optional) and apply command-line overrides."""
    path = site_dir / CONFIG_NAME
    raw: dict[str, Any] = {}
    text = ""
    shown = CONFIG_NAME
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
            raw = tomllib.loads(text)
            deep = nesting.too_deep(raw)
        except RecursionError:      # the parser recurses once per level of nesting
            deep = True
        except UnicodeDecodeError:
            raise SitegenError("the config file is not UTF-8 text", file=shown,
                               hint="save it as UTF-8") from None
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"at line (\d+)", str(exc))
            line = int(found.group(1)) if found else None
            msg = str(exc).split(" (at line")[0]
            raise SitegenError(f"invalid TOML: {msg}", file=shown, line=line,
                               hint="check the syntax near that line (strings need quotes)") from None
        if deep:
            raise SitegenError(f"invalid TOML: values nest more than {nesting.MAX_DEPTH} levels deep", file=shown,
                               line=nesting.deep_line(text), hint="write flatter values (sitegen reads at most "
                                                                   f"{nesting.MAX_DEPTH} levels)")
    raw.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return validate(raw, text, shown)


def _as_uri(parts: SplitResult) -> str:
    """base_url as a URI: a path with spaces or other letters than ASCII ("/my blog/", "/日本/")
    percent-encoded, an international domain name in its ASCII form, as feeds and the sitemap
    need them (and as a browser would send them)."""
    netloc = parts.netloc
    host = parts.hostname or ""
    if not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_host = host
        at = netloc.rfind("@") + 1
        netloc = netloc[:at] + re.sub(re.escape(host), ascii_host, netloc[at:], count=1, flags=re.I)
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%~:@!$&'()*+,;="), "", ""))


def validate(raw: Mapping[str, Any], text: str = "", shown: str = CONFIG_NAME) -> Config:
    problems: list[Problem] = []

    def bad(key: str, message: str, hint: str) -> None:
        problems.append(Problem(message, shown, _line_of(text, key), hint))

    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in _TYPES:
            import difflib
            close = difflib.get_close_matches(key, list(_TYPES), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {_HINT_KEYS}; put theme settings under [extra]"
            bad(key, f"unknown config key '{key}'", hint)
            continue
        types = _TYPES[key]
        if not isinstance(value, types) or (types == (int,) and isinstance(value, bool)):
            bad(key, f"'{key}' must be {types[0].__name__}, not {type(value).__name__}",
                f"for example: {key} = {Config.__dataclass_fields__[key].default!r}"
                if key not in ("extra", "images", "languages") else f"use an [{key}] table")
            continue
        values[key] = value

    if "base_url" in values:
        parts = urlsplit(values["base_url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad("base_url", f"base_url must be an absolute http(s) URL, got '{values['base_url']}'",
                'for example: base_url = "https://example.com/blog/"')
        elif parts.query or parts.fragment:
            bad("base_url", f"base_url may not hold a query or a fragment ('?…', '#…'), got '{values['base_url']}'",
                'for example: base_url = "https://example.com/blog/"')
        else:
            values["base_url"] = _as_uri(parts)
            if not values["base_url"].endswith("/"):
                values["base_url"] += "/"
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            bad("timezone", f"unknown time zone '{values['timezone']}'",
                'use an IANA name such as "UTC" or "Europe/Berlin"')
    for key in ("posts_per_page", "feed_length", "words_per_minute"):
        if key in values and values[key] < 1:
            bad(key, f"'{key}' must be at least 1", f"for example: {key} = 10")
    if "permalink" in values:
        p = values["permalink"]
        if "{slug}" not in p:
            bad("permalink", "the permalink pattern must contain {slug}",
                'for example: permalink = "/posts/{slug}/" or "/{year}/{month}/{slug}/"')
        else:
            try:
                p.format(slug="s", year="2026", month="01", day="01")
            except (KeyError, IndexError, ValueError) as exc:
                bad("permalink", f"the permalink pattern has an unknown field {exc}",
                    "available fields: {slug} {year} {month} {day}")
        if ".." in p.split("/"):
            bad("permalink", "the permalink pattern may not contain '..'", "keep URLs inside the site")
    if "menu" in values:
        values["menu"] = _menu(values["menu"], text, shown, problems)
    if "images" in values:
        values["images"] = _images(values["images"], bad)
    _languages(values, raw, text, shown, problems, bad)
    if problems:
        raise SitegenError(problems=problems)
    if "extra" in values:
        values["extra"] = freeze(values["extra"])
    return Config(**values)


_MENU_KEYS = {"name", "url", "page", "weight"}
_MENU_EXAMPLE = '[[menu]]\n      name = "About"\n      page = "about.md"   (or url = "/tags/")'


def _menu(raw: list[Any], text: str, shown: str, problems: list[Problem],
          lines: list[int | None] | None = None) -> tuple[MenuEntry, ...]:
    """The `[[menu]]` entries, each checked, with the line of its header."""
    headers = lines if lines is not None else [
        n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*menu\s*\]\]", line)]
    out = []
    for i, item in enumerate(raw):
        line = headers[i] if i < len(headers) else _line_of(text, "menu")

        def bad(message: str, hint: str, line: int | None = line) -> None:
            problems.append(Problem(message, shown, line, hint))

        if not isinstance(item, dict):
            bad("each menu entry must be a table with a name and a url or page", _MENU_EXAMPLE)
            continue
        unknown = sorted(set(item) - _MENU_KEYS)
        if unknown:
            bad(f"unknown key in a menu entry: {', '.join(unknown)}", "a menu entry has name, url or page, and weight")
        name, url, page, weight = item.get("name"), item.get("url"), item.get("page"), item.get("weight", 0)
        if not isinstance(name, str) or not name.strip():
            bad("a menu entry needs a name", _MENU_EXAMPLE)
            continue
        if (url is None) == (page is None):
            bad(f"the menu entry '{name}' needs either url or page", _MENU_EXAMPLE)
            continue
        if not isinstance(url if page is None else page, str):
            bad(f"the menu entry '{name}': {'url' if page is None else 'page'} must be text", _MENU_EXAMPLE)
            continue
        if isinstance(weight, bool) or not isinstance(weight, int):
            bad(f"the menu entry '{name}': weight must be a whole number", "for example: weight = 10")
            continue
        if isinstance(url, str) and not url.startswith(("http://", "https://", "mailto:")):
            try:
                url = urls.safe_url("/" + url.lstrip("/"), file=shown, line=line)
            except SitegenError as err:
                problems.extend(err.problems)
                continue
        out.append(MenuEntry(name.strip(), url, page, weight, line))
    return tuple(out)


_LANGUAGE_KEYS = {"title", "description", "weight", "permalink", "menu"}


def known_language(code: str) -> str | None:
    """None when Babel's CLDR data has the language of this tag ("de", "pt-BR", "zh-Hans"); else a
    hint with the closest codes. Reads the names of Babel's data files, without importing Babel
    (a build with nothing to do imports no heavy library)."""
    import importlib.util
    spec = importlib.util.find_spec("babel")
    folder = Path(next(iter(spec.submodule_search_locations or ()), "")) / "locale-data" if spec else Path()
    ident = code.replace("-", "_")
    parts = ident.split("_")
    if not folder.is_dir():
        return None             # (no data to check against: the renderer's Babel says it)
    if all(p.isalnum() and p.isascii() for p in parts) and (
            (folder / f"{ident}.dat").is_file() or (folder / f"{parts[0].lower()}.dat").is_file()):
        return None
    import difflib
    known = sorted(p.stem.replace("_", "-") for p in folder.glob("*.dat") if p.stem != "root")
    close = difflib.get_close_matches(code.replace("_", "-"), known, n=3, cutoff=0.6)
    return (f"did you mean {', '.join(repr(c) for c in close)}?" if close
            else 'use a BCP 47 code such as "en", "de", "pt-BR" or "zh-Hans"')


def _header_line(text: str, code: str, menu: int | None = None) -> int | None:
    """The line of `[languages.<code>]` (or of its n-th `[[languages.<code>.menu]]`)."""
    name = re.escape(code)
    if menu is None:
        pattern = rf'\s*\[\s*languages\s*\.\s*"?{name}"?\s*\]'
    else:
        pattern = rf'\s*\[\[\s*languages\s*\.\s*"?{name}"?\s*\.\s*menu\s*\]\]'
    found = [n for n, line in enumerate(text.splitlines(), 1) if re.match(pattern, line)]
    if menu is None:
        return found[0] if found else None
    return found[menu] if menu < len(found) else (found[-1] if found else None)


def _languages(values: dict[str, Any], raw: Mapping[str, Any], text: str, shown: str, problems: list[Problem],
               bad: Any) -> None:
    """default_language, the [languages.<code>] tables and the switches of a multilingual site."""
    if "default_language" in values:
        if "language" in raw and raw["language"] != values["default_language"]:
            bad("default_language", f"default_language '{values['default_language']}' and language "
                f"'{raw['language']}' disagree", "keep one of them (default_language names the site's main language)")
        else:
            values["language"] = values["default_language"]
    if values.get("untranslated", "own") not in UNTRANSLATED:
        bad("untranslated", f"untranslated must be \"own\" or \"all\", not {values['untranslated']!r}",
            'untranslated = "own" lists a post only in its language; "all" lists it in every language')
    tables = values.pop("languages", None)
    if tables is None:
        return
    default = values.get("language", "en")
    out = []
    for code, table in tables.items():
        line = _header_line(text, str(code))

        def wrong(message: str, hint: str, line: int | None = line) -> None:
            problems.append(Problem(message, shown, line, hint))

        hint = known_language(str(code))
        if hint is not None:
            wrong(f"unknown language '{code}' in [languages.{code}]", hint)
            continue
        if not isinstance(table, dict):
            wrong(f"languages.{code} must be a table", f"write [languages.{code}] and its keys below it")
            continue
        unknown = sorted(set(table) - _LANGUAGE_KEYS)
        if unknown:
            wrong(f"unknown key in [languages.{code}]: {', '.join(unknown)}",
                  "a language has title, description, weight, permalink and [[languages.<code>.menu]] entries")
        fields_: dict[str, Any] = {}
        for key in ("title", "description", "permalink"):
            if key in table:
                if isinstance(table[key], str):
                    fields_[key] = table[key]
                else:
                    wrong(f"'{key}' in [languages.{code}] must be text", f'for example: {key} = "…"')
        if "weight" in table:
            if isinstance(table["weight"], int) and not isinstance(table["weight"], bool):
                fields_["weight"] = table["weight"]
            else:
                wrong(f"'weight' in [languages.{code}] must be a whole number", "for example: weight = 10")
        if "permalink" in fields_ and "{slug}" not in fields_["permalink"]:
            wrong(f"the permalink pattern of [languages.{code}] must contain {{slug}}",
                  'for example: permalink = "/posts/{slug}/" (written under the language\'s folder, /de/…)')
        if "menu" in table:
            if not isinstance(table["menu"], list):
                wrong(f"the menu of [languages.{code}] must be [[languages.{code}.menu]] entries", _MENU_EXAMPLE)
            else:
                lines = [_header_line(text, str(code), i) for i in range(len(table["menu"]))]
                fields_["menu"] = _menu(table["menu"], text, shown, problems, lines)
        out.append(LanguageConfig(str(code), line=line, **fields_))
    values["languages"] = tuple(out)
    values.setdefault("language", default)


def _images(raw: Mapping[str, Any], bad: Any) -> ImagesConfig:
    """The [images] table, checked key by key (problems go to `bad`)."""
    known = {f.name for f in fields(ImagesConfig)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            bad(key, f"unknown key '{key}' in [images]", f"known keys: {', '.join(sorted(known))}")
        elif key == "widths":
            if (not isinstance(value, list) or not value
                    or not all(isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8192 for w in value)):
                bad(key, "'widths' in [images] must be a list of pixel widths from 16 to 8192",
                    "for example: widths = [480, 800, 1200, 1600]")
            else:
                values[key] = tuple(sorted(set(value)))
        elif key == "formats":
            if not isinstance(value, list) or not all(v in IMAGE_FORMATS for v in value):
                bad(key, "'formats' in [images] must list modern formats to make: \"avif\", \"webp\"",
                    'for example: formats = ["avif", "webp"] (the original\'s format is always the fallback)')
            else:
                values[key] = tuple(dict.fromkeys(value))
        elif key.endswith("_quality"):
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
                bad(key, f"'{key}' in [images] must be a whole number from 1 to 100",
                    f"for example: {key} = {getattr(ImagesConfig(), key)}")
            else:
                values[key] = value
        elif key == "sizes":
            if not isinstance(value, str):
                bad(key, "'sizes' in [images] must be text", 'for example: sizes = "(max-width: 46rem) 100vw, 44rem"')
            else:
                values[key] = value
        elif key in ("keep_metadata", "cards", "avif_for_png"):
            if not isinstance(value, bool):
                bad(key, f"'{key}' in [images] must be true or false",
                    f"for example: {key} = {str(getattr(ImagesConfig(), key)).lower()}")
            else:
                values[key] = value
    return ImagesConfig(**values)
