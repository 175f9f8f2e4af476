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
* Safety (paths.py): only files inside the served folder; requests must name this server in
  their Host header (DNS rebinding); binds 127.0.0.1 unless told otherwise.

This module holds the life cycle and the builder; http.py answers requests, state.py keeps the
build state and the events, livereload.py hands the browser its scripts.
"""

from __future__ import annotations

import collections
import os
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitegen.config import load_config
from sitegen.errors import Problem, SitegenError, UsageError
from sitegen.pipeline import Options, Session, find_theme, read_manifest
from sitegen.serve.http import Handler, HTTPServer
from sitegen.serve.search_job import SearchJob
from sitegen.serve.state import BuildState, Hub, changed_files, problem_dict
from sitegen.serve.watch import Debouncer, SiteWatcher

EARLY_WAIT = 0.15       # s: the longest the rest of an edit waits for browsers to fetch the open pages
SAVE_AFTER = 1.0        # s without a save before the edits are written to the build state (resident.flush)
SERVE_DIR = Path(".sitegen-cache") / "serve"     # beside the build cache, ignored by git

Log = Callable[[str], None]


def _print(message: str) -> None:
    print(message, flush=True)


def _print_err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)



class BuildStopped(Exception):
    """The server is stopping: the build in progress gives up (its staged files are dropped)."""


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
        # build_fn: a build() of one's own (tests); by default the site stays resident (a pipeline Session)
        self.build_fn: Callable[..., Any] | None = build_fn
        self.session: Session | None = None
        self.viewed: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._fetched: set[str] | None = None    # pages served since the open pages were announced
        self.state = BuildState()
        self._instance = secrets.token_hex(3)
        self._cond = threading.Condition()
        self.hub = Hub()
        self._debouncer = Debouncer(quiet=quiet, max_wait=max_wait)
        self._watcher = SiteWatcher(self.site_dir, self._debouncer.add)
        self._manifest: dict[str, str] = {}
        self._stopping = threading.Event()
        self._httpd: HTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._search: SearchJob | None = None
        self._tmp: str | None = None
        self._lock_fd: int | None = None
        self.output_dir = Path()
        self.root_real = ""
        self.base_url = ""

    # -- life cycle ------------------------------------------------------------------------
    def bind(self) -> None:
        """Take the address (OSError when it is in use); port 0 becomes a free port."""
        if self._httpd is not None:
            return
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        server_cls = type("_Server", (HTTPServer,), {"address_family": family})
        self._httpd = server_cls((self.host, self.port), Handler)
        self._httpd.preview = self
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://{self.display_host}:{self.port}/"

    def start(self) -> PreviewServer:
        self.bind()
        self.output_dir = self._claim_output_dir()
        self.root_real = os.path.join(os.path.realpath(self.output_dir.parent), self.output_dir.name)
        try:
            self._watcher.start()            # before the first build: no save is lost
        except OSError as err:
            self.log_error(f"sitegen: cannot watch {self.site_dir} for changes ({err}); serving without rebuilds")
        self._search = SearchJob(self.output_dir, self.log, self.log_error)
        self._rebuild(None)
        httpd = self._httpd
        assert httpd is not None         # bind() made it
        self._spawn(lambda: httpd.serve_forever(poll_interval=0.05), "sitegen-http")
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
        if self._search is not None:
            self._search.close()
        try:
            self._watcher.stop()
        except Exception:
            pass
        self.hub.close()
        if self._httpd is not None:
            if any(t.name == "sitegen-http" for t in self._threads):
                self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=1)
            if thread.is_alive() and thread.name == "sitegen-builder":
                self.log("Stopping the current build (press Ctrl-C again to quit at once) ...")
                thread.join()
        finished = not any(t.is_alive() for t in self._threads)
        # the store holds every edit when the folder counts as clean
        written = not finished or self.session is None or self._flush()
        if self._tmp and finished:
            shutil.rmtree(self._tmp, ignore_errors=True)
        if self._lock_fd is not None:
            if finished and written:         # no build was cut off: the folder can be trusted
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

    def __enter__(self) -> PreviewServer:
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
    def options(self, output_dir: Path | None = None) -> Options:
        # no hashed asset names in the preview: a CSS edit then swaps one stylesheet, not every page
        return Options(site_dir=self.site_dir, output_dir=output_dir or self.output_dir, base_url=self.base_url,
                       drafts=self.drafts, future=self.future, search_index=False,
                       hashed_assets=False)

    def _build_loop(self) -> None:
        while not self._stopping.is_set():
            session = self.session
            if session is not None and not self._debouncer.pending() and session.warm(0.02):
                continue                 # a quiet moment: render list entries ahead, 20 ms at a time
            unsaved = session is not None and session.unsaved
            changes = self._debouncer.wait(idle=SAVE_AFTER if unsaved else None)
            if changes is None or self._stopping.is_set():
                return
            if not changes:              # no save for a while: the edits go to the store now
                self._flush()
                continue
            self._rebuild(changes)

    def _flush(self) -> bool:
        """Write the edits to the build state; False when that failed (the next full build then
        starts afresh, and a folder whose state was not written is not marked clean)."""
        assert self.session is not None
        try:
            self.session.flush()
            return True
        except Exception:                # a store that cannot be written: the next full build says so
            self.log_error(traceback.format_exc().rstrip())
            self.session.built = self.session.ledger = None
            return False

    def page_viewed(self, rel: str) -> None:
        """An HTML page was served: it renders first after the next edit (the last 16 pages)."""
        with self._cond:
            self.viewed[rel] = None
            self.viewed.move_to_end(rel)
            if self._fetched is not None:
                self._fetched.add(rel)
                self._cond.notify_all()
            while len(self.viewed) > 16:
                self.viewed.popitem(last=False)

    def _build(self, changes: set[str] | None) -> tuple[Any, list[str] | None]:
        """(report, output files changed or None when the manifests tell)."""
        if self.build_fn is not None:
            return self.build_fn(self.options()), None
        if self.session is None:
            self.session = Session(self.options())
        if changes:
            with self._cond:
                first = list(reversed(self.viewed))
            edit = self.session.apply(changes, first=first, on_first=self._early)
            if edit is not None:
                self._manifest = dict(self.session.manifest)
                return edit.report, edit.changed
        return self.session.full(self._stop_point), None

    def _stop_point(self, stage: str, done: int, total: int) -> None:
        """Called between the posts and pages a build renders: a build stops once the server does."""
        if self._stopping.is_set():
            raise BuildStopped()

    def _early(self, changed: list[str]) -> None:
        """The open pages of an edit are written: tell the browsers before the rest is done."""
        with self._cond:
            prev = self.state.build_id or None
            self.state.good += 1
            self.state.build_id = build_id = f"{self._instance}.{self.state.good}"
            self._fetched = set()
        msg = {"build": build_id, "prev": prev, "changed": changed}
        self.hub.publish(Hub.event("ok", msg), Hub.event("ok", {"build": build_id, "prev": None, "changed": None}))
        self._await_fetch({rel for rel in changed if rel.endswith(".html")}, EARLY_WAIT)

    def _await_fetch(self, pages: set[str], limit: float) -> None:
        """Give the browsers a moment to fetch the open pages just announced, before the rest of
        the edit renders: the builder thread holds the interpreter while it renders, and an
        HTTP thread that must share it serves the open page several times slower."""
        deadline = time.monotonic() + limit
        with self._cond:
            try:
                while pages and self.hub.clients and not (self._fetched or set()) & pages:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
            finally:
                self._fetched = None

    def _rebuild(self, changes: set[str] | None) -> None:
        what = ""
        if changes:
            shown = sorted(changes)
            what = shown[0] + (f" and {len(shown) - 1} more" if len(shown) > 1 else "")
        try:
            report, changed = self._build(changes)
        except BuildStopped:
            return                       # Ctrl-C during a build: nothing was written
        except SitegenError as err:
            self._failed([problem_dict(p) for p in err.problems], what)
            return
        except Exception as exc:         # a bug, or a file that vanished mid-read: keep serving
            self.log_error(traceback.format_exc().rstrip())
            self._failed([{"file": None, "line": None, "message": f"{type(exc).__name__}: {exc}",
                           "hint": "this may be a bug in sitegen; the traceback is in the terminal"}], what)
            return
        finally:
            self._watch_theme()
        open_pages = self._succeeded(report, what, changed)
        if self.session is not None:
            # The bookkeeping (some 70-170 ms at 10,000 posts, the output manifest most of it)
            # waits for the browsers to fetch the pages they show: the HTTP thread would share
            # the interpreter with it and serve the page that much later.
            self._await_fetch(open_pages, EARLY_WAIT)
            self.session.settle()

    def _watch_theme(self) -> None:
        try:
            theme = find_theme(self.site_dir, load_config(self.site_dir, {}).theme)
            self._watcher.set_extra([theme.path])
        except Exception:
            pass                         # a broken config: keep the folders watched so far

    def _read_manifest(self) -> dict[str, str] | None:
        return read_manifest(self.output_dir)

    def _succeeded(self, report: Any, what: str, changed: list[str] | None = None) -> set[str]:
        """Tell the browsers; the pages they show that changed (to wait for: _await_fetch)."""
        after = self._read_manifest() if changed is None else None
        if after is not None:
            changed = changed_files(self._manifest, after)
            self._manifest = after
        self._index_later()                  # registered before the build counts as done
        with self._cond:
            prev = self.state.build_id or None
            self.state.attempts += 1
            self.state.good += 1
            self.state.build_id = f"{self._instance}.{self.state.good}"
            self.state.problems = None
            self.state.changed = changed
            build_id = self.state.build_id
            shown = {rel for rel in changed or () if rel.endswith(".html") and rel in self.viewed}
            self._fetched = set() if shown else None
            self._cond.notify_all()
        msg = {"build": build_id, "prev": prev, "changed": changed}
        self.hub.publish(Hub.event("ok", msg), Hub.event("ok", {"build": build_id, "prev": None, "changed": None}))
        summary = report.summary() if hasattr(report, "summary") else "Built"
        stamp = time.strftime("%H:%M:%S")
        self.log(f"[{stamp}] {summary}" + (f" after a change to {what}" if what else ""))
        return shown

    def _index_later(self) -> None:
        """Ask for the search index of these pages: it starts once the saves have calmed down,
        well after the browsers were told (search_job.py)."""
        if self._search is None:
            return
        try:
            enabled = load_config(self.site_dir, {}).search
        except SitegenError:
            return                       # the build just succeeded with it; a race with a save
        self._search.request(enabled, self._manifest)

    def _failed(self, problems: list[dict[str, Any]], what: str) -> None:
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
        self.hub.publish(event, event)
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


    @property
    def event_clients(self) -> int:
        return self.hub.clients


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------

def serve(site_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False,
          future: bool = False, open_browser: bool = False) -> int:
    """`sitegen serve`: runs until Ctrl-C; returns the exit code."""
    site_dir = Path(site_dir)
    if not site_dir.is_dir():
        raise UsageError(f"site folder not found: {site_dir}", hint="give the folder that holds content/ and sitegen.toml")
    server = PreviewServer(site_dir, host=host, port=port, drafts=drafts, future=future)
    try:
        server.bind()
    except OSError as err:
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror or err}",
                         hint="choose another port with --port, or --port 0 for any free one") from None
    stop = threading.Event()
    previous = None
    # One try around everything after bind: a Ctrl-C may come at any instant (during the first
    # build, or between printing the address and waiting), and every one must stop the server's
    # threads; one that escaped left the watcher running and the process hanging.
    try:
        try:
            previous = signal.signal(signal.SIGTERM, lambda *a: stop.set())
        except ValueError:          # not the main thread
            pass
        print(f"Building {site_dir} ...", flush=True)
        server.start()
        print(f"Serving {server.url}  (watching {site_dir}; press Ctrl-C to stop)", flush=True)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
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
