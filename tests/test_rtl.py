"""A blog in a language written right to left (Arabic, Hebrew, Persian, Urdu …) gets
`dir="rtl"` on its pages, and the theme's layout uses logical CSS properties, so quotes, lists,
tables and the post navigation mirror. A left-to-right blog's pages do not change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli, write_site

from sitegen.pipeline.render.theme import direction

THEME_CSS = Path(__file__).resolve().parent.parent / "themes" / "default" / "static" / "css"


@pytest.mark.parametrize(("language", "expected"), [
    ("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("he_IL", "rtl"), ("AR", "rtl"), ("yi", "rtl"),
    ("az-Arab", "rtl"), ("pa-Arab-PK", "rtl"), ("ku-Latn", "ltr"), ("en", "ltr"), ("de-CH", "ltr"),
    ("sr-Cyrl", "ltr"), ("zh-Hans", "ltr"), ("", "ltr")])
def test_the_direction_of_a_language_tag(language: str, expected: str) -> None:
    assert direction(language) == expected


def _site(tmp_path: Path, language: str) -> Path:
    return write_site(tmp_path / language, {
        "sitegen.toml": f'title = "مدونة"\nbase_url = "https://example.com/"\nlanguage = "{language}"\n',
        "content/posts/a.md": "---\ntitle: السيارات الكهربائية في ٢٠٢٦\ndate: 2026-01-02\n---\n\n"
                              "> اقتباس\n\n- أولاً\n- ثانياً\n"})


def test_a_right_to_left_blog_s_pages_say_so(tmp_path: Path) -> None:
    site = _site(tmp_path, "ar")
    assert run_cli("build", str(site)).returncode == 0
    pages = [p for p in (site / "output").rglob("*.html") if "<html" in p.read_text()[:200]]
    assert pages
    for page in pages:
        head = page.read_text()[:200]
        if 'http-equiv="refresh"' not in page.read_text():
            assert '<html lang="ar" dir="rtl">' in head, page


def test_a_left_to_right_blog_s_pages_carry_no_dir(tmp_path: Path) -> None:
    site = _site(tmp_path, "en")
    assert run_cli("build", str(site)).returncode == 0
    for page in (site / "output").rglob("*.html"):
        assert " dir=" not in page.read_text()[:200], page


def test_the_theme_css_uses_no_physical_left_or_right() -> None:
    for css in THEME_CSS.glob("*.css"):
        rules = re.sub(r"/\*.*?\*/", "", css.read_text(), flags=re.S)          # comments may say "left"
        found = re.findall(r"[^;{}]*\b(?:left|right)\b[^;{}]*", rules)
        assert not found, f"{css.name}: use inline-start/inline-end or start/end instead: {found}"
