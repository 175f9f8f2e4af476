"""A blog in several languages in headless Chromium: the language switcher followed from the
sample blog at the root, under /blog/ and from disk, and axe on German and Arabic pages in light
and dark mode (README: Languages)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

from .conftest import ROOT, Site, _Quiet, build_site
from .test_browser import Watch, url_of
from .test_pages_browser import _run_axe

pytestmark = pytest.mark.e2e

XIAOMI = "/posts/xiaomi-550000-ev-target-2026/"
XIAOMI_DE = "/de/posts/xiaomi-550000-ev-target-2026/"


def follow_switcher(page, root: str, site: Site) -> None:
    """From the English post to its German translation and back, then from a post in English
    only to the German home, each by a click on the switcher."""
    watch = Watch(page)
    page.goto(url_of(root, XIAOMI))
    assert page.evaluate("document.documentElement.lang") == "en"
    page.locator(".language-switcher a[hreflang=de]").click()
    page.wait_for_url(url_of(root, XIAOMI_DE))
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator("h1").inner_text() == "Xiaomi will 2026 550.000 Elektroautos verkaufen"
    assert page.locator(".language-switcher a[aria-current=page]").inner_text() == "Deutsch"
    page.locator(".language-switcher a[hreflang=en]").click()
    page.wait_for_url(url_of(root, XIAOMI))
    assert page.locator("h1").inner_text() == next(p.title for p in site.posts if p.url == XIAOMI)
    english_only = next(p for p in site.posts if p.url != XIAOMI)
    page.goto(url_of(root, english_only.url))
    page.locator(".language-switcher a[hreflang=de]").click()
    page.wait_for_url(url_of(root, "/de/"))
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.locator(".entry-title a").first.inner_text().startswith("Xiaomi will")
    assert not watch.problems, "\n".join(watch.problems)


@pytest.mark.parametrize("where", ["sample", "sample-subpath"])
def test_the_switcher_leads_to_the_translation_over_http(browser, http_base, where: str, request) -> None:
    site = request.getfixturevalue({"sample": "sample_root", "sample-subpath": "sample_subpath"}[where])
    context = browser.new_context()
    try:
        follow_switcher(context.new_page(), http_base[where], site)
    finally:
        context.close()


def test_the_switcher_leads_to_the_translation_from_disk(browser, sample_root: Site) -> None:
    context = browser.new_context()
    try:
        follow_switcher(context.new_page(), sample_root.out.as_uri() + "/", sample_root)
    finally:
        context.close()


ARABIC = """---
title: الشحن في المنزل
---

تبلغ قدرة معظم أجهزة الشحن المنزلية في أوروبا ١١ كيلوواط على ثلاث مراحل.
"""


@pytest.fixture(scope="module")
def three_languages(tmp_path_factory: pytest.TempPathFactory):
    """The bilingual fixture with Arabic added (a translation of its wall-box post), built and
    served over HTTP (a 404 page links from the site's root, as static hosts serve it): its URL."""
    tmp = tmp_path_factory.mktemp("languages")
    site = tmp / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "bilingual-site", site)
    with (site / "sitegen.toml").open("a", encoding="utf-8") as f:
        f.write('\n[languages.ar]\ntitle = "ملاحظات الشحن"\nweight = 20\n')
    (site / "content" / "posts" / "wallbox.ar.md").write_text(ARABIC, "utf-8")
    build_site(site, tmp / "out", "https://example.com/")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp / "out")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_german_and_arabic_pages(browser, three_languages: str, axe_js: Path,
                                                            scheme: str) -> None:
    pages = ["de/index.html", "de/posts/wallbox/index.html", "de/posts/schnellladen/index.html",
             "de/about/index.html", "de/tags/laden/index.html", "de/archive/index.html", "de/404.html",
             "ar/index.html", "ar/posts/wallbox/index.html", "ar/authors/desk/index.html", "ar/tags/index.html"]
    problems = []
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for rel in pages:
            page.goto(three_languages + rel)
            lang, direction = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
            assert (lang, direction) == (("ar", "rtl") if rel.startswith("ar/") else ("de", "")), rel
            problems += [f"{rel}: {v}" for v in _run_axe(page, axe_js)]
    finally:
        context.close()
    assert not problems, f"axe reports {len(problems)} violations in {scheme} mode:\n" + "\n".join(problems)
