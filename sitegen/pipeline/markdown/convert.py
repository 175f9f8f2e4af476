"""Markdown to Post: each published post and page rendered (cached, in parallel)."""


from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sitegen import __version__
from sitegen.errors import SitegenError
from sitegen.model import Post, StandalonePage
from sitegen.pipeline.context import BuildContext
from sitegen.pipeline.markdown import labels, links, textcheck
from sitegen.pipeline.markdown import parser as markdown
from sitegen.pipeline.parallel import imap_ordered
from sitegen.pipeline.read import content
from sitegen.pipeline.read.content import Inventory, PostDraft
from sitegen.pipeline.read.load import DataFiles
from sitegen.pipeline.site import standalone
from sitegen.pipeline.site.standalone import PageDraft
from sitegen.pipeline.state import store as cache
from sitegen.pipeline.values import Rendered

if TYPE_CHECKING:      # the image pipeline is imported only by builds that get past the no-change check
    from sitegen.images.stage import ImageTable


class Selection(NamedTuple):
    kept: Sequence[PostDraft]   # the posts this build publishes
    left: Sequence[PostDraft]   # drafts and future posts it leaves out
    inventory: Inventory        # every file under content/
    pages: Sequence[PageDraft] = ()        # the standalone pages it publishes
    pages_left: Sequence[PageDraft] = ()   # draft pages


def link_targets(selection: Selection, images: ImageTable) -> links.LinkTargets:
    """What posts and pages may link to by file: each other, the content files (images under
    the names they are published with), and the image pipeline's table."""
    published = {d.content_rel: d.url for d in selection.kept} | {p.content_rel: p.url for p in selection.pages}
    unpublished = frozenset(d.content_rel for d in selection.left) | {p.content_rel for p in selection.pages_left}
    return links.LinkTargets(published, unpublished, frozenset(selection.inventory.assets), images.renamed(), images,
                             images.url_keys())


def render_bio(text: str, file: str, line: int, data: DataFiles) -> str:
    """An author's bio, in the site's language: Markdown without local links."""
    env = markdown.RenderEnv(file=file, first_line=line, language=data.language, gettext=words_of(data.language, data))
    return markdown.render(text, env) if text.strip() else ""


def own_language(draft: links.Document) -> str:
    """A post's or page's own language, or "" when it is in the site's (`language` in
    sitegen.toml). The one place a post's language enters the Markdown stage: the renderer
    (language_of) and the render key both ask here, so a post with a language of its own
    (issue #20: x.de.md, content/de/, `lang:`) returns it here, and nothing else changes."""
    lang: str = getattr(draft, "lang", "")     # (set only in a multilingual site: read/language.py)
    return lang


def language_of(draft: links.Document, data: DataFiles) -> str:
    """The language a post or page is rendered in: the labels its Markdown writes itself (heading
    anchors, callout titles), and the words and numbers of its charts, tables and facts."""
    return own_language(draft) or data.language


def words_of(language: str, data: DataFiles) -> Callable[[str], str] | None:
    """gettext of the site's own catalogues in this language for the words the Markdown and the
    toolkit write themselves (i18n.own_words); None when sitegen's own catalogues say them."""
    for words in data.words:
        if words[0] == language:
            from sitegen.pipeline.render import i18n
            return i18n.words_gettext(words)
    return None


def post_renderer(data: DataFiles) -> Callable[[links.Document, links.LinkTargets], Rendered]:
    """What renders one post's Markdown (with its charts, tables and facts) in its language
    (language_of), its words from the site's catalogues (words_of); raises SitegenError."""
    from sitegen.toolkit import hooks
    expanders: dict[str, hooks.Expander | None] = {}
    words: dict[str, Callable[[str], str] | None] = {}

    def render(draft: links.Document, targets: links.LinkTargets) -> Rendered:
        language = language_of(draft, data)
        if language not in expanders:
            expanders[language] = hooks.fact_expander(data.values, language)
            words[language] = words_of(language, data)
        facts, say = expanders[language], words[language]

        def expand(d: links.Document) -> str:
            assert facts is not None
            return facts(d.body, d.source, d.body_line)

        return links.render_markdown(draft, targets, hooks.blocks(data.values, draft.source, language, say),
                                     expand if facts else None, language, gettext=say)
    return render


def render_key(draft: PostDraft | PageDraft, data: DataFiles) -> str:
    """A key of what a post's or page's rendered Markdown is made from (its links are checked
    apart). The data files' key holds the site's language; a post's own language is added, and
    the key of the site's catalogues in its language when they say its words (words_of)."""
    parts = (draft.digest, markdown.RENDER_VERSION, __version__, data.key, draft.url)
    language = own_language(draft)
    more = [language] if language else []
    if data.words:          # (a site without catalogues of its own keeps the key it had)
        wanted = language or data.language
        more += [key for code, key, _files in data.words if code == wanted]
    return cache.digest(*parts, *more)


def post_digest(key: str, rendered: Rendered, authors: tuple[str, ...]) -> str:
    """A key of everything in a Post: it changes whenever anything in the Post does (the
    variants of the images it shows too: their names are in its HTML)."""
    if rendered.images:
        return cache.digest(key, rendered.links, authors, rendered.images)
    return cache.digest(key, rendered.links, authors)


def warm(languages: Iterable[str]) -> None:
    """Load what Markdown in these languages loads on first use (Babel and the default theme's
    catalogue, for the labels it writes: labels.py) here, before a pool forks: each worker
    would load it again (about 0.1 s of a build's CPU for each worker, in a site of two
    languages) and drop it with the pool. English loads nothing."""
    for language in languages:
        try:
            labels.gettext(language)
        except Exception:       # (best effort: the post that speaks it reports the error as it renders)
            pass


# Posts to render before a pool pays for its start: most posts take the fast path (about 1.5 ms
# each), and forking the build's process costs about as much as rendering 100 of them.
MARKDOWN_IN_POOL = 256


def render_posts(ctx: BuildContext, selection: Selection, post_authors: dict[str, tuple[str, ...]],
                 data: DataFiles, images: ImageTable) -> tuple[list[Post], int]:
    """Each published post's HTML: from the cache when its inputs are unchanged, else rendered
    (in parallel); the rendered HTML goes to the cache's pack as it arrives."""
    site_dir, config, store, problems = ctx.site_dir, ctx.config, ctx.store, ctx.problems
    kept, inventory = selection.kept, selection.inventory
    targets = link_targets(selection, images)
    keys, todo, reuse = {}, [], {}
    for d in kept:
        key = render_key(d, data)
        keys[d.content_rel] = key
        hit = store.rendered.get(d.content_rel)
        if hit is not None and hit[0] == key and links.still_valid(d, hit[1], targets):
            reuse[d.content_rel] = hit
        else:
            todo.append(d)
    markdown_of = post_renderer(data)
    if ctx.workers > 1 and len(todo) >= MARKDOWN_IN_POOL:
        warm(dict.fromkeys(language_of(d, data) for d in todo))

    def render_one(draft: PostDraft) -> Any:
        try:
            read = content.with_body(site_dir, draft, config)      # (its front matter is not parsed again)
            unfit = textcheck.in_front_matter(read, lambda: (site_dir / read.source).read_text("utf-8", "replace"))
            if unfit:
                return unfit
            return markdown_of(read, targets)
        except SitegenError as err:
            return err.problems

    fresh: dict[str, tuple[Rendered, Any]] = {}
    batch: list[tuple[str, Rendered]] = []

    def flush() -> None:
        # HTML goes to the store as it arrives; only a loader of it is kept in memory
        refs = store.store_rendered([(rel, keys[rel], dataclasses.replace(r, html=""), r.html) for rel, r in batch])
        for (rel, r), ref in zip(batch, refs):
            fresh[rel] = (dataclasses.replace(r, html=""), ref)
        batch.clear()

    for n, (draft, result) in enumerate(zip(todo, imap_ordered(render_one, todo, ctx.workers, min_items=MARKDOWN_IN_POOL)), 1):
        if isinstance(result, list):
            problems.problems.extend(result)
        elif store.enabled:
            batch.append((draft.content_rel, result))
            if len(batch) >= 200:
                flush()
        else:
            fresh[draft.content_rel] = (result, result.html)
        if ctx.progress:
            ctx.progress("posts", n, len(todo))
    flush()
    if problems.problems:
        return [], len(todo)
    out = []
    for d in kept:
        rel = d.content_rel
        if rel in fresh:
            rendered, ref = fresh[rel]
        else:
            _, rendered, ref = reuse[rel]
        who = post_authors[d.source]
        images.linked.update(rendered.files)
        images.show(url for url, _key in rendered.images)
        out.append(links.make_post(d, rendered, config, who, ref, digest=post_digest(keys[rel], rendered, who)))
    for rel in set(store.rendered) - set(inventory.posts) - set(inventory.pages):
        del store.rendered[rel]
    return out, len(todo)


def render_standalone(ctx: BuildContext, selection: Selection, data: DataFiles,
                      images: ImageTable) -> list[StandalonePage]:
    """Each published standalone page's HTML: from the cache when the page's file, the data
    files and the targets of its links are unchanged, else rendered (pages are few: in turn)."""
    store, targets = ctx.store, link_targets(selection, images)
    markdown_of = post_renderer(data)
    out = []
    for d in selection.pages:
        key = render_key(d, data)
        hit = store.rendered.get(d.content_rel)
        if hit is not None and hit[0] == key and links.still_valid(d, hit[1], targets):
            html = hit[2]() if callable(hit[2]) else hit[2]
            rendered = dataclasses.replace(hit[1], html=html)
        else:
            try:
                rendered = markdown_of(d, targets)
            except SitegenError as err:
                ctx.problems.add(err)
                continue
            store.store_rendered([(d.content_rel, key, dataclasses.replace(rendered, html=""), rendered.html)])
        images.linked.update(rendered.files)
        images.show(url for url, _key in rendered.images)
        out.append(standalone.make_page(d, rendered))
    return sorted(out, key=lambda p: p.url)
