#!/usr/bin/env python3
"""Encoder settings by measurement: CPU time, bytes and SSIM (luma, against the resized source)
of encoder configurations on a folder's images, each resized to the given widths first.

    .venv/bin/python benchmarks/encoder_speed.py FOLDER jpg 1600,800 \\
        "('AVIF', dict(quality=65, speed=8, max_threads=1))" "('AVIF', dict(quality=65, speed=9, max_threads=1))"

FOLDER: e.g. benchmarks/.work/heavy-images-50-*/ (images_heavy.py --images 50 draws it); the
first six files named img*.<suffix> are used. The figures behind AVIF_SPEED, AVIF_GRAPHICS_SPEED
and the formats of graphics in sitegen/images/variants.py came from this script.
"""

from __future__ import annotations

import io
import resource
import statistics
import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from avif_quality import ssim


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> None:
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    folder, suffix, widths = Path(sys.argv[1]), sys.argv[2], [int(w) for w in sys.argv[3].split(",")]
    configs = [eval(c) for c in sys.argv[4:]]       # (Python expressions from the command line)
    sources = []
    for path in sorted(folder.glob(f"img*.{suffix}"))[:6]:
        im = Image.open(path).convert("RGB")
        sources += [im.resize((w, round(im.height * w / im.width)), Image.Resampling.LANCZOS) for w in widths]
    for fmt, options in configs:
        seconds, size, scores = 0.0, 0, []
        for im in sources:
            out = io.BytesIO()
            started = _cpu()
            im.save(out, fmt, **options)
            seconds += _cpu() - started
            size += out.tell()
            scores.append(ssim(im, Image.open(io.BytesIO(out.getvalue()))))
        print(f"{suffix} {widths} {fmt} {options}: {seconds:.2f} s CPU, {size / 1e3:.0f} KB, "
              f"SSIM {statistics.mean(scores):.4f}", flush=True)


if __name__ == "__main__":
    main()
