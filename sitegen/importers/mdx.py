"""MDX and the Markdown dialects of Astro/Starlight, Docusaurus, Eleventy, Zola and Pelican.

- MDX comments `{/* … */}` are dropped; the excerpt markers (`{/* truncate */}`,
  `{/* excerpt */}`, `<!-- truncate -->`, `<!-- excerpt -->`, `<!--more-->`) become `<!-- more -->`;
- `import`/`export` lines are dropped; JSX components are reported with their line and their
  tags removed (the text inside stays); Starlight's `<Aside>` and Docusaurus' `<Admonition>`
  become admonitions;
- admonitions are written as sitegen reads them: `:::note Optional title` … `:::`
  (Docusaurus' `:::note[Title]`, `:::info` and GitHub's `> [!NOTE]` are converted);
- Zola's `{{ shortcode() }}`/`{% shortcode() %}` are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Report = Callable[[int, str], None]

TYPES = {"note": "note", "tip": "tip", "info": "note", "important": "warning", "warning": "warning",
         "caution": "caution", "danger": "danger", "success": "tip", "secondary": "note", "error": "danger"}
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_IMPORT = re.compile(r"^\s*import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"][^'\"]+['\"];?\s*$")
_EXPORT = re.compile(r"^\s*export\s+(?:const|let|var|function|default|\{)")
_MARKER = re.compile(r"\{/\*\s*(?:truncate|excerpt|more)\s*\*/\}|<!--\s*(?:truncate|excerpt|more)\s*-->", re.I)
_MDX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.S)
_ADMONITION = re.compile(r"^(\s*):::(\w+)(?:\[([^\]]*)\]|[ \t]+(.*?))?(?:\{[^}]*\})?[ \t]*$")
_GH_ALERT = re.compile(r"^>\s*\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.I)
_ASIDE_OPEN = re.compile(r"""^\s*<(Aside|Admonition)\b([^>]*)>\s*$""")
_ASIDE_CLOSE = re.compile(r"^\s*</(Aside|Admonition)>\s*$")
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{["']([^"']*)["']\})""")
_JSX_TAG = re.compile(r"</?([A-Z][\w.]*)\b(?:[^<>{}]|\{[^{}]*\})*?/?>")
_ZOLA = re.compile(r"\{\{\s*\w+\([^)]*\)\s*\}\}|\{%\s*\w+\([^)]*\)\s*%\}|\{%\s*end\s*%\}")


def _admonition_line(line: str) -> str:
    m = _ADMONITION.match(line)
    if not m:
        return line
    indent, kind, bracket, rest = m.groups()
    kind_l = kind.lower()
    if kind_l not in TYPES:
        return line
    title = (bracket if bracket is not None else rest or "").strip()
    return f"{indent}:::{TYPES[kind_l]}" + (f" {title}" if title else "")


def convert(body: str, report: Report, mdx: bool) -> str:
    """The body in sitegen's Markdown; `report(line, message)` gets what was left out."""
    from sitegen.importers.links import segments
    parts = []
    for is_code, text, _first in segments(body):      # code keeps its comments and markers
        if not is_code:
            text = _MARKER.sub("<!-- more -->", text)
            if mdx or "{/*" in text:
                text = _MDX_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        parts.append(text)
    body = "\n".join(parts)
    out: list[str] = []
    fence = ""
    alert = False
    in_export = False
    for number, line in enumerate(body.split("\n"), 1):
        m = _FENCE.match(line)
        if fence:
            out.append(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = ""
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        if alert:
            if line.startswith(">"):
                out.append(line[1:].removeprefix(" "))
                continue
            out.append(":::")
            alert = False
        if in_export:
            in_export = bool(line.strip())
            continue
        if mdx and _IMPORT.match(line):
            continue
        if mdx and _EXPORT.match(line):
            in_export = not line.rstrip().endswith((";", "}")) or line.count("{") > line.count("}")
            report(number, "an MDX export was dropped")
            continue
        gh = _GH_ALERT.match(line)
        if gh:
            out.append(f":::{TYPES[gh.group(1).lower()]}")
            alert = True
            continue
        aside = _ASIDE_OPEN.match(line)
        if aside:
            attrs = {a.group(1): next(g for g in a.groups()[1:] if g is not None) for a in _ATTR.finditer(aside.group(2))}
            kind = TYPES.get(attrs.get("type", "note").lower(), "note")
            out.append(f":::{kind}" + (f" {attrs['title']}" if attrs.get("title") else ""))
            continue
        if _ASIDE_CLOSE.match(line):
            out.append(":::")
            continue
        line = _admonition_line(line)
        if mdx and _JSX_TAG.search(line):
            names = sorted({t.group(1) for t in _JSX_TAG.finditer(line)})
            report(number, f"JSX component {', '.join('<' + n + '>' for n in names)} is not converted: "
                           "its tags were removed, the text inside kept")
            line = _JSX_TAG.sub("", line)
            if not line.strip():
                continue
        if _ZOLA.search(line):
            report(number, f"shortcode {_ZOLA.search(line).group(0)[:50]} is not converted: removed")   # type: ignore[union-attr]
            line = _ZOLA.sub("", line)
        out.append(line)
    if alert:
        out.append(":::")
    return "\n".join(out)
