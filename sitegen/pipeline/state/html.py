"""The HTML of a rendered post, loaded from the store when a page asks for it (a Post holds an
HtmlRef, not its HTML: 10k posts' HTML stays on disk). Each process reads through a connection
of its own (forked workers open theirs)."""

from __future__ import annotations

import os
import sqlite3
from typing import Any

_CONNECTIONS: dict[tuple[int, str], sqlite3.Connection] = {}


def _reader(path: str) -> sqlite3.Connection:
    """A read connection of this process (forked workers open their own)."""
    key = (os.getpid(), path)
    conn = _CONNECTIONS.get(key)
    if conn is None:
        conn = sqlite3.connect(path, check_same_thread=False)
        _CONNECTIONS[key] = conn
    return conn


class StoreDamaged(Exception):
    """The store failed while a build was reading from it: the build starts again without it."""


def forget_readers(path: str) -> None:
    for key in [k for k in _CONNECTIONS if k[1] == path]:
        try:
            _CONNECTIONS.pop(key).close()
        except sqlite3.Error:
            pass


class HtmlRef:
    """Loads one post's rendered HTML from the store (works in forked workers too)."""

    __slots__ = ("key", "path", "rel")

    def __init__(self, path: str, rel: str, key: str):
        self.path, self.rel, self.key = path, rel, key

    def __call__(self) -> str:
        try:
            row = _reader(self.path).execute("SELECT html FROM rendered WHERE rel=? AND key=?",
                                             (self.rel, self.key)).fetchone()
        except sqlite3.Error as exc:
            raise StoreDamaged(str(exc)) from None
        if row is None or not isinstance(row[0], str):
            raise StoreDamaged(f"the HTML of {self.rel} is missing")
        return row[0]

    def __reduce__(self) -> tuple[Any, ...]:
        return (HtmlRef, (self.path, self.rel, self.key))
