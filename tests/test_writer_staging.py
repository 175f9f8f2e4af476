"""The Writer stages changed files flat (no folder tree in the staging folder) and moves each
into its place in the output tree on commit; an abort leaves the output as it was."""

from __future__ import annotations

from pathlib import Path

from sitegen.build.output import Writer


def _staged_tree(writer: Writer) -> list[Path]:
    return sorted(writer.staging.rglob("*"))


def test_nested_files_are_staged_flat_and_committed_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out"
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
    assert not any(p.name.startswith(".sitegen-staging") for p in tmp_path.iterdir())


def test_abort_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer = Writer(out)
    writer.add("posts/a/index.html", b"a")
    writer.abort()
    assert not out.exists()
    assert not any(p.name.startswith(".sitegen-staging") for p in tmp_path.iterdir())


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
