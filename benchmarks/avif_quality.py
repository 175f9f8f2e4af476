#!/usr/bin/env python3
"""Choose the AVIF quality by measurement: bytes and structural similarity (SSIM, on luma,
against the source pixels) of AVIF at a range of qualities, beside JPEG and WebP at 75.

The photos are tests/photos.py's phone-like scenes (several seeds), plus any real photos given
on the command line (they are read, never copied into the repository). Each is resized to
800 px wide first, the width a phone at DPR 1.75 picks.

    .venv/bin/python benchmarks/avif_quality.py [--photos a.jpg b.jpg] [--speed 6]

The choice: the lowest AVIF quality whose mean SSIM is at least that of JPEG at 75 (the quality
sites have long published photos at); it is written into sitegen/images/variants.py by hand.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import photos  # noqa: E402

WIDTH = 800


def ssim(a: Image.Image, b: Image.Image) -> float:
    """Mean SSIM of two images' luma, 8x8 windows with stride 4 (Wang et al. 2004 constants)."""
    x = np.asarray(a.convert("L"), dtype=np.float64)
    y = np.asarray(b.convert("L"), dtype=np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    win = np.lib.stride_tricks.sliding_window_view
    wx, wy = win(x, (8, 8))[::4, ::4], win(y, (8, 8))[::4, ::4]
    mx, my = wx.mean(axis=(2, 3)), wy.mean(axis=(2, 3))
    vx, vy = wx.var(axis=(2, 3)), wy.var(axis=(2, 3))
    cov = ((wx - mx[..., None, None]) * (wy - my[..., None, None])).mean(axis=(2, 3))
    s = ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx ** 2 + my ** 2 + c1) * (vx + vy + c2))
    return float(s.mean())


def encode(im: Image.Image, fmt: str, quality: int, speed: int) -> tuple[bytes, float]:
    out = io.BytesIO()
    started = time.perf_counter()
    if fmt == "AVIF":
        im.save(out, "AVIF", quality=quality, speed=speed, max_threads=1)
    elif fmt == "WEBP":
        im.save(out, "WEBP", quality=quality, method=4)
    else:
        im.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue(), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", nargs="*", default=[])
    parser.add_argument("--speed", type=int, default=6)
    parser.add_argument("--qualities", default="30,35,40,45,50,55,60,65,70,75")
    args = parser.parse_args()
    sources = [photos.scene(4032, 3024, seed) for seed in (21, 22, 23, 24)]
    sources += [Image.open(p).convert("RGB") for p in args.photos]
    images = [s.resize((WIDTH, round(s.height * WIDTH / s.width)), Image.Resampling.LANCZOS) for s in sources]
    rows = [("JPEG", 75), ("WEBP", 75)] + [("AVIF", int(q)) for q in args.qualities.split(",")]
    results = {}
    print(f"{len(images)} photos ({len(args.photos)} real), {WIDTH} px wide; AVIF speed {args.speed}; Pillow {Image.__version__}\n")
    print("| format | quality | mean bytes | bytes vs JPEG 75 | mean SSIM | SSIM, real photos | ms per encode |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for fmt, q in rows:
        sizes, scores, real, times = [], [], [], []
        for i, im in enumerate(images):
            data, seconds = encode(im, fmt, q, args.speed)
            score = ssim(im, Image.open(io.BytesIO(data)))
            sizes.append(len(data))
            scores.append(score)
            times.append(seconds)
            if i >= 4:
                real.append(score)
        results[(fmt, q)] = (statistics.mean(sizes), statistics.mean(scores))
        base = results[("JPEG", 75)][0]
        print(f"| {fmt} | {q} | {statistics.mean(sizes):,.0f} | {statistics.mean(sizes) / base:.2f} | "
              f"{statistics.mean(scores):.4f} | {statistics.mean(real) if real else float('nan'):.4f} | "
              f"{1000 * statistics.mean(times):.0f} |")
    target = results[("JPEG", 75)][1]
    chosen = min((q for (f, q), (_, s) in results.items() if f == "AVIF" and s >= target), default=None)
    print(f"\nlowest AVIF quality with SSIM >= JPEG 75 ({target:.4f}): {chosen}")


if __name__ == "__main__":
    main()
