"""Site search in headless Chromium, over HTTP: the search/ page, Pagefind's index, the keyboard.

Sites, each built once with search on and served by one local server under its own path:

* ``/``      tests/fixtures/search-site (English, four posts with Chinese and Japanese names)
* ``/zh/``   a two-post site written in Chinese (language = "zh"), built here
* ``/blog/`` the sample blog built for https://example.com/blog/ (conftest's sample_subpath)
* ``/big/``  the e2e corpus generator's blog at 1,000 posts, for the download budget

axe-core (from npm, installed by `make test`) is injected into the page to check accessibility.
"""

from __future__ import annotations

import gzip
import http.server
import shutil
import threading
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote

import pytest

from .conftest import ROOT, Site, build_site
from .sitegen_corpus import generate

pytestmark = pytest.mark.e2e

FIXTURE = ROOT / "tests" / "fixtures" / "search-site"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUDGET = 400_000                     # bytes one query may download at 1,000 posts (issue 13)
TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml"}
ZH_POSTS = {
    "xiaomi-deliveries.md": ("小米汽车交付量", "今年小米汽车的交付量超过了分析师的预期，工厂的第二条产线已经投产。"),
    "price-war.md": ("价格战", "特斯拉和比亚迪的价格战仍在继续，经销商的利润越来越薄。"),
}


class _Mounts(http.server.SimpleHTTPRequestHandler):
    """Serves several built sites, each under its own path prefix, and compresses text files with
    gzip when the browser accepts it, as static hosts do (Pagefind's index files are compressed
    already and go as they are)."""

    mounts: ClassVar[dict[str, Path]] = {}

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if path.suffix not in TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        clean = unquote(path.split("?", 1)[0].split("#", 1)[0])
        for prefix in sorted(self.mounts, key=len, reverse=True):
            if clean.startswith(prefix):
                target = (self.mounts[prefix] / clean[len(prefix):]).resolve()
                return str(target)
        return str(Path("/nonexistent"))


def _zh_site(root: Path) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "sitegen.toml").write_text('title = "电动车笔记"\nlanguage = "zh"\nsearch = true\n', "utf-8")
    for n, (name, (title, text)) in enumerate(sorted(ZH_POSTS.items())):
        (root / "content" / "posts" / name).write_text(
            f"---\ntitle: \"{title}\"\ndate: 2026-02-0{n + 1}\n---\n\n{text}\n", "utf-8")
    return root


@pytest.fixture(scope="session")
def search_sites(tmp_path_factory: pytest.TempPathFactory, sample_subpath: Site) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("search")
    en = tmp / "en"
    shutil.copytree(FIXTURE, en / "site")
    build_site(en / "site", en / "out", "https://example.com/")
    zh = tmp / "zh"
    build_site(_zh_site(zh / "site"), zh / "out", "https://example.com/zh/")
    big = tmp / "big"
    generate(big / "site", 1000)
    with (big / "site" / "sitegen.toml").open("a", encoding="utf-8") as f:
        f.write("search = true\n")
    build_site(big / "site", big / "out", "https://example.com/big/")
    return {"/": en / "out", "/zh/": zh / "out", "/blog/": sample_subpath.out, "/big/": big / "out"}


@pytest.fixture(scope="module")
def http_root(search_sites: dict[str, Path]):
    handler = type("Mounts", (_Mounts,), {"mounts": search_sites})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(chromium: Path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    yield context.new_page()
    context.close()


def search_for(page, url: str, query: str) -> list[str]:
    """Open the search page, type the query, return the result links (after they settle)."""
    page.goto(url)
    field = page.locator("pagefind-input input")
    field.fill(query)
    page.wait_for_function(
        "q => (document.querySelector('pagefind-summary')?.textContent || '').includes(q)", arg=query)
    return result_links(page)


def result_links(page) -> list[str]:
    """The result links, once as many have rendered as the summary counts (at most the first five:
    the rest load as they scroll into view)."""
    page.wait_for_function(r"""() => {
        const summary = document.querySelector('pagefind-summary')?.textContent || '';
        const number = summary.match(/\d+/);       // "3 results for …", or the page language's words
        if (!number) return false;
        const count = parseInt(number[0], 10);
        const shown = document.querySelectorAll('.search-result-title a');
        if (shown.length < Math.min(count, 5)) {       // results load as they scroll into view
            document.querySelector('pagefind-results')?.scrollIntoView({block: 'start'});
            return false;
        }
        return true;
    }""")
    return [a.get_attribute("href") for a in page.locator(".search-result-title a").all()]


def test_a_word_in_one_post_finds_that_post(page, http_root: str) -> None:
    assert search_for(page, f"{http_root}/search/", "separator") == ["/posts/sodium-cells/"]
    page.locator(".search-result-title a").first.click()
    page.wait_for_url(f"{http_root}/posts/sodium-cells/")
    assert page.locator("h1").inner_text() == "Sodium Cells Leave the Lab"


def test_a_word_in_a_standalone_page_finds_that_page(page, http_root: str) -> None:
    assert search_for(page, f"{http_root}/search/", "typeface") == ["/colophon/"]
    assert page.locator(".search-result-meta").count() == 0          # a page has no author or date


@pytest.mark.parametrize(("name", "post"), [("比亚迪", "/posts/seal-pricing/"), ("宁德时代", "/posts/sodium-cells/"),
                                            ("小米", "/posts/charging-maps/"), ("トヨタ", "/posts/solid-state-timeline/")])
def test_chinese_and_japanese_names_find_the_posts_that_contain_them(page, http_root: str, name: str,
                                                                       post: str) -> None:
    assert search_for(page, f"{http_root}/search/", name) == [post]


@pytest.mark.parametrize(("name", "post"), [("比亚迪", "/zh/posts/price-war/"), ("汽车", "/zh/posts/xiaomi-deliveries/")])
def test_on_a_chinese_site_a_name_inside_running_text_is_found(page, http_root: str, name: str, post: str) -> None:
    # the extended binary segments Chinese text on pages in Chinese: 比亚迪 sits inside a sentence
    assert search_for(page, f"{http_root}/zh/search/", name) == [post]


def test_a_tag_filter_narrows_the_results(page, http_root: str) -> None:
    everything = search_for(page, f"{http_root}/search/", "battery")
    assert sorted(everything) == ["/posts/seal-pricing/", "/posts/sodium-cells/", "/posts/solid-state-timeline/"]
    toyota = page.get_by_role("checkbox", name="Toyota")
    toyota.focus()
    page.keyboard.press("Space")                                 # ticked by keyboard
    page.wait_for_function("() => (document.querySelector('pagefind-summary')?.textContent || '').startsWith('1 ')")
    assert result_links(page) == ["/posts/solid-state-timeline/"]


def test_search_works_under_a_subpath(page, http_root: str) -> None:
    links = search_for(page, f"{http_root}/blog/search/", "Xiaomi")
    assert links and all(href.startswith("/blog/") for href in links)
    assert "/blog/posts/xiaomi-550000-ev-target-2026/" in links and "/blog/about/" in links   # a post, a page
    images = page.locator(".search-result-image").all()
    assert images, "the Xiaomi post's cover is its result image"
    for img in images:
        loaded = img.evaluate("i => i.complete ? i.naturalWidth > 0 : new Promise(done => {"
                              " i.onload = () => done(i.naturalWidth > 0); i.onerror = () => done(false); })")
        assert loaded, img.get_attribute("src")
    page.locator(".search-result-title a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{http_root}/blog/posts/")
    assert page.locator("article.post h1").count() == 1


def test_one_query_downloads_less_than_400_kb_at_1000_posts(page, http_root: str) -> None:
    page.set_default_timeout(120_000)     # a cold start on a busy 2-core machine can take a while
    got: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: got.append((r.url, r.sizes()["responseBodySize"])))
    links = search_for(page, f"{http_root}/big/search/", "battery")
    assert len(links) >= 5
    page.wait_for_load_state("networkidle")
    # everything the page downloaded, as sent (text files gzip-compressed, as static hosts send them)
    total = sum(size for _, size in got)
    index = sum(size for url, size in got if "/pagefind/" in url and not url.endswith((".js", ".css")))
    print(f"\none query at 1,000 posts: {total} bytes in {len(got)} requests (page, CSS, Pagefind's UI and "
          f"search code, index); the index files alone (wasm, meta, word chunk, filters, fragments): {index} bytes")
    assert total < BUDGET, sorted(got, key=lambda x: -x[1])[:8]
    assert index < BUDGET


def test_keyboard_alone_finds_and_opens_a_post(page, http_root: str) -> None:
    page.goto(f"{http_root}/search/")
    for _ in range(20):                                          # Tab from the top of the page to the field
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.matches('pagefind-input input') || false"):
            break
    else:
        pytest.fail("the search field cannot be reached with Tab")
    page.keyboard.type("ceramic")
    page.wait_for_function("() => document.querySelectorAll('.search-result-title a').length == 2")
    page.keyboard.press("ArrowDown")                            # into the results
    focused = page.evaluate("() => document.activeElement?.getAttribute('href')")
    assert focused in ("/posts/sodium-cells/", "/posts/solid-state-timeline/")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{http_root}{focused}")


def test_from_disk_the_page_says_search_needs_a_server(page, search_sites: dict[str, Path]) -> None:
    out = search_sites["/"]
    page.goto((out / "search" / "index.html").as_uri())
    note = page.locator("#search-offline")
    assert note.is_visible()
    assert "web server" in note.inner_text()
    assert page.locator("#search").is_hidden()
    for name in ("tag", "archive"):
        link = note.get_by_role("link", name=name)
        href = link.get_attribute("href")
        assert (out / "search" / href).resolve().is_file(), href
    note.get_by_role("link", name="archive").click()
    assert page.locator("h1").inner_text() == "Archive"


def _axe(page) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing: {AXE} (make test installs it from npm)", pytrace=False)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map("
                          "v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)")
    return list(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_search_page(browser, http_root: str, search_sites: dict[str, Path],
                                             scheme: str, artifacts: Path) -> None:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1000, "height": 900})
    page = context.new_page()
    try:
        search_for(page, f"{http_root}/search/", "battery")
        page.get_by_role("checkbox", name="Batteries").check()                               # a filter in use too
        page.wait_for_function("() => (document.querySelector('pagefind-summary')?.textContent || '').startsWith('2 ')")
        page.screenshot(path=str(artifacts / f"search-{scheme}.png"), full_page=True)
        assert _axe(page) == []
        page.goto((search_sites["/"] / "search" / "index.html").as_uri())                     # the note from disk
        assert _axe(page) == []
    finally:
        context.close()


def test_a_german_word_is_found_on_the_german_search_page(page, http_root: str) -> None:
    """The sample blog is bilingual: Pagefind keeps an index per <html lang>, and the German
    search page reads the German one."""
    found = search_for(page, f"{http_root}/blog/de/search/", "Smartphonehersteller")
    assert found == ["/blog/de/posts/xiaomi-550000-ev-target-2026/"]
    assert page.evaluate("document.documentElement.lang") == "de"
    english = search_for(page, f"{http_root}/blog/search/", "Xiaomi")
    assert english and not any(link.startswith("/blog/de/") for link in english), english
