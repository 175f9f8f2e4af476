from sitegen.pipeline.markdown import parser as markdown
from sitegen.pipeline.markdown.parser import RenderEnv, render


def html_of(text: str) -> str:
    return render(text, RenderEnv(file="t.md"))


def test_gfm_tables_footnotes_strikethrough():
    out = html_of("| a | b |\n|---|--:|\n| 1 | 2 |\n\nx[^1] ~~gone~~\n\n[^1]: a note\n")
    assert "<table>" in out and "<th>a</th>" in out
    assert '<sup class="footnote-ref">' in out and 'class="footnotes"' in out
    assert "<s>gone</s>" in out


def test_headings_get_unique_ids_and_anchor_links():
    env = RenderEnv(file="t.md")
    out = render("## Range & Price\n\n## Range & Price\n", env)
    assert '<h2 id="range-price">' in out and '<h2 id="range-price-1">' in out
    assert 'href="#range-price"' in out
    assert [h.id for h in env.headings] == ["range-price", "range-price-1"]


def test_code_is_highlighted_with_classes_not_inline_styles():
    out = html_of("```python\nprint('hi')\n```\n")
    assert '<pre class="highlight"><code class="language-python">' in out
    assert '<span class="nb">print</span>' in out
    assert "style=" not in out


def test_unknown_language_is_escaped_plain_code():
    out = html_of("```nosuchlang\n<b>x</b>\n```\n")
    assert "&lt;b&gt;" in out and "<b>" not in out


def test_smart_quotes_and_dashes():
    out = html_of('"Quoted" -- it\'s\n')
    assert "“Quoted”" in out and "–" in out and "it’s" in out


def test_raw_html_is_kept():
    out = html_of('<div class="note">trusted</div>\n')
    assert '<div class="note">trusted</div>' in out


def test_local_links_go_through_the_resolver_with_their_line():
    seen = []

    def resolve(url, line):
        seen.append((url, line))
        return "R/" + url

    out = render("Intro\n\n[a](other.md) ![c](img.png) [ext](https://x.org) [top](#top)\n",
                 RenderEnv(file="t.md", first_line=5, resolve_link=resolve))
    assert seen == [("other.md", 7), ("img.png", 7)]
    assert 'href="R/other.md"' in out and 'href="https://x.org"' in out and 'href="#top"' in out


def test_summary_is_text_before_more_marker_else_first_paragraph():
    body = html_of("First para[^1].\n\nSecond.\n\n[^1]: n\n")
    assert markdown.summary_of(body) == "<p>First para.</p>"
    body = html_of("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n")
    assert markdown.summary_of(body) == "<p>One.</p>\n<p>Two.</p>"


def test_reading_time_counts_cjk_characters():
    words, cjk = markdown.count_words(html_of("小米汽车的目标是五十五万辆 and five English words here"))
    assert cjk == 13 and words == 5
    assert markdown.reading_minutes(660, 0, 220) == 3
    assert markdown.reading_minutes(0, 1500, 220) == 3
    assert markdown.reading_minutes(10, 0, 220) == 1


def test_raw_html_links_go_through_the_resolver_too():
    seen = []

    def resolve(url, line):
        seen.append(url)
        return "R/" + url

    out = render("<a href=\"b.md\">x</a> <img src='i.png'>\n\n<div><a href=\"https://x.org\">y</a></div>\n",
                 RenderEnv(file="t.md", resolve_link=resolve))
    assert seen == ["b.md", "i.png"]
    assert 'href="R/b.md"' in out and "src='R/i.png'" in out and 'href="https://x.org"' in out
