"""Find and rewrite the link and image addresses of a Markdown body (raw HTML included).

Code is left alone: fenced blocks and inline code spans are skipped. The callback gets
(url, line) and returns the new address, the same one, or None to drop the link (the text
of a Markdown link stays; an image becomes its alt text; an HTML href is removed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import SplitResult, urlsplit

Rewrite = Callable[[str, int], "str | None"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
_INLINE = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
                     r"((?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*)\)")
_REFDEF = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*)(<[^>\n]*>|\S+)(.*)$")
_HTML_ATTR = re.compile(r"""(\s)(href|src)(\s*=\s*)(["'])(.*?)\4""", re.I | re.S)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HTML_TAG = re.compile(r"<([a-zA-Z][\w-]*)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


def split(url: str) -> SplitResult:
    """urlsplit, with an address Python refuses ("http://[::1") read as a path: nothing of it is a host."""
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", url, "", "")


_PAGES = (".md", ".markdown", ".mdx", ".html", ".htm", ".rst", ".adoc", ".php", ".xml", ".json")


def is_file_address(path: str) -> bool:
    """A path that names a file (an image, a PDF), not a page or a folder."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "." in last and not path.lower().endswith(_PAGES) and not path.endswith("/")


def is_relative(url: str) -> bool:
    """A link to a file of the site, written relative to the current file."""
    return bool(url) and not url.startswith(("#", "/", "?")) and not _SCHEME.match(url)


def segments(body: str) -> list[tuple[bool, str, int]]:
    """(is_code, text, first line) pieces of the body, fenced code kept whole."""
    out: list[tuple[bool, str, int]] = []
    lines = body.split("\n")
    buf: list[str] = []
    start = 1
    fence = ""
    for number, line in enumerate(lines, 1):
        m = _FENCE.match(line)
        if fence:
            buf.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not line.strip()[len(m.group(1)):].strip():
                out.append((True, "\n".join(buf), start))
                buf, start, fence = [], number + 1, ""
            continue
        if m:
            if buf:
                out.append((False, "\n".join(buf), start))
            buf, start, fence = [line], number, m.group(1)
            continue
        buf.append(line)
    if buf or not out:
        out.append((bool(fence), "\n".join(buf), start))
    return out


def _rewrite_text(text: str, first: int, fn: Rewrite) -> str:
    # code spans are swapped out so that nothing inside them is touched
    spans: list[str] = []

    def hide(m: re.Match[str]) -> str:
        spans.append(m.group(0))
        return f"\x00{len(spans) - 1}\x00"

    hidden = _CODE_SPAN.sub(hide, text)

    def line_of(pos: int) -> int:
        return first + hidden.count("\n", 0, pos)

    def inline(m: re.Match[str], at: int = 0) -> str:
        bang, label, dest, tail = m.groups()
        if not bang and "](" in label:        # an image inside a link: [![alt](a.png)](https://…)
            label = _INLINE.sub(lambda inner: inline(inner, at + m.start(2)), label)
        url = dest[1:-1] if dest.startswith("<") else dest
        new = fn(url, line_of(at + m.start()))
        if new is None:
            return label if not bang else (label or "image")
        if new == url:
            return f"{bang}[{label}]({dest}{tail})"
        shown = f"<{new}>" if " " in new else new
        return f"{bang}[{label}]({shown}{tail})"

    def refdef(m: re.Match[str], line: int) -> str:
        url = m.group(2)[1:-1] if m.group(2).startswith("<") else m.group(2)
        new = fn(url, line)
        if new is None:       # the definition goes; a reference to it is left as its text
            return ""
        if new == url:
            return m.group(0)
        return m.group(1) + new + m.group(3)

    def attr(m: re.Match[str], at: int = 0) -> str:
        import html
        url = html.unescape(m.group(5))
        new = fn(url, line_of(at + m.start()))
        if new is None:
            return ""
        if new == url:
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{html.escape(new, quote=True)}{m.group(4)}"

    hidden = _INLINE.sub(inline, hidden)
    lines = hidden.split("\n")
    for i, ln in enumerate(lines):
        m = _REFDEF.match(ln)
        if m:
            lines[i] = refdef(m, line_of(0) + i)
    hidden = "\n".join(lines)
    def tag(m: re.Match[str]) -> str:
        import html
        new = _HTML_ATTR.sub(lambda a: attr(a, m.start()), m.group(0))
        if m.group(1).lower() == "img" and not _SRC_ATTR.search(new):     # its file is not there: its alt text stays
            alt = _ALT_ATTR.search(new)
            return html.unescape(alt.group(2)) if alt else ""
        return new

    hidden = _HTML_TAG.sub(tag, hidden)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], hidden)


def rewrite(body: str, fn: Rewrite) -> str:
    parts = []
    for is_code, text, first in segments(body):
        parts.append(text if is_code else _rewrite_text(text, first, fn))
    return "\n".join(parts)


def find(body: str) -> list[tuple[str, int]]:
    """Every (url, line) the body links to, in order."""
    found: list[tuple[str, int]] = []

    def note(url: str, line: int) -> str:
        found.append((url, line))
        return url

    rewrite(body, note)
    return found


_MD_IMAGE_EMPTY = re.compile(r"!\[\s*\]\(\s*(<[^>\n]*>|[^\s()]+)")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_ALT_ATTR = re.compile(r"""\salt\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_SRC_ATTR = re.compile(r"""\ssrc\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def alt_from_url(url: str, fallback: str = "Image") -> str:
    """Readable alt text from an image's file name: ``ev-charger_at-dusk.jpg`` -> ``Ev charger at dusk``."""
    from urllib.parse import unquote
    name = unquote(url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[-_.+]+", " ", stem)
    stem = re.sub(r"\b\d+x\d+\b|\bimg\b|\bdsc\w*|\bimage\b", " ", stem, flags=re.I)   # sizes and camera names say nothing
    words = " ".join(w for w in stem.split() if not w.isdigit())
    if len(re.sub(r"[^A-Za-z]", "", words)) < 3:
        return fallback
    return words[0].upper() + words[1:]


def fill_alt(body: str, fallback: str = "Image", lines: list[int] | None = None) -> tuple[str, int]:
    """Give every image (Markdown or HTML) alt text; returns the body and how many were filled.
    `lines` receives the body line of each."""
    count = 0
    where = lines if lines is not None else []
    first = 1

    def md(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        where.append(first + m.string.count("\n", 0, m.start()))
        url = m.group(1).strip("<>")
        return f"![{alt_from_url(url, fallback)}]({m.group(1)}"

    def tag(m: re.Match[str]) -> str:
        nonlocal count
        text = m.group(0)
        alt = _ALT_ATTR.search(text)
        if alt and alt.group(2).strip():
            return text
        count += 1
        where.append(first + m.string.count("\n", 0, m.start()))
        src = _SRC_ATTR.search(text)
        import html
        value = html.escape(alt_from_url(html.unescape(src.group(2)) if src else "", fallback), quote=True)
        if alt:
            return text[:alt.start()] + f' alt="{value}"' + text[alt.end():]
        return re.sub(r"^<img\b", f'<img alt="{value}"', text, flags=re.I)

    parts = []
    for is_code, text, start in segments(body):
        if not is_code:
            first = start
            text = _MD_IMAGE_EMPTY.sub(md, text)
            text = _IMG_TAG.sub(tag, text)
        parts.append(text)
    where.sort()
    return "\n".join(parts), count
