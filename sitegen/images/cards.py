"""Social cards (og:image, twitter:image): 1200 x 630.

A post with a raster cover gets the cover cropped to that shape; any other post gets a card
drawn from its title, the blog's name and the author, in the theme's colours, with the font
that ships with sitegen (a subset of Noto Sans CJK, so Chinese, Japanese and Korean titles
draw as text, not boxes).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

WIDTH, HEIGHT = 1200, 630
FONT = Path(__file__).resolve().parent / "fonts" / "SitegenCardSans-Bold.otf"
COVERAGE = FONT.with_name("coverage.txt")
CARD_VERSION = "2"      # bump when the drawing changes


@dataclass(frozen=True)
class Colours:
    background: str = "#ffffff"
    text: str = "#1b1f24"
    muted: str = "#57606a"
    accent: str = "#0b5cad"


_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}")
_VAR = re.compile(r"--([a-z-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\b")


def theme_colours(css: str) -> Colours:
    """The light colours of a theme, from the first `:root { --bg: …; --fg: …; --accent: … }`."""
    block = _ROOT_BLOCK.search(css)
    found = dict(_VAR.findall(block.group(1))) if block else {}
    d = Colours()
    return Colours(found.get("bg", d.background), found.get("fg", d.text), found.get("muted", d.muted),
                   found.get("accent", d.accent))


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    codes: set[int] = set()
    for line in COVERAGE.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            lo, _, hi = line.partition("-")
            codes.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return frozenset(codes)


def missing_glyphs(text: str) -> str:
    """The characters of `text` the card font cannot draw (spaces and controls aside)."""
    have = covered()
    return "".join(dict.fromkeys(c for c in text if not c.isspace() and ord(c) not in have))


@lru_cache(maxsize=8)
def _font(size: int) -> Any:
    from PIL import ImageFont
    return ImageFont.truetype(str(FONT), size)


_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"     # CJK, Hangul, full-width forms
_TOKEN = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+\\s*|\\s+")


def wrap(text: str, width: float, measure: Any) -> list[str]:
    """Greedy lines no wider than `width`: Latin breaks between words, CJK between characters."""
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


def _fit_title(title: str, width: int, max_lines: int) -> tuple[Any, list[str]]:
    for size in (76, 68, 60, 54, 48):
        font = _font(size)
        lines = wrap(title, width, font.getlength)
        if len(lines) <= max_lines:
            return font, lines
    lines = wrap(title, width, font.getlength)[:max_lines]
    while lines[-1] and font.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return font, lines


def draw_card(title: str, site_name: str, byline: str, colours: Colours) -> PILImage:
    from PIL import Image, ImageDraw
    im = Image.new("RGB", (WIDTH, HEIGHT), colours.background)
    draw = ImageDraw.Draw(im)
    margin = 80
    draw.rectangle((0, 0, 24, HEIGHT), fill=colours.accent)
    draw.rectangle((margin, 96, margin + 120, 106), fill=colours.accent)
    font, lines = _fit_title(title, WIDTH - 2 * margin, 4)
    ascent, descent = font.getmetrics()
    step = round((ascent + descent) * 1.12)
    y = 150
    for line in lines:
        draw.text((margin, y), line, font=font, fill=colours.text)
        y += step
    small = _font(34)
    foot = site_name if not byline else f"{site_name}  ·  {byline}"
    foot_lines = wrap(foot, WIDTH - 2 * margin, small.getlength)[:1]
    if foot_lines:
        draw.text((margin, HEIGHT - 110), foot_lines[0], font=small, fill=colours.muted)
    return im


def crop_cover(im: PILImage) -> PILImage:
    """The largest 1200:630 centre crop, scaled to 1200 x 630."""
    from PIL import Image, ImageOps
    return ImageOps.fit(im, (WIDTH, HEIGHT), Image.Resampling.LANCZOS, centering=(0.5, 0.5))


def card_jpeg(title: str, site_name: str, byline: str, colours: Colours) -> bytes:
    """A drawn card as JPEG: full-resolution colour (4:4:4) keeps the text crisp, and it encodes
    ten times faster than PNG (2 ms against 22 ms; that counts at 10,000 posts)."""
    out = io.BytesIO()
    draw_card(title, site_name, byline, colours).save(out, "JPEG", quality=88, subsampling=0)
    return out.getvalue()


def cover_jpeg(im: PILImage, quality: int = 82) -> bytes:
    out = io.BytesIO()
    crop_cover(im).convert("RGB").save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
