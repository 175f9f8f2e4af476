"""`sitegen serve` over HTTP: safety, content types, live-reload events, rebuild behaviour.

Every test serves a copy of the sample blog (with the default theme copied beside it, so
template and CSS edits stay in tmp_path) from a server started in-process on port 0.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import default_sigint, sigint_state

from sitegen.pipeline import Options, build
from sitegen.serve import PreviewServer, content_type, host_allowed, safe_relpath

ROOT = Path(__file__).resolve().parent.parent
WELCOME = "content/posts/2026/welcome-to-the-ev-notebook.md"
WELCOME_URL = "/posts/welcome-to-the-ev-notebook/"
WELCOME_OUT = "posts/welcome-to-the-ev-notebook/index.html"
XIAOMI = "content/posts/2026/xiaomi-550000-ev-target-2026.md"


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

def make_site(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "sitegen.toml", root / "sitegen.toml")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "themes" / "default", root / "themes" / "default")
    return root


def start_server(site: Path, **kw) -> PreviewServer:
    logs: list[str] = []
    server = PreviewServer(site, host="127.0.0.1", port=0, log=logs.append, log_error=logs.append, **kw)
    server.logs = logs
    return server.start()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def server(site: Path):
    s = start_server(site)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def ro_server(tmp_path_factory):
    """One server for the tests that only read."""
    s = start_server(make_site(tmp_path_factory.mktemp("read-only") / "site"))
    yield s
    s.stop()


def request(server: PreviewServer, path: str, method: str = "GET", headers: dict | None = None):
    """(status, headers, body) for a raw request path (not normalised by any client)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    hdrs = {"Host": f"127.0.0.1:{server.port}", **(headers or {})}
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for k, v in hdrs.items():
        if v is not None:
            conn.putheader(k, v)
    conn.endheaders()
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def edit(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def change_and_wait(server: PreviewServer, do, timeout: float = 15) -> None:
    """Run do() and wait for the rebuild it causes."""
    before = server.state.attempts
    do()
    assert server.wait_for_attempt(before, timeout), "no rebuild after the change"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class EventStream:
    """A raw Server-Sent Events client for /__sitegen__/events."""

    def __init__(self, server: PreviewServer, host: str | None = None):
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        self.sock.sendall((f"GET /__sitegen__/events HTTP/1.1\r\nHost: {host if host is not None else f'127.0.0.1:{server.port}'}\r\n"
                           "Accept: text/event-stream\r\n\r\n").encode())
        self.sock.settimeout(None)
        self.status = None
        self.events: list[tuple[str, dict]] = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        f = self.sock.makefile("rb")
        try:
            status = f.readline().decode()
            with self.cond:
                self.status = int(status.split()[1]) if status else 0
                self.cond.notify_all()
            while f.readline() not in (b"\r\n", b"\n", b""):
                pass
            kind, data = "message", []
            for raw in f:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if data:
                        with self.cond:
                            self.events.append((kind, json.loads("\n".join(data))))
                            self.cond.notify_all()
                    kind, data = "message", []
                elif line.startswith("event:"):
                    kind = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
        except (OSError, ValueError):
            pass
        finally:
            with self.cond:
                self.cond.notify_all()

    def wait_for(self, predicate, timeout: float = 10):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for ev in self.events:
                    if predicate(ev):
                        return ev
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def wait_status(self, timeout: float = 10) -> int | None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.status is None and time.monotonic() < deadline:
                self.cond.wait(deadline - time.monotonic())
            return self.status

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


# ---------------------------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------------------------

def test_cli_prints_url_of_free_port_serves_and_stops_cleanly_on_ctrl_c(site):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", str(site), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=default_sigint)
    try:
        url = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            # wait for a line at most until the deadline: a server stuck in its first build
            # must fail this test, not hang the suite
            ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("Serving "):
                url = line.split()[1]
                break
        assert url and url.startswith("http://127.0.0.1:") and not url.startswith("http://127.0.0.1:0/"), url
        port = int(url.rsplit(":", 1)[1].strip("/"))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/")
        resp = conn.getresponse()
        assert resp.status == 200 and b"The EV Notebook" in resp.read()
        conn.close()
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"sitegen serve did not stop within 20 s of Ctrl-C ({sigint_state()})") from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Stopping" in out
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_binds_loopback_by_default(ro_server):
    assert ro_server._httpd.server_address[0] == "127.0.0.1"
    assert ro_server.url == f"http://127.0.0.1:{ro_server.port}/"


def test_builds_into_a_private_folder_and_stop_closes_the_port(site):
    s = start_server(site)
    out = s.output_dir
    assert out == site / ".sitegen-cache" / "serve" / "site"
    assert (out / "index.html").is_file()
    assert not (site / "output").exists(), "serve must not build into the user's output/"
    # a second server of the same site gets a folder of its own, removed when it stops
    other = start_server(site)
    try:
        assert other.output_dir != out and not other.output_dir.is_relative_to(site)
        assert (other.output_dir / "index.html").is_file()
    finally:
        other.stop()
    assert not other.output_dir.exists()
    s.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", s.port), timeout=2).close()
    # the next session takes the private folder again, and keeps its files
    (out / "kept.txt").write_text("from the last session")
    again = start_server(site)
    try:
        assert again.output_dir == out
        assert (out / "kept.txt").is_file()
    finally:
        again.stop()


def test_a_session_that_was_killed_leaves_nothing_the_next_one_trusts(site):
    s = start_server(site)
    out = s.output_dir
    (out / "half-written.html").write_text("cut off")
    (out.parent / ".sitegen-staging-abc").mkdir()
    s._lock_fd and os.close(s._lock_fd)      # as if the process had died: no clean stop
    s._lock_fd = None
    s.stop()
    assert not (out.parent / "clean").exists()
    again = start_server(site)
    try:
        assert again.output_dir == out
        assert not (out / "half-written.html").exists()
        assert not (out.parent / ".sitegen-staging-abc").exists()
        assert request(again, "/")[0] == 200
    finally:
        again.stop()


# ---------------------------------------------------------------------------------------------
# safety
# ---------------------------------------------------------------------------------------------

SECRET = "top-secret-outside-the-site"


@pytest.mark.parametrize("path", [
    "/../secret.txt",
    "/../../secret.txt",
    "/posts/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/static/..%2f..%2fsecret.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "/..%5Csecret.txt",
    "/%2e%2e%5csecret.txt",
    "//../secret.txt",
    "/%00/../secret.txt",
])
def test_traversal_and_encoded_traversal_are_refused(ro_server, path):
    (ro_server.output_dir.parent / "secret.txt").write_text(SECRET)
    status, _, body = request(ro_server, path)
    assert status == 404
    assert SECRET.encode() not in body


@pytest.mark.parametrize("path", ["/etc/passwd", "//etc/passwd", "/%2fetc%2fpasswd", str(ROOT / "sitegen.toml")])
def test_absolute_paths_are_refused(ro_server, path):
    status, _, body = request(ro_server, path)
    assert status == 404
    assert b"root:" not in body and b"base_url" not in body


def test_symlink_leading_outside_is_refused_inside_is_served(server, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET)
    (server.output_dir / "escape.txt").symlink_to(outside)
    (server.output_dir / "static" / "escape-dir").symlink_to(tmp_path, target_is_directory=True)
    (server.output_dir / "inside.txt").symlink_to(server.output_dir / "robots.txt")
    for path in ("/escape.txt", "/static/escape-dir/outside.txt", "/static/escape-dir/"):
        status, _, body = request(server, path)
        assert status == 404, path
        assert SECRET.encode() not in body
    status, _, body = request(server, "/inside.txt")
    assert status == 200 and body == (server.output_dir / "robots.txt").read_bytes()


def test_dot_files_such_as_the_manifest_are_not_served(ro_server):
    assert (ro_server.output_dir / ".sitegen-manifest.json").is_file()
    status, _, body = request(ro_server, "/.sitegen-manifest.json")
    assert status == 404 and b'"files"' not in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}",
                                  "localhost.evil.example:{port}", "10.1.2.3:{port}", "127.0.0.1:1",
                                  "localhost", "[::1", "", None])
def test_foreign_host_header_is_refused(ro_server, host):
    value = host.format(port=ro_server.port) if host is not None else None
    if value is None:   # no Host header at all (an HTTP/1.0 request)
        with socket.create_connection(("127.0.0.1", ro_server.port), timeout=10) as sock:
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        assert data.startswith((b"HTTP/1.0 403", b"HTTP/1.1 403")), data[:40]
        assert b"The EV Notebook" not in data
        return
    status, _, body = request(ro_server, "/", headers={"Host": value})
    assert status == 403
    assert b"The EV Notebook" not in body
    events = EventStream(ro_server, host=value)
    assert events.wait_status() == 403
    events.close()


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}",
                                  "app.localhost:{port}"])
def test_own_names_are_accepted(ro_server, host):
    status, _, body = request(ro_server, "/", headers={"Host": host.format(port=ro_server.port)})
    assert status == 200 and b"The EV Notebook" in body


def test_host_check_rules():
    assert host_allowed("127.0.0.1:8000", "127.0.0.1", 8000, "127.0.0.1")
    assert not host_allowed("attacker.example:8000", "127.0.0.1", 8000, "127.0.0.1")
    # bound to all interfaces: the address the request came in on is this server's
    assert host_allowed("192.168.1.20:8000", "0.0.0.0", 8000, "192.168.1.20")
    assert not host_allowed("192.168.1.99:8000", "0.0.0.0", 8000, "192.168.1.20")
    assert host_allowed("mybox.lan:8000", "mybox.lan", 8000, "192.168.1.20")
    assert host_allowed("example.com", "127.0.0.1", 80, "127.0.0.1") is False
    assert host_allowed("localhost", "127.0.0.1", 80, "127.0.0.1")


def test_safe_relpath_rules():
    assert safe_relpath("/") == ""
    assert safe_relpath("/posts/a/") == "posts/a/"
    assert safe_relpath("/posts/a?x=1#y") == "posts/a"
    assert safe_relpath("/caf%C3%A9/") == "café/"
    assert safe_relpath("/%252e%252e/") == "%2e%2e/"        # decoded once: a literal name, not '..'
    for bad in ("/../x", "/a/./b", "/%2e%2e/x", "/a%2fb", "/a\\b", "/a%5cb", "/a%00", "x", "//x", "/%ff", "/.git/config"):
        assert safe_relpath(bad) is None, bad


# ---------------------------------------------------------------------------------------------
# files, types, 404, HEAD, 304
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, expected", [
    ("/", "text/html; charset=utf-8"),
    (WELCOME_URL, "text/html; charset=utf-8"),
    ("/static/css/style.css", "text/css; charset=utf-8"),
    ("/feed.xml", "application/rss+xml"),
    ("/atom.xml", "application/atom+xml"),
    ("/tags/meta/feed.xml", "application/rss+xml"),
    ("/feed.json", "application/feed+json"),
    ("/sitemap.xml", "application/xml"),
    ("/robots.txt", "text/plain; charset=utf-8"),
    ("/static/favicon.svg", "image/svg+xml"),
    ("/posts/2026/images/xiaomi-550k-cover.svg", "image/svg+xml"),
    ("/__sitegen__/reload.js", "text/javascript; charset=utf-8"),
])
def test_content_types(ro_server, path, expected):
    status, headers, _ = request(ro_server, path)
    assert status == 200
    assert headers["content-type"] == expected
    assert headers["x-content-type-options"] == "nosniff"


def test_content_type_table_for_fonts_images_and_scripts():
    assert content_type("static/f.woff2") == "font/woff2"
    assert content_type("static/f.woff") == "font/woff"
    assert content_type("a.png") == "image/png"
    assert content_type("a.JPG") == "image/jpeg"
    assert content_type("a.webp") == "image/webp"
    assert content_type("a.ico") == "image/x-icon"
    assert content_type("app.js") == "text/javascript; charset=utf-8"
    assert content_type("data.json") == "application/json"
    assert content_type("blob") == "application/octet-stream"


def test_folders_serve_index_html_and_redirect_without_slash(ro_server):
    status, _, body = request(ro_server, "/tags/")
    assert status == 200 and body.startswith((ro_server.output_dir / "tags" / "index.html").read_bytes()[:200])
    status, headers, _ = request(ro_server, "/tags?x=1")
    assert status == 301 and headers["location"] == "/tags/?x=1"


def test_no_folder_listing(ro_server):
    assert (ro_server.output_dir / "static" / "css").is_dir()
    status, _, body = request(ro_server, "/static/css/")
    assert status == 404
    assert b"highlight.css" not in body and b"charts.css" not in body
    assert body.startswith((ro_server.output_dir / "404.html").read_bytes()[:200])


def test_missing_pages_get_404_html_with_status_404(ro_server):
    status, headers, body = request(ro_server, "/no/such/page/")
    page = (ro_server.output_dir / "404.html").read_bytes()
    assert status == 404
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert re.sub(rb'<script src="/__sitegen__/reload.js"[^>]*></script>\n', b"", body) == page


def test_head_sends_headers_without_body(ro_server):
    _, get_headers, get_body = request(ro_server, "/static/css/style.css")
    status, headers, body = request(ro_server, "/static/css/style.css", method="HEAD")
    assert status == 200 and body == b""
    assert headers["content-length"] == str(len(get_body)) == get_headers["content-length"]
    assert headers["etag"] == get_headers["etag"]
    status, headers, body = request(ro_server, "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 1000


def test_conditional_get_answers_304_until_the_file_changes(server, site):
    status, headers, body = request(server, "/static/css/style.css")
    etag = headers["etag"]
    status, headers304, body = request(server, "/static/css/style.css", headers={"If-None-Match": etag})
    assert status == 304 and body == b"" and headers304["etag"] == etag
    status, _, body = request(server, "/static/css/style.css", headers={"If-None-Match": '"other"'})
    assert status == 200 and body
    # If-Modified-Since, on a file last changed long ago
    css = server.output_dir / "static" / "css" / "style.css"
    os.utime(css, (time.time() - 3600, time.time() - 3600))
    _, headers, _ = request(server, "/static/css/style.css")
    status, _, _ = request(server, "/static/css/style.css",
                           headers={"If-Modified-Since": headers["last-modified"]})
    assert status == 304
    # the file changes: the old validators no longer match
    change_and_wait(server, lambda: edit(site, "themes/default/static/css/style.css", "--max: 44rem", "--max: 45rem"))
    status, _, body = request(server, "/static/css/style.css", headers={"If-None-Match": etag})
    assert status == 200 and b"--max: 45rem" in body
    status, _, body = request(server, "/static/css/style.css", headers={"If-Modified-Since": headers["last-modified"]})
    assert status == 200 and b"--max: 45rem" in body


def test_reload_script_is_added_when_serving_and_never_to_built_files(server, site, tmp_path):
    tag = b'<script src="/__sitegen__/reload.js"'
    _, _, page = request(server, WELCOME_URL)
    assert page.count(tag) == 1
    assert page.index(tag) < page.rindex(b"</body>")
    _, _, css = request(server, "/static/css/style.css")
    assert b"__sitegen__" not in css
    _, _, feed = request(server, "/feed.xml")
    assert b"__sitegen__" not in feed
    for folder in (server.output_dir, tmp_path / "clean"):
        if folder != server.output_dir:
            build(Options(site_dir=site, output_dir=folder))
        files = snapshot(folder)
        assert WELCOME_OUT in files
        assert not [name for name, data in files.items() if b"__sitegen__" in data]


# ---------------------------------------------------------------------------------------------
# watching and rebuilding
# ---------------------------------------------------------------------------------------------

def test_editor_swap_backup_and_probe_files_are_ignored(site):
    server = start_server(site)
    try:
        posts = site / "content" / "posts" / "2026"
        before = server.state.attempts
        (posts / ".welcome-to-the-ev-notebook.md.swp").write_bytes(b"swap")
        (posts / ".welcome-to-the-ev-notebook.md.swx").write_bytes(b"swap")
        (posts / "welcome-to-the-ev-notebook.md~").write_text("backup")
        (posts / "4913").write_text("")
        (posts / "4913").unlink()
        (posts / "#welcome-to-the-ev-notebook.md#").write_text("emacs autosave")
        (posts / ".#welcome-to-the-ev-notebook.md").write_text("emacs lock")
        (site / "content" / ".hidden-dir").mkdir()
        (site / "content" / ".hidden-dir" / "x.md").write_text("hidden")
        (site / "sitegen.toml~").write_text("backup")
        assert not server.wait_for_attempt(before, timeout=0.8), "an ignored file caused a rebuild"
        # ... while a real save is seen, and rebuilt once
        edit(site, WELCOME, "Welcome. The EV Notebook", "Hello. The EV Notebook")
        assert server.wait_for_attempt(before, timeout=10)
        time.sleep(0.5)
        assert server.state.attempts == before + 1
        assert b"Hello. The EV Notebook" in request(server, WELCOME_URL)[2]
    finally:
        server.stop()


def _save_in_place(path: Path, text: str) -> None:
    with open(path, "r+", encoding="utf-8") as f:
        f.truncate(0)
        f.write(text)


def _save_temp_and_rename(path: Path, text: str) -> None:       # VS Code, Sublime (atomic save), many tools
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def _save_hidden_temp_and_rename(path: Path, text: str) -> None:
    tmp = path.with_name("." + path.name + ".XYZ123")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)


def _save_like_vim(path: Path, text: str) -> None:             # vim with 'writebackup', 'backupcopy=no'
    probe = path.with_name("4913")
    probe.write_text("")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    path.write_text(text, "utf-8")
    backup.unlink()


@pytest.mark.parametrize("save", [_save_in_place, _save_temp_and_rename, _save_hidden_temp_and_rename, _save_like_vim],
                         ids=["in-place", "temp-rename", "hidden-temp-rename", "vim-backup-rename"])
def test_saves_from_real_editors_are_rebuilt(server, site, save):
    path = site / WELCOME
    text = path.read_text("utf-8").replace("Welcome. The EV Notebook", f"Saved by {save.__name__}. The EV Notebook")
    change_and_wait(server, lambda: save(path, text))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        body = request(server, WELCOME_URL)[2]
        if f"Saved by {save.__name__}".encode() in body:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the saved text was not served")
    assert server.state.problems is None


def test_burst_of_saves_is_coalesced_into_one_rebuild(site):
    server = start_server(site, quiet=0.3)
    try:
        before = server.state.attempts
        path = site / WELCOME
        original = path.read_text("utf-8")
        for n in range(10):
            path.write_text(original.replace("Welcome. The EV Notebook", f"Save {n}. The EV Notebook"), "utf-8")
            time.sleep(0.01)
        assert server.wait_for_attempt(before, timeout=10)
        time.sleep(0.8)
        assert server.state.attempts == before + 1
        assert b"Save 9. The EV Notebook" in request(server, WELCOME_URL)[2]
    finally:
        server.stop()


def test_failed_rebuild_keeps_last_good_site_and_reports_the_error(server, site):
    stream = EventStream(server)
    first = stream.wait_for(lambda e: e[0] == "ok")
    assert first is not None
    good_page = request(server, WELCOME_URL)[2]
    good_build = server.state.build_id
    # a date that is no date, on line 3 of the file
    change_and_wait(server, lambda: edit(site, WELCOME, "date: 2026-01-05T08:00:00+00:00", "date: 2026-13-45"))
    assert server.state.problems, "the broken post was built"
    error = stream.wait_for(lambda e: e[0] == "error")
    assert error is not None
    problem = error[1]["problems"][0]
    assert problem["file"] == WELCOME and problem["line"] == 3
    assert "2026-13-45" in problem["message"] and problem["hint"]
    assert error[1]["build"] == good_build
    # the terminal has it, with file and line
    assert any(f"{WELCOME}:3" in line for line in server.logs)
    # the last good site is still served, unchanged
    status, _, page = request(server, WELCOME_URL)
    assert status == 200 and page == good_page
    # a page that connects now learns about the error at once
    late = EventStream(server)
    assert late.wait_for(lambda e: e[0] == "error", timeout=5) is not None
    # the next good save clears it
    change_and_wait(server, lambda: edit(site, WELCOME, "date: 2026-13-45", "date: 2026-01-06"))
    assert server.state.problems is None
    ok = stream.wait_for(lambda e: e[0] == "ok" and e[1]["build"] != good_build)
    assert ok is not None and ok[1]["prev"] == good_build
    assert late.wait_for(lambda e: e[0] == "ok", timeout=5) is not None
    assert b"2026-01-06" in request(server, WELCOME_URL)[2]
    stream.close()
    late.close()


def test_first_build_failing_still_serves_and_reports(tmp_path):
    site = make_site(tmp_path / "site")
    edit(site, WELCOME, 'title: "Welcome to The EV Notebook"', "title: [unclosed")
    server = start_server(site)
    try:
        assert server.state.problems and server.state.problems[0]["file"] == WELCOME
        status, _headers, body = request(server, "/")
        assert status == 404 and b"/__sitegen__/reload.js" in body
        stream = EventStream(server)
        assert stream.wait_for(lambda e: e[0] == "error") is not None
        change_and_wait(server, lambda: edit(site, WELCOME, "title: [unclosed", 'title: "Fixed"'))
        assert stream.wait_for(lambda e: e[0] == "ok") is not None
        assert request(server, "/")[0] == 200
        stream.close()
    finally:
        server.stop()


def test_ok_event_lists_the_output_files_a_change_touched(server, site):
    stream = EventStream(server)
    assert stream.wait_for(lambda e: e[0] == "ok")
    change_and_wait(server, lambda: edit(site, "themes/default/static/css/style.css", "--max: 44rem", "--max: 46rem"))
    ev = stream.wait_for(lambda e: e[0] == "ok" and e[1]["prev"] is not None)
    assert ev[1]["changed"] == ["static/css/style.css"]
    change_and_wait(server, lambda: edit(site, WELCOME, "Welcome. The EV", "Hi. The EV"))
    ev = stream.wait_for(lambda e: e[0] == "ok" and e[1]["prev"] is not None and WELCOME_OUT in (e[1]["changed"] or []))
    assert ev is not None and "static/css/style.css" not in ev[1]["changed"]
    stream.close()


def test_fifty_event_streams_all_get_the_update_and_requests_are_answered_during_a_rebuild(site):
    building = threading.Event()
    calls = []

    def slow_build(options):
        calls.append(1)
        if len(calls) > 1:
            building.set()
            time.sleep(1.5)
        try:
            return build(options)
        finally:
            building.clear()

    server = start_server(site, build_fn=slow_build)
    streams = [EventStream(server) for _ in range(50)]
    try:
        first_build = server.state.build_id
        assert all(s.wait_for(lambda e: e[0] == "ok", timeout=10) for s in streams)
        edit(site, WELCOME, "Welcome. The EV", "Fifty. The EV")
        assert building.wait(10), "the rebuild did not start"
        for path in ("/", "/static/css/style.css", WELCOME_URL, "/__sitegen__/reload.js"):
            started = time.monotonic()
            status, _, body = request(server, path)
            assert status == 200 and body
            assert time.monotonic() - started < 0.5, f"{path} waited for the rebuild"
        assert building.is_set(), "the requests were not made during the rebuild"
        late = EventStream(server)          # a page connecting mid-build is answered too
        assert late.wait_for(lambda e: e[0] == "ok", timeout=1) is not None
        streams.append(late)
        for s in streams:
            assert s.wait_for(lambda e: e[0] == "ok" and e[1]["build"] != first_build, timeout=10), "a page missed the update"
        assert server.event_clients == 51
    finally:
        for s in streams:
            s.close()
        server.stop()


# ---------------------------------------------------------------------------------------------
# incremental rebuilds equal clean builds, byte for byte
# ---------------------------------------------------------------------------------------------

def _post(title: str, date: str, body: str, author: str = "ev-desk", tags: str = "[Meta]") -> str:
    return f"---\ntitle: \"{title}\"\ndate: {date}\nauthor: {author}\ntags: {tags}\n---\n\n{body}\n"


EXTRA_POSTS = {
    name: _post(f"Post for the {name} change", f"2026-02-{10 + i:02d}", f"Body of the {name} post.")
    for i, name in enumerate(["body", "title", "tags", "author", "date", "delete", "rename"])
}


def _rename(site: Path) -> None:
    os.rename(site / "content/posts/2026/kind-rename.md", site / "content/posts/2026/kind-renamed.md")


def _add_site_catalogue(site: Path) -> None:
    """A German catalogue of the site's own, saved with CRLF line endings: it says a callout's
    type (a word the Markdown stage writes) and a theme string."""
    po = site / "locale" / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_bytes(b'msgid ""\r\nmsgstr ""\r\n"Content-Type: text/plain; charset=UTF-8\\n"\r\n\r\n'
                   b'msgid "Caution"\r\nmsgstr "Obacht"\r\n\r\n'
                   b'#, fuzzy\r\nmsgid "Tags"\r\nmsgstr "Etiketten"\r\n')


CHANGES = {
    "edit-body": (lambda s: edit(s, "content/posts/2026/kind-body.md", "Body of the body post.", "A new body."),
                  "posts/kind-body/index.html"),
    "change-title": (lambda s: edit(s, "content/posts/2026/kind-title.md", "Post for the title change", "A new title"),
                     "posts/kind-title/index.html"),
    "change-tags": (lambda s: edit(s, "content/posts/2026/kind-tags.md", "tags: [Meta]", "tags: [Meta, Batteries]"),
                    "tags/batteries/index.html"),
    "change-author": (lambda s: edit(s, "content/posts/2026/kind-author.md", "author: ev-desk", "author: taha-abbasi"),
                      "authors/taha-abbasi/index.html"),
    "change-date": (lambda s: edit(s, "content/posts/2026/kind-date.md", "date: 2026-02-14", "date: 2025-06-01"),
                    "archive/index.html"),
    "add-post": (lambda s: (s / "content/posts/2026/kind-added.md").write_text(
        _post("An added post", "2026-03-01", "Added."), "utf-8"), "posts/kind-added/index.html"),
    "delete-post": (lambda s: (s / "content/posts/2026/kind-delete.md").unlink(), "posts/kind-delete/index.html"),
    "rename-post": (_rename, "posts/kind-renamed/index.html"),
    "edit-template": (lambda s: edit(s, "themes/default/templates/post.html", '<p class="back">',
                                     '<p class="back" data-edited="1">'), WELCOME_OUT),
    "edit-css": (lambda s: edit(s, "themes/default/static/css/style.css", "--max: 44rem", "--max: 40rem"),
                 "static/css/style.css"),
    "edit-config": (lambda s: edit(s, "sitegen.toml", 'title = "The EV Notebook"', 'title = "The EV Notes"'),
                    "index.html"),
    "add-site-template": (lambda s: (s / "templates").mkdir() or (s / "templates" / "404.html").write_text(
        '{% extends "theme/404.html" %}{% block title %}Lost · {{ config.title }}{% endblock %}', "utf-8"),
        "404.html"),
    "add-content-image": (lambda s: (s / "content/images/new.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', "utf-8"), "images/new.svg"),
    "add-data-file": (lambda s: (s / "data").mkdir(exist_ok=True) or (s / "data" / "kind-data.yaml").write_text(
        "a: 1\n", "utf-8"), None),
    "add-site-catalogue": (_add_site_catalogue, "de/posts/xiaomi-550000-ev-target-2026/index.html"),
}


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("incremental") / "site")
    for name, text in EXTRA_POSTS.items():
        (site / f"content/posts/2026/kind-{name}.md").write_text(text, "utf-8")
    server = start_server(site)
    yield site, server
    server.stop()


@pytest.mark.parametrize("kind", list(CHANGES))
def test_incremental_rebuild_equals_clean_build(shared, tmp_path, kind):
    site, server = shared
    assert server.state.problems is None
    do, expected = CHANGES[kind]
    good_before = server.state.good
    change_and_wait(server, lambda: do(site))
    assert server.state.problems is None, server.state.problems
    assert server.state.good == good_before + 1
    if expected is not None:
        assert expected in server.state.changed, f"the change did not reach {expected}"
    # the search index follows in the background (issue 13): once it is done, it too must equal
    # the index of a clean build
    assert server._search is not None and server._search.wait_idle(60)
    clean = tmp_path / "clean"
    build(dataclasses.replace(server.options(output_dir=clean), search_index=True))
    served, fresh = snapshot(server.output_dir), snapshot(clean)
    assert sorted(served) == sorted(fresh)
    different = [name for name in fresh if served[name] != fresh[name]]
    assert not different
    if kind == "add-site-catalogue":
        assert b'<span class="visually-hidden">Obacht: </span>Ein Ziel' in served["de/posts/xiaomi-550000-ev-target-2026/index.html"]


def test_theme_outside_the_site_is_watched_without_extra_rebuilds(tmp_path):
    site = make_site(tmp_path / "site")
    shutil.rmtree(site / "themes")            # the built-in theme, from outside the site
    from sitegen.pipeline.render.theme import builtin_themes_dir
    server = start_server(site)
    try:
        assert server.state.good == 1
        theme = os.path.realpath(builtin_themes_dir() / "default")
        assert theme in server._watcher.roots()
        assert not server.wait_for_attempt(1, timeout=0.5), "watching the theme caused a rebuild"
    finally:
        server.stop()
