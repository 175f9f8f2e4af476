"""The resident server: an edit of a post in place takes the fast path (no full build) and the
served site then equals a clean build; a stop during a build stops the build."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from conftest import post, snapshot, write_site

from sitegen.build import Options, build
from sitegen.serve import PreviewServer


def make_site(root: Path, n: int) -> Path:
    files = {"content/authors.yaml": "ana:\n  name: Ana\n", "sitegen.toml": 'title = "R"\nposts_per_page = 2\n'}
    for i in range(n):
        files[f"content/posts/p{i}.md"] = post(f"Post {i}", date=f"2025-{1 + i % 12:02d}-{1 + i % 27:02d}",
                                               body=f"Body of post {i}.\n\n## Part\n\nMore text {i}.\n",
                                               author="ana", tags=f"[t{i % 5}]")
    return write_site(root, files)


def quiet(message: str) -> None:
    pass


def wait_for(server: PreviewServer, attempts: int) -> None:
    assert server.wait_for_attempt(attempts, timeout=60)


def test_an_edit_in_place_takes_the_fast_path_and_equals_a_clean_build(tmp_path: Path):
    site = make_site(tmp_path / "site", 12)
    server = PreviewServer(site, port=0, log=quiet, log_error=quiet)
    server.start()
    try:
        resident = server.resident
        full = resident.full_builds
        target = site / "content/posts/p4.md"
        for text in ("Body of post 4 is longer now.", "Post 4, edited twice."):
            attempts = server.state.attempts
            target.write_text(target.read_text().replace("Body of post 4", text).replace("Post 4, edited", text))
            wait_for(server, attempts)
        attempts = server.state.attempts
        target.write_text(target.read_text().replace("title: Post 4", "title: Post Four"))
        wait_for(server, attempts)
        assert resident.full_builds == full and resident.fast_updates >= 2
        page = (server.output_dir / "posts/p4/index.html").read_text()
        assert "Post Four" in page
        base = server.base_url
    finally:
        server.stop()
    # (as the server builds: plain stylesheet names in the live preview)
    build(Options(site_dir=site, output_dir=tmp_path / "clean", base_url=base, use_cache=False, workers=1,
                  hashed_assets=False))
    assert snapshot(server.output_dir) == snapshot(tmp_path / "clean")


def test_a_tag_change_takes_the_full_build(tmp_path: Path):
    site = make_site(tmp_path / "site", 6)
    server = PreviewServer(site, port=0, log=quiet, log_error=quiet)
    server.start()
    try:
        full = server.resident.full_builds
        attempts = server.state.attempts
        target = site / "content/posts/p2.md"
        target.write_text(target.read_text().replace("tags: [t2]", "tags: [t2, brand-new]"))
        wait_for(server, attempts)
        assert server.resident.full_builds == full + 1
        assert (server.output_dir / "tags/brand-new/index.html").is_file()
    finally:
        server.stop()


def test_stopping_the_server_stops_the_build_in_progress(tmp_path: Path):
    site = make_site(tmp_path / "site", 150)
    server = PreviewServer(site, port=0, log=quiet, log_error=quiet)
    server.start()
    building = threading.Event()
    hold = threading.Event()
    original = server._stop_point

    def slow_point(stage: str, done: int, total: int) -> None:
        building.set()
        hold.wait(0.05)              # a build long enough to be cut off
        original(stage, done, total)

    server._stop_point = slow_point  # type: ignore[method-assign]
    (site / "sitegen.toml").write_text('title = "R2"\nposts_per_page = 3\n')
    assert building.wait(60)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 5          # the whole build would take 150 x 50 ms and more
    assert "R2" not in (server.output_dir / "index.html").read_text()    # nothing of it was written
