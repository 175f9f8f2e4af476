"""The plain values every importer produces and the writer consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen.errors import Problem

# A file to write beside an entry: the bytes themselves, or a file to copy.
FileSource = bytes | Path


@dataclass
class Entry:
    """One post or page, converted to sitegen Markdown but not yet placed on disk.

    `files` maps a path as the body refers to it (relative, e.g. ``photo.jpg`` or
    ``images/a.png``) to its bytes or source file; the writer puts those files in a folder
    named after the entry and rewrites the references. `old_urls` are the addresses the
    entry had on the old site (absolute URLs or site paths): they become aliases, and links
    to them from other entries become links to this entry's file.
    """

    kind: str                      # "post" or "page"
    source: str                    # the input file (and item) as shown in messages
    line: int | None
    title: str
    body: str
    body_line: int | None = None   # source line of the body's first line, when the body is a file's text
    date: datetime | None = None
    updated: datetime | None = None
    authors: list[str] = field(default_factory=list)     # keys into the importer's authors
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    slug: str = ""
    cover: str = ""
    cover_alt: str = ""
    draft: bool = False
    feed_id: str = ""
    menu: int | None = None
    toc: bool = False              # the source asked for a table of contents (kramdown {:toc}, a toc shortcode)
    folder: str = ""               # sub-folder under posts/ or pages/ (e.g. "2019" or "about")
    stem: str = ""                 # wished file name without .md (made unique by the writer)
    old_urls: list[str] = field(default_factory=list)
    files: dict[str, FileSource] = field(default_factory=dict)
    origin: str = ""               # the source file's absolute path, to resolve relative links between entries
    math: str = ""                 # the front-matter switch that turned formulas on (mathjax: true), reported
    language: str = ""             # the source's language code of a multilingual site's entry ("" on a one-language site)
    translation_key: str = ""      # what links it to its translations in the source: entries of one kind and key are one text
    key_line: int | None = None    # the line of an explicit key (translationKey) in the source, for the report


@dataclass(frozen=True)
class AuthorInfo:
    name: str
    bio: str = ""
    links: tuple[tuple[str, str], ...] = ()     # (name, url)


@dataclass(frozen=True)
class LanguageInfo:
    """One language of a multilingual source, as its config says it (the title and description of the
    site in that language, its order in menus)."""

    code: str                      # as the source writes it: "de", "zh-cn", "pt_BR"
    title: str = ""
    description: str = ""
    weight: int | None = None
    tag: str = ""                  # a BCP 47 tag the config gives for it (Hugo's languageCode), when the code is none
    where: str = ""                # the config file that declares it (for messages)
    line: int | None = None


@dataclass
class Source:
    """Everything an importer read from its input."""

    entries: list[Entry] = field(default_factory=list)
    authors: dict[str, AuthorInfo] = field(default_factory=dict)   # key (login, id, name) -> info
    old_base: str = ""             # the old site's address, e.g. https://old.example.net/blog/
    title: str = ""                # the old site's name and description (for a new sitegen.toml)
    description: str = ""
    language: str = ""
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)            # not published on purpose
    secrets: set[str] = field(default_factory=set)                   # text never to write (e-mails)
    site_files: dict[str, FileSource] = field(default_factory=dict)  # content-relative path -> file (shared assets)
    images: int = 0                # images downloaded or copied
    languages: dict[str, LanguageInfo] = field(default_factory=dict)  # source code -> info (multilingual sources)
    default_language: str = ""     # the source code of the default language (multilingual sources)

    def warn(self, message: str, file: str | None = None, line: int | None = None, hint: str | None = None) -> None:
        self.warnings.append(Problem(message, file, line, hint))

    def error(self, message: str, file: str | None = None, line: int | None = None, hint: str | None = None) -> None:
        self.errors.append(Problem(message, file, line, hint))
