"""Jekyll's Liquid in post bodies, converted or reported.

`{% raw %}` is unwrapped (its inside is left exactly as written), `{% highlight x %}` becomes
a fenced block, `{% post_url %}` and `{% link %}` become the old addresses of what they name
(the writer turns those into links to the new `.md` files), `{% comment %}` is dropped,
`{{ site.baseurl }}` and `| relative_url` disappear. Any other tag is left as text and
reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)([^%]*)-?%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}", re.S)
_POST_URL = re.compile(r"\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_LINK = re.compile(r"\{%-?\s*link\s+([^\s%]+)\s*-?%\}")
_SITE_VAR = re.compile(r"\{\{-?\s*(?:site\.(?:baseurl|url)|base(?:url)?)\s*-?\}\}")
_FILTERED = re.compile(r"""\{\{-?\s*(["'])([^"']*)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}""")
_PAGE_VAR = re.compile(r"\{\{-?\s*page\.title\s*-?\}\}")
_ANY_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
# kramdown attribute lists, after a link or emphasis or alone on a line: {:.note} {: target="_blank"}
_IAL = re.compile(r"(?<=[)\]*_`])\{:[^}\n]*\}|^[ \t]*\{:[^}\n]*\}[ \t]*$", re.M)


def convert(body: str, title: str, post_url: Callable[[str], str | None], link: Callable[[str], str | None],
            report: Callable[[int, str], None]) -> str:
    """The body without Liquid; `report(line, message)` gets what could not be converted."""
    raws: list[str] = []

    def keep_raw(m: re.Match[str]) -> str:
        raws.append(m.group(1))
        return f"\x00{len(raws) - 1}\x00"

    def line_of(m: re.Match[str], text: str) -> int:
        return text.count("\n", 0, m.start()) + 1

    text = _RAW.sub(keep_raw, body)
    text = _COMMENT.sub("", text)

    def fence(m: re.Match[str]) -> str:
        code = m.group(3)
        ticks = "````" if "```" in code else "```"
        return f"{ticks}{m.group(1)}\n{code}\n{ticks}"

    text = _HIGHLIGHT.sub(fence, text)

    def named(fn: Callable[[str], str | None], what: str) -> Callable[[re.Match[str]], str]:
        def sub(m: re.Match[str]) -> str:
            target = fn(m.group(1))
            if target is None:
                report(line_of(m, text), f"{{% {what} {m.group(1)} %}} names nothing that was imported: left as text")
                return m.group(0)
            return target
        return sub

    text = _SITE_VAR.sub("", text)
    text = _FILTERED.sub(lambda m: m.group(2), text)
    text = _PAGE_VAR.sub(title.replace("\\", "\\\\"), text)
    text = _POST_URL.sub(named(post_url, "post_url"), text)
    text = _LINK.sub(named(link, "link"), text)
    for m in _ANY_TAG.finditer(text):
        report(line_of(m, text), f"Liquid {' '.join(m.group(0).split())[:60]} is not converted: left as text")
    if _IAL.search(text):             # outside code: a fenced block may show an attribute list as an example
        from sitegen.importers.links import segments
        text = "\n".join(part if is_code else _IAL.sub("", part) for is_code, part, _ in segments(text))
    return re.sub(r"\x00(\d+)\x00", lambda m: raws[int(m.group(1))], text)
