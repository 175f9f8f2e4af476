"""A blog in any one language: the default theme's strings through gettext (Babel catalogues,
CLDR plural forms), dates in the language's CLDR form, a site's own catalogue over the theme's,
English for a string no catalogue has (a warning in the build, a list in `sitegen check`), and
an unknown language code named at its line of sitegen.toml. English output stays the message ids
(tests/test_golden.py holds it byte for byte)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, write_site

from sitegen.errors import SitegenError
from sitegen.pipeline import Options, build
from sitegen.pipeline.render import i18n

THEME = ROOT / "themes" / "default"
LOCALE = THEME / "locale"
SHIPPED = sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po"))
WANTED = {"de", "fr", "es", "it", "nl", "pt", "nb", "sv", "da", "fi", "pl", "cs", "tr", "ru", "uk", "ar", "he", "fa",
          "hi", "zh_Hans", "zh_Hant", "ja", "ko", "id", "vi"}
NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _catalogue(language: str):
    return i18n.read_catalogue(LOCALE / language / "LC_MESSAGES" / "messages.po", language)


def test_the_theme_ships_a_catalogue_for_each_promised_language():
    assert set(SHIPPED) >= WANTED


@pytest.mark.parametrize("language", SHIPPED)
def test_a_shipped_catalogue_says_every_theme_string_with_the_language_s_plural_forms(language: str):
    from babel.messages.plurals import get_plural
    used = i18n.used_messages([THEME / "templates"])
    catalogue = _catalogue(language)
    ids = [m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue if m.id]
    assert sorted(ids) == sorted(used), "the catalogue has strings the theme does not use, or lacks some"
    assert i18n.gaps(language, THEME, THEME)[0] == []
    plurals = get_plural(language).num_plurals
    assert catalogue.num_plurals == plurals
    for m in catalogue:
        if not m.id:
            continue
        english = m.id if isinstance(m.id, tuple) else (m.id,)
        said = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(said), m.id
        if isinstance(m.id, tuple):
            assert len(said) == plurals, m.id
        names = set(re.findall(r"%\((\w+)\)s", english[0]))
        for text in said:      # placeholders: the same ones (a plural form may leave out the number)
            assert set(re.findall(r"%\((\w+)\)s", text)) | ({"num"} if isinstance(m.id, tuple) else set()) >= names - {"num"}
            assert set(re.findall(r"%\((\w+)\)s", text)) <= names, (m.id, text)


def test_the_template_for_new_languages_lists_exactly_the_theme_strings():
    from babel.messages.pofile import read_po
    with (LOCALE / "messages.pot").open("rb") as f:
        pot = read_po(f)
    ids = sorted(m.id[0] if isinstance(m.id, tuple) else m.id for m in pot if m.id)
    assert ids == sorted(i18n.used_messages([THEME / "templates"]))


# -- a site in each language shows no English chrome -----------------------------------------------

ENGLISH_MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October",
                  "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


class _Chrome(HTMLParser):
    """The text a reader sees or hears: text outside JSON-LD and JS, and the labels in attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_attrs = found
        if tag in ("script", "style") and found.get("type") != "text/pagefind-template":
            self.skip += 1
        for name in ("aria-label", "placeholder", "title", "alt", "content"):
            if found.get(name) and not (tag == "meta" and found.get("property", "").startswith(("og:url", "article:"))):
                self.parts.append(found[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _english_fragments(language: str) -> list[str]:
    """The literal pieces of the English messages (not code, not a word the language's own
    catalogue uses too, such as "Blog" in German or "tag" in Italian), and the English month names
    CLDR does not share with the language ("April" is German too)."""
    from babel import Locale
    months = Locale.parse(language).months
    own = {name for width in ("wide", "abbreviated") for ctx in ("format", "stand-alone")
           for name in months[ctx][width].values()}
    said = "\n".join(text for m in _catalogue(language) if m.id
                     for text in (m.string if isinstance(m.string, tuple) else (m.string,)))
    out: set[str] = set(ENGLISH_MONTHS) - own
    for message in i18n.used_messages([THEME / "templates"]):
        text = re.sub(r"<code>.*?</code>", "", message)
        pieces = [p.strip(" ←→:.,()“”\n") for p in re.split(r"%\(\w+\)s|<[^>]+>", text)]
        for piece in pieces:
            whole = piece == message.strip(" ←→:.,()“”\n")
            if piece and (whole or " " in piece or len(piece) >= 5) and not re.search(
                    rf"(?<![\w-]){re.escape(piece)}(?![\w-])", said):
                out.add(piece)
    return sorted(out)


def _blog(tmp_path: Path, language: str, **more: str) -> Path:
    files = {
        "sitegen.toml": f'title = "Zq"\nbase_url = "https://example.com/"\nlanguage = "{language}"\n'
                        'posts_per_page = 1\nsearch = true\ntoc = true\ncomments = "<p>q</p>"\n',
        "content/authors.yaml": "qx:\n  name: Qx\n",
    }
    for n in (1, 2, 3):
        files[f"content/posts/p{n}.md"] = (f"---\ntitle: Qq {n}\ndate: 2026-03-0{n}\ntags: [zq]\nauthors: [qx]\n"
                                           f"updated: 2026-04-0{n}\naliases: [/old{n}/]\n---\n\n## Qz\n\nQzx qzy.\n")
    files.update(more)
    return write_site(tmp_path / language, files)


PAGES = ["posts/p2/index.html", "404.html", "search/index.html", "tags/index.html", "tags/zq/page/2/index.html",
         "archive/index.html", "authors/index.html", "authors/qx/page/2/index.html", "page/2/index.html", "index.html",
         "old2/index.html"]


@pytest.mark.parametrize("language", SHIPPED)
def test_a_blog_in_a_shipped_language_shows_no_english_chrome(tmp_path: Path, language: str):
    tag = language.replace("_", "-")
    site = _blog(tmp_path, tag)
    out = tmp_path / "out"
    report = build(Options(site_dir=site, output_dir=out, now=NOW, search_index=False, workers=1))
    assert report.warnings == []
    english = _english_fragments(language)
    for rel in PAGES:
        page = _Chrome()
        page.feed((out / rel).read_text("utf-8"))
        assert page.html_attrs.get("lang") == tag, rel
        assert page.html_attrs.get("dir") == ("rtl" if language in ("ar", "he", "fa") else None), rel
        text = "\n".join(page.parts)
        left = [e for e in english if re.search(rf"(?<![\w-]){re.escape(e)}(?![\w-])", text)]
        assert left == [], f"{rel}: English left in a {language} page: {left}"


def test_plural_forms_follow_cldr(tmp_path: Path):
    de = i18n.translations("de", tmp_path, THEME)
    assert [de.ngettext("%(num)s min read", "%(num)s min read", n) % {"num": n} for n in (1, 5)] == \
        ["1 Minute Lesezeit", "5 Minuten Lesezeit"]
    ru = i18n.translations("ru", tmp_path, THEME)
    assert [ru.ngettext("%(num)s post", "%(num)s posts", n) % {"num": n} for n in (1, 3, 5, 21, 11)] == \
        ["1 запись", "3 записи", "5 записей", "21 запись", "11 записей"]


@pytest.mark.parametrize(("language", "expected", "short"), [
    ("en", "4 March 2026", "4 Mar"), ("de", "4. März 2026", "4. März"), ("ja", "2026年3月4日", "3月4日"),
    ("fr", "4 mars 2026", "4 mars"), ("ar", "4 مارس 2026", None), ("zh-Hant", "2026年3月4日", "3月4日")])
def test_dates_take_the_language_s_cldr_form(language: str, expected: str, short: str | None):
    day = datetime(2026, 3, 4, 9, 30)
    assert i18n.format_date(day, language) == expected
    if short is not None:
        assert i18n.format_date(day, language, "%-d %b") == short
    assert i18n.format_date(day, "de", "%A, %-d. %B") == "Mittwoch, 4. März"


def test_a_site_s_own_catalogue_changes_one_string_and_keeps_the_theme_s_others(tmp_path: Path):
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "← Back to Blog"\nmsgstr "← Zur Startseite"\n')
    site = _blog(tmp_path, "de", **{"locale/de/LC_MESSAGES/messages.po": po})
    build(Options(site_dir=site, output_dir=tmp_path / "out", now=NOW, search_index=False, workers=1))
    html = (tmp_path / "out" / "posts" / "p2" / "index.html").read_text()
    assert "← Zur Startseite" in html and "Zurück zum Blog" not in html and "Minute Lesezeit" in html


def test_an_english_site_can_change_a_theme_string_too(tmp_path: Path):
    po = 'msgid ""\nmsgstr ""\n\nmsgid "← Back to Blog"\nmsgstr "← Home"\n'
    site = _blog(tmp_path, "en", **{"locale/en/LC_MESSAGES/messages.po": po})
    build(Options(site_dir=site, output_dir=tmp_path / "out", now=NOW, search_index=False, workers=1))
    html = (tmp_path / "out" / "posts" / "p2" / "index.html").read_text()
    assert "← Home" in html and "1 min read" in html


def test_a_string_no_catalogue_has_shows_in_english_and_is_reported_once(tmp_path: Path):
    template = ('{% extends "theme/post.html" %}{% block comments %}<p class="x">{{ _("Share this post") }}</p>'
                '<p>{{ _("Share this post") }}</p>{% endblock %}\n')
    site = _blog(tmp_path, "de", **{"templates/post.html": template})
    report = build(Options(site_dir=site, output_dir=tmp_path / "out", now=NOW, search_index=False, workers=1))
    assert '<p class="x">Share this post</p>' in (tmp_path / "out" / "posts" / "p2" / "index.html").read_text()
    assert len(report.warnings) == 1 and "'Share this post'" in report.warnings[0] and "sitegen check" in report.warnings[0]
    from sitegen.commands.check import check_translations
    problems = check_translations(site)
    assert check_translations(_blog(tmp_path / "en", "en", **{"templates/post.html": template})) == []
    assert [p.message for p in problems] == ["no de translation of the theme string 'Share this post': it shows in English"]
    assert problems[0].file == "locale/de/LC_MESSAGES/messages.po"


def test_an_unknown_language_names_the_config_line_and_close_codes(tmp_path: Path):
    site = write_site(tmp_path / "s", {"sitegen.toml": 'title = "T"\n\nlanguage = "deu-XX"\n',
                                       "content/posts/a.md": "---\ntitle: A\ndate: 2026-01-02\n---\n\nText.\n"})
    with pytest.raises(SitegenError) as raised:
        build(Options(site_dir=site, output_dir=tmp_path / "out", now=NOW, search_index=False, workers=1))
    problem = raised.value.problems[0]
    assert (problem.file, problem.line) == ("sitegen.toml", 3) and "unknown language 'deu-XX'" in problem.message
    assert "'de'" in (problem.hint or "") or "'de-" in (problem.hint or "")


def test_a_catalogue_that_does_not_parse_names_its_line(tmp_path: Path):
    site = _blog(tmp_path, "de", **{"locale/de/LC_MESSAGES/messages.po": 'msgid "Tags"\n\nmsgid "B"\nmsgstr "x"\n'})
    with pytest.raises(SitegenError) as raised:
        build(Options(site_dir=site, output_dir=tmp_path / "out", now=NOW, search_index=False, workers=1))
    problem = raised.value.problems[0]
    assert "does not parse" in problem.message and problem.file == "locale/de/LC_MESSAGES/messages.po"


def test_writing_or_editing_a_site_catalogue_renders_the_pages_again(tmp_path: Path):
    site, out = _blog(tmp_path, "de"), tmp_path / "out"
    build(Options(site_dir=site, output_dir=out, now=NOW, search_index=False, workers=1))
    po = site / "locale" / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "← Back to Blog"\nmsgstr "← Startseite"\n')
    build(Options(site_dir=site, output_dir=out, now=NOW, search_index=False, workers=1))
    assert "← Startseite" in (out / "posts" / "p2" / "index.html").read_text()
    po.write_text('msgid "← Back to Blog"\nmsgstr "← Zur Startseite"\n')
    build(Options(site_dir=site, output_dir=out, now=NOW, search_index=False, workers=1))
    assert "← Zur Startseite" in (out / "posts" / "p2" / "index.html").read_text()
    po.unlink()
    build(Options(site_dir=site, output_dir=out, now=NOW, search_index=False, workers=1))
    assert "← Zurück zum Blog" in (out / "posts" / "p2" / "index.html").read_text()


@pytest.mark.parametrize(("language", "value", "unit", "decimals", "expected"), [
    ("en", 18.5, "kWh", None, "18.5 kWh"), ("de", 18.5, "kWh", None, "18,5 kWh"),
    ("de", -1234567.5, "USD", 2, "USD -1.234.567,50"), ("fr", 550000, "units", None, "550\u202f000 units"),
    ("hi", 1234567, None, None, "12,34,567"), ("de", 12.5, "%", 1, "12,5%"), ("de", -0.0004, None, 2, "0,00"),
    ("de-CH", 1234.5, None, None, "1'234.5")])
def test_numbers_take_the_language_s_cldr_symbols(language: str, value: float, unit: str | None, decimals: int | None,
                                                  expected: str):
    from sitegen.toolkit.numfmt import format_value
    assert format_value(value, unit, decimals, language) == expected


def test_tables_charts_and_facts_write_numbers_in_the_page_s_language(tmp_path: Path):
    from sitegen.toolkit import hooks
    root = write_site(tmp_path / "s", {
        "data/ev.csv": 'year,energy,share\n2024,"18.5",12.5\n2025,"1,234.25",15.0\n',
        "data/facts.yaml": "battery:\n  pack:\n    value: 18.5\n    unit: kWh\n"})
    data = hooks.load_data(root)
    table = hooks.blocks(data, "p.md", "de")["table"]("table", "data: ev\ncolumns: [year, energy, share]\n", 3)
    assert "18,50" in table and "1.234,25" in table and "12,5" in table and "2024" in table
    chart = hooks.blocks(data, "p.md", "de")["chart"](
        "chart", "type: bar\ndata: ev\nx: year\ny: energy\ntitle: T\nunit: kWh\nsource: S\n", 3)
    assert "1.234,25 kWh" in chart and "1,234.25" not in chart
    assert ">1.000<" in chart and ">1,000<" not in chart            # the axis ticks
    expand = hooks.fact_expander(data, "de")
    assert expand is not None and expand('Ein Akku hat {{ fact("battery.pack") }}.', "p.md", 1) == "Ein Akku hat 18,5 kWh."
    english = hooks.fact_expander(data)
    assert english is not None and english('{{ fact("battery.pack") }}', "p.md", 1) == "18.5 kWh"


def test_an_english_build_does_not_import_babel(tmp_path: Path):
    import subprocess
    import sys
    site = _blog(tmp_path, "en")
    code = ("import sys\nfrom sitegen.cli import main\n"
            f"main(['build', {str(site)!r}, '--output', {str(tmp_path / 'out')!r}])\n"
            "print('babel' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False"


def test_a_german_blog_s_tables_and_facts_say_18_comma_5(tmp_path: Path):
    body = 'Der Akku hat {{ fact("battery.pack") }}.\n\n```table\ndata: ev\ncolumns: [year, energy]\n```\n'
    site = _blog(tmp_path, "de", **{
        "data/ev.csv": 'year,energy\n2024,"1,234.5"\n', "data/facts.yaml": "battery:\n  pack:\n    value: 18.5\n    unit: kWh\n",
        "content/posts/p2.md": f"---\ntitle: Qq 2\ndate: 2026-03-02\n---\n\n{body}"})
    build(Options(site_dir=site, output_dir=tmp_path / "out", now=NOW, search_index=False, workers=1))
    html = (tmp_path / "out" / "posts" / "p2" / "index.html").read_text()
    assert "Der Akku hat 18,5 kWh." in html and "1.234,5" in html


def test_language_names_come_from_cldr():
    assert i18n.language_name("de", "fr") == "allemand"
    assert i18n.language_name("pt-BR", "pt") == "português (Brasil)"
    assert i18n.language_name("zh-Hant", "en") == "Chinese (Traditional)"
