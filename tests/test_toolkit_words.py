"""The words of charts and tables (issue #20, item 6) in the page's language: every one a message of
the default theme's catalogues, said in each shipped language, with lists joined by CLDR's pattern
and numbers in the language's CLDR form; English stays the message ids (test_golden.py holds it)."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

from sitegen.pipeline.render import i18n
from sitegen.toolkit import charts
from sitegen.toolkit.data import load_data
from sitegen.toolkit.words import MESSAGES, Words

LOCALE = ROOT / "themes" / "default" / "locale"
SHIPPED = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po"))
CHART = ("type: stacked bar\ndata: ev\nx: year\ny: [{column: bev, label: Bev}, {column: phev, label: Phev}, "
         "{column: fcev, label: Fcev}]\ntitle: Qz\nunit: kWh\nsource: {text: Kba, url: https://example.com}\n")
LINE = "type: line\ndata: ev\nx: year\ny: bev\ntitle: Qz\nsource: Kba\n"
SINGLE = "type: bar\ndata: ev\nx: year\ny: phev\ntitle: Qz\nsource: Kba\nwhere: {year: 2023}\n"
TABLE = "data: ev\ncolumns: [year, bev]\ncaption: Qz\nsource: Kba\n"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("words")
    (root / "data").mkdir()
    (root / "data" / "ev.csv").write_text("year,bev,phev,fcev\n2023,18.5,4,1\n2024,,5.25,1\n2025,1234.5,6,2\n"
                                          "2026,7,7,7\n", "utf-8")
    return load_data(root / "data", rel_to=root)


def _render(data: dict, language: str) -> str:
    return "\n".join([charts.render_chart(CHART, data, file="p.md", line=3, language=language),
                      charts.render_chart(LINE, data, file="p.md", line=9, language=language),
                      charts.render_chart(SINGLE, data, file="p.md", line=15, language=language),
                      charts.render_table(TABLE, data, file="p.md", line=20, language=language)])


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _english_fragments(language: str) -> list[str]:
    """The literal words of the toolkit's English messages that the language's catalogue does not
    use itself (French says "Total" and "Source" too)."""
    catalogue = i18n.read_catalogue(LOCALE / language / "LC_MESSAGES" / "messages.po", language)
    said = "\n".join(str(m.string) for m in catalogue if m.id)
    out = set()
    for message in MESSAGES:
        for piece in (p.strip(" :.,()") for p in re.split(r"%\(\w+\)s", message)):
            if piece and (" " in piece or len(piece) >= 5 or piece == message) and not re.search(
                    rf"(?<![\w-]){re.escape(piece)}(?![\w-])", said):
                out.add(piece)
    return sorted(out)


@pytest.mark.parametrize("language", SHIPPED)
def test_charts_and_tables_say_no_english_word_in_a_shipped_language(data: dict, language: str):
    html = _render(data, language.replace("_", "-"))
    page = _Text()
    page.feed(html)
    text = "\n".join(page.parts)
    english = _english_fragments(language)
    left = [e for e in english if re.search(rf"(?<![\w-]){re.escape(e)}(?![\w-])", text)]
    assert left == [], f"English left in {language} charts and tables: {left}"
    words = Words(language.replace("_", "-"))
    for message in ("Data table", "Total", "no data", "Stacked bar chart", "Line chart", "Bar chart"):
        assert words(message) in text, (language, message)
    assert words("Source: %(source)s", source="Kba") in text


def test_a_german_chart_describes_itself_in_german_with_18_comma_5(data: dict):
    html = _render(data, "de")
    assert ("Gestapeltes Balkendiagramm: Bev, Phev und Fcev nach year, von 2023 bis 2026. "
            "Bev reicht von 7,0 kWh (2026) bis 1.234,5 kWh (2025).") in html
    assert "Die Summe reicht von 6,25 kWh (2024) bis 1.242,50 kWh (2025)." in html
    assert "Liniendiagramm: bev nach year, von 2023 bis 2026." in html
    assert "Balkendiagramm: phev nach year, für 2023. phev liegt durchgehend bei 4." in html
    assert '<summary>Datentabelle<span class="sg-visually-hidden">: Qz</span></summary>' in html
    assert ">Summe (kWh)</th>" in html and '<span class="sg-visually-hidden">keine Daten</span>' in html
    assert 'Quelle: <a href="https://example.com">Kba</a>' in html and "<title>2025, Bev: 1.234,5 kWh</title>" in html


def test_a_chinese_chart_joins_its_sentences_and_names_the_chinese_way(data: dict):
    html = _render(data, "zh-Hans")
    assert ("堆叠柱状图：按year显示Bev、Phev和Fcev，从2023到2026。Bev介于7.0 kWh（2026）与1,234.5 kWh（2025）之间。"
            in html)
    assert "<summary>数据表" in html and ">合计 (kWh)</th>" in html and "来源：<a href" in html


@pytest.mark.parametrize(("language", "unit", "expected"), [
    ("sv", "USD", "USD \u22121\u00a0234,5"), ("sv", "kWh", "\u22121\u00a0234,5 kWh"), ("de", "kWh", "-1.234,5 kWh"),
    ("fa", "kWh", "\u200e\u22121,234.5 kWh"), ("en", "kWh", "-1,234.5 kWh")])
def test_a_negative_number_takes_the_language_s_minus_sign(language: str, unit: str, expected: str):
    from sitegen.toolkit.numfmt import format_value
    assert format_value(-1234.5, unit, None, language) == expected


def test_an_arabic_chart_says_its_words_in_arabic(data: dict):
    html = _render(data, "ar")
    assert "مخطط شريطي مكدّس لـ Bev وPhev وFcev حسب year" in html and "<summary>جدول البيانات" in html


def test_english_charts_keep_their_words_and_do_not_import_babel(data: dict, tmp_path: Path):
    html = _render(data, "en")
    assert "Stacked bar chart of Bev, Phev and Fcev by year, from 2023 to 2026." in html
    assert "<summary>Data table" in html and "Source: <a" in html and ">Total (kWh)</th>" in html
    code = ("import sys\nfrom sitegen.toolkit import charts\n"
            "from sitegen.toolkit.words import Words\n"
            "print(Words('en')('Data table'), Words('en').names(['a', 'b', 'c']), 'babel' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "Data table a, b and c False"


def test_a_site_with_its_own_theme_is_not_told_the_toolkit_words_are_missing(tmp_path: Path):
    theme = tmp_path / "themes" / "mine" / "templates"
    theme.mkdir(parents=True)
    (theme / "post.html").write_text('{{ _("Hello") }}\n', "utf-8")
    assert i18n.used_messages([theme])[-1] == "Hello" and "Data table" not in i18n.used_messages([theme])
    assert "Data table" in i18n.used_messages([ROOT / "themes" / "default" / "templates"])


# -- through a build: the post page of a one-post site in each language ------------------------------

POST = ("---\ntitle: Qq\ndate: 2026-03-02\n---\n\n## Qz\n\nQzx.\n\n```chart\n" + CHART.replace("Qz", "Qy") +
        "```\n\n```table\n" + TABLE + "```\n")


def _post_text(tmp_path: Path, language: str, body: str = POST) -> str:
    from conftest import write_site

    from sitegen.pipeline import Options, build
    site = write_site(tmp_path / "site", {
        "sitegen.toml": f'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "{language}"\n',
        "data/ev.csv": "year,bev,phev,fcev\n2023,18.5,4,1\n2024,,5.25,1\n2025,1234.5,6,2\n",
        "content/posts/p.md": body})
    build(Options(site_dir=site, output_dir=tmp_path / "out", use_cache=False, workers=1, search_index=False))
    page = _Text()
    page.feed((tmp_path / "out" / "posts" / "p" / "index.html").read_text("utf-8"))
    return "\n".join(page.parts)


@pytest.mark.parametrize("language", SHIPPED)
def test_a_post_page_s_charts_and_tables_speak_its_language(tmp_path: Path, language: str):
    text = _post_text(tmp_path, language.replace("_", "-"))
    english = _english_fragments(language)
    left = [e for e in english if re.search(rf"(?<![\w-]){re.escape(e)}(?![\w-])", text)]
    assert left == [], f"English left in a {language} post page's charts and tables: {left}"
    words = Words(language.replace("_", "-"))
    assert words("Data table") in text and words("Total") in text


def test_the_markdown_renderer_s_labels_speak_the_post_s_language(tmp_path: Path):
    from conftest import write_site

    from sitegen.pipeline import Options, build
    site = write_site(tmp_path / "site", {
        "sitegen.toml": 'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "de"\n',
        "content/posts/p.md": "---\ntitle: Qq\ndate: 2026-03-02\n---\n\n## Qz\n\n:::note\nQzx.\n:::\n"})
    build(Options(site_dir=site, output_dir=tmp_path / "out", use_cache=False, workers=1, search_index=False))
    html = (tmp_path / "out" / "posts" / "p" / "index.html").read_text("utf-8")
    page = _Text()
    page.feed(html)
    text = "\n".join([*page.parts, *re.findall(r'aria-label="([^"]*)"', html)])
    assert not re.search(r"(?<!\w)Note(?!\w)", text)
