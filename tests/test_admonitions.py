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
        render("Text.\n\n:::sidebar\nNot a type.\n:::\n")
    assert err.value.first.file == "content/posts/x.md"
    assert err.value.first.line == 7
    assert "unknown admonition type 'sidebar'" in err.value.first.message
    assert ":::note" in (err.value.first.hint or "") and "important" in (err.value.first.hint or "")


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


def title_of(html: str) -> str:
    """The visible and hidden words of the first callout's title, without the icon."""
    m = re.search(r'class="admonition-title">(.*?)</(?:p|summary)>', html, re.S)
    assert m, html
    return re.sub(r"<svg.*?</svg>", "", m.group(1))


def kinds_of(html: str) -> list[str]:
    return re.findall(r'class="admonition admonition-(\w+)"', html)


@pytest.mark.parametrize(("source", "kind", "title"), [
    (":::tip[Pro tip]\nBody.\n:::\n", "tip", "Pro tip"),                      # Starlight, Docusaurus 3
    (":::note[Update]\nBody.\n:::\n", "note", "Update"),
    (":::danger[Brackets [inside] & <b>]\nBody.\n:::\n", "danger", "Brackets [inside] &amp; &lt;b&gt;"),
    ("::: warning Check the units\nBody.\n:::\n", "warning", "Check the units"),   # VitePress
    (":::caution[]\nBody.\n:::\n", "caution", ""),
])
def test_colon_callouts_with_titles_as_other_tools_write_them(source: str, kind: str, title: str):
    html = render(source)
    assert kinds_of(html) == [kind]
    expected = f'<span class="visually-hidden">{LABELS[kind]}: </span>{title}' if title else LABELS[kind]
    assert title_of(html) == expected
    assert "<p>Body.</p>" in html


@pytest.mark.parametrize(("alias", "kind", "label"), [
    ("info", "note", "Info"), ("important", "tip", "Important"), ("success", "tip", "Success"),
    ("question", "note", "Question"), ("quote", "note", "Quote"), ("abstract", "note", "Abstract"),
    ("error", "danger", "Error"), ("bug", "danger", "Bug"), ("attention", "warning", "Attention"),
    ("INFO", "note", "Info"),
])
def test_common_aliases_map_to_the_kinds_and_keep_their_word(alias: str, kind: str, label: str):
    html = render(f":::{alias}\nBody.\n:::\n")
    assert kinds_of(html) == [kind] and title_of(html) == label
    html = render(f"> [!{alias}]\n> Body.\n")
    assert kinds_of(html) == [kind] and title_of(html) == label


@pytest.mark.parametrize(("marker", "kind", "label"), [
    ("NOTE", "note", "Note"), ("TIP", "tip", "Tip"), ("IMPORTANT", "tip", "Important"),
    ("WARNING", "warning", "Warning"), ("CAUTION", "caution", "Caution"), ("note", "note", "Note"),
    ("Warning", "warning", "Warning"),
])
def test_github_alerts(marker: str, kind: str, label: str):
    html = render(f"> [!{marker}]\n> Useful information *here*.\n")
    assert kinds_of(html) == [kind]
    assert title_of(html) == label
    assert "<blockquote>" not in html and "[!" not in html
    assert "<p>Useful information <em>here</em>.</p>\n</div>" in html


def test_an_alert_with_a_title_and_the_body_in_later_paragraphs():
    html = render("> [!WARNING] Check the units\n>\n> kW is power.\n>\n> kWh is energy.\n")
    assert title_of(html) == '<span class="visually-hidden">Warning: </span>Check the units'
    assert "<p>kW is power.</p>\n<p>kWh is energy.</p>\n</div>" in html
    assert "<p></p>" not in html


def test_an_alert_marker_alone_shows_the_label():
    html = render("> [!TIP]\n")
    assert kinds_of(html) == ["tip"] and len(re.findall(r"<p[ >]", html)) == 1


@pytest.mark.parametrize("source", [
    "> [!SIDEBAR]\n> Not a known type.\n",                 # unknown type: a plain blockquote, as on GitHub
    "> Text first [!NOTE]\n> then more.\n",               # the marker must open the quote
    "> [!NOTE\n> unclosed marker\n",
    "> [ !NOTE]\n> a space inside\n",
    "> [!]\n> empty\n",
])
def test_blockquotes_that_are_not_alerts_stay_blockquotes(source: str):
    html = render(source)
    assert html.startswith("<blockquote>") and "admonition" not in html


def test_obsidian_foldable_callouts_are_details():
    folded = render("> [!faq]- Why 80 %?\n> The charger slows down after.\n")
    assert folded.startswith('<details class="admonition admonition-note">\n<summary class="admonition-title">')
    assert title_of(folded) == '<span class="visually-hidden">FAQ: </span>Why 80 %?'
    assert folded.rstrip().endswith("<p>The charger slows down after.</p>\n</details>")
    unfolded = render("> [!note]+ Open by default\n> Body.\n")
    assert unfolded.startswith('<details class="admonition admonition-note" open>\n')


def test_nested_content_in_alerts_lists_code_and_callouts():
    source = ("> [!NOTE] Outer\n"
              "> - one\n"
              "> - two\n"
              ">\n"
              "> ```python\n"
              "> x = 1  # > not a quote\n"
              "> ```\n"
              ">\n"
              "> > [!CAUTION]\n"
              "> > Inner *caution*.\n"
              ">\n"
              "> :::tip[Mixed]\n"
              "> A colon callout inside an alert.\n"
              "> :::\n"
              "\n"
              "After.\n")
    html = render(source)
    assert kinds_of(html) == ["note", "caution", "tip"]
    assert "<li>one</li>" in html and 'class="language-python"' in html and "# &gt; not a quote" in html
    assert html.index("Inner <em>caution</em>") > html.index("admonition-caution")
    assert html.rstrip().endswith("</div>\n</div>\n<p>After.</p>")
    assert "<blockquote>" not in html


def test_an_alert_inside_a_colon_callout_and_in_a_list():
    html = render("::::warning[Outer]\n> [!TIP]\n> Inside.\n\n::::\n\n- item\n\n  > [!DANGER] Hot\n  > Pack.\n")
    assert kinds_of(html) == ["warning", "tip", "danger"]
    assert re.search(r"<li>.*admonition-danger.*Pack\..*</div>\s*</li>", html, re.S)


def test_crlf_line_endings():
    html = render(":::tip[Pro tip]\r\nBody.\r\n:::\r\n\r\n> [!WARNING] Careful\r\n> Body two.\r\n")
    assert kinds_of(html) == ["tip", "warning"]
    assert "\r" not in title_of(html)


def test_a_bracket_title_left_open_is_an_error_with_its_line():
    with pytest.raises(SitegenError) as err:
        render("Intro.\n\n:::tip[Pro tip\nBody.\n:::\n")
    assert err.value.first.line == 7
    assert "not understood" in err.value.first.message


def test_an_alert_marker_inside_code_stays_code():
    html = render("```\n> [!NOTE]\n```\n\n    > [!TIP]\n")
    assert "admonition" not in html and html.count("[!") == 2


def test_the_summary_skips_foldable_callouts_too():
    html = render("> [!info]- Folded\n> Aside.\n\n> [!NOTE]\n> Note.\n\nThe real first paragraph.\n")
    assert markdown.summary_of(html) == "<p>The real first paragraph.</p>"


def test_an_unclosed_colon_callout_inside_an_alert_is_still_an_error():
    with pytest.raises(SitegenError) as err:
        render("> [!NOTE]\n> :::tip\n> never closed\n")
    assert err.value.first.message == "the admonition ':::tip' is never closed"
