"""fast.accepts asks its questions in quicker forms than the plain patterns that say what they
mean; on any text both must answer alike (a wrong answer could send a post the fast path renders
differently to it)."""

import re
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.pipeline.markdown import fast, parser

# the plain forms, as fast.py and parser.py wrote them before they were made quicker
ADDRESS = re.compile(r"\]\(\s*([^)\s]*)|^ {0,3}\[(?!\^)[^\]\n]+\]:\s*(\S*)", re.M)
TABLE_AFTER_TEXT = re.compile(r"^[ \t]*[^\s|][^\n]*\n[ \t]*\|", re.M)
SPACED = re.compile(r"(!?)\[[^\]\n]*\]\(([^()\n]*\S\s+\S[^()\n]*)\)")
DELIMITER_ROW = re.compile(r"[ \t]*[|:-][|: \t-]*$")


def headless_table(text: str) -> bool:
    lines = text.split("\n")
    return any("-" in row and ("|" in row or ":" in row) and "|" not in above and above.strip()
               and DELIMITER_ROW.match(row) for above, row in pairwise(lines))

LINES = ["", " ", "text", "  text", "| a | b |", " |x", "|---|", "x | y", "[a]: https://e.com", "   [a]: #x",
         "    [a]: /x", "[^1]: note", "[a]:", "[a]: é", "[x](https://e.com) and [y](#z)", "[x](", "](  ",
         "  ](https://a", "[a]: #z](   #foo](y", "a](b c.md)", "![i](a b.png)", "[l](a b)", "\t|t", "\u00a0|",
         "\x0c|", "x\r", "[b]:\thttp://x", "![x](", "! [a](b c)", ":-", "-:|", "|:-:", " --- ", "- a", "\t:|-",
         "---", ":-\r", "a:-", "|"]
PIECES = list("ab \t\n[]()!:^|#/é\u00a0\x0c-\r") + ["](", "]:", "[^", "https://x", "\n\n", "   "]


def texts() -> st.SearchStrategy[str]:
    lines = st.lists(st.sampled_from(LINES), min_size=1, max_size=8).map("\n".join)
    pieces = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
    return st.one_of(lines, pieces, st.text(max_size=60))


def plain_addresses(text: str) -> list[str]:
    return [m.group(1) if m.group(1) is not None else m.group(2) for m in ADDRESS.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(texts())
def test_the_quick_checks_answer_as_the_plain_patterns(text: str) -> None:
    assert fast._addresses(text) == plain_addresses(text)
    assert bool(fast._TABLE_AFTER_TEXT.search("\n" + text)) == bool(TABLE_AFTER_TEXT.search(text))
    assert bool(parser._HAS_SPACED.search(text)) == bool(SPACED.search(text))
    assert fast._headless_table(text) == bool(headless_table(text))
    assert parser._SPACED.pattern == SPACED.pattern       # (what the reference reports is unchanged)
    assert fast.accepts(text, (), parser._HAS_SPACED) == fast.accepts(text, (), SPACED)


def test_a_definition_swallowed_by_a_link_is_not_looked_at_alone() -> None:
    # the link's branch takes '](   #foo](y' whole when it runs alone; with the definition on
    # its line the plain pattern reads '#z](' and then 'y' (not an address: the reference renders it)
    text = "[a]: #z](   #foo](y"
    assert fast._addresses(text) == plain_addresses(text) == ["#z](", "y"]
    assert not fast.accepts(text, (), parser._HAS_SPACED)
