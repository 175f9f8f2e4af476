"""The command line's edit path (sitegen/build/quick.py): posts edited in place are patched into
the last build's snapshot (snapshot.py). It must write exactly what a clean build writes, and
anything it cannot be sure of must take the full path: every other kind of edit, a snapshot
that is damaged, of other options, or not the one of the state beside it.

Files are aged after every edit (each edit a few seconds after the last, as a writer's saves
are): a file modified in the clock tick of the last build is never trusted by its size and time,
so edits made within the same second would all take the full path."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from conftest import snapshot
from edit_sequences import KINDS, apply, make, sequence

from sitegen.errors import SitegenError
from sitegen.pipeline import Options, build
from sitegen.pipeline.state import snapshot as snapshot_module
from sitegen.pipeline.state import store as cache

IN_PLACE = {"body", "lead", "summary", "title"}     # (a title edit keeps its post's place here; its card is drawn again)


class Clock:
    """Gives every file modified since the last look its own time, seconds apart, in the past."""

    def __init__(self, root: Path):
        self.root = root
        self.t = time.time() - 100_000
        self.known: dict[str, tuple[int, int]] = {}
        self.age()

    def age(self) -> None:
        self.t += 3
        for dirpath, _, names in os.walk(self.root):
            for name in names:
                path = os.path.join(dirpath, name)
                st = os.stat(path)
                if self.known.get(path) != (st.st_size, st.st_mtime_ns):
                    os.utime(path, (self.t, self.t))
                    st = os.stat(path)
                    self.known[path] = (st.st_size, st.st_mtime_ns)


def clean(site: Path, out: Path, now) -> dict[str, bytes]:
    import shutil
    shutil.rmtree(out, ignore_errors=True)
    build(Options(site_dir=site, output_dir=out, now=now, use_cache=False, workers=1))
    return snapshot(out)


def start(tmp_path: Path):
    site = make(tmp_path / "site")
    clock = Clock(site.root)
    out = tmp_path / "out"
    build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))
    return site, clock, out


def again(site, out):
    return build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1))


def test_edit_path_equals_clean_after_random_edits(tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot_module, "CHUNK", 4)      # (posts in several sections, patched one by one)
    site, clock, out = start(tmp_path)
    taken: dict[str, int] = {}
    edits = sequence(4242, 160)
    for n, (kind, a, b) in enumerate(edits, 1):
        apply(site, kind, a, b)
        clock.age()
        report = again(site, out)
        if report.in_place and report.rendered_posts:      # (an edit may rewrite a file as it was)
            taken[kind] = taken.get(kind, 0) + 1
        if n % 8 == 0 or n == len(edits):
            assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now), (n, kind, a, b)
    assert set(taken) <= IN_PLACE, taken
    assert sum(taken.values()) >= 15, taken        # (the path is really exercised)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_edit_is_patched_in_place_or_takes_the_full_path(tmp_path, kind):
    site, clock, out = start(tmp_path)
    apply(site, "body", 1, 1)              # (the first edit build leaves a snapshot too)
    clock.age()
    assert again(site, out).in_place
    apply(site, kind, 3, 5)
    clock.age()
    report = again(site, out)
    assert (report.in_place and report.rendered_posts == 1) == (kind in IN_PLACE)
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)
    apply(site, "body", 6, 7)              # and the build after it is right too (another post)
    clock.age()
    assert again(site, out).in_place
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)


def test_a_body_edit_renders_only_what_reads_the_post(tmp_path):
    site, clock, out = start(tmp_path)
    apply(site, "body", 2, 1)
    clock.age()
    report = again(site, out)
    assert report.in_place and report.rendered_posts == 1
    assert 0 < report.written < report.pages
    assert report.written + report.unchanged == len(snapshot(out)) - 1     # (the manifest)
    assert "Built" in report.summary()


def _snap_rows(site) -> sqlite3.Connection:
    return sqlite3.connect(site.root / cache.DIR / cache.DB)


def test_a_damaged_snapshot_takes_the_full_path(tmp_path):
    site, clock, out = start(tmp_path)
    with _snap_rows(site) as conn:
        (blob,) = conn.execute("SELECT blob FROM snap WHERE name='posts.0'").fetchone()
        conn.execute("UPDATE snap SET blob=? WHERE name='posts.0'", (blob[:-3] + b"xyz",))
    apply(site, "body", 2, 1)
    clock.age()
    report = again(site, out)
    assert not report.in_place and not report.warnings
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)
    apply(site, "body", 2, 2)              # the full path left a good snapshot again
    clock.age()
    assert again(site, out).in_place


def test_a_missing_section_takes_the_full_path(tmp_path):
    site, clock, out = start(tmp_path)
    with _snap_rows(site) as conn:
        conn.execute("DELETE FROM snap WHERE name='cards'")
    apply(site, "body", 2, 1)
    clock.age()
    assert not again(site, out).in_place
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)


def test_a_state_written_without_a_snapshot_drops_it(tmp_path):
    """What the server writes (or a build of an older sitegen) has no snapshot of its own."""
    site, clock, out = start(tmp_path)
    store = cache.BuildCache(site.root)
    last = store.output_state(out)
    state = dict(last.state, inputs=dict(last.state["inputs"]))
    store.set_output_state(out, last, state, files=last.files, vals=last.vals, deps={}, scan_time=store.scan_time)
    with _snap_rows(site) as conn:
        assert conn.execute("SELECT count(*) FROM snap").fetchone()[0] == 0
    apply(site, "body", 2, 1)
    clock.age()
    assert not again(site, out).in_place


def test_a_snapshot_not_of_the_state_beside_it_is_not_used(tmp_path):
    site, clock, out = start(tmp_path)
    store = cache.BuildCache(site.root)
    last = store.output_state(out)
    state = dict(last.state, inputs=dict(last.state["inputs"], snap="another"))
    store.set_output_state(out, last, state, files=last.files, vals=last.vals, deps={}, scan_time=store.scan_time,
                           snapshot={}, patch=True)
    apply(site, "body", 2, 1)
    clock.age()
    assert not again(site, out).in_place
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)


def test_other_options_take_the_full_path(tmp_path):
    site, clock, out = start(tmp_path)
    apply(site, "body", 2, 1)
    clock.age()
    report = build(Options(site_dir=site.root, output_dir=out, now=site.now, workers=1, drafts=True))
    assert not report.in_place
    apply(site, "body", 2, 2)
    clock.age()
    assert not again(site, out).in_place       # (the last snapshot was of --drafts)
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)


def test_a_post_edited_in_the_clock_tick_of_the_last_build_is_read_again(tmp_path):
    """Same size, same time: a full build reads such a file again, and so does the edit path."""
    site, _clock, out = start(tmp_path)
    path = site.root / "content" / site.posts[0]
    now = time.time()
    os.utime(path, (now, now))
    apply(site, "body", 0, 1)
    again(site, out)                       # (a snapshot whose scan is now)
    st = os.stat(path)
    path.write_text(path.read_text("utf-8").replace("More", "Mxre"), "utf-8")     # same size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))                             # same time
    apply(site, "body", 1, 1)              # (another post, edited seconds later)
    other = site.root / "content" / site.posts[1]
    os.utime(other, (now - 50, now - 50))
    report = again(site, out)
    assert report.in_place and report.rendered_posts == 2
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)


def test_an_input_other_than_a_post_modified_in_that_tick_takes_the_full_path(tmp_path):
    site, clock, out = start(tmp_path)
    yaml = site.root / "data" / "numbers.yaml"
    now = time.time()
    os.utime(yaml, (now, now))
    apply(site, "body", 2, 1)
    again(site, out)
    apply(site, "body", 2, 3)
    clock.known.pop(str(site.root / "content" / site.posts[2]), None)
    report = again(site, out)
    assert not report.in_place


def test_a_broken_link_is_reported_as_the_full_build_reports_it(tmp_path):
    site, clock, out = start(tmp_path)
    before = snapshot(out)
    rel = site.posts[1]
    site.bodies[rel] += "\nSee [this](missing-post.md).\n"
    site.write_post(rel)
    clock.age()
    with pytest.raises(SitegenError) as err:
        again(site, out)
    assert "missing-post.md" in str(err.value) and f"content/{rel}" in str(err.value)
    assert snapshot(out) == before


def test_a_touched_output_file_takes_the_full_path(tmp_path):
    site, clock, out = start(tmp_path)
    page = out / "index.html"
    page.write_text("scribbled", "utf-8")
    apply(site, "body", 2, 1)
    clock.age()
    assert not again(site, out).in_place
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)


def test_a_snapshot_made_by_other_code_is_not_used(tmp_path, monkeypatch):
    """An edit of sitegen's own modules (or an upgrade) may assemble the site otherwise."""
    from sitegen.pipeline.state import unchanged
    site, clock, out = start(tmp_path)
    made_by = unchanged.code_stats()
    monkeypatch.setattr(unchanged, "code_stats", lambda: (*made_by, ("/new/module.py", 1, 1)))
    apply(site, "body", 2, 1)
    clock.age()
    assert not again(site, out).in_place
    apply(site, "body", 2, 2)
    clock.age()
    assert again(site, out).in_place           # (the full build left one of the new code)


def test_the_snapshot_reads_back_the_site_post_by_post_and_page_by_page(tmp_path):
    import marshal
    site = make(tmp_path / "site")
    built = build(Options(site_dir=site.root, output_dir=tmp_path / "out", now=site.now, workers=1), keep=True).site
    sections = snapshot_module.sections(built)
    assert sections is not None
    back = snapshot_module.load(built.ctx, sections, marshal.loads(sections["meta"]))
    posts, pages = list(built.site.posts), list(built.pages)
    assert {p.kind for p in pages} >= {"index", "post", "tag", "author", "archive"}
    assert not back.pages._made and not back.site.posts._made and not back.selection.kept._made
    assert back.post_page == {p.post: n for n, p in enumerate(pages) if p.kind == "post"} and back.page_at == built.page_at
    assert list(back.pages) == pages and back.pages[-1] == pages[-1] and list(back.pages[1:3]) == pages[1:3]
    assert list(back.selection.kept) == list(built.selection.kept)
    assert list(back.site.posts) == posts and [p.html for p in back.site.posts] == [p.html for p in posts]
    assert [p.digest for p in back.site.posts] == [p.digest for p in posts]


@pytest.mark.parametrize("linked", [True, False])
def test_a_full_size_link_that_comes_or_goes_takes_the_full_path(tmp_path, linked):
    # One rule for both edit paths (engine.copies_stay): an edited post links the same files as
    # before. A post that stopped linking the only full-size copy once left that copy behind.
    from photos import scene
    site, clock, out = start(tmp_path)
    scene(64, 48).save(site.root / "content" / "img" / "p.jpg", "JPEG")
    rel, link = site.posts[0], "\n\n[full size](../img/p.jpg)\n"
    if linked:
        site.bodies[rel] += link
        site.write_post(rel)
    clock.age()
    again(site, out)
    clock.age()
    site.bodies[rel] = site.bodies[rel].replace(link, "") if linked else site.bodies[rel] + link
    site.write_post(rel)
    clock.age()
    report = again(site, out)
    assert not report.in_place
    assert snapshot(out) == clean(site.root, tmp_path / "clean", site.now)
    assert ("img/p.jpg" in snapshot(out)) != linked
