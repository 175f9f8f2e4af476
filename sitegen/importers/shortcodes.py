"""Hugo shortcodes in a Markdown body: the built-in ones converted, the others reported.

`figure` becomes an image (a figure with its caption when it has one), `ref`/`relref` a link
to the other file, `youtube`, `vimeo`, `gist`, `tweet`/`x` and `instagram` links, `highlight`
a fenced block. An unknown shortcode is reported with its line; the text inside it is kept.
`{{</* x */>}}` (Hugo's way of writing a shortcode as text) becomes `{{< x >}}`.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable

_ESCAPED = re.compile(r"\{\{([<%])/\*\s*(.*?)\s*\*/([>%])\}\}", re.S)
_PAIRED = re.compile(r"\{\{([<%])\s*([\w./-]+)(\s[^\n]*?)?\s*[>%]\}\}(.*?)\{\{[<%]\s*/\s*\2\s*[>%]\}\}", re.S)
_SINGLE = re.compile(r"\{\{([<%])\s*([\w./-]+)(\s[^\n]*?)?\s*/?\s*[>%]\}\}")
_NAMED = re.compile(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+))""")

Ref = Callable[[str], "str | None"]


def params(text: str | None) -> tuple[list[str], dict[str, str]]:
    """(positional, named) parameters of a shortcode."""
    text = (text or "").strip()
    named = {m.group(1): next(g for g in m.groups()[1:] if g is not None) for m in _NAMED.finditer(text)}
    if named:
        return [], named
    try:
        return shlex.split(text), {}
    except ValueError:
        return text.split(), {}


def _figure(named: dict[str, str], positional: list[str]) -> str:
    src = named.get("src") or (positional[0] if positional else "")
    caption = named.get("caption") or named.get("title") or ""
    alt = named.get("alt") or caption or ""
    link = named.get("link", "")
    if not caption:
        image = f"![{alt.replace(']', '')}]({src})"
        return f"[{image}]({link})" if link else image
    img = f'<img src="{html.escape(src, quote=True)}" alt="{html.escape(alt, quote=True)}">'
    if link:
        img = f'<a href="{html.escape(link, quote=True)}">{img}</a>'
    return f"\n<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>\n"


def _video(kind: str, named: dict[str, str], positional: list[str]) -> str | None:
    vid = named.get("id") or (positional[0] if positional else "")
    if not vid:
        return None
    title = named.get("title") or f"Video on {'YouTube' if kind == 'youtube' else 'Vimeo'}"
    url = f"https://www.youtube.com/watch?v={vid}" if kind == "youtube" else f"https://vimeo.com/{vid}"
    return f"[{title}]({url})"


def _single(name: str, positional: list[str], named: dict[str, str], ref: Ref) -> str | None:
    """Markdown for a shortcode without a closing tag, or None when it is unknown."""
    if name == "figure":
        return _figure(named, positional)
    if name in ("ref", "relref"):
        target = named.get("path") or (positional[0] if positional else "")
        return ref(target)
    if name in ("youtube", "vimeo"):
        return _video(name, named, positional)
    if name == "gist" and len(positional) >= 2:
        return f"[Gist {positional[1]} by {positional[0]}](https://gist.github.com/{positional[0]}/{positional[1]})"
    if name in ("tweet", "x", "twitter"):
        user = named.get("user", "")
        tid = named.get("id") or (positional[-1] if positional else "")
        if tid:
            return f"[Post on X](https://x.com/{user or 'i/web'}/status/{tid})"
    if name == "instagram" and (named.get("id") or positional):
        return f"[Post on Instagram](https://www.instagram.com/p/{named.get('id') or positional[0]}/)"
    return None


def convert(body: str, ref: Ref, report: Callable[[int, str], None]) -> str:
    escaped: list[str] = []

    def keep(m: re.Match[str]) -> str:
        escaped.append("{{" + m.group(1) + " " + m.group(2) + " " + m.group(3) + "}}")
        return f"\x01{len(escaped) - 1}\x01"

    text = _ESCAPED.sub(keep, body)

    def line_of(m: re.Match[str]) -> int:
        return text.count("\n", 0, m.start()) + 1

    def paired(m: re.Match[str]) -> str:
        name, inner = m.group(2), m.group(4)
        positional, named = params(m.group(3))
        if name == "highlight":
            lang = positional[0] if positional else named.get("lang", "")
            code = inner.strip("\n")
            ticks = "````" if "```" in code else "```"
            return f"{ticks}{lang}\n{code}\n{ticks}"
        if name == "figure":
            return _figure({**named, "caption": named.get("caption") or inner.strip()}, positional)
        report(line_of(m), f"shortcode {{{{< {name} >}}}} is not converted: its inner text is kept")
        return inner.strip("\n")

    # paired shortcodes first (innermost last), until none is left
    for _ in range(5):
        new = _PAIRED.sub(paired, text)
        if new == text:
            break
        text = new

    def single(m: re.Match[str]) -> str:
        name = m.group(2)
        positional, named = params(m.group(3))
        out = _single(name, positional, named, ref)
        if out is None:
            report(line_of(m), f"shortcode {{{{< {name} >}}}} is not converted: removed")
            return ""
        return out

    text = _SINGLE.sub(single, text)
    return re.sub(r"\x01(\d+)\x01", lambda m: escaped[int(m.group(1))], text)
