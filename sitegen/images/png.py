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


_NIBBLE = bytes(_nibble(b) for b in range(256))


def one_bit(canvas: PILImage) -> bytes:
    """The canvas's pixels (indices 0 and 1), eight a byte. Pillow's own "P;1" packing goes a
    bit at a time (0.7-2.6 ms a card). Its "P;2" packing (four pixels a byte, 0.06 ms) is quick;
    one table turns each of those bytes into a half byte (0-15), and Pillow's "P;4" packing of
    those half bytes, read as the pixels of an image a quarter as wide, puts two in a byte: eight
    pixels. A third of the time of translating the even and odd bytes apart and adding them as
    two images, which sliced the bytes twice. (The canvas's width is a multiple of eight, so
    each row's half bytes pair up within it.)"""
    from PIL import Image
    nibbles = canvas.tobytes("raw", "P;2").translate(_NIBBLE)
    return Image.frombuffer("P", (canvas.width // 4, canvas.height), nibbles, "raw", "P", 0, 1).tobytes("raw", "P;4")


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
