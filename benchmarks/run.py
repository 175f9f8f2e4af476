#!/usr/bin/env python3
"""Benchmark sitegen against Hugo and Pelican on the same generated blog.

    python benchmarks/run.py [--sizes 100,1000,10000] [--repeat 3] [--repeat-large 2]

Normally started by ``bash benchmarks/bench.sh`` (``make bench``), which first runs setup.sh
to install the reference tools into benchmarks/.work/.

For each corpus size N the corpus is generated once (cached in benchmarks/.work/corpus-N/) and
every tool's clean build is run several times, alternating the tools in each round (sitegen,
hugo, pelican, sitegen, hugo, pelican, ...) so that a slow patch of this shared machine hits
all of them.  Each build is a child process; its wall time comes from perf_counter around the
process and its peak resident memory from ``os.wait4`` (that child's own rusage, so the figure
is per run, never cumulative).  sitegen is also timed on incremental rebuilds (no change, one
post edited, one template edited), on ``sitegen --version`` and on a 10-post site.

Results are printed and written to benchmarks/RESULTS.md (overwritten on each run) and to
benchmarks/.work/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
sys.path.insert(0, str(BENCH))
import corpus  # noqa: E402  (benchmarks/corpus.py)

DEFAULT_SITEGEN = REPO / ".venv" / "bin" / "sitegen"
HUGO = WORK / "bin" / "hugo"
PELICAN = WORK / "ref-venv" / "bin" / "pelican"
HUGO_CACHE = WORK / "hugo-cache"
LARGE = 10_000               # sizes from here on use --repeat-large
RUN_TIMEOUT = 30 * 60        # seconds; a build that takes longer is killed and reported
TOOLS = ("sitegen", "sitegen-nocards", "hugo", "pelican")

PAGE = os.sysconf("SC_PAGE_SIZE")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def rel(p: Path | str) -> str:
    """A path as shown in reports: relative to the repository when inside it."""
    p = Path(p)
    try:
        return str(p.relative_to(REPO))
    except ValueError:
        return str(p)


# ---------------------------------------------------------------------------------------------
# Measuring one child process
# ---------------------------------------------------------------------------------------------


@dataclass
class Sample:
    wall: float              # seconds
    maxrss_kb: int           # peak RSS of the child (largest single process of its tree), from wait4
    tree_kb: int             # peak of the summed PSS of the child and its descendants, sampled at
                             # about 10 Hz (0 when the run ended before the first sample)
    cpu: float               # user + system seconds of the child and its reaped descendants
    rc: int
    load: float = 0.0        # 1-minute load average just before the run started


def _descendants(root: int) -> list[int]:
    """root and all its descendants, from each process's parent id in /proc/*/stat."""
    parent: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may contain spaces or ')': the fields after the last ')' are safe.
        fields = stat[stat.rfind(b")") + 2:].split()
        parent[int(name)] = int(fields[1])
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parent.items() if ppid in frontier]
        found.extend(frontier)
    return found


def _pss_kb(pids: list[int]) -> int:
    """Summed proportional set size: pages shared by forked workers are counted once overall,
    not once per process as a sum of RSS would.  Falls back to RSS without smaps_rollup."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1])
                        break
            continue
        except (OSError, IndexError, ValueError):
            pass
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE // 1024
        except (OSError, IndexError, ValueError):
            pass
    return total


def measure(cmd: list[str], *, cwd: Path | None = None, env: dict | None = None,
            logfile: Path, timeout: float = RUN_TIMEOUT, sample_tree: bool = True) -> Sample:
    logfile.parent.mkdir(parents=True, exist_ok=True)
    with open(logfile, "ab") as out:
        out.write(f"\n$ {shlex.join(cmd)}\n".encode())
        out.flush()
        load = os.getloadavg()[0]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        done = threading.Event()
        tree_peak = [0]

        def sampler() -> None:
            delay = 0.03
            while not done.wait(delay):
                tree_peak[0] = max(tree_peak[0], _pss_kb(_descendants(proc.pid)))
                delay = 0.1

        def killer() -> None:
            if not done.wait(timeout):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

        threads = [threading.Thread(target=killer, daemon=True)]
        if sample_tree:
            threads.append(threading.Thread(target=sampler, daemon=True))
        for t in threads:
            t.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is reaped
        for t in threads:
            t.join()
    return Sample(wall=wall, maxrss_kb=usage.ru_maxrss, tree_kb=tree_peak[0],
                  cpu=usage.ru_utime + usage.ru_stime, rc=proc.returncode, load=load)


# ---------------------------------------------------------------------------------------------
# The three tools
# ---------------------------------------------------------------------------------------------


def rmtree(p: Path) -> None:
    if p.is_symlink() or p.is_file():
        p.unlink()
    elif p.exists():
        shutil.rmtree(p)


def sitegen_env() -> dict:
    """The environment sitegen runs in: this one, but Python may cache its bytecode as it does on a
    user's machine (some shells set PYTHONDONTWRITEBYTECODE, which makes every run compile sitegen
    from source: ~0.1-0.2 s that no user pays)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


class Tool:
    name = ""

    def __init__(self, site: Path, out: Path):
        self.site, self.out = site, out

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict | None:
        return None

    def cwd(self) -> Path | None:
        return None

    def clean(self) -> None:
        rmtree(self.out)

    def run(self, logfile: Path, sample_tree: bool = True) -> Sample:
        return measure(self.command(), cwd=self.cwd(), env=self.env(), logfile=logfile,
                       sample_tree=sample_tree)


class Sitegen(Tool):
    name = "sitegen"
    exe: Path = DEFAULT_SITEGEN

    def command(self) -> list[str]:
        return [str(self.exe), "build", str(self.site), "--output", str(self.out)]

    def env(self) -> dict:
        return sitegen_env()

    def clean(self) -> None:
        rmtree(self.out)
        rmtree(self.site / ".sitegen-cache")


class SitegenNoCards(Sitegen):
    """sitegen with `[images] cards = false`: the work Hugo and Pelican do (neither draws a social
    card per post), so this is the like-for-like clean build. Its site is a copy of sitegen's with
    that one key added (a copy, not a link: sitegen refuses links that lead out of a site)."""
    name = "sitegen-nocards"

    def clean(self) -> None:       # (untimed, before every clean build)
        super().clean()
        source = self.site.with_name("sitegen")
        config = (source / "sitegen.toml").read_text("utf-8")
        if "[images]" in config:
            raise SystemExit("benchmarks: the corpus already has an [images] table; update SitegenNoCards")
        if not (self.site / "content").is_dir():
            rmtree(self.site)
            shutil.copytree(source, self.site, ignore=shutil.ignore_patterns(".sitegen-cache"))
        (self.site / "sitegen.toml").write_text(config + "\n[images]\ncards = false\n", "utf-8")


class SitegenBefore(Sitegen):
    """sitegen from another checkout's source (`--before DIR`, e.g. a `git worktree` of the commit
    before a change), run by this venv's Python with PYTHONPATH=DIR on sitegen's own corpus: the
    figures before a change, in the same rounds as the figures after it."""
    name = "sitegen-before"
    source: Path | None = None

    def __init__(self, site: Path, out: Path):
        super().__init__(site.with_name("sitegen"), out)

    def command(self) -> list[str]:
        return [str(Sitegen.exe.parent / "python"), "-m", "sitegen", "build", str(self.site), "--output", str(self.out)]

    def env(self) -> dict:
        return {**sitegen_env(), "PYTHONPATH": str(self.source)}

    def cwd(self) -> Path | None:
        return self.source      # (python -m puts the working folder first on the path)


class Hugo(Tool):
    name = "hugo"

    def command(self) -> list[str]:
        return [str(HUGO), "--source", str(self.site), "--destination", str(self.out),
                "--noBuildLock", "--quiet"]

    def env(self) -> dict:
        return dict(os.environ, HUGO_CACHEDIR=str(HUGO_CACHE))

    def clean(self) -> None:
        rmtree(self.out)
        rmtree(self.site / "resources")
        rmtree(HUGO_CACHE)


class Pelican(Tool):
    name = "pelican"

    def command(self) -> list[str]:
        return [str(PELICAN), str(self.site / "content"), "-s", str(self.site / "pelicanconf.py"),
                "-o", str(self.out)]

    def cwd(self) -> Path:
        return self.site

    def clean(self) -> None:
        rmtree(self.out)
        rmtree(self.site / "cache")
        rmtree(self.site / "__pycache__")


TOOL_CLASSES = {"sitegen": Sitegen, "sitegen-nocards": SitegenNoCards, "hugo": Hugo, "pelican": Pelican,
                "sitegen-before": SitegenBefore}


def tool_version(cmd: list[str]) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    text = (r.stdout or r.stderr).strip().splitlines()
    return text[0] if text else f"(no output, exit {r.returncode})"


# ---------------------------------------------------------------------------------------------
# Output inspection
# ---------------------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, int]:
    """mtime_ns of every file under root, by relative path."""
    out: dict[str, int] = {}
    if not root.exists():
        return out
    for dirpath, _, files in os.walk(root):
        for name in files:
            p = os.path.join(dirpath, name)
            out[os.path.relpath(p, root)] = os.stat(p).st_mtime_ns
    return out


def changed_files(before: dict[str, int], after: dict[str, int]) -> int:
    """Files written (mtime changed), added or removed between two snapshots."""
    keys = before.keys() | after.keys()
    return sum(1 for k in keys if before.get(k) != after.get(k))


def describe_output(root: Path) -> dict:
    html = xml = other = size = 0
    paged = tag_pages = author_pages = 0
    feeds: list[str] = []
    for dirpath, _, files in os.walk(root):
        relp = os.path.relpath(dirpath, root).replace(os.sep, "/")
        parts = relp.split("/")
        for name in files:
            size += os.path.getsize(os.path.join(dirpath, name))
            if name.endswith(".html"):
                html += 1
                if "page" in parts:
                    paged += 1
                elif len(parts) == 2 and parts[0] in ("tags", "tag"):
                    tag_pages += 1
                elif len(parts) == 2 and parts[0] in ("authors", "author"):
                    author_pages += 1
            elif name.endswith(".xml") or (name.endswith(".json") and "feed" in name):
                xml += name.endswith(".xml")
                if "sitemap" not in name:
                    feeds.append(f"{relp}/{name}" if relp != "." else name)
            else:
                other += 1
    return {"html": html, "xml": xml, "other": other, "bytes": size, "paged_html": paged,
            "tag_pages": tag_pages, "author_pages": author_pages, "feeds": sorted(feeds)}


# ---------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------


@dataclass
class Series:
    label: str
    samples: list[Sample] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)   # files changed per rebuild, when counted
    note: str = ""

    def ok(self) -> list[Sample]:
        return [s for s in self.samples if s.rc == 0]

    def med(self, attr: str) -> float | None:
        vals = [getattr(s, attr) for s in self.ok()]
        return statistics.median(vals) if vals else None


@dataclass
class SizeResult:
    n: int
    repeat: int
    clean: dict[str, Series] = field(default_factory=dict)
    outputs: dict[str, dict] = field(default_factory=dict)
    rebuilds: list[Series] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    corpus_seconds: float = 0.0
    timings: str = ""          # `sitegen build --timings` of one more clean build


def run_timings(n: int, src: Path, res: SizeResult) -> None:
    """One more clean sitegen build with --timings: where its time goes, by stage."""
    tool = Sitegen(src / "sitegen", WORK / f"out-{n}" / "sitegen")
    tool.clean()
    logfile = WORK / "logs" / f"sitegen-timings-{n}.log"
    s = measure([*tool.command(), "--timings"], env=tool.env(), logfile=logfile)
    text = logfile.read_text("utf-8", "replace") if logfile.is_file() else ""
    start = text.find("stage ")
    res.timings = text[start:].strip() if s.rc == 0 and start >= 0 else f"(failed: exit {s.rc}, see {rel(logfile)})"


def corpus_dir(n: int, regenerate: bool) -> tuple[Path, float]:
    d = WORK / f"corpus-{n}"
    stamp = d / ".complete"
    # The stamp records the generator's source hash: a changed generator means a new corpus.
    import hashlib
    digest = hashlib.sha256((BENCH / "corpus.py").read_bytes()).hexdigest()
    if not regenerate and stamp.is_file() and stamp.read_text().strip() == digest:
        return d, 0.0
    log(f"[corpus] generating {n} posts into {rel(d)} ...")
    rmtree(d)
    t = time.perf_counter()
    corpus.generate(n, d)
    elapsed = time.perf_counter() - t
    stamp.write_text(digest + "\n")
    log(f"[corpus] {n} posts in {elapsed:.1f} s")
    return d, elapsed


def first_error_lines(logfile: Path, limit: int = 25) -> str:
    try:
        lines = logfile.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    # The log holds many runs: show the tail of the last one.
    last = max((i for i, line in enumerate(lines) if line.startswith("$ ")), default=0)
    return "\n".join(lines[last:][-limit:])


def run_clean_builds(n: int, src: Path, tools: list[str], repeat: int, res: SizeResult,
                     label_prefix: str = "") -> None:
    logs = WORK / "logs"
    instances = {name: TOOL_CLASSES[name](src / name, WORK / f"out-{n}" / name) for name in tools}
    for name in tools:
        res.clean[name] = Series(f"{label_prefix}{name} clean build")
    failed: set[str] = set()
    for r in range(repeat):
        for name in tools:
            if name in failed:
                continue
            tool = instances[name]
            tool.clean()
            logfile = logs / f"{name}-{n}.log"
            s = tool.run(logfile)
            res.clean[name].samples.append(s)
            status = "ok" if s.rc == 0 else f"FAILED (exit {s.rc})"
            log(f"[N={n}] round {r + 1}/{repeat} {name:8s} {s.wall:8.2f} s  "
                f"peak {s.maxrss_kb / 1024:7.1f} MB  {status}")
            if s.rc != 0:
                failed.add(name)
                msg = f"{name} clean build of the {n}-post corpus failed (exit {s.rc}); log {rel(logfile)}:\n" \
                      + first_error_lines(logfile)
                res.errors.append(msg)
                log(msg)
            elif r == 0:
                res.outputs[name] = describe_output(tool.out)


def find_theme_post_template() -> Path | None:
    for candidate in (REPO / "themes" / "default" / "templates" / "post.html",
                      REPO / "sitegen" / "themes" / "default" / "templates" / "post.html"):
        if candidate.is_file():
            return candidate
    return None


def run_rebuilds(n: int, src: Path, repeat: int, res: SizeResult) -> None:
    """sitegen's incremental rebuilds, in a scratch copy so the cached corpus stays pristine."""
    scratch = WORK / f"scratch-{n}" / "sitegen"
    out = WORK / f"scratch-{n}" / "output"
    rmtree(scratch.parent)
    shutil.copytree(src / "sitegen", scratch)
    tool = Sitegen(scratch, out)
    logfile = WORK / "logs" / f"sitegen-rebuild-{n}.log"

    tool.clean()
    first = tool.run(logfile)
    if first.rc != 0:
        res.errors.append(f"sitegen build of the scratch copy ({n} posts) failed (exit {first.rc}):\n"
                          + first_error_lines(logfile))
        return

    def series(label: str, prepare) -> Series:
        ser = Series(label)
        for k in range(repeat):
            prepare(k)
            before = snapshot(out)
            s = tool.run(logfile)
            ser.samples.append(s)
            ser.changed.append(changed_files(before, snapshot(out)))
            log(f"[N={n}] {label:32s} {s.wall:8.2f} s  peak {s.maxrss_kb / 1024:7.1f} MB  "
                f"{ser.changed[-1]} files changed{'' if s.rc == 0 else f'  FAILED (exit {s.rc})'}")
            if s.rc != 0:
                res.errors.append(f"sitegen {label} ({n} posts) failed (exit {s.rc}):\n"
                                  + first_error_lines(logfile))
                break
        return ser

    res.rebuilds.append(series("rebuild, no change", lambda k: None))

    posts = sorted((scratch / "content" / "posts").rglob("*.md"))
    victim = posts[len(posts) // 2]
    rng_writer = corpus.Writer(corpus.random.Random(f"{corpus.SEED}:edit:{n}"))

    def edit_post(k: int) -> None:
        with open(victim, "a", encoding="utf-8") as f:
            f.write(f"\nBenchmark edit {k + 1}: {rng_writer.sentence()}\n")

    ser = series("rebuild, one post body edited", edit_post)
    ser.note = f"appends a sentence to {rel(victim).split('/sitegen/', 1)[-1]}"
    res.rebuilds.append(ser)

    theme_post = find_theme_post_template()
    if theme_post is None:
        msg = "template-edit rebuild skipped: no themes/default/templates/post.html found"
        log(f"[N={n}] {msg}")
        res.rebuilds.append(Series("rebuild, post template edited", note=msg))
        return
    override = scratch / "templates" / "post.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(theme_post, override)

    def edit_template(k: int) -> None:
        with open(override, "a", encoding="utf-8") as f:
            f.write(f"{{# benchmark template edit {k + 1} #}}\n")

    ser = series("rebuild, post template edited", edit_template)
    ser.note = f"copies {rel(theme_post)} to SITE/templates/post.html and appends a Jinja comment"
    res.rebuilds.append(ser)


def repo_state() -> str:
    """The commit sitegen was measured at, and whether its code had uncommitted changes."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "sitegen", "themes",
                                "pyproject.toml"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (git unavailable)"
    n = len(dirty.splitlines())
    return head + (f" (+ {n} uncommitted change(s) under sitegen/, themes/ or pyproject.toml)" if n else "")


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)"


def machine_info() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    nproc = tool_version(["nproc"])
    return {"nproc": nproc, "cpu": model, "memory": mem, "kernel": platform.release(),
            "python": platform.python_version(), "loadavg_start": loadavg()}


# ---------------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------------


def fmt_s(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def fmt_mb(kb: float | None) -> str:
    return "—" if kb is None else f"{kb / 1024:.0f}"


def ratio(a: float | None, b: float | None) -> str:
    return "—" if not a or not b else f"{a / b:.2f}×"


def clean_table(res: SizeResult) -> list[str]:
    rows = ["| tool | runs | median wall (s) | min–max (s) | median CPU (s) | peak RSS, largest process (MB) | peak PSS, whole process tree (MB, sampled) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, ser in res.clean.items():
        ok = ser.ok()
        walls = [s.wall for s in ok]
        rows.append(
            f"| {name} | {len(ok)}/{len(ser.samples)} | {fmt_s(ser.med('wall'))} | "
            f"{(fmt_s(min(walls)) + '–' + fmt_s(max(walls))) if walls else '—'} | {fmt_s(ser.med('cpu'))} | "
            f"{fmt_mb(max((s.maxrss_kb for s in ok), default=None))} | "
            f"{fmt_mb(max((s.tree_kb for s in ok), default=0) or None)} |")
    return rows


def ratio_lines(res: SizeResult) -> list[str]:
    sg = res.clean.get("sitegen")
    if not sg or not sg.ok():
        return ["sitegen has no successful clean build at this size: no ratios."]
    out = ["| ratio | wall time (medians) | wall time (best runs) | CPU time (medians) | peak RSS, largest process | peak PSS, whole tree |",
           "| --- | ---: | ---: | ---: | ---: | ---: |"]
    ours = [(name, ser) for name in ("sitegen", "sitegen-before", "sitegen-nocards") if (ser := res.clean.get(name)) and ser.ok()]
    for name, sg in ours:
        for other in ("hugo", "pelican"):
            o = res.clean.get(other)
            if not o or not o.ok():
                continue
            out.append(f"| {name} / {other} | {ratio(sg.med('wall'), o.med('wall'))} | "
                       f"{ratio(min(s.wall for s in sg.ok()), min(s.wall for s in o.ok()))} | "
                       f"{ratio(sg.med('cpu'), o.med('cpu'))} | "
                       f"{ratio(max(s.maxrss_kb for s in sg.ok()), max(s.maxrss_kb for s in o.ok()))} | "
                       f"{ratio(max(s.tree_kb for s in sg.ok()), max(s.tree_kb for s in o.ok()))} |")
    return out


def rebuild_table(res: SizeResult) -> list[str]:
    if not res.rebuilds:
        return []
    clean = res.clean.get("sitegen")
    cm = clean.med("wall") if clean else None
    rows = ["| sitegen rebuild | runs | median wall (s) | vs clean build (median) | peak RSS, largest process (MB) | files changed per run | notes |",
            "| --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for ser in res.rebuilds:
        ok = ser.ok()
        rows.append(f"| {ser.label} | {len(ok)}/{len(ser.samples)} | {fmt_s(ser.med('wall'))} | "
                    f"{ratio(ser.med('wall'), cm)} | {fmt_mb(max((s.maxrss_kb for s in ok), default=None))} | "
                    f"{', '.join(map(str, ser.changed)) or '—'} | {ser.note} |")
    return rows


def _feeds(names: list[str]) -> str:
    """The feed files, or their count and a few of them when there are many (tag and author feeds)."""
    if len(names) <= 6:
        return ", ".join(names) or "—"
    top = [n for n in names if "/" not in n]
    return f"{len(names)} files: {', '.join(top)} and {len(names) - len(top)} tag and author feeds"


def output_table(res: SizeResult) -> list[str]:
    if not res.outputs:
        return []
    rows = ["| tool | HTML files | paginated pages (…/page/N/) | tag pages | author pages | feeds | total size (MB) |",
            "| --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for name, o in res.outputs.items():
        rows.append(f"| {name} | {o['html']} | {o['paged_html']} | {o['tag_pages']} | {o['author_pages']} | "
                    f"{_feeds(o['feeds'])} | {o['bytes'] / 1e6:.1f} |")
    return rows


# Issue 22's targets: (posts, wall vs Hugo at most, output bytes vs Hugo at most)
TARGETS = {10: 2.0, 100: 2.0, 1000: 1.5, 10_000: 1.5}
BYTES_TARGET = 2.0
MEMORY_TARGET_MB = 250


def target_lines(results: list[SizeResult], tiny: SizeResult | None) -> list[str]:
    """Every size as ratios against Hugo and Pelican from this run, beside issue 22's targets."""
    rows = ["| posts | sitegen wall (s) | vs Hugo (wall) | target | vs Pelican (wall) | vs Hugo (CPU) | vs Pelican (CPU) "
            "| output (MB) | output vs Hugo | peak PSS, tree (MB) | met |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    sized = {res.n for res in results}      # (--sizes 10 times the tiny site's size too: that row, not both)
    for res in ([tiny] if tiny and tiny.n not in sized else []) + results:
        sg, hugo, pel = (res.clean.get(k) for k in ("sitegen", "hugo", "pelican"))
        if not sg or not sg.ok():
            continue
        w, hw, pw = sg.med("wall"), hugo.med("wall") if hugo else None, pel.med("wall") if pel else None
        out_b = res.outputs.get("sitegen", {}).get("bytes")
        hugo_b = res.outputs.get("hugo", {}).get("bytes")
        pss = max((x.tree_kb for x in sg.ok()), default=0) / 1024 or None
        goal = TARGETS.get(res.n, 1.5)
        met = []
        if w and hw:
            met.append(w / hw <= goal)
        if w and pw:
            met.append(w < pw)
        if res.n >= 1000 and out_b and hugo_b:
            met.append(out_b / hugo_b <= BYTES_TARGET)
        if res.n >= 10_000 and pss:
            met.append(pss < MEMORY_TARGET_MB)
        rows.append(f"| {res.n:,} | {fmt_s(w)} | {ratio(w, hw)} | ≤ {goal}× | {ratio(w, pw)} | "
                    f"{ratio(sg.med('cpu'), hugo.med('cpu') if hugo else None)} | "
                    f"{ratio(sg.med('cpu'), pel.med('cpu') if pel else None)} | "
                    f"{out_b / 1e6 if out_b else 0:.1f} | {ratio(out_b, hugo_b)}{' (≤ 2×)' if res.n >= 1000 else ''} | "
                    f"{f'{pss:.0f}' if pss else '—'}{' (< 250)' if res.n >= 10_000 else ''} | "
                    f"{'yes' if met and all(met) else 'no' if met else '—'} |")
    return rows


def print_summary(results: list[SizeResult], extras: list[Series]) -> None:
    print()
    print("=" * 100)
    for res in results:
        print(f"\nN = {res.n} posts ({res.repeat} rounds)")
        for line in clean_table(res) + [""] + ratio_lines(res) + [""] + rebuild_table(res):
            print(line)
        for e in res.errors:
            print(f"ERROR: {e}")
    if extras:
        print()
        for ser in extras:
            print(f"{ser.label:40s} median {fmt_s(ser.med('wall'))} s  peak {fmt_mb(max((s.maxrss_kb for s in ser.ok()), default=None))} MB")


def write_results_md(path: Path, args, info: dict, versions: dict, commands: dict,
                     results: list[SizeResult], extras: list[Series], started: str, elapsed: float,
                     tiny: SizeResult | None = None) -> None:
    L: list[str] = []
    L += ["# Benchmark results", "",
          "<!-- Generated by benchmarks/run.py; overwritten on every run. Do not edit by hand. -->", "",
          f"Produced by `{' '.join(['python', 'benchmarks/run.py'] + args.argv)}` "
          f"(normally via `make bench` → `bash benchmarks/bench.sh`), started {started}, "
          f"took {elapsed / 60:.1f} min. See benchmarks/README.md for what is measured and how to read it.", ""]
    L += ["## Machine", "",
          f"- CPUs (`nproc`): {info['nproc']}",
          f"- CPU model: {info['cpu']}",
          f"- memory: {info['memory']}",
          f"- kernel: {info['kernel']}; Python {info['python']}",
          f"- load average at start: {info['loadavg_start']}; at end: {info.get('loadavg_end', '?')}",
          "- the machine is shared: other work may have run at the same time; the rounds alternate tools "
          "so that noise is spread over all of them", ""]
    L += ["## Against the targets (issue 22)", "",
          "sitegen with its default configuration (social cards, tag and author feeds); ratios are "
          "sitegen / other of the medians of this run (the 10-post row is the tiny site below).", ""]
    L += target_lines(results, tiny) + [""]
    L += ["## Tool versions", ""] + [f"- {k}: `{v}`" for k, v in versions.items()] + [""]
    L += ["## Commands", "",
          "Each clean build first deletes the output folder (and sitegen's `SITE/.sitegen-cache/`, Pelican's "
          "`cache/`, Hugo's `resources/` and cache dir); that deletion is not timed.", "", "```"]
    L += [f"{k}: {v}" for k, v in commands.items()] + ["```", ""]
    for res in results:
        L += [f"## {res.n} posts", "",
              f"{res.repeat} rounds, tools alternating within each round."
              + (f" Corpus generated in {res.corpus_seconds:.1f} s." if res.corpus_seconds else " Corpus reused from cache."),
              "", "### Clean builds", ""]
        L += clean_table(res) + [""] + ratio_lines(res) + [""]
        if res.timings:
            L += ["### Where sitegen's clean build spends its time (`sitegen build --timings`)", "", "```",
                  res.timings, "```", ""]
        if res.rebuilds:
            L += ["### sitegen incremental rebuilds", ""] + rebuild_table(res) + [""]
        if res.outputs:
            L += ["### What each tool wrote (first clean build)", ""] + output_table(res) + [""]
        if res.errors:
            L += ["### Errors", ""]
            for e in res.errors:
                L += ["```", e, "```", ""]
    if extras:
        L += ["## Start-up and a tiny site", "",
              "| what | runs | median wall (s) | median CPU (s) | peak RSS (MB) |", "| --- | ---: | ---: | ---: | ---: |"]
        for ser in extras:
            ok = ser.ok()
            L.append(f"| {ser.label} | {len(ok)}/{len(ser.samples)} | {fmt_s(ser.med('wall'))} | "
                     f"{fmt_s(ser.med('cpu'))} | {fmt_mb(max((s.maxrss_kb for s in ok), default=None))} |")
        L.append("")
    L += ["## Every run", "", "<details><summary>wall s / CPU s / peak RSS MB / exit code / 1-min load average before the run, in run order</summary>", ""]
    for res in results:
        for ser in list(res.clean.values()) + res.rebuilds:
            if ser.samples:
                L.append(f"- N={res.n} {ser.label}: " + "; ".join(
                    f"{s.wall:.3f} / {s.cpu:.2f} / {s.maxrss_kb / 1024:.0f} / {s.rc} / {s.load:.1f}" for s in ser.samples))
    for ser in extras:
        L.append(f"- {ser.label}: " + "; ".join(
            f"{s.wall:.3f} / {s.cpu:.2f} / {s.maxrss_kb / 1024:.0f} / {s.rc} / {s.load:.1f}" for s in ser.samples))
    L += ["", "</details>", ""]
    path.write_text("\n".join(L), encoding="utf-8")


# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str]):
    p = argparse.ArgumentParser(description="Benchmark sitegen against Hugo and Pelican.")
    p.add_argument("--sizes", default="100,1000,10000", help="comma-separated post counts (default 100,1000,10000)")
    p.add_argument("--repeat", type=int, default=3, help=f"rounds per size below {LARGE} (default 3)")
    p.add_argument("--repeat-large", type=int, default=2, help=f"rounds per size of {LARGE} or more (default 2)")
    p.add_argument("--rebuild-repeat-large", type=int, default=1,
                   help=f"runs of each sitegen rebuild kind at sizes of {LARGE} or more (default 1)")
    p.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS))
    p.add_argument("--sitegen", default=str(DEFAULT_SITEGEN), help="the sitegen executable")
    p.add_argument("--no-rebuilds", action="store_true", help="skip sitegen's incremental rebuilds")
    p.add_argument("--before", metavar="DIR", help="also time the sitegen of another checkout (its source in DIR, "
                   "run with this venv's Python) as sitegen-before, in the same rounds")
    p.add_argument("--regenerate", action="store_true", help="regenerate cached corpora")
    p.add_argument("--results", default=str(BENCH / "RESULTS.md"), help="where to write the Markdown report")
    args = p.parse_args(argv)
    args.argv = argv
    try:
        args.sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    except ValueError:
        p.error("--sizes takes comma-separated integers, e.g. 100,1000")
    if not args.sizes or min(args.sizes) < 1 or min(args.repeat, args.repeat_large, args.rebuild_repeat_large) < 1:
        p.error("sizes and repeats must be positive")
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    bad = [t for t in args.tools if t not in TOOLS]
    if bad:
        p.error(f"unknown tool(s): {', '.join(bad)}")
    if args.before:
        if not (Path(args.before) / "sitegen" / "__init__.py").is_file():
            p.error(f"--before: no sitegen source in {args.before}")
        SitegenBefore.source = Path(args.before).resolve()
        args.tools.insert(args.tools.index("sitegen") + 1 if "sitegen" in args.tools else 0, "sitegen-before")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    t0 = time.perf_counter()
    WORK.mkdir(parents=True, exist_ok=True)
    rmtree(WORK / "logs")
    Sitegen.exe = Path(args.sitegen)

    tools = list(args.tools)
    problems: list[str] = []
    if "sitegen" in tools and not os.access(Sitegen.exe, os.X_OK):
        problems.append(f"sitegen not found at {Sitegen.exe}: its builds are skipped "
                        "(install the project into .venv first)")
        tools.remove("sitegen")
        if "sitegen-nocards" in tools:
            tools.remove("sitegen-nocards")
    if "hugo" in tools and not os.access(HUGO, os.X_OK):
        problems.append(f"hugo not found at {rel(HUGO)}: run benchmarks/setup.sh")
        tools.remove("hugo")
    if "pelican" in tools and not os.access(PELICAN, os.X_OK):
        problems.append(f"pelican not found at {rel(PELICAN)}: run benchmarks/setup.sh")
        tools.remove("pelican")
    for msg in problems:
        log(f"WARNING: {msg}")
    if not tools:
        log("no tool to benchmark")
        return 1

    info = machine_info()
    versions = {"python (harness)": sys.version.split()[0]}
    if "sitegen" in tools:
        versions["sitegen"] = tool_version([str(Sitegen.exe), "--version"])
    if "hugo" in tools:
        versions["hugo"] = tool_version([str(HUGO), "version"])
    if "pelican" in tools:
        versions["pelican"] = tool_version([str(PELICAN), "--version"])
        versions["python-markdown (pelican)"] = tool_version(
            [str(WORK / "ref-venv" / "bin" / "python"), "-c", "import markdown; print(markdown.__version__)"])
    versions["repository"] = repo_state()
    for k, v in versions.items():
        log(f"[version] {k}: {v}")
    site, out = Path("SITE"), Path("OUT")
    commands = {name: shlex.join(rel(x) if x.startswith(str(REPO)) else x
                                 for x in TOOL_CLASSES[name](site, out).command()) for name in tools}
    if "pelican" in commands:
        commands["pelican"] += "   (run from SITE)"
    if "hugo" in commands:
        commands["hugo"] += f"   (HUGO_CACHEDIR={rel(HUGO_CACHE)})"
    commands["corpus"] = "python benchmarks/corpus.py N benchmarks/.work/corpus-N  (SITE = benchmarks/.work/corpus-N/<tool>)"

    # Start-up and a 10-post site first: this also warms the OS file cache and Python bytecode
    # for every tool before the timed sizes.
    extras: list[Series] = []
    tiny, _ = corpus_dir(10, args.regenerate)
    warm = SizeResult(10, 1)
    run_clean_builds(10, tiny, tools, 1, warm)       # warm-up, not reported
    if "sitegen" in tools:
        ser = Series("sitegen --version")
        for _ in range(5):
            ser.samples.append(measure([str(Sitegen.exe), "--version"], env=sitegen_env(), logfile=WORK / "logs" / "version.log"))
        extras.append(ser)
    tiny_res = SizeResult(10, 5)
    run_clean_builds(10, tiny, tools, 5, tiny_res)
    for name, ser in tiny_res.clean.items():
        ser.label = f"{name}: 10-post site, clean build"
        extras.append(ser)
    warm_errors = warm.errors + tiny_res.errors

    results: list[SizeResult] = []
    for n in args.sizes:
        repeat = args.repeat_large if n >= LARGE else args.repeat
        src, gen_s = corpus_dir(n, args.regenerate)
        res = SizeResult(n, repeat, corpus_seconds=gen_s)
        run_clean_builds(n, src, tools, repeat, res)
        if "sitegen" in tools and res.clean["sitegen"].ok():
            run_timings(n, src, res)
        if "sitegen" in tools and not args.no_rebuilds and res.clean["sitegen"].ok():
            run_rebuilds(n, src, args.rebuild_repeat_large if n >= LARGE else args.repeat, res)
        results.append(res)
        rmtree(WORK / f"out-{n}")   # outputs of 10k posts are large; the corpus stays cached
    if warm_errors and results:
        results[0].errors[:0] = [f"(10-post site) {e}" for e in warm_errors]

    info["loadavg_end"] = loadavg()
    elapsed = time.perf_counter() - t0
    print_summary(results, extras)
    for msg in problems:
        print(f"WARNING: {msg}")
    for line in [""] + target_lines(results, tiny_res):
        print(line)
    write_results_md(Path(args.results), args, info, versions, commands, results, extras, started, elapsed,
                     tiny=tiny_res)
    (WORK / "results.json").write_text(json.dumps({
        "machine": info, "versions": versions, "commands": commands,
        "sizes": [{"n": r.n, "repeat": r.repeat, "errors": r.errors, "outputs": r.outputs,
                   "clean": {k: [asdict(s) for s in v.samples] for k, v in r.clean.items()},
                   "rebuilds": {s.label: {"samples": [asdict(x) for x in s.samples], "changed": s.changed}
                                for s in r.rebuilds}} for r in results],
        "extras": {s.label: [asdict(x) for x in s.samples] for s in extras},
    }, indent=1, ensure_ascii=False))
    print(f"\nwrote {rel(args.results)} and {rel(WORK / 'results.json')} ({elapsed / 60:.1f} min)")
    failed = any(r.errors for r in results) or bool(warm_errors and not results)
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
