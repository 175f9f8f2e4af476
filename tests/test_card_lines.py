"""A card title's lines: wrap() grows each candidate line by its last word (lines._wrap_growing)
rather than measuring the whole line again. The lines, and the sizes _fit_title picks, must be
those of measuring every candidate whole, on titles that break in every way: long words that
fit nowhere, runs of spaces, CJK, full-width forms, accented Latin from the fallback font,
kerning pairs across the break."""

from __future__ import annotations

import random

from sitegen.images import cards, lines

WORDS = ["AV", "To", "Wa", "Yo", "LT", "battery", "swapping", "Volkswagen's", "XPeng", "Mach-E:", "the",
         "practical", "case", "for", "Škoda", "Zoë", "Łódź", "小米汽车", "목표", "カード", "ＥＶ", "—", "«",
         "»", "(2024)", "超级充电站网络扩张计划", "a" * 40, "W" * 25, "i", "…", "fi", "ﬁ", "\U0001f697", "\u00a0"]


def _whole(size: int):
    """cards._measure(size) without its metrics: wrap() then measures each candidate whole."""
    measure = cards._measure(size)
    return lambda text: measure(text)


def _titles(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 16))]
        out.append("".join(w + rng.choice([" ", " ", " ", "  ", "", "\t"]) for w in words).strip() or "x")
    return out


def test_growing_a_line_breaks_as_measuring_it_whole() -> None:
    rng = random.Random(11)
    titles = _titles(rng, 400)
    assert all(lines.simple(t) for t in titles)        # (what the growing way takes)
    for size in cards.TITLE_SIZES + (34,):
        grown, whole = cards._measure(size), _whole(size)
        assert hasattr(grown, "metrics") and not hasattr(whole, "metrics")
        for width in (120, 400, 1040):
            for title in titles:
                assert cards.wrap(title, width, grown) == cards.wrap(title, width, whole), (size, width, title)


def test_titles_fit_at_the_same_size_in_the_same_lines() -> None:
    rng = random.Random(5)
    many = 0
    for title in _titles(rng, 300):
        got = cards._fit_title(title, 1040, 4)
        assert got == cards._fit_title(title, 1040, 4, _whole)
        many += len(got[1]) > 1
    assert many > 100       # (most of them break)


def test_the_pen_grown_over_a_text_is_where_measuring_it_puts_it() -> None:
    metrics = cards._metrics(64)
    for text in ("AVAT Wa", "Škoda  Zoë", "小米 SU7", "x"):
        head, tail = text[:3], text[3:]
        assert metrics.grow(*metrics.grow(0.0, "", head), tail)[0] == cards._measure(64)(text)
