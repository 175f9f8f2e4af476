"""The site config schema: one `sitegen.toml` at the site root, every key with a default.

Unknown keys and wrong types are errors, and all of them are reported together.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
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
    cards: bool = True                                # social cards drawn for posts without a raster cover


IMAGE_FORMATS = ("avif", "webp")


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
    words_per_minute: int = 220
    toc: bool = False
    comments: str = ""
    menu: tuple[MenuEntry, ...] = ()
    search: bool = False
    extra: Mapping[str, Any] = field(default_factory=FrozenDict)
    images: ImagesConfig = field(default_factory=ImagesConfig)

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
    "words_per_minute": (int,), "toc": (bool,), "comments": (str,), "menu": (list,),
    "search": (bool,), "extra": (dict,), "images": (dict,),
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
                if key not in ("extra", "images") else f"use an [{key}] table")
            continue
        values[key] = value

    if "base_url" in values:
        parts = urlsplit(values["base_url"])
        if parts.scheme not in ("http", "https") or not parts.netloc:
            bad("base_url", f"base_url must be an absolute http(s) URL, got '{values['base_url']}'",
                'for example: base_url = "https://example.com/blog/"')
        elif not values["base_url"].endswith("/"):
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
    if problems:
        raise SitegenError(problems=problems)
    if "extra" in values:
        values["extra"] = freeze(values["extra"])
    return Config(**values)


_MENU_KEYS = {"name", "url", "page", "weight"}
_MENU_EXAMPLE = '[[menu]]\n      name = "About"\n      page = "about.md"   (or url = "/tags/")'


def _menu(raw: list[Any], text: str, shown: str, problems: list[Problem]) -> tuple[MenuEntry, ...]:
    """The `[[menu]]` entries, each checked, with the line of its header."""
    headers = [n for n, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*menu\s*\]\]", line)]
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
        elif key in ("keep_metadata", "cards"):
            if not isinstance(value, bool):
                bad(key, f"'{key}' in [images] must be true or false",
                    f"for example: {key} = {str(getattr(ImagesConfig(), key)).lower()}")
            else:
                values[key] = value
    return ImagesConfig(**values)
