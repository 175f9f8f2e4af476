"""Admonitions: ``:::note`` … ``:::`` blocks rendered as callouts.

The opening line is ``:::TYPE`` with an optional title after a space (``:::warning Check the
units``); a line of ``:::`` closes the block, and anything Markdown allows goes in between.
Types are note, tip, warning, caution and danger. A callout inside another needs more colons
on the outer one (``::::note`` … ``::::``), as in Docusaurus.

The type is always in the text (a title replaces the visible label, and the label stays for
screen readers), so colour and icon are never the only way to tell callouts apart. An unknown
type or a block that is never closed is an error naming the line.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sitegen.errors import SitegenError

KINDS = ("note", "tip", "warning", "caution", "danger")
LABELS = {"note": "Note", "tip": "Tip", "warning": "Warning", "caution": "Caution", "danger": "Danger"}

# 16 x 16 outline icons, drawn in the text colour of the title
_ICONS = {
    "note": '<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4.3M8 4.6v.1"/>',
    "tip": '<path d="M5.6 10.4a4.6 4.6 0 1 1 4.8 0v1.4H5.6z"/><path d="M6.2 14h3.6"/>',
    "warning": '<path d="M8 1.9 14.8 13.8H1.2z"/><path d="M8 6.2v3.6M8 11.7v.1"/>',
    "caution": '<path d="M8 1.5 14.5 8 8 14.5 1.5 8z"/><path d="M8 5.2v3.7M8 10.9v.1"/>',
    "danger": '<path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z"/><path d="M8 4.8v4.1M8 11v.1"/>',
}

_OPENING = re.compile(r"^(:{3,})\s*([A-Za-z][\w-]*)?(.*)$")


def _validate(params: str, markup: str) -> bool:
    # every ':::word' line opens a block, so that an unknown type is reported, not printed
    return bool(re.match(r"[A-Za-z]", params.strip()))


def _split(info: str) -> tuple[str, str]:
    kind, _, title = info.strip().partition(" ")
    return kind.lower(), title.strip()


def _render(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting == -1:
        return "</div>\n"
    kind, title = _split(token.info)
    label = LABELS[kind]
    icon = (f'<svg class="admonition-icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" '
            f'height="16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" '
            f'stroke-linejoin="round">{_ICONS[kind]}</svg>')
    if title:
        head = f'<span class="visually-hidden">{label}: </span>{html.escape(title)}'
    else:
        head = label
    return (f'<div class="admonition admonition-{kind}" role="note">\n'
            f'<p class="admonition-title">{icon}{head}</p>\n')


def _check(state: Any) -> None:
    """Every block has a known type and a closing line (the parser would close it at the end
    of the document, or of the list it is in, without a word)."""
    env = state.env.get("sitegen") if isinstance(state.env, dict) else None
    lines = state.src.split("\n")
    for token in state.tokens:
        if token.type != "container_admonition_open":
            continue
        kind, _ = _split(token.info)
        start, end = token.map
        file = env.file if env is not None else None
        line = env.first_line + start if env is not None else start + 1
        if kind not in LABELS:
            raise SitegenError(f"unknown admonition type '{kind}'", file=file or None, line=line,
                               hint=f"use one of: {', '.join(':::' + k for k in KINDS)}")
        closing = lines[end].strip() if end < len(lines) else ""
        if not (closing and set(closing) == {":"} and len(closing) >= len(token.markup)):
            raise SitegenError(f"the admonition ':::{kind}' is never closed", file=file or None, line=line,
                               hint=f"end it with a line '{token.markup}' (a callout inside another needs more colons "
                                    "on the outer one)")


def use(md: Any) -> None:
    """Add admonitions to a MarkdownIt parser."""
    from mdit_py_plugins.container import container_plugin

    container_plugin(md, "admonition", validate=_validate, render=_render)
    md.core.ruler.after("block", "sitegen_admonitions", _check)


_DIV = re.compile(r"<div\b|</div>")


def without_callouts(body_html: str) -> str:
    """The HTML with every admonition taken out (a summary is the text around them)."""
    out, pos = [], 0
    marker = '<div class="admonition '
    while True:
        start = body_html.find(marker, pos)
        if start < 0:
            out.append(body_html[pos:])
            return "".join(out)
        out.append(body_html[pos:start])
        depth = 0
        for m in _DIV.finditer(body_html, start):
            depth += 1 if m.group(0) != "</div>" else -1
            if depth == 0:
                pos = m.end()
                break
        else:
            return "".join(out)
