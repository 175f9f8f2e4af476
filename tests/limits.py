"""Run sitegen the way CI would meet a hostile input: a child process with a memory limit and a
time limit, so a test of a YAML bomb fails with a clear message instead of taking the machine."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

MEMORY_LIMIT = 1024 * 1024 * 1024      # address space of the child: ample for a small site
TIME_LIMIT = 60.0


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(*args: str, cwd: Path | None = None, timeout: float = TIME_LIMIT) -> subprocess.CompletedProcess:
    """`python -m sitegen ARGS` with at most 1 GiB of memory and `timeout` seconds.

    A run that needs more time fails the test with subprocess.TimeoutExpired (a hang); one
    that needs more memory ends with a MemoryError traceback, which the caller's check for
    "Traceback" catches."""
    env = {**os.environ, "SITEGEN_NOW": "2026-11-25T00:00:00+00:00", "PYTHONFAULTHANDLER": "1"}
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=timeout, preexec_fn=_limit_memory)


def assert_clean_failure(result: subprocess.CompletedProcess, where: str) -> None:
    """Exit 1, a message naming `where` (file or file:line) with what to do, no traceback."""
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "Fatal Python error" not in text, text[-3000:]
    assert result.returncode == 1, text[-3000:]
    assert where in result.stderr, f"expected {where!r} in:\n{result.stderr[-3000:]}"
    assert "->" in result.stderr, "every error says what to do"
