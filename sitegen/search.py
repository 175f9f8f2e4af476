"""The Pagefind step: index the written site into `output/pagefind/`.

The step runs after the writer has committed the pages, and only when some page changed (the
pipeline decides that; this module only indexes). Pagefind (the `pagefind[extended]` wheel
from PyPI, whose extended binary also segments Chinese and Japanese text) reads the built
HTML. Only elements the theme marks are indexed: the post body (`data-pagefind-body`), its
title, date and author (`data-pagefind-meta`), its tags and authors as filters
(`data-pagefind-filter`) and its cover as the result image; list pages carry no marks and are
left out.

All or nothing, like the writer: the new index is built in a folder beside the output and
swapped in only when Pagefind succeeded, so a failed or interrupted run leaves the previous
index (or none) in place, never half of one. The index folder carries a marker file naming
sitegen as its author; a `pagefind/` folder without it is the user's and is never replaced
or removed.

Two ways to drive Pagefind, with the same result: its command line (`index_site`, the
default), or its Python API fed in batches of pages (`index_site(..., batch=N)`), which keeps
at most N pages of HTML in this process at a time.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator

from .errors import SitegenError

INDEX_DIR = "pagefind"                  # the folder inside the output, as the theme links it
MARKER = ".sitegen-search"             # inside INDEX_DIR: this index was made by sitegen
FIX = "reinstall sitegen's search dependency: pip install 'pagefind[extended]>=1.5', or set search = false in sitegen.toml"
TIMEOUT = 30 * 60                       # seconds; far above 10,000 posts (about 30 s)
# Marks inside the indexed body that are not text: the heading anchors (#) and footnote returns.
EXCLUDE = (".heading-anchor", ".footnote-backref")


class SearchError(SitegenError):
    """Pagefind is missing or failed; the output keeps its previous index."""


@dataclass(frozen=True)
class IndexReport:
    pages: int          # pages Pagefind indexed
    files: int          # files in the index folder
    bytes: int          # their total size
    seconds: float

    def summary(self) -> str:
        return (f"Indexed {self.pages} pages for search in {self.seconds:.2f} s "
                f"({self.files} files, {self.bytes / 1e6:.1f} MB)")


def find_binary() -> Path | None:
    """The Pagefind binary: PAGEFIND_BINARY_PATH, else the one the pagefind wheel ships."""
    forced = os.environ.get("PAGEFIND_BINARY_PATH")
    if forced:
        return Path(forced)
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        return None


def _missing(binary: Path | None) -> SearchError:
    where = f" ({binary} does not exist)" if binary is not None else ""
    return SearchError(f"search: the Pagefind binary is missing{where}, so the search index was not built", hint=FIX)


def _check_owned(out_dir: Path) -> None:
    index = out_dir / INDEX_DIR
    if index.exists() and not (index / MARKER).is_file():
        raise SearchError(f"search: refusing to replace {index}: sitegen did not create it",
                          hint="move that folder away, or set search = false in sitegen.toml")


def _staging(out_dir: Path) -> Path:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".sitegen-search-", dir=out_dir.parent))


def _keep_unchanged(new: Path, old: Path) -> int:
    """Hard-link every file of `old` whose bytes `new` repeats, so it keeps its modification
    time and sync tools upload only what changed. Returns how many were kept."""
    kept = 0
    if not old.is_dir():
        return kept
    for root, _dirs, names in os.walk(new):
        for name in names:
            fresh = Path(root, name)
            before = old / fresh.relative_to(new)
            try:
                if before.stat().st_size != fresh.stat().st_size or before.read_bytes() != fresh.read_bytes():
                    continue
                link = fresh.with_name(fresh.name + ".keep")
                os.link(before, link)
                os.replace(link, fresh)
                kept += 1
            except OSError:
                continue
    return kept


def _swap_in(new: Path, out_dir: Path) -> None:
    """Replace output/pagefind/ with `new` (a folder beside the output)."""
    (new / MARKER).write_text("made by sitegen's search step; replaced on every index\n", "utf-8")
    target = out_dir / INDEX_DIR
    _keep_unchanged(new, target)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".sitegen-search-old-", dir=out_dir.parent))
        os.replace(target, old / INDEX_DIR)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _measure(folder: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
    return files, size


def _run_cli(binary: Path, out_dir: Path, dest: Path) -> int:
    cmd = [str(binary), "--site", str(out_dir), "--output-path", str(dest)]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except FileNotFoundError:
        raise _missing(binary) from None
    except PermissionError as e:
        raise SearchError(f"search: cannot run the Pagefind binary {binary}: {e.strerror}", hint=FIX) from None
    except subprocess.TimeoutExpired:
        raise SearchError(f"search: Pagefind did not finish in {TIMEOUT // 60} minutes; the index was not updated",
                          hint="run the build again; if it keeps happening, set search = false") from None
    said = (done.stderr.strip() or done.stdout.strip()).splitlines()
    if done.returncode != 0 or not (dest / "pagefind-entry.json").is_file():
        last = said[-1] if said else "no message"
        raise SearchError(f"search: Pagefind failed (exit {done.returncode}): {last}; the index was not updated",
                          hint=FIX)
    return _page_count(dest)


def _page_count(index: Path) -> int:
    """Pages in a written index, from its entry file (every language's count)."""
    try:
        entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
        return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
    except (OSError, ValueError, AttributeError, TypeError):
        return 0


def _pages(out_dir: Path) -> Iterator[Path]:
    """Every HTML file of the site in a stable order, the index folder left out."""
    for root, dirs, names in os.walk(out_dir):
        dirs[:] = sorted(d for d in dirs if not (root == str(out_dir) and d == INDEX_DIR))
        for name in sorted(names):
            if name.endswith(".html"):
                yield Path(root, name)


class _Service:
    """Pagefind's service mode (`pagefind --service`), the protocol its Python API speaks: each
    message is base64-encoded JSON followed by a comma, in both directions. Spoken here
    directly because the published wrapper reads at most one answer per 0.1 s (10,000 pages
    would take over 16 minutes); a reader thread takes the answers as they come, and at most
    `window` requests are in flight."""

    def __init__(self, binary: Path, window: int, errors: IO[bytes]):
        self.proc = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=errors)
        self.answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self.slots = threading.Semaphore(window)
        self.sent = 0
        threading.Thread(target=self._read, daemon=True, name="pagefind-answers").start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        pending = b""
        while True:
            chunk = self.proc.stdout.read1(1 << 16)
            if not chunk:
                self.answers.put(None)
                return
            pending += chunk
            *whole, pending = pending.split(b",")
            for message in whole:
                self.answers.put(json.loads(base64.b64decode(message)))

    def send(self, payload: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.slots.acquire()
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode("utf-8")
        try:
            self.proc.stdin.write(base64.b64encode(message) + b",")
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise SearchError("search: Pagefind stopped while indexing; the index was not updated",
                              hint=FIX) from None

    def receive(self) -> dict[str, Any]:
        answer = self.answers.get(timeout=TIMEOUT)
        if answer is None:
            raise SearchError("search: Pagefind stopped while indexing; the index was not updated", hint=FIX)
        self.slots.release()
        payload: dict[str, Any] = answer["payload"]
        if payload.get("type") == "Error":
            raise SearchError(f"search: Pagefind failed: {payload.get('message')}; the index was not updated",
                              hint=FIX)
        return payload

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.send(payload)
        return self.receive()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _run_service(binary: Path, out_dir: Path, dest: Path, window: int) -> int:
    with tempfile.TemporaryFile() as errors:
        service = _Service(binary, window, errors)
        try:
            made = service.call({"type": "NewIndex", "config": {"exclude_selectors": list(EXCLUDE)}})
            index_id = made["index_id"]
            outstanding = 0
            for path in _pages(out_dir):
                rel = path.relative_to(out_dir).as_posix()
                service.send({"type": "AddFile", "index_id": index_id, "file_path": rel, "url": None,
                              "file_contents": path.read_text("utf-8")})
                outstanding += 1
                if outstanding >= window:
                    service.receive()
                    outstanding -= 1
            for _ in range(outstanding):
                service.receive()
            service.call({"type": "WriteFiles", "index_id": index_id, "output_path": str(dest)})
        finally:
            service.close()
    return _page_count(dest)


def index_site(out_dir: Path, *, batch: int | None = None) -> IndexReport:
    """Index the built site in out_dir into out_dir/pagefind/, all or nothing.

    batch: None runs Pagefind's command line on the folder; a number feeds the pages through
    Pagefind's Python API, that many at a time.
    """
    started = time.perf_counter()
    _check_owned(out_dir)
    binary = find_binary()
    if binary is None or not binary.is_file():
        raise _missing(binary)
    dest = _staging(out_dir)
    try:
        index = dest / INDEX_DIR
        if batch is None:
            pages = _run_cli(binary, out_dir, index)
        else:
            pages = _run_service(binary, out_dir, index, batch)
            if not (index / "pagefind-entry.json").is_file():
                raise SearchError("search: Pagefind wrote no index; the index was not updated", hint=FIX)
        _swap_in(index, out_dir)
    finally:
        shutil.rmtree(dest, ignore_errors=True)
    files, size = _measure(out_dir / INDEX_DIR)
    return IndexReport(pages, files, size, time.perf_counter() - started)


def remove_index(out_dir: Path) -> bool:
    """Delete output/pagefind/ when sitegen made it (search was switched off). True if removed."""
    index = out_dir / INDEX_DIR
    if not (index / MARKER).is_file():
        return False
    old = Path(tempfile.mkdtemp(prefix=".sitegen-search-old-", dir=out_dir.parent))
    os.replace(index, old / INDEX_DIR)
    shutil.rmtree(old, ignore_errors=True)
    return True
