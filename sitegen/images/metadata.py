"""Private by default: apply the orientation, convert colours to sRGB, keep no metadata.

Pillow's own behaviour, measured: saving drops EXIF but also the orientation tag (without
rotating the pixels), so the orientation is applied first; GPS is still in `getexif()` after
the transpose, so EXIF is never passed back unless the writer asked to keep it; JPEG and WebP
drop the ICC profile without converting, so the pixels are converted to sRGB here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .probe import ORIENTATION, BadImage

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
_XMP_GPS = (b"GPSLatitude", b"GPSLongitude", b"GPSAltitude")


def upright(im: PILImage) -> PILImage:
    """The pixels turned the way the EXIF orientation says (a no-op when there is none)."""
    from PIL import ImageOps
    return ImageOps.exif_transpose(im) or im


def to_srgb(im: PILImage) -> PILImage:
    """RGB or RGBA pixels in sRGB: an embedded colour profile is converted, not dropped."""
    from PIL import ImageCms
    alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
    mode = "RGBA" if alpha else "RGB"
    icc = im.info.get("icc_profile")
    if im.mode.startswith("I"):         # 16-bit (scans, plots, medical and astronomy images) or 32-bit grey
        im = _grey_to_8_bits(im)
    if im.mode not in ("RGB", "RGBA", "CMYK", "L"):
        im = im.convert(mode)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            target = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
            converted = ImageCms.profileToProfile(im, source, target, outputMode=mode,
                                                  renderingIntent=ImageCms.Intent.PERCEPTUAL)
        except (ImageCms.PyCMSError, OSError, ValueError) as exc:
            raise BadImage(f"its colour profile cannot be used ({exc})") from None
        if converted is not None:
            im = converted
    if im.mode != mode:
        im = im.convert(mode)
    im.info.pop("icc_profile", None)
    return im


def _grey_to_8_bits(im: PILImage) -> PILImage:
    """Grey levels of 16 (or 32) bits as 8: Pillow's own conversion clips every level above 255
    to white, so a 16-bit grey PNG came out as a white rectangle."""
    info = dict(im.info)
    wide = im.mode.startswith("I;16")
    im = im.convert("I") if im.mode != "I" else im
    extrema: Any = im.getextrema()          # one band: (low, high)
    high = int(extrema[1])
    top = 65535 if wide or 255 < high <= 65535 else max(high, 255)
    scaled = im.point(lambda v: v * (255 / top)).convert("L") if top != 255 else im.convert("L")
    scaled.info.update(info)
    return scaled


def kept_exif(original: PILImage) -> bytes:
    """The EXIF to write back when metadata is kept: everything, with the orientation reset
    (the pixels are already upright)."""
    exif = original.getexif()
    if ORIENTATION in exif:
        exif[ORIENTATION] = 1
    return exif.tobytes()


def has_gps(data: bytes) -> bool:
    """True when an image file carries location data: in EXIF (every EXIF block in the file,
    not only the first image's: a phone JPEG can carry more images after the first), or in
    XMP, including XMP and EXIF that a PNG keeps in compressed or hex-encoded text chunks."""
    if _names_gps(data):
        return True
    if data[:5] == b"<?xml" or data[:4] == b"<svg" or data[:6] in (b"GIF87a", b"GIF89a"):
        return False      # no EXIF in these formats; XMP was checked above
    if data[:8] == _PNG:
        # everything a PNG holds besides pixels is in its chunks: read them, never the pixels
        # (asking Pillow would decode every pixel, 1 ms a social card)
        texts, blocks = _png_metadata(data)
        return any(_names_gps(text) for text in texts) or any(_exif_gps(block) for block in blocks if block)
    at = data.find(b"Exif\x00\x00")
    while at >= 0:
        if _exif_gps(data[at:at + _EXIF_MAX]):
            return True
        at = data.find(b"Exif\x00\x00", at + 6)
    from .probe import open_image
    try:
        with open_image(data) as im:
            exif = im.getexif()
            return bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif
    except Exception:      # not an image Pillow can open: nothing it could hide EXIF in
        return False


_PNG = b"\x89PNG\r\n\x1a\n"
_PNG_METADATA = (b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME")     # chunks that are not the image
_EXIF_MAX = 1 << 20           # bytes of an EXIF block read (a JPEG's APP1 segment holds at most 64 KB)
_TEXT_MAX = 64 << 20          # bytes of one PNG text chunk inflated (a larger one is not metadata)
# XMP's GPS properties (exif:GPSLatitude ...), DJI drones' own (drone-dji:GpsLatitude, and the
# misspelt GpsLongtitude of older firmware), in UTF-8 and, as XMP allows, UTF-16
_GPS_NAMES = tuple(name.encode(codec) for name in ("GPSLatitude", "GPSLongitude", "GPSAltitude",
                                                     "GpsLatitude", "GpsLongitude", "GpsLongtitude")
                   for codec in ("ascii", "utf-16-le", "utf-16-be"))


def _names_gps(data: bytes) -> bool:
    # every name ends in "itude"; "i\0t\0u\0d\0e" is in both UTF-16 forms: two scans for most files
    if b"itude" not in data and b"i\x00t\x00u\x00d\x00e" not in data:
        return False
    return any(name in data for name in _GPS_NAMES)


def _exif_gps(block: bytes) -> bool:
    """True when an EXIF block (TIFF header first, "Exif\\0\\0" before it or not) has a GPS IFD."""
    from PIL import Image
    exif = Image.Exif()
    try:
        exif.load(block)
        return bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif
    except Exception:      # not EXIF after all (those six bytes can occur in pixel data)
        return False


def _png_chunks(data: bytes) -> Iterator[tuple[bytes, int, int]]:
    """(type, where its payload starts, where the chunk ends, CRC included) of a PNG's chunks,
    as far as the file is whole."""
    at = 8
    while at + 8 <= len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        kind = data[at + 4:at + 8]
        yield kind, at + 8, at + 12 + size
        if kind == b"IEND":
            break
        at += 12 + size


def _inflate(payload: bytes) -> bytes:
    import zlib
    try:
        return zlib.decompressobj().decompress(payload, _TEXT_MAX)
    except zlib.error:
        return b""


def _png_metadata(data: bytes) -> tuple[list[bytes], list[bytes]]:
    """The texts of a PNG's tEXt, zTXt and iTXt chunks (inflated, and ImageMagick's hex-encoded
    raw profiles such as "Raw profile type xmp" decoded too), and its EXIF blocks (the eXIf
    chunk, raw exif or APP1 profiles)."""
    texts, blocks = [], []
    for kind, start, end in _png_chunks(data):
        if kind not in _PNG_METADATA:
            continue                    # the pixels (IDAT) and the rest are not copied out
        payload = data[start:end - 4]
        keyword, _, rest = payload.partition(b"\x00")
        if kind == b"eXIf":
            blocks.append(payload)
            continue
        if kind == b"tEXt":
            text = rest
        elif kind == b"zTXt":
            text = _inflate(rest[1:])
        elif kind == b"iTXt":
            compressed = rest[:1] == b"\x01"
            _lang, _, rest = rest[2:].partition(b"\x00")
            _translated, _, text = rest.partition(b"\x00")
            if compressed:
                text = _inflate(text)
        else:
            continue
        texts.append(text)
        if keyword.startswith(b"Raw profile type "):
            raw = _raw_profile(text)
            texts.append(raw)
            blocks.append(raw)
    return texts, blocks


def _raw_profile(text: bytes) -> bytes:
    """The bytes of ImageMagick's raw profile text: "\\nname\\n   length\\nhex lines"."""
    parts = text.split(b"\n", 3)
    try:
        return bytes.fromhex(parts[3].decode("ascii")) if len(parts) == 4 else b""
    except (ValueError, UnicodeDecodeError):
        return b""


# -- animations: published as they are, less their metadata ------------------------------



def strip_png(data: bytes) -> bytes:
    """A PNG (an animated one too) without its text, EXIF and time chunks; every other chunk,
    the frames and the colour profile among them, byte for byte."""
    kept = (data[start - 8:end] for kind, start, end in _png_chunks(data) if kind not in _PNG_METADATA)
    return data[:8] + b"".join(kept)


def strip_webp(data: bytes) -> bytes:
    """A WebP (an animated one too) without its EXIF and XMP chunks, their flags cleared."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return data
    chunks = []
    at = 12
    while at + 8 <= len(data):
        kind = data[at:at + 4]
        size = int.from_bytes(data[at + 4:at + 8], "little")
        chunk = data[at:at + 8 + size + (size & 1)]
        if kind == b"VP8X" and size >= 1:
            chunk = chunk[:8] + bytes([chunk[8] & ~0x0C]) + chunk[9:]     # the EXIF (8) and XMP (4) flags
        if kind not in (b"EXIF", b"XMP "):
            chunks.append(chunk)
        at += 8 + size + (size & 1)
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + len(body).to_bytes(4, "little") + body


# APP0 (JFIF), APP2 (ICC profile) and APP14 (Adobe: how the colours are coded) shape the
# pixels; every other APPn (EXIF, XMP, IPTC, makers' blocks) and comments are metadata.
_JPEG_KEPT_APPS = (0xE0, 0xE2, 0xEE)


def strip_jpeg(data: bytes) -> bytes | None:
    """A JPEG without its metadata segments and anything after its end (a second image, a
    maker's trailer), the compressed image byte for byte; None when it cannot be walked."""
    if data[:2] != b"\xff\xd8":
        return None
    out = [data[:2]]
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:           # fill byte
            at += 1
            continue
        size = int.from_bytes(data[at + 2:at + 4], "big")
        segment = data[at:at + 2 + size]
        if marker == 0xDA:           # start of scan: the rest up to the end of the image, as it is
            end = data.find(b"\xff\xd9", at + 2 + size)
            if end < 0:
                return None
            out.append(data[at:end + 2])
            return b"".join(out)
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE) or marker in _JPEG_KEPT_APPS:
            out.append(segment)
        at += 2 + size
    return None
