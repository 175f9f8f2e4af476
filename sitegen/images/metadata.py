"""Private by default: apply the orientation, convert colours to sRGB, keep no metadata.

Pillow's own behaviour, measured: saving drops EXIF but also the orientation tag (without
rotating the pixels), so the orientation is applied first; GPS is still in `getexif()` after
the transpose, so EXIF is never passed back unless the writer asked to keep it; JPEG and WebP
drop the ICC profile without converting, so the pixels are converted to sRGB here.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

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


def kept_exif(original: PILImage) -> bytes:
    """The EXIF to write back when metadata is kept: everything, with the orientation reset
    (the pixels are already upright)."""
    exif = original.getexif()
    if ORIENTATION in exif:
        exif[ORIENTATION] = 1
    return exif.tobytes()


def has_gps(data: bytes) -> bool:
    """True when an image file carries location data, in EXIF or in XMP."""
    if any(tag in data for tag in _XMP_GPS):
        return True
    if data[:5] == b"<?xml" or data[:4] == b"<svg" or data[:6] in (b"GIF87a", b"GIF89a"):
        return False      # no EXIF in these formats; XMP was checked above
    if data[:8] == b"\x89PNG\r\n\x1a\n" and b"eXIf" not in data and b"Raw profile type exif" not in data:
        return False      # a PNG keeps EXIF only in those two chunks (whose names are never compressed);
        #                   asking Pillow would decode every pixel (1 ms a social card)
    from .probe import open_image
    try:
        with open_image(data) as im:
            exif = im.getexif()
            return bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif
    except Exception:      # not an image Pillow can open: nothing it could hide EXIF in
        return False
