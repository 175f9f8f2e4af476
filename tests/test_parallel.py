"""The worker pool: results in order, and a pool that can always be ended."""

import os
import signal
import subprocess
import sys
import textwrap

from conftest import ROOT, default_sigint, sigint_state


def test_results_come_back_in_input_order():
    from sitegen.pipeline.parallel import imap_ordered
    items = list(range(200))
    assert list(imap_ordered(lambda n: n * n, items, workers=2, min_items=10)) == [n * n for n in items]


_INHERITED: list[object] = []


def _frozen(index: int) -> tuple[int, bool]:
    import gc
    mine = {id(o) for o in gc.get_objects()}        # (what the collector walks: not the frozen)
    return gc.get_freeze_count(), any(id(o) in mine for o in _INHERITED)


def test_a_worker_freezes_what_it_inherits():
    """The objects a worker inherits are out of its collector's way (gc.freeze): its full
    collections walk only what it makes itself."""
    import gc

    from sitegen.pipeline.parallel import imap_ordered
    _INHERITED[:] = [[index] for index in range(1000)]        # (tracked containers the parent made)
    gc.collect()
    try:
        for count, walked in imap_ordered(_frozen, list(range(20)), workers=2, min_items=10):
            assert count >= 1000
            assert not walked
    finally:
        _INHERITED.clear()


_CHUNKS: list[int] = []


class _FakePool:
    """A pool that runs jobs here and notes the chunk size it was asked for."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def imap(self, fn, items, chunksize):
        _CHUNKS.append(chunksize)
        return map(fn, items)


def test_a_chunk_size_can_be_asked_for(monkeypatch):
    """Jobs of a second each (an image's variants) go one at a time: in chunks of 18, the slower
    worker's last chunk kept the other core idle for up to half a minute."""
    import multiprocessing

    from sitegen.pipeline.parallel import imap_ordered
    monkeypatch.setattr(multiprocessing, "get_context", lambda method: type("Ctx", (), {"Pool": _FakePool}))
    _CHUNKS.clear()
    assert list(imap_ordered(lambda n: n + 1, list(range(300)), workers=2, min_items=2)) == list(range(1, 301))
    assert list(imap_ordered(lambda n: n + 1, list(range(300)), workers=2, min_items=2, chunksize=1)) == list(range(1, 301))
    assert _CHUNKS == [18, 1]


def test_images_are_encoded_one_at_a_time(monkeypatch):
    from types import SimpleNamespace

    from sitegen.pipeline.media import images
    asked = []

    def fake(fn, items, workers, min_items=64, chunksize=0):
        asked.append(chunksize)
        return map(fn, items)
    monkeypatch.setattr(images, "imap_ordered", fake)
    run = images._run(SimpleNamespace(workers=2, progress=None), "encoding images")
    assert list(run(lambda n: n * 2, [1, 2, 3])) == [2, 4, 6]
    assert asked == [1]


def test_a_pool_ends_when_the_parent_has_its_own_sigterm_handler():
    """sitegen serve handles SIGTERM itself; workers forked after that must still die when the
    pool terminates them, or a build cut short (Ctrl-C, an error) hangs the server for ever."""
    script = textwrap.dedent("""
        import signal, sys, time
        from sitegen.pipeline.parallel import imap_ordered
        signal.signal(signal.SIGTERM, lambda *a: None)     # what serve does
        def slow(n):
            time.sleep(30)
            return n
        results = imap_ordered(slow, list(range(64)), workers=2, min_items=1)
        try:
            next(results)
        except KeyboardInterrupt:
            pass
        results.close()                                     # terminates the pool
        print("ended", flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=default_sigint)
    try:
        import time
        time.sleep(2)                                       # the workers are sleeping in slow()
        proc.send_signal(signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the pool did not end within 20 s of Ctrl-C ({sigint_state()})") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            subprocess.run(["pkill", "-KILL", "-P", str(proc.pid)], check=False)
            proc.wait()
    assert "ended" in out


def _front_matter_site(root, bad: bool = False):
    from conftest import post, write_site
    files = {"sitegen.toml": 'title = "Pool"\nbase_url = "https://example.com/"\n'}
    for i in range(24):
        files[f"content/posts/p{i:02d}.md"] = post(title=f"Post {i}", date=f"2026-01-{i + 1:02d}",
                                                   tags=f"[t{i % 3}]", body=f"Body {i}.")
    if bad:
        files["content/posts/p05.md"] = "---\ntitle: Five\ndate: 2026-01-05\ntags: [unclosed\n---\n\nx\n"
        files["content/posts/p17.md"] = "---\ntitle: Seventeen\ndate: not a date\n---\n\nx\n"
    return write_site(root, files)


def _build(site, out, pool: bool, monkeypatch):
    from sitegen.pipeline import Options, build
    from sitegen.pipeline.read import load
    monkeypatch.setattr(load, "PARSE_IN_POOL", 2 if pool else 10**9)
    from datetime import UTC, datetime
    return build(Options(site_dir=site, output_dir=out, now=datetime(2026, 11, 25, tzinfo=UTC),
                         use_cache=False, workers=2))


def test_front_matter_parsed_in_the_pool_builds_the_same_site(tmp_path, monkeypatch):
    from conftest import snapshot
    site = _front_matter_site(tmp_path / "site")
    _build(site, tmp_path / "serial", False, monkeypatch)
    _build(site, tmp_path / "pool", True, monkeypatch)
    assert snapshot(tmp_path / "pool") == snapshot(tmp_path / "serial")


def test_front_matter_errors_from_the_pool_name_file_and_line_in_order(tmp_path, monkeypatch):
    import pytest

    from sitegen.errors import SitegenError
    site = _front_matter_site(tmp_path / "site", bad=True)
    found = []
    for pool in (False, True):
        with pytest.raises(SitegenError) as err:
            _build(site, tmp_path / f"out-{pool}", pool, monkeypatch)
        found.append([(p.file, p.line, p.message) for p in err.value.problems])
    assert found[0] == found[1]
    assert [(f, line) for f, line, _ in found[1]][:2] == [("content/posts/p05.md", 5), ("content/posts/p17.md", 3)]
