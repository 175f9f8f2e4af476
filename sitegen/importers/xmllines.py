"""Line numbers of elements in an XML export or feed, found in its text.

CDATA sections and comments are blanked first (their newlines kept), so a post about RSS that
holds a literal `<item>` in its CDATA does not shift the lines of every later item.
"""

from __future__ import annotations

import re

_OPAQUE = re.compile(r"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.S)


def blank_opaque(text: str) -> str:
    """The text with CDATA sections and comments replaced by spaces, newlines kept."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def starts(text: str, pattern: str) -> list[int]:
    """The line of every match of `pattern` (a regex for an opening tag) outside CDATA and comments."""
    blank = blank_opaque(text)
    return [blank.count("\n", 0, m.start()) + 1 for m in re.finditer(pattern, blank)]
