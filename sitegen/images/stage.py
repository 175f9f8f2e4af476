"""What the build calls: prepare every image of a site, give markup for it, write it out.

    table = prepare(sources, settings, store, run)       before Markdown renders
    table.markup(url, alt, link, eager=…)                 while posts and pages render
    table.outputs()                                       the files to write
    find_gps(files)                                       after writing: no location may leak

`run` maps a function over items (the build's process pool): encoding happens in workers,
which write their results to the image store and send back only a small description.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sitegen.urls import file_url

from . import cards, probe, variants
from .markup import DEFAULT_SIZES, Published, img_tag
from .metadata import has_gps
from .store import ENCODER_VERSION, ImageStore, key_of

Run = Callable[[Callable[[Any], Any], Sequence[Any]], Iterator[Any]]
ASSET_DIR = "assets/img"
CARD_DIR = "cards"          # one file per post, named by its URL: the name stays when the title changes


@dataclass(frozen=True)
class Source:
    rel: str          # content-relative path, e.g. posts/2026/photos/car.jpg
    path: Path


@dataclass(frozen=True)
class Record:
    rel: str
    key: str
    problem: str = ""                                     # why it cannot be published ("" when fine)
    published: Published | None = None
    outputs: tuple[tuple[str, Path], ...] = ()            # (output path, file holding its bytes)
    source: Path | None = None                            # the original (read, never published)
    fallback: str = ""                                    # the format of its full-size copy


@dataclass(frozen=True)
class Card:
    url: str          # site URL of the card
    width: int
    height: int
    mime: str
    key: str
    output: tuple[str, Path]


@dataclass(frozen=True)
class CardRequest:
    post_url: str
    source: str       # the post's file, for warnings
    title: str
    byline: str
    cover_rel: str    # content-relative raster cover, or ""


@dataclass
class ImageTable:
    records: dict[str, Record] = field(default_factory=dict)      # body images by content rel
    avatars: dict[str, Record] = field(default_factory=dict)      # avatar variants by content rel
    cards: dict[str, Card] = field(default_factory=dict)          # by post URL
    sizes: str = DEFAULT_SIZES
    keep_metadata: bool = False
    warnings: list[str] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)                 # site URLs linked as files (full size)
    settings: variants.Settings = field(default_factory=variants.Settings)
    store: ImageStore | None = None
    drawn: dict[str, tuple[str, Any]] = field(default_factory=dict)   # card output path -> (key, Drawn)
    shown: set[str] = field(default_factory=set)                  # content rels of the images pages show
    encoded: set[str] = field(default_factory=set)                # keys whose variants the store holds
    pending: dict[str, tuple[Source, tuple[int, ...]]] = field(default_factory=dict)   # keys planned, not encoded
    _published: dict[str, str] = field(default_factory=dict, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (the build's snapshot) without the drawn cards' texts: they are made again
        with the cards (make_cards)."""
        return {**self.__dict__, "drawn": {}, "pending": {}}

    def show(self, site_urls: Iterable[str]) -> None:
        """Note images pages show (their variants are encoded and written)."""
        for url in site_urls:
            record = self.record_for(url)
            if record is not None:
                self.shown.add(record.rel)

    def shows(self, images: Iterable[tuple[str, str]]) -> bool:
        """Whether every image of a render's `images` ((site URL, key)) has its variants
        published (a post that starts to show another image needs the full build)."""
        for url, _key in images:
            record = self.record_for(url)
            if record is not None and record.rel not in self.shown and record.published is not None \
                    and record.published.srcsets:
                return False
        return True

    def record_for(self, site_url: str, avatar: bool = False) -> Record | None:
        """The image at a site URL: its own path, or the name it is published under (x.heic as x.jpg)."""
        rel = unquote(site_url.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
        rel = self._sources().get(rel, rel)
        found = self.avatars.get(rel) if avatar else None
        return found or self.records.get(rel)

    def _sources(self) -> dict[str, str]:
        if len(self._published) != len(self.records):
            self._published = {probe.published_name(rel): rel for rel in self.records}
        return self._published

    def url_keys(self) -> dict[str, str]:
        """The site URL each image is published at -> the key of its variants."""
        return {file_url(probe.published_name(rel)): r.key for rel, r in self.records.items()}

    def renamed(self) -> dict[str, str]:
        """Content files published under another name (HEIC as JPEG)."""
        return {rel: probe.published_name(rel) for rel in self.records if probe.published_name(rel) != rel}

    def markup(self, site_url: str, alt: str, link: Callable[[str], str], *, eager: bool = False,
               avatar: bool = False, sizes: str = "", css_class: str = "", title: str = "",
               extra: Mapping[str, str] | None = None) -> str | None:
        """The HTML of an image of this site, or None when it is not an image the table holds."""
        record = self.record_for(site_url, avatar)
        if record is None or record.published is None:
            return None
        return img_tag(record.published, alt, link, eager=eager, sizes=sizes or self.sizes,
                       css_class=css_class, title=title, extra=extra)

    def key(self) -> str:
        """Changes when any avatar does (pages show avatars without listing them). The cards are
        not in it: a card's address, size and type are a function of its post's URL and cover
        (named by a hash of the URL; a JPEG of a raster cover, else a drawn PNG), and a page finds
        a card only through social_image(post), which reads post.url and post.cover, fields the
        page's recorded reads cover. With the cards in it, a new, deleted or moved post rendered
        every page of the site again."""
        return key_of(sorted((r, a.key) for r, a in self.avatars.items()))

    def outputs(self) -> Iterator[tuple[str, str, Path]]:
        """(output path, key, file) for every file the images publish."""
        seen: set[str] = set()       # two copies of one photo under the same name share their variants
        variant = ASSET_DIR + "/"
        for group in (self.records, self.avatars):
            for record in group.values():
                hidden = group is self.records and record.rel not in self.shown
                for rel, path in record.outputs:
                    if hidden and rel.startswith(variant):
                        continue        # no page shows it: no variant is published
                    if rel not in seen:
                        seen.add(rel)
                        yield rel, record.key, path
        for card in self.cards.values():      # two posts with one title and author share a card
            if card.output[0] not in seen and card.output[0] not in self.drawn:
                seen.add(card.output[0])
                yield card.output[0], card.key, card.output[1]


# -- preparing the images ----------------------------------------------------------------

def _variant_name(rel: str, key: str, v: dict[str, Any]) -> str:
    from sitegen.urls import slugify
    stem = slugify(posixpath.splitext(posixpath.basename(rel))[0]) or "image"
    return f"{ASSET_DIR}/{stem}-{v['width']}.{key[:10]}.{variants.EXT[v['format']]}"


def _plan(source: Source, data: bytes, settings: variants.Settings, widths: tuple[int, ...]) -> dict[str, Any]:
    """What an image is and the variants it will have (names, sizes), from a probe: pages can
    show it before (or without) any variant being encoded."""
    try:
        info = probe.probe(data, source.rel)
    except probe.BadImage as exc:
        return {"problem": str(exc)}
    entry: dict[str, Any] = {"info": [info.format, info.width, info.height, info.alpha]}
    if probe.is_raster(source.rel):
        entry["fallback"] = variants.fallback_format(info)
        entry["variants"] = [{"format": f, "width": w, "height": h, "file": f"{f}-{w}.{variants.EXT[f]}"}
                             for f, w, h in variants.plan(data, info, settings, widths)]
    return entry


def _probe_job(item: tuple[Source, str, variants.Settings, tuple[int, ...], ImageStore]) -> dict[str, Any]:
    """Probe one image in a worker: what it is and its planned variants (no encoding)."""
    source, _key, settings, widths, _store = item
    return _plan(source, source.path.read_bytes(), settings, widths)


def _encode_job(item: tuple[Source, str, variants.Settings, tuple[int, ...], ImageStore]) -> dict[str, Any]:
    """Encode one image's variants in a worker; the bytes go to the store."""
    source, key, settings, widths, store = item
    data = source.path.read_bytes()
    entry = _plan(source, data, settings, widths)
    files: dict[str, bytes] = {}
    if "variants" in entry:
        info = probe.ImageInfo(*entry["info"])
        encoded = variants.encode_all(data, info, settings, widths, full=False)
        names = {(v["format"], v["width"]): v["file"] for v in entry["variants"]}
        for v in encoded.variants:
            files[names[v.format, v.width]] = v.data
    store.save(key, entry, files)
    return entry


def _record(source: Source, key: str, entry: dict[str, Any], store: ImageStore) -> Record:
    if entry.get("problem"):
        return Record(source.rel, key, problem=entry["problem"])
    fmt, width, height, _alpha = entry["info"]
    site_url = file_url(probe.published_name(source.rel))
    if not probe.is_raster(source.rel):          # SVG and GIF: published as they are, with their size
        return Record(source.rel, key, published=Published(width, height, fmt, src=site_url),
                      outputs=((source.rel, source.path),), source=source.path)
    folder = store.folder(key)
    groups: dict[str, list[tuple[str, int]]] = {}
    outputs: list[tuple[str, Path]] = []
    top = (0, 0)
    for v in entry["variants"]:
        out = _variant_name(source.rel, key, v)
        outputs.append((out, folder / v["file"]))
        groups.setdefault(v["format"], []).append(("/" + out, v["width"]))
        top = max(top, (v["width"], v["height"]))
    fallback = entry["fallback"]
    srcsets = tuple((f, tuple(items)) for f, items in groups.items())
    middle = groups[fallback][min(1, len(groups[fallback]) - 1)][0]
    return Record(source.rel, key, published=Published(top[0], top[1], fallback, srcsets, middle), outputs=tuple(outputs),
                  source=source.path, fallback=fallback)


def prepare(sources: Iterable[Source], avatars: Iterable[str], settings: variants.Settings, store: ImageStore,
            run: Run, sizes: str = DEFAULT_SIZES) -> ImageTable:
    """Probe every image and plan its variants (cached by content), in the pool when there is
    work. Nothing is encoded here: encode_shown encodes the images pages show, once they are known."""
    table = ImageTable(sizes=sizes or DEFAULT_SIZES, keep_metadata=settings.keep_metadata, settings=settings,
                       store=store)
    avatar_set = set(avatars)
    wanted: list[tuple[Source, str, bool, tuple[int, ...]]] = []   # (source, key, is avatar, widths)
    pillow = ""
    for source in sources:
        if not probe.is_image(source.rel):
            continue
        if not pillow:
            from PIL import __version__ as pillow  # (imported only by a site with images)
        content = store.content_hash(source.path)
        plans = [(False, settings.widths)]
        if source.rel in avatar_set and probe.is_raster(source.rel):
            plans.append((True, variants.AVATAR_WIDTHS))
        for is_avatar, widths in plans:
            key = key_of(content, settings.key(), widths, not is_avatar, pillow, ENCODER_VERSION,
                         probe.suffix_of(source.rel))
            wanted.append((source, key, is_avatar, widths))
    todo = []
    entries: dict[str, dict[str, Any]] = {}
    for source, key, _is_avatar, widths in wanted:
        if key in entries:
            continue
        found = store.load(key)
        if found is not None:
            entries[key] = found
            table.encoded.add(key)
            continue
        found = store.load(_plan_key(key))
        if found is not None:
            entries[key] = found
        else:
            entries[key] = {}
            todo.append((source, key, settings, widths, store))
    for item, entry in zip(todo, run(_probe_job, todo)):
        entries[item[1]] = entry
        store.remember(_plan_key(item[1]), entry)
    for source, key, is_avatar, widths in wanted:
        record = _record(source, key, entries[key], store)
        (table.avatars if is_avatar else table.records)[source.rel] = record
        if key not in table.encoded and not record.problem and probe.is_raster(source.rel):
            table.pending[key] = (source, widths)
    return table


def _plan_key(key: str) -> str:
    return key_of("plan", key)


def encode_shown(table: ImageTable, run: Run) -> None:
    """Encode the variants of the images a page shows (table.shown, and every avatar) that the
    store does not hold yet; an image no page shows gets no variant."""
    store = table.store
    assert store is not None
    keys = {r.key for rel, r in table.records.items() if rel in table.shown} | {r.key for r in table.avatars.values()}
    todo = [(*table.pending[key], key) for key in sorted(keys) if key in table.pending]
    jobs = [(source, key, table.settings, widths, store) for source, widths, key in todo]
    for item, _entry in zip(jobs, run(_encode_job, jobs)):
        table.encoded.add(item[1])
        del table.pending[item[1]]


# -- social cards -------------------------------------------------------------------------

def _cover_job(item: tuple[str, Path, ImageStore]) -> dict[str, Any]:
    key, cover, store = item
    im, _ = variants.prepared(cover.read_bytes())
    entry = {"file": "cover.jpg"}
    store.save(key, entry, {"cover.jpg": cards.cover_jpeg(im)})
    return entry


@dataclass(frozen=True)
class Drawn:
    """What a drawn card is made of: drawn when it is written (cards.card_png, about a
    millisecond), straight into the output; the store keeps only the hash of what it wrote,
    so a rebuild keeps a card whose text and written file are unchanged."""

    title: str
    site_name: str
    byline: str
    colours: cards.Colours


def make_cards(table: ImageTable, requests: Sequence[CardRequest], site_name: str, colours: cards.Colours,
               store: ImageStore, run: Run) -> None:
    """A card for every post: its raster cover cropped (encoded now, cached), or one drawn from
    its title (when it is written: see write_drawn)."""
    todo = []
    keys: list[tuple[CardRequest, str, bool]] = []
    entries: dict[str, dict[str, Any]] = {}
    for request in requests:
        cover = table.records.get(request.cover_rel) if request.cover_rel else None
        usable = cover is not None and cover.published is not None and probe.is_raster(request.cover_rel)
        if usable and cover is not None and cover.source is not None:
            key = key_of("cover", cover.key, cards.CARD_VERSION)
            if key not in entries:
                found = store.load(key)
                entries[key] = found or {}
                if found is None:
                    todo.append((key, cover.source, store))
            keys.append((request, key, False))
            continue
        key = key_of("drawn", request.title, site_name, request.byline, colours, cards.CARD_VERSION)
        lost = cards.missing_glyphs(request.title + site_name + request.byline)
        if lost:
            table.warnings.append(f"{request.source}: the social card cannot draw these characters: {lost} "
                                  f"(give the post a cover image to use instead)")
        keys.append((request, key, True))
    for item, entry in zip(todo, run(_cover_job, todo)):
        entries[item[0]] = entry
    for request, key, drawn in keys:
        ext = "png" if drawn else "jpg"
        out = f"{CARD_DIR}/{key_of(request.post_url)[:16]}.{ext}"
        if drawn:
            table.drawn[out] = (key, Drawn(request.title, site_name, request.byline, colours))
            path = store.path(key, "card.png")      # (not a file: the card is drawn into the output)
            table.cards[request.post_url] = Card("/" + out, cards.WIDTH, cards.HEIGHT, "image/png", key, (out, path))
        else:
            path = store.path(key, entries[key]["file"])
            table.cards[request.post_url] = Card("/" + out, cards.WIDTH, cards.HEIGHT, "image/jpeg", key, (out, path))


def draw_card(d: Drawn) -> bytes:
    return cards.card_png(d.title, d.site_name, d.byline, d.colours)


# -- full-size copies ---------------------------------------------------------------------

def _full_job(item: tuple[Record, str, variants.Settings, ImageStore]) -> dict[str, Any]:
    record, key, settings, store = item
    assert record.source is not None
    data = record.source.read_bytes()
    info = probe.probe(data, record.rel)
    copy = variants.animation(data, info, settings) or variants.stripped(data, info, settings)
    if copy is None:
        im, exif = variants.prepared(data)
        copy = variants.full_copy(im, info, settings, exif)
    name = f"full.{variants.EXT[copy.format]}"
    entry = {"file": name}
    store.save(key, entry, {name: copy.data})
    return entry


def add_full_copies(table: ImageTable, run: Run) -> None:
    """A stripped full-size copy at the original's path, for every raster image something links
    to as a file (`[full size](photo.jpg)`, raw HTML, a cover): the only way an original's
    pixels are published, and never with its metadata."""
    store = table.store
    assert store is not None
    todo: list[tuple[Record, str, variants.Settings, ImageStore]] = []
    keys: dict[str, str] = {}                 # content rel -> key of its full-size copy
    for url in sorted(table.linked):
        record = table.record_for(url)
        if record is None or record.problem or not probe.is_raster(record.rel) or record.rel in keys:
            continue
        key = key_of("full", record.key)
        if key not in keys.values() and store.load(key) is None:     # one job per content, not per path
            todo.append((record, key, table.settings, store))
        keys[record.rel] = key
    entries = {item[1]: entry for item, entry in zip(todo, run(_full_job, todo))}
    for rel, key in keys.items():
        entry = entries.get(key) or store.load(key) or {}
        if "file" in entry:
            record = table.records[rel]
            full = (probe.published_name(rel), store.path(key, entry["file"]))
            table.records[rel] = replace(record, outputs=(*record.outputs, full))


# -- after writing ------------------------------------------------------------------------

def find_gps(files: Mapping[str, Path]) -> list[str]:
    """The output paths (of images) whose files carry GPS data."""
    found = []
    for rel, path in sorted(files.items()):
        if probe.is_image(rel) and has_gps(path.read_bytes()):
            found.append(rel)
    return found
