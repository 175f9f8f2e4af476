"""The variants of one image: which widths, which formats, and their bytes.

Pure functions: bytes and settings in, bytes out. The same input always gives the same bytes
(one encoder thread, no timestamps), so variants can be cached by content hash.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import metadata
from .probe import ORIENTATION, BadImage, ImageInfo, open_image

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

# Chosen by measurement (benchmarks/avif_quality.py, figures in benchmarks/RESULTS-images.md):
# 65 is the lowest AVIF quality (speed 6) whose mean SSIM reaches JPEG's at 75 (0.9853 against
# 0.9845; on the real photos 0.9802 against 0.9801), at 60% of JPEG's bytes. Pillow's default
# (75) spends a third more bytes than that for a difference SSIM barely sees.
AVIF_QUALITY = 65
# Speeds chosen by measurement on the image-heavy bench's photos and screenshots at 1600 px
# (benchmarks/images_heavy.py): AVIF speed 8 encodes in 171 ms what speed 6 does in 593 ms, for
# 3% more bytes at the same SSIM (0.9976 against 0.9977); WebP method 2 in 58 ms what method 4
# does in 138 ms, 3% more bytes, same SSIM. Method 0 costs 15-30% more bytes.
# Photos are encoded at speed 9 (libaom's fastest all-intra mode): at 1600 and 800 px, half the
# time of speed 8 for 5-8% more bytes at the same SSIM (the bench's photos and tests/photos.py's
# scenes). Graphics (images whose fallback is PNG: screenshots, diagrams, transparency) keep
# speed 8, where libaom's screen-content tools work: at speed 9 a screenshot took 23-39% more
# bytes at a lower SSIM (0.9910 against 0.9956), more than WebP's. They get no AVIF unless
# avif_for_png is set: at speed 8 AVIF saved 4-13% of WebP's bytes at the same SSIM, for 5-10
# times WebP's encoding time (half of the image-heavy bench's first build).
AVIF_SPEED = 9
AVIF_GRAPHICS_SPEED = 8
WEBP_METHOD = 2
WEBP_QUALITY = 75
JPEG_QUALITY = 78
FULL_JPEG_QUALITY = 90          # the stripped full-size copy that "full size" links get
DEFAULT_WIDTHS = (480, 800, 1200, 1600)
AVATAR_WIDTHS = (96, 192)
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png",
        "gif": "image/gif", "svg": "image/svg+xml"}
EXT = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png", "gif": "gif", "svg": "svg"}


@dataclass(frozen=True)
class Settings:
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    formats: tuple[str, ...] = ("avif", "webp")   # modern formats, before the fallback
    avif_quality: int = AVIF_QUALITY
    webp_quality: int = WEBP_QUALITY
    jpeg_quality: int = JPEG_QUALITY
    keep_metadata: bool = False
    avif_for_png: bool = False      # AVIF for images whose fallback is PNG too (see AVIF_SPEED)

    def key(self) -> str:
        return repr((self.widths, self.formats, self.avif_quality, self.webp_quality, self.jpeg_quality,
                     self.keep_metadata, self.avif_for_png, AVIF_SPEED, AVIF_GRAPHICS_SPEED, WEBP_METHOD,
                     FULL_JPEG_QUALITY))


@dataclass(frozen=True)
class Variant:
    format: str      # avif webp jpeg png
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Encoded:
    info: ImageInfo                  # of the source (displayed size)
    full: Variant | None             # the stripped full-size copy, in the fallback format (when asked for)
    variants: tuple[Variant, ...]    # every (format, width), widest last within a format


def fallback_format(info: ImageInfo) -> str:
    """The format every browser shows: the original's, or JPEG (PNG with transparency)."""
    if info.format in ("jpeg", "png", "webp"):
        return info.format
    return "png" if info.alpha else "jpeg"


def _modern(info: ImageInfo, settings: Settings) -> tuple[str, ...]:
    """The modern formats asked for, less AVIF for graphics (unless avif_for_png)."""
    graphics = fallback_format(info) == "png"
    return tuple(f for f in settings.formats if f != "avif" or not graphics or settings.avif_for_png)


def formats_of(info: ImageInfo, settings: Settings) -> tuple[str, ...]:
    """The formats an image's variants are made in: the modern ones, then the fallback."""
    return tuple(dict.fromkeys(_modern(info, settings) + (fallback_format(info),)))


def fallback_widths(info: ImageInfo, settings: Settings, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The widths of the fallback format: one (the <img src>: the second narrowest, 800 px by
    default) when a modern format has them all, since only a browser that shows neither WebP
    nor AVIF loads it; every width when the fallback is the only format, or one of the modern
    ones (a WebP source)."""
    planned = plan_widths(info.width, widths)
    modern = _modern(info, settings)
    if not modern or fallback_format(info) in modern:
        return planned
    return (planned[min(1, len(planned) - 1)],)


def avif_speed(info: ImageInfo) -> int:
    return AVIF_GRAPHICS_SPEED if fallback_format(info) == "png" else AVIF_SPEED


def plan_widths(width: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The configured widths narrower than the original, and the widest capped at it."""
    if not widths:
        return (width,)
    top = min(width, max(widths))
    return tuple(sorted({w for w in widths if w < top} | {top}))


def scaled_height(width: int, height: int, new_width: int) -> int:
    return max(1, round(height * new_width / width))


def prepared(data: bytes, width: int = 0) -> tuple[PILImage, bytes | None]:
    """The upright sRGB pixels of an image, and its EXIF (for writers who keep metadata).
    width: the widest the caller needs (0: the full size); a JPEG is then decoded at the
    smallest of 1/2, 1/4 or 1/8 of its size that is still as wide (a 50 MP photo decodes in a
    quarter of the time and memory), and the image may be narrower than the original."""
    from PIL import Image
    try:
        with open_image(data) as im:
            if width and im.format in ("JPEG", "MPO"):
                turned = im.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
                across = im.height if turned else im.width
                if across > width:
                    scale = width / across
                    im.draft(im.mode, (math.ceil(im.width * scale), math.ceil(im.height * scale)))
            im.load()
            up = metadata.upright(im)     # first: reading the EXIF below must not reset the orientation
            exif = metadata.kept_exif(up)
            if getattr(im, "n_frames", 1) > 1:
                up = up.copy()
            return metadata.to_srgb(up), exif
    except Image.DecompressionBombError:
        raise BadImage("it is too large to decode safely (over Pillow's pixel limit)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise BadImage(f"it cannot be read as an image ({exc})") from None


def encode(im: PILImage, fmt: str, quality: int, exif: bytes | None = None, avif_speed: int = AVIF_SPEED) -> bytes:
    out = io.BytesIO()
    extra: dict[str, object] = {"exif": exif} if exif else {}
    if fmt == "avif":
        im.save(out, "AVIF", quality=quality, speed=avif_speed, max_threads=1, **extra)
    elif fmt == "webp":
        im.save(out, "WEBP", quality=quality, method=WEBP_METHOD, **extra)
    elif fmt == "jpeg":
        im.convert("RGB").save(out, "JPEG", quality=quality, optimize=True, progressive=True, **extra)
    elif fmt == "png":
        # level 6, not optimize (9): a third of the time for 2% more bytes (measured on screenshots)
        im.save(out, "PNG", compress_level=6, **extra)
    else:
        raise ValueError(f"unknown format {fmt}")
    return out.getvalue()


def _quality(settings: Settings, fmt: str) -> int:
    return {"avif": settings.avif_quality, "webp": settings.webp_quality}.get(fmt, settings.jpeg_quality)


def full_copy(im: PILImage, info: ImageInfo, settings: Settings, exif: bytes | None) -> Variant:
    """The stripped full-size copy that a link to the original gets."""
    fallback = fallback_format(info)
    quality = FULL_JPEG_QUALITY if fallback == "jpeg" else _quality(settings, fallback)
    keep = exif if settings.keep_metadata else None
    return Variant(fallback, im.width, im.height, encode(im, fallback, quality, keep))


def stripped(data: bytes, info: ImageInfo, settings: Settings) -> Variant | None:
    """The full-size copy of an upright 8-bit RGB or grey JPEG, or a PNG, made without decoding
    it: the original less its metadata (byte for byte otherwise: no second JPEG generation, and
    no second of PNG compression a photo). None for anything else (turned by EXIF, CMYK, 16-bit,
    HEIC…): full_copy decodes and encodes it."""
    if info.format not in ("jpeg", "png"):
        return None
    try:
        with open_image(data) as im:
            if im.getexif().get(ORIENTATION, 1) != 1 or im.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                return None
            if info.format == "jpeg" and im.mode not in ("RGB", "L"):
                return None
    except Exception:
        return None
    if settings.keep_metadata:
        return Variant(info.format, info.width, info.height, data)
    copy = metadata.strip_jpeg(data) if info.format == "jpeg" else metadata.strip_png(data)
    return None if copy is None else Variant(info.format, info.width, info.height, copy)


def animation(data: bytes, info: ImageInfo, settings: Settings) -> Variant | None:
    """An animated WebP or PNG as it is published: its own bytes, less its metadata (unless
    kept), and no other sizes or formats: re-encoding would keep one frame, or hold every
    frame of every size in memory. None for a still image."""
    if info.format not in ("webp", "png"):
        return None
    try:
        with open_image(data) as im:
            if not getattr(im, "is_animated", False):
                return None
    except Exception:
        return None
    if not settings.keep_metadata:
        data = metadata.strip_webp(data) if info.format == "webp" else metadata.strip_png(data)
    return Variant(info.format, info.width, info.height, data)


def plan(data: bytes, info: ImageInfo, settings: Settings, widths: tuple[int, ...]) -> list[tuple[str, int, int]]:
    """The (format, width, height) of every variant encode_all makes of this image, in its
    order, without encoding: an animation is published as it is, once."""
    if info.format in ("webp", "png") and _animated(data):
        return [(info.format, info.width, info.height)]
    fallback = fallback_format(info)
    every = plan_widths(info.width, widths)
    only = fallback_widths(info, settings, widths)
    return [(f, w, scaled_height(info.width, info.height, w))
            for f in formats_of(info, settings) for w in (only if f == fallback else every)]


def _animated(data: bytes) -> bool:
    try:
        with open_image(data) as im:
            return bool(getattr(im, "is_animated", False))
    except Exception:
        return False


def encode_all(data: bytes, info: ImageInfo, settings: Settings, widths: tuple[int, ...],
               full: bool = True) -> Encoded:
    """Every variant of one image (and its full-size stripped copy when `full`). Each width is
    scaled from the next wider one: as sharp, and a third of the resizing work."""
    from PIL import Image
    moving = animation(data, info, settings)
    if moving is not None:
        return Encoded(info, moving if full else None, (moving,))
    widest = max(plan_widths(info.width, widths))
    im, exif = prepared(data, 0 if full else widest)
    keep = exif if settings.keep_metadata else None
    fallback = fallback_format(info)
    formats = formats_of(info, settings)
    only = fallback_widths(info, settings, widths)
    speed = avif_speed(info)
    variants = []
    source = im
    for width in sorted(plan_widths(info.width, widths), reverse=True):
        height = scaled_height(info.width, info.height, width)
        if (width, height) != source.size:
            source = source.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for fmt in formats:
            if fmt != fallback or width in only:
                variants.append(Variant(fmt, width, height, encode(source, fmt, _quality(settings, fmt), keep, speed)))
    variants.sort(key=lambda v: (formats.index(v.format), v.width))
    return Encoded(info, full_copy(im, info, settings, exif) if full else None, tuple(variants))
