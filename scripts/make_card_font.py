#!/usr/bin/env python3
"""Make the font that social cards are drawn with: a subset of Noto Sans CJK SC Bold.

Noto Sans CJK is under the SIL Open Font License 1.1, which allows shipping it (also modified,
under another name: the subset is renamed "SitegenCard Sans" as the licence's Reserved Font Name
rule asks). The full font is 20 MB; the subset keeps what titles need:

  Latin (Basic, Latin-1, Extended-A), Greek and Cyrillic, general punctuation, currency;
  CJK symbols and punctuation, full-width forms, Hiragana and Katakana;
  the 3,755 hanzi of GB 2312 level 1 (simplified Chinese in common use),
  the 2,965 kanji of JIS X 0208 level 1 (Japanese), the 2,350 Hangul syllables of KS X 1001.

Its coverage is written next to it (coverage.txt) so a build can say which characters of a
title a card cannot draw. Run (needs fonttools and Debian's fonts-noto-cjk):

    apt-get install fonts-noto-cjk && pip install fonttools
    python scripts/make_card_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "sitegen" / "images" / "fonts"
SC_INDEX = 2      # Noto Sans CJK SC Bold inside the collection


def _double_byte(codec: str, first: range, second: range) -> set[int]:
    chars = set()
    for a in first:
        for b in second:
            try:
                text = bytes((a, b)).decode(codec)
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def wanted() -> set[int]:
    ranges = [(0x20, 0x7E), (0xA0, 0x17F), (0x370, 0x3FF), (0x400, 0x45F), (0x2000, 0x206F),
              (0x20A0, 0x20BF), (0x2100, 0x214F), (0x2190, 0x21FF), (0x3000, 0x303F), (0x3040, 0x30FF),
              (0xFF00, 0xFFEF)]
    chars = {c for lo, hi in ranges for c in range(lo, hi + 1)}
    chars |= _double_byte("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))    # GB 2312 level 1
    chars |= _double_byte("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))    # JIS X 0208 level 1
    chars |= _double_byte("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))    # KS X 1001 Hangul
    return chars


def ranges_of(codes: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in codes:
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def main(source: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection
    font = TTCollection(source).fonts[SC_INDEX]
    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "vert", "palt"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG", "VORG", "vhea", "vmtx"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(wanted()))
    sub.subset(font)
    name = font["name"]
    for record in name.names:
        if record.nameID in (1, 3, 4, 6, 16):
            text = {1: "SitegenCard Sans", 3: "SitegenCard Sans Bold subset", 4: "SitegenCard Sans Bold",
                    6: "SitegenCardSans-Bold", 16: "SitegenCard Sans"}[record.nameID]
            record.string = text
    OUT.mkdir(parents=True, exist_ok=True)
    font.save(OUT / "SitegenCardSans-Bold.otf")
    covered = sorted(font.getBestCmap())
    lines = [f"{lo:X}-{hi:X}" if lo != hi else f"{lo:X}" for lo, hi in ranges_of(covered)]
    (OUT / "coverage.txt").write_text("# code points the card font draws (made by scripts/make_card_font.py)\n"
                                     + "\n".join(lines) + "\n", "utf-8")
    print(f"{len(covered)} characters, {(OUT / 'SitegenCardSans-Bold.otf').stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
