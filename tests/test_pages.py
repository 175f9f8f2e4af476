"""Standalone pages (content/pages/**/*.md) and the menu."""

import json
import re
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site

PAGE = "---\ntitle: {title}\n{more}---\n\n{body}\n"


def page(title: str = "A page", body: str = "Some text.", **meta: str) -> str:
    return PAGE.format(title=title, body=body, more="".join(f"{k}: {v}\n" for k, v in meta.items()))


def build(site: Path, *args: str) -> Path:
    result = run_cli("build", str(site), *args)
    assert result.returncode == 0, result.stderr
    return site / "output"


def nav_links(html: str) -> list[tuple[str, str, bool]]:
    """(text, href, is current) of the links in the site's header navigation."""
    nav = html.split('<nav aria-label="Site">', 1)[1].split("</nav>", 1)[0]
    return [(m.group(3), m.group(1), bool(m.group(2)))
            for m in re.finditer(r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav)]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "T"\nbase_url = "https://example.com/blog/"\n',
        "content/posts/one.md": post("One", tags="[Alpha]", body="See [about](../pages/about.md#team)."),
        "content/pages/about.md": page("About us", "## Team\n\nWe are few. Back to [one](../posts/one.md).",
                                       summary='"Who we are."', updated="2026-03-04"),
        "content/pages/legal/index.md": page("Legal", "All the [imprint](imprint.md)."),
        "content/pages/legal/imprint.md": page("Imprint"),
        "content/pages/legal/privacy.md": page("Privacy", slug="data-protection"),
        "content/pages/Über uns/Team.md": page("Our team"),
        "content/pages/wip.md": page("Work in progress", draft="true"),
    })


def test_nested_folders_give_nested_urls(site: Path):
    out = build(site)
    for rel, h1 in [("about/index.html", "About us"), ("legal/index.html", "Legal"),
                    ("legal/imprint/index.html", "Imprint"), ("legal/data-protection/index.html", "Privacy"),
                    ("uber-uns/team/index.html", "Our team")]:
        html = (out / rel).read_text("utf-8")
        assert f"<h1>{h1}</h1>" in html, rel
    assert not (out / "legal" / "privacy").exists()
    assert not (out / "wip").exists(), "a draft page is left out"
    # links between pages, and between pages and posts, are relative and name index.html
    assert 'href="../legal/imprint/index.html"' in (out / "legal/index.html").read_text("utf-8")
    assert 'href="../posts/one/index.html"' in (out / "about/index.html").read_text("utf-8")
    assert 'href="../../about/index.html#team"' in (out / "posts/one/index.html").read_text("utf-8")


def test_draft_pages_are_built_with_drafts(site: Path):
    out = build(site, "--drafts")
    assert (out / "wip" / "index.html").is_file()


def test_pages_are_in_the_sitemap_but_not_in_lists_feeds_or_tags(site: Path):
    out = build(site)
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.com/blog/about/</loc><lastmod>2026-03-04</lastmod>" in sitemap
    assert "<loc>https://example.com/blog/legal/imprint/</loc></url>" in sitemap
    for rel in ("index.html", "archive/index.html", "tags/alpha/index.html", "feed.xml", "atom.xml", "feed.json"):
        text = (out / rel).read_text("utf-8")
        assert "About us" not in text and "Imprint" not in text, rel


def test_a_page_has_webpage_json_ld_and_its_summary_as_description(site: Path):
    html = (build(site) / "about" / "index.html").read_text("utf-8")
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["@type"] == "WebPage"
    assert data["name"] == "About us"
    assert data["url"] == "https://example.com/blog/about/"
    assert data["dateModified"].startswith("2026-03-04")
    assert "BlogPosting" not in html
    assert '<meta name="description" content="Who we are.">' in html
    assert '<link rel="canonical" href="https://example.com/blog/about/">' in html
    assert '<time datetime="2026-03-04T00:00:00+00:00">4 March 2026</time>' in html


def test_the_menu_lists_config_entries_and_pages_by_weight(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "sitegen.toml": ('title = "T"\n\n[[menu]]\nname = "Imprint"\npage = "legal/imprint.md"\nweight = 30\n\n'
                         '[[menu]]\nname = "Code"\nurl = "https://example.org/code/"\nweight = 40\n\n'
                         '[[menu]]\nname = "All tags"\nurl = "/tags/"\n'),
        "content/posts/one.md": post("One"),
        "content/pages/about.md": page("About", menu="20"),
        "content/pages/contact.md": page("Contact", menu="20"),
        "content/pages/legal/imprint.md": page("Imprint"),
        "content/pages/hidden.md": page("Not in the menu"),
    })
    out = build(site)
    about = nav_links((out / "about/index.html").read_text("utf-8"))
    menu = about[4:-1]        # after Blog, Tags, Authors, Archive; before RSS
    assert menu == [("All tags", "../tags/index.html", False), ("About", "../about/index.html", True),
                    ("Contact", "../contact/index.html", False), ("Imprint", "../legal/imprint/index.html", False),
                    ("Code", "https://example.org/code/", False)]
    post_nav = nav_links((out / "posts/one/index.html").read_text("utf-8"))
    assert ("About", "../../about/index.html", False) in post_nav
    assert ("Imprint", "../../legal/imprint/index.html", False) in post_nav
    assert all(text != "Not in the menu" for text, _, _ in post_nav)
    assert ("About", "/about/", False) in nav_links((out / "404.html").read_text("utf-8"))


def test_a_draft_page_leaves_the_menu(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/one.md": post("One"),
        "content/pages/soon.md": page("Soon", menu="1", draft="true"),
    })
    out = build(site)
    assert all(text != "Soon" for text, _, _ in nav_links((out / "index.html").read_text("utf-8")))


def test_a_page_menu_weight_must_be_a_number(tmp_path: Path):
    site = write_site(tmp_path / "site", {"content/pages/a.md": page("A", menu="yes")})
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "content/pages/a.md:3: 'menu' must be a whole number" in result.stderr


def test_two_pages_with_the_same_url_are_an_error_naming_both(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/pages/team.md": page("Team"),
        "content/pages/people.md": page("People", slug="team"),
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert ("content/pages/team.md:1: the page's URL /team/ is also the URL of the page content/pages/people.md:3"
            in result.stderr), result.stderr


def test_a_site_with_only_pages_builds(tmp_path: Path):
    site = write_site(tmp_path / "site", {"content/pages/index-of-things.md": page("Things")})
    out = build(site)
    assert (out / "index-of-things" / "index.html").is_file()
    assert (out / "index.html").is_file()


def test_a_page_in_the_config_menu_is_listed_once_by_the_configs_name(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "sitegen.toml": '[[menu]]\nname = "About"\npage = "about.md"\n',
        "content/pages/about.md": page("About this long-named site", menu="5"),
    })
    names = [text for text, _, _ in nav_links((build(site) / "index.html").read_text("utf-8"))]
    assert names.count("About") == 1
    assert "About this long-named site" not in names


def test_a_post_says_its_modified_time_only_when_it_was_updated(tmp_path: Path):
    out = build(write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "T"\nbase_url = "https://example.com/"\n',
        "content/posts/fresh.md": post("Fresh", date="2026-02-01"),
        "content/posts/revised.md": post("Revised", date="2026-02-01", updated="2026-03-05"),
    }))
    fresh = (out / "posts/fresh/index.html").read_text("utf-8")
    revised = (out / "posts/revised/index.html").read_text("utf-8")
    assert '<meta property="article:published_time" content="2026-02-01T00:00:00+00:00">' in fresh
    assert "article:modified_time" not in fresh
    assert '<meta property="article:modified_time" content="2026-03-05T00:00:00+00:00">' in revised
    # the JSON-LD keeps dateModified either way (search engines read it there)
    assert '"dateModified":"2026-02-01T00:00:00+00:00"' in fresh


def test_a_posts_tags_carry_rel_tag_and_list_entries_show_no_tags(tmp_path: Path):
    # HTML's rel="tag": the tag applies to the page the link is on, so a post's tags carry it.
    # The entries of the index, tag and author pages show title, byline and summary only: the
    # tags are on the post's page (partials/entry.html), not repeated in every list
    out = build(write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "T"\n',
        "content/posts/one.md": post("One", tags="[Alpha, Beta]", author="Ana"),
    }))
    own = (out / "posts/one/index.html").read_text("utf-8")
    assert '<a href="../../tags/alpha/index.html" rel="tag">Alpha</a>' in own
    for rel in ("index.html", "tags/alpha/index.html", "authors/ana/index.html"):
        listing = (out / rel).read_text("utf-8")
        assert 'class="post-entry"' in listing and "posts/one/index.html" in listing, rel
        assert "tags/beta/index.html" not in listing and 'rel="tag"' not in listing, rel
        assert 'class="tags"' not in listing, rel


def test_a_posts_json_ld_says_what_search_engines_ask_for_and_no_more(tmp_path: Path):
    out = build(write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "T"\nbase_url = "https://example.com/"\n',
        "content/posts/one.md": post("One", date="2026-02-01", author="Ana", tags="[Alpha]"),
    }))
    html = (out / "posts/one/index.html").read_text("utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', html, re.S).group(1))
    assert data["@type"] == "BlogPosting" and data["headline"] == "One"
    assert data["datePublished"] == data["dateModified"] == "2026-02-01T00:00:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "Ana", "url": "https://example.com/authors/ana/"}]
    assert data["image"].startswith("https://example.com/cards/") and data["keywords"] == ["Alpha"]
    # said elsewhere on the page: the meta description, the canonical link, og:site_name
    assert not {"description", "mainEntityOfPage", "publisher"} & set(data)
