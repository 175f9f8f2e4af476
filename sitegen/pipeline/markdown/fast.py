"""The fast path of the Markdown renderer: markdown-it-pyrs (markdown-it's Rust port, about five
times quicker) and a short pass over its HTML, for the posts that use nothing else.

parser.py (markdown-it-py with sitegen's plugins) stays the reference. `render()` takes a post
only when it can tell the two give the same bytes, and returns None for anything it is unsure of:
then the reference renders it. What the fast path cannot do, it leaves to the reference:

- sitegen's plugins: admonitions (`:::`), alerts (`> [!NOTE]`), formulas (`$`, and any
  backslash: `\\(`, `\\[`, `\\begin`; `math` fences), the toolkit's fenced blocks (`chart`,
  `table`, any fence the build renders itself), fence attributes;
- anything the build resolves: images (`![…]`), local links and reference definitions (every
  address must have a scheme or be `#…`), raw HTML (`<`), addresses outside ASCII;
- what markdown-it-pyrs does differently: typographic quotes and replacements (`..`, `--`,
  `+-`, `(c)`) inside inline code (it applies them there), quotes paired across two blocks (it
  pairs them, the reference does not), inline footnotes (`^[…]`), a footnote referred to twice,
  a quote's line without its `>` (lazy continuation), a table right under a line of text or
  under a header without a `|`, a NUL character.

Heading ids and their anchor links, Pygments highlighting and the footnote list's layout are done
here, as parser.py does them. tests/test_fast_markdown.py checks that both give the same bytes on
the golden site, the benchmark corpus and generated posts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sitegen.model import Heading
from sitegen.urls import slugify

if TYPE_CHECKING:       # (parser.py calls this module: no import back, see tests/test_layout.py)
    from sitegen.pipeline.markdown.parser import RenderEnv

Highlight = Callable[[str, str, str], str]      # parser._highlight: (code, language, attributes) -> html or ""

# What sends a post to the reference renderer (see the module's docstring).
_TYPOGRAPHY = r"(?:['\"]|\+-|\.\.|,,|--|[?!]{4}|(?i:\((?:c|r|tm)\)))"
_REFUSE = re.compile(r"<|\$|\\|:::|\[!|!\[|\^\[|\x00|`[^`\n]*" + _TYPOGRAPHY + r"[^`\n]*`")
_TYPOGRAPHIC = re.compile(_TYPOGRAPHY)
_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_ADDRESS = re.compile(r"\]\(\s*([^)\s]*)|^ {0,3}\[(?!\^)[^\]\n]+\]:\s*(\S*)", re.M)
_FENCE = re.compile(r"^ {0,3}(?:`{3,}|~{3,})[ \t]*([^\n]*)$", re.M)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# A line of text, then a line that starts a table (no blank line between). Searched in "\n" + text,
# as `^` in re.M would be: a pattern that starts with a character is searched for at each line
# break, one that starts with `^` (or a group, or an alternation) is tried at every character,
# about four times slower.
_TABLE_AFTER_TEXT = re.compile(r"\n[ \t]*[^\s|][^\n]*\n[ \t]*\|")
# _ADDRESS's two branches apart: a link's address, and (in "\n" + text) a reference definition
_LINK_ADDRESS = re.compile(r"\]\(\s*([^)\s]*)")
_DEFINITION = re.compile(r"\n {0,3}\[(?!\^)[^\]\n]+\]:")
_LAZY_QUOTE = re.compile(r"^ {0,3}>[^\n]*\n(?! {0,3}>|[ \t]*(?:\n|$))", re.M)   # a quote's lazy next line
_OWN_FENCES = ("math",)      # fences the reference's plugins render (math.py: MathML)
_NOTE_REF = re.compile(r"\[\^([^\]]*)\](?!:)")
# Spaces other than ' ' and tab (no-break, ideographic U+3000, em, line separator...) where the two
# disagree: at a line's start or end the reference trims them (as JavaScript's trim() does) and
# markdown-it-pyrs keeps them; beside an emphasis or quote mark they pair it differently
_SPACE = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_ODD_SPACE = re.compile(f"[{_SPACE}]+(?:[ \\t]*(?:\\n|$)|[*_\"'|~`])|(?:^|\\n|[*_\"'|~`])[ \\t]*[{_SPACE}]")
_ANY_SPACE = re.compile(f"[{_SPACE}]")     # (first: _ODD_SPACE's scan cost 0.18 ms a post of the bench corpus)

# Output the two lay out differently (found by tests/test_fast_markdown.py): the reference renders it.
_ODD = re.compile(r"<blockquote>\n</blockquote>")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAG = re.compile(r"<[^>]*>")
_CODE = re.compile(r'<pre><code class="language-([^"]*)">(.*?)</code></pre>\n', re.S)

_MD: Any = None


def accepts(text: str, blocks: Any = (), spaced: re.Pattern[str] | None = None) -> bool:
    """Whether the fast path renders this Markdown exactly as the reference does. spaced: the
    reference's pattern of `[x](a b.md)` links, which it reports (parser._HAS_SPACED, or _SPACED)."""
    if _REFUSE.search(text):
        return False
    if not text.isascii() and _ANY_SPACE.search(text) and _ODD_SPACE.search(text):
        return False        # '\u3000' opening a Japanese paragraph: trimmed by the reference (see _ODD_SPACE)
    if "`" in text and "\n" in text and _code_over_lines(text):
        return False        # `it'\ns`: quotes and replacements inside inline code over two lines (see _REFUSE)
    if spaced is None or spaced.search(text):
        return False        # `[x](a b.md)`: the reference reports it
    if ">" in text and _LAZY_QUOTE.search(text):
        return False        # a line that continues a quote without its '>': the two disagree on some
    if "|" in text and _TABLE_AFTER_TEXT.search("\n" + text):
        return False        # a table right under a line of text: the two disagree on where it starts
    if "-" in text and _headless_table(text):
        return False        # 'a' over ':-': markdown-it-pyrs makes a table of it, the reference a paragraph
    if "[^" in text:
        refs = _NOTE_REF.findall(text)
        if len(refs) != len(set(refs)):
            return False    # a note referred to twice: the two number the second reference differently
    for address in _addresses(text):
        if not address or not (address.startswith("#") or _SCHEME.match(address)) or address.startswith("/"):
            return False
        if not address.isascii():
            return False
    if "```" in text or "~~~" in text:
        for m in _FENCE.finditer(text):
            info = m.group(1).strip()
            if " " in info or "\t" in info or "`" in info or info in blocks or info in _OWN_FENCES:
                return False
    return True


def _addresses(text: str) -> list[str]:
    """The addresses of _ADDRESS.finditer(text), in order: the links' and the reference
    definitions'. A text without a definition (most posts) gets the same from the links' branch
    alone, which is searched for only at each ']('."""
    if "]:" in text and _DEFINITION.search("\n" + text):
        return [m.group(1) if m.group(1) is not None else m.group(2) for m in _ADDRESS.finditer(text)]
    return [m.group(1) for m in _LINK_ADDRESS.finditer(text)]


def _code_over_lines(text: str) -> bool:
    """Inline code that runs over a line break and holds what markdown-it-pyrs would make
    typographic there (a quote, `--`, `..`, ...). A code span opens at a run of backticks and
    closes at the next run of the same length in its paragraph; fenced blocks are not spans."""
    if "``" in text or "~~~" in text:
        text = _FENCED.sub("", text)
    for block in _BLANK_LINE.split(text):
        if "\n" not in block:
            continue
        runs = list(_TICKS.finditer(block))
        i = 0
        while i < len(runs):
            width = len(runs[i].group())
            close = next((k for k in range(i + 1, len(runs)) if len(runs[k].group()) == width), None)
            if close is None:
                i += 1
                continue
            inner = block[runs[i].end():runs[close].start()]
            if "\n" in inner and _TYPOGRAPHIC.search(inner):
                return True
            i = close + 1
    return False




# a line (not the first) that could be a delimiter row, found by its line break: a search for the
# row's pattern in each line, lines split apart, was most of the check
_DELIMITER_LINE = re.compile(r"\n([ \t]*[|:-][|: \t-]*)(?=\n|\Z)")


def _headless_table(text: str) -> bool:
    """A line of text without a '|' over a table's delimiter row (':-', '-:|', '|:-:'; a row of
    dashes alone is a heading's underline for both)."""
    for m in _DELIMITER_LINE.finditer(text):
        row = m.group(1)
        if "-" in row and ("|" in row or ":" in row):
            above = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
            if "|" not in above and above.strip():
                return True
    return False


def _md() -> Any:
    global _MD
    if _MD is None:
        import markdown_it_pyrs
        _MD = markdown_it_pyrs.MarkdownIt("commonmark").enable_many(
            ["table", "strikethrough", "footnote", "replacements", "smartquotes"])
    return _MD


def available() -> bool:
    try:
        _md()
    except ImportError:
        return False
    return True


def _attr(text: str) -> str:
    """Escaped as markdown-it escapes attribute values (&, <, > and ")."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def render(text: str, env: RenderEnv, *, highlight: Highlight, spaced: re.Pattern[str]) -> str | None:
    """The HTML of `text` as parser.render gives it (with env.headings filled), or None when
    the fast path does not take it. highlight and spaced: parser's (_highlight, _HAS_SPACED)."""
    if not accepts(text, env.blocks, spaced):
        return None
    try:
        out: str = _md().render(text)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:       # (a panic in the Rust code is a BaseException): the reference renders it
        return None
    if _ODD.search(out):
        return None
    if ("\u201c" in out or "\u2018" in out or "\u201d" in out) and _quotes_across_blocks(out):
        return None
    seen: dict[str, int] = {}
    headings: list[Heading] = []

    def heading(m: re.Match[str]) -> str:
        level, inner = int(m.group(1)), m.group(2)
        words = html.unescape(_TAG.sub("", inner).replace("\n", ""))      # (a line break is no text)
        base = slugify(words) or "section"
        count = seen.get(base, 0)
        seen[base] = count + 1
        slug = base if count == 0 else f"{base}-{count}"
        headings.append(Heading(level, slug, words))
        if level >= 2 and inner and "<a " not in inner:       # (as parser._heading_ids: not around a link)
            inner = f'<a class="heading-anchor" href="#{_attr(slug)}">{inner}</a>'
        return f'<h{level} id="{_attr(slug)}">{inner}</h{level}>'

    if "<h" in out:
        if "<sup" in out and _has_sup_in_heading(out):
            return None
        out = _HEADING.sub(heading, out)

    def code(m: re.Match[str]) -> str:
        lit = highlight(html.unescape(m.group(2)), html.unescape(m.group(1)), "")
        return lit + "\n" if lit else m.group(0)

    if "<pre><code class=" in out:
        out = _CODE.sub(code, out)
    if 'class="footnote-item">\n' in out:
        out = out.replace('class="footnote-item">\n', 'class="footnote-item">')
    env.headings.extend(headings)
    return out


_BLOCK_TAG = re.compile(r"</?(?:p|li|h[1-6]|td|th|blockquote|ul|ol|pre|table|thead|tbody|tr|hr|section|div)\b[^>]*>")
_CURLY = re.compile("[\u201c\u201d\u2018\u2019]")


def _quotes_across_blocks(out: str) -> bool:
    """Whether markdown-it-pyrs may have paired typographic quotes across blocks: it carries its
    quote stack from one paragraph (heading, item, cell) to the next, so '"a' and 'b"' in two
    paragraphs become \u201ca and b\u201d, where the reference pairs quotes within one block and
    leaves the others straight. Such a pair leaves an opening quote unclosed in its block, or a
    closing double quote with no opening one: then the reference renders the post. (A single
    closing quote alone is an apostrophe.)"""
    for segment in _BLOCK_TAG.split(out):
        double = single = 0
        for m in _CURLY.finditer(segment):
            ch = m.group(0)
            if ch == "\u201c":
                double += 1
            elif ch == "\u201d":
                if not double:
                    return True
                double -= 1
            elif ch == "\u2018":
                single += 1
            elif single:
                single -= 1
        if double or single:
            return True
    return False


def _has_sup_in_heading(out: str) -> bool:
    return any("<sup" in m.group(2) for m in _HEADING.finditer(out))
