r"""Formulas: TeX between ``$…$``, ``$$…$$``, ``\(…\)``, ``\[…\]``, in top-level amsmath
environments (``\begin{align}`` …) and in ```` ```math ```` fences, turned into MathML when the
site is built: the page needs no script and no web font.

A dollar amount is never a formula (the rule Pandoc uses): an opening ``$`` has a non-space
right after it, a closing ``$`` a non-space right before it and no digit after it, so "$40,000
and $50,000" stays text. ``\$`` is a dollar sign; code spans and code blocks are left alone.

Each formula keeps its TeX in an ``<annotation>`` (copy-paste, and the feeds' form: see
render/feeds.py). TeX that cannot be typeset (unbalanced braces, an unknown command, a
fraction without its denominator…) is an error naming the file and line.
"""

from __future__ import annotations

import html
import re
from typing import Any

from sitegen.errors import SitegenError

ANNOTATION = '<annotation encoding="application/x-tex">'

# amsmath environments latex2mathml lacks, written as one it has: its `align` numbers rows
# from (1) in every formula, which a post could not keep straight, so rows are never numbered
_ENVIRONMENTS = re.compile(r"\\(begin|end)\{(aligned|align\*?|alignat\*?|gather(?:ed)?\*?|multline\*?|flalign\*?|"
                           r"equation\*?|split|eqnarray\*?)\}(?:\{\d+\})?")
# what only numbers rows or loads MathJax extensions (rows are never numbered here): left out
_UNSHOWN = re.compile(r"\\(?:label|require)\{[^{}]*\}|\\(?:nonumber|notag)(?![a-zA-Z])")
_MTEXT = re.compile(r"(<mtext\b[^>]*>)(.*?)</mtext>", re.S)
_EMPTY_ATTR = re.compile(r'\s[\w-]+=""')
_BARE_AMP = re.compile(r"&(?!#?\w+;)")
_STRAY_AMP = re.compile(r"<m[io]\b[^>]*>[^<]*&(?!#?\w+;)")     # `a & b`; `\&` comes as &#x00026;
_ARITY = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}


def _environment(m: re.Match[str]) -> str:
    if m.group(2).startswith("equation"):
        return ""
    return rf"\{m.group(1)}{{align*}}"


def _braces_balance(tex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", tex, re.S):
        if m.group(0) == "{":
            depth += 1
        elif m.group(0) == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _problem(root: Any, stray_amp: bool) -> str | None:
    """What latex2mathml let through that is not a formula, in words, or None."""
    for el in root.iter():
        if not el.tag.startswith("m") and el.tag not in ("semantics", "annotation", "none"):
            return f"'<{el.tag}>' is not MathML"
        text = (el.text or "").strip()
        if el.tag in ("mi", "mo") and text.startswith("\\") and len(text) > 1:
            return f"unknown command '{text}'"
        if el.tag in ("mi", "mo") and text == "&" and stray_amp:
            return "'&' outside an environment with columns (align, aligned, cases, matrix…)"
        want = _ARITY.get(el.tag)
        if want is not None and len(el) != want:
            return f"'{el.tag[1:]}' needs {want} parts and has {len(el)} (a missing {{…}}?)"
    return None


def to_mathml(tex: str, display: bool, file: str | None, line: int | None) -> str:
    """MathML for one formula; raises SitegenError naming the file and line."""
    import xml.etree.ElementTree as ET

    from latex2mathml.converter import convert

    tex = tex.strip()
    shown = tex if len(tex) <= 60 else tex[:57] + "…"

    def fail(why: str) -> SitegenError:
        return SitegenError(f"the formula '{shown}' cannot be typeset: {why}", file=file or None, line=line,
                            hint="fix the TeX; a dollar sign that is not a formula is written \\$")

    if not _braces_balance(tex):
        raise fail("its braces { } do not pair up")
    begins = re.findall(r"\\begin\{([^}]*)\}", tex)
    ends = re.findall(r"\\end\{([^}]*)\}", tex)
    if sorted(begins) != sorted(ends):
        raise fail("each \\begin{…} needs its \\end{…}")
    try:
        raw = convert(_ENVIRONMENTS.sub(_environment, _UNSHOWN.sub("", tex)), display="block" if display else "inline")
    except Exception as err:        # latex2mathml raises its own error types, and IndexError and the like
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(err).__name__).lower().removesuffix(" error")
        raise fail(words + (f" ({err})" if str(err) else "")) from None
    raw = raw.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)
    raw = _EMPTY_ATTR.sub("", raw)        # columnspacing="" (one column): the HTML checker refuses it
    # latex2mathml copies the text of \text{…} and a stray & as they are
    raw = _MTEXT.sub(lambda m: m.group(1) + m.group(2).replace("<", "&lt;").replace(">", "&gt;") + "</mtext>", raw)
    stray_amp = bool(_STRAY_AMP.search(raw))
    raw = _BARE_AMP.sub("&amp;", raw)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as err:
        raise fail(f"it does not make well-formed MathML ({err})") from None
    why = _problem(root, stray_amp)
    if why:
        raise fail(why)
    head, inner = raw[:raw.index(">") + 1], raw[raw.index(">") + 1:-len("</math>")]
    if len(root) != 1:
        inner = f"<mrow>{inner}</mrow>"
    return f"{head}<semantics>{inner}{ANNOTATION}{html.escape(tex, quote=False)}</annotation></semantics></math>"


def _escaped(src: str, pos: int) -> bool:
    n = 0
    while pos - n - 1 >= 0 and src[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _backslash_inline(state: Any, silent: bool) -> bool:
    r"""``\(…\)`` in the text. (``\[…\]`` is display math only where a line starts with it:
    "see \[1\]" in a sentence is CommonMark's way to write brackets, and stays that.)"""
    src, pos = state.src, state.pos
    if not src.startswith("\\(", pos) or _escaped(src, pos):
        return False
    end = src.find("\\)", pos + 2)
    while end >= 0 and _escaped(src, end):
        end = src.find("\\)", end + 1)
    if end < 0 or not src[pos + 2:end].strip():
        return False
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.content = src[pos + 2:end]
        token.markup = "\\("
    state.pos = end + 2
    return True


def _bracket_block(state: Any, start: int, end_line: int, silent: bool) -> bool:
    r"""A ``\[`` at the start of a line opens display math up to the line that ends with ``\]``."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith(r"\[", begin):
        return False
    line = start
    while line < end_line:
        text = state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]].rstrip()
        if line > start and not text:
            return False            # a blank line ends the paragraph first: not a formula
        if text.endswith(r"\]") and (line > start or len(text) >= 4):
            break
        line += 1
    else:
        return False
    if silent:
        return True
    parts = [state.src[state.bMarks[n] + state.tShift[n]:state.eMarks[n]] for n in range(start, line + 1)]
    body = "\n".join(parts).strip()[2:-2]
    token = state.push("math_block", "math", 0)
    token.block, token.content, token.markup, token.map = True, body, r"\[", [start, line + 1]
    state.line = line + 1
    return True


def _convert_all(state: Any) -> None:
    """Typeset every formula of the document (a core rule, so an error stops the render with
    its line): the MathML goes to token.meta for the renderer."""
    env = state.env.get("sitegen") if isinstance(state.env, dict) else None
    file = env.file if env is not None else None
    first = env.first_line if env is not None else 1
    for token in state.tokens:
        if token.type in ("math_block", "amsmath") or (token.type == "fence" and token.info.strip() == "math"):
            line = first + token.map[0] if token.map else None
            token.meta["mathml"] = to_mathml(token.content, True, file, line)
        elif token.type == "inline" and token.children and "math" in {c.tag for c in token.children}:
            cursor = 0
            for child in token.children:
                if child.type not in ("math_inline", "math_inline_double"):
                    continue
                at = token.content.find(child.content, cursor)
                cursor = max(at, cursor)
                line = first + (token.map[0] if token.map else 0) + token.content.count("\n", 0, cursor)
                child.meta["mathml"] = to_mathml(child.content, child.type == "math_inline_double", file, line)


def _render_inline(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    return str(tokens[idx].meta["mathml"])


def render_block(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    return f'<div class="math-display">{tokens[idx].meta["mathml"]}</div>\n'


def use(md: Any) -> None:
    """Add formulas to a MarkdownIt parser (```math fences are the fence renderer's: render_block)."""
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False, allow_blank_lines=False,
                      double_inline=True)
    amsmath_plugin(md)
    md.inline.ruler.before("escape", "sitegen_math_backslash", _backslash_inline)
    md.block.ruler.before("fence", "sitegen_math_bracket", _bracket_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.core.ruler.after("inline", "sitegen_math", _convert_all)
    for name in ("math_inline", "math_inline_double"):
        md.add_render_rule(name, _render_inline)
    for name in ("math_block", "amsmath"):
        md.add_render_rule(name, render_block)
