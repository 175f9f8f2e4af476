"""Reading the content: data files, every post's front matter and every page's, cached by bytes."""


from __future__ import annotations

import marshal
import os
from dataclasses import fields
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, NamedTuple

from sitegen import __version__
from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.frozen import FrozenDict
from sitegen.pipeline.context import BuildContext
from sitegen.pipeline.parallel import imap_ordered
from sitegen.pipeline.read import content, sources
from sitegen.pipeline.read.content import Inventory, PostDraft
from sitegen.pipeline.site import standalone
from sitegen.pipeline.site.standalone import PageDraft
from sitegen.pipeline.state import store as cache

if TYPE_CHECKING:      # the image pipeline is imported only by builds that get past the no-change check
    pass


class DataFiles(NamedTuple):
    values: dict[str, Any]      # every file in data/, by name
    key: str                    # a key of their names and bytes (and of a language other than English)
    language: str = "en"        # the site's: tables, charts and facts write their numbers in its CLDR form
    # the languages whose Markdown and toolkit words a catalogue of the site's own says (i18n.own_words):
    # (language, key of the catalogues, the catalogues); none when sitegen's own say them all
    words: tuple[tuple[str, str, tuple[str, ...]], ...] = ()


def load_data(ctx: BuildContext) -> DataFiles:
    """The data files (their problems go to the collector) and a key of their bytes; and the
    catalogues of the site's own that say the Markdown stage's words, read once a build."""
    from sitegen.pipeline.render import i18n
    from sitegen.toolkit import hooks
    values = ctx.problems.attempt(hooks.load_data, ctx.site_dir) or {}
    folder = ctx.site_dir / "data"
    files = sorted((rel, cache.digest(path.read_bytes())) for rel, path in sources.walk(folder))
    language = ctx.config.language
    words = tuple(w for code in ctx.config.codes
                  if (w := ctx.problems.attempt(i18n.own_words, code, ctx.site_dir, ctx.theme.path)) is not None)
    return DataFiles(values, cache.digest(files) if language == "en" else cache.digest(files, language), language,
                     words)


def draft_shape(config: Config) -> str:
    """A key of what, besides its bytes, shapes a post's draft."""
    if config.multilingual:     # (a site of one language keeps the key it had)
        return cache.digest(__version__, content.DRAFT_VERSION, config.timezone, config.permalink, config.toc,
                            config.codes, config.default_language_in_folder,
                            [(lang.code, lang.permalink) for lang in config.languages])
    return cache.digest(__version__, content.DRAFT_VERSION, config.timezone, config.permalink, config.toc)


_FIELDS = tuple(f.name for f in fields(PostDraft))
_DATE, _UPDATED, _EXTRA = (_FIELDS.index(name) for name in ("date", "updated", "extra"))


def pack(draft: PostDraft, tz: tzinfo) -> bytes | PostDraft:
    """A worker's draft as marshal bytes, for the parent to read back several times quicker than
    a pickled dataclass: its dates (in the site's zone) as their fields, an empty `extra` as
    None. A draft with anything marshal does not carry as it is (a source, an update or an
    alias, front matter extras, a str subclass) stays the draft itself (pickled)."""
    if draft.extra or draft.sources or draft.updates or draft.aliases or draft.date.tzinfo is not tz \
            or (draft.updated is not None and draft.updated.tzinfo is not tz) or type(draft.extra) is not FrozenDict:
        return draft
    values: list[Any] = [getattr(draft, name) for name in _FIELDS]
    values[_DATE] = _fields_of(draft.date)
    values[_UPDATED] = None if draft.updated is None else _fields_of(draft.updated)
    values[_EXTRA] = None
    try:
        return marshal.dumps(tuple(values))
    except ValueError:
        return draft


def _fields_of(dt: datetime) -> tuple[int, ...]:
    return dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, dt.fold


def _datetime(f: tuple[int, ...], tz: tzinfo) -> datetime:
    return datetime(f[0], f[1], f[2], f[3], f[4], f[5], f[6], tzinfo=tz, fold=f[7])


def unpack(packed: bytes | PostDraft, tz: tzinfo) -> PostDraft:
    """The draft pack() was given."""
    if not isinstance(packed, bytes):
        return packed
    values = list(marshal.loads(packed))
    values[_DATE] = _datetime(values[_DATE], tz)
    values[_UPDATED] = None if values[_UPDATED] is None else _datetime(values[_UPDATED], tz)
    values[_EXTRA] = FrozenDict()
    draft: PostDraft = object.__new__(PostDraft)
    draft.__dict__.update(zip(_FIELDS, values))
    return draft


PARSE_IN_POOL = 1000     # posts to parse before the pool pays for its start (~0.2 ms of YAML a post)


def read_drafts(ctx: BuildContext, inventory: Inventory, changed: set[str] | None = None) -> list[PostDraft]:
    """Every post's validated front matter. A file whose size and modification time are those
    recorded (and older than the last scan, so no write can hide in the same clock tick) is
    neither read nor parsed. `changed`: the only files that may have changed (the server
    knows them from its watcher); None: look at every file."""
    site_dir, config, store, problems = ctx.site_dir, ctx.config, ctx.store, ctx.problems
    shape = draft_shape(config)
    content_dir = str(site_dir / "content")
    racy = store.scan_time - cache.RACY_NS
    tz = config.tz
    here = os.getpid()      # (a draft parsed in a worker is packed for its way back; one parsed here is not)
    known, seen = store.drafts, store.seen
    slots: list[PostDraft | None] = []      # a draft known to hold, or None: read and parse the file
    todo: list[str] = []
    for rel in inventory.posts:
        hit = known.get(rel)
        if hit is not None and hit[2] == shape:
            if changed is not None and rel not in changed:
                slots.append(hit[1])
                continue
            path = os.path.join(content_dir, rel)
            st = seen.get(path)     # (from the inputs' walk at the start of this build)
            if st is None:
                try:
                    found = os.stat(path)
                    st = (found.st_size, found.st_mtime_ns)
                except OSError:
                    st = None       # (reading it says what is wrong)
            if changed is None and st is not None and hit[3] == st[0] and hit[4] == st[1] and st[1] < racy:
                slots.append(hit[1])
                continue
        slots.append(None)
        todo.append(rel)

    def parse(rel: str) -> tuple[str, str, bytes | PostDraft | None, int, int, list[Problem]]:
        """(rel, key, draft (packed) or None when the known one holds, size, mtime, problems)."""
        try:
            with open(os.path.join(content_dir, rel), "rb") as f:
                st = os.fstat(f.fileno())
                data = f.read()
            key = cache.digest(data, shape)
            hit = known.get(rel)
            if hit is not None and hit[0] == key and hit[2] == shape:
                return rel, key, None, st.st_size, st.st_mtime_ns, []
            # the body is not kept: workers read it again when they render, so a build of
            # thousands of posts never holds all their Markdown at once
            draft = content.read_post(site_dir, rel, config, data=data, digest=key, body=False)
            return rel, key, draft if os.getpid() == here else pack(draft, tz), st.st_size, st.st_mtime_ns, []
        except SitegenError as err:
            return rel, "", None, 0, 0, err.problems
        except OSError as err:
            return rel, "", None, 0, 0, SitegenError(
                f"cannot read the post ({err.strerror or err})", file=f"content/{rel}",
                hint="check that the file exists and is readable").problems

    # a clean build parses every post: in the pool, when there are enough to pay for it
    parsed = imap_ordered(parse, todo, ctx.workers, min_items=PARSE_IN_POOL)
    drafts = []
    for slot in slots:
        if slot is not None:
            drafts.append(slot)
            continue
        rel, key, packed, size, mtime, errors = next(parsed)
        if errors:
            problems.add(SitegenError(problems=errors))
            continue
        if packed is None:
            hit = known[rel]
            if (hit[3], hit[4]) != (size, mtime):
                known[rel] = (key, hit[1], shape, size, mtime)
            drafts.append(hit[1])
        else:
            draft = unpack(packed, tz)
            known[rel] = (key, draft, shape, size, mtime)
            drafts.append(draft)
    for _ in parsed:        # (ends the generator, and with it the pool)
        pass
    for rel in set(known) - set(inventory.posts) - set(inventory.pages):
        del known[rel]
    return drafts


def read_pages(ctx: BuildContext, inventory: Inventory) -> list[PageDraft]:
    """Every standalone page's validated front matter and Markdown; unchanged files are not
    parsed again."""
    shape = draft_shape(ctx.config)
    out = []
    for rel in inventory.pages:
        try:
            path = ctx.site_dir / "content" / rel
            st = path.stat()
            data = path.read_bytes()
            key = cache.digest(data, shape)
            hit = ctx.store.drafts.get(rel)
            if hit is not None and hit[0] == key:
                out.append(hit[1])
                continue
            draft = standalone.read_page(ctx.site_dir, rel, ctx.config, data)
            ctx.store.drafts[rel] = (key, draft, shape, st.st_size, st.st_mtime_ns)
            out.append(draft)
        except SitegenError as err:
            ctx.problems.add(err)
    return out
