"""Incremental builds of a site with pages, a menu, aliases and admonitions equal clean builds,
byte for byte, after each kind of change to them (the menu is in every page's header, a
redirect page shows its target's title, a page's body is shown by that page only)."""

import shutil
from pathlib import Path

import pytest
from conftest import post, snapshot, write_site
from test_incremental import NOW, edit

from sitegen.pipeline import Options, build

PAGE = "---\ntitle: {title}\n{more}---\n\n{body}\n"


def page(title: str, body: str = "Some text.", **meta: str) -> str:
    return PAGE.format(title=title, body=body, more="".join(f"{k}: {v}\n" for k, v in meta.items()))


def make_site(root: Path) -> Path:
    files = {
        "sitegen.toml": 'base_url = "https://example.com/"\nposts_per_page = 3\n\n[[menu]]\nname = "Imprint"\n'
                        'page = "legal/imprint.md"\nweight = 30\n',
        "content/pages/about.md": page("About", "We write. See [p1](../posts/p1.md).\n\n:::note\nA note.\n:::",
                                       menu="10", aliases="[/about-us/]"),
        "content/pages/legal/imprint.md": page("Imprint", "Who is responsible."),
        "content/pages/plain.md": page("Plain", "Not in the menu."),
    }
    for i in range(8):
        files[f"content/posts/p{i}.md"] = post(f"Post {i}", date=f"2025-0{1 + i % 9}-1{i % 9}",
                                               body=f"Post {i}. [About](../pages/about.md)", tags="[t]",
                                               **({"aliases": f"[/old/p{i}.html]"} if i % 2 else {}))
    return write_site(root, files)


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(Options(site_dir=site, output_dir=out, now=NOW, use_cache=False, workers=1))
    return snapshot(out)


CHANGES = {
    "edit a page's body": lambda s: edit(s / "content/pages/plain.md", "Not in the menu.", "Still not in it."),
    "rename a page in the menu": lambda s: edit(s / "content/pages/about.md", "title: About", "title: About us"),
    "put a page in the menu": lambda s: edit(s / "content/pages/plain.md", "title: Plain", "title: Plain\nmenu: 5"),
    "change a menu entry": lambda s: edit(s / "sitegen.toml", 'name = "Imprint"', 'name = "Legal"'),
    "move a page": lambda s: ((s / "content/pages/legal/imprint.md").rename(s / "content/pages/legal/imprint2.md"),
                              edit(s / "sitegen.toml", "legal/imprint.md", "legal/imprint2.md")),
    "add an alias to a post": lambda s: edit(s / "content/posts/p0.md", "title: Post 0", "title: Post 0\naliases: [/x/]"),
    "move an alias from a post to a page": lambda s: (edit(s / "content/posts/p1.md", "aliases: [/old/p1.html]\n", ""),
                                                     edit(s / "content/pages/plain.md", "title: Plain",
                                                          "title: Plain\naliases: [/old/p1.html]")),
    "retitle an alias's target": lambda s: edit(s / "content/posts/p3.md", "title: Post 3", "title: Post Three"),
    "remove an alias": lambda s: edit(s / "content/pages/about.md", "aliases: [/about-us/]\n", ""),
    "change a callout": lambda s: edit(s / "content/pages/about.md", ":::note", ":::warning Careful"),
    "draft a page": lambda s: edit(s / "content/pages/plain.md", "title: Plain", "title: Plain\ndraft: true"),
    "change a post's slug a page links to": lambda s: edit(s / "content/posts/p1.md", "title: Post 1",
                                                           "title: Post 1\nslug: first"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_incremental_build_equals_clean_build(change: str, tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    CHANGES[change](site)
    build(Options(site_dir=site, output_dir=out, now=NOW))
    assert snapshot(out) == clean_build(site, tmp_path / "clean")


def test_editing_a_page_body_rerenders_that_page_only(tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    CHANGES["edit a page's body"](site)
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    assert report.rendered_pages == 1
    assert report.written == 1          # that page's file


def test_renaming_a_menu_page_rerenders_every_page(tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    CHANGES["rename a page in the menu"](site)
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    # every page shows the menu (redirect pages and feeds do not, and are left alone)
    moved = [p for p in out.rglob("*.html") if b'http-equiv="refresh"' in p.read_bytes()]
    showing = [p for p in out.rglob("*.html") if b"About us" in p.read_bytes() and p not in moved]
    assert len(showing) == report.pages - len(moved)
    # those, and the redirect that names the page (its title changed); the others are left alone
    assert report.rendered_pages == report.written == len(showing) + 1


def test_pages_are_parsed_and_rendered_again_only_when_they_change(tmp_path: Path, monkeypatch):
    from sitegen.pipeline.markdown import links
    from sitegen.pipeline.site import standalone
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW, workers=1))
    seen: list[str] = []
    render, read = links.render_markdown, standalone.read_page
    monkeypatch.setattr(links, "render_markdown",
                        lambda d, *a, **k: (seen.append("render " + d.content_rel), render(d, *a, **k))[1])
    monkeypatch.setattr(standalone, "read_page", lambda s, rel, *a: (seen.append("read " + rel), read(s, rel, *a))[1])
    edit(site / "content/posts/p2.md", "Post 2.", "Post 2, edited.")
    build(Options(site_dir=site, output_dir=out, now=NOW, workers=1))
    assert seen == ["render posts/p2.md"]
    CHANGES["edit a page's body"](site)
    build(Options(site_dir=site, output_dir=out, now=NOW, workers=1))
    assert seen[1:] == ["read pages/plain.md", "render pages/plain.md"]
