"""`sitegen import` as a user runs it: exit codes, never overwriting, dry runs, an existing site."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli
from import_support import FIXTURES, files_of, front

WXR = FIXTURES / "wordpress" / "export-1.2.xml"


def test_help_and_usage_errors(tmp_path: Path) -> None:
    result = run_cli("import", "--help")
    assert result.returncode == 0 and "usage: sitegen import" in result.stdout and "--no-download" in result.stdout
    assert run_cli("import", "blogger", str(WXR)).returncode == 2
    result = run_cli("import", "jekyll", str(tmp_path / "nowhere"), "--site", str(tmp_path / "s"))
    assert result.returncode == 2 and "not found" in result.stderr
    result = run_cli("import", "wordpress", "https://example.com/export.xml", "--site", str(tmp_path / "s"))
    assert result.returncode == 2 and "not a URL" in result.stderr
    assert not (tmp_path / "s").exists()


def test_import_then_report_and_exit_0(tmp_path: Path) -> None:
    result = run_cli("import", "wordpress", str(WXR), "--site", str(tmp_path / "site"), "--no-download")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"Imported from wordpress {WXR}:"
    assert lines[1] == "  4 posts (1 draft), 2 pages, 2 authors, 3 tags, 0 images"
    assert "Not imported on purpose (not public on the old site) (3):" in result.stdout
    assert "Could not be converted, check these" in result.stdout


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("import", "wordpress", str(WXR), "--site", str(tmp_path / "site"), "--no-download", "--dry-run")
    assert result.returncode == 0 and "dry run: nothing written" in result.stdout
    assert "files would be written" in result.stdout
    assert not (tmp_path / "site").exists()


def test_never_overwrites_a_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    mine = site / "content" / "posts" / "2023" / "winter-mornings.md"
    mine.parent.mkdir(parents=True)
    # another post at the path an imported one would take: the import goes beside it
    mine.write_text("---\ntitle: My own winter\ndate: 2023-01-01\n---\nmy own words\n", "utf-8")
    result = run_cli("import", "wordpress", str(WXR), "--site", str(site), "--no-download")
    assert result.returncode == 0, result.stderr
    assert mine.read_text("utf-8").endswith("my own words\n")
    assert front(site / "content" / "posts" / "2023" / "winter-mornings-2.md")[0]["title"] == "Winter mornings and a cold battery"


def test_an_imported_file_edited_since_is_a_conflict_and_nothing_is_written(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run_cli("import", "wordpress", str(WXR), "--site", str(site), "--no-download").returncode == 0
    edited = site / "content" / "posts" / "2023" / "winter-mornings.md"
    edited.write_text(edited.read_text("utf-8") + "\nA line the writer added after the import.\n", "utf-8")
    (site / "content" / "authors.yaml").unlink()
    before = files_of(site)
    result = run_cli("import", "wordpress", str(WXR), "--site", str(site), "--no-download")
    assert result.returncode == 1
    assert "content/posts/2023/winter-mornings.md already exists with other content; sitegen never overwrites" in result.stderr
    assert files_of(site) == before          # not even the missing authors.yaml was written


def existing_site(root: Path) -> Path:
    """A small site of the writer's own: an author, a post with an old address, an About page."""
    site = root / "site"
    files = {
        "sitegen.toml": 'title = "Mine"\n',
        "content/authors.yaml": 'mq:\n  name: "Mara Quill"\n',
        "content/posts/2022/hello.md": "---\ntitle: Hello\ndate: 2022-01-01\nauthor: mq\n"
                                       "aliases: [/2023/02/20/heat-pump-notes/]\n---\nHello.\n",
        "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
    }
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, "utf-8")
    return site


def test_into_an_existing_site(tmp_path: Path) -> None:
    site = existing_site(tmp_path)
    before = files_of(site)
    result = run_cli("import", "wordpress", str(WXR), "--site", str(site), "--no-download")
    # Tobias Wren is not in authors.yaml, and sitegen never edits a file it did not write
    assert result.returncode == 1
    assert "author 'Tobias Wren' is not in authors.yaml" in result.stderr and "tobias-wren:" in result.stderr
    assert files_of(site) == before
    with (site / "content" / "authors.yaml").open("a", encoding="utf-8") as f:
        f.write('tobias-wren:\n  name: "Tobias Wren"\n')
    before = files_of(site)
    result = run_cli("import", "wordpress", str(WXR), "--site", str(site), "--no-download")
    assert result.returncode == 0, result.stderr
    after = files_of(site)
    assert all(after[k] == v for k, v in before.items())          # nothing of the site changed
    assert front(site / "content" / "posts" / "2023" / "winter-mornings.md")[0]["author"] == "mq"   # matched by name
    # the site's own About page keeps /about/: the imported one goes beside it, without the alias
    about, _ = front(site / "content" / "pages" / "about-2.md")
    assert about["title"] == "About" and "aliases" not in about
    assert "the old address /about/ is already an address of content/pages/about.md" in result.stdout
    # an old address another post of the site already claims is not claimed twice
    notes, _ = front(site / "content" / "posts" / "2023" / "heat-pump-notes.md")
    assert "aliases" not in notes
    assert "/2023/02/20/heat-pump-notes/ is already an address of content/posts/2022/hello.md" in result.stdout


def test_slugs_stay_unique_next_to_existing_posts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    old = site / "content" / "posts" / "old" / "heat-pump-notes.md"
    old.parent.mkdir(parents=True)
    old.write_text("---\ntitle: Mine\ndate: 2020-01-01\n---\nMine.\n", "utf-8")
    result = run_cli("import", "wordpress", str(WXR), "--site", str(site), "--no-download")
    assert result.returncode == 0, result.stderr
    meta, _ = front(site / "content" / "posts" / "2023" / "heat-pump-notes-2.md")
    assert meta["title"] == "Heat pump notes" and meta["aliases"] == ["/2023/02/20/heat-pump-notes/"]
    # the link to it from another imported post follows the new name
    assert "(heat-pump-notes-2.md)" in (site / "content" / "posts" / "2023" / "winter-mornings.md").read_text("utf-8")


def test_a_folder_without_posts_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no posts here", "utf-8")
    for kind, message in (("jekyll", "no posts found"), ("hugo", "no Markdown files found"),
                          ("markdown", "no .md, .mdx or .markdown files found")):
        result = run_cli("import", kind, str(empty), "--site", str(tmp_path / "site"))
        assert result.returncode == 1, kind
        assert message in result.stderr and str(empty) in result.stderr
    assert not (tmp_path / "site").exists()
