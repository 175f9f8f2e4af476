#!/usr/bin/env python3
"""The image-heavy benchmark: a blog of 37 posts and 500 images (about 200 MB of PNG, JPEG and
GIF), like the real blog whose first build took 1,021 s.

The images are drawn here (gradients, shapes, noise: deterministic, nothing downloaded) and
kept in benchmarks/.work/heavy-images-*/ (drawn again only when this file changes). They are
used as blogs use them:

  6 in 10   shown through Markdown (`![alt](file)`): variants in AVIF, WebP and the fallback
  2 in 10   shown only through raw HTML (`<img src="file">`): a stripped copy, no variant
  1 in 10   linked as a file (`[full size](file)`): a stripped full-size copy, no variant
  1 in 10   in content/ but used by no page: nothing

The first (clean) build is timed (target: at most 240 s on 2 cores), then the output is
checked: every AVIF/WebP/resized file written must be named by some page (no unused variant).
The build's CPU time is also given as a multiple of decoding every image once (Pillow: open and
load each, every frame of a GIF, in one process), the issue's yardstick.

    .venv/bin/python benchmarks/images_heavy.py [--images 500] [--out benchmarks/RESULTS-images-heavy.md]
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work"
SITEGEN = ROOT / ".venv" / "bin" / "sitegen"
POSTS = 37
TARGET_SECONDS = 240


def _photo(rng: random.Random, width: int, height: int) -> Image.Image:
    """A photo-like picture: two gradients, soft shapes, grain (cheap to draw, hard to compress)."""
    top = tuple(rng.randrange(40, 220) for _ in range(3))
    bottom = tuple(rng.randrange(20, 200) for _ in range(3))
    grad = Image.linear_gradient("L").resize((width, height))
    im = Image.composite(Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), grad)
    draw = ImageDraw.Draw(im)
    for _ in range(12):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(width // 20, width // 5)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    noise = Image.effect_noise((width, height), 24).convert("RGB")
    return Image.blend(im, noise, 0.18)


def _screenshot(rng: random.Random, width: int, height: int) -> Image.Image:
    """A screenshot-like PNG: flat panels and rows of 'text' (short dark bars), a little noise."""
    im = Image.new("RGB", (width, height), (245, 246, 248))
    draw = ImageDraw.Draw(im)
    for _ in range(6):
        x, y = rng.randrange(width - 200), rng.randrange(height - 120)
        draw.rectangle((x, y, x + rng.randrange(150, width // 2), y + rng.randrange(80, height // 2)),
                       fill=tuple(rng.randrange(180, 255) for _ in range(3)))
    for row in range(20, height - 20, 18):
        x = 30
        while x < width - 60:
            w = rng.randrange(12, 70)
            draw.rectangle((x, row, x + w, row + 8), fill=(40, 44, 52))
            x += w + rng.randrange(6, 14)
    photo = _photo(rng, width // 3, height // 3)          # a picture inside the page
    im.paste(photo, (width // 2, height // 3))
    return im


def _gif(rng: random.Random, width: int, height: int) -> list[Image.Image]:
    frames = []
    for f in range(6):
        im = _photo(rng, width, height).quantize(64)
        ImageDraw.Draw(im).rectangle((f * 20, 10, f * 20 + 40, 50), fill=1)
        frames.append(im)
    return frames


_KINDS = ((9, [(3000, 2000), (2400, 1600), (2000, 1500), (1600, 1200)], 80), (17, [(2560, 1440), (1920, 1080), (1440, 900)], 1))


def image_set(n: int) -> Path:
    """N images, drawn once: 45% JPEG photos, 40% PNG screenshots, 15% animated GIFs."""
    drawing = "".join(inspect.getsource(f) for f in (_photo, _screenshot, _gif)) + repr(_KINDS)
    stamp = hashlib.sha256(drawing.encode("utf-8")).hexdigest()[:12]     # drawn again only when the drawing changes
    folder = WORK / f"heavy-images-{n}-{stamp}"
    if (folder / "done").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i in range(n):
        rng = random.Random(i)
        kind = i % 20
        if kind < _KINDS[0][0]:
            w, h = rng.choice(_KINDS[0][1])
            _photo(rng, w, h).save(folder / f"img{i:03d}.jpg", quality=_KINDS[0][2])
        elif kind < _KINDS[1][0]:
            w, h = rng.choice(_KINDS[1][1])
            _screenshot(rng, w, h).save(folder / f"img{i:03d}.png", compress_level=_KINDS[1][2])
        else:
            frames = _gif(rng, 480, 270)
            frames[0].save(folder / f"img{i:03d}.gif", save_all=True, append_images=frames[1:], duration=120, loop=0)
        if i % 50 == 49:
            print(f"drawn {i + 1}/{n} images", file=sys.stderr, flush=True)
    (folder / "done").write_text("ok")
    return folder


def make_site(site: Path, images: Path) -> dict[str, str]:
    """The blog; returns each image's use (markdown, html, link, unused)."""
    shutil.rmtree(site, ignore_errors=True)
    posts = site / "content" / "posts"
    shutil.copytree(images, posts / "img", ignore=shutil.ignore_patterns("done"))
    (site / "sitegen.toml").write_text('title = "Image-heavy bench"\nbase_url = "https://example.com/"\n', "utf-8")
    names = sorted(p.name for p in (posts / "img").iterdir())
    uses: dict[str, str] = {}
    bodies: list[list[str]] = [[] for _ in range(POSTS)]
    for i, name in enumerate(names):
        use = ("markdown",) * 6 + ("html",) * 2 + ("link", "unused")
        uses[name] = use[i % 10]
        body = bodies[i % POSTS]
        if uses[name] == "markdown":
            body.append(f"![Picture {i}](img/{name})")
        elif uses[name] == "html":
            body.append(f'<p><img src="img/{name}" alt="Picture {i}" width="600"></p>')
        elif uses[name] == "link":
            body.append(f"The [full-size picture {i}](img/{name}).")
    for p, body in enumerate(bodies):
        text = "\n\n".join(["A day of charging stops, in pictures.", *body])
        (posts / f"trip-{p:02d}.md").write_text(
            f'---\ntitle: "Trip day {p}"\ndate: 2026-02-{1 + p % 28:02d}\n---\n\n{text}\n', "utf-8")
    return uses


def decode_once(images: Path) -> float:
    """CPU seconds to decode every image once: open and load each, every frame of a GIF."""
    started = resource.getrusage(resource.RUSAGE_SELF)
    for path in sorted(images.iterdir()):
        if path.name == "done":
            continue
        with Image.open(path) as im:
            for frame in range(getattr(im, "n_frames", 1)):
                im.seek(frame)
                im.load()
    done = resource.getrusage(resource.RUSAGE_SELF)
    return done.ru_utime + done.ru_stime - started.ru_utime - started.ru_stime


_NAMED = re.compile(rb"""(?:src|srcset|href|content)=["']([^"']+)["']""")


def unused_variants(out: Path) -> list[str]:
    """The image files under output/assets/img/ (the variants) that no HTML page names."""
    named: set[str] = set()
    for page in out.rglob("*.html"):
        for m in _NAMED.finditer(page.read_bytes()):
            for part in m.group(1).decode("utf-8", "replace").split(","):
                url = part.strip().split(" ")[0]
                named.add(url.rsplit("/", 1)[-1])
    folder = out / "assets" / "img"
    return sorted(p.name for p in folder.iterdir() if p.name not in named) if folder.is_dir() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=int, default=500)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS-images-heavy.md")
    args = parser.parse_args()
    if not SITEGEN.exists():
        raise SystemExit(f"{SITEGEN} is missing: run `make build` first")
    images = image_set(args.images)
    site = WORK / f"heavy-site-{args.images}"
    uses = make_site(site, images)
    source_mb = sum(p.stat().st_size for p in images.iterdir() if p.name != "done") / 1e6
    kinds = {ext: sum(1 for n in uses if n.endswith(ext)) for ext in (".jpg", ".png", ".gif")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load0 = os.getloadavg()
    started = time.perf_counter()
    result = subprocess.run([str(SITEGEN), "build", str(site), "-q"], capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    load1 = os.getloadavg()
    decode = decode_once(images)
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    out = site / "output"
    unused = unused_variants(out)
    variants = sum(1 for _ in (out / "assets" / "img").iterdir()) if (out / "assets" / "img").is_dir() else 0
    out_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    count = {u: sum(1 for v in uses.values() if v == u) for u in ("markdown", "html", "link", "unused")}
    lines = [
        "# Image-heavy benchmark", "",
        "<!-- Generated by benchmarks/images_heavy.py; overwritten on every run. -->", "",
        f"{POSTS} posts, {args.images} images ({source_mb:.0f} MB: {kinds['.jpg']} JPEG, {kinds['.png']} PNG, "
        f"{kinds['.gif']} animated GIF); {count['markdown']} shown through Markdown, {count['html']} only through raw "
        f"`<img>`, {count['link']} linked as files, {count['unused']} used by no page. "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, load average at the start "
        f"{' '.join(f'{x:.2f}' for x in load0)}, at the end {' '.join(f'{x:.2f}' for x in load1)}.", "",
        "| first (clean) build | figure | target |", "| --- | ---: | --- |",
        f"| wall seconds | {wall:.1f} | ≤ {TARGET_SECONDS} |",
        f"| CPU seconds (all processes) | {cpu:.1f} | |",
        f"| decoding every image once (CPU seconds) | {decode:.1f} | |",
        f"| build CPU / decoding once | {cpu / decode:.1f}× | a small multiple |",
        f"| variants written | {variants} | |",
        f"| variants no page names | {len(unused)} | 0 |",
        f"| output | {out_mb:.0f} MB | |", "",
    ]
    if unused:
        lines.append("Unused: " + ", ".join(unused[:20]) + (" …" if len(unused) > 20 else ""))
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.write_text(text, "utf-8")
    if unused or wall > TARGET_SECONDS:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
