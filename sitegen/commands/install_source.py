"""How a new site's deploy workflow installs this sitegen.

The name `sitegen` on PyPI belongs to another project, so a workflow must never run
`pip install sitegen`: it installs this sitegen from its repository, pinned to a commit. The
address comes from how this copy was installed (PEP 610's direct_url.json): a `pip install
git+URL@REV` records the URL and the commit; an install from a checkout (`pip install -e .`)
is looked up in that checkout's `origin` remote. When neither tells, there is no address to
write, and the workflow stops with a message saying what to put there.
"""

from __future__ import annotations

import json
import re
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

PLACEHOLDER = "sitegen @ git+https://github.com/OWNER/sitegen@COMMIT"


def _https(remote: str) -> str | None:
    """An https address of a git remote, or None for a local path or an unknown form."""
    remote = remote.strip()
    scp = re.fullmatch(r"(?:[\w.-]+@)?([\w.-]+):(?!/)([\w./-]+?)(?:\.git)?/?", remote)   # git@host:owner/repo.git
    if scp and "/" in scp.group(2):
        return f"https://{scp.group(1)}/{scp.group(2)}"
    parts = urlsplit(remote)
    if parts.scheme in ("https", "http", "ssh", "git") and parts.hostname and parts.path.strip("/"):
        path = parts.path.rstrip("/").removesuffix(".git")
        return f"https://{parts.hostname}{path}"
    return None


def spec_from(direct_url: dict[str, Any] | None, git: Any = None) -> str | None:
    """The pip requirement that installs this sitegen in a fresh runner, or None.
    `git(folder, *args)` runs git in a folder and returns its output (None on failure)."""
    if not direct_url:
        return None
    url = str(direct_url.get("url", ""))
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        https = _https(url.removeprefix("git+"))
        return f"sitegen @ git+{https}@{vcs['commit_id']}" if https else None
    if url.startswith("file://") and git is not None:
        folder = Path(unquote(urlsplit(url).path))
        remote, commit = git(folder, "remote", "get-url", "origin"), git(folder, "rev-parse", "HEAD")
        https = _https(remote) if remote else None
        if https and commit and re.fullmatch(r"[0-9a-f]{40}", commit.strip()):
            return f"sitegen @ git+{https}@{commit.strip()}"
    return None


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def install_spec() -> str | None:
    """How this copy of sitegen can be installed elsewhere, or None when it cannot tell."""
    try:
        text = metadata.distribution("sitegen").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    try:
        data = json.loads(text) if text else None
    except ValueError:
        return None
    return spec_from(data if isinstance(data, dict) else None, _git)
