"""Lighthouse (npm lighthouse@12.2.3, Debian's Chromium) on the sample post and on a post with
five phone photos: mobile performance at least 0.95, no unsized images, images at the right
resolution; and no image of the photo site carries GPS.

Each site is served over HTTP from its output folder; the JSON reports are kept in
tests/artifacts/lighthouse/ for a look.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from sitegen.images.metadata import has_gps

from .conftest import ARTIFACTS, CHROMIUM, ROOT, build_site, copy_sample

pytestmark = pytest.mark.e2e

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
PHOTO_POST = "/posts/charging-stop-photos/index.html"
SAMPLE_POST = "/posts/xiaomi-550000-ev-target-2026/index.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".avif": "image/avif", ".webp": "image/webp", ".svg": "image/svg+xml"}

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def lighthouse() -> Path:
    if not LIGHTHOUSE.exists():
        pytest.fail(f"Lighthouse is missing: {LIGHTHOUSE} (`make test` installs it: npm i -E lighthouse@12.2.3)",
                    pytrace=False)
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing at {CHROMIUM}", pytrace=False)
    return LIGHTHOUSE


@pytest.fixture(scope="session")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample blog plus the issue's post: five large phone photos (GPS in each, one turned by
    EXIF, one HEIC, one in Display P3). Returns the output folder."""
    import sys
    sys.path.insert(0, str(ROOT / "tests"))
    import photos
    tmp = tmp_path_factory.mktemp("photo-site")
    site = copy_sample(tmp / "site")
    photos.photo_post(site / "content" / "posts" / "2026", big=True)
    build_site(site, tmp / "out", "https://example.com/")
    return tmp / "out"


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("lh-sample")
    build_site(copy_sample(tmp / "site"), tmp / "out", "https://example.com/")
    return tmp / "out"


@pytest.fixture(scope="session")
def serve() -> Iterator[object]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for s in servers:
        s.shutdown()


def run_lighthouse(lighthouse: Path, url: str, name: str) -> dict:
    out = ARTIFACTS / "lighthouse"
    out.mkdir(parents=True, exist_ok=True)
    report = out / f"{name}.json"
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run([str(lighthouse), url, "--quiet", "--output=json", f"--output-path={report}",
                             "--only-categories=performance,best-practices", "--form-factor=mobile",
                             f"--chrome-flags={CHROME_FLAGS}"],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(report.read_text("utf-8"))


def _check(data: dict) -> None:
    audits = data["audits"]
    failing = {k: audits[k]["score"] for k in ("unsized-images", "image-size-responsive")
               if audits[k]["score"] is not None and audits[k]["score"] < 1}
    assert failing == {}, {k: audits[k].get("details", {}).get("items") for k in failing}
    score = data["categories"]["performance"]["score"]
    assert score >= 0.95, {k: audits[k]["displayValue"] for k in
                           ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                            "cumulative-layout-shift", "speed-index") if "displayValue" in audits[k]}


def test_lighthouse_mobile_on_the_sample_post(lighthouse: Path, sample_out: Path, serve) -> None:  # type: ignore[no-untyped-def]
    _check(run_lighthouse(lighthouse, serve(sample_out) + SAMPLE_POST, "sample-post"))


def test_lighthouse_mobile_on_a_post_with_five_phone_photos(lighthouse: Path, photo_site: Path, serve) -> None:  # type: ignore[no-untyped-def]
    _check(run_lighthouse(lighthouse, serve(photo_site) + PHOTO_POST, "photo-post"))


def test_the_photo_site_publishes_no_gps(photo_site: Path) -> None:
    images = [p for p in photo_site.rglob("*") if p.suffix in (".jpg", ".avif", ".webp", ".png", ".gif", ".svg")]
    assert len(images) > 50
    assert [str(p.relative_to(photo_site)) for p in images if has_gps(p.read_bytes())] == []



def test_the_photo_post_is_valid_html(photo_site: Path, vnu_jar: Path) -> None:
    """<picture>, <source sizes> and the sized <img> pass the Nu Html Checker."""
    page = photo_site / PHOTO_POST.lstrip("/")
    proc = subprocess.run(["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(vnu_jar), "--errors-only", "--format", "json",
                           str(page)], capture_output=True, text=True, timeout=300)
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    assert [m for m in messages if m.get("type") in ("error", "non-document-error")] == []
