#!/usr/bin/env python3
"""A blog in two languages against the same blog in one: issue 20's clean-build and edit-loop targets.

    python benchmarks/multilingual.py                       # 10,000 posts: 5,000 English + 5,000 German
    python benchmarks/multilingual.py --posts 1000 --rounds 2
    python benchmarks/multilingual.py --results benchmarks/RESULTS-multilingual.md

The one-language site is benchmarks/corpus.py's corpus of N posts. The bilingual site keeps the
first N/2 of those posts in English and gives each a German translation (`<slug>.de.md` beside
it, under `[languages.de]`): its title says it is the German text, and its body is that of post
N/2 + i of the same corpus, so both sites hold N posts of the same lengths. The translations set
their own title and summary and repeat the original's date, author and tags lines (as many
translated blogs do; the edit loop below edits those lines). The two sites' clean builds alternate in each round (output and build state deleted
first, untimed), and the target is a bilingual build within 10% of the one-language one.

Then `serve_latency.py` measures save-to-visible on the bilingual site (its server in a process
of its own), unless --no-serve.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"


def one_language(n: int) -> Path:
    out = WORK / f"corpus-{n}"
    if not (out / "sitegen").is_dir():
        subprocess.run([sys.executable, str(HERE / "corpus.py"), str(n), str(out)], check=True, stdout=subprocess.DEVNULL)
    return out / "sitegen"


def front_and_body(path: Path) -> tuple[list[str], str]:
    text = path.read_text("utf-8")
    _, front, body = text.split("---\n", 2)
    return front.splitlines(), body


def bilingual(n: int, source: Path) -> Path:
    """The two-language site (regenerated when the one-language corpus is newer)."""
    out = WORK / f"corpus-bilingual-{n}" / "sitegen"
    stamp = out / ".made-from"
    made_from = str((source / "sitegen.toml").stat().st_mtime_ns)
    if stamp.is_file() and stamp.read_text() == made_from:
        return out
    if out.exists():
        shutil.rmtree(out)
    posts = sorted((source / "content" / "posts").rglob("*.md"))
    half = len(posts) // 2
    # the corpus's posts in their order of generation: by file name is good enough, as long as it is fixed
    (out / "content").mkdir(parents=True)
    shutil.copy2(source / "content" / "authors.yaml", out / "content" / "authors.yaml")
    config = (source / "sitegen.toml").read_text("utf-8")
    config += '\n[languages.de]\ntitle = "E-Auto-Notizen"\ndescription = "Dieselbe Analyse, auf Deutsch."\nweight = 2\n'
    (out / "sitegen.toml").write_text(config, "utf-8")
    for i, post in enumerate(posts[:half]):
        rel = post.relative_to(source)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(post, target)
        front, _ = front_and_body(post)
        title = next(line for line in front if line.startswith("title: "))[len("title: "):]
        kept = [line for line in front if line.startswith(("date: ", "author: ", "tags: ", "summary: "))]
        _, body = front_and_body(posts[half + i])
        german = "Auf Deutsch: " + json.loads(title)
        text = "---\n" + "\n".join([f"title: {json.dumps(german, ensure_ascii=False)}", *kept]) + "\n---\n" + body
        target.with_name(target.stem + ".de.md").write_text(text, "utf-8")
    stamp.write_text(made_from)
    return out


def clean_build(sitegen: str, site: Path, out: Path) -> dict[str, float]:
    for folder in (out, site / ".sitegen-cache"):
        if folder.exists():
            shutil.rmtree(folder)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sitegen, "build", str(site), "--output", str(out)], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"sitegen build {site} failed:\n{done.stderr}")
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "files": float(sum(len(files) for _, _, files in os.walk(out)))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posts", type=int, default=10000, help="posts in each site (default 10000)")
    ap.add_argument("--rounds", type=int, default=3, help="clean builds of each site (default 3)")
    ap.add_argument("--sitegen", default=str(ROOT / ".venv" / "bin" / "sitegen"))
    ap.add_argument("--edits", type=int, default=5, help="saves of each kind for the edit loop (default 5)")
    ap.add_argument("--no-serve", action="store_true", help="leave the edit loop out")
    ap.add_argument("--results", metavar="FILE", help="write the tables to this Markdown file")
    args = ap.parse_args(argv)
    one = one_language(args.posts)
    two = bilingual(args.posts, one)
    load_before = os.getloadavg()
    runs: dict[str, list[dict[str, float]]] = {"one language": [], "two languages": []}
    for r in range(args.rounds):
        for name, site in (("one language", one), ("two languages", two)) if r % 2 == 0 else \
                (("two languages", two), ("one language", one)):
            print(f"round {r + 1}: {name} ...", file=sys.stderr, flush=True)
            runs[name].append(clean_build(args.sitegen, site, WORK / "out-multilingual"))
    med = {name: {k: statistics.median(run[k] for run in found) for k in ("wall", "cpu", "files")}
           for name, found in runs.items()}
    ratio_wall = med["two languages"]["wall"] / med["one language"]["wall"]
    ratio_cpu = med["two languages"]["cpu"] / med["one language"]["cpu"]
    lines = ["# Benchmark: one blog in two languages", "",
             "<!-- Generated by benchmarks/multilingual.py; overwritten on every run. -->", "",
             f"`python benchmarks/multilingual.py {' '.join(argv if argv is not None else sys.argv[1:])}`: "
             f"{args.posts:,} posts in each site; load average {load_before[0]:.2f} before, "
             f"{os.getloadavg()[0]:.2f} after, on {os.cpu_count()} CPUs; rounds alternate the two sites.", "",
             "| clean build | runs | median wall (s) | median CPU (s) | files written |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for name, m in med.items():
        lines.append(f"| {name} ({args.posts:,} posts) | {len(runs[name])} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['files']:,.0f} |")
    lines += ["", f"Two languages / one: **{ratio_wall:.2f}×** wall, {ratio_cpu:.2f}× CPU "
                  f"(target: at most 1.10×: {'met' if ratio_wall <= 1.10 else 'not met'})."]
    if not args.no_serve:
        out = WORK / "serve-multilingual.json"
        subprocess.run([sys.executable, str(HERE / "serve_latency.py"), "--sizes", str(args.posts), "--no-hugo",
                        "--edits", str(args.edits), "--corpus", str(two.parent), "--json", str(out)], check=True,
                       stdout=subprocess.DEVNULL)
        found = json.loads(out.read_text("utf-8"))[str(args.posts)]["sitegen"]
        body = statistics.median(found["body"])
        title = statistics.median(found["title"])
        lines += ["", "| `sitegen serve`, two languages | median (ms) | all saves (ms) |", "| --- | ---: | --- |",
                  f"| body edit, save → visible | {body:.0f} | {', '.join(f'{x:.0f}' for x in found['body'])} |",
                  f"| title edit, save → visible | {title:.0f} | {', '.join(f'{x:.0f}' for x in found['title'])} |",
                  "", f"Save to visible (body edit): {body:.0f} ms (target: under 200 ms: "
                      f"{'met' if body < 200 else 'not met'}); serve peak memory {found['rss_mb']:.0f} MiB."]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.results:
        Path(args.results).write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
