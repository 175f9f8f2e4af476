"""The files beside the pages: static files, content files, the sitemap, robots.txt, _redirects."""


from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen import urls
from sitegen.images.probe import published_name
from sitegen.model import Site
from sitegen.pipeline.context import BuildContext
from sitegen.pipeline.output import Writer
from sitegen.pipeline.read import content, sources
from sitegen.pipeline.render import feeds
from sitegen.pipeline.site import aliases
from sitegen.pipeline.site.pages import Page, redirects, x_default

if TYPE_CHECKING:      # the image pipeline is imported only by builds that get past the no-change check
    pass


def static_files(ctx: BuildContext) -> dict[str, tuple[Path, str]]:
    """Output path -> (source file, how errors name it) of the static files; the site's own
    static/ files win over the theme's."""
    found: dict[str, tuple[Path, str]] = {}
    theme_shown = f"theme '{ctx.theme.name}' static"
    for base, shown in ((ctx.site_dir / "static", "static"), (ctx.theme.static, theme_shown)):
        if base.is_dir():
            for name, path in sources.walk(base):
                if not content.is_ignored(path.name):
                    found.setdefault("static/" + name, (path, f"{shown}/{name}"))
    return found


def output_names(ctx: BuildContext, site: Site, pages: Sequence[Page], assets: tuple[str, ...]) -> list[tuple[str, str]]:
    """Every file a build writes, with what it is made from (for output.check_names)."""
    names = []
    for page in pages:
        if page.kind == "redirect":
            continue                    # named below, by the alias that makes it
        if page.post is not None:
            origin = site.posts[page.post].source
        elif page.standalone is not None:
            origin = site.pages[page.standalone].source
        else:
            origin = f"the site's own page {page.url}"
        names.append((urls.output_path(page.url), origin))
    names += [(urls.output_path(a.url), f"an alias in {aliases.where(a.source, a.line)}") for a, _, _ in redirects(site)]
    for spec in feeds.specs(site):
        names += [(urls.output_path(u), "a feed") for u in (spec.rss_url, spec.atom_url) if u]
    names += [(urls.output_path(urls.JSON_FEED_URL), "a feed"), ("sitemap.xml", "the sitemap"),
              ("robots.txt", "robots.txt")]
    if redirects(site):
        names.append((aliases.REDIRECTS, "the redirects of the site's aliases"))
    # an image converted on the way (x.tiff, x.heic) is published as x.jpg, the name an x.jpg beside it has
    for rel in aliases.assets_to_copy(site, assets):
        name = published_name(rel)
        names.append((name, f"content/{rel}" if name == rel else f"content/{rel}, which is published as JPEG"))
    names += [(rel, shown) for rel, (_, shown) in static_files(ctx).items()]
    return names


def copy_files(ctx: BuildContext, assets: tuple[str, ...], writer: Writer) -> int:
    """The static files, and the content files that are not images (those are published by the
    image pipeline: stripped copies, variants, SVG and GIF as they are)."""
    from sitegen.images.probe import is_image
    count = 0
    for rel, (path, _) in static_files(ctx).items():
        writer.copy(rel, path)
        count += 1
    for rel in assets:
        if not is_image(rel):
            writer.copy(rel, ctx.site_dir / "content" / rel)
            count += 1
    return count


def _lastmod(site: Site, page: Page) -> str | None:
    if page.post is not None:
        return site.posts[page.post].last_modified.date().isoformat()
    updated = site.pages[page.standalone].updated if page.standalone is not None else None
    return updated.date().isoformat() if updated else None


def sitemap(site: Site, pages: Sequence[Page]) -> bytes:
    """The sitemap: every page but the 404 page and redirects."""
    listed = [p for p in pages if p.kind not in ("404", "redirect", "json")]
    alternates = [p.alternates + (("x-default", x_default(site.config.codes, p.alternates, p)),) if p.alternates else ()
                  for p in listed] if site.config.multilingual else []
    return feeds.sitemap(site, [(p.url, _lastmod(site, p)) for p in listed], alternates)


def write_sitemap(site: Site, pages: Sequence[Page], writer: Writer) -> None:
    """The sitemap and robots.txt."""
    writer.add("sitemap.xml", sitemap(site, pages))
    writer.add("robots.txt", feeds.robots(site))


def write_redirects(ctx: BuildContext, site: Site, assets: tuple[str, ...], writer: Writer) -> int:
    """`_redirects` when the site has aliases: the site's own rules (content/_redirects), then
    one line per alias. Returns how many files it wrote (0 or 1)."""
    if not redirects(site):
        return 0
    own = (ctx.site_dir / "content" / aliases.REDIRECTS).read_bytes() if aliases.REDIRECTS in assets else b""
    writer.add(aliases.REDIRECTS, aliases.redirects_file(site, own))
    return 1
