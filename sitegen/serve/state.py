"""What the server knows about its builds, and the events it sends to open pages."""

from __future__ import annotations

import json
import queue
import threading
from dataclasses import dataclass
from typing import Any

from sitegen.errors import Problem

MAX_CHANGED = 2000          # longer change lists are sent as "everything" (null)


class Hub:
    """Keeps the current state and one queue per connected page."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[queue.Queue[bytes | None]] = set()
        self._state = b""
        self._closed = False

    @staticmethod
    def event(kind: str, data: dict[str, Any]) -> bytes:
        return f"event: {kind}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()

    def subscribe(self) -> queue.Queue[bytes | None]:
        q: queue.Queue[bytes | None] = queue.Queue()
        with self._lock:
            if self._closed:
                q.put(None)
            else:
                q.put(self._state)
                self._clients.add(q)
        return q

    def unsubscribe(self, q: queue.Queue[bytes | None]) -> None:
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


@dataclass
class BuildState:
    attempts: int = 0           # builds tried (good or bad)
    good: int = 0               # builds that succeeded
    build_id: str = ""          # the last good build ("" before the first)
    problems: list[dict[str, Any]] | None = None   # the last attempt's problems, None when it succeeded
    changed: list[str] | None = None     # output files the last good build changed


def problem_dict(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "message": p.message, "hint": p.hint}


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str] | None:
    """The output files whose hash differs between two manifests (None: too many to list)."""
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return None if len(changed) > MAX_CHANGED else changed
