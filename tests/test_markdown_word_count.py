"""count_words counts by the classes of characters, not with _WORD over each of them; on any
text it must give what the plain patterns give."""

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.pipeline.markdown import parser

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def plain_count(text: str) -> tuple[int, int]:
    """count_words as it was written: (words of the text with CJK made spaces, CJK characters)."""
    return len(WORD.findall(CJK.sub(" ", text))), len(CJK.findall(text))


# letters, digits and joiners in and out of ASCII, and what is neither: '_' (a \w that is no
# letter), '?' (what the quick count stands other characters in with), a combining accent, a
# superscript two and a Roman twelve (numbers to isalnum), a lone surrogate, an emoji, Chinese,
# Korean, Japanese (its middle dot is in the CJK range but no letter), full-width letters
CHARS = list("ab Z09 \t\n'-_?.,") + ["é", "ß", "’", "‘", "—", "\u0301", "²", "Ⅻ", "\ud800", "😀", "汽", "车", "한",
                                     "カ", "・", "Ａ", "ö", "\u00a0", "ﬁ", "٣"]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(CHARS), max_size=60), st.text(max_size=30))
def test_the_quick_count_is_the_plain_count(text: str, anything: str) -> None:
    for t in (text, anything, text + anything):
        others = 0 if t.isascii() else t.encode("ascii", "replace").count(b"?")
        assert parser._count_words_quickly(t, t.encode("ascii", "replace"), others) == plain_count(t), t
        page = "<p>" + html.escape(t) + "</p>"
        assert parser.count_words(page) == plain_count(parser.plain_text(page)), t


def test_both_ways_are_taken() -> None:
    english = "It's a well-known state-of-the-art car’s range, 2026 — CO₂ and é_x " * 20
    chinese = "小米汽车的目标是五十五万辆 and five English words here " * 20
    for text, quick in ((english, True), (chinese, False)):
        others = text.encode("ascii", "replace").count(b"?")
        assert (others * 6 <= len(text)) == quick            # (count_words' choice)
        assert parser.count_words(f"<p>{text}</p>") == plain_count(text.strip())
    # It's, a, well-known, state-of-the-art, car’s, range, 2026, CO₂, and, é, x
    assert parser.count_words(f"<p>{english}</p>") == (20 * 11, 0)
    assert parser.count_words(f"<p>{chinese}</p>") == (20 * 5, 20 * 13)
