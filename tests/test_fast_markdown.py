"""The fast Markdown path (pipeline/markdown/fast.py) gives the reference's bytes, or declines.

Every text the fast path takes must render byte for byte as markdown-it-py with sitegen's
plugins renders it (and report the same headings): on the golden site, on the benchmark
corpus, and on generated posts built from the constructs blogs use (and the ones the fast path
must decline). A text it declines is rendered by the reference, so declining is always safe;
the tests also check it takes the plain posts, or it would be no faster.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.pipeline.markdown import fast, parser

pytestmark = pytest.mark.skipif(not fast.available(), reason="markdown-it-pyrs is not installed")

ROOT = Path(__file__).resolve().parents[1]


def reference(text: str) -> tuple[str, list[object]]:
    if parser._MD is None:
        parser._MD = parser.make_markdown()
    env = parser.RenderEnv()
    out: str = parser._MD.render(text, {"sitegen": env})
    return out, list(env.headings)


def fast_render(text: str, env: parser.RenderEnv) -> str | None:
    return fast.render(text, env, highlight=parser._highlight, spaced=parser._SPACED)


def check(text: str) -> bool:
    """True when the fast path took the text (and then gave the reference's bytes)."""
    env = parser.RenderEnv()
    got = fast_render(text, env)
    if got is None:
        return False
    want, headings = reference(text)
    assert got == want, text
    assert env.headings == headings, text
    return True


def _body(path: Path) -> str:
    text = path.read_text("utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---") else text


def test_the_golden_site_and_the_sample_content() -> None:
    files = sorted((ROOT / "tests" / "fixtures" / "golden-site" / "content").rglob("*.md"))
    files += sorted((ROOT / "content").rglob("*.md"))
    assert files
    for path in files:
        check(_body(path))


def test_the_benchmark_corpus_is_taken_whole_and_identical() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.pop(0)
    posts = corpus.make_posts(300)
    taken = sum(check(p.body) for p in posts)
    assert taken == len(posts)


BLOCKS = [
    "Plain text with *emphasis*, **strong**, ~~struck~~ and `code`.",
    "Quotes \"like this\" and 'these', it's -- dashes --- and dots... (c) (tm) +-",
    "## A heading with `code` & *emphasis*",
    "## A heading with `code` & *emphasis*",
    "# Top heading",
    "### Third \"quoted\" level",
    "Setext heading\n---",
    "##",
    "- one\n- two\n  - nested\n- three",
    "1. first\n2. second",
    "> a quote\n> over two lines",
    "| a | b |\n| --- | ---: |\n| 1 | 2 |\n| `x` | *y* |",
    "```python\nx = {'a': \"b\"} < 3 & 4\n```",
    "```json\n{\"a\": [1, 2]}\n```",
    "```\nno language <b>\n```",
    "```nosuchlanguage\ncode\n```",
    "~~~python\nprint('tilde')\n~~~",
    "    indented code",
    "A link to [a site](https://example.com/a?b=c&d=e) and [an anchor](#top).",
    "[ref link][r]\n\n[r]: https://example.com/ref \"Title\"",
    "An autolink-ish https://example.com (no linkify).",
    "Escapes \\*not emphasis\\* and entities &amp; &copy; &#169;.",
    "A footnote[^1] and another[^n].\n\n[^1]: The first.\n\n[^n]: The *second*.",
    "Text with a hard  \nbreak.",
    "***",
    "Tab\tseparated and trailing spaces   ",
    # what it must decline (the reference renders these)
    "`it's` inside code",
    "An image ![alt](photo.jpg)",
    "A [local link](other.md) and [root](/about/)",
    "Raw <b>HTML</b>",
    ":::note\nAn admonition\n:::",
    "A formula $x^2$",
    "> [!NOTE]\n> An alert",
    "An inline footnote^[here]",
    "```chart\nbar: 1\n```",
    "```python {linenos}\nx = 1\n```",
    "```math\nx^2\n```",
    "A formula \\(x\\) and \\[y\\]",
    "!!! note\n    MkDocs style",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=8), st.sampled_from(["\n\n", "\n"]))
def test_generated_posts(blocks: list[str], joiner: str) -> None:
    check(joiner.join(blocks) + "\n")


@given(st.text(alphabet=st.sampled_from(list("ab \"'`*_~#-|[]()!:.\n<>&$^\\1")), max_size=80))
@settings(max_examples=500, deadline=None)
def test_generated_punctuation(text: str) -> None:
    check(text)


def test_it_declines_what_the_build_resolves_or_renders_itself() -> None:
    for text in ["![a](b.png)", "[a](b.md)", "[a](/b/)", "<i>x</i>", ":::tip\nx\n:::", "$x$", "> [!WARNING]\n> x",
                 "`don't`", "[a]: b.md\n\n[x][a]", "[a](b c.md)", "```math\nx\n```", "\\(x\\)"]:
        assert fast_render(text, parser.RenderEnv()) is None, text
    assert fast_render("```chart\nx\n```", parser.RenderEnv(blocks={"chart": lambda i, b, n: ""})) is None
    assert fast_render("Plain *text*.", parser.RenderEnv()) == "<p>Plain <em>text</em>.</p>\n"


def test_quotes_paired_across_blocks_go_to_the_reference() -> None:
    """markdown-it-pyrs pairs a quote opened in one block with one closed in the next (found by
    test_generated_punctuation: '"1', a blank line, '1"'); the reference leaves both straight."""
    for text in ['"1\n\n1"', "'a\n\nb'", "- 'a\n- b'", '# "a\n\nb"', '"a" and "b\n\nc"', '| "a | b" |\n| - | - |']:
        assert fast_render(text, parser.RenderEnv()) is None, text
    for text in ["it's 'x'\n\n'y", "Quotes \"like this\" and 'these', it's fine.\n\nAnd \"again\"."]:
        assert check(text), text


def test_a_delimiter_row_under_a_line_without_a_pipe_goes_to_the_reference() -> None:
    """markdown-it-pyrs makes a one-column table of '1' over ':-' (found by
    test_generated_punctuation); the reference keeps it a paragraph."""
    for text in ["1\n:-", "a\n-:", "a\n:-:", "a\n:-|", "a\n|:-"]:
        assert fast_render(text, parser.RenderEnv()) is None, text
    for text in ["|a\n:-", "a | b\n:- | -:", "Setext heading\n---", "a\n- :"]:
        check(text)


def test_typographic_replacements_inside_inline_code_go_to_the_reference() -> None:
    """markdown-it-pyrs turns `..` into an ellipsis inside inline code (found by
    test_generated_punctuation), as it curls quotes there; the reference leaves code alone."""
    for text in ["`..`", "`a--b`", "`+-`", "`(c)`", "`(TM)`", "`,,`", "`????`"]:
        assert fast_render(text, parser.RenderEnv()) is None, text
    assert check("`x.y` and `-x` -- and... (c)")


def test_quotes_in_inline_code_over_a_line_break_go_to_the_reference() -> None:
    """Inline code may run over a line break (not over a blank line); markdown-it-pyrs curls a
    quote in it there too (found by test_generated_punctuation: "`'", a line break, "`")."""
    for text in ["`'\n`", 'a `x\n"y` b', "`a\nb -- c\nd`", "> `it\n> 's`"]:
        assert fast_render(text, parser.RenderEnv()) is None, text
    # what is not inline code over lines stays on the fast path: a fence's quotes, quotes after a blank line
    for text in ['```json\n{"a": "b"}\n```\n\nIt\'s `x`.', "`a\n\n'b` c", "`a`\nit's `b`"]:
        assert check(text), text
