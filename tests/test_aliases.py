"""Aliases: old addresses of posts and pages keep working (redirect pages and _redirects), and
feeds keep an imported post's original id (feed_id)."""

import json
import posixpath
import re
from pathlib import Path

import feedparser
import pytest
from conftest import post, run_cli, write_site

PAGE = "---\ntitle: {title}\n{more}---\n\n{body}\n"


def page(title: str = "A page", body: str = "Some text.", **meta: str) -> str:
    return PAGE.format(title=title, body=body, more="".join(f"{k}: {v}\n" for k, v in meta.items()))


def site_with_aliases(root: Path, base_url: str = "https://example.com/blog/") -> Path:
    return write_site(root, {
        "sitegen.toml": f'title = "T"\nbase_url = "{base_url}"\n',
        "content/posts/moved.md": post("Moved post", aliases="[/2019/05/moved-post/, old/moved.html]"),
        "content/pages/about.md": page("About", aliases="\n  - /about-us\n  - /caf%C3%A9/about.html"),
    })


def build(site: Path) -> Path:
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    return site / "output"


def refresh_target(html: str) -> str:
    m = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
    assert m, html
    return m.group(1)


@pytest.mark.parametrize("alias_file, target", [
    ("2019/05/moved-post/index.html", "posts/moved/index.html"),
    ("old/moved.html", "posts/moved/index.html"),
    ("about-us/index.html", "about/index.html"),
    ("café/about.html", "about/index.html"),
])
def test_an_alias_on_a_post_or_page_writes_a_redirect_page(tmp_path: Path, alias_file: str, target: str):
    out = build(site_with_aliases(tmp_path / "site"))
    html = (out / alias_file).read_text("utf-8")
    relative = refresh_target(html)
    # relative, so it works from disk and under any subpath; it names the target's file
    assert not relative.startswith(("/", "http"))
    assert posixpath.normpath(posixpath.join(posixpath.dirname(alias_file), relative)) == target
    assert (out / target).is_file()
    canonical = "https://example.com/blog/" + target.removesuffix("index.html")
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta name="robots" content="noindex">' in html
    title = "Moved post" if target.startswith("posts/") else "About"
    assert f'<a href="{relative}">{title}</a>' in html, "a visible link for when the refresh does not happen"


def test_redirects_file_lists_every_alias_under_the_base_path(tmp_path: Path):
    out = build(site_with_aliases(tmp_path / "site"))
    assert (out / "_redirects").read_text("utf-8") == (
        "/blog/2019/05/moved-post/ /blog/posts/moved/ 301\n"
        "/blog/about-us/ /blog/about/ 301\n"
        "/blog/caf%C3%A9/about.html /blog/about/ 301\n"
        "/blog/old/moved.html /blog/posts/moved/ 301\n")


def test_redirects_file_at_the_domain_root(tmp_path: Path):
    out = build(site_with_aliases(tmp_path / "site", "https://example.com/"))
    assert (out / "_redirects").read_text("utf-8").splitlines()[0] == "/2019/05/moved-post/ /posts/moved/ 301"


def test_the_sites_own_redirect_rules_come_first(tmp_path: Path):
    site = site_with_aliases(tmp_path / "site")
    write_site(site, {"content/_redirects": "/shop https://shop.example.com/ 302"})
    lines = (build(site) / "_redirects").read_text("utf-8").splitlines()
    assert lines[0] == "/shop https://shop.example.com/ 302"
    assert len(lines) == 5


def test_no_redirects_file_without_aliases(tmp_path: Path):
    out = build(write_site(tmp_path / "site", {"content/posts/a.md": post()}))
    assert not (out / "_redirects").exists()


def test_redirect_pages_are_not_in_the_sitemap(tmp_path: Path):
    sitemap = (build(site_with_aliases(tmp_path / "site")) / "sitemap.xml").read_text("utf-8")
    assert "moved-post" not in sitemap and "about-us" not in sitemap and "moved.html" not in sitemap
    assert "<loc>https://example.com/blog/about/</loc>" in sitemap


def test_an_alias_to_its_own_url_is_an_error(tmp_path: Path):
    site = write_site(tmp_path / "site", {"content/pages/about.md": page("About", aliases="[/about/]")})
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "content/pages/about.md:3: the alias /about/ is the address of the page content/pages/about.md:1" \
        in result.stderr


def test_an_alias_may_not_take_a_site_file(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(aliases="[/feed.xml, /tags/, /static/css/style.css]"),
        "content/images/old.html": "<p>mine</p>",
        "content/posts/b.md": post("B", aliases="[/images/old.html]"),
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "content/posts/a.md:4: the alias /feed.xml/ would need a folder where the site writes" in result.stderr
    assert "the alias /tags/ is the address of the site's own page /tags/" in result.stderr
    assert "the alias /static/css/style.css/ is the address of" in result.stderr
    assert "the alias /images/old.html is the address of the file content/images/old.html" in result.stderr


FEED_ID_SITE = {
    # (tag_feed_atom: the tag and author feeds in Atom too, to check the ids in both formats there)
    "sitegen.toml": 'title = "T"\nbase_url = "https://example.com/"\ntag_feed_atom = true\n',
    "content/posts/imported.md": post("Imported", date="2026-01-03", author="Ana", tags="[Old]",
                                      feed_id='"https://old.example.org/?p=42"'),
    "content/posts/plain.md": post("Plain", date="2026-01-02", author="Ana", tags="[Old]"),
    "content/posts/tagged.md": post("Tagged id", date="2026-01-01", feed_id='"tag:old.example.org,2019:post-7"'),
}


@pytest.mark.parametrize("feed", ["feed.xml", "atom.xml", "tags/old/feed.xml", "tags/old/atom.xml",
                                  "authors/ana/atom.xml"])
def test_feed_id_is_the_entry_id_in_rss_and_atom(tmp_path: Path, feed: str):
    out = build(write_site(tmp_path / "site", FEED_ID_SITE))
    parsed = feedparser.parse((out / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    ids = {e.title: e.id for e in parsed.entries}
    assert ids["Imported"] == "https://old.example.org/?p=42"
    assert ids["Plain"] == "https://example.com/posts/plain/"
    if "Tagged id" in ids:
        assert ids["Tagged id"] == "tag:old.example.org,2019:post-7"
    links = {e.title: e.link for e in parsed.entries}
    assert links["Imported"] == "https://example.com/posts/imported/", "the link is the new address"
    if feed.endswith("feed.xml"):
        raw = (out / feed).read_text("utf-8")
        assert '<guid isPermaLink="false">https://old.example.org/?p=42</guid>' in raw
        assert '<guid isPermaLink="true">https://example.com/posts/plain/</guid>' in raw


def test_feed_id_is_the_item_id_in_json_feed(tmp_path: Path):
    out = build(write_site(tmp_path / "site", FEED_ID_SITE))
    items = {i["title"]: i for i in json.loads((out / "feed.json").read_text("utf-8"))["items"]}
    assert items["Imported"]["id"] == "https://old.example.org/?p=42"
    assert items["Imported"]["url"] == "https://example.com/posts/imported/"
    assert items["Tagged id"]["id"] == "tag:old.example.org,2019:post-7"
    assert items["Plain"]["id"] == "https://example.com/posts/plain/"
