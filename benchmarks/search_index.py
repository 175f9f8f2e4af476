#!/usr/bin/env python3
"""The search index step, measured apart from the build: time, index size and peak memory.

    python benchmarks/search_index.py [--sizes 1000,10000] [--service-batch 64]

For each size N: the benchmark corpus (benchmarks/corpus.py, cached in benchmarks/.work/corpus-N)
is built once with search on but without the index step (that build is not what is measured
here), then, each in a child process:

* ``pagefind``: Pagefind's own command line on the built folder, as a user would run it by hand
  (the reference);
* ``sitegen``: sitegen's search step (sitegen/search.py): the same command line into a folder
  beside the output, then stabilising the filter files and swapping the index in;
* ``service`` (only with --service-batch): the pages fed one by one through Pagefind's service
  protocol (what its Python API speaks), at most that many in flight, the way to keep fewer
  pages in memory at once.

Wall time is perf_counter around the child; peak memory is the largest resident set of the child
and its descendants (os.wait4). Index size is every file Pagefind wrote. Results are printed
and written to benchmarks/RESULTS-search.md (overwritten) and benchmarks/.work/search-results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
PYTHON = REPO / ".venv" / "bin" / "python"


@dataclass
class Run:
    size: int
    way: str
    seconds: float
    peak_mb: float
    files: int
    mb: float
    pages: int


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def measured(cmd: list[str]) -> tuple[float, float, str]:
    """Run cmd as a child; wall time and peak RSS (ru_maxrss from wait4, which covers the
    descendants it reaped)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.read()}")
        return wall, usage.ru_maxrss / 1024, out.read()


def folder_size(folder: Path) -> tuple[int, float]:
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
    return files, size / 1e6


def page_count(index: Path) -> int:
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    return sum(lang["page_count"] for lang in entry["languages"].values())


def prepare(size: int) -> Path:
    """The built site for `size` posts (search on, no index), in benchmarks/.work/search-N/."""
    corpus = WORK / f"corpus-{size}"
    if not (corpus / "sitegen" / "content").is_dir():
        log(f"generating the {size}-post corpus ...")
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), str(size), str(corpus)], check=True)
    site = WORK / f"search-{size}"
    site.mkdir(parents=True, exist_ok=True)
    content = site / "content"
    if not content.is_symlink():
        shutil.rmtree(content, ignore_errors=True)
        content.symlink_to(corpus / "sitegen" / "content", target_is_directory=True)
    config = (corpus / "sitegen" / "sitegen.toml").read_text("utf-8")
    (site / "sitegen.toml").write_text(config.rstrip("\n") + "\nsearch = true\n", "utf-8")
    log(f"building the {size}-post site (pages only) ...")
    code = ("from pathlib import Path; from sitegen.pipeline import Options, build; "
            f"print(build(Options(site_dir=Path({str(site)!r}), search_index=False)).summary())")
    subprocess.run([str(PYTHON), "-c", code], check=True, stdout=subprocess.DEVNULL)
    return site / "output"


def run_way(size: int, out: Path, way: str, batch: int) -> Run:
    sys.path.insert(0, str(REPO))
    from sitegen import search
    binary = search.find_binary()
    if binary is None:
        raise SystemExit("Pagefind is not installed: pip install -e . (pagefind[extended] is a dependency)")
    if way == "pagefind":
        dest = Path(tempfile.mkdtemp(prefix="pagefind-", dir=WORK))
        try:
            wall, peak, _ = measured([str(binary), "--site", str(out), "--output-path", str(dest / "pagefind"),
                                      "--silent"])
            files, mb = folder_size(dest / "pagefind")
            pages = page_count(dest / "pagefind")
        finally:
            shutil.rmtree(dest, ignore_errors=True)
        return Run(size, way, wall, peak, files, mb, pages)
    batch_arg = "None" if way == "sitegen" else str(batch)
    code = ("from pathlib import Path; from sitegen import search; "
            f"search.index_site(Path({str(out)!r}), batch={batch_arg})")
    wall, peak, _ = measured([str(PYTHON), "-c", code])
    files, mb = folder_size(out / "pagefind")
    return Run(size, way, wall, peak, files, mb, page_count(out / "pagefind"))


def report(runs: list[Run], started: datetime, took: float) -> str:
    lines = ["# Search index benchmark", "",
             "<!-- Generated by benchmarks/search_index.py; overwritten on every run. Do not edit by hand. -->", "",
             f"Produced by `python benchmarks/search_index.py` (part of `make bench`), started "
             f"{started:%Y-%m-%d %H:%M} UTC, took {took / 60:.1f} min, on {os.cpu_count()} CPUs, "
             f"{platform.python_implementation()} {platform.python_version()}, load average at the end "
             f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} (a shared machine). The pages are built first "
             "(not timed here: see RESULTS.md for builds); each row is the index step alone (median wall time "
             "and largest peak of the runs).", "",
             "| posts | how | wall (s) | peak memory (MB) | index files | index size (MB) | pages indexed | "
             "time vs Pagefind's CLI |", "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    reference = {r.size: r.seconds for r in runs if r.way == "pagefind"}
    for r in runs:
        ratio = f"{r.seconds / reference[r.size]:.2f}×" if r.size in reference else ""
        lines.append(f"| {r.size:,} | {r.way} | {r.seconds:.2f} | {r.peak_mb:,.0f} | {r.files:,} | {r.mb:.1f} | "
                     f"{r.pages:,} | {ratio} |")
    lines += ["", "- `pagefind`: Pagefind's command line run by hand on the built folder (the reference).",
              "- `sitegen`: the build's search step (the same command line, then stable file names and the "
              "swap into output/pagefind/).",
              "- `service`: pages fed through Pagefind's service protocol (its Python API's), a few at a time.",
              "- Peak memory: the largest resident set among the process and its children (wait4).", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each way; the median time is shown")
    parser.add_argument("--service-batch", type=int, default=0,
                        help="also measure feeding pages through Pagefind's service, this many in flight")
    args = parser.parse_args()
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    runs: list[Run] = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = prepare(size)
        ways = ["pagefind", "sitegen"] + (["service"] if args.service_batch else [])
        tries: dict[str, list[Run]] = {way: [] for way in ways}
        for _ in range(args.repeat):                  # the ways alternate, so noise hits all of them
            for way in ways:
                log(f"{size} posts: indexing with {way} (load {os.getloadavg()[0]:.1f}) ...")
                run = run_way(size, out, way, args.service_batch)
                tries[way].append(run)
                log(f"  {run.seconds:.2f} s, peak {run.peak_mb:,.0f} MB, {run.files:,} files, {run.mb:.1f} MB")
        for way in ways:
            done = sorted(tries[way], key=lambda r: r.seconds)
            middle = done[len(done) // 2]
            runs.append(Run(size, way, middle.seconds, max(r.peak_mb for r in done), middle.files, middle.mb,
                            middle.pages))
    text = report(runs, started, time.perf_counter() - t0)
    print(text)
    (BENCH / "RESULTS-search.md").write_text(text, "utf-8")
    WORK.mkdir(exist_ok=True)
    (WORK / "search-results.json").write_text(json.dumps([asdict(r) for r in runs], indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
