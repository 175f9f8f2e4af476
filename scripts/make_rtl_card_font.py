#!/usr/bin/env python3
"""Make the font that social cards draw right-to-left titles with: a subset of DejaVu Sans Bold.

The main card font (Noto Sans CJK) has no Arabic or Hebrew. DejaVu Sans Bold has both, with
the OpenType layout Arabic needs (joining forms, ligatures, marks), and Latin beside them, so
a title that mixes "Tesla" into Arabic draws in one font. Its licence (Bitstream Vera's, with
DejaVu's changes in the public domain) allows shipping a modified copy under a name without
"Bitstream" or "Vera": the subset is named "SitegenCard RTL", and the licence text ships beside
it (LICENSE-DejaVu.txt). Its coverage is written next to it (rtl-coverage.txt).

    apt-get install fonts-dejavu-core && pip install fonttools
    python scripts/make_rtl_card_font.py /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_card_font import OUT, ranges_of

RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x20A0, 0x20BF),       # Latin, punctuation, currency
          (0x590, 0x5FF), (0xFB1D, 0xFB4F),                                         # Hebrew
          (0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]   # Arabic


def main(source: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    font = TTFont(source, recalcTimestamp=False)     # the same bytes each time it is made
    options = subset.Options()
    options.layout_features = ["*"]          # Arabic needs its joining forms, ligatures and marks
    options.layout_scripts = ["DFLT", "arab", "hebr", "latn"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[c for lo, hi in RANGES for c in range(lo, hi + 1)])
    sub.subset(font)
    names = {1: "SitegenCard RTL", 3: "SitegenCard RTL Bold subset", 4: "SitegenCard RTL Bold",
             6: "SitegenCardRTL-Bold", 16: "SitegenCard RTL"}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    path = OUT / "SitegenCardRTL-Bold.ttf"
    font.save(path)
    covered = sorted(font.getBestCmap())
    lines = [f"{lo:X}-{hi:X}" if lo != hi else f"{lo:X}" for lo, hi in ranges_of(covered)]
    (OUT / "rtl-coverage.txt").write_text("# code points the right-to-left card font draws "
                                          "(made by scripts/make_rtl_card_font.py)\n" + "\n".join(lines) + "\n",
                                          "utf-8")
    print(f"{len(covered)} characters, {path.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
