"""An import never produces a site that `sitegen build` rejects.

For every importer, hypothesis writes a small source in that tool's own format with hostile
titles, slugs, dates and links (doubled slashes, protocol-relative and `..` links, spaces,
control characters, percent-escapes, links to files that are not there), imports it into an
empty site, and builds the site in-process. The import may leave items out and say so; the
build must then succeed. Derandomized like test_fuzz.py (SITEGEN_FUZZ_RANDOM=1 explores).
"""

from __future__ import annotations

import html
import io
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_support import PNG

from sitegen.errors import SitegenError
from sitegen.importers.cli import import_site
from sitegen.pipeline import Options, build

PROPERTY = settings(
    derandomize=os.environ.get("SITEGEN_FUZZ_RANDOM") != "1",
    database=None,
    max_examples=int(os.environ.get("SITEGEN_IMPORT_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)

# addresses real exports hold: what the old site had, typos and all
LINKS = st.sampled_from([
    "https://old.example//greek/%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-2/", "https://old.example///a//b",
    "//github.com/bep", "//old.example/about/", "../../../etc/passwd", "./missing.png", "./here.png",
    "/static/missing.png", "/img/here.png", "#section", "?page=2", "mailto:a@b.example", "javascript:alert(1)",
    "http://[::1", "a b.png", "%zz", "/ü/é.html", "other.md", "../other.md", "data:image/png;base64,AAAA",
    "", "https://old.example/2019/05/post/?utm=x#y", "https://old.example/%2e%2e/%2e%2e/x/", "/tags/gan/",
    "https://old.example/tag/gan.html", "/posts/", "https://old.example/feed.xml", "\\\\server\\share",
    "https://old.example/a b/c", "/..%2f..%2fx", "ftp://files.example/x.zip", "/404.html", "/index.html",
])
WORDS = st.sampled_from(["", "..", ".", "/", "a/b", "CON", "index", "posts", "tags", "404", "feed.xml",
                         "%2e%2e", "ε-π", "日本", "🎉", "-", "__", ".hidden", "a" * 120, "x\x0by", "Ünïcödé",
                         "page", "search", "archive", "with space", "a?b", "a#b", "a:b", "tag/gan"])
TITLES = st.one_of(WORDS, st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
DATES = st.one_of(
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2030, 12, 31)).map(lambda d: d.isoformat()),
    st.sampled_from(["2019-02-30", "yesterday", "", "0000-00-00 00:00:00", "2019-13-01", "1999-12-31T23:59:59-12:00",
                     "May 6, 2018", "2021-03-04 10:20:30 +0100 CET", "9999-12-31"]))


@st.composite
def items(draw: Any) -> list[dict[str, Any]]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        links = draw(st.lists(LINKS, min_size=1, max_size=4))
        out.append({"title": draw(TITLES), "slug": draw(WORDS), "date": draw(DATES), "links": links,
                    "tags": draw(st.lists(WORDS, max_size=3)), "alias": draw(LINKS)})
    return out


def _markdown(item: dict[str, Any]) -> str:
    parts = []
    for n, url in enumerate(item["links"]):
        parts.append(f"A [link {n}]({url}) and ![image {n}]({url}) and <a href=\"{html.escape(url)}\">raw {n}</a>.")
        parts.append(f"[![linked {n}]({url})]({url}) and <img src=\"{html.escape(url)}\" alt=\"\">")
        parts.append(f"[ref{n}]: {url or '<>'}")
    return "\n\n".join(parts) + "\n"


def _html(item: dict[str, Any]) -> str:
    return "".join(f'<p><a href="{html.escape(u)}">link {n}</a> <img src="{html.escape(u)}" alt=""></p>\n'
                   for n, u in enumerate(item["links"]))


def _yaml(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n"


def _name(word: str, n: int) -> str:
    """A file name the disk takes (the source's own name is what it is)."""
    clean = "".join(c for c in word if c not in "/\\\x00" and c.isprintable())[:60].strip(".") or "x"
    return f"{clean}-{n}"


def _jekyll(root: Path, given: list[dict[str, Any]]) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "img").mkdir()
    (root / "img" / "here.png").write_bytes(PNG)
    (root / "_posts" / "here.png").write_bytes(PNG)
    for n, item in enumerate(given):
        meta = {"title": item["title"], "date": item["date"], "tags": item["tags"], "permalink": item["alias"],
                "layout": "post"}
        (root / "_posts" / f"2020-01-0{n + 1}-{_name(item['slug'], n)}.md").write_text(
            _yaml(meta) + _markdown(item), "utf-8")
    return root


def _hugo(root: Path, given: list[dict[str, Any]]) -> Path:
    posts = root / "content" / "posts"
    posts.mkdir(parents=True)
    (root / "static" / "img").mkdir(parents=True)
    (root / "static" / "img" / "here.png").write_bytes(PNG)
    (root / "hugo.toml").write_text('baseURL = "https://old.example/"\ntitle = "Old"\n', "utf-8")
    for n, item in enumerate(given):
        meta = {"title": item["title"], "date": item["date"], "slug": item["slug"], "tags": item["tags"],
                "aliases": [item["alias"]]}
        bundle = posts / _name(item["slug"], n)
        bundle.mkdir()
        (bundle / "here.png").write_bytes(PNG)
        (bundle / "index.md").write_text(_yaml(meta) + _markdown(item), "utf-8")
    return root


def _markdown_folder(root: Path, given: list[dict[str, Any]]) -> Path:
    (root / "blog").mkdir(parents=True)
    (root / "public" / "img").mkdir(parents=True)
    (root / "public" / "img" / "here.png").write_bytes(PNG)
    (root / "blog" / "here.png").write_bytes(PNG)
    for n, item in enumerate(given):
        meta = {"title": item["title"], "pubDate": item["date"], "slug": item["slug"], "tags": item["tags"],
                "image": item["alias"]}
        (root / "blog" / f"{_name(item['slug'], n)}.md").write_text(_yaml(meta) + _markdown(item), "utf-8")
    return root / "blog"


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_text(text: str) -> str:
    return html.escape("".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20), quote=True)


def _wordpress(root: Path, given: list[dict[str, Any]]) -> Path:
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:wp="https://wordpress.org/export/1.2/">',
           "<channel><title>Old</title><link>https://old.example</link>",
           "<wp:base_blog_url>https://old.example</wp:base_blog_url>"]
    for n, item in enumerate(given):
        link = item["alias"] if item["alias"].startswith("http") else "https://old.example" + item["alias"]
        out.append(f"<item><title>{_cdata(item['title'])}</title><link>{_xml_text(link)}</link>"
                   f"<dc:creator>{_cdata('admin')}</dc:creator>"
                   f"<content:encoded>{_cdata(_html(item) + chr(10) + _markdown(item))}</content:encoded>"
                   f"<wp:post_id>{n + 1}</wp:post_id><wp:post_date_gmt>{_cdata(item['date'])}</wp:post_date_gmt>"
                   f"<wp:post_name>{_cdata(item['slug'])}</wp:post_name><wp:status>publish</wp:status>"
                   f"<wp:post_type>post</wp:post_type>"
                   + "".join(f'<category domain="post_tag" nicename="t">{_cdata(t)}</category>' for t in item["tags"])
                   + "</item>")
    out.append("</channel></rss>")
    path = root / "export.xml"
    root.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path


def _feed(root: Path, given: list[dict[str, Any]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    items = [{"id": f"tag:old.example,2020:{n}", "url": it["alias"] if it["alias"].startswith("http")
              else "https://old.example" + it["alias"], "title": it["title"], "content_html": _html(it),
              "date_published": it["date"], "tags": it["tags"]} for n, it in enumerate(given)]
    path = root / "feed.json"
    path.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Old",
                                "home_page_url": "https://old.example/", "items": items}), "utf-8")
    return path


WRITERS = {"jekyll": _jekyll, "hugo": _hugo, "markdown": _markdown_folder, "wordpress": _wordpress, "feed": _feed}


def import_then_build(kind: str, given: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = WRITERS[kind](Path(tmp) / "src", given)
        site = Path(tmp) / "site"
        report = io.StringIO()
        try:
            import_site(kind, str(src), site, download=False, out=report)
        except SitegenError as err:          # a source the import refuses whole: nothing written, nothing to build
            assert not (site / "content").exists(), err
            return
        try:
            build(Options(site_dir=site, output_dir=site / "output", use_cache=False, workers=1,
                          search_index=False))
        except SitegenError as err:
            written = "\n".join(f"--- {p.relative_to(site)}\n{p.read_text('utf-8', 'replace')}"
                                for p in sorted((site / "content").rglob("*.md")))
            raise AssertionError(f"the build rejects what the import wrote:\n{err}\n\nreport:\n{report.getvalue()}"
                                 f"\n{written}") from None


@PROPERTY
@given(given=items())
def test_a_jekyll_import_builds(given: list[dict[str, Any]]) -> None:
    import_then_build("jekyll", given)


@PROPERTY
@given(given=items())
def test_a_hugo_import_builds(given: list[dict[str, Any]]) -> None:
    import_then_build("hugo", given)


@PROPERTY
@given(given=items())
def test_a_markdown_import_builds(given: list[dict[str, Any]]) -> None:
    import_then_build("markdown", given)


@PROPERTY
@given(given=items())
def test_a_wordpress_import_builds(given: list[dict[str, Any]]) -> None:
    import_then_build("wordpress", given)


@PROPERTY
@given(given=items())
def test_a_feed_import_builds(given: list[dict[str, Any]]) -> None:
    import_then_build("feed", given)
