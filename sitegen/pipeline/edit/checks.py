"""build()'s cross-checks for a structural edit, on the posts it changed only.

build() checks every post's URL and feed id against every other's, resolves every post's
authors and checks every output file name (assemble.py, output.check_names): ~100 ms at 10,000
posts, before the open page can be written. The server keeps the folded URLs, feed ids and
output names of the last site it made, and checks only the posts that are new to the list
(added, edited, come due or out of draft) and the output files that are new. A check that
fails says only "the full build": that build finds the problem again and names it, so these
checks need to be sure only when they pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from sitegen import urls
from sitegen.model import Author
from sitegen.pipeline.context import BuiltSite
from sitegen.pipeline.edit import engine
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.render import feeds, sitefiles
from sitegen.pipeline.site import assemble


@dataclasses.dataclass
class Index:
    """What the checks compare with: the last site's folded URLs, feed ids and file names."""

    urls: dict[str, str]        # folded URL -> content rel of its post, or "" for a standalone page
    feed_ids: dict[str, str]    # feed id -> content rel
    names: set[str]             # every output file name the build checks, folded


def index(built: BuiltSite) -> Index:
    """The index of a built site."""
    sel = built.selection
    found = {urls.fold(p.url): "" for p in sel.pages if p.url}
    found.update((urls.fold(d.url), d.content_rel) for d in sel.kept)
    ids = {d.feed_id: d.content_rel for d in sel.kept if d.feed_id}
    names = {urls.fold(rel) for rel, _ in sitefiles.output_names(built.ctx, built.site, built.pages, sel.inventory.assets)}
    return Index(found, ids, names)


def posts_pass(ix: Index, newly: Iterable[PostDraft], released: set[str]) -> bool:
    """True when no post new to the list takes a URL the site uses itself, another post's or
    a page's URL (folded), or another post's feed id. `released`: posts whose old URL and
    feed id no longer count (edited, deleted or left out now)."""
    seen: set[str] = set()
    ids: set[str] = set()
    for d in newly:
        key = urls.fold(d.url)
        if key in assemble.RESERVED_URLS or key.startswith(assemble.RESERVED_PREFIXES) or key in seen:
            return False
        owner = ix.urls.get(key)
        if owner is not None and (owner == "" or owner not in released):
            return False
        seen.add(key)
        if d.feed_id:
            owner = ix.feed_ids.get(d.feed_id)
            if d.feed_id in ids or (owner is not None and owner not in released):
                return False
            ids.add(d.feed_id)
    return True


def authors_with_file(authors_file: Mapping[str, Author], old: Mapping[str, tuple[str, ...]],
                      kept: Iterable[PostDraft], newly: set[str]) -> tuple[dict[str, Author], dict[str, tuple[str, ...]]] | None:
    """assemble.resolve_authors with an authors file, for the posts new to the list only (the
    others keep their slugs); None when a post names an unknown author."""
    post_authors = {}
    for d in kept:
        if d.content_rel not in newly:
            post_authors[d.source] = old[d.source]
            continue
        if any(aid not in authors_file for aid in d.author_ids):
            return None
        post_authors[d.source] = tuple(dict.fromkeys(authors_file[aid].slug for aid in d.author_ids))
    return {a.slug: a for a in authors_file.values()}, post_authors


def files_of(site: Any, page_rels: Iterable[str]) -> set[str]:
    """The page and feed files of a site, given its pages' files."""
    return set(page_rels).union(*(engine.job_files(("feed", spec)) for spec in feeds.specs(site)))


def names_pass(ix: Index, old_files: set[str], new_files: set[str]) -> bool:
    """True when no page or feed file that is new folds to a name of the last site, or to the
    name of another new one (output.check_names). A name that only changes case: the full build."""
    seen: set[str] = set()
    for rel in new_files - old_files:
        key = urls.fold(rel)
        if key in seen or key in ix.names:
            return False
        seen.add(key)
    return True
