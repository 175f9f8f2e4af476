"""`sitegen import` of multilingual sources (issue #20, item 8): the languages of Hugo (file-name
suffix, `contentDir` per language, `translationKey`, `defaultContentLanguage`, languages declared
in config/_default/languages.toml), Starlight (a root locale beside `de/` and `zh-cn/`), Docusaurus
(`i18n/<code>/docusaurus-plugin-content-blog` and `…-docs/current`) and plain `en/`, `de/`, `zh-cn/`
folders. Translations become `<name>.<code>.md` files beside the default language's, linked by
sitegen's derived key, or by a `translation_key:` in each of them when their names differ; the
import writes `default_language` and `[languages.<code>]` into the new sitegen.toml and reports,
per language, its posts and pages, the untranslated ones and the keys it could not pair.

The fixtures are as messy as the real thing: CRLF files, TOML `+++` front matter, a language with
no content, a disabled one, a translationKey with a typo, two texts of one language under one key,
a page bundle translated by `index.zh-cn.md`, an untranslated page."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

from sitegen.errors import SitegenError
from sitegen.importers.cli import import_site
from sitegen.importers.languages import bcp47

MESSY = FIXTURES / "messy"
HUGO = MESSY / "hugo-multilingual"


def _config(site: Path) -> dict:
    return tomllib.loads((site / "sitegen.toml").read_text("utf-8"))


def _md_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site / "content").as_posix() for p in (site / "content").rglob("*.md"))


@pytest.fixture(scope="module")
def hugo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("hugo-ml") / "site"
    return site, run_import("hugo", HUGO, site)


def test_codes_sitegen_reads_are_kept_as_written_so_addresses_stay():
    assert [bcp47(c) for c in ("de", "zh-cn", "zh-CN", "zh_Hans", "pt_BR", "nb-no")] == \
        ["de", "zh-cn", "zh-CN", "zh-Hans", "pt-BR", "nb-no"]
    assert [bcp47(c) for c in ("klingon", "en-pirate", "x", "blog", "")] == [None] * 5


def test_hugo_translations_by_suffix_content_dir_and_translation_key(hugo: tuple[Path, str]):
    site, _ = hugo
    assert _md_files(site) == [
        "pages/about.md", "pages/ueber-uns.de.md",
        "posts/2023/charging-losses.md", "posts/2023/heat-pump.md", "posts/2023/heat-pump.zh-cn.md",
        "posts/2023/nur-deutsch.de.md", "posts/2023/only-english.md", "posts/2023/tippfehler.de.md",
        "posts/2024/doppelt.de.md", "posts/2024/range-test.zh-cn.md", "posts/2024/reichweitentest.de.md",
        "posts/2024/winter-range-test.md"]
    # translationKey "range" links three differently named files (TOML +++ front matter, CRLF): each
    # gets the default language's path as its translation_key
    en, body = front(site / "content/posts/2024/winter-range-test.md")
    de, de_body = front(site / "content/posts/2024/reichweitentest.de.md")
    zh, _ = front(site / "content/posts/2024/range-test.zh-cn.md")
    assert en["title"] == "A winter range test" and "\r" not in body
    assert en["translation_key"] == de["translation_key"] == zh["translation_key"] == "posts/2024/winter-range-test"
    assert de["title"] == "Ein Reichweitentest im Winter" and "plus zwölf Grad" in de_body
    assert zh["title"] == "冬季续航测试" and "slug" not in zh         # its file name says it
    assert de["aliases"] == ["/de/2024/ein-reichweitentest-im-winter/"]     # Hugo served German under /de/
    assert en["aliases"] == ["/2024/winter-range-test/"]
    # a page bundle translated by index.zh-cn.md: same name, so the derived key pairs them; each has its image
    pump, _ = front(site / "content/posts/2023/heat-pump.md")
    pump_zh, zh_body = front(site / "content/posts/2023/heat-pump.zh-cn.md")
    assert "translation_key" not in pump and "translation_key" not in pump_zh and "slug" not in pump
    assert "![引擎盖下的热泵](heat-pump.zh-cn/pump.png)" in zh_body
    assert (site / "content/posts/2023/heat-pump.zh-cn/pump.png").read_bytes() == \
        (HUGO / "content/posts/heat-pump/pump.png").read_bytes()
    # the About page in content/ and content/de/ (by path), the German one with its own slug
    about, _ = front(site / "content/pages/about.md")
    ueber, _ = front(site / "content/pages/ueber-uns.de.md")
    assert about["translation_key"] == ueber["translation_key"] == "pages/about"
    # texts with no partner carry no key of their own
    alone, _ = front(site / "content/posts/2023/only-english.md")
    assert "translation_key" not in alone


def test_hugo_writes_the_languages_into_sitegen_toml(hugo: tuple[Path, str]):
    site, _ = hugo
    config = _config(site)
    assert config["default_language"] == "en" and "language" not in config
    assert config["title"] == "Charge Notes" and config["base_url"] == "https://ladepunkt.example/"
    assert list(config["languages"]) == ["en", "de", "zh-cn"]            # nb has no content, fr is disabled
    assert config["languages"]["de"] == {"title": "Ladenotizen", "description": "Notizen vom Laden elektrischer Autos",
                                         "weight": 2}
    assert config["languages"]["en"]["description"] == "Field notes on charging electric cars"
    assert config["languages"]["zh-cn"] == {"title": "充电笔记", "weight": 3}


def test_hugo_report_counts_each_language_and_names_the_keys_it_could_not_pair(hugo: tuple[Path, str]):
    _, report = hugo
    assert "  en: 4 posts, 1 page, 2 untranslated" in report
    assert "  de: 4 posts, 1 page, 3 untranslated" in report
    assert "  zh-cn: 2 posts, 0 pages, 0 untranslated" in report
    assert "  nb: no content (not written to sitegen.toml)" in report
    assert "Translation keys that could not be paired (4):" in report
    # two German texts under "range": the earlier is the translation, the other stands alone
    assert ("content/de/posts/doppelt.md:4: 'range' is the key of two de texts, "
            f"{HUGO}/content/de/posts/reichweitentest.md (the earlier, kept)") in report
    # a typo in a translationKey: both texts alone, each pointed at the other's key
    assert "content/de/posts/tippfehler.md:4: the translationKey 'charging-loses' links no other text" in report
    assert "-> did you mean 'charging-losses'?" in report
    assert "config/_default/languages.toml:22: the language 'nb' has no posts or pages" in report
    assert "config/_default/languages.toml:27: the language 'fr' is disabled in the Hugo config: its 1 file(s)" in report
    assert "Une note" not in "".join(p.read_text("utf-8") for p in (hugo[0] / "content").rglob("*.md"))


def test_a_second_hugo_import_finds_every_file_unchanged(hugo: tuple[Path, str], tmp_path: Path):
    site, _ = hugo
    import shutil
    again = tmp_path / "site"
    shutil.copytree(site, again)
    # without its sitegen.toml: until the multilingual pipeline is merged, the config it wrote does not load
    (again / "sitegen.toml").unlink()
    report = run_import("hugo", HUGO, again)
    written = len([p for p in again.rglob("*") if p.is_file()])
    assert f"1 file written, {written - 1} already there unchanged" in report
    assert (again / "sitegen.toml").read_bytes() == (site / "sitegen.toml").read_bytes()


def test_a_hugo_language_no_locale_knows_is_an_error_with_its_config_line(tmp_path: Path):
    src = tmp_path / "src"
    (src / "content" / "posts").mkdir(parents=True)
    (src / "hugo.toml").write_text('title = "T"\ndefaultContentLanguage = "en"\n\n[languages.en]\nweight = 1\n\n'
                                   '[languages.qq]\nweight = 2\n', "utf-8")
    (src / "content/posts/a.md").write_text("---\ntitle: A\ndate: 2024-01-01\n---\n\nText.\n", "utf-8")
    (src / "content/posts/a.qq.md").write_text("---\ntitle: Aa\ndate: 2024-01-01\n---\n\nTxt.\n", "utf-8")
    with pytest.raises(SitegenError) as raised:
        import_site("hugo", str(src), tmp_path / "site", out=io.StringIO())
    problem = raised.value.problems[0]
    assert "unknown language 'qq'" in problem.message
    assert (problem.file, problem.line) == (str(src / "hugo.toml"), 7) and "languageCode" in (problem.hint or "")
    assert not (tmp_path / "site" / "content").exists()
    # Hugo's languageCode names the locale when the key is none
    (src / "hugo.toml").write_text('title = "T"\n[languages.en]\nweight = 1\n[languages.qq]\nlanguageCode = "cy"\n',
                                   "utf-8")
    run_import("hugo", src, tmp_path / "site2")
    assert list(_config(tmp_path / "site2")["languages"]) == ["en", "cy"]
    assert _md_files(tmp_path / "site2") == ["posts/2024/a.cy.md", "posts/2024/a.md"]


def test_a_hugo_site_with_one_language_imports_as_before(tmp_path: Path):
    site = tmp_path / "site"
    run_import("hugo", MESSY / "hugo-news", site)      # [languages.en] with its contentDir, nothing else
    config = (site / "sitegen.toml").read_text("utf-8")
    assert "languages" not in config and "default_language" not in config
    assert not [p for p in _md_files(site) if p.count(".") > 1]


def test_starlight_root_locale_beside_de_and_zh_cn(tmp_path: Path):
    site = tmp_path / "site"
    report = run_import("markdown", MESSY / "starlight-i18n" / "src" / "content" / "docs", site)
    assert _md_files(site) == ["pages/guides/ccs.de.md", "pages/guides/ccs.md", "pages/guides/ccs.zh-cn.md",
                               "pages/guides/chademo.md", "pages/index-page.de.md", "pages/index-page.md",
                               "posts/2024/new-cables.de.md", "posts/2024/new-cables.md"]
    config = _config(site)
    assert config["default_language"] == "en" and list(config["languages"]) == ["en", "de", "zh-cn"]
    ccs, body = front(site / "content/pages/guides/ccs.zh-cn.md")       # CRLF in the source
    assert ccs["title"] == "五分钟了解 CCS" and "\r" not in body
    cables, _ = front(site / "content/posts/2024/new-cables.de.md")
    assert cables["aliases"] == ["/de/news/2024-05-02-new-cables/"] and cables["tags"] == ["kabel"]
    home, _ = front(site / "content/pages/index-page.de.md")
    assert "aliases" not in home              # /de/ is the German home sitegen makes: never an alias
    assert "  en: 1 post, 3 pages, 1 untranslated" in report            # CHAdeMO is English only
    assert "  de: 1 post, 2 pages, 0 untranslated" in report
    assert "could not be paired" not in report


def test_docusaurus_i18n_blog_and_docs(tmp_path: Path):
    site = tmp_path / "site"
    report = run_import("markdown", MESSY / "docusaurus-i18n", site)
    assert _md_files(site) == ["pages/docs/intro.fr.md", "pages/docs/intro.md", "posts/2024/cold-start.fr.md",
                               "posts/2024/cold-start.md", "posts/2024/spring.md"]
    fr, body = front(site / "content/posts/2024/cold-start.fr.md")
    assert fr["title"] == "Un démarrage à froid" and fr["author"] == "mira" and "préchauffage" in body
    assert fr["aliases"] == ["/fr/blog/2024/02/10/cold-start/"]
    assert front(site / "content/posts/2024/cold-start.md")[0]["aliases"] == ["/blog/2024/02/10/cold-start/"]
    assert _config(site)["default_language"] == "en" and list(_config(site)["languages"]) == ["en", "fr"]
    assert "  fr: 1 post, 1 page, 0 untranslated" in report and "  en: 2 posts, 1 page, 1 untranslated" in report
    # given its blog folder, the French blog comes along
    run_import("markdown", MESSY / "docusaurus-i18n" / "blog", tmp_path / "blog-only")
    assert _md_files(tmp_path / "blog-only") == ["posts/2024/cold-start.fr.md", "posts/2024/cold-start.md",
                                                 "posts/2024/spring.md"]


def test_plain_language_folders_beside_each_other(tmp_path: Path):
    site = tmp_path / "site"
    report = run_import("markdown", MESSY / "plain-locales", site)
    assert _md_files(site) == ["pages/about.de.md", "pages/about.md", "posts/2023/first-frost.de.md",
                               "posts/2023/first-frost.md", "posts/2023/first-frost.zh-cn.md", "posts/2023/tyres.md"]
    zh, _ = front(site / "content/posts/2023/first-frost.zh-cn.md")
    assert zh["title"] == "初霜" and zh["aliases"] == ["/zh-cn/2023-10-01-first-frost/"]
    assert "zh-cn: 1 post, 0 pages, 0 untranslated" in report
    assert _config(site) == {"default_language": "en", "languages": {"en": {}, "de": {}, "zh-cn": {}}}


def test_a_code_with_an_underscore_takes_bcp_47_s_hyphen(tmp_path: Path):
    src = tmp_path / "src"
    for rel, title in (("en/2024-01-01-cold.md", "Cold"), ("pt_BR/2024-01-01-cold.md", "Frio")):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(f"---\ntitle: {title}\n---\n\nText.\n", "utf-8")
    report = run_import("markdown", src, tmp_path / "site")
    assert _md_files(tmp_path / "site") == ["posts/2024/cold.md", "posts/2024/cold.pt-BR.md"]
    assert "  pt-BR (from 'pt_BR'): 1 post, 0 pages, 0 untranslated" in report
    assert front(tmp_path / "site/content/posts/2024/cold.pt-BR.md")[0]["aliases"] == ["/pt_BR/2024-01-01-cold/"]


def test_one_folder_named_like_a_language_is_not_a_language(tmp_path: Path):
    src = tmp_path / "src"
    for rel in ("it/2024-01-01-servers.md", "2024-02-01-hello.md"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("---\ntitle: X\n---\n\nText.\n", "utf-8")
    run_import("markdown", src, tmp_path / "site")
    assert _md_files(tmp_path / "site") == ["posts/2024/hello.md", "posts/2024/servers.md"]
    assert not (tmp_path / "site" / "sitegen.toml").exists()


@pytest.mark.parametrize("kind, src", [("hugo", HUGO), ("markdown", MESSY / "starlight-i18n" / "src" / "content" / "docs"),
                                       ("markdown", MESSY / "docusaurus-i18n"), ("markdown", MESSY / "plain-locales"),
                                       ("markdown", MESSY / "zola-i18n" / "content")])
def test_a_multilingual_import_builds(tmp_path: Path, kind: str, src: Path):
    from sitegen.pipeline import Options, build
    site = tmp_path / "site"
    run_import(kind, src, site)
    build(Options(site_dir=site, output_dir=tmp_path / "out", use_cache=False, workers=1, search_index=False))
    pages = [p.read_text("utf-8") for p in (tmp_path / "out").rglob("index.html")]
    assert any('lang="de"' in p or 'lang="fr"' in p for p in pages)


def test_into_a_site_with_its_own_config_the_report_says_which_languages_to_add(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitegen.toml").write_text('title = "Mine"\n', "utf-8")
    report = run_import("markdown", MESSY / "plain-locales", site)
    assert (site / "sitegen.toml").read_text("utf-8") == 'title = "Mine"\n'          # never edited
    assert "sitegen.toml: the site's sitegen.toml does not declare the imported languages (en, de, zh-cn)" in report
    assert 'default_language = "en"' in report and "[languages.zh-cn]" in report
    assert (site / "content/posts/2023/first-frost.de.md").is_file()


def test_hugo_default_language_in_its_own_folder_keeps_its_old_addresses(tmp_path: Path):
    src = tmp_path / "src"
    (src / "content" / "posts").mkdir(parents=True)
    (src / "hugo.toml").write_text('title = "T"\ndefaultContentLanguage = "en"\ndefaultContentLanguageInSubdir = true\n'
                                   '[languages.en]\nweight = 1\n[languages.nl]\nweight = 2\ntitle = "T nl"\n', "utf-8")
    (src / "content/posts/a.md").write_text("---\ntitle: Cold\ndate: 2024-01-01\n---\n\nText.\n", "utf-8")
    (src / "content/posts/a.nl.md").write_text("---\ntitle: Koud\ndate: 2024-01-01\n---\n\nTekst.\n", "utf-8")
    run_import("hugo", src, tmp_path / "site")
    assert front(tmp_path / "site/content/posts/2024/a.md")[0]["aliases"] == ["/en/posts/a/"]
    # /nl/posts/a/ is the Dutch post's address in sitegen too (its language's folder): no alias for it
    assert "aliases" not in front(tmp_path / "site/content/posts/2024/a.nl.md")[0]
    assert _config(tmp_path / "site")["languages"]["nl"] == {"title": "T nl", "weight": 2}


def test_a_hugo_site_whose_content_is_in_one_declared_language_is_a_one_language_import(tmp_path: Path):
    src = tmp_path / "src"
    (src / "content" / "de" / "posts").mkdir(parents=True)
    (src / "hugo.toml").write_text('title = "T"\nbaseURL = "https://t.example/"\ndefaultContentLanguage = "en"\n'
                                   '[languages.en]\nweight = 1\n[languages.de]\ncontentDir = "content/de"\n', "utf-8")
    (src / "content/de/posts/kalt.md").write_text("---\ntitle: Kalt\ndate: 2024-01-01\n---\n\nText.\n", "utf-8")
    run_import("hugo", src, tmp_path / "site")
    assert _config(tmp_path / "site") == {"title": "T", "base_url": "https://t.example/", "language": "de"}
    assert _md_files(tmp_path / "site") == ["posts/2024/kalt.md"]
    assert front(tmp_path / "site/content/posts/2024/kalt.md")[0]["aliases"] == ["/de/posts/kalt/"]


@pytest.mark.parametrize(("name", "config", "line"), [
    ("config.toml", 'title = "T"\n\n[languages]\n  [languages.en]\n    weight = 1\n  [languages.sv]\n    weight = 2\n'
                    '    title = "T på svenska"\n  [languages.it]\n    weight = 3\n', 9),
    ("config.yaml", "title: T\nlanguages:\n  en:\n    weight: 1\n  sv:\n    weight: 2\n    title: T på svenska\n"
                    "  it:\n    weight: 3\n", 8),
    ("config.json", '{\n  "title": "T",\n  "languages": {\n    "en": {"weight": 1},\n'
                    '    "sv": {"weight": 2, "title": "T på svenska"},\n    "it": {"weight": 3}\n  }\n}\n', 6),
])
def test_hugo_languages_in_toml_yaml_and_json_configs(tmp_path: Path, name: str, config: str, line: int):
    src = tmp_path / "src"
    (src / "content" / "posts").mkdir(parents=True)
    (src / name).write_text(config, "utf-8")
    (src / "content/posts/a.md").write_text("---\ntitle: Cold\ndate: 2024-01-01\n---\n\nText.\n", "utf-8")
    (src / "content/posts/a.sv.md").write_text("---\ntitle: Kallt\ndate: 2024-01-01\n---\n\nText.\n", "utf-8")
    report = run_import("hugo", src, tmp_path / "site")
    assert _config(tmp_path / "site")["languages"] == {"en": {"weight": 1}, "sv": {"title": "T på svenska", "weight": 2}}
    assert f"{src / name}:{line}: the language 'it' has no posts or pages" in report


def test_zola_translations_by_file_name(tmp_path: Path):
    site = tmp_path / "site"
    report = run_import("markdown", MESSY / "zola-i18n" / "content", site)
    assert _md_files(site) == ["pages/about.fr.md", "pages/about.md", "posts/2024/balancing.fr.md",
                               "posts/2024/balancing.md", "posts/2024/only-french.fr.md"]
    fr, body = front(site / "content/posts/2024/balancing.fr.md")          # TOML +++ front matter, CRLF
    assert fr["title"] == "L'équilibrage des cellules" and fr["tags"] == ["cellules"] and "\r" not in body
    assert fr["aliases"] == ["/fr/blog/balancing/"] and "translation_key" not in fr
    assert "aliases" not in front(site / "content/pages/about.fr.md")[0]       # /fr/about/ is its address still
    assert _config(site) == {"default_language": "en", "languages": {
        "en": {"title": "Battery Log", "description": "What our batteries did this year"},
        "fr": {"title": "Journal de batterie", "description": "Ce que nos batteries ont fait cette année"}}}
    assert "  fr: 2 posts, 1 page, 1 untranslated" in report


def test_hugo_module_mounts_give_a_language_its_content_folder(tmp_path: Path):
    src = tmp_path / "src"
    for folder in ("content/en/posts", "content/fr/posts"):
        (src / folder).mkdir(parents=True)
    (src / "hugo.toml").write_text(
        'title = "T"\ndefaultContentLanguage = "en"\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n\n'
        '[[module.mounts]]\nsource = "content/en"\ntarget = "content"\nlang = "en"\n\n'
        '[[module.mounts]]\nsource = "content/fr"\ntarget = "content"\nlang = "fr"\n', "utf-8")
    (src / "content/en/posts/cold.md").write_text("---\ntitle: Cold\ndate: 2024-01-01\n---\n\nText.\n", "utf-8")
    (src / "content/fr/posts/cold.md").write_text("---\ntitle: Froid\ndate: 2024-01-01\n---\n\nTexte.\n", "utf-8")
    report = run_import("hugo", src, tmp_path / "site")
    assert _md_files(tmp_path / "site") == ["posts/2024/cold.fr.md", "posts/2024/cold.md"]
    assert "  fr: 1 post, 0 pages, 0 untranslated" in report


def test_hugo_branch_bundle_pages_are_translated_by_their_index_suffix(tmp_path: Path):
    src = tmp_path / "src"
    (src / "content" / "team").mkdir(parents=True)
    (src / "hugo.toml").write_text('title = "T"\n[permalinks]\n  posts = "/:year/:slug/"\n[languages.en]\nweight = 1\n'
                                   '[languages.de]\nweight = 2\n', "utf-8")
    (src / "content/team/_index.md").write_text("---\ntitle: Our team\n---\n\nTwo of us.\n", "utf-8")
    (src / "content/team/_index.de.md").write_text("---\ntitle: Unser Team\nslug: wir\n---\n\nZwei.\n", "utf-8")
    (src / "content/note.md").write_text("---\ntitle: Note\n---\n\nA page.\n", "utf-8")
    report = run_import("hugo", src, tmp_path / "site")
    assert _md_files(tmp_path / "site") == ["pages/note.md", "pages/team.md", "pages/wir.de.md"]
    de, body = front(tmp_path / "site/content/pages/wir.de.md")
    assert de["translation_key"] == front(tmp_path / "site/content/pages/team.md")[0]["translation_key"] == "pages/team"
    assert de["aliases"] == ["/de/team/"] and "Zwei." in body
    assert "  de: 0 posts, 1 page, 0 untranslated" in report
