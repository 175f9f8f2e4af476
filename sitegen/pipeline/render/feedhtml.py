"""A post's HTML as feeds carry it: plain semantic HTML that feed readers show and the W3C Feed
Validator accepts without a warning.

The page's HTML has things only the site's own stylesheet can use, and things readers drop or
the validator flags as "Non-html tag": a callout's SVG icon and classes, heading anchor links,
`role`/`aria-*` attributes, and MathML. In a feed:

* a callout is a `<div>` (a foldable one `<details open>`) whose first line is its type and
  title in bold: `<p><strong>Tip: Pro tip</strong></p>`;
* inline SVG is left out (a chart keeps its caption and its table of numbers);
* a formula is its TeX source in `<code>`: readers and the validator know no MathML (the
  validator's list of HTML tags has no `math`), while TeX is how people who write formulas
  read and type them;
* class, role, aria-* and fetchpriority attributes are dropped, and a heading's link to itself
  (its words stay);
* a protocol-relative address (`//host/path`) gets https: a feed is read away from the site.
"""

from __future__ import annotations

import re

from sitegen.pipeline.markdown.parser import ANCHOR  # (a heading's link to itself; loaded with the renderer)

_CALLOUT_DIV = re.compile(r'<div class="admonition admonition-\w+" role="note">\n<p class="admonition-title">(.*?)</p>',
                          re.S)
_CALLOUT_DETAILS = re.compile(r'<details class="admonition admonition-\w+"(?: open)?>\n'
                              r'<summary class="admonition-title">(.*?)</summary>', re.S)
_HIDDEN_LABEL = re.compile(r'<span class="visually-hidden">(.*?)</span>', re.S)
_SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)
_MATH = re.compile(r"<math\b[^>]*>(.*?)</math>", re.S)
_TEX = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)
_PROTOCOL_RELATIVE = re.compile(r"""(\s(?:href|src|poster)=["'])//(?=[^/])""")
_TAG = re.compile(r"(<[a-zA-Z][\w:-]*)([^<>]*>)")
_ATTR = re.compile(r"""\s+([^\s"'=<>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_NOISE = re.compile(r"class|role|aria-[\w-]+|focusable|fetchpriority", re.I)


def _title(head: str) -> str:
    return _HIDDEN_LABEL.sub(r"\1", _SVG.sub("", head)).strip()


def _formula(m: re.Match[str]) -> str:
    tex = _TEX.search(m.group(1))
    if tex is not None:
        return f"<code>{tex.group(1)}</code>"
    return "<code>" + re.sub(r"<[^>]+>", "", m.group(1)) + "</code>"      # MathML written by hand


def feed_html(page_html: str) -> str:
    """The feed form of a post's HTML (already made absolute)."""
    out = page_html
    if "admonition" in out:
        out = _CALLOUT_DIV.sub(lambda m: f"<div>\n<p><strong>{_title(m.group(1))}</strong></p>", out)
        out = _CALLOUT_DETAILS.sub(lambda m: f"<details open>\n<summary><strong>{_title(m.group(1))}</strong></summary>",
                                   out)
    if "<math" in out:
        out = _MATH.sub(_formula, out)
    if "<svg" in out or "<SVG" in out:
        out = _SVG.sub("", out)
    if "heading-anchor" in out:
        out = ANCHOR.sub(r"\1", out)
    if '="//' in out:
        out = _PROTOCOL_RELATIVE.sub(r"\1https://", out)
    return _TAG.sub(_clean_tag, out)


def _clean_tag(m: re.Match[str]) -> str:
    # attribute by attribute, so that "class=" inside another attribute's value stays
    return m.group(1) + _ATTR.sub(lambda a: "" if _NOISE.fullmatch(a.group(1)) else a.group(0), m.group(2))
