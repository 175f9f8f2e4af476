"""What an image is: its format and the size it is shown at (after its EXIF orientation).

A probe decodes the whole image, so a truncated or damaged file is found here, before anything
is published.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

RASTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif", ".tif", ".tiff")
PASSTHROUGH_SUFFIXES = (".gif", ".svg")
# browsers cannot show these: they are published in another format under another name
CONVERTED_SUFFIXES = {".heic": ".jpg", ".heif": ".jpg", ".tif": ".jpg", ".tiff": ".jpg"}
_ROTATED = (5, 6, 7, 8)      # EXIF orientations that swap width and height
ORIENTATION = 0x0112


class BadImage(Exception):
    """An image that cannot be published; the message says why, in the user's words."""


def too_large_fix(problem: str) -> str | None:
    """What to do about an image refused for its size (a BadImage's message), else None."""
    if "megapixels" in problem or "pixel limit" in problem:
        return "scale it down (a web page needs no more than about 4000 pixels a side), or remove it from content/"
    return None


@dataclass(frozen=True)
class ImageInfo:
    format: str          # jpeg png webp heif avif tiff gif svg
    width: int           # as displayed (after the EXIF orientation); 0 when unknown (some SVGs)
    height: int
    alpha: bool = False


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") else ""


def is_raster(name: str) -> bool:
    return suffix_of(name) in RASTER_SUFFIXES


def is_image(name: str) -> bool:
    return suffix_of(name) in RASTER_SUFFIXES + PASSTHROUGH_SUFFIXES


def published_name(name: str) -> str:
    """The name a raster image is published under (HEIC and TIFF become JPEG)."""
    suffix = suffix_of(name)
    if suffix in CONVERTED_SUFFIXES:
        return name[: -len(suffix)] + CONVERTED_SUFFIXES[suffix]
    return name


_HEIF_READY = False
# The most pixels an image may have. Pillow's own limit (2 x 89.5 million) refuses the 200 MP
# photos of Samsung's and Xiaomi's phones (16,320 x 12,240); above this one, a file is more likely
# a decompression bomb (a small file that decodes to gigabytes) than a photo.
PIXEL_LIMIT = 260_000_000


def open_image(data: bytes) -> PILImage:
    """Pillow's image for these bytes, with HEIC/HEIF support (pillow-heif) registered."""
    global _HEIF_READY
    from PIL import Image
    if not _HEIF_READY:
        try:
            import pillow_heif
            pillow_heif.register_heif_opener()
        except ImportError:      # pragma: no cover - pillow-heif is a dependency
            pass
        Image.MAX_IMAGE_PIXELS = None        # the limit is ours, below: Pillow's refuses 200 MP phone photos
        _HEIF_READY = True
    im = Image.open(io.BytesIO(data))        # reads the header only: nothing is decoded yet
    width, height = im.size
    if width * height > PIXEL_LIMIT:
        im.close()
        raise BadImage(f"it is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels), more than "
                       f"the {PIXEL_LIMIT // 1_000_000} million sitegen decodes (a damaged file, or one too large to publish)")
    return im


def probe(data: bytes, name: str) -> ImageInfo:
    """Decode the image fully; raise BadImage when it is truncated or unreadable."""
    if suffix_of(name) == ".svg":
        return svg_info(data)
    from PIL import Image, UnidentifiedImageError
    try:
        with open_image(data) as im:
            fmt = (im.format or "").lower()
            im.load()
            width, height = im.size
            orientation = im.getexif().get(ORIENTATION, 1)
            alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    except Image.DecompressionBombError:
        raise BadImage("it is too large to decode safely (over Pillow's pixel limit)") from None
    except UnidentifiedImageError:
        raise BadImage("it is not an image Pillow can read (an unknown format, or damaged)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        text = str(exc)
        if "truncated" in text or isinstance(exc, EOFError):
            raise BadImage("it is truncated (the file ends before the image does)") from None
        raise BadImage(f"it cannot be read as an image ({text or type(exc).__name__})") from None
    if width < 1 or height < 1:
        raise BadImage("it has no pixels")
    if orientation in _ROTATED:
        width, height = height, width
    fmt = {"mpo": "jpeg", "heic": "heif"}.get(fmt, fmt)
    return ImageInfo(fmt, width, height, alpha)


_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S | re.I)
_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _attr(tag: str, name: str) -> str | None:
    found = re.search(r"\s" + name + r"""\s*=\s*(["'])(.*?)\1""", tag, re.S)
    return found.group(2) if found else None


def svg_info(data: bytes) -> ImageInfo:
    """An SVG's size from its width/height (in px) or its viewBox; 0 x 0 when it has neither."""
    found = _SVG_TAG.search(data[:65536])
    if not found:
        raise BadImage("it is not an SVG image (no <svg> element)")
    tag = found.group(0).decode("utf-8", "replace")
    width, height = _attr(tag, "width"), _attr(tag, "height")
    w = _LENGTH.match(width) if width else None
    h = _LENGTH.match(height) if height else None
    if w and h:
        return ImageInfo("svg", round(float(w.group(1))), round(float(h.group(1))), True)
    box = _attr(tag, "viewBox")
    if box:
        parts = box.replace(",", " ").split()
        try:
            bw, bh = float(parts[2]), float(parts[3])
        except (IndexError, ValueError):
            return ImageInfo("svg", 0, 0, True)
        if bw > 0 and bh > 0:
            return ImageInfo("svg", round(bw), round(bh), True)
    return ImageInfo("svg", 0, 0, True)
