"""Hugo shortcodes in a Markdown body: the built-in ones converted, the others reported.

`figure` becomes an image (a figure with its caption when it has one), `ref`/`relref` a link
to the other file, `youtube`, `vimeo`, `gist`, `tweet`/`x` and `instagram` links, `highlight`
a fenced block. An unknown shortcode is reported with its line; the text inside it is kept.
`{{</* x */>}}` (Hugo's way of writing a shortcode as text) becomes `{{< x >}}`. Themes' callout
shortcodes (`notice`, `alert`, `hint`, `admonition`, ...) become `:::type Title` admonitions.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_ESCAPED = re.compile(r"\{\{([<%])/\*\s*(.*?)\s*\*/([>%])\}\}", re.S)
# the inside of an opening tag may run over several lines (a figure with one parameter a line)
_INSIDE = r"(\s(?:[^>%]|[>%](?!\}\}))*?)?"
_CLOSING = re.compile(r"\{\{[<%]\s*/\s*([\w./-]+)\s*[>%]\}\}")


def _paired(names: set[str]) -> re.Pattern[str]:
    """Paired shortcodes, only of the names that have a closing tag in the text: an opening tag of
    any other name (hundreds of self-closing figures) would scan the rest of the post for nothing."""
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) or r"(?!)"
    return re.compile(r"\{\{([<%])\s*(" + alternatives + r")(?![\w./-])" + _INSIDE +
                      r"\s*[>%]\}\}(.*?)\{\{[<%]\s*/\s*\2\s*[>%]\}\}", re.S)
_SINGLE = re.compile(r"\{\{([<%])\s*([\w./-]+)" + _INSIDE + r"\s*/?\s*[>%]\}\}", re.S)
_TOKEN = re.compile(r"""(?:([\w-]+)=)?("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`]+)""")
# theme shortcodes for callouts (Learn/Relearn `notice`, Docsy `alert`, Book `hint`, LoveIt `admonition`, ...)
_CALLOUTS = {"notice", "alert", "hint", "admonition", "callout", "note", "tip", "info", "warning", "caution",
             "danger", "important"}
_CALLOUT_TYPES = {"note": "note", "info": "note", "primary": "note", "secondary": "note", "abstract": "note",
                  "question": "note", "example": "note", "quote": "note", "tip": "tip", "success": "tip",
                  "important": "warning", "warning": "warning", "orange": "warning", "caution": "caution",
                  "danger": "danger", "error": "danger", "failure": "danger", "bug": "danger", "red": "danger"}

Ref = Callable[[str], "str | None"]
# what `--shortcode NAME=BUILTIN` may name
BUILT_IN = frozenset({"figure", "ref", "relref", "youtube", "vimeo", "gist", "tweet", "x", "instagram", "highlight",
                      "details", "comment", *sorted({"notice", "alert", "hint", "admonition", "callout", "note", "tip",
                                                     "info", "warning", "caution", "danger", "important"})})


def params(text: str | None) -> tuple[list[str], dict[str, str]]:
    """(positional, named) parameters of a shortcode; a quoted `"linenos=table"` stays positional."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for m in _TOKEN.finditer((text or "").strip()):
        raw = m.group(2)
        value = raw[1:-1] if len(raw) >= 2 and raw[0] in "\"'`" and raw[-1] == raw[0] else raw
        if raw.startswith('"'):
            value = value.replace('\\"', '"')
        if m.group(1):
            named[m.group(1)] = value
        else:
            positional.append(value)
    return positional, named


def _callout(name: str, positional: list[str], named: dict[str, str], inner: str) -> str:
    """A theme's callout shortcode as a sitegen admonition: `:::warning Title` ... `:::`."""
    kind_word = name if name not in ("notice", "alert", "hint", "admonition", "callout") else (
        named.get("type") or named.get("style") or named.get("color") or (positional[0] if positional else "note"))
    kind = _CALLOUT_TYPES.get(kind_word.lower(), "note")
    title = named.get("title") or (positional[1] if len(positional) > 1 else positional[0]
                                    if positional and name not in ("notice", "alert", "hint", "admonition", "callout")
                                    else "")
    title = " ".join(title.split())
    inside = [len(c) for c in re.findall(r"^(:{3,})[a-z]", inner, re.M)]
    fence = ":" * max([3, *(n + 1 for n in inside)])        # a callout inside needs more colons outside
    return f"\n{fence}{kind}" + (f" {title}" if title else "") + f"\n{inner.strip(chr(10))}\n{fence}\n"


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


def _quoted(m: re.Match[str], name: str) -> str:
    """A shortcode as the source wrote it: `{{% img %}}` or `{{< img >}}`."""
    return f"{{{{% {name} %}}}}" if m.group(1) == "%" else f"{{{{< {name} >}}}}"


def convert(body: str, ref: Ref, report: Callable[[int, str], None], mapped: dict[str, str] | None = None,
            unknown: dict[str, int] | None = None) -> str:
    """`mapped`: a site's own shortcode name -> the built-in it works like (`--shortcode img=figure`);
    `unknown` counts the shortcodes left out, by their name as written."""
    mapped = mapped or {}
    unknown = unknown if unknown is not None else {}
    escaped: list[str] = []

    def keep(m: re.Match[str]) -> str:
        escaped.append("{{" + m.group(1) + " " + m.group(2) + " " + m.group(3) + "}}")
        return f"\x01{len(escaped) - 1}\x01"

    text = _ESCAPED.sub(keep, body)
    pattern = _paired(set(_CLOSING.findall(text)))
    seen: dict[str, int] = {}

    def line_of(m: re.Match[str]) -> int:
        """The line of a shortcode's opening tag in the body as written (conversions before it may have
        changed the number of lines of the text being worked on)."""
        opening = m.group(0)[: m.group(0).find("}}") + 2]
        at = body.find(opening, seen.get(opening, 0))
        if at < 0:
            return text.count("\n", 0, m.start()) + 1
        seen[opening] = at + 1
        return body.count("\n", 0, at) + 1

    def paired(m: re.Match[str]) -> str:
        name, inner = mapped.get(m.group(2), m.group(2)), m.group(4)
        positional, named = params(m.group(3))
        if name != "highlight":
            inner = pattern.sub(paired, inner)        # inner shortcodes first, so a callout knows what it holds
        if name == "highlight":
            lang = positional[0] if positional else named.get("lang", "")
            code = inner.strip("\n")
            ticks = "````" if "```" in code else "```"
            return f"{ticks}{lang}\n{code}\n{ticks}"
        if name == "figure":
            return _figure({**named, "caption": named.get("caption") or inner.strip()}, positional)
        if name in _CALLOUTS:
            return _callout(name, positional, named, inner)
        if name == "comment":                     # Hugo's built-in comment: never shown
            return ""
        if name == "details":                     # Hugo's built-in details (0.140)
            summary = html.escape(named.get("summary") or named.get("title") or "Details")
            is_open = " open" if str(named.get("open", "")).lower() == "true" else ""
            return f"\n<details{is_open}>\n<summary>{summary}</summary>\n\n{inner.strip(chr(10))}\n\n</details>\n"
        unknown[_quoted(m, name)] = unknown.get(_quoted(m, name), 0) + 1
        report(line_of(m), f"shortcode {_quoted(m, name)} is not converted: its inner text is kept")
        return inner.strip("\n")

    # paired shortcodes first (innermost last), until none is left
    for _ in range(5):
        new = pattern.sub(paired, text)
        if new == text:
            break
        text = new

    def single(m: re.Match[str]) -> str:
        name = mapped.get(m.group(2), m.group(2))
        positional, named = params(m.group(3))
        out = _single(name, positional, named, ref)
        if out is None:
            unknown[_quoted(m, name)] = unknown.get(_quoted(m, name), 0) + 1
            report(line_of(m), f"shortcode {_quoted(m, name)} is not converted: removed")
            return ""
        return out

    text = _SINGLE.sub(single, text)
    return re.sub(r"\x01(\d+)\x01", lambda m: escaped[int(m.group(1))], text)
