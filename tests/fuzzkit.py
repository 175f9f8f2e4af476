"""What the property-based tests share: a bounded run of `sitegen build` and input strategies.

`run_build(site)` forks, and the child runs the command line's `main(["build", ...])` with its
memory limited (RLIMIT_AS: what it has plus 768 MiB) and an alarm after 20 s. So each example
costs a fork, not an interpreter start, and a hang or a memory blow-up is a failed example
rather than a stuck test run. The child's stdout and stderr come back as text; an exception
that escapes `main` comes back as its traceback and exit code 99.
"""

from __future__ import annotations

import io
import os
import resource
import select
import signal
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

MEMORY_HEADROOM = 768 * 1024 * 1024
TIME_LIMIT = 20


@dataclass(frozen=True)
class Outcome:
    code: int | None          # exit code; None when the child was killed (alarm or memory)
    output: str
    signal: int | None = None

    def problem(self) -> str | None:
        """What is wrong with this run, or None: exit 0, or exit 1 with a message and no traceback."""
        if self.signal is not None:
            return f"killed by signal {self.signal} (a hang over {TIME_LIMIT} s, or memory)"
        if "Traceback" in self.output or "Fatal Python error" in self.output:
            return "a traceback:\n" + self.output[-4000:]
        if self.code not in (0, 1):
            return f"exit code {self.code}:\n{self.output[-2000:]}"
        if self.code == 1 and "problem" not in self.output:
            return "exit 1 without a problem report:\n" + self.output[-2000:]
        return None


def _vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(site: Path, write_fd: int) -> None:
    code = 99
    out = io.TextIOWrapper(os.fdopen(write_fd, "wb"), encoding="utf-8", errors="replace", write_through=True)
    sys.stdout = sys.stderr = out
    try:
        limit = _vm_size() + MEMORY_HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(TIME_LIMIT)
        os.environ["SITEGEN_NOW"] = "2026-11-25T00:00:00+00:00"     # in the child only
        from sitegen.cli import main
        code = main(["build", str(site), "--quiet"])
    except BaseException:      # what would reach the user as a traceback
        traceback.print_exc(file=out)
        code = 99
    finally:
        try:
            out.flush()
        finally:
            os._exit(code if isinstance(code, int) else 99)


def run_build(site: Path) -> Outcome:
    """`sitegen build SITE --quiet` in a forked, bounded child."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:                                     # pragma: no cover - the child
        os.close(read_fd)
        _child(site, write_fd)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + TIME_LIMIT + 10
    with os.fdopen(read_fd, "rb") as pipe:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([pipe], [], [], 1.0)
            if ready:
                chunk = os.read(pipe.fileno(), 65536)
                if not chunk:
                    break
                chunks.append(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    text = b"".join(chunks).decode("utf-8", errors="replace")
    if os.WIFSIGNALED(status):
        return Outcome(None, text, os.WTERMSIG(status))
    return Outcome(os.WEXITSTATUS(status), text)


# -- strategies -----------------------------------------------------------------------------

# Characters that mean something to YAML, Markdown, CSV, TOML or HTML, and a few that are
# hard for text handling (NUL, BOM, surrogate-free astral, combining marks, CR).
SYNTAX = list("\n\n\n  \t-:#*_[](){}<>!`|>&*'\",.;=+~\\/%@^$?") + ["\r", "\x00", "\ufeff", "é", "e\u0301", "小", "😀",
                                                               "---", "```", "\n- ", ": ", "&a ", "*a", "<<: "]
LETTERS = list("abcdefxyz0123456789")
syntax_text = st.lists(st.sampled_from(SYNTAX + LETTERS), max_size=120).map("".join)

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                    st.sampled_from(["2026-01-02", "2026-13-45", "2026-01-02T25:00:00", "yesterday", "",
                                     "https://example.com/", "../../etc/passwd", "a.md", "Model-Y", "NaN"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)


def yaml_text(mapping: dict[str, object]) -> str:
    import yaml
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, default_flow_style=None)


def _bomb(levels: int, width: int) -> str:
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


# The shapes that exhaust memory or the stack: anchors repeated by aliases (small and huge),
# an alias inside its own anchor, and nesting from shallow to thousands of levels.
hostile_yaml = st.one_of(
    st.builds(_bomb, st.sampled_from([1, 3, 9, 12]), st.sampled_from([2, 9])),
    st.sampled_from(["x: &a [*a]\n", "x: &a {k: *a}\n", "- &a [1, *a]\n", "x: &a\n  - *a\n"]),
    st.sampled_from([5, 150, 3000]).map(lambda d: "x: " + "[" * d + "]" * d + "\n"),
    st.sampled_from([5, 150, 600]).map(lambda d: "".join("  " * i + f"k{i}:\n" for i in range(d)) + "  " * d + "v\n"),
)
deep_json = st.sampled_from([5, 150, 3000, 100_000]).map(lambda d: "[" * d + "]" * d)
deep_toml = st.sampled_from([5, 150, 3000]).map(lambda d: "[extra]\nx = " + "[" * d + "]" * d + "\n")
