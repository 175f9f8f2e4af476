"""The search step (sitegen/search.py) in builds: what it indexes, when it runs, how it fails.

Pagefind itself runs here (its binary comes with the pagefind[extended] dependency); a small
wrapper script in front of it counts the runs or stands in for a broken binary.
"""

import json
import stat
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, post, run_cli, snapshot, write_site

from sitegen import search
from sitegen.pipeline import Options, build

SEARCH_SITE = FIXTURES / "search-site"
REAL = search.find_binary()


def copy_site(dest: Path, src: Path = SEARCH_SITE) -> Path:
    for path in src.rglob("*"):
        if path.is_file():
            target = dest / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    return dest


def wrapper(tmp_path: Path, body: str) -> tuple[Path, Path]:
    """An executable that logs each run to a file, then does `body` (Python)."""
    log = tmp_path / "pagefind-runs.log"
    script = tmp_path / "fake-pagefind"
    script.write_text(f"#!{sys.executable}\nimport os, sys\nopen({str(log)!r}, 'a').write('run\\n')\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


def counting_binary(tmp_path: Path) -> tuple[Path, Path]:
    assert REAL is not None and REAL.is_file(), "the pagefind[extended] dependency is not installed"
    return wrapper(tmp_path, f"os.execv({str(REAL)!r}, [{str(REAL)!r}, *sys.argv[1:]])")


def runs(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def entry(out: Path) -> dict:
    return json.loads((out / "pagefind" / "pagefind-entry.json").read_text("utf-8"))


def fragments(out: Path) -> list[dict]:
    import gzip
    found = []
    for path in sorted((out / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{"):]))
    return found


def test_the_index_holds_posts_with_title_date_author_tags_and_cover_and_pages(tmp_path: Path):
    site = copy_site(tmp_path / "site")
    report = build(Options(site_dir=site))
    out = site / "output"
    assert entry(out)["languages"]["en"]["page_count"] == 5          # four posts and a page, no list page
    assert report.search.startswith("Indexed 5 pages for search")
    by_url = {f["url"]: f for f in fragments(out)}
    assert sorted(by_url) == ["/colophon/", "/posts/charging-maps/", "/posts/seal-pricing/",
                              "/posts/sodium-cells/", "/posts/solid-state-timeline/"]
    colophon = by_url["/colophon/"]
    assert colophon["meta"] == {"title": "Colophon", "image": ""}
    assert "a standalone page, so search finds it" in colophon["content"]
    sodium = by_url["/posts/sodium-cells/"]
    assert sodium["meta"]["title"] == "Sodium Cells Leave the Lab"
    assert sodium["meta"]["author"] == "Ana Ribeiro"
    assert sodium["meta"]["date"] == "2 March 2026"
    assert sodium["meta"]["image"] == "../images/cell.svg"         # relative to the search page
    assert sodium["meta"]["image_alt"] == "A square battery cell on a green background"
    assert sodium["filters"] == {"tag": ["Batteries", "CATL"], "author": ["Ana Ribeiro"]}
    assert "separator made of coated ceramic" in sodium["content"]
    assert "Ana Ribeiro" not in sodium["content"]                   # the byline and author box are not body
    assert by_url["/posts/seal-pricing/"]["meta"]["image"] == ""     # no cover: no image, not the first picture
    assert (out / "search" / "index.html").is_file()
    assert 'href="search/index.html"' in (out / "index.html").read_text("utf-8")


def test_search_is_off_by_default_and_a_site_without_it_has_no_search_page(tmp_path: Path):
    site = write_site(tmp_path / "site", {"content/posts/a.md": post("A", body="Words.")})
    build(Options(site_dir=site))
    out = site / "output"
    assert not (out / "pagefind").exists()
    assert not (out / "search").exists()
    assert "data-pagefind" not in (out / "posts/a/index.html").read_text("utf-8")
    assert "search/index.html" not in (out / "index.html").read_text("utf-8")


def test_runs_only_when_pages_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    binary, log = counting_binary(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    site = copy_site(tmp_path / "site")
    build(Options(site_dir=site))
    assert runs(log) == 1
    index_files = snapshot(site / "output" / "pagefind")
    report = build(Options(site_dir=site))                     # nothing changed
    assert runs(log) == 1 and report.search == ""
    (site / "content" / "extra.txt").write_text("a file that is not a page")
    build(Options(site_dir=site))                              # a build that changed no HTML page
    assert runs(log) == 1
    assert snapshot(site / "output" / "pagefind") == index_files
    path = site / "content/posts/charging-maps.md"
    path.write_text(path.read_text("utf-8").replace("gaps in the mountains", "gaps in the hills"), "utf-8")
    build(Options(site_dir=site))
    assert runs(log) == 2


def test_two_builds_of_the_same_pages_write_the_same_index_bytes(tmp_path: Path):
    a = copy_site(tmp_path / "a")
    b = copy_site(tmp_path / "b")
    build(Options(site_dir=a))
    build(Options(site_dir=b, workers=1, use_cache=False))
    assert snapshot(a / "output" / "pagefind") == snapshot(b / "output" / "pagefind")


def test_a_missing_binary_is_one_line_with_the_fix_and_leaves_the_old_index(tmp_path: Path):
    site = copy_site(tmp_path / "site")
    assert run_cli("build", str(site)).returncode == 0
    before = snapshot(site / "output" / "pagefind")
    path = site / "content/posts/seal-pricing.md"
    path.write_text(path.read_text("utf-8") + "\nA new paragraph about warranties.\n", "utf-8")
    result = run_cli("build", str(site), env={"PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Pagefind binary is missing" in lines[0] and "pip install" in lines[0]
    assert "warranties" in (site / "output/posts/seal-pricing/index.html").read_text("utf-8")   # pages written
    assert snapshot(site / "output" / "pagefind") == before                                    # old index kept
    assert [p.name for p in site.iterdir() if p.name.startswith(".sitegen-staging")] == []
    # the next build, with Pagefind back, makes the index of the new pages (nothing else changed)
    result = run_cli("build", str(site))
    assert result.returncode == 0 and "Indexed 5 pages" in result.stdout


def test_a_failing_binary_leaves_no_half_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    site = copy_site(tmp_path / "site")
    build(Options(site_dir=site))
    before = snapshot(site / "output" / "pagefind")
    # writes part of an index where it was told to, then fails
    binary, _ = wrapper(tmp_path, "out = sys.argv[sys.argv.index('--output-path') + 1]\n"
                                  "os.makedirs(out + '/fragment', exist_ok=True)\n"
                                  "open(out + '/fragment/half.pf_fragment', 'w').write('x')\n"
                                  "sys.stderr.write('Error: out of memory\\n'); sys.exit(3)")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    (site / "content/posts/new.md").write_text(post("New", body="Fresh words."), "utf-8")
    with pytest.raises(search.SearchError) as err:
        build(Options(site_dir=site))
    assert "exit 3" in err.value.first.message and "out of memory" in err.value.first.message
    assert snapshot(site / "output" / "pagefind") == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".sitegen-staging")] == []


def test_a_pagefind_folder_sitegen_did_not_make_is_never_replaced(tmp_path: Path):
    site = write_site(tmp_path / "site", {"sitegen.toml": "search = false\n",
                                          "content/posts/a.md": post("A", body="Words.")})
    build(Options(site_dir=site))
    mine = site / "output" / "pagefind" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("my own")
    build(Options(site_dir=site))                               # search off: left alone
    (site / "sitegen.toml").write_text("search = true\n")
    with pytest.raises(search.SearchError, match="refusing to replace"):
        build(Options(site_dir=site))
    assert mine.read_text() == "my own"


def test_switching_search_off_removes_the_index_sitegen_made(tmp_path: Path):
    site = copy_site(tmp_path / "site")
    build(Options(site_dir=site))
    assert (site / "output" / "pagefind").is_dir()
    toml = site / "sitegen.toml"
    toml.write_text(toml.read_text("utf-8").replace("search = true", "search = false"), "utf-8")
    build(Options(site_dir=site))
    assert not (site / "output" / "pagefind").exists()
    assert not (site / "output" / "search").exists()


def test_feeding_pages_through_the_service_indexes_the_same_pages(tmp_path: Path):
    site = copy_site(tmp_path / "site")
    build(Options(site_dir=site))
    out = site / "output"
    by_cli = snapshot(out / "pagefind" / "fragment")
    report = search.index_site(out, key=search.pages_key(json.loads(
        (out / ".sitegen-manifest.json").read_text("utf-8"))["files"]), batch=2)
    assert report.pages == 5
    # the same fragments (the pages' text and metadata); filters number pages in feeding order
    assert snapshot(out / "pagefind" / "fragment") == by_cli


def test_serve_indexes_in_the_background_after_the_reload_once_per_burst(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    from sitegen.serve.server import PreviewServer
    assert REAL is not None
    binary, log = wrapper(tmp_path, f"import time; time.sleep(0.5); os.execv({str(REAL)!r}, [{str(REAL)!r}, *sys.argv[1:]])")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    site = copy_site(tmp_path / "site")
    logs: list[str] = []
    server = PreviewServer(site, host="127.0.0.1", port=0, log=logs.append, log_error=logs.append).start()
    try:
        job = server._search
        assert job is not None
        assert runs(log) == 0                        # the first build did not wait for Pagefind
        assert job.wait_idle(30) and runs(log) == 1
        index = server.output_dir / "pagefind"
        assert entry(server.output_dir)["languages"]["en"]["page_count"] == 5
        path = site / "content/posts/charging-maps.md"
        original = path.read_text("utf-8")
        builds = server.state.good
        for n in range(4):                           # a burst of saves, each one rebuilt and reloaded
            before = server.state.attempts
            path.write_text(original.replace("gaps in the mountains", f"gaps number {n}"), "utf-8")
            assert server.wait_for_attempt(before, 15)
            served = (server.output_dir / "posts/charging-maps/index.html").read_text("utf-8")
            assert f"gaps number {n}" in served
            assert runs(log) == 1                    # no Pagefind between the save and the reload
            time.sleep(0.2)
        assert server.state.good >= builds + 4
        assert job.wait_idle(30)
        assert runs(log) == 2                        # one index for the whole burst
        assert "gaps number 3" in json.dumps(fragments(server.output_dir), ensure_ascii=False)
        assert (index / search.MARKER).is_file()
        assert any("Indexed 5 pages for search" in line for line in logs)
    finally:
        server.stop()


def test_a_build_for_serve_leaves_the_index_to_serve(tmp_path: Path):
    site = copy_site(tmp_path / "site")
    report = build(Options(site_dir=site, search_index=False))
    assert report.search == "" and not (site / "output" / "pagefind").exists()
    assert (site / "output" / "search" / "index.html").is_file()
