"""An Arabic blog in Chromium: the page runs right to left (quotes, lists and tables on the
right), while the theme's English byline keeps its order. Screenshot in tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.pipeline import Options, build

from .conftest import NOW

pytestmark = pytest.mark.e2e

POST = """---
title: السيارات الكهربائية في ٢٠٢٦
date: 2026-01-02
---

ارتفعت مبيعات السيارات الكهربائية في الربع الأول، وفق تقرير Tesla و BYD.

> البطاريات أرخص بنسبة ٢٠٪ من العام الماضي.

- أولاً: الشحن السريع
- ثانياً: المدى
"""


def _open_post(context, tmp_path: Path, title: str, language: str):
    """Build a one-post site in `language` and open its post in a new page of `context`."""
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "sitegen.toml").write_text(f'title = "{title}"\nbase_url = "https://example.com/"\nlanguage = "{language}"\n')
    (site / "content" / "posts" / "a.md").write_text(POST)
    build(Options(site_dir=site, output_dir=site / "output", now=NOW))
    page = context.new_page()
    page.goto((site / "output" / "posts" / "a" / "index.html").as_uri())
    return page


def test_an_arabic_post_reads_right_to_left(browser, tmp_path: Path, artifacts: Path) -> None:
    context = browser.new_context(viewport={"width": 900, "height": 900})
    try:
        page = _open_post(context, tmp_path, "مدونة السيارات", "ar")
        (artifacts / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(artifacts / "screenshots" / "rtl-post.png"), full_page=True)
        quote = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.post-body blockquote'));
                                         return [s.direction, s.borderRightWidth, s.borderLeftWidth]; }""")
        assert quote == ["rtl", "4px", "0px"]
        text, column = page.evaluate("""() => { const p = document.querySelector('.post-body p');
                                                const r = document.createRange(); r.selectNodeContents(p);
                                                const t = r.getBoundingClientRect(), c = p.getBoundingClientRect();
                                                return [[t.left, t.right], [c.left, c.right]]; }""")
        assert abs(text[1] - column[1]) < 2 and text[0] - column[0] > 100    # the line starts on the right
        # the theme's words are Arabic (locale/ar), so the byline reads right to left: the date,
        # first in reading order, stands to the right of the reading time
        date = page.locator(".byline time").first.bounding_box()
        minutes = page.locator(".byline span", has_text="دقيقة").last.bounding_box()
        assert date and minutes and date["x"] > minutes["x"]
        assert "يناير" in page.locator(".byline time").first.inner_text()      # CLDR's January in Arabic
    finally:
        context.close()


def test_an_rtl_site_with_no_catalogue_keeps_its_english_byline_in_order(browser, tmp_path: Path) -> None:
    """Urdu is written right to left but the theme has no Urdu catalogue: its words fall back to
    English, and "2 January 2026 · 1 min read" keeps its left-to-right order inside the RTL page."""
    context = browser.new_context(viewport={"width": 900, "height": 900})
    try:
        page = _open_post(context, tmp_path, "گاڑیوں کا بلاگ", "ur")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        date = page.locator(".byline time").first.bounding_box()
        minutes = page.get_by_text("1 min read").bounding_box()
        assert date and minutes and date["x"] < minutes["x"]
    finally:
        context.close()
