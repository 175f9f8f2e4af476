"""One error type that names the user's file, its line, and what to do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Problem:
    """A single problem found in the user's input."""

    message: str
    file: str | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n    -> {self.hint}"
        return text


class SitegenError(Exception):
    """Raised for bad input. Carries one or more problems, reported together."""

    def __init__(self, message: str | None = None, *, file: str | Path | None = None,
                 line: int | None = None, hint: str | None = None,
                 problems: list[Problem] | None = None):
        if problems is None:
            problems = [Problem(message or "error", str(file) if file else None, line, hint)]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class UsageError(SitegenError):
    """A mistake on the command line (exit code 2)."""


class SearchError(SitegenError):
    """Pagefind is missing or failed; the output keeps its previous index (raised by search.py;
    defined here so that the command line can catch it without importing the search step)."""


class Collector:
    """Gathers problems so that a run reports all of them at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, err: SitegenError) -> None:
        self.problems.extend(err.problems)

    def attempt(self, fn: Callable[..., Any], *args: Any, default: Any = None) -> Any:
        """fn(*args), or `default` with its problems kept here, so one run reports them all."""
        try:
            return fn(*args)
        except SitegenError as err:
            self.add(err)
            return default

    def raise_if_any(self) -> None:
        if self.problems:
            raise SitegenError(problems=self.problems)
