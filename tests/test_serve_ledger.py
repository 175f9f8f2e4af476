"""The server writes its edits to the build state later, in one go (serve/ledger.py): between
writes, the next edit asks the live state which pages read what changed, and after a write
the store holds what a later build needs.

Seeded sequences of edits through the resident path, the store written only at seeded random
moments: the served site equals a clean build at every check, and after the server's last
write the same folder then takes CLI builds (which start from the store the server wrote)
that equal clean builds too."""

from __future__ import annotations

import os
import random
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import snapshot
from edit_sequences import apply, make, sequence
from test_equivalence import clean

from sitegen.pipeline import Options, Session, build
from sitegen.pipeline.edit import ledger
from sitegen.pipeline.state.store import BuildCache


@pytest.mark.parametrize("number", [31, 32])
def test_edits_written_late_give_the_same_site_and_a_store_a_later_build_can_trust(tmp_path: Path, number: int):
    site = make(tmp_path / "site")
    out = tmp_path / "out"
    rng = random.Random(number)
    resident = Session(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
    resident.full()
    edits = sequence(number * 7919 + 5, 120)
    structural = 0
    for n, (kind, a, b) in enumerate(edits[:90], 1):
        paths = apply(site, kind, a, b)
        resident.options = replace(resident.options, now=site.now)
        before = resident.structural_updates + resident.fast_updates
        if resident.apply([p.replace("/", os.sep) for p in paths]) is None:
            resident.full()
        structural += resident.structural_updates + resident.fast_updates - before
        resident.settle()
        if rng.random() < 0.2:
            resident.flush()
        if n % 6 == 0:
            assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now), (n, kind, a, b)
    assert structural > 40                  # the edits did stay resident, most of them unwritten for a while
    resident.flush()
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)
    # the CLI takes the folder over from the store the server wrote
    for n, (kind, a, b) in enumerate(edits[90:], 91):
        apply(site, kind, a, b)
        build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
        assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now), (n, kind, a, b)


def test_an_edit_is_not_in_the_store_until_flush_and_the_live_state_answers_for_it(tmp_path: Path):
    site = make(tmp_path / "site")
    out = tmp_path / "out"
    resident = Session(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
    resident.full()
    assert resident.built is not None
    written = resident.saved
    assert resident.apply(apply(site, "tags", 1, 3)) is not None
    resident.settle()
    assert resident.structural_updates == 1
    live = resident.saved
    assert isinstance(live, ledger.LiveState) and resident.unsaved
    store = BuildCache(site.root)            # what another process sees: the state of the full build
    assert store.output_state(out).state == written.state
    assert store.output_state(out).files == written.files
    rendered = set(resident.ledger.reads)
    assert rendered                          # the pages the edit rendered, with what they read now
    changed = {item: (1 << 30) - 1 for page in rendered for kind, name, _ in resident.ledger.reads[page]
               for item in [(kind, name)] if kind == "tag"}
    assert rendered & live.pages_reading(changed)
    resident.flush()
    assert not resident.unsaved and not isinstance(resident.saved, ledger.LiveState)
    again = BuildCache(site.root).output_state(out)
    assert again.files == live.files and again.vals == live.vals
    assert again.pages_reading(changed) == live.pages_reading(changed)


def _server_site(root: Path) -> Path:
    from conftest import post, write_site
    files = {"sitegen.toml": 'title = "L"\nposts_per_page = 2\n'}
    for i in range(6):
        files[f"content/posts/p{i}.md"] = post(f"Post {i}", date=f"2025-01-{i + 1:02d}", body=f"Body {i}.", tags="[t1]")
    return write_site(root, files)


def test_the_server_writes_its_edits_when_saves_pause_and_when_it_stops(tmp_path: Path):
    from sitegen.serve import PreviewServer
    site = _server_site(tmp_path / "site")
    server = PreviewServer(site, port=0, log=lambda m: None, log_error=lambda m: None)
    server.start()
    try:
        resident = server.session
        target = site / "content/posts/p1.md"
        attempts = server.state.attempts
        target.write_text(target.read_text().replace("tags: [t1]", "tags: [t1, later]"))
        assert server.wait_for_attempt(attempts, timeout=30)
        assert resident.structural_updates == 1
        for _ in range(100):                 # written once no save came for SAVE_AFTER
            if not resident.unsaved:
                break
            time.sleep(0.05)
        assert not resident.unsaved
        files = BuildCache(site).output_state(server.output_dir).files
        assert "tags/later/index.html" in files
        attempts = server.state.attempts
        target.write_text(target.read_text().replace("tags: [t1, later]", "tags: [t1, last]"))
        assert server.wait_for_attempt(attempts, timeout=30)
    finally:
        server.stop()                        # (right away: before SAVE_AFTER)
    files = BuildCache(site).output_state(server.output_dir).files
    assert "tags/last/index.html" in files and "tags/later/index.html" not in files


def test_the_debouncer_says_when_nothing_came_for_a_while():
    from sitegen.serve.watch import Debouncer
    debouncer = Debouncer(quiet=0.01)
    started = time.monotonic()
    assert debouncer.wait(idle=0.1) == set()
    assert time.monotonic() - started >= 0.1
    debouncer.add("content/posts/a.md")
    assert debouncer.wait(idle=0.1) == {"content/posts/a.md"}


def test_a_folder_whose_edits_could_not_be_written_is_not_marked_clean(tmp_path: Path):
    from sitegen.serve import PreviewServer
    site = _server_site(tmp_path / "site")
    errors: list[str] = []
    server = PreviewServer(site, port=0, log=lambda m: None, log_error=errors.append)
    server.start()
    try:
        target = site / "content/posts/p2.md"
        attempts = server.state.attempts
        target.write_text(target.read_text().replace("tags: [t1]", "tags: [t1, other]"))
        assert server.wait_for_attempt(attempts, timeout=30)

        def broken() -> None:
            raise OSError("disk full")
        server.session.flush = broken
    finally:
        server.stop()                        # (right away: the edit is not written yet)
    assert any("disk full" in e for e in errors)
    assert not (server.output_dir.parent / "clean").exists()     # the next session starts afresh
    again = PreviewServer(site, port=0, log=lambda m: None, log_error=lambda m: None)
    again.start()
    again.stop()
    assert (again.output_dir.parent / "clean").exists()
