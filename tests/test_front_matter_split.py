"""frontmatter.split finds the closing line with one search instead of cutting the whole file
into lines: the front matter, the body and the body's line must be what the line-by-line rule
gives (any line after the first that is '---' or '...' once its trailing blanks are stripped)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.errors import SitegenError
from sitegen.pipeline.read import frontmatter


def by_lines(text: str) -> tuple[str, str, int] | None:
    """The old rule: (front matter, body, body line), or None when nothing closes it."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None
    return "\n".join(lines[1:end]), "\n".join(lines[end + 1:]), end + 2


# blanks str.rstrip strips (a vertical tab, a no-break space, a lone CR...) next to the markers
PIECES = ["---", "...", "-- -", "----", "title: x", "", " ", "\t", "\x0b", "\xa0", "\r", "\u2028", "\n", "a", "#"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_the_closing_line_is_the_one_the_line_rule_finds(pieces: list[str]) -> None:
    text = "---\n" + "".join(pieces)
    expected = by_lines(text.replace("\r\n", "\n").replace("\r", "\n"))   # (split reads CRLF and a lone CR as LF)
    data = text.encode("utf-8")
    try:
        doc = frontmatter.split(data, "x.md")
    except SitegenError as err:
        # only a YAML or shape error of a front matter the rule finds, or none found at all
        assert expected is None or "YAML" in str(err) or "mapping" in str(err), (text, err)
        if expected is None:
            assert "not closed" in str(err)
        return
    assert expected is not None
    assert (doc.body, doc.body_line) == expected[1:]
    assert frontmatter.body_of(data) == expected[1:]
    assert frontmatter.split(data, "x.md", body=False).body == ""


@pytest.mark.parametrize("text", [
    "---\n---\n", "---\n---", "---\n...\nbody", "---\ntitle: a\n--- \t\nline\n", "---\ntitle: a\n---\n\n\nx\n",
    "---\na: 1\nb: 2\n---\r\nrest", "---\n---\n\r\n", "---\rtitle: a\r---\rbody\rline\r", "---\na: |\n  ---x\n---\nbody\n---\nmore\n",
])
def test_front_matter_body_and_line_are_those_of_the_line_rule(text: str) -> None:
    expected = by_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    assert expected is not None
    doc = frontmatter.split(text.encode(), "x.md")
    assert (doc.body, doc.body_line) == expected[1:]
    assert doc.meta == (frontmatter.load_yaml(expected[0], "x.md") or {})
