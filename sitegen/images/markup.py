"""The HTML of a published image: <picture> with a source per modern format, and an <img>
with width, height, srcset, sizes and loading hints (lazy by default; the page's main image is
eager with fetchpriority="high")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from .variants import MIME

# the default theme's column is 44rem wide with 1rem of padding on each side
DEFAULT_SIZES = "(max-width: 46rem) calc(100vw - 2rem), 44rem"


@dataclass(frozen=True)
class Published:
    """Where an image's files are on the site (site URLs) and its displayed size."""

    width: int                                   # 0 when unknown (an SVG without a size)
    height: int
    fallback: str                                # the format of the <img> itself
    srcsets: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()   # format -> ((url, width), …)
    src: str = ""                                # the <img src>: the fallback at a middle width

    def sources(self, fmt: str) -> tuple[tuple[str, int], ...]:
        return next((s for f, s in self.srcsets if f == fmt), ())


def _attr(name: str, value: str) -> str:
    return f' {name}="{escape(value, quote=True)}"'


def srcset(items: tuple[tuple[str, int], ...], link: Callable[[str], str]) -> str:
    return ", ".join(f"{link(url)} {width}w" for url, width in items)


def img_tag(image: Published, alt: str, link: Callable[[str], str], *, eager: bool = False,
            sizes: str = DEFAULT_SIZES, css_class: str = "", title: str = "",
            extra: Mapping[str, str] | None = None) -> str:
    """<picture> for an image with variants, a plain sized <img> for one without (SVG, GIF)."""
    attrs = _attr("src", link(image.src))
    fallback = image.sources(image.fallback)
    if len(fallback) > 1:
        attrs += _attr("srcset", srcset(fallback, link)) + _attr("sizes", sizes)
    attrs += _attr("alt", alt)
    if title:
        attrs += _attr("title", title)
    if css_class:
        attrs += _attr("class", css_class)
    if image.width and image.height:
        attrs += f' width="{image.width}" height="{image.height}"'
    attrs += ' fetchpriority="high"' if eager else ' loading="lazy"'
    attrs += ' decoding="async"'
    attrs += "".join(_attr(name, value) for name, value in (extra or {}).items())   # e.g. data-pagefind-meta
    tag = f"<img{attrs}>"
    modern = [(fmt, items) for fmt, items in image.srcsets if fmt != image.fallback]
    if not modern:
        return tag
    sources = "".join(f'<source type="{MIME[fmt]}"' + _attr("srcset", srcset(items, link)) + _attr("sizes", sizes) + ">"
                      for fmt, items in modern)
    return f"<picture>{sources}{tag}</picture>"
