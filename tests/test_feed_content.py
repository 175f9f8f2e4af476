"""Feeds carry posts as plain semantic HTML: callouts without their SVG icon and classes,
formulas as their TeX, headings without their link to themselves; every feed of the golden and sample sites is read
by feedparser and holds nothing the W3C Feed Validator would warn about."""

import re
from pathlib import Path

from conftest import run_cli, write_site
from feedscan import content_problems, entry_html, feed_files, site_feed_problems

from sitegen.pipeline.markdown import parser as markdown
from sitegen.pipeline.render.feedhtml import feed_html

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"


def feed_of(source: str) -> str:
    return feed_html(markdown.render(source, markdown.RenderEnv(file="content/posts/x.md")))


def test_a_callout_is_a_div_with_its_type_and_title_in_bold():
    html = feed_of(":::warning[Check the units]\nkW is *power*.\n:::\n\n:::note\nPlain.\n:::\n")
    assert html == ("<div>\n<p><strong>Warning: Check the units</strong></p>\n<p>kW is <em>power</em>.</p>\n</div>\n"
                    "<div>\n<p><strong>Note</strong></p>\n<p>Plain.</p>\n</div>\n")


def test_alerts_and_foldable_callouts_too_and_nested_ones():
    html = feed_of("> [!IMPORTANT]\n> Outer.\n>\n> > [!faq]- Folded question\n> > Answer.\n")
    assert html == ("<div>\n<p><strong>Important</strong></p>\n<p>Outer.</p>\n"
                    "<details open>\n<summary><strong>FAQ: Folded question</strong></summary>\n<p>Answer.</p>\n"
                    "</details>\n</div>\n")
    assert content_problems(html) == []


def test_formulas_become_their_tex_in_code():
    html = feed_of("Time $t = E / P$ and\n\n$$\nC = \\frac{P}{E}\n$$\n\nand `$x$` stays code; $40 and $50 stay text.\n")
    assert "<math" not in html
    assert "<code>t = E / P</code>" in html and "<code>C = \\frac{P}{E}</code>" in html
    assert "<code>$x$</code>" in html and "$40 and $50" in html


def test_tex_with_markup_characters_stays_escaped():
    html = feed_of("$a < b \\text{ & } c > d$")
    assert "<code>a &lt; b \\text{ &amp; } c &gt; d</code>" in html


def test_svg_classes_roles_and_anchors_are_left_out_but_other_attributes_stay():
    page = ('<h2 id="x"><a class="heading-anchor" href="https://example.com/p/#x">X <em>y</em></a></h2>\n'
            '<figure class="chart"><div class="chart-frame"><svg viewBox="0 0 9 9"><title>t</title></svg></div>'
            '<figcaption>Caption</figcaption></figure>\n'
            '<img src="a.png" alt="a class=&quot;x&quot; role" class="wide" fetchpriority="high" width="3">\n'
            '<p role="note" data-x="1">Text with class="literal" in it.</p>\n')
    html = feed_html(page)
    assert html == ('<h2 id="x">X <em>y</em></h2>\n<figure><div></div><figcaption>Caption</figcaption></figure>\n'
                    '<img src="a.png" alt="a class=&quot;x&quot; role" width="3">\n'
                    '<p data-x="1">Text with class="literal" in it.</p>\n')


def test_the_scan_finds_what_it_looks_for():
    # the scanner of the site tests below must be able to fail
    bad = '<div class="admonition"><svg><path d="M0"/></svg><math><mi>x</mi></math><a aria-label="x" href="y">y</a></div>'
    found = content_problems(bad)
    assert any("<svg>" in p for p in found) and any("<math>" in p for p in found)
    assert any("class" in p for p in found) and any("aria-label" in p for p in found)
    assert content_problems('<table><tr><td style="text-align: right">1</td></tr></table>') == []


def test_every_feed_of_the_golden_site_is_plain():
    assert site_feed_problems(GOLDEN) == []
    # and it does hold the callouts and the formulas of its charging post
    atom = dict(entry_html(GOLDEN / "atom.xml"))['Charging speed, "explained"']
    assert "<p><strong>Tip: Charge to 80 %</strong></p>" in atom and "<code>C = \\frac{P}{E}</code>" in atom
    assert "a $40 fee stays a fee" in atom


def test_every_feed_of_the_sample_site_is_plain(sample_site: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_cli("build", str(sample_site), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert len(feed_files(out)) >= 3
    assert site_feed_problems(out) == []
    # the sample's formula post reaches the feeds as TeX
    texts = " ".join(html for path in feed_files(out) for _, html in entry_html(path))
    assert re.search(r"<code>[^<]*\\frac", texts), "no formula in the sample site's feeds"


def test_a_site_full_of_callouts_and_formulas(tmp_path: Path):
    body = ("Intro.\n\n:::tip[Pro tip]\nA $x_1$ tip.\n:::\n\n> [!CAUTION] Hot\n> - list\n> - $$y$$\n\n"
            "> [!note]- Folded\n> ```python\n> price = '$5'\n> ```\n\n\\[\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n\\]\n")
    site = write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "T"\nbase_url = "https://example.com/"\n',
        "content/posts/a.md": f"---\ntitle: A\ndate: 2026-01-02\n---\n\n{body}",
    })
    result = run_cli("build", str(site), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert site_feed_problems(tmp_path / "out") == []
