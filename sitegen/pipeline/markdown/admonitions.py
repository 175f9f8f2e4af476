"""Admonitions (callouts), in the ways other tools write them, all rendered alike.

* ``:::TYPE`` … ``:::`` (Docusaurus, Starlight, VitePress): a title after the type, after a
  space (``:::warning Check the units``, ``::: tip Title``) or in brackets (``:::tip[Pro tip]``).
  A line of colons closes the block; a callout inside another needs more colons on the outer
  one (``::::note`` … ``::::``).
* GitHub's and Obsidian's alerts: a blockquote whose first line is ``[!TYPE]``, the type in
  any case, optionally followed by ``-`` (folded) or ``+`` (unfolded) and a title:
  ``> [!WARNING] Check the units``. A folding one becomes ``<details>``. A blockquote whose
  marker names no known type stays a blockquote, as on GitHub.

The kinds are note, tip, warning, caution and danger; the other names those tools use
(``info``, ``important``, ``success``, ``error``…) are aliases of them, shown in their own
word. The type is always in the text (a title replaces the visible label, and the label stays
for screen readers), so colour and icon are never the only way to tell callouts apart. In
``:::`` form an unknown type or a block never closed is an error naming the line.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sitegen.errors import SitegenError

KINDS = ("note", "tip", "warning", "caution", "danger")
LABELS = {"note": "Note", "tip": "Tip", "warning": "Warning", "caution": "Caution", "danger": "Danger"}
# other tools' names -> (kind, label)
ALIASES = {
    "info": ("note", "Info"), "abstract": ("note", "Abstract"), "summary": ("note", "Summary"),
    "tldr": ("note", "TL;DR"), "todo": ("note", "To do"), "example": ("note", "Example"),
    "quote": ("note", "Quote"), "cite": ("note", "Quote"), "question": ("note", "Question"),
    "help": ("note", "Help"), "faq": ("note", "FAQ"), "seealso": ("note", "See also"),
    "hint": ("tip", "Hint"), "important": ("tip", "Important"), "success": ("tip", "Success"),
    "check": ("tip", "Check"), "done": ("tip", "Done"),
    "attention": ("warning", "Attention"), "warn": ("warning", "Warning"),
    "error": ("danger", "Error"), "failure": ("danger", "Failure"), "fail": ("danger", "Failure"),
    "missing": ("danger", "Missing"), "bug": ("danger", "Bug"),
}

# 16 x 16 outline icons, drawn in the text colour of the title
_ICONS = {
    "note": '<circle cx="8" cy="8" r="6.5"/><path d="M8 7.2v4.3M8 4.6v.1"/>',
    "tip": '<path d="M5.6 10.4a4.6 4.6 0 1 1 4.8 0v1.4H5.6z"/><path d="M6.2 14h3.6"/>',
    "warning": '<path d="M8 1.9 14.8 13.8H1.2z"/><path d="M8 6.2v3.6M8 11.7v.1"/>',
    "caution": '<path d="M8 1.5 14.5 8 8 14.5 1.5 8z"/><path d="M8 5.2v3.7M8 10.9v.1"/>',
    "danger": '<path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z"/><path d="M8 4.8v4.1M8 11v.1"/>',
}

# after the colons: a type, then "[Title]" or " Title" (or nothing)
_INFO = re.compile(r"([A-Za-z][\w-]*)(?:\[(.*)\]|\s+(.*))?")
# the first line of a blockquote that is an alert: [!TYPE], a fold sign, a title
_ALERT = re.compile(r"\[!([A-Za-z][\w-]*)\]([+-]?)(?:[ \t]+(.*?))?[ \t]*")


def kind_of(name: str) -> tuple[str, str] | None:
    """(kind, label) of a type name in any case, or None for an unknown one."""
    name = name.lower()
    if name in LABELS:
        return name, LABELS[name]
    return ALIASES.get(name)


def _validate(params: str, markup: str) -> bool:
    # every ':::word' line opens a block, so that an unknown type is reported, not printed
    return bool(re.match(r"[A-Za-z]", params.strip()))


def _render(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    kind, label, title, fold = token.meta["callout"]
    tag = "details" if fold else "div"
    if token.nesting == -1:
        return f"</{tag}>\n"
    senv = env.get("sitegen") if isinstance(env, dict) else None
    if senv is not None:
        label = senv.say(label)        # in the post's language (labels.py)
    icon = (f'<svg class="admonition-icon" aria-hidden="true" focusable="false" viewBox="0 0 16 16" width="16" '
            f'height="16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" '
            f'stroke-linejoin="round">{_ICONS[kind]}</svg>')
    if title:
        head = f'<span class="visually-hidden">{label}: </span>{html.escape(title)}'
    else:
        head = label
    if fold:
        opened = " open" if fold == "+" else ""
        return (f'<details class="admonition admonition-{kind}"{opened}>\n'
                f'<summary class="admonition-title">{icon}{head}</summary>\n')
    return (f'<div class="admonition admonition-{kind}" role="note">\n'
            f'<p class="admonition-title">{icon}{head}</p>\n')


def _where(state: Any, token: Any) -> tuple[str | None, int]:
    env = state.env.get("sitegen") if isinstance(state.env, dict) else None
    start = token.map[0] if token.map else 0
    if env is None:
        return None, start + 1
    return env.file or None, env.first_line + start


def _known() -> str:
    return (f"use one of: {', '.join(':::' + k for k in KINDS)} "
            f"(also read: {', '.join(sorted(ALIASES))})")


def _colon_block(state: Any, token: Any, close: Any, lines: list[str]) -> None:
    """Check a ':::' block and note what to render: known type, a closing line."""
    file, line = _where(state, token)
    info = token.info.strip()
    m = _INFO.fullmatch(info)
    if m is None:
        raise SitegenError(f"the callout line '{token.markup}{info}' is not understood", file=file, line=line,
                           hint="write ':::type', ':::type Title' or ':::type[Title]'")
    found = kind_of(m.group(1))
    if found is None:
        raise SitegenError(f"unknown admonition type '{m.group(1).lower()}'", file=file, line=line, hint=_known())
    end = token.map[1]
    # (the closing line of a callout inside a quote or a list starts with '>' or spaces)
    closing = re.sub(r"^[\s>]*", "", lines[end]).strip() if end < len(lines) else ""
    if not (closing and set(closing) == {":"} and len(closing) >= len(token.markup)):
        raise SitegenError(f"the admonition ':::{m.group(1).lower()}' is never closed", file=file, line=line,
                           hint=f"end it with a line '{token.markup}' (a callout inside another needs more colons "
                                "on the outer one)")
    title = (m.group(2) if m.group(2) is not None else m.group(3) or "").strip()
    token.meta["callout"] = close.meta["callout"] = (*found, title, "")


def _alert(tokens: list[Any], i: int) -> bool:
    """Turn the blockquote opened at tokens[i] into a callout if its first line is an alert
    marker of a known type."""
    if i + 2 >= len(tokens) or tokens[i + 1].type != "paragraph_open":
        return False
    inline = tokens[i + 2]
    first, _, rest = inline.content.partition("\n")
    m = _ALERT.fullmatch(first.strip())
    if m is None or (found := kind_of(m.group(1))) is None:
        return False
    opening = tokens[i]
    close = next(t for t in tokens[i + 1:] if t.type == "blockquote_close" and t.level == opening.level)
    meta = (*found, (m.group(3) or "").strip(), m.group(2))
    for t, kind in ((opening, "container_admonition_open"), (close, "container_admonition_close")):
        t.type, t.tag, t.meta["callout"], t.meta["alert"] = kind, "details" if m.group(2) else "div", meta, True
    if rest.strip():
        inline.content = rest
        if inline.map:
            inline.map = [inline.map[0] + 1, inline.map[1]]
    else:
        del tokens[i + 1:i + 4]          # the paragraph held only the marker
    return True


def _check(state: Any) -> None:
    """Every ':::' block has a known type and a closing line (the parser would close it at the
    end of the document, or of the list it is in, without a word); alert blockquotes become
    callouts."""
    tokens = state.tokens
    lines: list[str] | None = None
    stack: list[Any] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "container_admonition_open":
            stack.append(token)
        elif token.type == "container_admonition_close" and not token.meta.get("alert"):
            opening = stack.pop()
            if lines is None:
                lines = state.src.split("\n")
            _colon_block(state, opening, token, lines)
        elif token.type == "blockquote_open":
            _alert(tokens, i)
        i += 1


def use(md: Any) -> None:
    """Add admonitions to a MarkdownIt parser."""
    from mdit_py_plugins.container import container_plugin

    container_plugin(md, "admonition", validate=_validate, render=_render)
    md.core.ruler.after("block", "sitegen_admonitions", _check)


_OPEN = re.compile(r'<(div|details) class="admonition ')


def without_callouts(body_html: str) -> str:
    """The HTML with every admonition taken out (a summary is the text around them)."""
    out, pos = [], 0
    while True:
        m = _OPEN.search(body_html, pos)
        if m is None:
            out.append(body_html[pos:])
            return "".join(out)
        out.append(body_html[pos:m.start()])
        tag = m.group(1)
        depth = 0
        for t in re.finditer(rf"<{tag}\b|</{tag}>", body_html[m.start():]):
            depth += 1 if not t.group(0).startswith("</") else -1
            if depth == 0:
                pos = m.start() + t.end()
                break
        else:
            return "".join(out)
