"""When the output folder exists, the Writer stages changed files flat (no folder tree in the
staging folder) and moves each into its place on commit; when it does not (a first or clean
build), it stages the site's own tree and the commit renames that tree into place. An abort
leaves the output as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.pipeline.output import MANIFEST, Writer


def _no_staging_left(folder: Path) -> None:
    assert not any(p.name.startswith(".sitegen-staging") for p in folder.iterdir())


def _staged_tree(writer: Writer) -> list[Path]:
    return sorted(writer.staging.rglob("*"))


def test_nested_files_are_staged_flat_and_committed_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    writer = Writer(out)
    files = {"index.html": b"home", "posts/2026/a/index.html": b"a", "posts/2026/b/index.html": b"b",
             "tags/x/page/2/index.html": b"x2"}
    for rel, data in files.items():
        writer.add(rel, data)
    staged = _staged_tree(writer)
    assert len(staged) == len(files) and all(p.is_file() for p in staged)   # no folders
    writer.commit()
    for rel, data in files.items():
        assert (out / rel).read_bytes() == data
    _no_staging_left(tmp_path)


def test_abort_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer = Writer(out)
    writer.add("posts/a/index.html", b"a")
    writer.abort()
    assert not out.exists()
    _no_staging_left(tmp_path)


def test_a_second_build_replaces_changed_files_and_removes_gone_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = Writer(out)
    first.add("posts/a/index.html", b"a")
    first.add("posts/b/index.html", b"b")
    first.commit()
    second = Writer(out, stats=first.stats)
    second.add("posts/a/index.html", b"a, edited")
    second.commit()
    assert (out / "posts/a/index.html").read_bytes() == b"a, edited"
    assert not (out / "posts/b").exists()
    assert second.written == 1


def test_a_fresh_build_stages_the_tree_and_renames_it_into_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer = Writer(out)
    files = {"index.html": b"home", "posts/2026/a/index.html": b"a", "tags/x/page/2/index.html": b"x2"}
    for rel, data in files.items():
        writer.add(rel, data)
    tree = writer.staging / "site"
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()) == sorted(files)
    inode = tree.stat().st_ino
    writer.commit()
    assert out.stat().st_ino == inode                       # one rename, not a copy
    for rel, data in files.items():
        assert (out / rel).read_bytes() == data
    assert (out / MANIFEST).is_file() and writer.written == len(files)
    assert set(writer.stats) == set(files)
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~umask       # not mkdtemp's private 0700
    _no_staging_left(tmp_path)


def test_a_folder_that_appears_during_a_fresh_build_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer = Writer(out)
    writer.add("index.html", b"ours")
    writer.add("notes/index.html", b"ours too")
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "index.html").write_bytes(b"the writer's own file")
    with pytest.raises(SitegenError, match="refusing to overwrite"):
        writer.commit()
    assert (out / "notes" / "index.html").read_bytes() == b"the writer's own file"
    assert not (out / "index.html").exists()
