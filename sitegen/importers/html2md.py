"""HTML to Markdown for WordPress and feed content, with markdownify.

What Markdown cannot say stays HTML, whole and on lines of its own (a CommonMark HTML block
ends at a blank line, so blank lines inside are removed): tables with merged cells or block
content in cells, iframes, figures, video, audio. `|` in table cells is escaped rather than
splitting the cell. Obsolete presentational markup (`<font>`, `<center>`, `frameborder`,
`cellpadding`…) is dropped, so the result passes the Nu Html Checker. Scripts are removed.
Images get alt text and, when a downloader is given, a local copy beside the post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString
from markdownify import MarkdownConverter

from sitegen.importers.images import IMAGE_SUFFIXES, Downloader, DownloadError, local_name
from sitegen.importers.links import alt_from_url

MORE_MARK = "SGMOREMARK"
_RAW_MARK = "SGRAWBLOCK{}X"
KEEP = {"iframe", "video", "audio", "embed", "object", "figure", "details", "math", "svg", "dl"}
DROP = {"script", "style", "noscript", "form", "input", "button", "select", "textarea"}
UNWRAP = {"font", "center", "big", "tt", "strike", "span", "o:p"}
OBSOLETE_ATTRS = {"align", "valign", "bgcolor", "border", "cellpadding", "cellspacing", "frameborder",
                  "scrolling", "marginwidth", "marginheight", "allowtransparency", "hspace", "vspace",
                  "nowrap", "char", "charoff", "axis", "abbr", "longdesc", "name", "type", "language"}
_SIZE_ATTRS = {"width", "height"}
_LANG_CLASS = re.compile(r"^(?:language|lang)-(.+)$")
_CALLOUT_CLASS = re.compile(r"admonition|callout|starlight-aside|theme-admonition|markdown-alert|wp-block-.*notice", re.I)
_CALLOUT_TYPES = {"note": "note", "info": "note", "secondary": "note", "tip": "tip", "success": "tip", "important": "warning",
                  "warning": "warning", "caution": "caution", "danger": "danger", "error": "danger"}
_ANCHOR_TEXT = ("", "#", "¶", "§", "🔗")
# html.parser lowercases attribute names; SVG needs these in camelCase
_SVG_ATTRS = {a.lower(): a for a in ("viewBox", "preserveAspectRatio", "gradientUnits", "gradientTransform", "patternUnits",
                                     "patternTransform", "clipPathUnits", "markerWidth", "markerHeight", "refX", "refY",
                                     "textLength", "lengthAdjust", "stdDeviation", "pathLength", "maskUnits")}
_BRUSH = re.compile(r"brush:\s*([\w+#-]+)")


@dataclass
class Context:
    """What a conversion needs: where to put images, how to report."""

    file: str
    line: int | None
    base_url: str = ""                        # to resolve relative image addresses
    downloader: Downloader | None = None
    files: dict[str, Any] = field(default_factory=dict)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)     # (line, message)
    images: int = 0


def _code_language(el: Tag) -> str:
    for node in (el, el.find("code")):
        if not isinstance(node, Tag):
            continue
        for cls in node.get("class") or []:
            m = _LANG_CLASS.match(str(cls))
            if m:
                return m.group(1)
        m = _BRUSH.search(" ".join(node.get("class") or []))
        if m:
            return m.group(1).lower()
        if node.get("data-lang"):
            return str(node["data-lang"])
    return ""


class _Converter(MarkdownConverter):
    # markdownify's type stubs leave out the per-tag methods: reach them untyped
    def escape(self, text: str, parent_tags: Any) -> str:
        base: Any = super()
        return re.sub(r"<(?=[A-Za-z/!?])", r"\\<", str(base.escape(text, parent_tags)))

    def convert_td(self, el: Tag, text: str, parent_tags: Any) -> str:
        base: Any = super()
        return str(base.convert_td(el, text.replace("|", r"\|"), parent_tags))

    def convert_th(self, el: Tag, text: str, parent_tags: Any) -> str:
        base: Any = super()
        return str(base.convert_th(el, text.replace("|", r"\|"), parent_tags))


def _options() -> dict[str, Any]:
    return {"heading_style": "ATX", "bullets": "-", "newline_style": "BACKSLASH", "code_language_callback": _code_language,
            "escape_underscores": True, "escape_asterisks": True}


def _table_needs_html(table: Tag) -> bool:
    for cell in table.find_all(["td", "th"]):
        if cell.get("colspan") not in (None, "1") or cell.get("rowspan") not in (None, "1"):
            return True
        if cell.find(["p", "ul", "ol", "table", "pre", "blockquote", "div", "h1", "h2", "h3", "h4", "br", "img"]):
            return True
    return bool(table.find("caption")) or len(table.find_all("tr")) < 1


def _clean_attrs(root: Tag) -> None:
    for el in [root, *root.find_all(True)]:
        for attr in list(el.attrs):
            low = attr.lower()
            value = str(el.attrs[attr])
            obsolete = low in OBSOLETE_ATTRS and not (low == "type" and el.name in ("ol", "source", "embed", "object"))
            bad_size = low in _SIZE_ATTRS and (el.name in ("td", "th", "table", "tr", "col") or not value.isdigit())
            if obsolete or bad_size or low.startswith("on"):     # on*: event handlers, never kept
                del el.attrs[attr]


_UNSAFE_IN_ADDRESS = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\t": "%09", "\n": "%0A"}


def markdown_address(url: str) -> str:
    """An address as a Markdown link may hold it: browsers take "My Photo.jpg" in HTML, but in
    CommonMark a space (or a stray parenthesis) ends the link, which is then shown as text."""
    if url.startswith("data:"):
        return url
    return "".join(_UNSAFE_IN_ADDRESS.get(c, c) for c in url.strip())


def _join(base: str, url: str) -> str:
    """`url` resolved against `base`; as written when Python cannot split it ("http://[::1")."""
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def _image(img: Tag, ctx: Context, taken: set[str]) -> None:
    src = str(img.get("src") or img.get("data-src") or "").strip()
    if not src:
        return
    if ctx.base_url and not src.startswith(("http://", "https://", "data:")):
        src = _join(ctx.base_url, src)
    img["src"] = src
    figure = img.find_parent("figure")
    caption = figure.find("figcaption") if figure else None
    if not str(img.get("alt") or "").strip():
        text = str(img.get("title") or "").strip() or (caption.get_text(" ", strip=True) if caption else "")
        img["alt"] = text or alt_from_url(src)
    if ctx.downloader is None or not ctx.downloader.enabled or not src.startswith(("http://", "https://")):
        return
    try:
        data, ext = ctx.downloader.get(src)
    except DownloadError as exc:
        ctx.warnings.append((ctx.line, f"image {src} stays remote: {exc}"))
        return
    name = next((n for n, d in ctx.files.items() if d is data), None) or local_name(src, ext, taken)
    ctx.files[name] = data
    ctx.images += 1
    img["src"] = name
    for attr in ("srcset", "sizes", "data-src"):
        img.attrs.pop(attr, None)
    parent = img.parent
    if isinstance(parent, Tag) and parent.name == "a":
        href = str(parent.get("href") or "")
        if href.lower().split("?")[0].endswith(IMAGE_SUFFIXES) and href.startswith(("http://", "https://")):
            try:
                full, full_ext = ctx.downloader.get(href)
                full_name = next((n for n, d in ctx.files.items() if d is full), None)
                if full_name is None:
                    full_name = local_name(href, full_ext, taken)
                    ctx.images += 1
                ctx.files[full_name] = full
                parent["href"] = full_name
            except DownloadError:
                pass


def _callout(box: Tag, ctx: Context, raw: list[str]) -> bool:
    """A callout rendered by another generator (or by sitegen) becomes a `:::type Title` block again."""
    classes = [str(c) for c in box.get("class") or []]
    if not any(_CALLOUT_CLASS.search(c) for c in classes):
        return False
    kind = next((_CALLOUT_TYPES[t] for c in classes for t in re.split(r"[-_\s]+", c.lower()) if t in _CALLOUT_TYPES), "note")
    head = box.find(class_=re.compile(r"title|heading|label", re.I))
    title = ""
    if isinstance(head, Tag):
        for hidden in head.find_all(class_=re.compile(r"visually-hidden|sr-only|screen-reader", re.I)):
            hidden.decompose()
        title = " ".join(head.get_text(" ", strip=True).split())
        head.decompose()
    if title.lower() in (kind, *(k for k, v in _CALLOUT_TYPES.items() if v == kind)):
        title = ""
    inner = convert(box.decode_contents(), ctx).strip()
    raw.append(f":::{kind}" + (f" {title}" if title else "") + f"\n{inner}\n:::")
    box.replace_with(NavigableString(_RAW_MARK.format(len(raw) - 1)))
    return True


_MATH_MARK = "SGMATH{}X"
# what MathJax and KaTeX read in a page: $$…$$, \[…\], \(…\) and bare environments (\begin{align}…);
# a single $ is left alone, as MathJax leaves it by default ("it cost $5 and $10")
_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(\\begin\{([a-zA-Z]+\*?)\}.+?\\end\{\5\})", re.S)
_MATH_TAGS = re.compile(r"</?(?:br|p|span)\b[^>]*>", re.I)


def _hide_math(html: str, saved: list[str]) -> str:
    r"""Formulas out of the HTML before markdownify, which escaped their `_`, `*` and `\\`: kept byte for
    byte as TeX (entities read, the <br> wpautop put in them dropped), `\(…\)` as `$…$`, `\[…\]` as `$$…$$`."""
    import html as html_lib

    def tex(text: str) -> str:
        return html_lib.unescape(_MATH_TAGS.sub("", text))

    def hide(m: re.Match[str]) -> str:
        display, bracket, inline, env = m.group(1), m.group(2), m.group(3), m.group(4)
        if inline is not None:
            saved.append(f"${tex(inline).strip()}$")
        elif env is not None:         # an environment stands alone: the build reads \begin{align} as it is
            saved.append(f"\n\n{tex(env)}\n\n")
        else:
            saved.append(f"$${tex(display if display is not None else bracket)}$$")
        return _MATH_MARK.format(len(saved) - 1)

    return _MATH.sub(hide, html)


def convert(html: str, ctx: Context) -> str:
    """Markdown for an HTML fragment."""
    formulas: list[str] = []
    html = _hide_math(html, formulas)
    text = _convert(html, ctx)
    for i, formula in enumerate(formulas):
        text = text.replace(_MATH_MARK.format(i), formula)
    return re.sub(r"\n{3,}", "\n\n", text) if formulas else text


def _convert(html: str, ctx: Context) -> str:
    html = re.sub(r"<!--\s*more\b.*?-->", f"<p>{MORE_MARK}</p>", html, flags=re.S | re.I)
    soup = BeautifulSoup(html, "html.parser")
    for c in soup.find_all(string=lambda s: isinstance(s, Comment)):
        c.extract()
    for el in soup.find_all(DROP):
        if el.name in ("script", "form"):
            ctx.warnings.append((ctx.line, f"a <{el.name}> was removed (sitegen pages carry no scripts or forms)"))
        el.decompose()
    raw: list[str] = []
    for box in soup.find_all(["div", "aside", "section", "blockquote"]):    # before spans are unwrapped
        if box.parent is not None:
            _callout(box, ctx, raw)
    for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        own = f"#{heading.get('id')}" if heading.get("id") else None
        for a in heading.find_all("a"):      # the "#" or "¶" anchors generators add to headings
            if a.get_text(strip=True) in _ANCHOR_TEXT:
                a.decompose()
            elif own and str(a.get("href", "")).endswith(own):
                a.unwrap()      # the heading's words as a link to itself (sitegen's, MDN's): the words stay
    for svg in soup.find_all("svg"):
        if svg.get("aria-hidden") == "true":   # a decorative icon says nothing in Markdown
            svg.decompose()
    for el in soup.find_all(UNWRAP):
        el.unwrap()
    if ctx.base_url:          # relative links of a feed item; site paths (/x/) are left to the writer
        for a in soup.find_all("a", href=True):
            href = str(a["href"])
            if href and not href.startswith(("#", "/", "mailto:", "tel:", "data:", "javascript:")):
                a["href"] = _join(ctx.base_url, href)
    taken = set(ctx.files)
    for img in soup.find_all("img"):
        _image(img, ctx, taken)
    for el, attr in [*((a, "href") for a in soup.find_all("a", href=True)),
                     *((i, "src") for i in soup.find_all("img", src=True))]:
        el[attr] = markdown_address(str(el[attr]))

    def keep(el: Tag) -> None:
        _clean_attrs(el)
        for frame in [el] if el.name == "iframe" else el.find_all("iframe"):
            if not frame.get("title"):
                from urllib.parse import urlsplit
                host = urlsplit(str(frame.get("src") or "")).netloc or "another site"
                frame["title"] = f"Embedded content from {host}"
        for node in [el, *el.find_all(True)]:
            if node.name in ("svg", *(n.name for n in node.find_parents("svg"))):
                node.attrs = {_SVG_ATTRS.get(k, k): v for k, v in node.attrs.items()}
        text = re.sub(r"\n\s*\n", "\n", str(el))
        raw.append(text)
        el.replace_with(NavigableString(_RAW_MARK.format(len(raw) - 1)))

    for fig in soup.find_all("figure"):
        if fig.find("table") and not fig.find(["figcaption", "img", "iframe", "video"]):
            fig.unwrap()             # WordPress wraps every table block in a figure: the table alone says it all
    for el in soup.find_all(list(KEEP)):
        if el.parent is not None and not el.find_parent(list(KEEP)):
            keep(el)
    for table in soup.find_all("table"):
        if table.parent is not None and _table_needs_html(table):
            keep(table)
    text = _Converter(**_options()).convert_soup(soup)
    text = re.sub(r"^[ \t]*" + MORE_MARK + r"[ \t]*$", "<!-- more -->", text, flags=re.M)
    for i, block in enumerate(raw):
        text = text.replace(_RAW_MARK.format(i), f"\n\n{block}\n\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    # a callout written as text (GitHub's `> [!NOTE]`, `:::tip[Title]` … `:::`) keeps its lines as the build
    # reads them: no hard-break backslash after the marker, nor before the closing fence
    text = re.sub(r"^(>[ \t]*\[![A-Za-z]+\])\\$", r"\1", text, flags=re.M)
    text = re.sub(r"^(:{3,}[^\n]*?)\\$", r"\1", text, flags=re.M)
    text = re.sub(r"\\\n(:{3,}[ \t]*)$", r"\n\1", text, flags=re.M)
    return text.strip() + "\n"
