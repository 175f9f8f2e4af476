"""A post's or page's language and translation key, from its file and its front matter.

The language comes from a language folder (`content/de/posts/…`), a suffix of the file name
(`xiaomi.de.md`) or `lang:` in the front matter; else it is the site's default language. The
translation key, which a post shares with its translations, is the file's path without the
language (`posts/xiaomi`), unless `translation_key:` sets it. A site of one language reads no
suffix and no folder: its files keep the names and URLs they always had.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from sitegen.config import Config, known_language
from sitegen.errors import SitegenError

SECTIONS = ("posts", "pages")


class Language(NamedTuple):
    lang: str                   # the language's code as configured ("de", "pt-BR")
    plain_rel: str              # the content path without the language: posts/xiaomi.md, pages/about.md
    key: str                    # the translation key: posts/xiaomi
    lang_line: int | None       # the front matter line of `lang:`, if any
    key_line: int | None


def folder_language(content_rel: str, codes: tuple[str, ...]) -> str | None:
    """The configured language whose folder holds this content file (de/posts/x.md -> "de")."""
    first, _, rest = content_rel.partition("/")
    if rest.split("/", 1)[0] not in SECTIONS:
        return None
    return next((c for c in codes if c.lower() == first.lower()), None)


def _suffix(name: str) -> str | None:
    """The part of a file name between its last two dots ("xiaomi.de.md" -> "de")."""
    stem = name[:-3] if name.endswith(".md") else name
    return stem.rpartition(".")[2] if "." in stem else None


def read(content_rel: str, meta: Mapping[str, Any], key_lines: Mapping[str, int], config: Config,
         source: str) -> Language:
    """The file's language and translation key; an unknown language is an error naming the line
    that gives it."""
    codes = config.codes
    default = codes[0]
    lang: str | None = None
    plain = content_rel
    lang_line = key_lines.get("lang")
    if config.multilingual:
        lang = folder_language(content_rel, codes)
        if lang is not None:
            plain = content_rel.partition("/")[2]
        folder, _, name = plain.rpartition("/")
        suffix = _suffix(name)
        if suffix is not None:
            found = next((c for c in codes if c.lower() == suffix.lower()), None)
            if found is not None:
                if lang is not None and found != lang:
                    raise SitegenError(f"the file's folder says '{lang}' and its name says '{found}'", file=source,
                                       line=1, hint="keep one way of naming the language")
                lang = found
                plain = (folder + "/" if folder else "") + name[: -len(suffix) - 4] + ".md"
            elif (len(suffix) == 2 or "-" in suffix or "_" in suffix) and known_language(suffix) is None:
                raise SitegenError(f"unknown language '{suffix}' in the file name (the site's languages: "
                                   f"{', '.join(codes)})", file=source, line=1,
                                   hint=f"add a [languages.{suffix}] table to sitegen.toml, or rename the file")
    wanted = meta.get("lang")
    if wanted is not None:
        code = next((c for c in codes if c.lower() == str(wanted).strip().lower()), None)
        if code is None:
            hint = known_language(str(wanted))
            raise SitegenError(f"unknown language '{wanted}' (the site's languages: {', '.join(codes)})", file=source,
                               line=lang_line, hint=hint if hint is not None else
                               f"add a [languages.{wanted}] table to sitegen.toml, or write one of {', '.join(codes)}")
        if lang is not None and code != lang:
            raise SitegenError(f"'lang: {wanted}' disagrees with the language of the file's name or folder ({lang})",
                               file=source, line=lang_line, hint="keep one way of naming the language")
        lang = code
    key_line = key_lines.get("translation_key")
    key = plain[:-3] if plain.endswith(".md") else plain
    if meta.get("translation_key") is not None:
        written = meta["translation_key"]
        if not isinstance(written, (str, int)) or not str(written).strip():
            raise SitegenError("'translation_key' must be text", file=source, line=key_line,
                               hint="write the key its translations share, e.g. translation_key: posts/xiaomi")
        key = str(written).strip().strip("/")
    return Language(lang or default, plain, key, lang_line, key_line)
