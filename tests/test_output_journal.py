"""A build or server killed while it moves files into the output folder leaves files the manifest
does not list yet. The journal claims them first, so the next build takes them as its own (and
can replace or remove them) instead of refusing to overwrite "a file sitegen did not create";
a file whose bytes are not those claimed stays the user's."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.errors import SitegenError
from sitegen.pipeline import output
from sitegen.pipeline.output import JOURNAL, MANIFEST, Writer, read_manifest
from sitegen.pipeline.state.unchanged import manifest_stat

# Runs a Writer (or patch) in a child that SIGKILLs itself on the k-th os.replace into the output.
CHILD = r"""
import json, os, signal, sys
from pathlib import Path
from sitegen.pipeline import output
out, k, mode, files = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
real, calls = os.replace, [0]
def replace(src, dst):
    if os.path.commonpath([os.path.abspath(dst), str(out)]) == str(out) and not str(dst).endswith(output.MANIFEST):
        calls[0] += 1
        if calls[0] == k:
            os.kill(os.getpid(), signal.SIGKILL)
    real(src, dst)
output.os.replace = replace
if mode == "writer":
    w = output.Writer(out)
    for rel, text in files.items():
        w.add(rel, text.encode())
    w.commit()
else:
    manifest = output.read_manifest(out) or {}
    output.patch(out, {rel: text.encode() for rel, text in files.items()}, manifest)
"""

FIRST = {"index.html": "home", "posts/a/index.html": "a", "posts/b/index.html": "b"}
SECOND = {"index.html": "home, edited", "posts/a/index.html": "a", "posts/c/index.html": "c",
          "posts/d/index.html": "d", "tags/x/index.html": "x"}


def _build(out: Path, files: dict[str, str]) -> None:
    w = Writer(out)
    for rel, text in files.items():
        w.add(rel, text.encode())
    w.commit()


def _killed(out: Path, k: int, mode: str, files: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(out), str(k), mode, json.dumps(files)])
    assert proc.returncode == -signal.SIGKILL


def _site(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (MANIFEST, JOURNAL)}


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_a_build_killed_mid_commit_is_finished_by_the_next(tmp_path: Path, k: int) -> None:
    out = tmp_path / "out"
    _build(out, FIRST)
    _killed(out, k, "writer", SECOND)
    assert (out / JOURNAL).is_file()
    _build(out, SECOND)                 # no "refusing to overwrite": the moved files are claimed
    assert _site(out) == SECOND
    assert not (out / JOURNAL).exists()
    assert read_manifest(out) == json.loads((out / MANIFEST).read_text())["files"]


@pytest.mark.parametrize("k", [2, 3])
def test_files_a_killed_build_moved_in_are_removed_when_the_site_no_longer_has_them(tmp_path: Path, k: int) -> None:
    out = tmp_path / "out"
    _build(out, FIRST)
    _killed(out, k, "writer", SECOND)
    _build(out, FIRST)                  # the writer changed its mind: c, d and x are gone again
    assert _site(out) == FIRST


@pytest.mark.parametrize("k", [1, 2, 3])
def test_a_server_killed_mid_patch_leaves_files_the_next_build_claims(tmp_path: Path, k: int) -> None:
    out = tmp_path / "out"
    _build(out, FIRST)
    _killed(out, k, "patch", {"posts/c/index.html": "c", "posts/d/index.html": "d", "index.html": "home 2"})
    _build(out, FIRST)
    assert _site(out) == FIRST


def test_a_file_the_journal_names_but_the_user_replaced_is_not_claimed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, FIRST)
    _killed(out, 3, "writer", SECOND)        # index.html and posts/c moved in, then the kill
    moved = [rel for rel in SECOND if rel not in FIRST and (out / rel).is_file()]
    assert moved
    (out / moved[0]).write_text("the user's own file")
    w = Writer(out)
    with pytest.raises(SitegenError, match="did not create it"):
        w.add(moved[0], b"sitegen's page")
    w.abort()


def test_a_journal_line_cut_short_by_the_kill_is_ignored(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, FIRST)
    (out / "posts/new").mkdir()
    (out / "posts/new/index.html").write_bytes(b"n")
    digest = output._hash(b"n")
    (out / JOURNAL).write_text(json.dumps([digest, "posts/new/index.html"]) + "\n" + '["abc", "posts/hal')
    files = read_manifest(out)
    assert files is not None and files["posts/new/index.html"] == digest
    assert set(files) == set(FIRST) | {"posts/new/index.html"}


def test_the_no_change_build_does_not_trust_a_folder_with_a_journal(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, FIRST)
    assert manifest_stat(out) is not None
    (out / JOURNAL).write_text("")
    assert manifest_stat(out) is None


def test_a_file_name_with_a_newline_is_claimed_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, FIRST)
    rel = "static/odd\nname.txt"
    _killed(out, 2, "writer", {**FIRST, rel: "odd", "posts/z/index.html": "z"})   # rel moved, z not
    files = read_manifest(out)
    assert files is not None and files[rel] == output._hash(b"odd") and "posts/z/index.html" not in files
