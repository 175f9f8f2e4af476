"""The first search result is on the first screen, on a desktop and on a phone, on a site with 60 tags.

A site with many tags has a long filter list; above the results it pushed them off-screen, and
Pagefind fills result cards only as they scroll into view, so the page looked empty (issue 21,
item 8). Here a generated site with 60 tags is searched in headless Chromium at 1280×800 and
at 390×844 without scrolling: the first result card must lie inside the viewport. Screenshots
go to tests/artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from .conftest import build_site

pytestmark = pytest.mark.e2e

TAGS = [f"{name} {kind}" for kind in ("Batteries", "Charging", "Markets")
        for name in ("Alpine", "Baltic", "Coastal", "Delta", "Eastern", "Fjord", "Granite", "Harbour", "Inland",
                     "Jade", "Karst", "Lowland", "Meadow", "Northern", "Oasis", "Prairie", "Quarry", "Ridge",
                     "Savanna", "Tundra")]
POSTS = 300
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def _site(root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "sitegen.toml").write_text('title = "Sixty Tags"\nsearch = true\n', "utf-8")
    for i in range(POSTS):
        tags = ", ".join(f'"{TAGS[(i * step + shift) % len(TAGS)]}"' for step, shift in ((1, 0), (7, 3), (13, 5)))
        (root / "content" / "posts" / f"report-{i:03d}.md").write_text(
            f'---\ntitle: "Battery report {i}"\ndate: 2026-0{1 + i % 9}-{1 + i % 28:02d}\nauthor: "Writer {i % 5}"\n'
            f"tags: [{tags}]\n---\n\nThe battery pack of model {i} holds more charge than last year's "
            f"and costs less per kilowatt-hour.\n", "utf-8")
    return root


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def search_url(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("search-layout")
    build_site(_site(tmp / "site"), tmp / "out", "https://example.com/")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp / "out")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/search/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(params=sorted(SIZES))
def screen(request: pytest.FixtureRequest, browser):
    width, height = SIZES[request.param]
    phone = request.param == "phone"
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield request.param, page
    context.close()


def _search(page, url: str, query: str) -> None:
    page.goto(url)
    page.locator("pagefind-input input").fill(query)
    # no scrolling: a card outside the viewport would never be filled, and this wait would time out
    page.wait_for_selector(".search-result-title a")


def test_the_first_result_is_on_the_first_screen(screen, search_url: str, artifacts: Path) -> None:
    name, page = screen
    width, height = SIZES[name]
    _search(page, search_url, "battery")
    page.screenshot(path=str(artifacts / f"search-first-screen-{name}.png"))
    assert page.evaluate("() => window.scrollY") == 0
    card = page.locator(".search-result").first.bounding_box()
    assert card is not None
    assert card["x"] >= 0 and card["x"] + card["width"] <= width, card
    assert card["y"] >= 0 and card["y"] + card["height"] <= height, card
    # the site really has its 60 tags in the filter list (folded away or beside the results)
    page.wait_for_function("n => document.querySelectorAll('pagefind-filter-pane input[type=checkbox]').length >= n",
                           arg=len(TAGS))


def test_on_a_phone_the_filters_fold_away_and_open_on_demand(screen, search_url: str, artifacts: Path) -> None:
    name, page = screen
    _search(page, search_url, "battery")
    filters = page.locator("#search-filters")
    if name == "desktop":
        # a sidebar beside the results, open
        assert filters.evaluate("d => d.open")
        side, results = filters.bounding_box(), page.locator(".search-result").first.bounding_box()
        assert side is not None and results is not None
        assert side["x"] + side["width"] <= results["x"]
        assert page.get_by_role("checkbox", name="Alpine Batteries").is_visible()
        return
    assert not filters.evaluate("d => d.open")
    assert page.get_by_role("checkbox", name="Alpine Batteries").is_hidden()
    page.get_by_text("Filter by tag or author").click()
    # opened, the 60 tags scroll inside a box of half the screen, not down the whole page
    pane = page.locator("#search-filters pagefind-filter-pane")
    assert pane.evaluate("p => p.scrollHeight > p.clientHeight")
    box = pane.bounding_box()
    assert box is not None and box["height"] <= SIZES["phone"][1] / 2 + 1
    page.screenshot(path=str(artifacts / "search-filters-open-phone.png"))
    page.get_by_role("checkbox", name="Alpine Batteries").check()
    # ticking a tag narrows the results
    page.wait_for_function("() => /^\\d+ result/.test(document.querySelector('pagefind-summary')?.textContent || '')"
                           " && !(document.querySelector('pagefind-summary').textContent.startsWith('300 '))")
