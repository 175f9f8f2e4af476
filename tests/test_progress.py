"""A build off a terminal (CI, a pipe) prints a line every 10 seconds once it runs that long."""

from __future__ import annotations

import io
import threading
from pathlib import Path

from conftest import post, run_cli, write_site

from sitegen.commands.progress import ProgressLog, running
from sitegen.pipeline import Options, build


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_short_build_prints_nothing():
    clock, out = Clock(), io.StringIO()
    log = ProgressLog(out.write, clock)
    for n in range(1, 101):
        clock.now = 1000 + n / 50               # 100 posts in 2 s
        log("posts", n, 100)
    log.tick()
    assert out.getvalue() == ""


def test_a_long_stage_prints_a_line_every_10_seconds_with_its_count():
    clock, out = Clock(), io.StringIO()
    log = ProgressLog(out.write, clock)
    for n in range(1, 501):
        clock.now = 1000 + n / 10               # 500 images at 10 a second: 50 s
        log("images", n, 500)
    clock.now += 3
    log("posts", 40, 80)                        # 53 s: less than 10 s after the last line
    assert out.getvalue().splitlines() == [
        "sitegen: images 100/500 (10 s)",
        "sitegen: images 200/500 (20 s)",
        "sitegen: images 300/500 (30 s)",
        "sitegen: images 400/500 (40 s)",
        "sitegen: images 500/500 done, working on the next step (50 s)",
    ]


def test_the_heartbeat_speaks_for_steps_that_count_nothing():
    clock, out = Clock(), io.StringIO()
    log = ProgressLog(out.write, clock)
    clock.now += 9.5
    log.tick()                                  # reading front matter: nothing counted yet
    clock.now += 0.5
    log.tick()
    log("posts", 3, 3)
    clock.now += 12
    log.tick()                                  # the search index, after the last counted stage
    clock.now += 5
    log.tick()
    assert out.getvalue().splitlines() == [
        "sitegen: working (10 s)",
        "sitegen: posts 3/3 done, working on the next step (22 s)",
    ]


def test_running_ticks_the_log_from_a_thread_and_stops_with_the_block():
    ticked = threading.Event()

    class Log(ProgressLog):
        def tick(self) -> None:
            ticked.set()

    with running(Log(io.StringIO().write), interval=0.01):
        assert ticked.wait(5)
    assert not any(t.name == "sitegen-progress" for t in threading.enumerate())


def test_the_real_pipeline_reports_its_stages(tmp_path: Path):
    site = write_site(tmp_path / "site", {f"content/posts/p{i}.md": post(title=f"Post {i}") for i in range(12)})
    clock, out = Clock(), io.StringIO()

    def slow_clock() -> float:                  # every look at the clock takes 4 s
        clock.now += 4
        return clock.now

    build(Options(site_dir=site, workers=1), ProgressLog(out.write, slow_clock))
    lines = out.getvalue().splitlines()
    assert any(line.startswith("sitegen: posts ") for line in lines), lines
    assert any(line.startswith("sitegen: pages ") for line in lines), lines


def test_a_build_in_a_pipe_prints_no_extra_line_when_quick(tmp_path: Path):
    site = write_site(tmp_path / "site", {"content/posts/a.md": post()})
    result = run_cli("build", str(site))          # stderr is a pipe, not a terminal
    assert result.returncode == 0
    assert result.stderr == ""


def test_the_command_line_logs_off_a_terminal(monkeypatch):
    from sitegen import cli
    monkeypatch.setattr(cli.sys, "stderr", io.StringIO())       # not a terminal
    with cli._progress() as progress:
        assert isinstance(progress, ProgressLog)
        progress.started -= 11                                   # as if the build had run 11 s
        progress.last_line -= 11
        progress("cards", 7, 30)
    assert cli.sys.stderr.getvalue() == "sitegen: cards 7/30 (11 s)\n"
