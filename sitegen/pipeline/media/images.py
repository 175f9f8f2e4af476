"""The build's side of the image pipeline (sitegen.images): what to prepare, how a post's
images become markup, which files to write, and the GPS check of what was written."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.images import cards, probe, stage, variants, video
from sitegen.images.store import ImageStore
from sitegen.model import Author
from sitegen.pipeline.context import BuildContext
from sitegen.pipeline.output import Writer
from sitegen.pipeline.parallel import imap_ordered
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.render.assets import AssetMap

IMAGE_DIR = "images"          # inside .sitegen-cache/


class Published(NamedTuple):
    """What pages link to besides each other: the images (variants, cards) and hashed assets."""

    images: stage.ImageTable
    assets: AssetMap


def settings_of(config: Config) -> variants.Settings:
    c = config.images
    return variants.Settings(widths=c.widths, formats=c.formats, avif_quality=c.avif_quality,
                             webp_quality=c.webp_quality, jpeg_quality=c.jpeg_quality, keep_metadata=c.keep_metadata,
                             avif_for_png=c.avif_for_png)


def _run(ctx: BuildContext, label: str = "") -> stage.Run:
    """Map over the pool, an image at a time; with a label, the terminal shows a progress bar
    (encoding a phone's photos the first time takes seconds each). One at a time: in chunks (18
    images a chunk for 300), the last chunk of the slower worker kept the other core idle for up
    to half a minute."""
    def run(fn: Callable[[object], object], items: Sequence[object]):  # type: ignore[no-untyped-def]
        results = imap_ordered(fn, items, ctx.workers, min_items=2, chunksize=1)
        if not label or ctx.progress is None or not items:
            return results
        return _counted(results, label, len(items), ctx.progress)
    return run


def _counted(results: Iterable[Any], label: str, total: int, progress: Callable[[str, int, int], None]) -> Iterator[Any]:
    for n, result in enumerate(results, 1):
        progress(label, n, total)
        yield result


def _cover_rel(draft: PostDraft) -> str:
    if not draft.cover or "://" in draft.cover or draft.cover.startswith("/"):
        return draft.cover.lstrip("/") if draft.cover.startswith("/") and not draft.cover.startswith("//") else ""
    return posixpath.normpath(posixpath.join(posixpath.dirname(draft.content_rel), draft.cover))


def _theme_css(ctx: BuildContext) -> str:
    for folder in (ctx.site_dir / "static", ctx.theme.static):
        path = folder / "css" / "style.css"
        if path.is_file():
            return path.read_text("utf-8", "replace")
    return ""


def prepare(ctx: BuildContext, assets: Iterable[str], authors: Mapping[str, Author], kept: Sequence[PostDraft],
            post_authors: Mapping[str, tuple[str, ...]]) -> stage.ImageTable:
    """Every image of the site probed and encoded (cached by content, in the pool), and a
    social card for every post."""
    store = ImageStore(ctx.site_dir / ".sitegen-cache" / IMAGE_DIR, enabled=ctx.options.use_cache)
    content = ctx.site_dir / "content"
    sources = [stage.Source(rel, content / rel) for rel in assets if probe.is_image(rel)]
    avatars = [a.avatar.lstrip("/") for a in authors.values() if a.avatar.startswith("/")]
    table = stage.prepare(sources, avatars, settings_of(ctx.config), store, _run(ctx, "images"), ctx.config.images.sizes)
    # a cover's original is what og:image and JSON-LD fall back to: it gets a full-size copy
    covers = ["/" + rel for rel in (_cover_rel(d) for d in kept) if rel]
    table.linked.update(covers)
    table.show(covers)          # (a post's page shows its cover)
    by_slug = {a.slug: a for a in authors.values()}
    requests = [stage.CardRequest(d.url, d.source, d.title,
                                  ", ".join(by_slug[s].name for s in post_authors.get(d.source, ()) if s in by_slug),
                                  _cover_rel(d)) for d in kept]
    if ctx.config.images.cards:
        stage.make_cards(table, requests, ctx.config.title, cards.theme_colours(_theme_css(ctx)), store, _run(ctx, "cards"))
    store.flush({str(s.path) for s in sources})
    return table


def remake_card(ctx: BuildContext, table: stage.ImageTable, draft: PostDraft, byline: str) -> tuple[str, bytes] | None:
    """The card of a post whose title changed (the live preview's fast path): its output path and
    new bytes (same path as before), or None when the site has no cards."""
    if not ctx.config.images.cards or table.store is None:
        return None
    request = stage.CardRequest(draft.url, draft.source, draft.title, byline, _cover_rel(draft))
    stage.make_cards(table, [request], ctx.config.title, cards.theme_colours(_theme_css(ctx)), table.store,
                     lambda fn, items: map(fn, items))
    rel, path = table.cards[draft.url].output
    drawn = table.drawn.get(rel)
    if drawn is not None:
        return rel, stage.draw_card(drawn[1])
    return rel, path.read_bytes()


def full_copies(ctx: BuildContext, table: stage.ImageTable) -> None:
    """The variants of the images pages show, and stripped full-size copies of the images
    linked as files (after every post rendered: convert noted what each shows and links)."""
    stage.encode_shown(table, _run(ctx, "encoding images"))
    stage.add_full_copies(table, _run(ctx, "copies"))


def unused_bad_images(table: stage.ImageTable, problems: list[Problem]) -> list[Problem]:
    """Broken images no post reported (a post that uses one reports it with its line)."""
    reported = "\n".join(p.message for p in problems)
    return [Problem(f"this image cannot be published: {r.problem}", f"content/{r.rel}", None,
                    probe.too_large_fix(r.problem) or "replace it with a complete copy, or remove it from content/")
            for r in table.records.values() if r.problem and f"(content/{r.rel})" not in reported]


def write(ctx: BuildContext, table: stage.ImageTable, writer: Writer) -> int:
    """Write every published image file (the writer leaves files whose bytes did not change),
    and draw the social cards into the output (in the pool: workers stage them, see _card_job)."""
    count = 0
    for rel, _key, path in table.outputs():
        writer.copy(rel, path)
        count += 1
    store = table.store
    todo = []
    for rel, (key, drawn) in table.drawn.items():
        known = store.recall(key) if store is not None else None
        digest = known.get("sha256") if known else None
        if digest and writer.old.get(rel) == digest and rel not in writer.new and writer.can_keep(rel):
            writer.keep(rel)
        else:
            todo.append((rel, key, drawn))
    global _WRITER
    _WRITER = writer
    try:
        for (rel, key, _), (digest, staged) in zip(todo, imap_ordered(_card_job, todo, ctx.workers, min_items=128)):
            writer.record(rel, digest, staged)
            if store is not None:
                store.remember(key, {"sha256": digest})
    finally:
        _WRITER = None
    if store is not None:
        store.flush()           # (the hashes of the cards written)
    return count + len(table.drawn)


_WRITER: Writer | None = None       # the build's writer, for the card jobs (inherited by forked workers)


def _card_job(item: tuple[str, str, stage.Drawn]) -> tuple[str, bool]:
    rel, _key, drawn = item
    assert _WRITER is not None
    return _WRITER.prepare(rel, stage.draw_card(drawn))


def check_no_gps(table: stage.ImageTable, writer: Writer) -> None:
    """No image written by this build carries a location (unless the config keeps metadata).
    Files kept from an earlier build were checked when that build wrote them."""
    if table.keep_metadata:
        return
    staged = {rel: Path(writer.staged_path(rel)) for rel in writer.staged
              if probe.is_image(rel) and rel not in table.drawn}     # (drawn cards hold no metadata)
    leaks = stage.find_gps(staged)
    problems = [Problem("this image would publish a GPS position", f"output/{rel}", None,
                        "remove the location from the file (or from content/) and build again") for rel in leaks]
    for rel in writer.staged:
        if (video.is_video(rel) or video.is_audio(rel)) and video.has_location(writer.staged_path(rel)):
            problems.append(Problem("this video would publish where it was shot (its metadata holds a GPS position)",
                                    f"output/{rel}", None,
                                    "copy it without its metadata and build again: "
                                    "ffmpeg -i IN -map 0:v -map 0:a? -map_metadata -1 -c copy OUT; if no post "
                                    "shows it (a Live Photo's .MOV beside its photo), remove it from content/: "
                                    "every file there is published"))
    if problems:
        raise SitegenError(problems=problems)

