"""The sample blog in headless Chromium (Playwright, sync API): served over HTTP at the root and
under /blog/, and opened from disk.

A reader clicks from the index to the newest post and back; nothing the pages ask for fails to
load; no page scrolls sideways on a 360 px phone; text keeps a readable contrast in light and
dark mode. Screenshots of the index, a post and an author page at desktop and phone widths, in
light and dark, go to tests/artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import Site

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
SHOTS = {"index": "", "post": None, "author": "authors/ev-desk/index.html"}   # None: the newest post
MIN_CONTRAST = 4.5      # WCAG AA for body text


class Watch:
    """Everything that went wrong while a page loaded: failed requests, HTTP errors, console errors."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        # ERR_ABORTED: a request cut short by the next navigation (a favicon, typically), not a failure
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                and self.problems.append(f"failed: {r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))


def url_of(root: str, site_url: str) -> str:
    """The URL of a page's file under a root URL (folders end in index.html, as links do)."""
    rel = site_url.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return root + quote(rel)


def click_to_post_and_back(page, site: Site, root: str) -> None:
    watch = Watch(page)
    page.goto(url_of(root, "/"))
    assert page.locator("h1").inner_text() == "The EV Notebook"
    newest = site.posts[0]
    link = page.locator(".post-list .entry-title a").first
    assert link.inner_text() == newest.title
    link.click()
    page.wait_for_url(url_of(root, newest.url))
    assert page.locator("h1").inner_text() == newest.title
    back = page.get_by_role("link", name="← Back to Blog")
    assert back.is_visible()
    back.click()
    page.wait_for_url(url_of(root, "/"))
    assert page.locator("h1").inner_text() == "The EV Notebook"
    assert page.locator(".post-list .entry-title a").count() == len(site.posts[:10])
    assert not watch.problems, "\n".join(watch.problems)


@pytest.mark.parametrize("where", ["sample", "sample-subpath"])
def test_click_from_index_to_post_and_back_over_http(browser, http_base, where, request) -> None:
    site = request.getfixturevalue({"sample": "sample_root", "sample-subpath": "sample_subpath"}[where])
    context = browser.new_context()
    try:
        click_to_post_and_back(context.new_page(), site, http_base[where])
    finally:
        context.close()


def test_click_from_index_to_post_and_back_from_disk(browser, sample_root: Site) -> None:
    context = browser.new_context()
    try:
        click_to_post_and_back(context.new_page(), sample_root, sample_root.out.as_uri() + "/")
    finally:
        context.close()


def test_skip_link_is_the_first_tab_stop_and_shows_when_focused(browser, sample_root: Site) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto((sample_root.out / sample_root.posts[0].url.lstrip("/") / "index.html").as_uri())
        page.keyboard.press("Tab")
        # wait for each condition: key events are handled by the page after press() returns
        page.wait_for_function("() => document.activeElement && document.activeElement !== document.body",
                               timeout=10_000)
        focused = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
        assert focused == ["Skip to content", "#main"]
        box = page.locator(".skip-link").bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= PHONE["width"], \
            f"the focused skip link is not on screen: {box}"
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"#main$"), timeout=10_000)
        assert page.evaluate("() => document.querySelector(':target')?.id") == "main"
    finally:
        context.close()


def _page_for(name: str, site: Site) -> str:
    return SHOTS[name] if SHOTS[name] is not None else site.posts[0].url


WIDTH_JS = "() => document.scrollingElement.scrollWidth"
WIDEST_JS = """(limit) => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > limit + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '')
                   + ' right=' + Math.round(e.getBoundingClientRect().right))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_and_no_sideways_scrolling(browser, http_base, sample_root: Site, artifacts: Path,
                                               scheme: str) -> None:
    shots = artifacts / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    root = http_base["sample"]
    problems = []
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        try:
            page = context.new_page()
            watch = Watch(page)
            for name in SHOTS:
                page.goto(url_of(root, _page_for(name, sample_root)))
                page.wait_for_load_state("load")
                page.screenshot(path=str(shots / f"{name}-{device}-{scheme}.png"), full_page=True)
                width = page.evaluate(WIDTH_JS)
                if width > viewport["width"] + 1:
                    problems.append(f"{name} ({device}, {scheme}): scrolls sideways, {width} px wide; "
                                    f"too wide: {page.evaluate(WIDEST_JS, viewport['width'])}")
            problems += watch.problems
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_no_page_scrolls_sideways_on_a_phone(browser, http_base, sample_root: Site, corpus: Site,
                                            artifacts: Path) -> None:
    """Every page of the sample (over HTTP: the 404 page links from the root path), and the
    corpus's list pages and posts with code, tables, covers and Chinese titles (from disk), at 360 px."""
    # (redirect pages leave at once: the pages they lead to are checked themselves)
    targets = [(sample_root, p) for p in sorted(sample_root.out.rglob("*.html"))
               if 'http-equiv="refresh"' not in p.read_text("utf-8")]
    corpus_pages = ["index.html", "archive/index.html", "tags/index.html", "authors/index.html",
                    "authors/li-ming/index.html", "tags/小米/index.html"]
    targets += [(corpus, corpus.out / rel) for rel in corpus_pages]
    # posts with code blocks and tables, one with a cover, one with a Chinese title
    for post in corpus.posts[:40]:
        body = (corpus.out / post.url.lstrip("/") / "index.html").read_text("utf-8")
        if "<pre" in body or "cover" in body or "小" in post.title:
            targets.append((corpus, corpus.out / post.url.lstrip("/") / "index.html"))
    context = browser.new_context(viewport=PHONE)
    problems = []
    try:
        page = context.new_page()
        watch = Watch(page)
        shot = False
        for site, path in targets:
            rel = path.relative_to(site.out).as_posix()
            page.goto(http_base["sample"] + quote(rel) if site is sample_root else path.as_uri())
            width = page.evaluate(WIDTH_JS)
            if width > PHONE["width"] + 1:
                problems.append(f"{site.name}/{path.relative_to(site.out)}: {width} px wide; "
                                f"too wide: {page.evaluate(WIDEST_JS, PHONE['width'])}")
            if site is corpus and "<pre" in path.read_text("utf-8") and not shot:
                page.screenshot(path=str(artifacts / "screenshots" / "corpus-post-phone-light.png"), full_page=True)
                shot = True
        problems += watch.problems
    finally:
        context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


CONTRAST_JS = """(selectors) => {
  const rgb = s => { const m = s.match(/[\\d.]+/g).map(Number); return {r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                     return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
                              if (c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  const out = [];
  for (const sel of selectors) {
    for (const el of [...document.querySelectorAll(sel)].slice(0, 3)) {
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || st.display === 'none' || Number(st.opacity) === 0 || !el.textContent.trim()) continue;
      const fg = rgb(st.color), bg = background(el);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
      out.push({sel, text: el.textContent.trim().slice(0, 30), fg: st.color, bg: `rgb(${bg.r}, ${bg.g}, ${bg.b})`,
                ratio: (hi + 0.05) / (lo + 0.05)});
    }
  }
  return out;
}"""
TEXT_SELECTORS = ["body", "main p", ".site-title", ".site-header nav a", ".lead", ".byline", ".byline a",
                  ".entry-title a", ".summary p", ".tags a", ".tagline", ".post-body a", ".post-body th",
                  ".post-body td", ".back a", ".author-box", ".author-links a", ".avatar-initials", ".kicker a",
                  ".site-footer p", ".site-footer a", ".pager a", ".pager-status", ".count", "code",
                  ".archive-list time", ".footnotes", ".post-nav a span",
                  # syntax highlighting: comments, numbers, operators, strings, names
                  ".highlight .c1", ".highlight .sd", ".highlight .mi", ".highlight .o", ".highlight .s2",
                  ".highlight .nf", ".highlight .k", ".highlight .p", ".highlight .nt"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_readable(browser, sample_root: Site, corpus: Site, scheme: str) -> None:
    pages = [sample_root.out / "index.html", sample_root.out / sample_root.posts[0].url.lstrip("/") / "index.html",
             sample_root.out / "authors/ev-desk/index.html", sample_root.out / "archive/index.html",
             corpus.out / "index.html", corpus.out / "authors/jose-alvarez/index.html",
             corpus.out / corpus.posts[0].url.lstrip("/") / "index.html"]
    with_code = [corpus.out / p.url.lstrip("/") / "index.html" for p in corpus.posts]
    pages += [p for p in with_code if "language-python" in p.read_text("utf-8")][:1]
    pages += [p for p in with_code if "language-json" in p.read_text("utf-8")][:1]
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    problems, measured = [], 0
    try:
        page = context.new_page()
        for path in pages:
            page.goto(path.as_uri())
            for m in page.evaluate(CONTRAST_JS, TEXT_SELECTORS):
                measured += 1
                if m["ratio"] < MIN_CONTRAST:
                    problems.append(f"{path.relative_to(path.parents[len(path.parents) - 1])}: {m['sel']} "
                                    f"“{m['text']}” {m['fg']} on {m['bg']}: {m['ratio']:.2f}:1")
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    finally:
        context.close()
    assert measured > 50
    if scheme == "dark":
        assert background != "rgb(255, 255, 255)", "dark mode keeps a white background"
    assert not problems, f"text below {MIN_CONTRAST}:1 contrast in {scheme} mode:\n" + "\n".join(sorted(set(problems)))
