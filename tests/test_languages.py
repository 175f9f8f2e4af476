"""A site in several languages (README: Languages): the files each language gets, feeds that
hold one language, hreflang links that answer each other, the switcher, untranslated posts,
the default language in a folder of its own, and the warnings a build gives."""

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import FIXTURES, post, run_cli, snapshot, write_site

BASE = "https://example.com/"


def build_copy(tmp_path: Path, name: str = "bilingual-site", extra_config: str = "") -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / name, site, ignore=shutil.ignore_patterns(".sitegen-cache"))
    if extra_config:
        text = (site / "sitegen.toml").read_text("utf-8")
        head, _, rest = text.partition("\n[")
        (site / "sitegen.toml").write_text(head + "\n" + extra_config + "\n\n[" + rest, "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", str(site), "--output", str(out))
    assert result.returncode == 0, result.stderr
    return out


def pages_of(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text("utf-8") for p in sorted(out.rglob("*.html"))
            if not p.relative_to(out).as_posix().startswith("static/")}


def test_each_language_gets_its_own_pages_and_feeds(tmp_path: Path):
    out = build_copy(tmp_path)
    for rel in ("index.html", "posts/wallbox/index.html", "posts/megawatt/index.html", "about/index.html",
                "tags/charging/index.html", "authors/desk/index.html", "archive/index.html", "404.html",
                "feed.xml", "atom.xml", "feed.json",
                "de/index.html", "de/posts/wallbox/index.html", "de/posts/schnellladen/index.html",
                "de/about/index.html", "de/tags/laden/index.html", "de/authors/desk/index.html",
                "de/archive/index.html", "de/404.html", "de/feed.xml", "de/atom.xml", "de/feed.json",
                "de/tags/laden/feed.xml", "de/authors/desk/feed.xml"):
        assert (out / rel).is_file(), rel
    # an untranslated post is in its own language only (untranslated = "own", the default)
    assert not (out / "de/posts/megawatt").exists() and "megawatt" not in (out / "de/index.html").read_text("utf-8")
    assert not (out / "posts/schnellladen").exists() and "schnellladen" not in (out / "index.html").read_text("utf-8")
    # tags are per language
    assert not (out / "tags/laden").exists() and not (out / "de/tags/charging").exists()


def test_a_translation_takes_its_originals_date_and_authors(tmp_path: Path):
    out = build_copy(tmp_path)
    german = (out / "de/posts/wallbox/index.html").read_text("utf-8")
    assert '<time datetime="2025-03-04T10:00:00+01:00">4. März 2025</time>' in german
    assert 'href="../../../de/authors/desk/index.html" rel="author">Fixture Desk</a>' in german
    assert '<html lang="de">' in german and "Zurück zum Blog" in german


def test_every_feed_holds_only_its_language(tmp_path: Path):
    out = build_copy(tmp_path)
    feeds = [p for p in out.rglob("*.xml") if p.name in ("feed.xml", "atom.xml")]
    assert len(feeds) >= 10
    for path in feeds:
        lang = "de" if path.relative_to(out).parts[0] == "de" else "en"
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        assert parsed.entries, path
        for entry in parsed.entries:
            is_german = urlsplit(entry.link).path.startswith("/de/")
            assert is_german == (lang == "de"), (path, entry.link)
        if path.name == "feed.xml":
            assert parsed.feed.language == lang, path
    for rel, lang in (("feed.json", "en"), ("de/feed.json", "de")):
        data = json.loads((out / rel).read_text("utf-8"))
        assert data["language"] == lang and data["items"]
        assert all(urlsplit(i["url"]).path.startswith("/de/") == (lang == "de") for i in data["items"]), rel


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def url_of(rel: str) -> str:
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return BASE + rel


def check_hreflang(out: Path) -> int:
    """Every page's hreflang links: to pages that exist, that link back, with x-default."""
    pages = {url_of(rel): html for rel, html in pages_of(out).items() if 'http-equiv="refresh"' not in html}
    checked = 0
    for url, html in pages.items():
        found = alternates(html)
        assert found, f"{url} has no hreflang links"
        assert "x-default" in found, url
        lang = re.search(r'<html lang="([^"]+)"', html).group(1)
        # (the root page of a site whose default language has a folder is the x-default of every home)
        assert found.get(lang) == url or found["x-default"] == url, (url, found)
        for code, target in found.items():
            assert target in pages, f"{url} links to {target} ({code}), which does not exist"
            back = alternates(pages[target])
            if code != "x-default":
                assert back.get(lang) == found[lang], f"{target} does not link back to {url}"
                assert re.search(rf'<html lang="{re.escape(code)}"', pages[target]), (target, code)
            checked += 1
    return checked


def test_every_hreflang_link_resolves_and_is_answered(tmp_path: Path):
    out = build_copy(tmp_path)
    assert check_hreflang(out) > 40


def test_the_sitemap_lists_the_same_alternates(tmp_path: Path):
    out = build_copy(tmp_path)
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entry = re.search(r"<url><loc>https://example.com/de/posts/wallbox/</loc>.*?</url>", sitemap).group(0)
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://example.com/posts/wallbox/"/>' in entry
    assert '<xhtml:link rel="alternate" hreflang="de" href="https://example.com/de/posts/wallbox/"/>' in entry
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="https://example.com/posts/wallbox/"/>' in entry
    head = alternates((out / "de/posts/wallbox/index.html").read_text("utf-8"))
    assert head == {"en": BASE + "posts/wallbox/", "de": BASE + "de/posts/wallbox/", "x-default": BASE + "posts/wallbox/"}


def test_open_graph_names_the_locale_and_its_alternates(tmp_path: Path):
    out = build_copy(tmp_path)
    german = (out / "de/posts/wallbox/index.html").read_text("utf-8")
    assert '<meta property="og:locale" content="de">' in german
    assert '<meta property="og:locale:alternate" content="en">' in german


def switcher(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav)}


def test_the_switcher_leads_to_the_counterpart_or_the_languages_home(tmp_path: Path):
    out = build_copy(tmp_path)
    assert switcher((out / "de/posts/wallbox/index.html").read_text("utf-8")) == {
        "en": "../../../posts/wallbox/index.html", "de": "../../../de/posts/wallbox/index.html"}
    # a post in German only: English readers go to the English home
    assert switcher((out / "de/posts/schnellladen/index.html").read_text("utf-8"))["en"] == "../../../index.html"
    assert switcher((out / "index.html").read_text("utf-8")) == {"en": "index.html", "de": "de/index.html"}


def test_untranslated_all_lists_a_post_in_every_language_marked_with_its_own(tmp_path: Path):
    out = build_copy(tmp_path, extra_config='untranslated = "all"')
    german = (out / "de/index.html").read_text("utf-8")
    assert re.search(r'<a href="\.\./posts/megawatt/index.html" hreflang="en" lang="en">Trucks Move to Megawatt '
                     r'Charging</a> <span class="entry-language">\(English\)</span>', german)
    archive = (out / "de/archive/index.html").read_text("utf-8")
    # a translated post is listed once per language, in that language
    assert '"../../posts/wallbox/index.html"' not in archive and '"../../de/posts/wallbox/index.html"' in archive
    assert 'hreflang="en" lang="en">Trucks Move to Megawatt Charging</a>' in archive
    # its feed still holds German only
    assert "megawatt" not in (out / "de/feed.xml").read_text("utf-8")


def test_mixed_feed_holds_every_language(tmp_path: Path):
    out = build_copy(tmp_path, extra_config="mixed_feed = true")
    links = [e.link for e in feedparser.parse((out / "all/feed.xml").read_bytes()).entries]
    assert BASE + "de/posts/schnellladen/" in links and BASE + "posts/megawatt/" in links


def test_the_default_language_in_its_own_folder_gets_a_real_root_page(tmp_path: Path):
    out = build_copy(tmp_path, extra_config="default_language_in_folder = true")
    assert (out / "en/index.html").is_file() and (out / "en/posts/wallbox/index.html").is_file()
    assert (out / "en/tags/charging/index.html").is_file() and (out / "en/feed.xml").is_file()
    assert not (out / "posts").exists()
    assert (out / "404.html").is_file() and not (out / "en/404.html").exists()    # (where static hosts look)
    root = (out / "index.html").read_text("utf-8")
    assert "<script" not in root and 'http-equiv="refresh"' not in root
    assert '<a href="en/index.html" hreflang="en" lang="en">English</a>' in root
    assert '<a href="de/index.html" hreflang="de" lang="de">Deutsch</a>' in root
    check_hreflang(out)


def test_a_site_under_a_subpath_links_its_languages_from_the_subpath(tmp_path: Path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "bilingual-site", site)
    out = tmp_path / "out"
    assert run_cli("build", str(site), "--output", str(out), "--base-url", "https://example.com/blog/").returncode == 0
    head = alternates((out / "de/posts/wallbox/index.html").read_text("utf-8"))
    assert head["en"] == "https://example.com/blog/posts/wallbox/"
    assert 'href="/blog/de/"' in (out / "de/404.html").read_text("utf-8")


def test_a_site_of_one_language_has_no_language_links(tmp_path: Path):
    site = write_site(tmp_path / "one", {"content/posts/a.md": post("A"), "content/posts/b.de.md": post("B")})
    out = tmp_path / "out"
    assert run_cli("build", str(site), "--output", str(out)).returncode == 0
    html = (out / "posts/a/index.html").read_text("utf-8")
    assert "hreflang" not in html and "language-switcher" not in html
    assert (out / "posts/b-de/index.html").is_file()       # (a suffix means nothing without [languages])


def test_warnings_name_a_close_translation_key_and_an_empty_language(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "sitegen.toml": '[languages.de]\ntitle = "Zwei"\n\n[languages.fr]\ntitle = "Deux"\n',
        "content/posts/xiaomi.md": post("Xiaomi"),
        "content/posts/xiaomi-de.md": "---\ntitle: Xiaomi\ndate: 2026-01-02\nlang: de\ntranslation_key: posts/xiaomii\n---\n\nText.\n",
    })
    result = run_cli("build", str(site), "--output", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert ("content/posts/xiaomi-de.md:5: translation_key 'posts/xiaomii' links no other file; did you mean "
            "'posts/xiaomi' (content/posts/xiaomi.md)?") in said
    assert "sitegen.toml:4: the language 'fr' has no posts or pages" in said


def test_language_folders_and_front_matter_give_the_language(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "sitegen.toml": 'default_language = "en"\n\n[languages.de]\ntitle = "Zwei"\n',
        "content/posts/a.md": post("A"),
        "content/de/posts/a.md": "---\ntitle: A auf Deutsch\n---\n\nText.\n",
        "content/posts/b.md": "---\ntitle: B\ndate: 2026-01-03\nlang: de\n---\n\nText.\n",
    })
    out = tmp_path / "out"
    result = run_cli("build", str(site), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "de/posts/a/index.html").is_file() and (out / "de/posts/b/index.html").is_file()
    assert alternates((out / "posts/a/index.html").read_text("utf-8"))["de"] == BASE.replace(
        "example.com", "localhost:8000").replace("https", "http") + "de/posts/a/"


def test_two_builds_of_a_bilingual_site_are_identical(tmp_path: Path):
    first = snapshot(build_copy(tmp_path / "one"))
    second = snapshot(build_copy(tmp_path / "two"))
    first.pop(".sitegen-manifest.json", None)
    second.pop(".sitegen-manifest.json", None)
    assert first == second


@pytest.mark.parametrize("code", ["ar"])
def test_a_right_to_left_language_gets_dir_on_its_pages(tmp_path: Path, code: str):
    site = write_site(tmp_path / "s", {
        "sitegen.toml": f'[languages.{code}]\ntitle = "مدونة"\n',
        "content/posts/a.md": post("A"),
        f"content/posts/a.{code}.md": "---\ntitle: مقال\n---\n\nنص.\n",
    })
    out = tmp_path / "out"
    assert run_cli("build", str(site), "--output", str(out)).returncode == 0
    assert f'<html lang="{code}" dir="rtl">' in (out / code / "posts/a/index.html").read_text("utf-8")
    assert '<html lang="en">' in (out / "posts/a/index.html").read_text("utf-8")


@pytest.mark.parametrize(("table", "expected"), [
    ('[languages.de]\ntitle = "Zwei"\ncolour = "red"\n', "sitegen.toml:1: unknown key in [languages.de]: colour"),
    ('[languages.de]\nweight = "first"\n', "sitegen.toml:1: 'weight' in [languages.de] must be a whole number"),
    ('[languages.de]\npermalink = "/beitraege/"\n', "sitegen.toml:1: the permalink pattern of [languages.de] must contain {slug}"),
    ('untranslated = "some"\n\n[languages.de]\n', "sitegen.toml:1: untranslated must be \"own\" or \"all\""),
    ('[languages.de]\n\n[[languages.de.menu]]\nname = "Impressum"\n',
     "sitegen.toml:3: the menu entry 'Impressum' needs either url or page"),
])
def test_a_languages_table_is_checked_line_by_line(tmp_path: Path, table: str, expected: str):
    site = write_site(tmp_path / "s", {"sitegen.toml": table, "content/posts/a.md": post("A")})
    result = run_cli("build", str(site), "--output", str(tmp_path / "out"))
    assert result.returncode == 1 and expected in result.stderr, result.stderr


def test_a_translations_facts_are_written_in_its_language(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "sitegen.toml": '[languages.de]\ntitle = "Zwei"\n',
        "data/facts.yaml": "pack:\n  size:\n    value: 18.5\n    unit: kWh\n",
        "content/posts/a.md": post("A", body='The pack holds {{ fact("pack.size") }}.'),
        "content/posts/a.de.md": '---\ntitle: A\n---\n\nDer Akku fasst {{ fact("pack.size") }}.\n',
    })
    out = tmp_path / "out"
    assert run_cli("build", str(site), "--output", str(out)).returncode == 0
    assert "holds 18.5" in (out / "posts/a/index.html").read_text("utf-8")
    assert "fasst 18,5" in (out / "de/posts/a/index.html").read_text("utf-8")


def test_serve_adds_edits_and_removes_a_translation_on_both_sides(tmp_path: Path):
    """What `sitegen serve` keeps (a Session): a new translation appears in its language and in
    the original's hreflang links; a retitled one changes its language's index; a deleted one
    leaves no link behind. Each step equals a clean build."""
    from datetime import UTC, datetime

    from sitegen.pipeline import Options, Session, build
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "bilingual-site", site)
    out, now = tmp_path / "out", datetime(2026, 1, 1, tzinfo=UTC)
    session = Session(Options(site_dir=site, output_dir=out, now=now, workers=1))
    session.full()
    translation = site / "content" / "posts" / "megawatt.de.md"

    def edit(*paths: str) -> None:
        if session.apply([str(site / p) for p in paths]) is None:
            session.full()
        session.settle()
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build(Options(site_dir=site, output_dir=clean, now=now, use_cache=False, workers=1))
        assert snapshot(out) == snapshot(clean)

    translation.write_text("---\ntitle: Lkw laden mit Megawatt\n---\n\nMegawattladen für Lkw.\n", "utf-8")
    edit("content/posts/megawatt.de.md")
    assert alternates((out / "posts/megawatt/index.html").read_text("utf-8"))["de"] == BASE + "de/posts/megawatt/"
    assert "Lkw laden mit Megawatt" in (out / "de/index.html").read_text("utf-8")
    translation.write_text("---\ntitle: Megawattladen für Lkw\n---\n\nMegawattladen für Lkw.\n", "utf-8")
    edit("content/posts/megawatt.de.md")
    assert "Megawattladen für Lkw</a>" in (out / "de/index.html").read_text("utf-8")
    original = site / "content" / "posts" / "megawatt.md"           # the translation takes its new date
    original.write_text(original.read_text("utf-8").replace("2025-05-20 09:00", "2025-02-01 09:00"), "utf-8")
    edit("content/posts/megawatt.md")
    assert '<time datetime="2025-02-01T09:00:00+01:00">' in (out / "de/posts/megawatt/index.html").read_text("utf-8")
    translation.unlink()
    edit("content/posts/megawatt.de.md")
    assert not (out / "de/posts/megawatt").exists()
    assert "de" not in alternates((out / "posts/megawatt/index.html").read_text("utf-8"))
