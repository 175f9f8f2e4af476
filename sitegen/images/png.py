"""A palette PNG of two colours, written by hand (the social cards, cards.py): Pillow's own
encoder took 3.5 ms a card, its 1-bit packing 2.6 ms of it. ISA-L (isal) deflates, five times
quicker than zlib."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


def _nibble(b: int) -> int:
    """Four 2-bit pixels of 0 or 1 (a byte of Pillow's "P;2" packing) as four 1-bit ones."""
    return (b >> 3) & 8 | (b >> 2) & 4 | (b >> 1) & 2 | b & 1


_HIGH = bytes(_nibble(b) << 4 for b in range(256))
_LOW = bytes(_nibble(b) for b in range(256))


def one_bit(canvas: PILImage) -> bytes:
    """The canvas's pixels (indices 0 and 1), eight a byte. Pillow's own "P;1" packing takes
    about 2.6 ms a card; packing four a byte ("P;2", 0.4 ms), turning each byte into a half
    byte by table and adding the even bytes' to the odd ones' (as two one-row images) takes a
    third of that. (The canvas's width is a multiple of eight, so each row's bytes pair up
    within it.)"""
    from PIL import Image, ImageChops
    two = canvas.tobytes("raw", "P;2")
    n = len(two) // 2
    high = Image.frombuffer("L", (n, 1), two[0::2].translate(_HIGH), "raw", "L", 0, 1)
    low = Image.frombuffer("L", (n, 1), two[1::2].translate(_LOW), "raw", "L", 0, 1)
    return ImageChops.add(high, low).tobytes()


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
