"""Helpers of the import tests: a local HTTP server (never the network) and a one-call import."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "importers"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a730000001649444154789c633ca1a1c1"
                    "c0c0c0c4c0c0c0c0c000000dea011c249510340000000049454e44ae426082")      # 2 x 2, red: the build reads it


def jpeg(shade: int = 128, size: int = 4) -> bytes:
    """A small JPEG the build can read; different shades give different bytes."""
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (size, size), (shade, shade, shade)).save(out, "JPEG")
    return out.getvalue()


@contextmanager
def http_server(routes: dict[str, tuple[int, str, bytes] | tuple[int, str, bytes, float]]) -> Iterator[str]:
    """Serve `routes` (path -> (status, content type, body[, delay seconds])) on 127.0.0.1; yields the base URL.

    Every request is recorded in the server's `hits` list, reachable as `served.hits` on the URL string."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            route = routes.get(self.path.split("?", 1)[0])
            if route is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<p>not here</p>")
                return
            status, kind, body = route[0], route[1], route[2]
            if len(route) > 3:
                time.sleep(route[3])     # type: ignore[misc]
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield _Base(f"http://127.0.0.1:{server.server_address[1]}", hits)
    finally:
        server.shutdown()
        server.server_close()


class _Base(str):
    hits: list[str]

    def __new__(cls, value: str, hits: list[str]) -> _Base:
        obj = super().__new__(cls, value)
        obj.hits = hits
        return obj


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def text_of(folder: Path) -> str:
    """Every text file the import wrote, joined (to look for things that must never be written)."""
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix in (".md", ".yaml", ".toml"):
            out.append(p.read_text("utf-8"))
    return "\n".join(out)


def front(path: Path) -> tuple[dict, str]:
    """(front matter, body) of a written file, read with PyYAML (not with sitegen)."""
    import yaml
    text = path.read_text("utf-8")
    assert text.startswith("---\n"), f"{path} does not start with front matter"
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def run_import(kind: str, src: Path | str, site: Path, **options: object) -> str:
    """Import in-process; returns the report."""
    import io

    from sitegen.importers.cli import import_site
    out = io.StringIO()
    assert import_site(kind, str(src), site, out=out, **options) == 0    # type: ignore[arg-type]
    return out.getvalue()
