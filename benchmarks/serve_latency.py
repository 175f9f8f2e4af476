#!/usr/bin/env python3
"""The edit loop: save-to-visible latency of `sitegen serve` and `hugo server`, in headless
Chromium, on the same corpus in the same run; then the table of issue 9's targets.

    python benchmarks/serve_latency.py                          # 1,000 and 10,000 posts
    python benchmarks/serve_latency.py --sizes 1000 --edits 5
    python benchmarks/serve_latency.py --results benchmarks/RESULTS.md   # also append the tables there

For each size: copy the corpus (benchmarks/corpus.py) to a scratch folder, start the preview
server in this process (as `sitegen serve` does), open one post in Chromium, and save that post
again and again: body edits (a new last sentence), title edits, and structural edits: its tags, its
date (it moves in the order); then, with the home page open, a new post (the newest: every page of
the home page's list moves) and the same post deleted again.
Then the same post's body is edited under `hugo server` (default fast render, the page open in
the same Chromium). A latency runs from just before the file is written to the first animation
frame after the new text is in the page, both read from the system clock (`time.time()` here,
`performance.timeOrigin + performance.now()` in the page): no Playwright round trip is counted,
and a full page reload (Hugo's live reload) is measured the same way as an in-place swap.

For a structural edit, "whole site" is the time until the server finished the rebuild (every
page the edit touched is written). Each size's server runs in a process of its own (this
script again, with --worker), so "serve memory" is the peak resident memory (VmHWM) of a
process that only ran that server, its first build and the edits, plus the Python side of the
Playwright client that drives the browser (its share, measured before the server starts, is
printed beside it); the browser itself is another process.

The CLI figures of the target table come from benchmarks/.work/results.json (written by run.py
in the same `make bench`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
HUGO = WORK / "bin" / "hugo"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# Notes a time in localStorage once `want` is in the page: after an in-place swap (observer) or
# after a reload (the script runs again on every load).
INIT_JS = """(() => {
  const look = () => {
    const want = localStorage.getItem("__want");
    if (want && document.body && document.body.textContent.includes(want) && !localStorage.getItem("__seen")) {
      requestAnimationFrame(() => localStorage.setItem("__seen", String(performance.timeOrigin + performance.now())));
      return true;
    }
    return false;
  };
  const start = () => {
    if (look()) return;
    new MutationObserver(look).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})()"""


STRUCTURAL = ("struct", "date", "new", "delete")       # tags, date, a new post (newest), that post deleted
STRUCTURAL_NAMES = {"struct": "tags", "date": "date", "new": "new post", "delete": "delete"}


def author_of(post: Path) -> str:
    found = re.search(r"^author: (.*)$", post.read_text("utf-8"), flags=re.M)
    return found.group(1).strip() if found else "anonymous"


CORPORA: dict[int, Path] = {}


def corpus(n: int) -> Path:
    out = CORPORA.get(n) or WORK / f"corpus-{n}"
    if not (out / "sitegen").is_dir():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(n), str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def pick(site: Path) -> Path:
    # an original, not a translation (`slug.de.md` of a multilingual corpus): the probes look for English words
    posts = [p for p in sorted((site / "content" / "posts").rglob("*.md")) if len(p.suffixes) == 1]
    return posts[len(posts) // 2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        self.page = self.browser.new_page()
        self.page.add_init_script(INIT_JS)

    def open(self, url: str, want: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.page.goto(url)
                if want in (self.page.text_content("body") or ""):
                    return
            except Exception:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} never showed {want!r}")
            time.sleep(0.5)

    def expect(self, want: str) -> None:
        self.page.evaluate("w => { localStorage.setItem('__want', w); localStorage.removeItem('__seen'); }", want)

    def seen(self, timeout: float = 120) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.page.evaluate("localStorage.getItem('__seen')")
                if value:
                    return float(value) / 1000.0
            except Exception:            # the page is reloading
                pass
            time.sleep(0.01)
        raise SystemExit("the edit never showed in the page")

    def close(self) -> None:
        self.browser.close()
        self._pw.stop()


def replace_line(path: Path, pattern: str, new: str) -> None:
    text = path.read_text("utf-8")
    path.write_text(re.sub(pattern, new, text, count=1, flags=re.M), "utf-8")


def timed_save(browser: Browser, want: str, write, after=None) -> tuple[float, float | None]:
    """(ms until visible, ms until `after()` returned, or None)."""
    browser.expect(want)
    time.sleep(0.05)
    t0 = time.time()
    write()
    done = None
    if after is not None:
        after()
        done = (time.time() - t0) * 1000
    return (browser.seen() - t0) * 1000, done


def measure_sitegen(n: int, edits: int, scratch: Path) -> dict:
    from playwright.sync_api import sync_playwright  # noqa: F401  (in the baseline: the client's share)

    from sitegen.serve import PreviewServer
    base = rss_mb("VmRSS")
    site = scratch / "sitegen"
    shutil.copytree(corpus(n) / "sitegen", site)
    post = pick(site)
    started = time.perf_counter()
    server = PreviewServer(site, port=0, log=lambda m: None, log_error=lambda m: print(m, file=sys.stderr))
    server.start()
    first = time.perf_counter() - started
    result: dict = {"first_build_s": first, "body": [], "title": [], "struct_page": [], "struct_site": [],
                    "rss_base_mb": base, "rss_first_mb": rss_mb("VmRSS")}
    for kind in STRUCTURAL[1:]:
        result[f"{kind}_page"], result[f"{kind}_site"] = [], []
    browser = Browser()
    try:
        source = post.relative_to(site).as_posix()
        url, lang = next((p.url, getattr(p, "lang", "")) for p in server.session.built.site.posts if p.source == source)
        browser.open(server.url + url.lstrip("/"), "")
        time.sleep(1.0)

        def wait_build(attempts: int):
            return lambda: server.wait_for_attempt(attempts, timeout=300)

        for k in range(edits):
            text = f"Serve probe {k} of the edit loop."
            a = server.state.attempts
            ms, _ = timed_save(browser, text, lambda t=text: post.write_text(post.read_text("utf-8") + f"\n{t}\n", "utf-8"))
            server.wait_for_attempt(a, timeout=300)
            result["body"].append(ms)
            time.sleep(0.3)
        for k in range(edits):
            title = f"Retitled {k} edit loop"
            a = server.state.attempts
            ms, _ = timed_save(browser, title, lambda t=title: replace_line(post, r"^title: .*$", f'title: "{t}"'))
            server.wait_for_attempt(a, timeout=300)
            result["title"].append(ms)
            time.sleep(0.3)
        for k in range(edits):
            tag = f"Probe Tag {k}"
            a = server.state.attempts
            ms, whole = timed_save(browser, tag, lambda t=tag: replace_line(post, r"^tags: .*$", f"tags: [{t}]"),
                                   after=wait_build(a))
            result["struct_page"].append(ms)
            result["struct_site"].append(whole)
            time.sleep(0.3)
        for k in range(edits):        # a date: the post moves in the order
            day = f"2019-05-{10 + k}"
            a = server.state.attempts
            ms, whole = timed_save(browser, f"{10 + k} May 2019", lambda d=day: replace_line(post, r"^date: .*$", f"date: {d}"),
                                   after=wait_build(a))
            result["date_page"].append(ms)
            result["date_site"].append(whole)
            time.sleep(0.3)
        browser.open(server.url, "")            # the home page, where a new post shows first
        time.sleep(1.0)
        folder = post.parent
        for k in range(edits):
            title = f"Brand new post {k} of the edit loop"
            when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
            fresh = folder / f"zz-edit-loop-{k}.md"
            text = f'---\ntitle: "{title}"\ndate: {when}\nauthor: {author_of(post)}\ntags: [Probe]\n---\n\nA new post.\n'
            a = server.state.attempts
            ms, whole = timed_save(browser, title, lambda f=fresh, t=text: f.write_text(t, "utf-8"), after=wait_build(a))
            result["new_page"].append(ms)
            result["new_site"].append(whole)
            time.sleep(0.3)
            # delete it again: the post it had pushed to the home page's second page comes back
            # (of the home page's language: a multilingual site's list holds every language's posts)
            shown = [p for p in server.session.built.site.posts if getattr(p, "lang", "") == lang]
            back = shown[server.session.built.site.config.posts_per_page].title
            a = server.state.attempts
            ms, whole = timed_save(browser, back, lambda f=fresh: f.unlink(), after=wait_build(a))
            result["delete_page"].append(ms)
            result["delete_site"].append(whole)
            time.sleep(0.3)
    finally:
        browser.close()
        server.stop()
    result["rss_mb"] = rss_mb("VmHWM")
    result["rss_end_mb"] = rss_mb("VmRSS")
    return result


def measure_hugo(n: int, edits: int, scratch: Path) -> dict:
    site = scratch / "hugo"
    shutil.copytree(corpus(n) / "hugo", site)
    post = site / "content" / "posts" / (pick(corpus(n) / "sitegen").stem + ".md")    # the same post
    port = free_port()
    log = open(scratch / "hugo-server.log", "w")  # noqa: SIM115 (closed in the finally below)
    started = time.perf_counter()
    proc = subprocess.Popen([str(HUGO), "server", "--source", str(site), "--port", str(port), "--bind", "127.0.0.1",
                             "--noBuildLock", "--destination", str(scratch / "hugo-public")],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HUGO_CACHEDIR": str(WORK / "hugo-cache")})
    result: dict = {"body": []}
    browser = Browser()
    try:
        browser.open(f"http://127.0.0.1:{port}/posts/{post.stem}/", "", timeout=600)
        result["first_build_s"] = time.perf_counter() - started
        time.sleep(1.0)
        for k in range(edits):
            text = f"Hugo probe {k} of the edit loop."
            ms, _ = timed_save(browser, text, lambda t=text: post.write_text(post.read_text("utf-8") + f"\n{t}\n", "utf-8"))
            result["body"].append(ms)
            time.sleep(1.0)
    finally:
        browser.close()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    return result


def rss_mb(field: str) -> float:
    """VmHWM (the peak) or VmRSS (now) of this process, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def sitegen_in_own_process(n: int, edits: int, scratch: Path) -> dict:
    """measure_sitegen in a fresh process: its peak memory is that server's alone (an earlier
    size's server, or the harness, would otherwise count in the high-water mark)."""
    out = scratch / f"sitegen-{n}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", str(n), "--edits", str(edits),
           "--json", str(out), "--scratch", str(scratch)]
    if n in CORPORA:
        cmd += ["--corpus", str(CORPORA[n])]
    subprocess.run(cmd, check=True)
    result: dict = json.loads(out.read_text("utf-8"))
    return result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def cli_figures() -> dict:
    """The CLI figures at 10,000 posts from run.py's results.json (same make bench), if there."""
    path = WORK / "results.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text("utf-8"))
    out: dict = {}
    for size in data.get("sizes", []):
        if size["n"] != 10000:
            continue
        walls = {k: [s["wall"] for s in v if s.get("rc") == 0] for k, v in size.get("clean", {}).items()}
        out["clean"] = {k: med(v) for k, v in walls.items() if v}
        for label, series in size.get("rebuilds", {}).items():
            ok = [s["wall"] for s in series["samples"] if s.get("rc") == 0]
            if ok:
                out[label] = (med(ok), series.get("changed"))
    return out


def target_table(results: dict[int, dict]) -> list[str]:
    rows = ["| what | target | sitegen | hugo server | ratio | met |", "| --- | --- | ---: | ---: | ---: | :-: |"]

    def row(what: str, target: str, ours: str, theirs: str, ratio: str, ok: bool | None) -> None:
        rows.append(f"| {what} | {target} | {ours} | {theirs} | {ratio} | {'—' if ok is None else ('yes' if ok else 'no')} |")

    for n in sorted(results):
        s, h = results[n]["sitegen"], results[n].get("hugo", {})
        body, hb = s["body"], h.get("body", [])
        r = med(body) / med(hb) if hb else float("nan")
        if n >= 10000:
            row(f"save → visible, body edit, {n:,} posts", "median ≤ 200 ms, p95 ≤ 300 ms, ≤ 0.25× hugo",
                f"{med(body):.0f} ms (p95 {p95(body):.0f})", f"{med(hb):.0f} ms (p95 {p95(hb):.0f})" if hb else "-",
                f"{r:.2f}×", med(body) <= 200 and p95(body) <= 300 and r <= 0.25)
            t = s["title"]
            row(f"save → visible, title edit, {n:,} posts", "median ≤ 200 ms, p95 ≤ 300 ms",
                f"{med(t):.0f} ms (p95 {p95(t):.0f})", "-", "", med(t) <= 200 and p95(t) <= 300)
            for kind in STRUCTURAL:
                sp, ss = s.get(f"{kind}_page"), s.get(f"{kind}_site")
                if not sp:
                    continue
                name = STRUCTURAL_NAMES[kind]
                row(f"structural edit ({name}), {n:,} posts: open page", "≤ 300 ms",
                    f"{med(sp):.0f} ms (p95 {p95(sp):.0f})", "-", "", med(sp) <= 300)
                row(f"structural edit ({name}), {n:,} posts: whole site", "≤ 2 s",
                    f"{med(ss) / 1000:.2f} s (p95 {p95(ss) / 1000:.2f})", "-", "", med(ss) <= 2000)
            row(f"serve memory, {n:,} posts (peak RSS of the server's process)", "≤ 400 MiB",
                f"{s['rss_mb']:.0f} MiB (after the first build {s.get('rss_first_mb', 0):.0f}, at the end "
                f"{s.get('rss_end_mb', 0):.0f}; the Python and client libraries before the server "
                f"{s.get('rss_base_mb', 0):.0f})", "-", "", s["rss_mb"] <= 400)
        else:
            row(f"save → visible, body edit, {n:,} posts", "median ≤ 100 ms", f"{med(body):.0f} ms (p95 {p95(body):.0f})",
                f"{med(hb):.0f} ms" if hb else "-", f"{r:.2f}×", med(body) <= 100)
            t = s["title"]
            row(f"save → visible, title edit, {n:,} posts", "", f"{med(t):.0f} ms (p95 {p95(t):.0f})", "-", "", None)
    cli = cli_figures()
    if cli:
        edit = cli.get("rebuild, one post body edited")
        if edit:
            row("CLI one-post edit, 10,000 posts", "≤ 1.0 s", f"{edit[0]:.2f} s", "-", "", edit[0] <= 1.0)
        same = cli.get("rebuild, no change")
        if same:
            row("CLI no-change, 10,000 posts", "≤ 0.3 s, nothing written", f"{same[0]:.2f} s, {same[1]} files changed",
                "-", "", same[0] <= 0.3 and not any(same[1] or []))
        tpl, clean = cli.get("rebuild, post template edited"), cli.get("clean", {})
        if tpl and clean.get("sitegen"):
            share = tpl[0] / clean["sitegen"]
            row("CLI post.html edit, 10,000 posts", "≤ 1/3 of a clean build", f"{tpl[0]:.1f} s ({share:.2f}× clean)",
                "-", "", share <= 1 / 3)
        if clean.get("sitegen-nocards") and clean.get("hugo"):
            r = clean["sitegen-nocards"] / clean["hugo"]
            row("clean build, 10,000 posts, like for like (no social cards: Hugo draws none)", "≤ 1.9× Hugo",
                f"{clean['sitegen-nocards']:.1f} s", f"{clean['hugo']:.1f} s (hugo)", f"{r:.2f}×", r <= 1.9)
        if clean.get("sitegen") and clean.get("hugo"):
            r = clean["sitegen"] / clean["hugo"]
            row("clean build, 10,000 posts, as configured (a social card drawn per post)", "≤ 1.9× Hugo",
                f"{clean['sitegen']:.1f} s", f"{clean['hugo']:.1f} s (hugo)", f"{r:.2f}×", r <= 1.9)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated post counts (default 1000,10000)")
    ap.add_argument("--edits", type=int, default=7, help="saves of each kind per size (default 7)")
    ap.add_argument("--no-hugo", action="store_true", help="leave hugo server out")
    ap.add_argument("--json", metavar="FILE", help="also write the raw figures here")
    ap.add_argument("--results", metavar="FILE", help="append the tables to this Markdown file (RESULTS.md)")
    ap.add_argument("--corpus", metavar="DIR", action="append", default=[],
                    help="a corpus made by corpus.py to use for its size (its .sitegen-cache is copied too)")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)      # one size's server, in its own process
    ap.add_argument("--scratch", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is not installed", file=sys.stderr)
        return 2
    for folder in args.corpus:
        CORPORA[len(list((Path(folder) / "sitegen" / "content" / "posts").rglob("*.md")))] = Path(folder)
    if args.worker:
        found = measure_sitegen(args.worker, args.edits, Path(args.scratch))
        Path(args.json).write_text(json.dumps(found) + "\n", "utf-8")
        return 0
    load_before = os.getloadavg()
    results: dict[int, dict] = {}
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        with tempfile.TemporaryDirectory(prefix=f"sitegen-edit-loop-{n}-") as tmp:
            print(f"{n} posts: sitegen serve, {args.edits} saves of each kind ...", file=sys.stderr, flush=True)
            results[n] = {"sitegen": sitegen_in_own_process(n, args.edits, Path(tmp))}
            if not args.no_hugo and HUGO.exists():
                print(f"{n} posts: hugo server, {args.edits} saves ...", file=sys.stderr, flush=True)
                results[n]["hugo"] = measure_hugo(n, args.edits, Path(tmp))
    lines = ["## The edit loop: `sitegen serve` and `hugo server` (issue 9's targets)", "",
             f"Produced by `python benchmarks/serve_latency.py {' '.join(argv or sys.argv[1:])}`; load average "
             f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after, on {os.cpu_count()} CPUs (each size's "
             "server runs in a process of its own, with the Playwright client; a busy machine shows).", ""]
    lines += target_table(results)
    lines += ["", "Every save, in ms (save → visible):", ""]
    for n, r in sorted(results.items()):
        s = r["sitegen"]
        lines.append(f"- {n:,} posts, sitegen: first build {s['first_build_s']:.1f} s; body "
                     + ", ".join(f"{x:.0f}" for x in s["body"]) + "; title " + ", ".join(f"{x:.0f}" for x in s["title"])
                     + "".join(f"; {STRUCTURAL_NAMES[kind]} (open page / whole site) "
                               + ", ".join(f"{a:.0f}/{b:.0f}" for a, b in zip(s[f"{kind}_page"], s[f"{kind}_site"]))
                               for kind in STRUCTURAL if s.get(f"{kind}_page")))
        if "hugo" in r:
            h = r["hugo"]
            lines.append(f"- {n:,} posts, hugo server: start {h.get('first_build_s', 0):.1f} s; body "
                         + ", ".join(f"{x:.0f}" for x in h["body"]))
    text = "\n".join(lines) + "\n"
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", "utf-8")
    if args.results:
        with open(args.results, "a", encoding="utf-8") as f:
            f.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
