"""Incremental builds equal clean builds, byte for byte, after every kind of change; and a
build with nothing changed writes no file. Also: a corrupt cache is detected and rebuilt."""

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import post, snapshot, write_site

from sitegen.pipeline import Options, build
from sitegen.pipeline.state.store import DIR as CACHE_DIR

NOW = __import__("datetime").datetime(2026, 11, 25, tzinfo=__import__("datetime").timezone.utc)


def make_site(root: Path, n: int = 24) -> Path:
    files = {"content/authors.yaml": "ana:\n  name: Ana\n  bio: Writes.\nbo:\n  name: Bo\n"}
    for i in range(n):
        body = f"Post {i} lead.\n\n## Part\n\nSee [next](p{(i + 1) % n}.md). ```x```\n\n| a | b |\n|---|---|\n| {i} | 2 |\n"
        files[f"content/posts/p{i}.md"] = post(f"Post {i}", date=f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}",
                                               body=body, author="ana" if i % 3 else "bo",
                                               tags=f"[t{i % 4}, common]")
    files["content/posts/img/a.svg"] = '<svg xmlns="http://www.w3.org/2000/svg"/>'
    files["sitegen.toml"] = 'base_url = "https://example.com/"\nposts_per_page = 5\n'
    return write_site(root, files)


def clean_build(site: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(Options(site_dir=site, output_dir=out, now=NOW, use_cache=False, workers=1))
    return snapshot(out)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1))


CHANGES = {
    "edit body": lambda s: edit(s / "content/posts/p3.md", "Post 3 lead.", "Post 3 has a new lead."),
    "change title": lambda s: edit(s / "content/posts/p4.md", "title: Post 4", "title: Post Four"),
    "change tags": lambda s: edit(s / "content/posts/p5.md", "tags: [t1, common]", "tags: [t9]"),
    "change author": lambda s: edit(s / "content/posts/p6.md", "author: bo", "author: ana"),
    "change date": lambda s: edit(s / "content/posts/p7.md", "date: 2025-08-08", "date: 2026-02-01"),
    "add post": lambda s: (s / "content/posts/new.md").write_text(post("Brand new", date="2026-03-01", tags="[t0]")),
    "delete post": lambda s: (s / "content/posts/p8.md").unlink(),
    "rename post": lambda s: (s / "content/posts/p9.md").rename(s / "content/posts/p9-renamed.md"),
    "edit template": lambda s: write_site(s, {"templates/post.html":
                                              '{% extends "theme/post.html" %}{% block comments %}<p>hi</p>{% endblock %}'}),
    "edit config": lambda s: edit(s / "sitegen.toml", "posts_per_page = 5", "posts_per_page = 7"),
    "edit author bio": lambda s: edit(s / "content/authors.yaml", "bio: Writes.", "bio: Writes a lot."),
    "touch without change": lambda s: os.utime(s / "content/posts/p2.md", (1e9, 1e9)),
    "edit static file": lambda s: write_site(s, {"static/extra.css": "body{}"}),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_incremental_build_equals_clean_build(change: str, tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))          # warm the cache
    if change == "rename post":
        # the renamed post's inbound link would break; point it at the new name first
        edit(site / "content/posts/p8.md", "(p9.md)", "(p9-renamed.md)")
    if change == "delete post":
        edit(site / "content/posts/p7.md", "(p8.md)", "(p9.md)")
    CHANGES[change](site)
    build(Options(site_dir=site, output_dir=out, now=NOW))
    assert snapshot(out) == clean_build(site, tmp_path / "clean")


def test_parallel_build_equals_serial_build(tmp_path: Path):
    site = make_site(tmp_path / "site", n=120)
    build(Options(site_dir=site, output_dir=tmp_path / "par", now=NOW, workers=2, use_cache=False))
    assert snapshot(tmp_path / "par") == clean_build(site, tmp_path / "serial")


def test_rebuild_after_an_output_file_was_deleted_restores_it(tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    (out / "posts" / "p3" / "index.html").unlink()
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    assert report.written == 1
    assert snapshot(out) == clean_build(site, tmp_path / "clean")


def test_future_post_appears_once_its_date_has_come(tmp_path: Path):
    site = make_site(tmp_path / "site")
    write_site(site, {"content/posts/soon.md": post("Soon", date="2026-12-01")})
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    assert not (out / "posts" / "soon").exists()
    later = NOW.replace(month=12, day=2)
    build(Options(site_dir=site, output_dir=out, now=later))
    assert (out / "posts" / "soon" / "index.html").is_file()


def test_rebuild_with_nothing_changed_writes_and_renders_nothing(tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    assert report.written == 0
    assert report.rendered_posts == 0 and report.rendered_pages == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == times


def test_editing_one_body_rerenders_only_the_pages_that_show_it(tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    first = build(Options(site_dir=site, output_dir=out, now=NOW))
    CHANGES["edit body"](site)
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    assert report.rendered_posts == 1
    assert 0 < report.rendered_pages < first.rendered_pages / 3


@pytest.mark.parametrize("damage", ["truncate", "garbage", "not a database", "row"])
def test_corrupt_cache_is_detected_and_rebuilt(damage: str, tmp_path: Path):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    state = site / CACHE_DIR / "state.db"
    checkpoint(state)
    if damage == "truncate":
        state.write_bytes(state.read_bytes()[:100])
    elif damage == "garbage":
        data = bytearray(state.read_bytes())
        data[1024:len(data) - 1024] = bytes(0xA5 for _ in range(len(data) - 2048))
        state.write_bytes(bytes(data))
    elif damage == "not a database":
        state.write_text("hello")
    else:       # one post's row altered behind the store's back
        with sqlite3.connect(state) as conn:
            blob = conn.execute("SELECT draft FROM drafts WHERE rel='posts/p3.md'").fetchone()[0]
            conn.execute("UPDATE drafts SET draft=? WHERE rel='posts/p3.md'", (blob.replace(b"Post 3", b"Post X"),))
        conn.close()
    CHANGES["edit body"](site)
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    assert any("build cache" in w for w in report.warnings)
    assert report.rendered_posts == 24
    assert snapshot(out) == clean_build(site, tmp_path / "clean")


def checkpoint(db: Path) -> None:
    """Move what the write-ahead log holds into the database file, so damage to it counts."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
