"""`sitegen check`: links, fragments, feeds, stale facts, and (optionally) external links."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import post, run_cli, write_site

from sitegen.commands import check


def test_sample_site_passes(sample_site: Path):
    result = run_cli("check", str(sample_site))
    assert result.returncode == 0, result.stderr
    assert "every link and fragment resolves" in result.stdout


def test_broken_link_and_fragment_in_a_template_are_reported(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "content/posts/a.md": post("A", body="Text with a [footnote link](#nowhere)."),
        "templates/tags.html": '{% extends "theme/tags.html" %}{% block content %}<a href="missing/index.html">x</a>{% endblock %}',
    })
    result = run_cli("check", str(site))
    assert result.returncode == 1
    assert "output/tags/index.html:" in result.stderr and "points to nothing (tags/missing/index.html)" in result.stderr
    assert "output/posts/a/index.html:" in result.stderr and "fragment" in result.stderr


def test_feed_with_relative_link_and_duplicate_ids_is_reported(tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        '<item><guid>a</guid><link>https://x.org/a</link></item>'
        '<item><guid>a</guid><link>/relative</link></item></channel></rss>')
    (out / "atom.xml").write_text("<feed><unclosed></feed>")
    messages = [p.message for p in check.check_feeds(out)]
    assert any("not unique" in m for m in messages)
    assert any("not absolute: '/relative'" in m for m in messages)
    assert any("not well-formed" in m for m in messages)


def test_stale_number_of_a_fact_fails_the_check(tmp_path: Path):
    site = write_site(tmp_path / "s", {
        "data/facts.yaml": "xiaomi:\n  target_2026:\n    value: 550000\n    unit: units\n",
        "content/posts/a.md": post("A", body="Intro.\n\nXiaomi's 2026 target is 500,000 cars."),
    })
    result = run_cli("check", str(site))
    assert result.returncode == 1
    assert "content/posts/a.md:8:" in result.stderr
    assert "500,000" in result.stderr


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_external_links_only_when_asked(tmp_path: Path, local_server: str):
    site = write_site(tmp_path / "s", {
        "content/posts/a.md": post("A", body=f"[good]({local_server}/ok) and [bad]({local_server}/gone)"),
    })
    assert run_cli("check", str(site)).returncode == 0
    result = run_cli("check", str(site), "--external", "--timeout", "5")
    assert result.returncode == 1
    assert f"{local_server}/gone' failed (404)" in result.stderr
    assert "/ok'" not in result.stderr
