"""Symbolic links under content/, data/, static/, templates/ and the theme.

One rule for files and folders alike: a link that resolves inside the site folder is followed
(its file is used as if it were there); one that resolves outside the site folder, points to
nothing, or leads back into a folder that contains it is an error naming the link, and nothing
is written. A file from outside the site is never published (Jekyll's CVE-2018-17567).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT, post, run_cli, snapshot, write_site
from test_serve import make_site

from sitegen.serve import PreviewServer

SECRET = "PRIVATE KEY MATERIAL\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files outside the site folder: a key and a folder of notes."""
    return write_site(tmp_path / "elsewhere", {"id_rsa": SECRET, "notes/todo.txt": SECRET,
                                               "notes/todo.md": post("Outside post"),
                                               "tpl/post.html": "{{ 1 }}" + SECRET,
                                               "data.yaml": "secret: 'PRIVATE KEY MATERIAL'\n"})


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"content/posts/a.md": post("A post", body="Text.")})


def link(at: Path, to: Path | str) -> None:
    at.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(to, at)


def assert_refused(site: Path, shown: str, what: str = "points outside the site folder") -> None:
    result = run_cli("build", str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert f"{shown}: " in result.stderr and what in result.stderr, result.stderr
    assert "->" in result.stderr
    assert not (site / "output").exists()


@pytest.mark.parametrize("where", ["content/posts/notes.txt", "content/key", "static/key.txt",
                                   "data/key.yaml", "templates/key.html"])
def test_a_linked_file_outside_the_site_is_an_error(site, outside, where):
    target = outside / ("data.yaml" if where.endswith(".yaml") else "id_rsa")
    link(site / where, target)
    assert_refused(site, where)


@pytest.mark.parametrize("where", ["content/posts/notes", "content/shared", "static/shared",
                                   "data/shared", "templates/partials"])
def test_a_linked_folder_outside_the_site_is_an_error(site, outside, where):
    link(site / where, outside / "notes")
    assert_refused(site, where)


def test_a_link_in_the_sites_theme_that_leads_outside_is_an_error(site, outside):
    shutil.copytree(ROOT / "themes" / "default", site / "themes" / "mine")
    (site / "sitegen.toml").write_text('theme = "mine"\n')
    link(site / "themes/mine/static/key.txt", outside / "id_rsa")
    assert_refused(site, "themes/mine/static/key.txt")


def test_a_theme_folder_that_is_a_link_outside_the_site_is_an_error(site, tmp_path):
    shutil.copytree(ROOT / "themes" / "default", tmp_path / "shared-theme")
    link(site / "themes/shared", tmp_path / "shared-theme")
    (site / "sitegen.toml").write_text('theme = "shared"\n')
    assert_refused(site, "themes/shared")


def test_the_whole_content_folder_as_a_link_outside_is_an_error(tmp_path, outside):
    site = tmp_path / "site"
    site.mkdir()
    link(site / "content", outside)
    assert_refused(site, "content")


def test_a_link_to_nothing_is_an_error(site):
    link(site / "content/posts/gone.png", site / "content/posts/missing.png")
    assert_refused(site, "content/posts/gone.png", "points to nothing")


def test_a_folder_link_that_leads_back_into_itself_is_an_error(site):
    link(site / "content/posts/again", "..")
    assert_refused(site, "content/posts/again", "leads back into a folder that contains it")


def test_every_bad_link_is_reported_in_one_run(site, outside):
    link(site / "content/posts/notes.txt", outside / "id_rsa")
    link(site / "static/shared", outside / "notes")
    link(site / "data/key.yaml", outside / "data.yaml")
    result = run_cli("build", str(site))
    assert result.returncode == 1
    for shown in ("content/posts/notes.txt", "static/shared", "data/key.yaml"):
        assert f"{shown}: " in result.stderr, result.stderr


def test_links_inside_the_site_are_followed_for_files_and_folders(site):
    write_site(site, {"shared/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
                      "shared/posts/b.md": post("Linked post", body="From a linked folder."),
                      "shared/data/prices.csv": "model,price\nA,1\n"})
    link(site / "content/images/logo.svg", "../../shared/logo.svg")
    link(site / "content/posts/more", "../../shared/posts")
    link(site / "data/prices.csv", "../shared/data/prices.csv")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    out = snapshot(site / "output")
    assert out["images/logo.svg"].startswith(b"<svg")
    assert b"From a linked folder." in out["posts/b/index.html"]


def test_nothing_from_outside_is_published_by_an_earlier_good_build(site, outside):
    """A refused link leaves the last good output exactly as it was."""
    assert run_cli("build", str(site)).returncode == 0
    before = snapshot(site / "output")
    link(site / "content/posts/notes.txt", outside / "id_rsa")
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert snapshot(site / "output") == before
    assert all(SECRET.encode() not in data for data in snapshot(site / "output").values())


def test_serve_never_renders_a_post_replaced_by_a_link_outside(tmp_path, outside):
    """The resident server's fast path for posts edited in place reads the file again: a post
    replaced by a link out of the site must go through the full build and its rule."""
    site = make_site(tmp_path / "served")
    post = site / "content/posts/2026/welcome-to-the-ev-notebook.md"
    (outside / "post.md").write_text(post.read_text("utf-8").replace("Welcome", SECRET.strip(), 1), "utf-8")
    logs: list[str] = []
    server = PreviewServer(site, host="127.0.0.1", port=0, log=logs.append, log_error=logs.append).start()
    try:
        attempts = server.state.attempts
        post.unlink()
        os.symlink(outside / "post.md", post)
        assert server.wait_for_attempt(attempts, timeout=30)
        deadline = time.monotonic() + 30
        while server.state.problems is None and time.monotonic() < deadline:
            server.wait_for_attempt(server.state.attempts, timeout=1)
        assert server.state.problems, logs
        assert any(p["file"] == "content/posts/2026/welcome-to-the-ev-notebook.md" for p in server.state.problems)
        served = server.output_dir / "posts/welcome-to-the-ev-notebook/index.html"
        assert SECRET.strip().encode() not in served.read_bytes()
    finally:
        server.stop()
