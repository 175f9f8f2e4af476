"""`sitegen serve`: build, serve on localhost, rebuild on every save, update open pages.

    watchdog events -> Debouncer -> builder thread: build() into a private folder
                                                  -> Hub: "ok"/"error" event to every page
    ThreadingHTTPServer: files of the last good build (+ the live-reload script in HTML),
                         /__sitegen__/events (Server-Sent Events), reload.js, worker.js

* The site is built into SITE/.sitegen-cache/serve/site/ (a temporary folder when another
  server of the same site holds that one), never into the user's output/, with base_url set
  to the served address.  build() is all or nothing and replaces each file with os.replace,
  so a request sees a whole old or a whole new file, and a failed build leaves the last good
  site in place.  Serving never waits for a build; every rebuild is a plain build() call, so
  a faster (cached, incremental) build() makes the server faster with no change here.
* After a build the output files that changed are found by comparing the build's manifest
  (`.sitegen-manifest.json`: file -> sha256) with the previous one; pages use that list to
  swap their body, their stylesheets or images, or nothing (see livereload.py).
* Safety: only files inside the served folder (no `..`, encoded slashes or backslashes, no
  symlinks that lead out, no dot files); requests must name this server in their Host header
  (DNS rebinding); binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import email.utils
import html
import ipaddress
import json
import os
import queue
import secrets
import shutil
import socket
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote

from .errors import Problem, SitegenError, UsageError
from .livereload import RELOAD_JS, WORKER_JS
from .watch import Debouncer, SiteWatcher

OWN_PREFIX = "/__sitegen__/"
MANIFEST = ".sitegen-manifest.json"
SERVE_DIR = Path(".sitegen-cache") / "serve"     # beside the build cache, ignored by git
MAX_CHANGED = 2000          # longer change lists are sent as "everything" (null)

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".bmp": "image/bmp",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".zip": "application/zip",
}
FEED_TYPES = {          # by file name: feeds anywhere in the site (/feed.xml, /tags/x/atom.xml)
    "feed.xml": "application/rss+xml",
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}


def content_type(name: str) -> str:
    base = name.rsplit("/", 1)[-1].lower()
    if base in FEED_TYPES:
        return FEED_TYPES[base]
    return CONTENT_TYPES.get(os.path.splitext(base)[1], "application/octet-stream")


# ---------------------------------------------------------------------------------------------
# Request checks: which file a path names, and whether the Host header names this server
# ---------------------------------------------------------------------------------------------

def safe_relpath(raw_path: str) -> str | None:
    """The output-relative path a request path names, or None when it must be refused.

    The path is percent-decoded exactly once.  Refused: anything not starting with '/',
    encoded slashes, backslashes (plain or encoded), NUL, '..' or '.' segments, dot files
    and folders, and invalid UTF-8.  The result may still be a folder or a missing file.
    """
    path = raw_path.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or path.startswith("//"):
        return None
    lowered = path.lower()
    if "%2f" in lowered or "%5c" in lowered or "\\" in path or "%00" in lowered:
        return None
    try:
        decoded = unquote(path, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = decoded.split("/")[1:]
    trailing = parts and parts[-1] == ""
    parts = [p for p in parts if p != ""]
    for part in parts:
        if part in (".", "..") or part.startswith(".") or os.sep in part or (os.altsep and os.altsep in part):
            return None
    rel = "/".join(parts)
    return rel + ("/" if trailing and rel else "")


def inside(root_real: str, path: str) -> str | None:
    """The real path of `path` when it resolves (symlinks followed) inside `root_real`."""
    real = os.path.realpath(path)
    if real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep):
        return real
    return None


def split_host(value: str) -> tuple[str, int | None] | None:
    value = value.strip().lower()
    if not value:
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1:]
        if rest and not rest.startswith(":"):
            return None
        port_text = rest[1:] if rest else ""
    elif value.count(":") == 1:
        name, port_text = value.split(":")
    elif ":" in value:
        return None                  # a bare IPv6 address must be in brackets
    else:
        name, port_text = value, ""
    if port_text:
        if not port_text.isdigit():
            return None
        port: int | None = int(port_text)
    else:
        port = None
    return name.rstrip("."), port


def host_allowed(host_header: str | None, server_host: str, server_port: int, local_addr: str) -> bool:
    """Whether a Host header names this server (anything else may be a DNS-rebinding page)."""
    if not host_header:
        return False
    parsed = split_host(host_header)
    if parsed is None:
        return False
    name, port = parsed
    if port is None:
        if server_port != 80:
            return False
    elif port != server_port:
        return False
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        ip = None
    if ip is not None:
        if ip.is_loopback:
            return True
        local = local_addr.lower().removeprefix("::ffff:")
        return name == local or name == server_host.lower().strip("[]")
    bound = server_host.lower().strip("[]")
    if name == bound:
        return True
    wildcard = bound in ("", "0.0.0.0", "::")
    if wildcard or not _is_loopback(bound):
        try:
            own = {socket.gethostname().lower(), socket.getfqdn().lower()}
        except OSError:
            own = set()
        return name in own
    return False


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def inject(page: bytes, tag: bytes) -> bytes:
    """The page with `tag` before its last </body> (at the end when it has none)."""
    at = page.lower().rfind(b"</body>")
    if at < 0:
        return page + tag
    return page[:at] + tag + page[at:]


# ---------------------------------------------------------------------------------------------
# The event hub: Server-Sent Events to every open page
# ---------------------------------------------------------------------------------------------

class Hub:
    """Keeps the current state and one queue per connected page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[queue.Queue] = set()
        self._state = b""
        self._closed = False

    @staticmethod
    def event(kind: str, data: dict) -> bytes:
        return f"event: {kind}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode("utf-8")

    def subscribe(self) -> queue.Queue:
        q: queue.Queue = queue.Queue()
        with self._lock:
            if self._closed:
                q.put(None)
            else:
                q.put(self._state)
                self._clients.add(q)
        return q

    def unsubscribe(self, q: queue.Queue) -> None:
        with self._lock:
            self._clients.discard(q)

    def publish(self, message: bytes, state: bytes) -> None:
        """Send message to everyone connected; pages that connect later get state."""
        with self._lock:
            self._state = state
            for q in self._clients:
                q.put(message)

    @property
    def clients(self) -> int:
        with self._lock:
            return len(self._clients)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for q in self._clients:
                q.put(None)
            self._clients.clear()


# ---------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------

class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    preview: "PreviewServer"

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6 and self.server_address[0] in ("::", ""):
            try:
                self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            except (OSError, AttributeError):
                pass
        # Not HTTPServer.server_bind: it calls getfqdn(), a DNS lookup that can take seconds.
        import socketserver
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = self.server_address[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sitegen"
    sys_version = ""
    server: _HTTPServer

    # Quiet: the terminal is for builds and errors.  Misses are logged by serve_missing, since
    # on a preview they are usually broken links.
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def _refuse(self, status: int, text: str, head: bool) -> None:
        body = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _handle(self, head: bool) -> None:
        preview = self.server.preview
        local = self.connection.getsockname()[0] if self.connection else ""
        if not host_allowed(self.headers.get("Host"), preview.host, preview.port, str(local)):
            self._refuse(HTTPStatus.FORBIDDEN, "Refused: this server answers only to its own address "
                         "(the Host header names another).", head)
            return
        path = self.path
        if path.startswith(OWN_PREFIX):
            self._own(path.split("?", 1)[0][len(OWN_PREFIX):], head)
            return
        rel = safe_relpath(path)
        if rel is None:
            self._not_found(head)
            return
        preview.serve_file(self, rel, head)

    def _own(self, name: str, head: bool) -> None:
        if name == "events" and not head:
            self.server.preview.stream_events(self)
        elif name in ("reload.js", "worker.js"):
            body = (RELOAD_JS if name == "reload.js" else WORKER_JS).encode("utf-8")
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if not head:
                self.wfile.write(body)
        else:
            self._not_found(head)

    def _not_found(self, head: bool) -> None:
        self.server.preview.serve_missing(self, head)


# ---------------------------------------------------------------------------------------------
# The preview server
# ---------------------------------------------------------------------------------------------

@dataclass
class BuildState:
    attempts: int = 0           # builds tried (good or bad)
    good: int = 0               # builds that succeeded
    build_id: str = ""          # the last good build ("" before the first)
    problems: list[dict] | None = None   # the last attempt's problems, None when it succeeded
    changed: list[str] | None = None     # output files the last good build changed


Log = Callable[[str], None]


def _print(message: str) -> None:
    print(message, flush=True)


def _print_err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class PreviewServer:
    """Build, serve and rebuild one site.  `start()` returns once the first build is done."""

    def __init__(self, site_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False,
                 future: bool = False, quiet: float = 0.02, max_wait: float = 1.0,
                 log: Log = _print, log_error: Log = _print_err,
                 build_fn: Callable[..., Any] | None = None):
        self.site_dir = Path(site_dir)
        self.host = host
        self.port = port
        self.drafts = drafts
        self.future = future
        self.log = log
        self.log_error = log_error
        if build_fn is None:
            from .build import build as build_fn
        self.build_fn = build_fn
        self.state = BuildState()
        self._instance = secrets.token_hex(3)
        self._cond = threading.Condition()
        self._hub = Hub()
        self._debouncer = Debouncer(quiet=quiet, max_wait=max_wait)
        self._watcher = SiteWatcher(self.site_dir, self._debouncer.add)
        self._manifest: dict[str, str] = {}
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._tmp: str | None = None
        self._lock_fd: int | None = None
        self.output_dir = Path()
        self.base_url = ""

    # -- life cycle ------------------------------------------------------------------------
    def bind(self) -> None:
        """Take the address (OSError when it is in use); port 0 becomes a free port."""
        if self._httpd is not None:
            return
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        server_cls = type("_Server", (_HTTPServer,), {"address_family": family})
        self._httpd = server_cls((self.host, self.port), Handler)
        self._httpd.preview = self
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://{self.display_host}:{self.port}/"

    def start(self) -> "PreviewServer":
        self.bind()
        self.output_dir = self._claim_output_dir()
        self._root_real = os.path.join(os.path.realpath(self.output_dir.parent), self.output_dir.name)
        try:
            self._watcher.start()            # before the first build: no save is lost
        except OSError as err:
            self.log_error(f"sitegen: cannot watch {self.site_dir} for changes ({err}); serving without rebuilds")
        self._rebuild(None)
        self._spawn(lambda: self._httpd.serve_forever(poll_interval=0.05), "sitegen-http")
        self._spawn(self._build_loop, "sitegen-builder")
        return self

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._debouncer.close()
        try:
            self._watcher.stop()
        except Exception:
            pass
        self._hub.close()
        if self._httpd is not None:
            if any(t.name == "sitegen-http" for t in self._threads):
                self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=1)
            if thread.is_alive() and thread.name == "sitegen-builder":
                self.log("Waiting for the current build to finish (press Ctrl-C again to quit at once) ...")
                thread.join()
        finished = not any(t.is_alive() for t in self._threads)
        if self._tmp and finished:
            shutil.rmtree(self._tmp, ignore_errors=True)
        if self._lock_fd is not None:
            if finished:                     # no build was cut off: the folder can be trusted
                (self.output_dir.parent / "clean").touch()
            os.close(self._lock_fd)          # releases the folder for the next session
            self._lock_fd = None

    def _claim_output_dir(self) -> Path:
        """SITE/.sitegen-cache/serve/site, kept between sessions so a restart rewrites only
        what changed; a temporary folder when another server of this site holds it (or the
        site folder is read-only)."""
        base = self.site_dir / SERVE_DIR
        fd = None
        try:
            base.mkdir(parents=True, exist_ok=True)
            fd = os.open(base / "lock", os.O_RDWR | os.O_CREAT, 0o644)
            import fcntl
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except (OSError, ImportError):
            if fd is not None:
                os.close(fd)
            self._tmp = tempfile.mkdtemp(prefix="sitegen-serve-")
            return Path(self._tmp) / "site"
        self._lock_fd = fd
        for stale in base.glob(".sitegen-staging-*"):       # left by a session that was killed
            shutil.rmtree(stale, ignore_errors=True)
        marker = base / "clean"
        if not marker.exists():
            # The last session was killed, perhaps in the middle of writing files: start afresh.
            shutil.rmtree(base / "site", ignore_errors=True)
        else:
            marker.unlink()
        return base / "site"

    def __enter__(self) -> "PreviewServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def display_host(self) -> str:
        host = self.host
        if host in ("", "0.0.0.0"):
            return "127.0.0.1"
        if host == "::":
            return "[::1]"
        return f"[{host}]" if ":" in host else host

    @property
    def url(self) -> str:
        return self.base_url

    # -- building --------------------------------------------------------------------------
    def options(self, output_dir: Path | None = None):
        from .build import Options
        return Options(site_dir=self.site_dir, output_dir=output_dir or self.output_dir, base_url=self.base_url,
                       drafts=self.drafts, future=self.future)

    def _build_loop(self) -> None:
        while not self._stopping.is_set():
            changes = self._debouncer.wait()
            if changes is None or self._stopping.is_set():
                return
            self._rebuild(changes)

    def _rebuild(self, changes: set[str] | None) -> None:
        what = ""
        if changes:
            shown = sorted(changes)
            what = shown[0] + (f" and {len(shown) - 1} more" if len(shown) > 1 else "")
        try:
            report = self.build_fn(self.options())
        except SitegenError as err:
            self._failed([_problem(p) for p in err.problems], what)
            return
        except Exception as exc:         # a bug, or a file that vanished mid-read: keep serving
            self.log_error(traceback.format_exc().rstrip())
            self._failed([{"file": None, "line": None, "message": f"{type(exc).__name__}: {exc}",
                           "hint": "this may be a bug in sitegen; the traceback is in the terminal"}], what)
            return
        finally:
            self._watch_theme()
        self._succeeded(report, what)

    def _watch_theme(self) -> None:
        try:
            from .config import load_config
            from .theme import find_theme
            theme = find_theme(self.site_dir, load_config(self.site_dir, {}).theme)
            self._watcher.set_extra([theme.path])
        except Exception:
            pass                         # a broken config: keep the folders watched so far

    def _read_manifest(self) -> dict[str, str] | None:
        try:
            files = json.loads((self.output_dir / MANIFEST).read_text("utf-8")).get("files")
        except (OSError, ValueError, AttributeError):
            return None
        return files if isinstance(files, dict) else None

    def _succeeded(self, report: Any, what: str) -> None:
        after = self._read_manifest()
        changed: list[str] | None = None
        if after is not None:
            before = self._manifest
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            self._manifest = after
            if len(changed) > MAX_CHANGED:
                changed = None
        with self._cond:
            prev = self.state.build_id or None
            self.state.attempts += 1
            self.state.good += 1
            self.state.build_id = f"{self._instance}.{self.state.good}"
            self.state.problems = None
            self.state.changed = changed
            build_id = self.state.build_id
            self._cond.notify_all()
        msg = {"build": build_id, "prev": prev, "changed": changed}
        self._hub.publish(Hub.event("ok", msg), Hub.event("ok", {"build": build_id, "prev": None, "changed": None}))
        summary = report.summary() if hasattr(report, "summary") else "Built"
        stamp = time.strftime("%H:%M:%S")
        self.log(f"[{stamp}] {summary}" + (f" after a change to {what}" if what else ""))

    def _failed(self, problems: list[dict], what: str) -> None:
        if self._debouncer.pending() and not self._stopping.is_set():
            # More saves came in while this build ran (say, an editor that writes a file in
            # two steps and the build read it in between): the next build will tell.
            return
        with self._cond:
            self.state.attempts += 1
            self.state.problems = problems
            build_id = self.state.build_id
            self._cond.notify_all()
        event = Hub.event("error", {"build": build_id, "problems": problems})
        self._hub.publish(event, event)
        count = len(problems)
        stamp = time.strftime("%H:%M:%S")
        lines = [f"[{stamp}] sitegen: {count} problem{'s' if count != 1 else ''} found"
                 + (f" after a change to {what}" if what else "")
                 + ("; still serving the last good build:" if build_id else "; nothing to serve yet:")]
        for p in problems:
            lines.append("  " + str(Problem(p["message"], p["file"], p["line"], p["hint"])))
        self.log_error("\n".join(lines))

    def wait_for_attempt(self, after: int, timeout: float = 10.0) -> bool:
        """Wait until more than `after` builds were attempted (tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.state.attempts <= after:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True

    # -- serving ---------------------------------------------------------------------------
    def serve_file(self, handler: Handler, rel: str, head: bool) -> None:
        build_id = self.state.build_id          # read before the file: a page is never newer than its stamp claims
        root = self._root_real
        target = os.path.join(root, *rel.rstrip("/").split("/")) if rel else root
        real = inside(root, target)
        if real is None:
            self.serve_missing(handler, head)
            return
        if os.path.isdir(real):
            if rel and not rel.endswith("/"):
                location = handler.path.split("?", 1)
                handler.send_response(HTTPStatus.MOVED_PERMANENTLY)
                handler.send_header("Location", location[0] + "/" + ("?" + location[1] if len(location) > 1 else ""))
                handler.send_header("Content-Length", "0")
                handler.send_header("Cache-Control", "no-cache")
                handler.end_headers()
                return
            real = inside(root, os.path.join(real, "index.html"))
            rel = (rel + "index.html") if rel else "index.html"
            if real is None or not os.path.isfile(real):
                self.serve_missing(handler, head)
                return
        elif rel.endswith("/"):
            self.serve_missing(handler, head)
            return
        self._send(handler, real, rel, HTTPStatus.OK, head, build_id)

    def serve_missing(self, handler: Handler, head: bool) -> None:
        build_id = self.state.build_id
        if build_id:
            shown = "".join(c if c.isprintable() else "?" for c in handler.path[:200])
            self.log(f"[{time.strftime('%H:%M:%S')}] 404 {shown}")
        page = inside(self._root_real, os.path.join(self._root_real, "404.html"))
        if page and os.path.isfile(page):
            self._send(handler, page, "404.html", HTTPStatus.NOT_FOUND, head, build_id)
            return
        if not build_id:       # no good build yet: a page that will show the error and then the site
            body = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitegen</title></head>"
                    b"<body><p>sitegen: waiting for a build that works.</p></body></html>\n")
            body = inject(body, self._tag("", ""))
            self._respond(handler, HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body, head, {})
            return
        handler._refuse(HTTPStatus.NOT_FOUND, "Not found", head)

    def _tag(self, build_id: str, page: str) -> bytes:
        return (f'<script src="{OWN_PREFIX}reload.js" data-build="{html.escape(build_id)}" '
                f'data-page="{html.escape(page)}" defer></script>\n').encode("utf-8")

    def _send(self, handler: Handler, real: str, rel: str, status: int, head: bool, build_id: str) -> None:
        try:
            with open(real, "rb") as f:
                st = os.fstat(f.fileno())
                body = f.read()
        except OSError:               # replaced or removed this instant
            if status == HTTPStatus.NOT_FOUND:
                handler._refuse(HTTPStatus.NOT_FOUND, "Not found", head)
            else:
                self.serve_missing(handler, head)
            return
        ctype = content_type(rel)
        is_html = ctype.startswith("text/html")
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}-{st.st_ino:x}' + (f"-{build_id}" if is_html else "") + '"'
        headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(st.st_mtime, usegmt=True)}
        if status == HTTPStatus.OK and _not_modified(handler, etag, st.st_mtime):
            handler.send_response(HTTPStatus.NOT_MODIFIED)
            for k, v in headers.items():
                handler.send_header(k, v)
            handler.send_header("Cache-Control", "no-cache")
            handler.end_headers()
            return
        if is_html:
            body = inject(body, self._tag(build_id, rel))
        self._respond(handler, status, ctype, body, head, headers if status == HTTPStatus.OK else {})

    @staticmethod
    def _respond(handler: Handler, status: int, ctype: str, body: bytes, head: bool, headers: dict) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Cache-Control", "no-cache")
        handler.send_header("X-Content-Type-Options", "nosniff")
        for k, v in headers.items():
            handler.send_header(k, v)
        handler.end_headers()
        if not head:
            handler.wfile.write(body)

    def stream_events(self, handler: Handler) -> None:
        handler.close_connection = True
        handler.send_response(HTTPStatus.OK)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-store")
        handler.send_header("X-Accel-Buffering", "no")
        handler.send_header("Connection", "close")
        handler.end_headers()
        q = self._hub.subscribe()
        try:
            handler.wfile.write(b"retry: 500\n\n")
            while True:
                try:
                    message = q.get(timeout=15)
                except queue.Empty:
                    message = b": ping\n\n"          # finds closed connections; keeps proxies open
                if message is None:
                    break
                if message:
                    handler.wfile.write(message)
                    handler.wfile.flush()
        except OSError:
            pass
        finally:
            self._hub.unsubscribe(q)

    @property
    def event_clients(self) -> int:
        return self._hub.clients


def _not_modified(handler: Handler, etag: str, mtime: float) -> bool:
    inm = handler.headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = handler.headers.get("If-Modified-Since")
    if ims is None:
        return False
    try:
        since = email.utils.parsedate_to_datetime(ims).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    # Last-Modified has whole seconds: a file changed twice within a second would look
    # unchanged, so files changed in the last two seconds are always sent.
    if time.time() - mtime < 2:
        return False
    return int(mtime) <= since


def _problem(p: Problem) -> dict:
    return {"file": p.file, "line": p.line, "message": p.message, "hint": p.hint}


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------

def serve(site_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False,
          future: bool = False, open_browser: bool = False) -> int:
    """`sitegen serve`: runs until Ctrl-C; returns the exit code."""
    import signal
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise UsageError(f"site folder not found: {site_dir}", hint="give the folder that holds content/ and sitegen.toml")
    server = PreviewServer(site_dir, host=host, port=port, drafts=drafts, future=future)
    try:
        server.bind()
    except OSError as err:
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror or err}",
                         hint="choose another port with --port, or --port 0 for any free one") from None
    print(f"Building {site_dir} ...", flush=True)
    server.start()
    stop = threading.Event()
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, lambda *a: stop.set())
    except ValueError:          # not the main thread
        pass
    print(f"Serving {server.url}  (watching {site_dir}; press Ctrl-C to stop)", flush=True)
    if open_browser:
        threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping.", flush=True)
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0
