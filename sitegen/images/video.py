"""Video and audio a post shows with image syntax, `![Charging at night](clip.mp4)`: the markup
(a player, not a broken `<img>`), and the check that a phone's video publishes no position.

Phones write where a video was shot into its metadata, not its frames: an iPhone as the
QuickTime key `com.apple.quicktime.location.ISO6709`, Android and most cameras as the `©xyz`
user-data atom (both ISO 6709 text such as "+52.5163+013.3777/"). Both live in the `moov` box,
which holds no compressed media, so only that box is read, never the whole file.
"""

from __future__ import annotations

import html
import os
import struct
from typing import BinaryIO

from .probe import suffix_of

VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".ogv")
AUDIO_SUFFIXES = (".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".flac")
_MOOV_MAX = 64 << 20             # a moov box larger than this is not a phone's
_LOCATION = (b"\xa9xyz", b"location.ISO6709", b"com.apple.quicktime.location")


def is_video(name: str) -> bool:
    return suffix_of(name) in VIDEO_SUFFIXES


def is_audio(name: str) -> bool:
    return suffix_of(name) in AUDIO_SUFFIXES


def markup(src: str, alt: str, title: str = "") -> str:
    """A player for a video or a sound file at src (already a URL relative to the page). Its
    description is its accessible name, and the link inside is what a browser that plays
    neither shows."""
    tag = "video" if is_video(src.split("?", 1)[0].split("#", 1)[0]) else "audio"
    url = html.escape(src, quote=True)
    attrs = ' playsinline' if tag == "video" else ""
    if alt:
        attrs += f' aria-label="{html.escape(alt, quote=True)}"'
    if title:
        attrs += f' title="{html.escape(title, quote=True)}"'
    text = html.escape(alt) or ("the video" if tag == "video" else "the recording")
    return f'<{tag} controls preload="metadata" src="{url}"{attrs}><a href="{url}">{text}</a></{tag}>'


def _boxes(f: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, offset of the payload, end) of the ISO base media boxes between start and end."""
    found = []
    at = start
    while at + 8 <= end:
        f.seek(at)
        head = f.read(16)
        if len(head) < 8:
            break
        size, kind = struct.unpack(">I4s", head[:8])
        payload = at + 8
        if size == 1 and len(head) == 16:
            size = struct.unpack(">Q", head[8:16])[0]
            payload = at + 16
        elif size == 0:
            size = end - at
        if size < payload - at:
            break                                          # damaged: read no further
        found.append((kind, payload, min(at + size, end)))
        at += size
    return found


def has_location(path: str | os.PathLike[str]) -> bool:
    """True when an MP4/QuickTime file's metadata holds where it was shot. A file that is not
    one (WebM, Ogg, a damaged file) is searched whole when it is small, else passed."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(12)
        if head[4:8] not in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"):
            if size > _MOOV_MAX:
                return False
            f.seek(0)
            data = f.read()
            return any(tag in data for tag in _LOCATION)
        for kind, payload, end in _boxes(f, 0, size):
            if kind == b"moov" and end - payload <= _MOOV_MAX:
                f.seek(payload)
                moov = f.read(end - payload)
                if any(tag in moov for tag in _LOCATION):
                    return True
    return False
