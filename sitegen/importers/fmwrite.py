"""Write front matter and authors.yaml as sitegen reads them: quoted strings, ISO dates."""

from __future__ import annotations

import math
from collections.abc import Iterable

import yaml

from sitegen.importers import dates
from sitegen.importers.model import AuthorInfo, Entry


def q(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text` (one line, any characters)."""
    dumped = yaml.dump(text, default_style='"', allow_unicode=True, width=math.inf)
    return str(dumped).strip().removesuffix("...").strip()


def q_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(q(i) for i in items) + "]"


def front_matter(entry: Entry, author_ids: list[str], slug: str | None, cover: str, translation_key: str = "") -> str:
    """The front matter block (with its `---` lines) of a post or page."""
    lines = ["---", f"title: {q(entry.title)}"]
    if entry.kind == "post":
        assert entry.date is not None
        lines.append(f"date: {dates.iso(entry.date)}")
    if entry.updated is not None and (entry.date is None or entry.updated > entry.date):
        lines.append(f"updated: {dates.iso(entry.updated)}")
    if entry.kind == "post" and author_ids:
        lines.append(f"author: {q(author_ids[0])}" if len(author_ids) == 1 else f"authors: {q_list(author_ids)}")
    if entry.kind == "post" and entry.tags:
        lines.append(f"tags: {q_list(entry.tags)}")
    if entry.summary:
        lines.append(f"summary: {q(entry.summary)}")
    if slug:
        lines.append(f"slug: {q(slug)}")
    if translation_key:
        lines.append(f"translation_key: {q(translation_key)}")
    if entry.kind == "post" and cover:
        lines.append(f"cover: {q(cover)}")
        lines.append(f"cover_alt: {q(entry.cover_alt)}")
    if entry.draft:
        lines.append("draft: true")
    if entry.kind == "post" and entry.toc:
        lines.append("toc: true")
    if entry.kind == "page" and entry.menu is not None:
        lines.append(f"menu: {entry.menu}")
    if entry.old_urls:
        lines.append(f"aliases: {q_list(entry.old_urls)}")
    if entry.kind == "post" and entry.feed_id:
        lines.append(f"feed_id: {q(entry.feed_id)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def authors_yaml(authors: dict[str, AuthorInfo]) -> str:
    """content/authors.yaml for the given ids, sorted by id."""
    out = []
    for aid in sorted(authors):
        info = authors[aid]
        out.append(f"{aid}:")
        out.append(f"  name: {q(info.name)}")
        if info.bio:
            out.append(f"  bio: {q(info.bio)}")
        if info.links:
            out.append("  links:")
            for name, url in info.links:
                out.append(f"    - name: {q(name)}")
                out.append(f"      url: {q(url)}")
    return "\n".join(out) + "\n"
