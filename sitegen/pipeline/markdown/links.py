"""Turn validated post drafts into rendered `Post` values.

Local links are resolved here: `[x](other.md)` becomes the other post's URL, images and files
next to a post keep working from the post's page, and a link to something that does not exist
is an error naming the post's file and line.
"""

from __future__ import annotations

import html as _html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sitegen import urls
from sitegen.config import Config
from sitegen.errors import Problem, SitegenError
from sitegen.model import Post
from sitegen.pipeline.markdown import parser as markdown
from sitegen.pipeline.markdown import textcheck
from sitegen.pipeline.markdown.images import PostImages
from sitegen.pipeline.read.content import PostDraft
from sitegen.pipeline.values import Rendered


class Document(Protocol):
    """What rendering reads of a post or a standalone page."""

    @property
    def source(self) -> str: ...
    @property
    def content_rel(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def body(self) -> str: ...
    @property
    def body_line(self) -> int: ...
    @property
    def cover(self) -> str: ...
    @property
    def cover_line(self) -> int | None: ...
    @property
    def summary(self) -> str | None: ...


@dataclass(frozen=True)
class LinkTargets:
    """What a post or page may link to: published posts and pages by source file, and content files."""

    post_urls: Mapping[str, str]      # content-relative .md path -> post or page URL
    unpublished: frozenset[str]       # drafts and future posts (content-relative)
    assets: frozenset[str]            # content-relative paths
    renamed: Mapping[str, str] = field(default_factory=dict)   # content files published under another name (HEIC)
    images: Any = None                # the build's ImageTable (sitegen.images.stage), when images are rendered
    image_keys: Mapping[str, str] = field(default_factory=dict)  # site URL of an image -> key of its variants

    def spelled_otherwise(self, target: str) -> str | None:
        """The content path that is `target` in another Unicode form: a file copied from a Mac
        has its accents decomposed (NFD: "e" + U+0301) where the writer typed "é" (NFC), or the
        other way round. Both are the same name to the writer and to macOS, not to Linux."""
        import unicodedata
        folded: dict[str, str] | None = self.__dict__.get("_folded")
        if folded is None:
            folded = {unicodedata.normalize("NFC", p): p for group in (self.assets, self.post_urls, self.unpublished)
                      for p in group if not p.isascii()}
            object.__setattr__(self, "_folded", folded)
        return folded.get(unicodedata.normalize("NFC", target))


# what a path from the site root must find under content/ (or static/): files a page shows
_MEDIA = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|heic|heif|tiff?|bmp|ico|mp4|m4v|webm|ogv|mov|mp3|m4a|ogg|oga|"
                    r"opus|wav|flac|aac)$", re.I)


def site_target(draft: Document, targets: LinkTargets, url: str, line: int | None, what: str = "link") -> str:
    """The site URL a local link in a post points to (fragment and query kept), or an error.
    A path from the site root is checked when it names an image, a video or a sound file."""
    from urllib.parse import unquote

    from sitegen.pipeline.read.content import closest
    path, sep, fragment = url.partition("#")
    path, qsep, query = path.partition("?")
    tail = (qsep + query if qsep else "") + (sep + fragment if sep else "")
    if url.startswith("/"):
        rel = unquote(path).lstrip("/")
        if rel in targets.assets:
            return urls.file_url(targets.renamed.get(rel, rel)) + tail
        if _MEDIA.search(rel) and not rel.startswith("static/"):
            raise SitegenError(f"the {what} '{url}' points to a file that does not exist (content/{rel})",
                               file=draft.source, line=line,
                               hint="add the file under content/ or fix the path (a path that starts with / is "
                                    "read from content/)")
        return path + tail
    target = posixpath.normpath(posixpath.join(posixpath.dirname(draft.content_rel), unquote(path)))
    if target == ".." or target.startswith("../"):
        raise SitegenError(f"the link '{url}' points outside content/", file=draft.source, line=line,
                           hint="link to files inside content/, relative to this post")
    if not target.isascii() and target not in targets.assets and target not in targets.post_urls:
        target = targets.spelled_otherwise(target) or target
    if target.endswith(".md"):
        if target in targets.post_urls:
            return targets.post_urls[target] + (sep + fragment if sep else "")
        if target in targets.unpublished:
            raise SitegenError(f"the link '{url}' points to a draft or future post or page", file=draft.source, line=line,
                               hint="publish that post, remove the link, or build with --drafts/--future")
        kind = "page" if target.startswith("pages/") else "post"
        known = [p.rsplit("/", 1)[-1] for p in targets.post_urls if p.startswith(kind + "s/")]
        raise SitegenError(f"the link '{url}' points to a {kind} that does not exist (content/{target})",
                           file=draft.source, line=line,
                           hint=f"check the file name; {kind}s with a close name: {closest(target.rsplit('/', 1)[-1], known)}")
    if target in targets.assets:
        return urls.file_url(targets.renamed.get(target, target)) + tail
    raise SitegenError(f"the {what} '{url}' points to a file that does not exist (content/{target})",
                       file=draft.source, line=line,
                       hint="add the file under content/ or fix the path (it is relative to the post's folder)")


def render_markdown(draft: Document, targets: LinkTargets, blocks: Mapping[str, Any] | None = None,
                    expand: Any = None, language: str = "en", *, gettext: Any = None) -> Rendered:
    """Render one post's Markdown; local links are resolved and recorded. Every broken link and
    image of the post is reported, together, in one SitegenError. language: of the labels the
    Markdown writes itself (heading anchors, callout titles); gettext: where they come from, when
    a site has catalogues of its own (convert.words_of)."""
    unfit = textcheck.in_text(draft.body, draft.source, draft.body_line)
    if unfit:
        raise SitegenError(problems=unfit)
    links: list[tuple[str, int | None, str]] = []
    broken: dict[Problem, None] = {}        # in the order found, each once

    files: list[str] = []

    def resolve(url: str, line: int | None, what: str = "link") -> str:
        try:
            target = site_target(draft, targets, url, line, what)
        except SitegenError as err:
            broken.update(dict.fromkeys(err.problems))
            return url
        links.append((url, line, target))
        if targets.images is not None and targets.images.record_for(target) is not None:
            files.append(target)
        return urls.relative(draft.url, target)

    def resolve_target(url: str, line: int | None) -> str:
        target = site_target(draft, targets, url, line, "image")
        links.append((url, line, target))
        return target

    images = None
    if targets.images is not None:
        images = PostImages(draft, targets.images, resolve_target, lambda u: urls.relative(draft.url, u))
    def render_image(url: str, alt: str, title: str, line: int | None) -> str | None:
        assert images is not None
        try:
            return images.render(url, alt, title, line)
        except SitegenError as err:         # reported with the post's other broken links
            broken.update(dict.fromkeys(err.problems))
            return ""

    def resolve_media(url: str, line: int | None) -> str:
        return resolve(url, line, "image, video or sound file")

    env = markdown.RenderEnv(file=draft.source, first_line=draft.body_line, resolve_link=resolve,
                             resolve_media=resolve_media,
                             blocks=dict(blocks or {}), image=render_image if images else None, language=language,
                             gettext=gettext)
    body = expand(draft) if expand else draft.body
    body_html = markdown.render(body, env)
    for written, address, line in env.spaced:
        broken[Problem(f"'{written}' is shown as text, not as a link or image: its address has a space",
                       draft.source, line,
                       f"write the address as <{address}> or with %20 for each space")] = None
    cover = ""
    if draft.cover.startswith(("http://", "https://", "//")):
        cover = draft.cover
    elif draft.cover:
        try:
            cover = site_target(draft, targets, draft.cover, draft.cover_line, "cover image")
            links.append((draft.cover, draft.cover_line, cover))
            if images is not None:
                images.check_cover(cover)
        except SitegenError as err:
            broken.update(dict.fromkeys(err.problems))
    if broken:
        raise SitegenError(problems=sorted(broken, key=lambda p: p.line or 0))
    if draft.summary is not None:
        summary_html = f"<p>{_html.escape(draft.summary)}</p>"
        summary_text = draft.summary
    else:
        summary_html = markdown.summary_of(body_html)
        summary_text = markdown.plain_text(summary_html)
    words, cjk = markdown.count_words(body_html)
    return Rendered(body_html, summary_html, summary_text, tuple(env.headings), words, cjk, cover, tuple(links),
                    tuple(images.used) if images else (), tuple(dict.fromkeys(files)))


def still_valid(draft: Document, rendered: Rendered, targets: LinkTargets) -> bool:
    """A cached render stays good while every local link resolves as it did and every image it
    shows has the variants it had."""
    if any(targets.image_keys.get(url) != key for url, key in rendered.images):
        return False
    for url, line, target in rendered.links:
        try:
            if site_target(draft, targets, url, line) != target:
                return False
        except SitegenError:
            return False
    return True


def make_post(draft: PostDraft, rendered: Rendered, config: Config, author_slugs: tuple[str, ...],
              html_ref: Any, digest: str) -> Post:
    toc = tuple(h for h in rendered.headings if h.level in (2, 3)) if draft.toc else ()
    return Post(source=draft.source, slug=draft.slug, url=draft.url, title=draft.title, date=draft.date,
                updated=draft.updated, authors=author_slugs, tags=tuple(dict.fromkeys(urls.slugify(t) for t in draft.tag_names)),
                summary_html=rendered.summary_html, summary_text=rendered.summary_text, html_ref=html_ref, toc=toc,
                words=rendered.words + rendered.cjk,
                reading_minutes=markdown.reading_minutes(rendered.words, rendered.cjk, config.words_per_minute),
                cover=rendered.cover, cover_alt=draft.cover_alt, draft=draft.draft, sources=draft.sources,
                updates=draft.updates, extra=draft.extra, digest=digest, feed_id=draft.feed_id,
                aliases=draft.aliases, url_line=draft.url_line)
