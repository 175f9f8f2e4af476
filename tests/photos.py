"""Test photos, drawn with Pillow: nothing binary is committed.

Phone-like JPEGs with EXIF (GPS position, camera serial number, orientation), a Display P3
photo with its ICC profile, a real HEIC (pillow-heif), a truncated JPEG. The pictures are
deterministic: a seeded scene of soft shapes over a gradient, with fine grain so they
compress like photos rather than like flat drawings.
"""

from __future__ import annotations

import io
import random
import struct
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

GPS = {1: "N", 2: (52.0, 31.0, 12.48), 3: "E", 4: (13.0, 24.0, 36.12)}   # a made-up street corner
SERIAL = "SN-4417-TEST-0042"
EXIF_IFD, GPS_IFD = 0x8769, 0x8825


def scene(width: int, height: int, seed: int = 1) -> Image.Image:
    """A photo-like picture: sky and ground gradients, blurred shapes, a sharp horizon, grain."""
    rnd = random.Random(seed)
    small_w, small_h = max(1, width // 4), max(1, height // 4)
    sky = (rnd.randrange(90, 160), rnd.randrange(140, 200), rnd.randrange(200, 255))
    ground = (rnd.randrange(60, 120), rnd.randrange(60, 110), rnd.randrange(40, 80))
    im = Image.new("RGB", (small_w, small_h), sky)
    draw = ImageDraw.Draw(im)
    horizon = int(small_h * rnd.uniform(0.45, 0.65))
    for y in range(small_h):
        t = y / small_h
        base = sky if y < horizon else ground
        shade = 0.75 + 0.4 * t if y < horizon else 1.2 - 0.5 * t
        draw.line((0, y, small_w, y), fill=tuple(min(255, int(c * shade)) for c in base))
    for _ in range(40):
        x, y = rnd.randrange(small_w), rnd.randrange(small_h)
        size = rnd.randrange(max(2, small_w // 40), max(3, small_w // 5))
        colour = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        draw.ellipse((x, y, x + size, y + size * rnd.uniform(0.4, 1.0)), fill=colour)
    im = im.filter(ImageFilter.GaussianBlur(2)).resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(im)
    for _ in range(12):     # hard edges: poles, signs
        x = rnd.randrange(width)
        draw.rectangle((x, height * 0.3, x + max(2, width // 200), height * 0.9), fill=(30, 30, 35))
    grain = Image.frombytes("L", (width, height), rnd.randbytes(width * height)).convert("RGB")
    return Image.blend(im, grain, 0.06)


def exif_for(orientation: int = 1, gps: bool = True, serial: bool = True) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Testmaker"
    exif[0x0110] = "Phone 12 Test"
    exif[0x0131] = "sitegen test fixture"
    exif[0x0112] = orientation
    if serial:
        exif.get_ifd(EXIF_IFD)[0xA431] = SERIAL        # BodySerialNumber
    if gps:
        exif.get_ifd(GPS_IFD).update(GPS)
    return exif


def phone_jpeg(path: Path, width: int = 4032, height: int = 3024, seed: int = 1, orientation: int = 1,
               gps: bool = True, quality: int = 92) -> Path:
    """A JPEG as a phone writes it: GPS, camera serial, orientation. With orientation 6 the
    pixels are stored sideways (height x width), as the camera does."""
    im = scene(width, height, seed)
    if orientation == 6:    # stored rotated; the EXIF tag tells viewers to turn it back
        im = im.transpose(Image.Transpose.ROTATE_90)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=quality, exif=exif_for(orientation, gps))
    return path


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _tag_xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def _tag_curve(gamma: float) -> bytes:
    return b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"


def _tag_desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (b"desc" + b"\0" * 4 + struct.pack(">I", len(ascii_)) + ascii_ + struct.pack(">II", 0, 0)
            + struct.pack(">HB", 0, 0) + b"\0" * 67)


def display_p3_icc() -> bytes:
    """A small ICC v2 display profile with the Display P3 primaries (D50-adapted) and a 2.2 curve."""
    tags = [
        (b"desc", _tag_desc("Display P3 (sitegen test)")),
        (b"wtpt", _tag_xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _tag_xyz(0.515102, 0.241196, -0.00105)),
        (b"gXYZ", _tag_xyz(0.291965, 0.692236, 0.041882)),
        (b"bXYZ", _tag_xyz(0.157153, 0.066568, 0.784378)),
        (b"rTRC", _tag_curve(2.2)), (b"gTRC", _tag_curve(2.2)), (b"bTRC", _tag_curve(2.2)),
        (b"cprt", b"text" + b"\0" * 4 + b"No copyright, test data\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        padded = data + b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += padded
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"\0" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
              + _tag_xyz(0.9642, 1.0, 0.8249)[8:] + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def p3_jpeg(path: Path, width: int = 1600, height: int = 1200, colour: tuple[int, int, int] = (200, 90, 40)) -> Path:
    """A wide-gamut photo: a flat block of one colour (as P3 values) beside a scene."""
    im = scene(width, height, seed=7)
    ImageDraw.Draw(im).rectangle((0, 0, width // 2, height), fill=colour)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=92, icc_profile=display_p3_icc(), exif=exif_for())
    return path


def heic(path: Path, width: int = 1512, height: int = 2016, seed: int = 5) -> Path:
    """A real HEIC (HEVC inside HEIF), written by pillow-heif, with GPS in its EXIF."""
    import pillow_heif
    pillow_heif.register_heif_opener()
    path.parent.mkdir(parents=True, exist_ok=True)
    scene(width, height, seed).save(path, "HEIF", quality=80, exif=exif_for().tobytes(),
                                   enc_params={"preset": "ultrafast"})
    return path


def truncated_jpeg(path: Path) -> Path:
    out = io.BytesIO()
    scene(800, 600, seed=3).save(out, "JPEG", quality=90)
    data = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data[: len(data) // 2])
    return path


def png(path: Path, width: int = 900, height: int = 600, alpha: bool = False) -> Path:
    im = scene(width, height, seed=11).convert("RGBA" if alpha else "RGB")
    if alpha:
        im.putalpha(Image.linear_gradient("L").resize((width, height)))
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "PNG")
    return path


PHOTO_POST = """---
title: "Five photos from the charging stop"
date: 2026-03-02T10:00:00+00:00
author: ev-desk
tags: [Charging]
summary: "A charging stop on the way north, in five phone photos."
---

The car at the charger, straight from the phone.

![A white hatchback plugged into a roadside charger](photos/charger.jpg)

The dashboard, photographed with the phone held sideways.

![The dashboard showing 80 percent charge](photos/dashboard.jpg)

![The charging cable and its connector](photos/cable.jpg)

![The charging site's canopy at dusk](photos/canopy.heic)

![A row of chargers, shot in wide colour](photos/row.jpg)

[The first photo at full size](photos/charger.jpg).
"""


def photo_post(posts_dir: Path, big: bool = True) -> Path:
    """The post of the issue: five phone photos (GPS in all, one turned by EXIF, one HEIC)."""
    w, h = (4032, 3024) if big else (1600, 1200)
    folder = posts_dir / "photos"
    phone_jpeg(folder / "charger.jpg", w, h, seed=21)
    phone_jpeg(folder / "dashboard.jpg", w, h, seed=22, orientation=6)
    phone_jpeg(folder / "cable.jpg", w, h, seed=23)
    heic(folder / "canopy.heic", h // 2, w // 2, seed=24)     # portrait; x265 is slow at 12 MP
    p3_jpeg(folder / "row.jpg", w, h)
    post = posts_dir / "charging-stop-photos.md"
    post.write_text(PHOTO_POST, "utf-8")
    return post
