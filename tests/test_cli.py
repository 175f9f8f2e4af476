"""End-to-end command line behaviour: exit codes, flags, never losing the user's files."""

from pathlib import Path

import pytest
from conftest import post, run_cli, snapshot, write_site

from sitegen import __version__


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"sitegen {__version__}"


@pytest.mark.parametrize("command", ["build", "new", "serve"])
def test_help_on_every_command(command):
    result = run_cli(command, "--help")
    assert result.returncode == 0
    assert f"usage: sitegen {command}" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path):
    assert run_cli("build", "--no-such-flag").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    result = run_cli("build", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert "site folder not found" in result.stderr


def test_build_prints_a_summary_and_exits_0(sample_site: Path):
    result = run_cli("build", str(sample_site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Built ")
    assert "pages" in result.stdout and "feeds" in result.stdout
    assert (sample_site / "output" / "index.html").is_file()


def test_same_input_builds_byte_identical_output(sample_site: Path, tmp_path: Path):
    assert run_cli("build", str(sample_site), "--output", str(tmp_path / "a")).returncode == 0
    assert run_cli("build", str(sample_site), "--output", str(tmp_path / "b"), env={"TZ": "Asia/Tokyo"}).returncode == 0
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_second_build_with_nothing_changed_writes_no_file(sample_site: Path):
    assert run_cli("build", str(sample_site)).returncode == 0
    out = sample_site / "output"
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run_cli("build", str(sample_site))
    assert result.returncode == 0
    assert "0 written" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times


def test_removed_post_disappears_from_output(sample_site: Path):
    assert run_cli("build", str(sample_site)).returncode == 0
    out = sample_site / "output"
    (out / "mine.txt").write_text("user file")
    (sample_site / "content/posts/2026/welcome-to-the-ev-notebook.md").unlink()
    assert run_cli("build", str(sample_site)).returncode == 0
    assert not (out / "posts" / "welcome-to-the-ev-notebook").exists()
    assert not (out / "tags" / "meta").exists()
    assert (out / "mine.txt").read_text() == "user file"


def test_drafts_and_future_posts_only_with_flags(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "content/posts/now.md": post("Now"),
        "content/posts/draft.md": post("Draft", draft="true"),
        "content/posts/later.md": post("Later", date="2099-01-01"),
    })
    assert run_cli("build", str(site)).returncode == 0
    posts = sorted(p.name for p in (site / "output" / "posts").iterdir())
    assert posts == ["now"]
    assert run_cli("build", str(site), "--drafts", "--future").returncode == 0
    posts = sorted(p.name for p in (site / "output" / "posts").iterdir())
    assert posts == ["draft", "later", "now"]


def test_base_url_flag_sets_absolute_urls(sample_site: Path):
    assert run_cli("build", str(sample_site), "--base-url", "https://cdn.example.net/blog/").returncode == 0
    feed = (sample_site / "output" / "feed.xml").read_text()
    assert "https://cdn.example.net/blog/posts/" in feed
    assert "https://example.com/" not in feed.replace("https://example.com/\"", "")


def test_front_matter_values_are_escaped(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "content/posts/x.md": post('"<script>alert(1)</script>"', tags="['<b>t</b>']",
                                   summary='"<img src=x onerror=alert(1)>"', body="<em>raw body html is kept</em>"),
    })
    assert run_cli("build", str(site)).returncode == 0
    out = site / "output"
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert" not in text, page
        assert "<img src=x" not in text, page
    assert "<em>raw body html is kept</em>" in (out / "posts" / "x" / "index.html").read_text()


def test_site_templates_override_and_extend_the_theme(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "content/posts/x.md": post("Hello"),
        "templates/post.html": '{% extends "theme/post.html" %}{% block comments %}<p id="mine">site block</p>{% endblock %}',
    })
    assert run_cli("build", str(site)).returncode == 0
    html = (site / "output" / "posts" / "x" / "index.html").read_text()
    assert '<p id="mine">site block</p>' in html
    assert "← Back to Blog" in html


def test_comments_slot_is_empty_unless_configured(tmp_path: Path):
    site = write_site(tmp_path / "s", {"content/posts/x.md": post("Hello")})
    assert run_cli("build", str(site)).returncode == 0
    assert "Comments" not in (site / "output/posts/x/index.html").read_text()
    (site / "sitegen.toml").write_text('comments = \'<div id="embed">widget</div>\'\n')
    assert run_cli("build", str(site)).returncode == 0
    html = (site / "output/posts/x/index.html").read_text()
    assert "Comments" in html and '<div id="embed">widget</div>' in html


def test_without_authors_file_authors_are_plain_names(tmp_path: Path):
    site = write_site(tmp_path / "s", {"content/posts/x.md": post("Hello", author='"Jane Doe"')})
    assert run_cli("build", str(site)).returncode == 0
    assert "Jane Doe" in (site / "output" / "authors" / "jane-doe" / "index.html").read_text()


def test_content_files_are_copied_next_to_their_posts(tmp_path: Path):
    import io

    from PIL import Image
    gif = io.BytesIO()
    Image.new("P", (4, 3)).save(gif, "GIF")     # GIF (and SVG) pass through the image pipeline unchanged
    site = write_site(tmp_path / "s", {
        "content/posts/2026/x.md": post("Hello", body="![chart](img/a.gif) [report](files/r.pdf)"),
        "content/posts/2026/img/a.gif": gif.getvalue(),
        "content/posts/2026/files/r.pdf": b"%PDF fake",
    })
    assert run_cli("build", str(site)).returncode == 0
    out = site / "output"
    assert (out / "posts/2026/img/a.gif").read_bytes() == gif.getvalue()
    html = (out / "posts/x/index.html").read_text()
    assert 'src="../../posts/2026/img/a.gif"' in html and 'href="../../posts/2026/files/r.pdf"' in html


def test_new_writes_front_matter_and_never_overwrites(tmp_path: Path):
    site = write_site(tmp_path / "s", {"content/authors.yaml": "ana:\n  name: Ana\n"})
    result = run_cli("new", "Škoda Elroq first drive", "--site", str(site), "--author", "ana", "--tags", "Skoda,Tests")
    assert result.returncode == 0, result.stderr
    files = list((site / "content" / "posts").rglob("*.md"))
    assert [f.name for f in files] == ["skoda-elroq-first-drive.md"]
    text = files[0].read_text()
    assert 'title: "Škoda Elroq first drive"' in text and 'author: "ana"' in text and 'tags: ["Skoda", "Tests"]' in text
    files[0].write_text(text + "\nMy words.\n")
    again = run_cli("new", "Škoda Elroq first drive", "--site", str(site))
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert files[0].read_text().endswith("My words.\n")
    assert run_cli("build", str(site)).returncode == 0


def test_default_theme_ships_with_the_package(tmp_path: Path):
    """A blog in another folder (no themes/ of its own) builds with the installed theme."""
    site = write_site(tmp_path / "elsewhere", {"content/posts/x.md": post("Hello")})
    result = run_cli("build", str(site), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "static" / "css" / "style.css").is_file()
