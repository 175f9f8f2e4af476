"""Incremental builds equal clean builds, byte for byte, after seeded random sequences of 200
edits (body, title, date, tags, author, add, delete, rename, draft toggle, a future post coming
due, template, data file, config, author bio): through the CLI's build() with its build state,
and through the server's resident path (the edits' paths as the change set).

Every few edits and after the last one, the output is compared with a clean build (no cache,
one process) of the site as it is then."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import snapshot
from edit_sequences import LANGUAGE_KINDS, apply, edits, make
from hypothesis import HealthCheck, Phase, given, seed, settings

from sitegen.pipeline import Options, Session, build

CHECK_EVERY = 8
# one sequence of 200 edits per test, the same on every run; no shrinking (a failure names its edit)
SETTINGS = settings(max_examples=1, deadline=None, derandomize=True, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


def clean(site: Path, out: Path, now) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    build(Options(site_dir=site, output_dir=out, now=now, use_cache=False, workers=1))
    return snapshot(out)


@seed(9)
@SETTINGS
@given(sequence=edits(9))
def test_cli_incremental_equals_clean_after_random_edits(tmp_path_factory, sequence):
    root = tmp_path_factory.mktemp("cli")
    site = make(root / "site")
    out = root / "out"
    build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
    for n, (kind, a, b) in enumerate(sequence, 1):
        apply(site, kind, a, b)
        build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
        if n % CHECK_EVERY == 0 or n == len(sequence):
            assert snapshot(out) == clean(site.root, root / "clean", site.now), (n, kind, a, b)


@seed(10)
@SETTINGS
@given(sequence=edits(10))
def test_resident_serve_equals_clean_after_random_edits(tmp_path_factory, sequence):
    root = tmp_path_factory.mktemp("serve")
    site = make(root / "site")
    out = root / "out"
    resident = Session(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
    resident.full()
    for n, (kind, a, b) in enumerate(sequence, 1):
        paths = apply(site, kind, a, b)
        resident.options = replace(resident.options, now=site.now)
        if resident.apply([p.replace("/", os.sep) for p in paths]) is None:
            resident.full()
        resident.settle()
        if n % CHECK_EVERY == 0 or n == len(sequence):
            assert snapshot(out) == clean(site.root, root / "clean", site.now), (n, kind, a, b)
    assert resident.fast_updates > 20          # the sequence did exercise the fast path
    assert resident.structural_updates > 20    # and the resident structural path


@seed(11)
@SETTINGS
@given(sequence=edits(11, LANGUAGE_KINDS, 120))
def test_cli_incremental_equals_clean_after_random_edits_of_a_bilingual_site(tmp_path_factory, sequence):
    """Translations added, edited, moved and deleted, and originals whose date, author and tags
    their translations take: every language's pages as a clean build makes them."""
    root = tmp_path_factory.mktemp("cli-languages")
    site = make(root / "site", languages=True)
    out = root / "out"
    build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
    assert (out / "de" / "index.html").is_file()
    kinds = {kind for kind, _, _ in sequence}
    assert {"translate", "untranslate", "move_de", "delete", "rename", "date"} <= kinds
    for n, (kind, a, b) in enumerate(sequence, 1):
        apply(site, kind, a, b)
        build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
        if n % CHECK_EVERY == 0 or n == len(sequence):
            assert snapshot(out) == clean(site.root, root / "clean", site.now), (n, kind, a, b)


@seed(12)
@SETTINGS
@given(sequence=edits(12, LANGUAGE_KINDS, 120))
def test_resident_serve_equals_clean_after_random_edits_of_a_bilingual_site(tmp_path_factory, sequence):
    root = tmp_path_factory.mktemp("serve-languages")
    site = make(root / "site", languages=True)
    out = root / "out"
    resident = Session(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
    resident.full()
    translated_in_place = 0
    for n, (kind, a, b) in enumerate(sequence, 1):
        paths = apply(site, kind, a, b)
        resident.options = replace(resident.options, now=site.now)
        fast = resident.fast_updates
        if resident.apply([p.replace("/", os.sep) for p in paths]) is None:
            resident.full()
        resident.settle()
        if resident.fast_updates > fast and all(p.endswith(".de.md") or p.startswith("content/de/") for p in paths):
            translated_in_place += 1
        if n % CHECK_EVERY == 0 or n == len(sequence):
            assert snapshot(out) == clean(site.root, root / "clean", site.now), (n, kind, a, b)
    # translations edited in place (taking from their originals in the edit engine), not only by the full build
    assert translated_in_place >= 5


KILLER = """
import sys
from pathlib import Path
from sitegen.pipeline import Options, build
build(Options(site_dir=Path(sys.argv[1]), output_dir=Path(sys.argv[2]), workers=1))
"""


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.7, 1.0, 1.5])
def test_a_build_killed_at_any_point_leaves_a_state_the_next_build_corrects(tmp_path, delay):
    site = make(tmp_path / "site", n=40)
    out = tmp_path / "out"
    env = {**os.environ, "SITEGEN_NOW": site.now.isoformat()}
    subprocess.run([sys.executable, "-c", KILLER, str(site.root), str(out)], check=True, env=env)
    for kind, a, b in [("title", 3, 5), ("add", 1, 2), ("tags", 7, 9), ("template", 0, 4), ("delete", 11, 0)]:
        apply(site, kind, a, b)
    proc = subprocess.Popen([sys.executable, "-c", KILLER, str(site.root), str(out)], env=env)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    subprocess.run([sys.executable, "-c", KILLER, str(site.root), str(out)], check=True, env=env)
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)


def test_manifest_text_is_what_json_dumps_writes():
    import json

    from sitegen.pipeline.output import manifest_text
    for files in ({}, {"a": "x"}, {"b/é.html": "h1", 'a"q': "h2", "z": ""}):
        expected = json.dumps({"generator": "sitegen", "files": dict(sorted(files.items()))}, indent=0,
                              sort_keys=True) + "\n"
        assert manifest_text(files) == expected
