"""A card's text broken into lines (cards.py measures and draws them)."""

from __future__ import annotations

import re
from typing import Any

# Characters drawn only with their neighbours (combining marks, joiners, variation selectors,
# skin-tone modifiers): text with any of them goes through Pillow's layout (cards._units).
SHAPED = re.compile("[\u0300-\u036f\u0483-\u0489\u0591-\u08ff\u0900-\u0dff\u0e00-\u0eff"
                    "\u1ab0-\u1aff\u1dc0-\u1dff\u200b-\u200f\u202a-\u202e\u2060-\u206f\u20d0-\u20ff"
                    "\ufe00-\ufe0f\ufe20-\ufe2f\U0001f3fb-\U0001f3ff\U000e0000-\U000e01ef]")

_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"     # CJK, Hangul, full-width forms
_TOKEN = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+\\s*|\\s+")


def simple(text: str) -> bool:
    """Whether each character of text is placed on its own (no SHAPED one)."""
    return not SHAPED.search(text)


def wrap(text: str, width: float, measure: Any) -> list[str]:
    """Greedy lines no wider than `width`: Latin breaks between words, CJK between characters.
    A measure with `metrics` (cards._measure) grows each line rather than measuring it again."""
    metrics = getattr(measure, "metrics", None)
    if metrics is not None and simple(text):
        return _wrap_growing(text, width, metrics)
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text.strip()):
        candidate = line + token
        if line and measure(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _wrap_growing(text: str, width: float, metrics: Any) -> list[str]:
    """wrap() of simple text measured by `metrics` (cards._Metrics): each candidate line is the
    line so far and one more word, so its width is the line's pen moved on over that word (the
    same additions, in the same order, as measuring it whole: metrics.grow), not the whole line
    measured again for every word (quadratic in a title's words)."""
    lines: list[str] = []
    line = ""
    pen = (0.0, "")             # after the line so far
    for token in _TOKEN.findall(text.strip()):
        word = token.rstrip()
        if line and word:
            after = metrics.grow(*pen, word)
            if after[0] > width:
                lines.append(line.rstrip())
                line = token.lstrip()
                pen = metrics.grow(0.0, "", line)
                continue
            line += token
            pen = metrics.grow(*after, token[len(word):])
        elif line and metrics.grow(0.0, "", line.rstrip())[0] > width:     # (a space alone: the line as it is)
            lines.append(line.rstrip())
            line = token.lstrip()
            pen = metrics.grow(0.0, "", line)
        else:
            line += token
            pen = metrics.grow(*pen, token)
    if line.strip():
        lines.append(line.rstrip())
    return lines
