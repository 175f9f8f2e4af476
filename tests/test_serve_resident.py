"""The resident server: an edit of a post in place takes the fast path (no full build) and the
served site then equals a clean build; a stop during a build stops the build."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import post, snapshot, write_site

from sitegen.pipeline import Options, build
from sitegen.serve import PreviewServer


def make_site(root: Path, n: int) -> Path:
    files = {"content/authors.yaml": "ana:\n  name: Ana\nbo:\n  name: Bo\n", "sitegen.toml": 'title = "R"\nposts_per_page = 2\n'}
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
        resident = server.session
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


def clean_build(site: Path, out: Path, base: str) -> dict[str, bytes]:
    # (as the server builds: plain stylesheet names in the live preview)
    build(Options(site_dir=site, output_dir=out, base_url=base, use_cache=False, workers=1, hashed_assets=False))
    return snapshot(out)


def test_structural_edits_stay_resident_and_equal_a_clean_build(tmp_path: Path):
    site = make_site(tmp_path / "site", 12)
    server = PreviewServer(site, port=0, log=quiet, log_error=quiet)
    server.start()
    try:
        resident = server.session
        full = resident.full_builds
        posts = site / "content/posts"
        edits = [
            lambda: (posts / "p2.md").write_text((posts / "p2.md").read_text().replace("tags: [t2]", "tags: [t2, brand-new]")),
            lambda: (posts / "p3.md").write_text((posts / "p3.md").read_text().replace("date: 2025-04-04", "date: 2024-01-09")),
            lambda: (posts / "p4.md").write_text((posts / "p4.md").read_text().replace("author: ana", "author: bo")),
            lambda: (posts / "new.md").write_text(post("A new one", date="2026-01-02", body="Fresh.", author="ana", tags="[t9]")),
            lambda: (posts / "p5.md").unlink(),
            lambda: (posts / "p6.md").rename(posts / "p66.md"),
        ]
        for edit in edits:
            attempts = server.state.attempts
            edit()
            wait_for(server, attempts)
            assert server.state.problems is None
        assert resident.full_builds == full and resident.structural_updates >= len(edits) - 1
        out = server.output_dir
        assert (out / "tags/brand-new/index.html").is_file() and (out / "posts/new/index.html").is_file()
        assert not (out / "posts/p5/index.html").exists() and (out / "posts/p66/index.html").is_file()
        base = server.base_url
    finally:
        server.stop()
    assert snapshot(server.output_dir) == clean_build(site, tmp_path / "clean", base)


def test_a_structural_edit_renders_the_open_page_first(tmp_path: Path):
    from sitegen.pipeline import Session
    site = make_site(tmp_path / "site", 30)
    resident = Session(Options(site_dir=site, output_dir=tmp_path / "out", workers=1))
    resident.full()
    target = site / "content/posts/p7.md"
    target.write_text(target.read_text().replace("tags: [t2]", "tags: [t2, other]"))
    told: list[list[str]] = []
    seen_then: list[bool] = []

    def on_first(changed: list[str]) -> None:
        told.append(changed)      # the tag's new page is not written yet when the open page is
        seen_then.append((tmp_path / "out/tags/other/index.html").exists())

    edit = resident.apply(["content/posts/p7.md"], first=["posts/p7/index.html"], on_first=on_first)
    resident.settle()
    assert edit is not None and resident.structural_updates == 1
    assert told == [["posts/p7/index.html"]] and seen_then == [False]
    assert "tags/other/index.html" in edit.changed and "posts/p7/index.html" not in edit.changed
    assert "other" in (tmp_path / "out/posts/p7/index.html").read_text()


@pytest.mark.parametrize(("meta", "says"), [
    ({"slug": "p1", "author": "ana"}, "same URL"),
    ({"slug": "P1", "author": "ana"}, "differ only in case"),
    ({"author": "nobody"}, "unknown author"),
])
def test_a_structural_edit_with_a_problem_takes_the_full_build_which_reports_it(tmp_path: Path, meta, says):
    site = make_site(tmp_path / "site", 6)
    server = PreviewServer(site, port=0, log=quiet, log_error=quiet)
    server.start()
    try:
        full = server.session.full_builds
        attempts = server.state.attempts
        (site / "content/posts/copy.md").write_text(post("Copy", date="2025-02-02", **meta))
        wait_for(server, attempts)
        assert server.session.structural_updates == 0
        assert server.state.problems and says in server.state.problems[0]["message"]
        assert server.session.built is None          # the next save takes the full build too
        attempts = server.state.attempts
        (site / "content/posts/copy.md").unlink()
        wait_for(server, attempts)
        assert server.state.problems is None and server.session.full_builds == full + 1
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



def test_list_entries_rendered_ahead_are_used_and_the_site_equals_a_clean_build(tmp_path: Path):
    from sitegen.pipeline import Session
    site = make_site(tmp_path / "site", 15)
    resident = Session(Options(site_dir=site, output_dir=tmp_path / "out", workers=1,
                                    base_url="http://127.0.0.1:1/", hashed_assets=False))
    resident.full()
    while resident.warm(0.001):
        pass
    assert len(resident.entries) >= 2 * 15          # every post, at both heading levels
    for n in (3, 9):
        target = site / f"content/posts/p{n}.md"
        target.write_text(target.read_text().replace("title: Post", "title: Renamed").replace("author: ana", "author: bo"))
    (site / "content/posts/p5.md").unlink()
    assert resident.apply(["content/posts/p3.md", "content/posts/p9.md", "content/posts/p5.md"]) is not None
    resident.settle()
    assert resident.structural_updates == 1
    assert snapshot(tmp_path / "out") == clean_build(site, tmp_path / "clean", "http://127.0.0.1:1/")
    # the entries kept share one tuple per item they read (not one per read)
    kept = [reads for _, reads in resident.entries.values()]
    same = [next(item for item in r.items if item[0] == "template") for r in kept]
    assert len(kept) > 10 and len({id(item) for item in same}) < len(same) / 5


def test_an_open_page_of_a_new_post_shows_its_social_card(tmp_path: Path):
    from sitegen.pipeline import Session
    site = make_site(tmp_path / "site", 8)
    resident = Session(Options(site_dir=site, output_dir=tmp_path / "out", workers=1,
                                    base_url="http://127.0.0.1:1/", hashed_assets=False))
    resident.full()
    (site / "content/posts/new.md").write_text(post("Brand new", date="2025-03-03", author="ana", tags="[t1]"))
    told: list[list[str]] = []
    # the page was open before the post existed (its address showed the 404 page)
    edit = resident.apply(["content/posts/new.md"], first=["posts/new/index.html", "index.html"], on_first=told.append)
    resident.settle()
    assert edit is not None and told and "posts/new/index.html" in told[0]
    assert 'property="og:image"' in (tmp_path / "out/posts/new/index.html").read_text()
    assert snapshot(tmp_path / "out") == clean_build(site, tmp_path / "clean", "http://127.0.0.1:1/")


def test_a_post_that_stops_linking_a_full_size_copy_equals_a_clean_build(tmp_path: Path):
    # (an edit in place once kept the copy: its rule asked only that the files were linked at all)
    from photos import scene
    site = make_site(tmp_path / "site", 4)
    scene(64, 48).save(site / "content/posts/p.jpg", "JPEG")
    target = site / "content/posts/p1.md"
    target.write_text(target.read_text() + "\n[full size](p.jpg)\n")
    server = PreviewServer(site, port=0, log=quiet, log_error=quiet)
    server.start()
    try:
        assert (server.output_dir / "posts/p.jpg").is_file()
        attempts = server.state.attempts
        target.write_text(target.read_text().replace("[full size](p.jpg)", "No link."))
        wait_for(server, attempts)
        base = server.base_url
    finally:
        server.stop()
    assert snapshot(server.output_dir) == clean_build(site, tmp_path / "clean", base)


def test_an_edits_bookkeeping_waits_until_the_browser_fetched_the_open_page(tmp_path: Path, monkeypatch):
    # The bookkeeping after an edit (the manifest, the ledger: 70-170 ms at 10,000 posts) would
    # share the interpreter with the HTTP thread that serves the open page: it waits for that fetch.
    import urllib.request

    from sitegen.serve import server as server_module
    monkeypatch.setattr(server_module, "EARLY_WAIT", 30.0)      # (a slow machine's browser is not the point here)
    site = make_site(tmp_path / "site", 12)
    config = site / "sitegen.toml"          # (the feeds hold the newest post only: the edit changes one page)
    config.write_text(config.read_text() + "feed_length = 1\n")
    server = PreviewServer(site, port=0, log=quiet, log_error=quiet)
    server.start()
    try:
        url = server.base_url.rstrip("/") + "/posts/p4/"
        urllib.request.urlopen(url, timeout=30).read()           # the page is open in a browser
        # the server notes a page as viewed once it has sent it, which may be after the client
        # has read it: wait for that note, or it could land in `order` below as a second fetch
        deadline = time.monotonic() + 30
        while "posts/p4/index.html" not in server.viewed and time.monotonic() < deadline:
            time.sleep(0.01)
        events = server.hub.subscribe()
        session = server.session
        assert session is not None
        order: list[str] = []
        settle = type(session).settle

        def settle_noting(self: Any) -> None:
            if self._pending is not None:                        # (an edit's bookkeeping, not the no-op before one)
                order.append("settled")
            settle(self)

        monkeypatch.setattr(type(session), "settle", settle_noting)
        viewed = server.page_viewed

        def viewed_noting(rel: str) -> None:
            order.append("fetched")
            viewed(rel)

        monkeypatch.setattr(server, "page_viewed", viewed_noting)

        def browser() -> None:
            while True:
                message = events.get(timeout=60)
                if message and b"posts/p4/index.html" in message:
                    break
            time.sleep(0.3)                                       # slower than the bookkeeping alone
            urllib.request.urlopen(url, timeout=30).read()

        reader = threading.Thread(target=browser)
        reader.start()
        attempts = server.state.attempts
        target = site / "content/posts/p4.md"
        target.write_text(target.read_text().replace("More text 4.", "More text 4, edited."))
        wait_for(server, attempts)
        reader.join(60)
        deadline = time.monotonic() + 30
        while len(order) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert order == ["fetched", "settled"]
        assert "More text 4, edited." in (server.output_dir / "posts/p4/index.html").read_text()
    finally:
        server.stop()
