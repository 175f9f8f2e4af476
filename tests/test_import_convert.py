"""The shared conversions of the importers: HTML to Markdown, image download, links and alt text."""

from __future__ import annotations

import pytest
from import_support import PNG, http_server

from sitegen.importers import html2md, links
from sitegen.importers.images import Downloader, DownloadError


def md(html: str) -> str:
    return html2md.convert(html, html2md.Context("x.html", 1))


def test_tables_with_pipes_and_merged_cells() -> None:
    out = md("<table><tr><th>a | b</th><th>c</th></tr><tr><td>1|2</td><td>3</td></tr></table>")
    assert out.strip() == "| a \\| b | c |\n| --- | --- |\n| 1\\|2 | 3 |"
    out = md('<table><tr><td colspan="2" width="50%">wide</td></tr><tr><td>a</td><td>b</td></tr></table>')
    assert out.strip() == '<table><tr><td colspan="2">wide</td></tr><tr><td>a</td><td>b</td></tr></table>'
    out = md("<table><tr><td><ul><li>x</li></ul></td></tr></table>")       # block content in a cell
    assert out.startswith("<table>")


def test_code_lists_and_escaping() -> None:
    assert md('<pre class="brush: php; gutter: false">echo 1;</pre>').strip() == "```php\necho 1;\n```"
    assert md("<ol><li>one<ol><li>inner</li></ol></li><li>two</li></ol>").strip() == "1. one\n   1. inner\n2. two"
    assert md("<p>a &lt;div&gt; stays text and 2*3 and snake_case</p>").strip() == \
        "a \\<div> stays text and 2\\*3 and snake\\_case"


def test_what_is_dropped_or_cleaned() -> None:
    out = md('<p><font color="red">red</font> <center>mid</center></p><script>alert(1)</script>'
             '<h2 id="x">Title <a class="anchor" href="#x">#</a></h2><p onclick="x()">p</p>')
    assert "font" not in out and "center" not in out and "alert" not in out and "onclick" not in out
    assert "## Title\n" in out and "[#]" not in out
    out = md('<h2 id="y">Next <a class="heading-anchor" href="https://x.example/post/#y">#</a></h2>')
    assert out.strip() == "## Next"
    # a heading whose words link to itself (sitegen's own pages, MDN) keeps the words, not the link
    out = md('<h2 id="z"><a class="heading-anchor" href="https://x.example/post/#z">Range <em>tests</em></a></h2>'
             '<h3 id="w">See <a href="https://w.example/#other">the source</a></h3>')
    assert out.strip() == "## Range *tests*\n\n### See [the source](https://w.example/#other)"
    out = md('<iframe src="https://player.example.org/v/1" frameborder="0" scrolling="no" width="100%"></iframe>')
    assert out.strip() == '<iframe src="https://player.example.org/v/1" title="Embedded content from player.example.org"></iframe>'


def test_callouts_become_admonitions_again() -> None:
    sitegen_callout = ('<div class="admonition admonition-caution" role="note">\n<p class="admonition-title">'
                       '<svg class="admonition-icon" aria-hidden="true" viewBox="0 0 16 16"><path d="M8 1z"/></svg>'
                       '<span class="visually-hidden">Caution: </span>A target, not a figure</p>\n<p>Check the <em>reports</em>.</p></div>')
    assert md(sitegen_callout).strip() == ":::caution A target, not a figure\nCheck the *reports*.\n:::"
    docusaurus = ('<div class="theme-admonition theme-admonition-info alert alert--info"><div class="admonitionHeading">'
                  "info</div><div><p>Plain.</p></div></div>")
    assert md(docusaurus).strip() == ":::note\nPlain.\n:::"


def test_svg_keeps_its_camel_case_attributes() -> None:
    out = md('<figure><svg viewBox="0 0 10 10" role="img" aria-label="A dot"><circle cx="5" cy="5" r="4"/></svg></figure>')
    assert 'viewBox="0 0 10 10"' in out


def test_alt_text_is_always_written() -> None:
    assert md('<img src="https://x.example/a/ev_charger-at-dusk-1024x768.jpg">').strip() == \
        "![Ev charger at dusk](https://x.example/a/ev_charger-at-dusk-1024x768.jpg)"
    assert md('<figure><img src="https://x.example/IMG_2041.jpg"><figcaption>The queue</figcaption></figure>').strip() \
        == '<figure><img alt="The queue" src="https://x.example/IMG_2041.jpg"/><figcaption>The queue</figcaption></figure>'
    body, count = links.fill_alt('![](https://x.example/DSC_0001.jpg)\n\n<img src="a/photo-of-a-bus.png" alt="">\n\n```\n![](code.png)\n```')
    assert count == 2
    assert body == ('![Image](https://x.example/DSC_0001.jpg)\n\n<img src="a/photo-of-a-bus.png" alt="Photo of a bus">'
                    "\n\n```\n![](code.png)\n```")


def test_links_are_found_outside_code_only() -> None:
    body = ("[a](one.md) ![b](two.png \"t\") <a href='three.html'>x</a>\n\n`[c](no.md)`\n\n"
            "```\n[d](no.md)\n```\n\n[ref]: four.pdf")
    assert sorted(links.find(body)) == [("four.pdf", 9), ("one.md", 1), ("three.html", 1), ("two.png", 1)]
    assert links.rewrite("[a](one.md) and [b](gone.md)", lambda u, _l: None if u == "gone.md" else "x/" + u) == \
        "[a](x/one.md) and b"


@pytest.fixture
def server():
    routes = {"/ok.png": (200, "image/png", PNG), "/page.png": (200, "text/html; charset=utf-8", b"<html>"),
              "/big.jpg": (200, "image/jpeg", b"\xff" * 5000), "/slow.png": (200, "image/png", PNG, 2.0)}
    with http_server(routes) as base:
        yield base


def test_download_rules(server: str) -> None:
    dl = Downloader(timeout=0.5, max_bytes=1000)
    data, ext = dl.get(f"{server}/ok.png")
    assert data == PNG and ext == ".png"
    dl.get(f"{server}/ok.png")
    assert server.hits.count("/ok.png") == 1                              # one request per address per import
    for path, reason in (("/page.png", "the server sent text/html, not an image"),
                         ("/big.jpg", "larger than the 0 MiB cap"),
                         ("/missing.png", "HTTP 404"),
                         ("/slow.png", "unreachable (timed out)")):
        with pytest.raises(DownloadError, match=reason.replace("(", r"\(").replace(")", r"\)")):
            dl.get(f"{server}{path}")
    with pytest.raises(DownloadError, match="not an http"):
        dl.get("file:///etc/passwd")
