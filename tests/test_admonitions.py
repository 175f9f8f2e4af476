"""Admonitions (:::note … :::) in Markdown: markup, nesting, summaries and errors."""

import re

import pytest

from sitegen.errors import SitegenError
from sitegen.pipeline.markdown import parser as markdown
from sitegen.pipeline.markdown.admonitions import KINDS, LABELS


def render(text: str) -> str:
    return markdown.render(text, markdown.RenderEnv(file="content/posts/x.md", first_line=5))


@pytest.mark.parametrize("kind", KINDS)
def test_each_type_without_a_title_shows_its_name(kind: str):
    html = render(f":::{kind}\nBody *text*.\n:::\n")
    assert html.startswith(f'<div class="admonition admonition-{kind}" role="note">\n<p class="admonition-title">')
    title = re.search(r'<p class="admonition-title">(.*?)</p>', html).group(1)
    assert re.sub(r"<svg.*?</svg>", "", title) == LABELS[kind]
    assert 'aria-hidden="true"' in title, "the icon is decoration"
    assert "<p>Body <em>text</em>.</p>\n</div>" in html


@pytest.mark.parametrize("kind", KINDS)
def test_each_type_with_a_title_keeps_its_name_for_screen_readers(kind: str):
    html = render(f":::{kind} Check the <units> & sources\nBody.\n:::\n")
    title = re.search(r'<p class="admonition-title">(.*?)</p>', html).group(1)
    text = re.sub(r"<svg.*?</svg>", "", title)
    assert text == f'<span class="visually-hidden">{LABELS[kind]}: </span>Check the &lt;units&gt; &amp; sources'


def test_markdown_inside_a_callout_and_a_callout_inside_another():
    html = render("::::warning Outer\n- one\n- two\n\n```python\nx = 1\n```\n\n:::tip\nInner\n:::\n\n::::\n\nAfter.\n")
    assert html.count('<div class="admonition') == 2
    assert "<li>one</li>" in html and 'class="language-python"' in html
    inner = html.index("admonition-tip")
    assert html.index("<p>Inner</p>") > inner
    assert html.rstrip().endswith("</div>\n</div>\n<p>After.</p>")


def test_a_callout_in_a_list_item():
    html = render("- item\n\n  :::note\n  Inside the item.\n  :::\n")
    assert re.search(r"<li>.*admonition-note.*Inside the item.*</div>\s*</li>", html, re.S)


def test_the_summary_skips_callouts():
    html = render(":::note\nEditor's note first.\n:::\n\nThe real first paragraph.\n")
    assert markdown.summary_of(html) == "<p>The real first paragraph.</p>"


def test_an_unknown_type_is_an_error_with_its_line():
    with pytest.raises(SitegenError) as err:
        render("Text.\n\n:::info\nNot a type.\n:::\n")
    assert err.value.first.file == "content/posts/x.md"
    assert err.value.first.line == 7
    assert "unknown admonition type 'info'" in err.value.first.message
    assert ":::note" in (err.value.first.hint or "")


def test_an_unclosed_callout_is_an_error_with_its_line():
    with pytest.raises(SitegenError) as err:
        render(":::tip\nNo end.\n")
    assert (err.value.first.line, err.value.first.message) == (5, "the admonition ':::tip' is never closed")


def test_colons_that_open_nothing_stay_text():
    assert render(":::\n") == "<p>:::</p>\n"
    assert render("::: 42 colons\n") == "<p>::: 42 colons</p>\n"
    assert render("a :::note in a sentence\n") == "<p>a :::note in a sentence</p>\n"


def test_a_space_after_the_colons_is_allowed():
    assert 'class="admonition admonition-tip"' in render("::: tip\nVitePress writes them so.\n:::\n")
