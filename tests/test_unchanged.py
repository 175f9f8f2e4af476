"""A build with nothing to do (sitegen/build/unchanged.py): it imports none of the heavy
libraries, and it trusts the output folder only while the manifest is as the last build left
it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import snapshot
from test_incremental import CHANGES, NOW, clean_build, make_site

from sitegen.errors import SitegenError
from sitegen.pipeline import Options, build
from sitegen.pipeline.state.store import DIR as CACHE_DIR

HEAVY = ("jinja2", "markdown_it", "PIL", "yaml", "feedgen", "babel", "sitegen.pipeline.markdown.convert", "sitegen.pipeline.media.images")


def test_a_build_with_nothing_to_do_imports_no_heavy_library(tmp_path: Path):
    site, out = make_site(tmp_path / "site"), tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    code = ("import sys\nfrom sitegen.cli import main\n"
            f"code = main(['build', {str(site)!r}, '--output', {str(out)!r}])\n"
            f"print(code, sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    env = {"SITEGEN_NOW": NOW.isoformat(), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert "(0 written, " in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "0 []"


def test_a_hand_edited_manifest_is_not_trusted(tmp_path: Path):
    site, out = make_site(tmp_path / "site"), tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    manifest = out / ".sitegen-manifest.json"
    data = json.loads(manifest.read_text("utf-8"))
    del data["files"]["index.html"]          # sitegen no longer knows it made index.html
    manifest.write_text(json.dumps(data, indent=0, sort_keys=True), "utf-8")
    with pytest.raises(SitegenError, match="did not create it"):
        build(Options(site_dir=site, output_dir=out, now=NOW))


def test_a_touched_output_file_takes_the_full_path(tmp_path: Path):
    site, out = make_site(tmp_path / "site"), tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    page = out / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"<html", b"<html data-x", 1))
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    assert report.written == 1 and page.read_bytes() == original


@pytest.mark.parametrize("column", ["outputs", "files", "vals", "copies"])
def test_a_damaged_blob_of_the_output_state_is_a_warning_and_a_correct_build(column: str, tmp_path: Path):
    site, out = make_site(tmp_path / "site"), tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW))
    with sqlite3.connect(site / CACHE_DIR / "state.db") as conn:
        blob = conn.execute(f"SELECT {column} FROM outs").fetchone()[0]
        assert blob is not None
        damaged = blob[:-3] + bytes(b ^ 0x5A for b in blob[-3:])
        conn.execute(f"UPDATE outs SET {column}=?", (damaged,))
    conn.close()
    CHANGES["edit body"](site)
    report = build(Options(site_dir=site, output_dir=out, now=NOW))
    if column == "copies":          # a cache of what was copied: without it, the files are read
        assert not report.warnings
    else:
        assert any("build cache" in w for w in report.warnings)
    assert snapshot(out) == clean_build(site, tmp_path / "clean")
