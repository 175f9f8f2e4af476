"""The writer does not read again a copied file whose source and output are as the last build
left them, but reads every source it cannot trust (changed, moved, or modified too close to
the last build's look at it)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sitegen.pipeline.output import Writer


def _copy_once(out: Path, source: Path, before: Writer | None, trusted_before: int) -> Writer:
    writer = Writer(out, stats=before.stats if before else None, copied=before.copies if before else None,
                    trusted_before=trusted_before)
    writer.copy("static/a.css", source)
    writer.commit()
    return writer


def _same_size_same_time(source: Path, text: str) -> None:
    """New bytes of the same length, with the modification time (and inode) the file had."""
    st = source.stat()
    with open(source, "r+", encoding="utf-8") as f:
        f.write(text)
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_an_unchanged_source_is_kept_without_reading(tmp_path: Path):
    source, out = tmp_path / "a.css", tmp_path / "out"
    source.write_text("body{color:red}", "utf-8")
    first = _copy_once(out, source, None, 0)
    assert first.written == 1
    later = time.time_ns() + 10**9
    second = _copy_once(out, source, first, later)
    assert second.written == 0 and second.unchanged == 1
    assert second.copies == first.copies
    # proof that it was not read: bytes changed behind the size and time are not seen ...
    _same_size_same_time(source, "body{color:tan}")
    third = _copy_once(out, source, second, later)
    assert third.written == 0
    assert (out / "static/a.css").read_text("utf-8") == "body{color:red}"


def test_a_source_modified_near_the_last_build_is_read_again(tmp_path: Path):
    source, out = tmp_path / "a.css", tmp_path / "out"
    source.write_text("body{color:red}", "utf-8")
    first = _copy_once(out, source, None, 0)
    _same_size_same_time(source, "body{color:tan}")
    # the source's time is not before the last build's look minus the margin: it is read
    second = _copy_once(out, source, first, source.stat().st_mtime_ns)
    assert second.written == 1
    assert (out / "static/a.css").read_text("utf-8") == "body{color:tan}"


def test_a_changed_source_or_a_touched_output_is_copied_again(tmp_path: Path):
    source, out = tmp_path / "a.css", tmp_path / "out"
    source.write_text("body{color:red}", "utf-8")
    later = time.time_ns() + 10**9
    first = _copy_once(out, source, None, later)
    source.write_text("body{color:blue}", "utf-8")          # another size
    second = _copy_once(out, source, first, later)
    assert second.written == 1
    assert (out / "static/a.css").read_text("utf-8") == "body{color:blue}"
    (out / "static/a.css").write_text("edited by hand", "utf-8")
    third = _copy_once(out, source, second, later)
    assert third.written == 1
    assert (out / "static/a.css").read_text("utf-8") == "body{color:blue}"
    other = tmp_path / "b.css"                                # the same name from another source
    other.write_text("body{color:blue}", "utf-8")
    os.utime(other, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns))
    fourth = Writer(out, stats=third.stats, copied=third.copies, trusted_before=later)
    fourth.copy("static/a.css", other)
    assert fourth.copies["static/a.css"][0] == str(other)
