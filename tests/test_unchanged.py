"""A build with nothing to do (sitegen/build/unchanged.py): it imports none of the heavy
libraries, and it trusts the output folder only while the manifest is as the last build left
it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_incremental import NOW, make_site

from sitegen.build import Options, build
from sitegen.errors import SitegenError

HEAVY = ("jinja2", "markdown_it", "PIL", "yaml", "feedgen", "sitegen.build.stages", "sitegen.build.media")


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
