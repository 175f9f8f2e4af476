"""Link addresses with spaces, as kramdown (Jekyll), Obsidian and GitBook accept them:
`![Our car](/assets/My Car.jpg)`. CommonMark ends an address at a space, so sitegen would show
such a link as its text (and stop the build, saying so); the import writes `<...>` around it."""

from __future__ import annotations

import re

from sitegen.importers.links import segments

_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)
# [text](address with spaces "optional title"): kramdown reads the address up to the closing
# parenthesis, or up to a space before a quote that starts a title
_WORD = r"""(?:[^()<>"'\s]|\([^()\s]*\))+"""          # no space; parentheses only in balanced pairs: "image (1).png"
_SPACED = re.compile(r"(!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\()[ \t]*(" + _WORD + r"(?:[ \t]+" + _WORD + r")+)"
                     r"""([ \t]+(?:"[^"\n]*"|'[^'\n]*'))?[ \t]*\)""")


def _fix(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        head = m.group(1)
        bang = head.startswith("!")
        if not bang and "](" in head:          # an image inside the link: [![alt](a b.png)](a b.png)
            head = "[" + _fix(head[1:-2]) + "]("
        return f"{head}<{m.group(2)}>{m.group(3) or ''})"
    return _SPACED.sub(one, text)


def angle_spaced_links(body: str) -> str:
    """The body with every inline link or image whose address has a space written as
    `[text](<address>)`; code (fenced blocks and code spans) is left as it is."""
    if "](" not in body:
        return body
    parts = []
    for is_code, text, _first in segments(body):
        if is_code or "](" not in text:
            parts.append(text)
            continue
        out, at = [], 0
        for code in _CODE_SPAN.finditer(text):
            out.append(_fix(text[at:code.start()]))
            out.append(code.group(0))
            at = code.end()
        out.append(_fix(text[at:]))
        parts.append("".join(out))
    return "\n".join(parts)
