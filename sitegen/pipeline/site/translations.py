"""Link the translations of a multilingual site: each post and page with the others of its
translation key, a translation taking what it does not set from its original (the default
language's version), and the problems only the whole site shows: two files of one key and
language, a key that has no partner while a close one has, a language with nothing in it.

A site of one language passes through unchanged.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sitegen import urls
from sitegen.config import CONFIG_NAME, Config
from sitegen.errors import Collector, SitegenError
from sitegen.pipeline.read import content
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.site.standalone import PageDraft
from sitegen.pipeline.state import store as cache

Translatable = PostDraft | PageDraft


def _where(d: Translatable) -> str:
    return f"{d.source}:{d.key_line or d.lang_line or 1}"


def _groups(items: Sequence[Translatable], problems: Collector) -> dict[str, dict[str, Any]]:
    """translation key -> language -> the file; two files of one key and language are an error."""
    groups: dict[str, dict[str, Any]] = defaultdict(dict)
    for d in items:
        other = groups[d.translation_key].get(d.lang)
        if other is not None:
            problems.add(SitegenError(
                f"two files are the '{d.lang}' version of '{d.translation_key}': {_where(other)} and {_where(d)}",
                file=d.source, line=d.key_line or d.lang_line or 1,
                hint="give one of them another translation_key, or the language it is really in"))
            continue
        groups[d.translation_key][d.lang] = d
    return groups


def _lonely(items: Sequence[Translatable], groups: dict[str, dict[str, Any]]) -> list[str]:
    """A warning for each written translation_key that links nothing while a close key exists."""
    out = []
    keys = sorted(groups)
    for d in items:
        if d.key_line is None or len(groups.get(d.translation_key, {})) > 1:
            continue
        import difflib  # (only a build that reports a mistake needs it)
        close = [k for k in difflib.get_close_matches(d.translation_key, keys, n=3, cutoff=0.8)
                 if k != d.translation_key]
        if close:
            where = ", ".join(sorted(x.source for x in groups[close[0]].values()))
            out.append(f"{d.source}:{d.key_line}: translation_key '{d.translation_key}' links no other file; "
                       f"did you mean '{close[0]}' ({where})?")
    return out


def inherit(config: Config, d: PostDraft, original: PostDraft | None) -> PostDraft:
    """A translation with what it does not set taken from its original (and the URL of its date)."""
    if not d.inherits:
        return d
    if original is None:
        if "date" in d.inherits:
            raise SitegenError(f"missing 'date' in the front matter, and no '{config.codes[0]}' original of "
                               f"'{d.translation_key}' to take it from", file=d.source, line=2,
                               hint="add a line like 'date: 2026-01-31', or a translation_key that names the original")
        return d
    changes: dict[str, Any] = {}
    if "date" in d.inherits:
        changes["date"] = original.date
        changes["url"] = content.post_url(config, d, original.date)
    if "authors" in d.inherits:
        changes["author_ids"] = original.author_ids
    if "tags" in d.inherits:
        changes["tag_names"] = original.tag_names
        changes["tags_line"] = original.tags_line
    if "cover" in d.inherits:
        changes.update(cover=original.cover, cover_alt=d.cover_alt or original.cover_alt)
    if "extra" in d.inherits:
        changes["extra"] = original.extra
    # what the post is made of includes what it took: a change to the original renders it again
    changes["digest"] = cache.digest(d.digest, original.digest, sorted(changes))
    return dataclasses.replace(d, **changes)


def link(config: Config, drafts: Sequence[PostDraft], pages: Sequence[PageDraft],
         problems: Collector) -> tuple[list[PostDraft], list[str]]:
    """The posts with what their originals give them, and the warnings of the site's languages."""
    if not config.multilingual:
        return list(drafts), []
    groups = _groups(drafts, problems)
    page_groups = _groups(pages, problems)
    default = config.codes[0]
    out = []
    for d in drafts:
        original = groups[d.translation_key].get(default)
        found = problems.attempt(inherit, config, d, original if original is not d else None)
        if found is not None:
            out.append(found)
    warnings = _lonely(drafts, groups) + _lonely(pages, page_groups)
    used = {d.lang for d in drafts} | {p.lang for p in pages}
    for table in config.languages:
        if table.code not in used:
            warnings.append(f"{CONFIG_NAME}:{table.line or 1}: the language '{table.code}' has no posts or pages "
                            f"(name files like posts/x.{table.code}.md, or put them in content/{table.code}/posts/)")
    return out, warnings


def check_tags(config: Config, drafts: Sequence[PostDraft], problems: Collector) -> None:
    """Two tag names of one language in different scripts may not make the same slug (ＥＶ and
    EV, Ⅳ and IV): the error names both files and lines."""
    seen: dict[tuple[str, str], tuple[str, frozenset[str], PostDraft]] = {}
    # a name's slug and scripts, made once per distinct name (10,000 posts name their few dozen
    # tags 30,000 times: 0.3 s of slugify and unicodedata.name in the build's own process)
    made: dict[str, tuple[str, frozenset[str]]] = {}
    for d in drafts:
        for name in d.tag_names:
            found = made.get(name)
            if found is None:
                found = made[name] = (urls.slugify(name), _scripts(name))
            key = (d.lang, found[0])
            scripts = found[1]
            first = seen.setdefault(key, (name, scripts, d))
            if first[1] != scripts:
                other = first[2]
                problems.add(SitegenError(
                    f"the tags '{first[0]}' ({other.source}:{other.tags_line or 1}) and '{name}' "
                    f"({d.source}:{d.tags_line or 1}) are written in different scripts but make the same "
                    f"slug '{key[1]}'", file=d.source, line=d.tags_line or 1,
                    hint="write both the same way, so they are one tag"))


def _scripts(name: str) -> frozenset[str]:
    import unicodedata
    return frozenset(unicodedata.name(c, "?").split(" ")[0] for c in name if c.isalnum())
