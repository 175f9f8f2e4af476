"""The one Markdown setup: CommonMark plus tables, footnotes, strikethrough, smart quotes,
heading ids with anchor links, Pygments highlighting with CSS classes, and sitegen's own
fenced blocks (``chart``, ``table``), admonitions (``:::note`` … ``:::`` and alerts, admonitions.py)
and formulas as MathML (``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``, math.py).

`render()` also reports the headings (for a table of contents) and every local link the
text made, so callers can check and resolve them.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sitegen.model import Heading
from sitegen.pipeline.markdown import admonitions, labels, math
from sitegen.urls import slugify

# Bump when the rendering changes in a way that must invalidate cached HTML.
RENDER_VERSION = "13"    # 4-5: images through the image pipeline; 6: unparsed links with spaces; 7: video;
#                         8: formulas, callouts as other tools write them; 9: labels in the post's language;
#                         10: a heading's words are its anchor; 11: heading ids keep the marks of Indic, Thai
#                         and Cyrillic letters (urls.slugify); 12: a summary passes over a photo alone;
#                         13: a summary's image loads lazily on the lists

LinkResolver = Callable[[str, int | None], str]
BlockRenderer = Callable[[str, str, int], str]   # (info, body, file line) -> html
ImageRenderer = Callable[[str, str, str, int | None], str | None]   # (src, alt, title, line) -> html


@dataclass
class RenderEnv:
    """What one render needs from outside, and what it records."""

    file: str = ""
    first_line: int = 1                       # file line of the body's first line
    resolve_link: LinkResolver | None = None  # local href/src -> final URL (may raise)
    resolve_media: LinkResolver | None = None  # the same for images, video and sound (else resolve_link)
    blocks: dict[str, BlockRenderer] = field(default_factory=dict)
    image: ImageRenderer | None = None        # renders local images (resolving them itself)
    headings: list[Heading] = field(default_factory=list)
    spaced: list[tuple[str, str, int | None]] = field(default_factory=list)   # (written, address, line): see _SPACED
    language: str = "en"                      # of the labels the Markdown writes itself (labels.py)
    gettext: Callable[[str], str] | None = None     # a site's own catalogues (else the default theme's)

    def say(self, message: str, **values: str) -> str:
        """A message of labels.MESSAGES in this render's language."""
        if self.gettext is not None:
            text = self.gettext(message)
        else:
            text = message if self.language == "en" else labels.gettext(self.language)(message)
        return text % values if values else text


def _highlight(code: str, lang: str, attrs: str) -> str:
    lang = (lang or "").strip()
    if not lang:
        return ""
    lexer_class = _lexer_class(lang)
    if lexer_class is None:
        return ""
    from pygments import highlight
    body = highlight(code, lexer_class(stripnl=False), _formatter())
    return (f'<pre class="highlight"><code class="language-{html.escape(lang, quote=True)}">'
            f"{body}</code></pre>\n")


# Pygments' lookup of a lexer by name walks its whole table (0.05-0.5 ms a block), and an
# HtmlFormatter builds its style sheet as it is made (0.4 ms): both once a process. The class is
# kept, not the lexer: a few lexers keep what one text set (Modula-2's dialect, MIME's boundary),
# so each block gets a new one (a few microseconds). The formatter holds only its options and a
# memo of the <span> each token type opens.
@functools.lru_cache(maxsize=512)
def _lexer_class(lang: str) -> Any:
    """The class get_lexer_by_name(lang) instantiates (the same lookup), or None for a language
    Pygments does not know."""
    from pygments.lexers import find_lexer_class_by_name
    from pygments.util import ClassNotFound
    try:
        return find_lexer_class_by_name(lang)
    except ClassNotFound:
        return None


@functools.cache
def _formatter() -> Any:
    from pygments.formatters import HtmlFormatter
    return HtmlFormatter(nowrap=True)


def _heading_ids(state: Any) -> None:
    from markdown_it.token import Token
    env: RenderEnv | None = state.env.get("sitegen") if isinstance(state.env, dict) else None
    seen: dict[str, int] = {}
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[i + 1]
        text = "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline"))
        base = slugify(text) or "section"
        count = seen.get(base, 0)
        seen[base] = count + 1
        slug = base if count == 0 else f"{base}-{count}"
        token.attrSet("id", slug)
        level = int(token.tag[1])
        if env is not None:
            env.headings.append(Heading(level, slug, text))
        if level >= 2 and inline.children and not any(map(_makes_link, inline.children)):
            # the heading's words link to it (its accessible name is theirs); a heading that
            # holds a link of its own gets none (a link may not hold another)
            link_open = Token("link_open", "a", 1)
            link_open.attrSet("class", "heading-anchor")
            link_open.attrSet("href", f"#{slug}")
            inline.children.insert(0, link_open)
            inline.children.append(Token("link_close", "a", -1))


_RAW_LINK = re.compile(r"<a[\s>/]", re.I)


def _makes_link(token: Any) -> bool:
    """Whether an inline token writes a link: a Markdown link or autolink, a footnote's mark, raw <a>."""
    return token.type in ("link_open", "footnote_ref") or (token.type == "html_inline" and bool(_RAW_LINK.match(token.content)))


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def is_local(url: str) -> bool:
    return bool(url) and not url.startswith(("#", "//", "/")) and not _SCHEME.match(url)


def is_rooted(url: str) -> bool:
    """A path from the site's root ("/images/a.png"); "//host/path" is another site's."""
    return url.startswith("/") and not url.startswith("//")


def is_site_file(url: str) -> bool:
    return is_local(url) or is_rooted(url)


_HTML_TAG = re.compile(r"<([A-Za-z][\w-]*)(\s[^<>]*)>", re.S)
_HTML_ATTR = re.compile(r"""(\s(href|src|poster|srcset)\s*=\s*)(["'])(.*?)\3""", re.I | re.S)


def _rewrite_html(text: str, resolve: LinkResolver, line: int | None, media: LinkResolver | None = None) -> str:
    """Resolve the local href, src, poster and srcset attributes of raw HTML written in a post
    (src, poster and srcset name images, video and sound: `media` resolves those)."""
    media = media or resolve

    def fix_tag(t: re.Match[str]) -> str:
        at = None if line is None else line + text.count("\n", 0, t.start())

        def fix(m: re.Match[str]) -> str:
            name, value = m.group(2).lower(), html.unescape(m.group(4))
            how = resolve if name == "href" or t.group(1).lower() in ("a", "area", "link") else media
            if name == "srcset":
                out = []
                for candidate in value.split(","):
                    url, _, size = candidate.strip().partition(" ")
                    out.append((how(url, at) if is_site_file(url) else url) + (" " + size.strip() if size else ""))
                resolved = ", ".join(out)
            elif is_site_file(value):
                resolved = how(value, at)
            else:
                return m.group(0)
            return m.group(1) + m.group(3) + html.escape(resolved, quote=True) + m.group(3)

        return "<" + t.group(1) + _HTML_ATTR.sub(fix, t.group(2)) + ">"

    return _HTML_TAG.sub(fix_tag, text)


# `![A car](My car.jpg)`: CommonMark takes no space in an address (it must be `<My car.jpg>` or
# `My%20car.jpg`), so this stays text and the page shows it as written. Found in the text the
# parser left: an image always, a link when its address ends like a file name.
_SPACED_LINK = r"\[[^\]\n]*\]\(([^()\n]*\S\s+\S[^()\n]*)\)"
_SPACED = re.compile(r"(!?)" + _SPACED_LINK)
# Whether a text holds one at all (what the fast path asks): the same search without the
# optional '!', which made it try the pattern at every character (about eight times slower).
_HAS_SPACED = re.compile(_SPACED_LINK)
_FILE_END = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def _local_links(state: Any) -> None:
    env: RenderEnv | None = state.env.get("sitegen") if isinstance(state.env, dict) else None
    if env is None or env.resolve_link is None:
        return
    for block in state.tokens:
        line = env.first_line + block.map[0] if block.map else None
        if block.type == "html_block":
            block.content = _rewrite_html(block.content, env.resolve_link, line, env.resolve_media)
            continue
        if block.type != "inline" or not block.children:
            continue
        for tok in block.children:
            if tok.type == "text" and "](" in tok.content:
                env.spaced.extend((m.group(0), m.group(2).strip(), line) for m in _SPACED.finditer(tok.content)
                                  if m.group(1) or _FILE_END.search(m.group(2).strip()))
                continue
            if tok.type == "html_inline":
                tok.content = _rewrite_html(tok.content, env.resolve_link, line, env.resolve_media)
                continue
            attr = "href" if tok.type == "link_open" else "src" if tok.type == "image" else None
            if attr is None:
                continue
            if tok.type == "image" and env.image is not None:
                tok.meta["line"] = line     # the image rule resolves it, with its line
                continue
            url = str(tok.attrGet(attr) or "")
            if is_site_file(url):
                how = env.resolve_media if attr == "src" and env.resolve_media else env.resolve_link
                tok.attrSet(attr, how(url, line))


def _fence(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    info = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
    if "mathml" in token.meta:      # ```math
        return math.render_block(self, tokens, idx, options, env)
    senv: RenderEnv | None = env.get("sitegen") if isinstance(env, dict) else None
    if senv is not None and info in senv.blocks:
        line = senv.first_line + (token.map[0] if token.map else 0)
        block: str = senv.blocks[info](info, token.content, line)
        return block
    default: str = self._default_fence(tokens, idx, options, env)
    return default


def _image(self: Any, tokens: list[Any], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    senv: RenderEnv | None = env.get("sitegen") if isinstance(env, dict) else None
    if senv is not None and senv.image is not None:
        alt = self.renderInlineAsText(token.children or [], options, env)
        out = senv.image(str(token.attrGet("src") or ""), alt, str(token.attrGet("title") or ""),
                         token.meta.get("line"))
        if out is not None:
            return out
    return str(self._default_image(tokens, idx, options, env))


def make_markdown() -> Any:
    # imported here: a build that finds every post in its cache never loads the parser
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"typographer": True, "html": True, "highlight": _highlight})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.use(footnote_plugin)
    admonitions.use(md)
    math.use(md)
    md.core.ruler.push("sitegen_heading_ids", _heading_ids)
    md.core.ruler.push("sitegen_local_links", _local_links)
    renderer: Any = md.renderer       # RendererHTML; markdown-it types it as a protocol without `rules`
    renderer._default_fence = renderer.rules["fence"]
    renderer.rules["fence"] = _fence.__get__(renderer)
    renderer._default_image = renderer.rules["image"]
    renderer.rules["image"] = _image.__get__(renderer)
    return md


_MD: Any = None


def render(text: str, env: RenderEnv) -> str:
    global _MD
    # the same bytes, quicker, for the posts the fast path takes (markdown-it-pyrs; fast.py)
    from sitegen.pipeline.markdown import fast
    quick = fast.render(text, env, highlight=_highlight, spaced=_HAS_SPACED)
    if quick is not None:
        return quick
    if _MD is None:
        _MD = make_markdown()
    html: str = _MD.render(text, {"sitegen": env})
    return html


_TAG = re.compile(r"<[^>]+>")
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>', re.S)
ANCHOR = re.compile(r'<a class="heading-anchor" href="[^"]*">(.*?)</a>', re.S)     # a heading's link to itself
_FIRST_P = re.compile(r"<p>.*?</p>", re.S)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
MORE = "<!-- more -->"


_ANNOTATION = re.compile(r"<annotation\b.*?</annotation>", re.S)


def plain_text(fragment: str) -> str:
    if "<annotation" in fragment:       # a formula's TeX source, beside its MathML
        fragment = _ANNOTATION.sub("", fragment)
    return html.unescape(_TAG.sub("", fragment)).strip()


def summary_of(body_html: str) -> str:
    """The text before `<!-- more -->`, else the first paragraph with words (a post that opens with
    a photo alone is summed up by the text under it, not by an empty description)."""
    if MORE in body_html:
        part = body_html.split(MORE, 1)[0]
    else:
        paragraphs = _FIRST_P.finditer(admonitions.without_callouts(body_html))
        first = next(paragraphs, None)
        part = first.group(0) if first else ""
        if part and "<img" in part and not plain_text(part):
            part = next((m.group(0) for m in paragraphs if plain_text(m.group(0))), part)
    part = _FOOTNOTE_REF.sub("", part)
    # an image the post loads first (its first, fetchpriority="high") is one of ten on a list page
    part = part.replace(' fetchpriority="high"', ' loading="lazy"')
    return ANCHOR.sub(r"\1", part).strip()


def count_words(body_html: str) -> tuple[int, int]:
    """(words, CJK characters) of the readable text; code blocks count too. A word is a match of
    _WORD in the text with each CJK character made a space."""
    text = plain_text(body_html)
    raw = text.encode("ascii", "replace")      # a byte a character: '?' for each one outside ASCII
    others = 0 if text.isascii() else raw.count(b"?")
    if others * 6 > len(text):       # mostly outside ASCII (Chinese, Greek...): the patterns are quicker
        cjk = len(_CJK.findall(text))
        return len(_WORD.findall(_CJK.sub(" ", text) if cjk else text)), cjk
    return _count_words_quickly(text, raw, others)


# What each ASCII character is to _WORD: a letter or digit ('a'), a joiner ("c": ' or -) or neither (' ').
_CLASSES = bytes(ord("a") if chr(i).isalnum() and i < 128 else ord("c") if chr(i) in "'-" else ord(" ")
                 for i in range(256))
_CHAIN_AFTER_JOINER = re.compile(rb"c(?<!ac)(?=a)")     # a word that starts after a joiner


def _count_words_quickly(text: str, raw: bytes, others: int) -> tuple[int, int]:
    """count_words without a regular expression over each character (ten times quicker): each
    character becomes a byte of its class (_CLASSES; the few outside ASCII one by one), and a word
    starts at each letter that follows neither a letter nor a joiner after a letter. raw:
    text.encode("ascii", "replace"); others: how many '?' in it stand for another character."""
    classes = raw.translate(_CLASSES)
    cjk = 0
    if others:
        classes_of = bytearray(classes)
        i = raw.find(b"?")
        while i != -1:
            char = text[i]
            if char > "\x7f":
                if _CJK.match(char):
                    cjk += 1            # (a space, as '?' is)
                elif char == "\u2019":        # ’
                    classes_of[i] = ord("c")
                elif char.isalnum():    # (what [^\W_] takes: \w is isalnum() and '_')
                    classes_of[i] = ord("a")
            i = raw.find(b"?", i + 1)
        classes = bytes(classes_of)
    words = classes.count(b" a") + classes.startswith(b"a") + len(_CHAIN_AFTER_JOINER.findall(classes))
    return words, cjk


def reading_minutes(words: int, cjk_chars: int, words_per_minute: int) -> int:
    """Latin-script words at the configured pace; CJK characters at about 500 a minute."""
    minutes = words / words_per_minute + cjk_chars / 500
    return max(1, round(minutes))
