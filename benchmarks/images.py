#!/usr/bin/env python3
"""The image pipeline's benchmark: images encoded per second, and what photos cost a build.

A site of N phone photos (default 100: 4032x3024 JPEGs with EXIF GPS, drawn by
tests/photos.py, ten to a post) is built with `.venv/bin/sitegen build`:

  clean build, photos    cache and output deleted first (every photo probed, stripped, encoded)
  clean build, no photos the same posts with the photos taken out (the baseline)
  no-change rebuild      nothing touched (the fast path; must stay under 0.3 s)
  one photo changed      one photo redrawn (one photo encoded again, its post re-rendered)

"images encoded per second" is N divided by the clean build's extra time over the baseline:
each image makes 4 widths x 3 formats and a full-size copy, on every core.

    .venv/bin/python benchmarks/images.py [--photos 100] [--repeat 1] [--out benchmarks/RESULTS-images.md]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
SITEGEN = ROOT / ".venv" / "bin" / "sitegen"
sys.path.insert(0, str(ROOT / "tests"))
import photos  # noqa: E402

PER_POST = 10


def make_site(site: Path, n: int, with_photos: bool) -> None:
    posts = site / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (site / "sitegen.toml").write_text('title = "Photo bench"\nbase_url = "https://example.com/"\n', "utf-8")
    for p in range((n + PER_POST - 1) // PER_POST):
        lines = [f'---\ntitle: "Charging stop {p}"\ndate: 2026-01-{1 + p % 28:02d}\n---\n', "A day on the road.\n"]
        for i in range(p * PER_POST, min(n, (p + 1) * PER_POST)):
            if with_photos:
                lines.append(f"![Photo {i} of the trip](photos/p{i:03d}.jpg)\n")
            else:
                lines.append(f"Photo {i} would be here.\n")
        (posts / f"stop-{p:03d}.md").write_text("\n".join(lines), "utf-8")


def photo_set(n: int) -> Path:
    """N phone photos, drawn once and kept in benchmarks/.work/ (redrawn when photos.py changes)."""
    stamp = hashlib.sha256((ROOT / "tests" / "photos.py").read_bytes()).hexdigest()[:12]
    folder = WORK / f"photos-{n}-{stamp}"
    if not (folder / "done").exists():
        shutil.rmtree(folder, ignore_errors=True)
        for i in range(n):
            photos.phone_jpeg(folder / f"p{i:03d}.jpg", seed=1000 + i, orientation=6 if i % 7 == 3 else 1)
        (folder / "done").write_text("ok")
    return folder


CPU: dict[str, list[float]] = {}


def timed_build(site: Path, label: str = "") -> float:
    """Wall seconds of one build; its CPU seconds (user + system, every worker) go to CPU[label]."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([str(SITEGEN), "build", str(site), "-q"], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    if label:
        CPU.setdefault(label, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return seconds


def clean(site: Path) -> None:
    shutil.rmtree(site / "output", ignore_errors=True)
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)


def folder_bytes(folder: Path, suffixes: tuple[str, ...]) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS-images.md")
    args = parser.parse_args()
    if not SITEGEN.exists():
        raise SystemExit(f"{SITEGEN} is missing: run `make build` first")
    n = args.photos
    source = photo_set(n)
    site, bare = WORK / f"images-{n}" / "site", WORK / f"images-{n}" / "bare"
    for s in (site, bare):
        shutil.rmtree(s, ignore_errors=True)
    make_site(site, n, True)
    make_site(bare, n, False)
    shutil.copytree(source, site / "content" / "posts" / "photos", ignore=shutil.ignore_patterns("done"))
    runs: dict[str, list[float]] = {"clean build, photos": [], "clean build, no photos": [],
                                    "no-change rebuild": [], "one photo changed": []}
    for _ in range(args.repeat):
        clean(bare)
        runs["clean build, no photos"].append(timed_build(bare, "clean build, no photos"))
        clean(site)
        runs["clean build, photos"].append(timed_build(site, "clean build, photos"))
        runs["no-change rebuild"].append(min(timed_build(site, "no-change rebuild") for _ in range(3)))
        photos.phone_jpeg(site / "content" / "posts" / "photos" / "p000.jpg", seed=int(time.time()) % 1000)
        runs["one photo changed"].append(timed_build(site, "one photo changed"))
    med = {k: statistics.median(v) for k, v in runs.items()}
    cpu = {k: statistics.median(v) for k, v in CPU.items()}
    extra = med["clean build, photos"] - med["clean build, no photos"]
    extra_cpu = cpu["clean build, photos"] - cpu["clean build, no photos"]
    rate = n / extra if extra > 0 else float("inf")
    src_mb = folder_bytes(site / "content", (".jpg",)) / 1e6
    out_mb = {ext: folder_bytes(site / "output", (ext,)) / 1e6 for ext in (".avif", ".webp", ".jpg")}
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        "# Image pipeline benchmark", "",
        "<!-- Generated by benchmarks/images.py; overwritten on every run. -->", "",
        f"{n} phone photos (4032x3024 JPEG, {src_mb:.0f} MB, GPS in every one), {PER_POST} to a post; "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average at the end {load}; "
        f"median of {args.repeat} run(s), wall time of `.venv/bin/sitegen build SITE -q`.", "",
        "| build | wall seconds | CPU seconds (all processes) |", "| --- | ---: | ---: |",
        *[f"| {k} | {v:.2f} | {cpu[k]:.2f} |" for k, v in med.items()], "",
        f"- clean-build cost of the photos: **{extra:.1f} s** wall ({extra / n:.2f} s a photo), "
        f"{extra_cpu:.0f} s CPU ({extra_cpu / n:.2f} s a photo)",
        f"- images encoded per second: **{rate:.2f}** source photos/s wall on {os.cpu_count()} cores "
        f"({n / extra_cpu:.2f} per CPU-second); each photo makes 4 widths x AVIF, WebP and JPEG = 12 files",
        f"- output: AVIF {out_mb['.avif']:.1f} MB, WebP {out_mb['.webp']:.1f} MB, JPEG {out_mb['.jpg']:.1f} MB "
        f"(no full-size copies: nothing links to the photos as files)", "",
    ]
    text = "\n".join(lines)
    print(text)
    args.out.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
