import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the sitegen command line as a user would."""
    full_env = {**os.environ, "SITEGEN_NOW": "2026-11-25T00:00:00+00:00", **(env or {})}
    return subprocess.run([sys.executable, "-m", "sitegen", *args], cwd=cwd, capture_output=True, text=True,
                          env=full_env, timeout=120)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def sample_site(tmp_path: Path) -> Path:
    """A copy of the repository's sample blog."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copy(ROOT / "sitegen.toml", site / "sitegen.toml")
    if (ROOT / "data").is_dir():
        shutil.copytree(ROOT / "data", site / "data")
    return site


POST = """---
title: {title}
date: {date}
{more}---

{body}
"""


def post(title: str = "A post", date: str = "2026-01-02", body: str = "Some text.", **meta: str) -> str:
    more = "".join(f"{k}: {v}\n" for k, v in meta.items())
    return POST.format(title=title, date=date, more=more, body=body)


def default_sigint() -> None:
    """For a child process that a test stops with SIGINT: Ctrl-C as a terminal delivers it (the
    default handler, not blocked), whatever signal state the test runner's process has gathered
    (a child inherits an ignored or blocked SIGINT across exec, and would then never stop)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def sigint_state() -> str:
    """The runner's own SIGINT handler and blocked signals, for a message when a child did not stop."""
    import signal
    return f"runner's SIGINT handler {signal.getsignal(signal.SIGINT)!r}, blocked {sorted(signal.pthread_sigmask(signal.SIG_BLOCK, set()))}"
