"""`sitegen serve` in headless Chromium: pages update in place, stylesheets swap, errors show.

A marker set on `window` before an edit and still there after it proves the page was not
reloaded: a reload (by the test or by the script) would start a fresh window object.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from sitegen.serve import PreviewServer

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
WELCOME = "content/posts/2026/welcome-to-the-ev-notebook.md"
WELCOME_URL = "posts/welcome-to-the-ev-notebook/"
CSS = "themes/default/static/css/style.css"

sync_api = pytest.importorskip("playwright.sync_api")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)


def make_site(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "sitegen.toml", root / "sitegen.toml")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "themes" / "default", root / "themes" / "default")
    return root


def start(site: Path, port: int = 0) -> PreviewServer:
    logs: list[str] = []
    return PreviewServer(site, host="127.0.0.1", port=port, log=logs.append, log_error=logs.append).start()


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def site(tmp_path):
    return make_site(tmp_path / "site")


@pytest.fixture
def server(site):
    s = start(site)
    yield s
    s.stop()


@pytest.fixture
def context(browser):
    ctx = browser.new_context()
    yield ctx
    ctx.close()


def open_page(context, url: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.__sitegenLive && window.__sitegenLive.build !== ''")
    page.evaluate("window.__marker = 'still the same window'")
    return page


def same_window(page) -> bool:
    return page.evaluate("window.__marker") == "still the same window"


def wait_live(page, server, timeout=5000):
    """Until the page is connected and current (its build is the server's)."""
    page.wait_for_function("b => window.__sitegenLive.build === b", arg=server.state.build_id, timeout=timeout)


def test_edited_post_text_appears_without_a_reload(server, site, context):
    page = open_page(context, server.url + WELCOME_URL)
    time.sleep(0.2)        # let the page's event stream connect
    assert page.locator("article").get_by_text("Welcome. The EV Notebook").count() == 1
    edit(site, WELCOME, "Welcome. The EV Notebook is a small", "Greetings from disk. The EV Notebook is a small")
    page.locator("article").get_by_text("Greetings from disk.").wait_for(timeout=10000)
    assert same_window(page), "the page was reloaded"
    assert page.evaluate("window.__sitegenLive.refreshes") == 1
    edit(site, WELCOME, 'title: "Welcome to The EV Notebook"', 'title: "A New Heading"')
    page.get_by_role("heading", name="A New Heading").wait_for(timeout=10000)
    page.wait_for_function("document.title.startsWith('A New Heading')")
    assert same_window(page)


@pytest.mark.parametrize("css_file, selector, old, new, prop, value", [
    (CSS, "body", "*, *::before, *::after { box-sizing: border-box; }",
     "*, *::before, *::after { box-sizing: border-box; }\nbody { border-top: 7px solid rgb(1, 2, 3); }",
     "border-top-color", "rgb(1, 2, 3)"),
    # imported by style.css with @import: the browser must not keep its old copy
    ("themes/default/static/css/highlight.css", "body", None,
     "\nbody { outline: 3px dashed rgb(4, 5, 6); }\n", "outline-color", "rgb(4, 5, 6)"),
], ids=["style.css", "imported-highlight.css"])
def test_css_edit_changes_computed_style_without_a_reload(server, site, context, css_file, selector, old, new,
                                                          prop, value):
    page = open_page(context, server.url + WELCOME_URL)
    time.sleep(0.2)
    style = f"getComputedStyle(document.querySelector('{selector}')).getPropertyValue('{prop}')"
    assert page.evaluate(style) != value
    if old is None:
        with open(site / css_file, "a", encoding="utf-8") as f:
            f.write(new)
    else:
        edit(site, css_file, old, new)
    page.wait_for_function(f"{style} === '{value}'", timeout=10000)
    assert same_window(page), "the page was reloaded"
    assert page.evaluate("window.__sitegenLive.refreshes") == 0, "the page body was swapped for a CSS change"
    assert page.evaluate("window.__sitegenLive.cssSwaps") >= 1


def test_bad_front_matter_shows_overlay_with_file_and_line_and_a_fix_clears_it(server, site, context):
    page = open_page(context, server.url + WELCOME_URL)
    time.sleep(0.2)
    overlay = page.locator("sitegen-error-overlay")
    assert overlay.count() == 0
    edit(site, WELCOME, "date: 2026-01-05T08:00:00+00:00", "date: not-a-date <img src=x onerror=alert(1)>")
    overlay.wait_for(timeout=10000)
    text = page.locator("sitegen-error-overlay .box").inner_text()      # inside its shadow root
    assert f"{WELCOME}:3" in text
    assert "not-a-date <img src=x onerror=alert(1)>" in text          # shown as text, not markup
    assert page.evaluate("document.querySelector('sitegen-error-overlay').shadowRoot.querySelectorAll('img').length") == 0
    # the last good page is still shown underneath
    assert page.locator("article").get_by_text("Welcome. The EV Notebook").count() == 1
    # a page opened while the build is broken shows the overlay too
    other = context.new_page()
    other.goto(server.url)
    other.locator("sitegen-error-overlay").wait_for(timeout=10000)
    assert WELCOME in other.locator("sitegen-error-overlay .box").inner_text()
    edit(site, WELCOME, "date: not-a-date <img src=x onerror=alert(1)>", "date: 2026-01-05T08:00:00+00:00")
    overlay.wait_for(state="detached", timeout=10000)
    other.locator("sitegen-error-overlay").wait_for(state="detached", timeout=10000)
    assert same_window(page)


def test_page_reconnects_after_the_server_restarts(site, context):
    first = start(site)
    port = first.port
    try:
        page = open_page(context, first.url + WELCOME_URL)
        time.sleep(0.2)
    finally:
        first.stop()
    edit(site, WELCOME, "Welcome. The EV Notebook is a small", "Edited while the server was down. The EV Notebook is a small")
    second = start(site, port=port)
    try:
        page.locator("article").get_by_text("Edited while the server was down.").wait_for(timeout=15000)
        assert same_window(page)
        wait_live(page, second)
        edit(site, WELCOME, "Edited while the server was down.", "And after the restart.")
        page.locator("article").get_by_text("And after the restart.").wait_for(timeout=10000)
        assert same_window(page)
    finally:
        second.stop()


FRAMES = "[...document.querySelectorAll('iframe')].map(f => f.contentWindow)"


def test_fifty_open_pages_stay_connected_and_all_update(server, site, context):
    # Fifty documents, each running the live-reload script on its own.  They are frames of
    # one tab (the site's 404 page, which the edit leaves alone) rather than fifty tabs, which
    # would take half a minute to open on a small machine; they share the browser's limit of
    # about six connections per host exactly as tabs do.
    page = context.new_page()
    page.goto(server.url + "frames-host/")
    page.evaluate("""url => { for (let i = 0; i < 50; i++) {
                          const f = document.createElement('iframe'); f.src = url; document.body.append(f); } }""",
                  server.url + WELCOME_URL)
    page.wait_for_function(f"{FRAMES}.every(w => w.__sitegenLive && w.__sitegenLive.build === '{server.state.build_id}')",
                           timeout=30000)
    page.evaluate(f"{FRAMES}.forEach(w => {{ w.__marker = 'same window'; }})")
    time.sleep(0.3)
    edit(site, WELCOME, "Welcome. The EV Notebook is a small", "Fifty pages. The EV Notebook is a small")
    page.wait_for_function(f"{FRAMES}.every(w => w.document.body.textContent.includes('Fifty pages. The EV'))",
                           timeout=15000)
    assert page.evaluate(f"{FRAMES}.filter(w => w.__marker === 'same window').length") == 50
    # one shared connection serves them all (with one EventSource each, the 7th would stall)
    assert server.event_clients <= 2


def test_changed_image_is_fetched_again_without_a_reload(server, site, context):
    page = open_page(context, server.url + "posts/xiaomi-550000-ev-target-2026/")
    time.sleep(0.2)
    width = "document.querySelector('figure.cover img').naturalWidth"
    page.wait_for_function(f"{width} === 1200")
    edit(site, "content/posts/2026/images/xiaomi-550k-cover.svg", 'width="1200" height="630"', 'width="600" height="315"')
    page.wait_for_function(f"{width} === 600", timeout=10000)
    assert same_window(page)


def test_page_of_a_removed_post_shows_the_404_page_and_comes_back(server, site, context):
    page = open_page(context, server.url + WELCOME_URL)
    time.sleep(0.2)
    moved = site / "content" / "welcome.md.bak"
    (site / WELCOME).rename(moved)
    page.wait_for_function("document.body.classList.contains('kind-404')", timeout=10000)
    moved.rename(site / WELCOME)
    page.locator("article").get_by_text("Welcome. The EV Notebook").wait_for(timeout=10000)
    assert same_window(page)
