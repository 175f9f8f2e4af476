"""The HTTP side of `sitegen serve`: files of the last good build (with the live-reload script
added to HTML), the event stream, and the two scripts under /__sitegen__/.

Serving never waits for a build: build() replaces each file with os.replace, so a request sees
a whole old or a whole new file.

Limits, so that no client can stall the server or grow its memory without bound:
* at most `max_connections` connections at once (512); one more is answered 503 at once;
* a connection that sends or takes nothing for `idle_timeout` seconds (30) is closed: an idle
  keep-alive connection, a request sent byte by byte, a download or an event stream that the
  client stopped reading (its queued events go with it; the page reconnects when it reads
  again);
* request lines and header lines over 64 KiB are refused (414, 431), as http.server does;
* files other than HTML are sent in pieces of 64 KiB, never read whole into memory.
"""

from __future__ import annotations

import email.utils
import os
import queue
import socket
import socketserver
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from sitegen.serve.livereload import OWN_PREFIX, SCRIPTS, inject, script, tag
from sitegen.serve.paths import content_type, host_allowed, inside, safe_relpath

if TYPE_CHECKING:
    from sitegen.serve.server import PreviewServer


CHUNK = 64 * 1024
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Content-Length: 35\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        b"Too many connections; retry soon.\r\n")


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    idle_timeout = 30.0             # seconds a connection may send or take nothing
    max_connections = 512           # connections served at once; more are answered 503
    preview: PreviewServer

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._open = 0                  # connections being served
        self._open_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            full = self._open >= self.max_connections
            if not full:
                self._open += 1
        if full:
            try:
                request.setblocking(False)
                request.send(BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._open_lock:
                self._open -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return              # the client went away or stopped reading (idle_timeout): nothing to report
        super().handle_error(request, client_address)

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6 and self.server_address[0] in ("::", ""):
            try:
                self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            except (OSError, AttributeError):
                pass
        # Not HTTPServer.server_bind: it calls getfqdn(), a DNS lookup that can take seconds.
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = self.server_address[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "sitegen"
    sys_version = ""
    server: HTTPServer

    # Quiet: the terminal is for builds and errors.  Misses are logged by serve_missing, since
    # on a preview they are usually broken links.
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.idle_timeout)

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    def refuse(self, status: int, text: str, head: bool) -> None:
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
            self.refuse(HTTPStatus.FORBIDDEN, "Refused: this server answers only to its own address "
                        "(the Host header names another).", head)
            return
        path = self.path
        if path.startswith(OWN_PREFIX):
            self._own(path.split("?", 1)[0][len(OWN_PREFIX):], head)
            return
        rel = safe_relpath(path)
        if rel is None:
            self.serve_missing(head)
            return
        self.serve_file(rel, head)

    def _own(self, name: str, head: bool) -> None:
        if name == "events" and not head:
            self.stream_events()
        elif name in SCRIPTS:
            self.respond(HTTPStatus.OK, "text/javascript; charset=utf-8", script(name), head, {})
        else:
            self.serve_missing(head)

    # -- files of the last good build ------------------------------------------------------
    def serve_file(self, rel: str, head: bool) -> None:
        preview = self.server.preview
        build_id = preview.state.build_id       # read before the file: a page is never newer than its stamp claims
        root = preview.root_real
        target = os.path.join(root, *rel.rstrip("/").split("/")) if rel else root
        real = inside(root, target)
        if real is None:
            self.serve_missing(head)
            return
        if os.path.isdir(real):
            if rel and not rel.endswith("/"):
                location = self.path.split("?", 1)
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", location[0] + "/" + ("?" + location[1] if len(location) > 1 else ""))
                self.send_header("Content-Length", "0")
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()
                return
            real = inside(root, os.path.join(real, "index.html"))
            rel = (rel + "index.html") if rel else "index.html"
            if real is None or not os.path.isfile(real):
                self.serve_missing(head)
                return
        elif rel.endswith("/"):
            self.serve_missing(head)
            return
        self._send(real, rel, HTTPStatus.OK, head, build_id)

    def serve_missing(self, head: bool) -> None:
        preview = self.server.preview
        build_id = preview.state.build_id
        if build_id:
            shown = "".join(c if c.isprintable() else "?" for c in self.path[:200])
            preview.log(f"[{time.strftime('%H:%M:%S')}] 404 {shown}")
        page = inside(preview.root_real, os.path.join(preview.root_real, "404.html"))
        if page and os.path.isfile(page):
            self._send(page, "404.html", HTTPStatus.NOT_FOUND, head, build_id)
            return
        if not build_id:       # no good build yet: a page that will show the error and then the site
            body = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitegen</title></head>"
                    b"<body><p>sitegen: waiting for a build that works.</p></body></html>\n")
            body = inject(body, tag("", ""))
            self.respond(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body, head, {})
            return
        self.refuse(HTTPStatus.NOT_FOUND, "Not found", head)

    def _send(self, real: str, rel: str, status: int, head: bool, build_id: str) -> None:
        try:
            f = open(real, "rb")  # noqa: SIM115 - closed below, after the body is sent
        except OSError:               # replaced or removed this instant
            if status == HTTPStatus.NOT_FOUND:
                self.refuse(HTTPStatus.NOT_FOUND, "Not found", head)
            else:
                self.serve_missing(head)
            return
        with f:
            self._send_open(f, rel, status, head, build_id)

    def _send_open(self, f: Any, rel: str, status: int, head: bool, build_id: str) -> None:
        st = os.fstat(f.fileno())
        ctype = content_type(rel)
        is_html = ctype.startswith("text/html")
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}-{st.st_ino:x}' + (f"-{build_id}" if is_html else "") + '"'
        headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(st.st_mtime, usegmt=True)}
        if status == HTTPStatus.OK and self._not_modified(etag, st.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Cache-Control", "no-cache")
            self.end_headers()
            return
        if not is_html:               # sent in pieces: memory stays small for any file and any number of clients
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(st.st_size))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            for k, v in (headers if status == HTTPStatus.OK else {}).items():
                self.send_header(k, v)
            self.end_headers()
            if not head:
                left = st.st_size
                while left > 0:
                    chunk = f.read(min(CHUNK, left))
                    if not chunk:         # the file shrank while being sent: the client sees a short body
                        self.close_connection = True
                        break
                    self.wfile.write(chunk)
                    left -= len(chunk)
            return
        body = inject(f.read(), tag(build_id, rel))
        self.respond(status, ctype, body, head, headers if status == HTTPStatus.OK else {})
        # (once the page is sent: an edit's bookkeeping waits for this, and would otherwise hold
        # the interpreter while this thread still sends the page)
        self.server.preview.page_viewed(rel)

    def respond(self, status: int, ctype: str, body: bytes, head: bool, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
            return "*" in tags or etag in tags
        ims = self.headers.get("If-Modified-Since")
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

    # -- the event stream -------------------------------------------------------------------
    def stream_events(self) -> None:
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Accel-Buffering", "no")
        self.send_header("Connection", "close")
        self.end_headers()
        hub = self.server.preview.hub
        q = hub.subscribe()
        try:
            self.wfile.write(b"retry: 500\n\n")
            while True:
                try:
                    message = q.get(timeout=15)
                except queue.Empty:
                    message = b": ping\n\n"          # finds closed connections; keeps proxies open
                if message is None:
                    break
                if message:
                    self.wfile.write(message)
                    self.wfile.flush()
        except OSError:
            pass
        finally:
            hub.unsubscribe(q)
