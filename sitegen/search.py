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
import gzip
import hashlib
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sitegen.errors import SearchError

INDEX_DIR = "pagefind"                  # the folder inside the output, as the theme links it
MARKER = ".sitegen-search"             # inside INDEX_DIR: this index was made by sitegen
MARKER_TEXT = "made by sitegen's search step from the pages with key "
KEPT = "; the pages were written, the search index was left as it was"
FIX = "reinstall Pagefind: pip install --force-reinstall 'pagefind[extended]>=1.5' (or set search = false in sitegen.toml)"
TIMEOUT = 30 * 60                       # seconds; far above 10,000 posts (about 30 s)
# Marks inside the indexed body that are not text: the footnote returns. (A heading's anchor is
# its own words, which are indexed.)
EXCLUDE = (".footnote-backref",)


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
    return SearchError(f"search: the Pagefind binary is missing{where}{KEPT}", hint=FIX)


def _check_owned(out_dir: Path) -> None:
    index = out_dir / INDEX_DIR
    if index.exists() and not (index / MARKER).is_file():
        raise SearchError(f"search: refusing to replace {index}: sitegen did not create it",
                          hint="move that folder away, or set search = false in sitegen.toml")


def _staging(out_dir: Path) -> Path:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=".sitegen-staging-search-", dir=out_dir.parent))


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


def _swap_in(new: Path, out_dir: Path, key: str) -> None:
    """Replace output/pagefind/ with `new` (a folder beside the output)."""
    (new / MARKER).write_text(f"{MARKER_TEXT}{key}\n", "utf-8")
    target = out_dir / INDEX_DIR
    _keep_unchanged(new, target)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".sitegen-staging-search-old-", dir=out_dir.parent))
        os.replace(target, old / INDEX_DIR)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# -- stable output ------------------------------------------------------------------------
# Pagefind writes the values of each filter in hash-map order, so two runs over the same pages
# give different filter files, and so a different meta file and entry (upstream issue 638;
# fragments and word indexes are stable). `_stabilise` sorts each filter's values and renames
# the files it changed after their new content, so the same pages give the same bytes. When a
# file is not laid out as expected (another Pagefind version), it is left as Pagefind wrote it.

_DCD = b"pagefind_dcd"


def _cbor_head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, offset after the head) of the CBOR item at `at`."""
    major, info = data[at] >> 5, data[at] & 31
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(data[at + 1:at + 1 + size], "big"), at + 1 + size


def _cbor_skip(data: bytes, at: int) -> int:
    """The offset just after the CBOR item at `at` (definite lengths only)."""
    major, arg, at = _cbor_head(data, at)
    if major in (0, 1, 7):                             # integers, simple values and floats
        return at
    if major in (2, 3):                                # byte and text strings
        return at + arg
    if major in (4, 5):                                # arrays and maps
        for _ in range(arg * (major - 3)):
            at = _cbor_skip(data, at)
        return at
    raise ValueError(f"unexpected CBOR major type {major}")


def _items(data: bytes, at: int) -> tuple[bytes, list[bytes], int]:
    """The array at `at`: (its head, its items' bytes, the offset after it)."""
    major, count, start = _cbor_head(data, at)
    if major != 4:
        raise ValueError("expected an array")
    items, pos = [], start
    for _ in range(count):
        end = _cbor_skip(data, pos)
        items.append(data[pos:end])
        pos = end
    return data[at:start], items, pos


def _is_pair_of_texts(item: bytes) -> bool:
    major, count, at = _cbor_head(item, 0)
    if major != 4 or count != 2:
        return False
    second = _cbor_skip(item, at)
    return item[at] >> 5 == 3 and item[second] >> 5 == 3


def _sorted_filter(data: bytes) -> bytes:
    """A filter file (`pagefind_dcd` + [name, [[value, [pages]], ...]]) with its values in
    byte order."""
    if not data.startswith(_DCD):
        raise ValueError("not a Pagefind data file")
    head, (name, values), end = _items(data, len(_DCD))
    if end != len(data):
        raise ValueError("trailing bytes")
    values_head, items, _ = _items(values, 0)
    return _DCD + head + name + values_head + b"".join(sorted(items))


def _sorted_meta(data: bytes) -> bytes:
    """A meta file (`pagefind_dcd` + [...]) with every list of (name, file) pairs, such as the
    filters', in byte order."""
    if not data.startswith(_DCD):
        raise ValueError("not a Pagefind data file")
    head, parts, end = _items(data, len(_DCD))
    if end != len(data):
        raise ValueError("trailing bytes")
    out = [_DCD, head]
    for part in parts:
        if part[0] >> 5 == 4:
            part_head, items, _ = _items(part, 0)
            if items and all(_is_pair_of_texts(i) for i in items):
                part = part_head + b"".join(sorted(items))
        out.append(part)
    return b"".join(out)


def _stabilise(index: Path) -> None:
    """Sort the filter files' values and rename what that changed (see above); all or nothing."""
    entry_path = index / "pagefind-entry.json"
    remove: list[Path] = []
    write: dict[Path, bytes] = {}
    try:
        entry = json.loads(entry_path.read_text("utf-8"))
        renamed: dict[bytes, bytes] = {}
        for path in sorted((index / "filter").glob("*.pf_filter")):
            lang, _, old = path.stem.partition("_")
            data = _sorted_filter(gzip.decompress(path.read_bytes()))
            new = hashlib.sha256(data).hexdigest()[:len(old)]
            renamed[old.encode()] = new.encode()
            remove.append(path)
            write[path.parent / f"{lang}_{new}.pf_filter"] = data
        for info in entry["languages"].values():
            lang, _, old = info["hash"].partition("_")
            meta = index / f"pagefind.{lang}_{old}.pf_meta"
            data = gzip.decompress(meta.read_bytes())
            for before, after in renamed.items():
                data = data.replace(before, after)
            data = _sorted_meta(data)
            new = hashlib.sha256(data).hexdigest()[:len(old)]
            info["hash"] = f"{lang}_{new}"
            remove.append(meta)
            write[index / f"pagefind.{lang}_{new}.pf_meta"] = data
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError, gzip.BadGzipFile):
        return                                         # left as Pagefind wrote it: correct, if not stable
    for path in remove:
        path.unlink()
    for path, data in write.items():
        path.write_bytes(gzip.compress(data, mtime=0))
    # Pagefind lists the languages of a multilingual site in no fixed order: by code, so two runs agree
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _measure(folder: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.path.getsize(os.path.join(root, name))
    return files, size


def _run_cli(binary: Path, out_dir: Path, dest: Path, nice: int) -> int:
    cmd = [str(binary), "--site", str(out_dir), "--output-path", str(dest)]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                              preexec_fn=(lambda: os.nice(nice)) if nice else None)
    except FileNotFoundError:
        raise _missing(binary) from None
    except PermissionError as e:
        raise SearchError(f"search: cannot run the Pagefind binary {binary}: {e.strerror}", hint=FIX) from None
    except subprocess.TimeoutExpired:
        raise SearchError(f"search: Pagefind did not finish in {TIMEOUT // 60} minutes{KEPT}",
                          hint="run the build again; if it keeps happening, set search = false") from None
    said = (done.stderr.strip() or done.stdout.strip()).splitlines()
    if done.returncode != 0 or not (dest / "pagefind-entry.json").is_file():
        last = said[-1] if said else "no message"
        raise SearchError(f"search: Pagefind failed (exit {done.returncode}): {last}{KEPT}",
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
        fd = self.proc.stdout.fileno()
        pending = b""
        while True:
            chunk = os.read(fd, 1 << 16)
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
            raise SearchError(f"search: Pagefind stopped while indexing{KEPT}",
                              hint=FIX) from None

    def receive(self) -> dict[str, Any]:
        answer = self.answers.get(timeout=TIMEOUT)
        if answer is None:
            raise SearchError(f"search: Pagefind stopped while indexing{KEPT}", hint=FIX)
        self.slots.release()
        payload: dict[str, Any] = answer["payload"]
        if payload.get("type") == "Error":
            raise SearchError(f"search: Pagefind failed: {payload.get('message')}{KEPT}",
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


def pages_key(files: Mapping[str, str]) -> str:
    """A key for the pages of a build: every HTML file's path and hash (the writer's manifest)."""
    h = hashlib.sha256()
    for rel in sorted(f for f in files if f.endswith(".html")):
        h.update(f"{rel}\0{files[rel]}\n".encode())
    return h.hexdigest()


def is_current(out_dir: Path, key: str) -> bool:
    """True when output/pagefind/ is sitegen's index of exactly the pages with this key."""
    try:
        return (out_dir / INDEX_DIR / MARKER).read_text("utf-8") == f"{MARKER_TEXT}{key}\n"
    except (OSError, UnicodeDecodeError):
        return False


def update(out_dir: Path, enabled: bool, files: Mapping[str, str], *, nice: int = 0) -> IndexReport | None:
    """The build's search step. With search on, index the site unless the index is already of
    these very pages (so a rebuild that changed no page does not run Pagefind, and one after a
    failed index does); with search off, remove the index sitegen made before.
    files: the writer's manifest (path -> hash). Returns None when nothing was indexed."""
    if not enabled:
        remove_index(out_dir)
        return None
    key = pages_key(files)
    if is_current(out_dir, key):
        return None
    return index_site(out_dir, key=key, nice=nice)


def index_site(out_dir: Path, *, key: str = "", batch: int | None = None, nice: int = 0) -> IndexReport:
    """Index the built site in out_dir into out_dir/pagefind/, all or nothing.

    key: recorded in the index's marker (see `update`). batch: None runs Pagefind's command
    line on the folder; a number feeds the pages through Pagefind's service (its Python API's
    protocol), at most that many at a time. nice: lower Pagefind's CPU priority (serve).
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
            pages = _run_cli(binary, out_dir, index, nice)
        else:
            pages = _run_service(binary, out_dir, index, batch)
            if not (index / "pagefind-entry.json").is_file():
                raise SearchError(f"search: Pagefind wrote no index{KEPT}", hint=FIX)
        _stabilise(index)
        _swap_in(index, out_dir, key)
    finally:
        shutil.rmtree(dest, ignore_errors=True)
    files, size = _measure(out_dir / INDEX_DIR)
    return IndexReport(pages, files, size, time.perf_counter() - started)


def remove_index(out_dir: Path) -> bool:
    """Delete output/pagefind/ when sitegen made it (search was switched off). True if removed."""
    index = out_dir / INDEX_DIR
    if not (index / MARKER).is_file():
        return False
    old = Path(tempfile.mkdtemp(prefix=".sitegen-staging-search-old-", dir=out_dir.parent))
    os.replace(index, old / INDEX_DIR)
    shutil.rmtree(old, ignore_errors=True)
    return True
