"""WordPress post content to plain HTML: block comments, shortcodes, wpautop.

Classic posts are stored without `<p>` tags (WordPress adds them on display: wpautop), so
paragraphs are made from blank lines here. `[caption]` becomes a figure, `[gallery]` the
images it shows, `[embed]` and a bare URL on its own line a link, `[code]`/`[sourcecode]` a
code block. Other shortcodes are left as text and reported with their line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitegen.importers.links import alt_from_url

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*?-->\n?", re.S)
_BLOCK_TAGS = (r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|"
               r"blockquote|address|math|style|script|p|h[1-6]|hr|fieldset|legend|section|article|aside|header|"
               r"footer|nav|figure|figcaption|details|summary|iframe|video|audio|object|embed|!--)")
_STARTS_BLOCK = re.compile(r"^\s*</?" + _BLOCK_TAGS + r"\b", re.I)
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)
_CODE_SC = re.compile(r"\[(code|sourcecode|source)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
_EMBED = re.compile(r"\[embed\b[^\]]*\]\s*(.*?)\s*\[/embed\]", re.S | re.I)
_BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
_OPEN = re.compile(r"(?<!\[)\[([a-z][\w-]*)((?:\s[^\]\n]*)?)\]", re.I)
_CLOSE = re.compile(r"\[/([a-z][\w-]*)\]", re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_MEDIA = re.compile(r"\[(video|audio)\b([^\]]*)\](?:\s*\[/\1\])?", re.I)
_WP_IMAGE = re.compile(r"""<img\b[^>]*?\bclass=["'][^"']*\bwp-image-(\d+)\b[^>]*>""", re.I)
_SRC = re.compile(r"""(\ssrc=)(["'])([^"']*)\2""", re.I)
_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+(?:\?.*)?$)")


@dataclass(frozen=True)
class Attachment:
    id: str
    url: str
    title: str
    alt: str
    caption: str
    parent: str
    order: int


def attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(text)}


def line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def autop(text: str) -> str:
    """Paragraphs from blank lines, <br> from single newlines, as WordPress shows classic posts."""
    saved: list[str] = []

    def save(m: re.Match[str]) -> str:
        saved.append(m.group(0))
        return f"\x00{len(saved) - 1}\x00"

    text = _PRE.sub(save, text.replace("\r\n", "\n"))
    out = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        if not chunk.strip():
            continue
        if _STARTS_BLOCK.match(chunk) or re.fullmatch(r"\s*\x00\d+\x00\s*", chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"(?<!>)\n(?!<)", "<br>\n", chunk.strip()) + "</p>")
    result = "\n\n".join(out)
    return re.sub(r"\x00(\d+)\x00", lambda m: saved[int(m.group(1))], result)


def _gallery(m: re.Match[str], post_id: str, attachments: dict[str, Attachment],
             report: Callable[[str], None]) -> str:
    a = attrs(m.group(1))
    ids = a.get("ids") or a.get("include")          # `include` is the older name
    if ids:
        wanted = [i.strip() for i in ids.split(",") if i.strip()]
        missing = [i for i in wanted if i not in attachments]
        if missing:     # an export of posts only, or of one period, leaves attachments out
            report(f"[gallery]: image(s) {', '.join(missing)} are not in the export (export 'All content' "
                   "to bring them): left out")
        chosen = [attachments[i] for i in wanted if i in attachments]
    else:
        attached = [x for x in attachments.values() if x.parent == post_id]
        chosen = sorted(attached, key=lambda x: (x.order, int(x.id) if x.id.isdigit() else 0))
    parts = []
    for x in chosen:
        title = x.title if " " in x.title.strip() else alt_from_url(x.title, x.title)   # "cabin-thermometer"
        alt = html.escape(x.alt or x.caption or title, quote=True)
        parts.append(f'<p><img src="{html.escape(x.url, quote=True)}" alt="{alt}"></p>')
    return "\n\n".join(parts)


def _caption(m: re.Match[str]) -> str:
    a = attrs(m.group(2))
    inner = m.group(3).strip()
    imgs = list(_IMG.finditer(inner))
    # the image (with the link around it, if any) is the first element; the rest is the caption
    img_part = re.match(r"\s*(<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>)", inner, re.I)
    if img_part is None and not imgs:
        return inner
    picture = img_part.group(1) if img_part else imgs[0].group(0)
    caption = (inner[img_part.end():] if img_part else inner.replace(picture, "")).strip() or a.get("caption", "")
    if caption:
        return f"<figure>{picture}<figcaption>{caption}</figcaption></figure>"
    return f"<figure>{picture}</figure>"


def _code(m: re.Match[str]) -> str:
    a = attrs(m.group(2))
    lang = a.get("language") or a.get("lang") or ""
    body = html.unescape(m.group(3).strip("\n"))
    cls = f' class="language-{html.escape(lang, quote=True)}"' if lang else ""
    return f"<pre><code{cls}>{html.escape(body, quote=False)}</code></pre>"


def _media(m: re.Match[str]) -> str:
    """`[video src=…]`, `[audio mp3=…]`: the player WordPress shows, as HTML5 (a link when there is no file)."""
    a = attrs(m.group(2))
    kind = m.group(1).lower()
    keys = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv") if kind == "video" else ("src", "mp3", "m4a", "ogg", "wav", "wma")
    # `[audio https://…/a.mp3]`: the address as the positional argument (what WordPress's own editor writes)
    positional = next((w.strip("\"'") for w in m.group(2).split() if re.match(r"[\"']?https?://", w) and "=" not in w), "")
    url = next((a[k] for k in keys if a.get(k)), "") or positional
    if not url:
        return m.group(0)
    src = html.escape(url, quote=True)
    return f'<figure><{kind} controls src="{src}"><a href="{src}">{html.escape(alt_from_url(url, url))}</a></{kind}></figure>'


_VIDEO_HOSTS = {"youtube.com": "YouTube", "youtu.be": "YouTube", "youtube-nocookie.com": "YouTube", "vimeo.com": "Vimeo"}


def _embed_link(url: str) -> str:
    """What WordPress embeds (`[embed]URL[/embed]`, a URL alone on its line) as a plain link: a video of
    YouTube or Vimeo as "Watch on YouTube", which makes no request to them until the reader clicks."""
    from urllib.parse import urlsplit
    try:
        host = urlsplit(url).netloc.lower().removeprefix("www.").removeprefix("m.").removeprefix("player.")
    except ValueError:
        host = ""
    text = f"Watch on {_VIDEO_HOSTS[host]}" if host in _VIDEO_HOSTS else url
    return f'<p><a href="{html.escape(url, quote=True)}">{html.escape(text)}</a></p>'


def _original_images(text: str, attachments: dict[str, Attachment]) -> str:
    """An image WordPress resized (`photo-1024x768.jpg`, class `wp-image-N`) points at its attachment's
    original: sitegen makes its own sizes, from the best copy there is."""
    def swap(m: re.Match[str]) -> str:
        att = attachments.get(m.group(1))
        if att is None:
            return m.group(0)

        def src(s: re.Match[str]) -> str:
            url = html.unescape(s.group(3))
            same = _RESIZED.sub("", url) == att.url and url != att.url
            return f"{s.group(1)}{s.group(2)}{html.escape(att.url, quote=True)}{s.group(2)}" if same else s.group(0)
        return _SRC.sub(src, m.group(0), count=1)
    return _WP_IMAGE.sub(swap, text)


def to_html(content: str, post_id: str, attachments: dict[str, Attachment], report: list[tuple[int, str]]) -> str:
    """Plain HTML for a post's `content:encoded`; `report` gets (line, message) for what was left as text."""
    gutenberg = "<!-- wp:" in content
    text = _BLOCK_COMMENT.sub("", content.replace("\r\n", "\n"))
    text = _CODE_SC.sub(_code, text)
    text = _CAPTION.sub(_caption, text)
    def gallery(m: re.Match[str]) -> str:
        at = content.find(m.group(0))
        return _gallery(m, post_id, attachments,
                        lambda message: report.append((line_at(content, at) if at >= 0 else 1, message)))

    text = _GALLERY.sub(gallery, text)
    text = _MEDIA.sub(_media, text)
    text = _original_images(text, attachments)
    text = _EMBED.sub(lambda m: _embed_link(m.group(1)), text)
    text = _BARE_URL.sub(lambda m: _embed_link(m.group(1)), text)
    for m, closed in _shortcodes_left(text):
        if closed or "=" in m.group(2) or _alone_on_line(text, m):
            report.append((line_at(content, content.find(m.group(0)[:40]) if m.group(0)[:40] in content else 0),
                           f"shortcode [{m.group(1)}] is not converted: left as text"))
    text = text.replace("[[", "[").replace("]]", "]") if re.search(r"\[\[[a-z]", text) else text
    return text if gutenberg else autop(text)


def _shortcodes_left(text: str) -> list[tuple[re.Match[str], bool]]:
    """Every `[name …]` left in the text and whether a `[/name]` closes it (what is inside a closed one
    is skipped). A closing tag is looked for only when the text has one: a transcript with hundreds of
    `[laughs]` took seconds when each scanned the rest of the post."""
    lower = text.lower()
    closers = {n.lower() for n in _CLOSE.findall(text)}
    found: list[tuple[re.Match[str], bool]] = []
    pos = 0
    while (m := _OPEN.search(text, pos)) is not None:
        name = m.group(1).lower()
        end = lower.find(f"[/{name}]", m.end()) if name in closers else -1
        found.append((m, end >= 0))
        pos = end + len(name) + 3 if end >= 0 else m.end()
    return found


def _alone_on_line(text: str, m: re.Match[str]) -> bool:
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return text[start:end if end >= 0 else len(text)].strip() == m.group(0).strip()
