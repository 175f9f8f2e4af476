"""The words the Markdown stage writes itself (issue #20): a callout's title when its writer gives
none, said in the post's language through the default theme's catalogues, by the reference
renderer and the fast path alike, cached by language, and carried into feeds. English stays the
message ids (test_golden.py holds its bytes). A heading's anchor says no word of its own in any
language: the link is the heading's words, so its accessible name is theirs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_site
from feedscan import entry_html, feed_files

from sitegen.pipeline import Options, build
from sitegen.pipeline.markdown import admonitions, convert, fast, labels
from sitegen.pipeline.markdown import parser as markdown
from sitegen.pipeline.render import i18n

LOCALE = ROOT / "themes" / "default" / "locale"
SHIPPED = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po"))
TYPES = sorted({*admonitions.LABELS, *admonitions.ALIASES})
EVERY_CALLOUT = "".join(f":::{t}\nQzx.\n:::\n\n" for t in TYPES)


def _render(text: str, language: str) -> str:
    return markdown.render(text, markdown.RenderEnv(file="content/posts/p.md", language=language))


def _reference(text: str, language: str) -> str:
    return str(markdown.make_markdown().render(text, {"sitegen": markdown.RenderEnv(language=language)}))


def _titles(html: str) -> list[str]:
    return [re.sub(r"<svg.*?</svg>", "", t) for t in
            re.findall(r'<(?:p|summary) class="admonition-title">(.*?)</(?:p|summary)>', html)]


def _anchor_names(html: str) -> list[str]:
    """What each heading anchor says: the words it links (it has no label of its own)."""
    assert "aria-label" not in re.sub(r'<(?!a class="heading-anchor")[^>]*>', "", html)
    return re.findall(r'<a class="heading-anchor" href="[^"]*">(.*?)</a>', html)


def test_a_german_post_s_callouts_speak_german_and_its_anchor_is_the_heading():
    html = _render("## Ladekurve\n\n:::note\nA.\n:::\n\n:::tip\nB.\n:::\n\n> [!IMPORTANT]\n> C.\n\n"
                   ":::warning\nD.\n:::\n\n> [!caution]-\n> E.\n\n:::danger\nF.\n:::\n", "de")
    assert _anchor_names(html) == ["Ladekurve"]
    assert _titles(html) == ["Hinweis", "Tipp", "Wichtig", "Warnung", "Vorsicht", "Gefahr"]
    assert '<summary class="admonition-title">' in html       # the folded one too


def test_a_japanese_post_s_callouts_speak_japanese_and_its_anchor_is_the_heading():
    html = _render("## 充電曲線\n\n:::note\nA.\n:::\n\n> [!TIP]\n> B.\n\n:::warning\nC.\n:::\n\n:::info\nD.\n:::\n", "ja")
    assert _anchor_names(html) == ["充電曲線"]
    assert _titles(html) == ["注記", "ヒント", "警告", "情報"]


def test_the_fast_path_links_a_heading_s_words_with_the_reference_s_bytes():
    text = ("# Qq\n\n## Akku & Laden\n\nText.\n\n### Zweite *Ebene* mit `Code`\n\nMehr.\n\n"
            "## Siehe [Quelle](https://example.org/q)\n")
    assert fast.available()
    for language in ("de", "ja", "ar", "en"):
        quick = fast.render(text, markdown.RenderEnv(language=language), highlight=markdown._highlight,
                            spaced=markdown._SPACED)
        assert quick is not None, "the fast path should take this post"
        assert quick == _reference(text, language)
    # a heading holding a link of its own gets no anchor (a link may not hold another); # is no anchor
    assert _anchor_names(quick or "") == ["Akku &amp; Laden", "Zweite <em>Ebene</em> mit <code>Code</code>"]
    assert '<h2 id="siehe-quelle">Siehe <a href="https://example.org/q">Quelle</a></h2>' in (quick or "")
    assert '<h1 id="qq">Qq</h1>' in (quick or "")
    assert _anchor_names(_render(text, "de")) == _anchor_names(quick or "")
    # nor does one holding an autolink, a footnote's mark or a raw <a> (the reference renders these)
    other = _reference("## <https://example.org/a>\n\n## Note[^1]\n\n## Raw <a href=\"/x\">x</a>\n\n"
                       "## Raw <b>bold</b>\n\n[^1]: F.\n", "en")
    assert _anchor_names(other) == ["Raw <b>bold</b>"], other


def test_a_writer_s_own_title_is_kept_as_written_and_the_type_is_said_for_screen_readers():
    html = _render(":::warning[Check the units]\nkW.\n:::\n\n> [!faq]- Warum 800 V?\n> Weil.\n\n:::tip Mein Tipp\nx\n:::\n",
                   "de")
    assert _titles(html) == ['<span class="visually-hidden">Warnung: </span>Check the units',
                             '<span class="visually-hidden">Häufige Fragen: </span>Warum 800 V?',
                             '<span class="visually-hidden">Tipp: </span>Mein Tipp']


@pytest.mark.parametrize("language", SHIPPED)
def test_every_shipped_catalogue_says_each_markdown_label(language: str):
    catalogue = i18n.read_catalogue(LOCALE / language / "LC_MESSAGES" / "messages.po", language)
    said = {m.id: m.string for m in catalogue if m.id and not m.fuzzy}
    for message in labels.MESSAGES:
        assert said.get(message), f"{language} has no translation of {message!r}"
    # and a render in the language shows none of the English titles its catalogue does not use itself
    tag = language.replace("_", "-")
    html = _render("## Qz\n\n" + EVERY_CALLOUT, tag)
    english = {m for m in labels.MESSAGES if m not in said.values()}
    left = [t for t in _titles(html) if t in english]
    assert left == [] and len(_titles(html)) == len(TYPES), (language, left)
    assert _anchor_names(html) == ["Qz"]


def test_english_says_the_message_ids_and_does_not_import_babel():
    html = _render("## Qz\n\n:::note\nx\n:::\n\n:::tldr\ny\n:::\n", "en")
    assert _anchor_names(html) == ["Qz"] and _titles(html) == ["Note", "TL;DR"]
    code = ("import sys\nfrom sitegen.pipeline.markdown import parser as p\n"
            "h = p.render('## Qz\\n\\n:::tip\\nx\\n:::\\n', p.RenderEnv(language='en-GB'))\n"
            "print('href=\"#qz\">Qz</a>' in h and '>Tip</p>' in h, 'babel' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "True False"


# -- through builds ----------------------------------------------------------------------------------

POST = "---\ntitle: Qq\ndate: 2026-03-02\n---\n\n## Qz\n\n:::note\nQzx.\n:::\n\n:::tip[Eigener Titel]\nQzy.\n:::\n"
PLAIN = "---\ntitle: Qr\ndate: 2026-03-03\n---\n\n## Qw\n\nOnly text: the fast path renders it.\n"


def _site(tmp_path: Path, language: str) -> Path:
    return write_site(tmp_path / "site", {
        "sitegen.toml": f'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "{language}"\n',
        "content/posts/p.md": POST, "content/posts/r.md": PLAIN, "content/pages/about.md": "---\ntitle: Qa\n---\n\n## Qb\n"})


def _build(site: Path, out: Path) -> int:
    report = build(Options(site_dir=site, output_dir=out, workers=1, search_index=False))
    return report.rendered_posts


def _labels_of(out: Path) -> tuple[list[str], list[str]]:
    html = "".join((out / rel).read_text("utf-8") for rel in ("posts/p/index.html", "posts/r/index.html",
                                                             "about/index.html"))
    return _anchor_names(html), _titles(html)


def test_switching_the_site_language_renders_the_cached_posts_again(tmp_path: Path):
    site = _site(tmp_path, "en")
    assert _build(site, tmp_path / "out") == 2
    assert _labels_of(tmp_path / "out") == (["Qz", "Qw", "Qb"],
                                            ["Note", '<span class="visually-hidden">Tip: </span>Eigener Titel'])
    assert _build(site, tmp_path / "out") == 0          # (the cache holds them)
    (site / "sitegen.toml").write_text((site / "sitegen.toml").read_text("utf-8").replace('"en"', '"de"'), "utf-8")
    assert _build(site, tmp_path / "out") == 2
    assert _labels_of(tmp_path / "out") == (["Qz", "Qw", "Qb"],
                                            ["Hinweis", '<span class="visually-hidden">Tipp: </span>Eigener Titel'])
    (site / "sitegen.toml").write_text((site / "sitegen.toml").read_text("utf-8").replace('"de"', '"ja"'), "utf-8")
    assert _build(site, tmp_path / "out") == 2
    assert _labels_of(tmp_path / "out")[1] == ["注記", '<span class="visually-hidden">ヒント: </span>Eigener Titel']


def test_a_german_feed_carries_the_german_callout_title(tmp_path: Path):
    site = _site(tmp_path, "de")
    _build(site, tmp_path / "out")
    feeds = feed_files(tmp_path / "out")
    assert feeds
    for path in feeds:
        content = dict(entry_html(path))["Qq"]
        assert "<p><strong>Hinweis</strong></p>" in content, path
        assert "<p><strong>Tipp: Eigener Titel</strong></p>" in content, path
        assert "Note" not in content and "Link" not in content


def test_a_post_s_own_language_is_what_its_labels_speak_and_its_render_key_holds(monkeypatch: pytest.MonkeyPatch):
    """The one place a post's language enters (convert.own_language): once it names one, the
    labels, and the key the cache keeps the post's HTML under, follow it."""
    from sitegen.pipeline.markdown import links
    from sitegen.pipeline.read.load import DataFiles

    class Draft:
        source, content_rel, url, body_line, cover, cover_line, summary = "content/posts/p.md", "posts/p.md", "/p/", 6, "", None, None
        body, digest = "## Qz\n\n:::note\nx\n:::\n", "d1"

    targets = links.LinkTargets({}, frozenset(), frozenset())
    data = DataFiles({}, "k", "en")
    site_key = convert.render_key(Draft(), data)
    assert _titles(convert.post_renderer(data)(Draft(), targets).html) == ["Note"]
    monkeypatch.setattr(convert, "own_language", lambda draft: "ko")
    rendered = convert.post_renderer(data)(Draft(), targets)
    assert _titles(rendered.html) == ["참고"] and _anchor_names(rendered.html) == ["Qz"]
    assert convert.render_key(Draft(), data) != site_key


def test_an_author_s_bio_on_a_german_post_page_speaks_german_too(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "de"\n',
        "content/authors.yaml": "qx:\n  name: Qx\n  bio: |\n    ## Qb\n\n    :::tip\n    Qy.\n    :::\n",
        "content/posts/p.md": "---\ntitle: Qq\ndate: 2026-03-02\nauthors: [qx]\n---\n\nQz.\n"})
    _build(site, tmp_path / "out")
    html = (tmp_path / "out" / "posts" / "p" / "index.html").read_text("utf-8")
    assert _titles(html) == ["Tipp"] and _anchor_names(html) == ["Qb"]
