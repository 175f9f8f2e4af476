"""Pages, the menu, redirects and callouts in headless Chromium, and axe over every page type.

A reader reaches the About page from the header menu and an old address lands on the new
one, over HTTP at the root and under /blog/, and from disk. axe-core (injected into each page)
finds no violation on any page type, light or dark. Screenshots of the callouts, light and
dark, desktop and phone, go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Site
from .test_browser import CONTRAST_JS, DESKTOP, MIN_CONTRAST, PHONE, WIDTH_JS, Watch, url_of

pytestmark = pytest.mark.e2e

ABOUT_URL = "/about/"
ABOUT_TITLE = "About The EV Notebook"
OLD_ADDRESSES = {"/about-us/": ABOUT_URL, "/about.html": ABOUT_URL,
                 "/2026/01/xiaomi-550k/": "/posts/xiaomi-550000-ev-target-2026/"}


def roots(where: str, http_base: dict[str, str], sample_root: Site) -> str:
    return sample_root.out.as_uri() + "/" if where == "disk" else http_base[where]


@pytest.mark.parametrize("where", ["sample", "sample-subpath", "disk"])
def test_the_menu_leads_to_the_about_page(browser, http_base, sample_root: Site, where: str) -> None:
    root = roots(where, http_base, sample_root)
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = Watch(page)
        page.goto(url_of(root, "/"))
        page.locator('nav[aria-label="Site"]').get_by_role("link", name="About", exact=True).click()
        page.wait_for_url(url_of(root, ABOUT_URL))
        assert page.locator("h1").inner_text() == ABOUT_TITLE
        current = page.locator('nav[aria-label="Site"] [aria-current="page"]')
        assert current.inner_text() == "About"
        assert page.locator(".admonition-note .admonition-title").text_content() == "Note: How the posts are written"
        assert not watch.problems, "\n".join(watch.problems)
    finally:
        context.close()


@pytest.mark.parametrize("where", ["sample", "sample-subpath", "disk"])
def test_old_addresses_lead_to_the_new_ones(browser, http_base, sample_root: Site, where: str) -> None:
    root = roots(where, http_base, sample_root)
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = Watch(page)
        for old, new in OLD_ADDRESSES.items():
            page.goto(url_of(root, old))
            page.wait_for_url(url_of(root, new))
            assert page.locator("h1").inner_text() != "This page has moved", old
        assert not watch.problems, "\n".join(watch.problems)
    finally:
        context.close()


def _run_axe(page, axe_js: Path) -> list[str]:
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]]


def _sample_pages(site: Site) -> dict[str, str]:
    """One page of every type of the sample blog, by type: its site URL."""
    post = site.posts[0]
    return {"index": "/", "post": post.url, "page": ABOUT_URL, "tag": f"/tags/{post.tags[0]}/", "tags": "/tags/",
            "author": f"/authors/{post.author}/", "authors": "/authors/", "archive": "/archive/", "404": "/404.html"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_any_page_type(browser, http_base, sample_root: Site, callouts_site: Path,
                                                  axe_js: Path, scheme: str) -> None:
    problems = []
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    try:
        page = context.new_page()
        for kind, url in _sample_pages(sample_root).items():
            page.goto(url_of(http_base["sample"], url))
            problems += [f"{kind} {url}: {v}" for v in _run_axe(page, axe_js)]
        page.goto((callouts_site / "callouts" / "index.html").as_uri())
        problems += [f"callouts: {v}" for v in _run_axe(page, axe_js)]
        # a redirect page leaves at once: check its own markup with the refresh taken out
        html = (sample_root.out / "about-us" / "index.html").read_text("utf-8")
        assert 'http-equiv="refresh"' in html
        still = "\n".join(line for line in html.splitlines() if 'http-equiv="refresh"' not in line)
        page.route("**/about-us/index.html", lambda route: route.fulfill(body=still, content_type="text/html"))
        page.goto(url_of(http_base["sample"], "/about-us/"))
        assert page.locator("h1").inner_text() == "This page has moved"
        problems += [f"redirect /about-us/: {v}" for v in _run_axe(page, axe_js)]
    finally:
        context.close()
    assert not problems, f"axe reports {len(problems)} violations in {scheme} mode:\n" + "\n".join(problems)


def test_axe_reports_a_broken_page(browser, axe_js: Path, tmp_path: Path) -> None:
    """axe itself, on a page with known faults: if it found nothing there, a clean result would mean nothing."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><img src="x.png">'
                   '<p style="color:#777;background:#888">faint</p></body></html>', "utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(bad.as_uri())
        found = " ".join(_run_axe(page, axe_js))
    finally:
        context.close()
    assert "image-alt" in found and "html-has-lang" in found and "color-contrast" in found, found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_callouts_screenshots_and_contrast(browser, callouts_site: Path, artifacts: Path, scheme: str) -> None:
    shots = artifacts / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    problems = []
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, color_scheme=scheme)
        try:
            page = context.new_page()
            watch = Watch(page)
            page.goto((callouts_site / "callouts" / "index.html").as_uri())
            assert page.locator(".admonition").count() == 11
            assert page.locator(".admonition").first.get_attribute("role") == "note"
            page.locator("main").screenshot(path=str(shots / f"callouts-{device}-{scheme}.png"))
            if page.evaluate(WIDTH_JS) > viewport["width"] + 1:
                problems.append(f"{device}: the callouts page scrolls sideways")
            for m in page.evaluate(CONTRAST_JS, [".admonition-title", ".admonition p", ".admonition a",
                                                 ".admonition li", ".admonition code"]):
                if m["ratio"] < MIN_CONTRAST:
                    problems.append(f"{device}: {m['sel']} “{m['text']}” {m['fg']} on {m['bg']}: {m['ratio']:.2f}:1")
            problems += watch.problems
        finally:
            context.close()
    assert not problems, "\n".join(problems)


def test_a_page_and_its_redirect_from_disk_in_the_golden_site(browser, callouts_site: Path) -> None:
    """Under /blog/ and opened from disk: a folder alias and a .html alias both reach the page."""
    context = browser.new_context()
    try:
        page = context.new_page()
        for old in ("impressum/index.html", "old/about.html", "archives/42.html"):
            page.goto((callouts_site / old).as_uri())
            page.wait_for_load_state("load")
            page.wait_for_function("() => !document.querySelector('meta[http-equiv=refresh]')")
            assert page.url.endswith("/index.html") and "/blog" not in page.url.split(str(callouts_site))[-1]
            assert page.locator("h1").inner_text() != "This page has moved"
    finally:
        context.close()
