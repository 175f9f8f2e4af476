"""The languages of a multilingual source, as sitegen writes them.

An importer marks each entry with its source language code and the key that links it to its
translations (`Entry.language`, `Entry.translation_key`), and lists the languages its config
declares (`Source.languages`). Here the codes are checked against sitegen's locale data (kept as
written when it reads them, so `zh-cn` stays `zh-cn` and the old addresses stay; `pt_BR` becomes
`pt-BR`; Hugo's `languageCode` names a key that is no code), the entries are grouped, and the
config's `default_language` and `[languages.<code>]` blocks are written.

A source whose entries are all in one language is a one-language import: the entries lose their
language marks and the output is what it always was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sitegen.errors import Problem
from sitegen.importers.model import Entry, LanguageInfo, Source

_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}))*$")


def bcp47(code: str) -> str | None:
    """A source's language code as sitegen's code, or None when no locale data knows it
    ("klingon", "en-pirate"). A code sitegen's locale data reads is kept as the source wrote it
    ("zh-cn", "de"), so the language's addresses stay the old site's (/zh-cn/…); only an
    underscore becomes BCP 47's hyphen ("pt_BR" -> "pt-BR")."""
    code = code.strip()
    if not _CODE.match(code):
        return None
    tag = code.replace("_", "-")
    from babel import Locale, UnknownLocaleError
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    return tag


def is_code(code: str) -> bool:
    """Whether a folder or file-name part is a language code (`de`, `zh-cn`, `pt-BR`), not a word."""
    return bool(_CODE.match(code)) and bcp47(code) is not None


@dataclass
class Languages:
    """What a multilingual import writes: the codes (source code -> sitegen tag), the default
    language, and the per-language counts of the report."""

    tags: dict[str, str] = field(default_factory=dict)           # source code -> BCP 47 tag
    default: str = ""                                            # a BCP 47 tag
    info: dict[str, LanguageInfo] = field(default_factory=dict)  # BCP 47 tag -> the source's settings
    posts: dict[str, int] = field(default_factory=dict)          # tag -> posts written
    pages: dict[str, int] = field(default_factory=dict)
    untranslated: dict[str, int] = field(default_factory=dict)   # tag -> posts and pages with no translation
    unpaired: list[Problem] = field(default_factory=list)        # keys that could not link two texts
    empty: list[str] = field(default_factory=list)               # declared languages without any content

    def order(self) -> list[str]:
        """The tags, the default first, then by weight and code."""
        def weight(tag: str) -> tuple[int, int, str]:
            w = self.info[tag].weight if tag in self.info else None
            return (0 if tag == self.default else 1, w if w is not None else 10**6, tag)
        return sorted(set(self.tags.values()), key=weight)


def settle(source: Source) -> Languages | None:
    """The languages of the import, or None for a one-language import (then every entry's
    language mark is cleared). Codes no locale data knows are errors in `source.errors`."""
    used = sorted({e.language for e in source.entries if e.language})
    declared_default = source.default_language
    if len(used) <= 1:
        only = used[0] if used else ""
        for e in source.entries:
            e.language, e.translation_key = "", ""
        if only and (not source.language or source.languages):     # the one language the content is in
            source.language = bcp47(only) or source.language
        return None
    out = Languages()
    for code in used:
        info = source.languages.get(code) or LanguageInfo(code)
        tag = bcp47(code) or (bcp47(info.tag) if info.tag else None)
        if tag is None:
            first = next(e for e in source.entries if e.language == code)
            source.error(f"unknown language '{code}': sitegen knows no locale of that name",
                         info.where or first.source, info.line if info.where else first.line,
                         "rename the language folder or file suffix to a BCP 47 code (de, pt-BR, zh-Hans), "
                         "or set languageCode in the Hugo config")
            continue
        if tag in out.info:
            other = next(c for c, t in out.tags.items() if t == tag)
            source.error(f"the languages '{other}' and '{code}' are both {tag} in sitegen", info.where or None,
                         info.line, "merge their content into one language")
            continue
        out.tags[code] = tag
        out.info[tag] = info
    if source.errors:
        return None
    out.default = out.tags.get(declared_default) or out.tags.get("en") or out.tags[used[0]]
    for code, info in sorted(source.languages.items()):
        if code not in used:
            out.empty.append(code)
            source.warn(f"the language '{code}' has no posts or pages: left out of sitegen.toml", info.where or None,
                        info.line, "add its content to the source and import again, if it should have some")
    return out


def config_lines(langs: Languages) -> list[str]:
    """`default_language` and one `[languages.<tag>]` table per language, for a new sitegen.toml."""
    lines = [f"default_language = {json.dumps(langs.default)}"]
    for tag in langs.order():
        info = langs.info.get(tag)
        lines += ["", f"[languages.{tag}]"]          # a bare key: letters, digits and "-"
        if info and info.title:
            lines.append(f"title = {json.dumps(info.title, ensure_ascii=False)}")
        if info and info.description:
            lines.append(f"description = {json.dumps(info.description, ensure_ascii=False)}")
        if info and info.weight is not None:
            lines.append(f"weight = {info.weight}")
    return lines


def group_of(entry: Entry) -> tuple[str, str]:
    """The translation group of an entry: its kind and key (an entry without a key is alone)."""
    return entry.kind, entry.translation_key or f"\0{entry.source}"


def report_lines(langs: Languages) -> list[str]:
    """The report's lines per language."""
    out = ["Languages (the first is the default):"]
    for tag in langs.order():
        posts, pages, alone = langs.posts.get(tag, 0), langs.pages.get(tag, 0), langs.untranslated.get(tag, 0)
        source = [c for c, t in langs.tags.items() if t == tag]
        named = f" (from '{source[0]}')" if source and source[0] != tag else ""
        out.append(f"  {tag}{named}: {posts} post{'s' if posts != 1 else ''}, {pages} page{'s' if pages != 1 else ''}, "
                   f"{alone} untranslated")
    for code in langs.empty:
        out.append(f"  {code}: no content (not written to sitegen.toml)")
    if langs.unpaired:
        out.append(f"Translation keys that could not be paired ({len(langs.unpaired)}):")
        out += ["  " + str(p) for p in langs.unpaired]
    return out
