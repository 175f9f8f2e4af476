"""What kramdown (Jekyll's Markdown) writes that sitegen's Markdown reads otherwise: inline math
as `$$…$$`, heading ids of its own, and callouts as a class after a block (`{: .note}`)."""

from __future__ import annotations

import re
from collections.abc import Callable

_KRAMDOWN_MATH = re.compile(r"(?<![$\\])\$\$(?!\$)(.+?)(?<!\\)\$\$(?!\$)")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def kramdown_inline_math(body: str) -> str:
    """kramdown writes all math as `$$…$$`, inline when it shares its line with text; sitegen's
    Markdown reads `$$…$$` as a display formula and `$…$` as an inline one. Only the delimiters
    change: the TeX between them stays byte for byte. Code is left alone."""
    from sitegen.importers.links import segments
    out = []
    for is_code, text, _first in segments(body):
        if is_code or "$$" not in text:
            out.append(text)
            continue
        lines = []
        for line in text.split("\n"):
            spans = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(line)]

            def inline(m: re.Match[str], line: str = line, spans: list[tuple[int, int]] = spans) -> str:
                if any(a <= m.start() < b for a, b in spans) or not line.replace(m.group(0), "").strip():
                    return m.group(0)           # in code, or alone on its line: a display formula
                return f"${m.group(1)}$"
            lines.append(_KRAMDOWN_MATH.sub(inline, line))
        out.append("\n".join(lines))
    return "\n".join(out)


# a block with a class after it (kramdown's IAL), as themes style callouts: `{: .note}`, Minimal Mistakes'
# `{: .notice--warning}`, Just the Docs' `{: .important }`
_IAL_CLASS = re.compile(r"^[ \t]*\{:[ \t]*\.((?:notice--)?[a-z]+)[ \t]*\}[ \t]*$")
_IAL_KINDS = {"note": "note", "notice": "note", "info": "note", "primary": "note", "tip": "tip", "success": "tip",
              "important": "warning", "warning": "warning", "caution": "caution", "danger": "danger", "error": "danger"}


def kramdown_callouts(body: str) -> str:
    """A paragraph or quote with a callout class after it (`{: .note}`) as a sitegen admonition
    (`:::note` … `:::`); a class that is not a callout is left as it is. Code is left alone."""
    from sitegen.importers.links import segments
    out = []
    for is_code, text, _first in segments(body):
        if is_code or "{:" not in text:
            out.append(text)
            continue
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            m = _IAL_CLASS.match(lines[i])
            kind = _IAL_KINDS.get(m.group(1).removeprefix("notice--")) if m else None
            if kind is None or i == 0 or not lines[i - 1].strip():
                i += 1
                continue
            start = i
            while start > 0 and lines[start - 1].strip():
                start -= 1
            block = lines[start:i]
            if all(x.lstrip().startswith(">") for x in block):
                block = [re.sub(r"^[ \t]*> ?", "", x) for x in block]
            lines[start:i + 1] = [f":::{kind}", *block, ":::"]
            i = start + len(block) + 2
        out.append("\n".join(lines))
    return "\n".join(out)


_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# an attribute list ending a heading: kramdown's `{#id}`, `{:#id .class}`, Hugo's (goldmark's) `{#id .class key=value}`
_ATTR = r"(?:[#.][\w-]+|[\w-]+=(?:\"[^\"]*\"|[^\s}]+))"
_IAL_ID = re.compile(rf"[ \t]*\{{:?[ \t]*({_ATTR}(?:[ \t]+{_ATTR})*)[ \t]*\}}[ \t]*$")
_ID_IN = re.compile(r"(?:^|\s)#([\w-]+)")


def _kramdown_id(text: str) -> str:
    """The id kramdown gives a heading: leading non-letters dropped, then all but letters, digits,
    spaces and dashes, spaces as dashes, lowercase ("MoCo & MoCo-V2" -> "moco--moco-v2")."""
    text = re.sub(r"^[^a-zA-Z]+", "", text)
    return re.sub(r"[^a-zA-Z0-9 -]", "", text).replace(" ", "-").lower() or "section"


def github_id(text: str) -> str:
    """The id Hugo (goldmark, `autoHeadingIDType = "github"`) gives a heading: lowercase, letters,
    digits, '-' and '_' kept, spaces as dashes ("MoCo & MoCo-V2" -> "moco--moco-v2")."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-") or "section"


def _plain(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


def kramdown_anchors(body: str, auto: Callable[[str], str] | None = None) -> str:
    """In-page links written against kramdown's heading ids (`#moco--moco-v2`) rewritten to the ids
    sitegen makes (its own slugify, as the build's heading ids); `{#id}` on a heading, which sitegen
    does not read, is removed and links to it follow the heading. auto: the old generator's own ids
    (kramdown's, else github_id for Hugo)."""
    from sitegen.importers import links
    from sitegen.urls import slugify
    kram_seen: dict[str, int] = {}
    ours_seen: dict[str, int] = {}
    mapping: dict[str, str] = {}
    out = []
    for is_code, text, _first in links.segments(body):
        if is_code:
            out.append(text)
            continue
        lines = text.split("\n")
        for i, line in enumerate(lines):
            m = _HEADING.match(line)
            if not m:
                continue
            title = m.group(2)
            attrs = _IAL_ID.search(title)
            custom = _ID_IN.search(attrs.group(1)) if attrs else None
            if attrs:
                title = title[:attrs.start()]
                lines[i] = f"{m.group(1)} {title}"
            plain = _plain(title)
            kid = custom.group(1) if custom else (auto or _kramdown_id)(plain)
            n = kram_seen.get(kid, 0)
            kram_seen[kid] = n + 1
            kid = kid if n == 0 or custom else f"{kid}-{n}"
            base = slugify(plain) or "section"
            count = ours_seen.get(base, 0)
            ours_seen[base] = count + 1
            mapping.setdefault(kid, base if count == 0 else f"{base}-{count}")
        out.append("\n".join(lines))
    body = "\n".join(out)
    changed = {k: v for k, v in mapping.items() if k != v}
    if not changed:
        return body

    def fix(url: str, _line: int) -> str:
        return "#" + changed[url[1:]] if url.startswith("#") and url[1:] in changed else url
    return links.rewrite(body, fix)
