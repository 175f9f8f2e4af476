#!/usr/bin/env python3
"""Save-to-visible latency of `sitegen serve`, measured in headless Chromium.

    python benchmarks/serve_latency.py                     # the sample blog and a 1,000-post site
    python benchmarks/serve_latency.py --sites sample --edits 30
    python benchmarks/serve_latency.py --sites 1000 --json out.json

For each site: copy it to a temporary folder, start the preview server in this process (as
`sitegen serve` does), open one post in Chromium, then save that post `--edits` times, each time
with a new sentence in its text.  The latency of one edit runs from just before the file is
written to the first animation frame after the new sentence is in the page's DOM, both read
from the same system clock (`time.time()` here, `performance.timeOrigin + performance.now()`
in the page), so no Playwright round trip is counted.  The page is never reloaded (a marker on
`window` is checked after every edit).  Also printed: how long each rebuild's build() took.

Targets (issue 3): median under 250 ms on the sample blog, under 1 s on 1,000 posts.
The 1,000-post site is written by `benchmarks/corpus.py 1000 DIR` (DIR/sitegen/).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TARGETS_MS = {"sample": 250, "1000": 1000}
PROBE = "Latency probe"

WATCH_JS = """want => new Promise(resolve => {
  window.__seen = null;
  const check = () => {
    if (document.body && document.body.textContent.includes(want)) {
      observer.disconnect();
      requestAnimationFrame(() => { window.__seen = performance.timeOrigin + performance.now(); });
      return true;
    }
    return false;
  };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  resolve(check());
})"""


def sample_site(dest: Path) -> Path:
    dest.mkdir(parents=True)
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copy(ROOT / "sitegen.toml", dest / "sitegen.toml")
    for extra in ("data", "templates", "static"):
        if (ROOT / extra).is_dir():
            shutil.copytree(ROOT / extra, dest / extra)
    return dest


def corpus_site(n: int, work: Path) -> Path:
    script = HERE / "corpus.py"
    if not script.is_file():
        raise SystemExit(f"{script} is missing: cannot generate the {n}-post site")
    subprocess.run([sys.executable, str(script), str(n), str(work / f"corpus-{n}")], check=True,
                   stdout=subprocess.DEVNULL)
    return work / f"corpus-{n}" / "sitegen"


def newest_post(site: Path) -> Path:
    posts = sorted((site / "content" / "posts").rglob("*.md"))
    if not posts:
        raise SystemExit(f"no posts in {site}")
    return posts[-1]


def find_page(output: Path, text: str) -> str:
    for page in sorted((output / "posts").rglob("index.html")):
        if text.encode() in page.read_bytes():
            return page.parent.relative_to(output).as_posix() + "/"
    raise SystemExit(f"no built page contains {text!r}")


def set_probe(post: Path, n: int) -> None:
    text = post.read_text("utf-8")
    head, sep, _ = text.partition(f"\n\n{PROBE} ")
    if not sep:
        head = text.rstrip("\n")
    post.write_text(f"{head}\n\n{PROBE} {n} of the serve benchmark.\n", "utf-8")


def measure(name: str, site: Path, edits: int, settle: float) -> dict:
    from playwright.sync_api import sync_playwright

    from sitegen.build import build
    from sitegen.serve import PreviewServer

    build_seconds: list[float] = []

    def timed_build(options):
        started = time.perf_counter()
        try:
            return build(options)
        finally:
            build_seconds.append(time.perf_counter() - started)

    post = newest_post(site)
    set_probe(post, 0)
    started = time.perf_counter()
    server = PreviewServer(site, port=0, log=lambda m: None, log_error=lambda m: print(m, file=sys.stderr),
                           build_fn=timed_build)
    server.start()
    first_build = time.perf_counter() - started
    build_seconds.clear()
    latencies: list[float] = []
    try:
        path = find_page(server.output_dir, f"{PROBE} 0 ")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(server.url + path)
            page.wait_for_function("b => window.__sitegenLive && window.__sitegenLive.build === b",
                                   arg=server.state.build_id)
            page.evaluate("window.__benchMarker = 1")
            time.sleep(0.5)
            for n in range(1, edits + 1):
                want = f"{PROBE} {n} of"
                page.evaluate(WATCH_JS, want)
                attempts = server.state.attempts
                written = time.time()
                set_probe(post, n)
                page.wait_for_function("window.__seen !== null", timeout=120_000, polling=20)
                seen = page.evaluate("window.__seen") / 1000.0
                latencies.append((seen - written) * 1000.0)
                if page.evaluate("window.__benchMarker") != 1:
                    raise SystemExit("the page was reloaded: the measurement is void")
                server.wait_for_attempt(attempts, timeout=120)
                time.sleep(settle)
            browser.close()
    finally:
        server.stop()
    result = {
        "site": name,
        "posts": len(list((site / "content" / "posts").rglob("*.md"))),
        "edits": edits,
        "median_ms": statistics.median(latencies),
        "p90_ms": sorted(latencies)[max(0, round(0.9 * len(latencies)) - 1)],
        "min_ms": min(latencies),
        "max_ms": max(latencies),
        "build_median_ms": statistics.median(build_seconds) * 1000.0 if build_seconds else None,
        "first_build_s": first_build,
        "latencies_ms": [round(x, 1) for x in latencies],
    }
    target = TARGETS_MS.get(name)
    if target is not None:
        result["target_ms"] = target
        result["meets_target"] = result["median_ms"] < target
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sites", default="sample,1000",
                    help="comma-separated: 'sample' (the repository's blog) and/or post counts (default: sample,1000)")
    ap.add_argument("--edits", type=int, default=20, help="saves per site (default 20)")
    ap.add_argument("--settle", type=float, default=0.3, help="pause between saves in seconds (default 0.3)")
    ap.add_argument("--json", metavar="FILE", help="also write the results here")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed", file=sys.stderr)
        return 2
    results = []
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory(prefix="sitegen-serve-bench-") as tmp:
        work = Path(tmp)
        for name in [s.strip() for s in args.sites.split(",") if s.strip()]:
            site = sample_site(work / "sample") if name == "sample" else corpus_site(int(name), work)
            print(f"{name}: measuring {args.edits} saves ...", file=sys.stderr, flush=True)
            results.append(measure(name, site, args.edits, args.settle))
    print()
    print("sitegen serve: save-to-visible latency in headless Chromium")
    print(f"{'site':>8} {'posts':>6} {'median':>9} {'p90':>9} {'min':>9} {'max':>9} {'build()':>9} {'target':>8}")
    for r in results:
        target = f"<{r['target_ms']} ms" if "target_ms" in r else ""
        verdict = "" if "meets_target" not in r else ("  ok" if r["meets_target"] else "  MISSED")
        build_ms = f"{r['build_median_ms']:.0f} ms" if r["build_median_ms"] is not None else "-"
        print(f"{r['site']:>8} {r['posts']:>6} {r['median_ms']:>6.0f} ms {r['p90_ms']:>6.0f} ms {r['min_ms']:>6.0f} ms "
              f"{r['max_ms']:>6.0f} ms {build_ms:>9} {target:>8}{verdict}")
    if load_before is not None:
        print(f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
              f"on {os.cpu_count()} CPUs; build() runs in the server's process, so a busy machine shows")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
