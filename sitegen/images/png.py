"""A palette PNG of two colours, written by hand (the social cards, cards.py): Pillow's own
encoder took 3.5 ms a card, its 1-bit packing 2.6 ms of it. ISA-L (isal) deflates, five times
quicker than zlib."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from PIL.Image import Image as PILImage


def _nibble(b: int) -> int:
    """Four 2-bit pixels of 0 or 1 (a byte of Pillow's "P;2" packing) as four 1-bit ones."""
    return (b >> 3) & 8 | (b >> 2) & 4 | (b >> 1) & 2 | b & 1


_NIBBLE = bytes(_nibble(b) for b in range(256))


def one_bit(canvas: PILImage, inked: Iterable[tuple[int, int]] | None = None) -> bytes:
    """The canvas's pixels (indices 0 and 1), eight a byte. Pillow's own "P;1" packing goes a
    bit at a time (0.7-2.6 ms a card). Its "P;2" packing (four pixels a byte, 0.06 ms) is quick;
    one table turns each of those bytes into a half byte (0-15), and Pillow's "P;4" packing of
    those half bytes, read as the pixels of an image a quarter as wide, puts two in a byte: eight
    pixels. A third of the time of translating the even and odd bytes apart and adding them as
    two images, which sliced the bytes twice. (The canvas's width is a multiple of eight, so
    each row's half bytes pair up within it.)

    inked: the only rows (top, bottom not included) that may have pixels of 1; only they are
    packed (each span cropped out: a card's blank rows cost as much to pack as its inked ones),
    the others are taken to be 0."""
    if inked is None:
        return _packed(canvas)
    row = canvas.width // 8
    parts: list[bytes] = []
    done = 0            # rows packed or left blank
    for top, bottom in sorted(inked):
        top, bottom = max(top, done), min(bottom, canvas.height)
        if top < bottom:
            parts += (bytes((top - done) * row), _packed(canvas.crop((0, top, canvas.width, bottom))))
            done = bottom
    parts.append(bytes((canvas.height - done) * row))
    return b"".join(parts)


def _packed(canvas: PILImage) -> bytes:
    from PIL import Image
    nibbles = canvas.tobytes("raw", "P;2").translate(_NIBBLE)
    return Image.frombuffer("P", (canvas.width // 4, canvas.height), nibbles, "raw", "P", 0, 1).tobytes("raw", "P;4")


_LOCAL = threading.local()


def canvas(width: int, height: int) -> PILImage:
    """This thread's palette canvas (the live preview may draw a card while a build does): one
    kept for the process, as a fresh image a card cost more in page faults than the drawing."""
    image: PILImage | None = getattr(_LOCAL, "canvas", None)
    if image is None or image.size != (width, height):
        from PIL import Image
        image = _LOCAL.canvas = Image.new("P", (width, height), 0)
        _LOCAL.inked = []
    return image


def blank_canvas(width: int, height: int) -> PILImage:
    """canvas(), blank: cleared of the rows inked() was last told of (of all of them, if it was
    not told since the last blank_canvas: a drawing that failed half way leaves nothing)."""
    image = canvas(width, height)
    image.load()
    for top, bottom in _LOCAL.inked:
        image.im.paste(0, (0, max(top, 0), width, min(bottom, height)))
    _LOCAL.inked = [(0, height)]
    return image


def inked(rows: list[tuple[int, int]]) -> None:
    """The rows (top, bottom not included) drawn on this thread's canvas since blank_canvas."""
    _LOCAL.inked = rows


def _chunk(kind: bytes, body: bytes) -> bytes:
    import struct
    import zlib
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


def one_bit_png(rows: bytes, width: int, height: int, palette: bytes) -> bytes:
    """A PNG of two colours (palette: six bytes, RGB twice). rows: each row's filter byte 0
    ("none"), then its palette indices, eight a byte (see one_bit)."""
    import struct

    from isal import isal_zlib
    return b"".join((b"\x89PNG\r\n\x1a\n",
                     _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 3, 0, 0, 0)),
                     _chunk(b"PLTE", palette),
                     _chunk(b"IDAT", isal_zlib.compress(rows, 1)),
                     _chunk(b"IEND", b"")))
