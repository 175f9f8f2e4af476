"""A site's own words reach the Markdown stage and the toolkit too (issue #20, item 5): a callout's
title and the words of charts and tables come from the same chain of
catalogues as the theme's strings: the site's, then its theme's, then the default theme's, then
English; in every language of the site, in the build's workers, and again after the catalogue is
edited (the cached posts render again). The catalogues are written as people write them: CRLF
line endings, fuzzy entries (left out), empty translations (left out), plural entries, a
translation over several lines. (A heading's anchor says no word of its own: its link is the
heading's words, in every language.)"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT, write_site

from sitegen.pipeline import Options, build
from sitegen.pipeline.markdown import convert

HEADER = ('# Unsere eigenen Wörter', 'msgid ""', 'msgstr ""', '"Project-Id-Version: zq\\n"',
          '"Content-Type: text/plain; charset=UTF-8\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '')


def _po(*entries: str) -> bytes:
    """A catalogue with CRLF line endings (as saved on Windows), its entries separated by blank lines."""
    return "\r\n".join([*HEADER, *"\n\n".join(entries).split("\n"), ""]).encode("utf-8")


NOTE = 'msgid "Note"\nmsgstr ""\n"Anmer"\n"kung"'                 # (a translation over two lines)
FUZZY_TIP = '#, fuzzy\nmsgid "Tip"\nmsgstr "Kniff"'                # fuzzy: not used, the theme's "Tipp" shows
EMPTY_WARNING = 'msgid "Warning"\nmsgstr ""'                      # untranslated: the theme's "Warnung" shows
PLURAL = ('msgid "%(num)s min read"\nmsgid_plural "%(num)s min read"\n'
          'msgstr[0] "%(num)s Minute zum Lesen"\nmsgstr[1] "%(num)s Minuten zum Lesen"')
SITE_PO = _po(NOTE, FUZZY_TIP, EMPTY_WARNING, PLURAL)

BODY = "## Qz\n\n:::note\nQzx.\n:::\n\n:::tip\nQzy.\n:::\n\n:::warning\nQzw.\n:::\n"
CHART = "```chart\ntype: bar\ndata: ev\nx: year\ny: bev\ntitle: Qc\nsource: Kba\n```\n"


def _post(n: int, body: str = BODY, lang: str = "") -> str:
    return f"---\ntitle: Qq {n}\ndate: 2026-03-0{n}\n{lang}---\n\n{body}"


def _site(root: Path, language: str = "de", **more: str | bytes) -> Path:
    files: dict[str, str | bytes] = {
        "sitegen.toml": f'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "{language}"\n',
        "data/ev.csv": "year,bev\n2024,18.5\n2025,1234.5\n",
        **{f"content/posts/p{n}.md": _post(n) for n in (1, 2, 3)}}
    files.update(more)
    return write_site(root, files)


def _titles(html: str) -> list[str]:
    return [re.sub(r"<svg.*?</svg>", "", t) for t in
            re.findall(r'<(?:p|summary) class="admonition-title">(.*?)</(?:p|summary)>', html)]


def _anchors(html: str) -> list[str]:
    """What each heading anchor says: the words it links."""
    return re.findall(r'<a class="heading-anchor" href="[^"]*">(.*?)</a>', html)


def _page(out: Path, rel: str = "posts/p2/index.html") -> str:
    return (out / rel).read_text("utf-8")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("pool", [False, True], ids=["in-process", "worker-pool"])
def test_a_german_site_s_catalogue_says_the_callout_titles(tmp_path: Path, pool: bool,
                                                          monkeypatch: pytest.MonkeyPatch):
    if pool:      # three posts are enough for the build's fork pool: its workers say the site's words too
        monkeypatch.setattr(convert, "MARKDOWN_IN_POOL", 2)
    site = _site(tmp_path / "site", **{"locale/de/LC_MESSAGES/messages.po": SITE_PO})
    out = tmp_path / "out"
    report = build(Options(site_dir=site, output_dir=out, search_index=False, workers=2 if pool else 1))
    assert report.rendered_posts == 3
    for n in (1, 2, 3):
        html = _page(out, f"posts/p{n}/index.html")
        assert _titles(html) == ["Anmerkung", "Tipp", "Warnung"], n       # the fuzzy and the empty one: the theme's
        assert _anchors(html) == ["Qz"], n
        assert "1 Minute zum Lesen" in html                               # (the plural entry, in the template)
    assert "Hinweis" not in _page(out) and "Kniff" not in _page(out)


def test_a_site_s_own_theme_catalogue_says_a_chart_word_under_the_site_s_and_over_the_default_theme_s(tmp_path: Path):
    theme_po = _po('msgid "Bar chart"\nmsgstr "Balkengrafik"', 'msgid "Source: %(source)s"\nmsgstr "Datenquelle: %(source)s"',
                   'msgid "Data table"\nmsgstr "Tabelle der Werte"')
    site = _site(tmp_path / "site", **{
        "sitegen.toml": 'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "de"\ntheme = "mine"\n',
        "themes/mine/locale/de/LC_MESSAGES/messages.po": theme_po,
        "locale/de/LC_MESSAGES/messages.po": _po('msgid "Data table"\nmsgstr "Die Zahlen"'),
        "content/posts/p2.md": _post(2, BODY + "\n" + CHART)})
    shutil.copytree(ROOT / "themes" / "default" / "templates", site / "themes" / "mine" / "templates")
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, search_index=False, workers=1))
    html = _page(out)
    assert "Balkengrafik" in html and "Bar chart" not in html and "Säulendiagramm" not in html
    assert "Datenquelle: Kba" in html
    assert "Die Zahlen" in html and "Tabelle der Werte" not in html       # the site's over its theme's
    assert _titles(html) == ["Hinweis", "Tipp", "Warnung"]               # the default theme's, under both
    assert "1.234,5" in html                                             # (numbers: CLDR's German)


def test_the_gap_report_lists_the_markdown_and_chart_words_no_catalogue_of_an_own_theme_says(tmp_path: Path):
    """An own theme in a language the default theme does not ship: the Markdown stage's and the
    toolkit's words that neither the site's nor the theme's catalogue says show in English, and
    `sitegen check` names them with the theme's strings (the ones they say are not listed)."""
    from sitegen.commands.check import check_translations
    from sitegen.pipeline.markdown import labels
    from sitegen.toolkit import hooks
    site = _site(tmp_path / "site", "el", **{
        "sitegen.toml": 'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "el"\ntheme = "mine"\n',
        "themes/mine/templates/base.html": "<p>{{ _('Tags') }}</p>",
        "themes/mine/locale/el/LC_MESSAGES/messages.po": _po('msgid "Note"\nmsgstr "Σημείωση"', 'msgid "Tags"\nmsgstr "Ετικέτες"'),
        "locale/el/LC_MESSAGES/messages.po": _po('msgid "Bar chart"\nmsgstr "Ραβδόγραμμα"')})
    listed = [re.search(r"string '(.*)': it shows", p.message).group(1) for p in check_translations(site)]  # type: ignore[union-attr]
    assert "Tip" in listed and "Data table" in listed
    assert "Note" not in listed and "Bar chart" not in listed and "Tags" not in listed
    assert set(listed) >= {*labels.MESSAGES, *hooks.words()} - {"Note", "Bar chart"}
    # in German the default theme's catalogue says them all: only the own theme's strings are listed
    de = _site(tmp_path / "de", **{
        "sitegen.toml": 'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "de"\ntheme = "mine"\n',
        "themes/mine/templates/base.html": "<p>{{ _('Qzq') }}</p>"})
    listed = [re.search(r"string '(.*)': it shows", p.message).group(1) for p in check_translations(de)]  # type: ignore[union-attr]
    assert "Qzq" in listed and not set(listed) & {*labels.MESSAGES, *hooks.words()}


def test_editing_the_site_catalogue_renders_the_cached_posts_again_as_a_clean_build_does(tmp_path: Path):
    from sitegen.cli import main
    site, out = _site(tmp_path / "site"), tmp_path / "out"
    po = site / "locale" / "de" / "LC_MESSAGES" / "messages.po"

    def cli_build() -> str:
        assert main(["build", str(site), "--output", str(out), "--quiet"]) in (0, None)
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(Options(site_dir=site, output_dir=clean, search_index=False, workers=1, use_cache=False))
        assert _files(out) == _files(clean)
        return _page(out)

    assert _titles(cli_build()) == ["Hinweis", "Tipp", "Warnung"]
    po.parent.mkdir(parents=True)
    po.write_bytes(SITE_PO)
    html = cli_build()
    assert _titles(html) == ["Anmerkung", "Tipp", "Warnung"] and _anchors(html) == ["Qz"]
    po.write_bytes(SITE_PO.replace(b'"Anmer"\r\n"kung"', b'"Randnotiz"').replace(b"#, fuzzy\r\n", b""))
    assert _titles(cli_build()) == ["Randnotiz", "Kniff", "Warnung"]
    past = time.time() - 1000          # (files older than the last build: the edit path trusts their times)
    for path in site.rglob("*"):
        os.utime(path, (past, past))
    assert build(Options(site_dir=site, output_dir=out, search_index=False, workers=1)).rendered_posts == 0
    # a post edited in place takes the command line's edit path, whose site comes from the last
    # build's snapshot: in a new process, the catalogues are read again
    from sitegen.pipeline.render import i18n
    i18n._WORDS.clear()
    post = site / "content/posts/p2.md"
    post.write_text(_post(2, BODY.replace("Qzy.", "Qzv.")), "utf-8")
    os.utime(post, (past + 3, past + 3))
    assert build(Options(site_dir=site, output_dir=out, search_index=False, workers=1)).in_place
    html = cli_build()
    assert "Qzv." in html and _titles(html) == ["Randnotiz", "Kniff", "Warnung"]
    po.unlink()
    assert _titles(cli_build()) == ["Hinweis", "Tipp", "Warnung"]


def test_in_a_site_of_two_languages_each_language_s_catalogue_says_only_its_posts_words(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "Zq"\nbase_url = "https://example.com/"\ndefault_language = "en"\n\n'
                        '[languages.de]\ntitle = "Zq auf Deutsch"\n',
        "data/ev.csv": "year,bev\n2024,18.5\n",
        "content/posts/p1.md": _post(1), "content/posts/p1.de.md": _post(1),
        "content/posts/p2.md": _post(2), "content/de/posts/p3.md": _post(3),
        "locale/de/LC_MESSAGES/messages.po": SITE_PO,
        "locale/en/LC_MESSAGES/messages.po": _po('msgid "Tip"\nmsgstr "Hint"')})
    out = tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, search_index=False, workers=1))
    german = [p for p in out.rglob("index.html") if p.relative_to(out).parts[:2] == ("de", "posts")]
    english = [p for p in out.rglob("index.html") if p.relative_to(out).parts[0] == "posts"]
    assert len(german) == 2 and len(english) == 2
    for path in german:
        html = path.read_text("utf-8")
        assert _titles(html) == ["Anmerkung", "Tipp", "Warnung"] and _anchors(html) == ["Qz"], path
    for path in english:
        html = path.read_text("utf-8")
        assert _titles(html) == ["Note", "Hint", "Warning"] and _anchors(html) == ["Qz"], path
