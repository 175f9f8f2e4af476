"""Characters a page may hold but XML may not: the control characters other than tab, line feed
and carriage return (a vertical tab pasted from Word, a NUL from a broken export). A feed built
with one fails in lxml with no file named, so the build looks for them where a post's text
enters it, and names the file and line. One regular expression over text already in memory.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sitegen.errors import Problem

BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NAMES = {0x00: "NUL", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "escape"}
HINT = ("delete it (most editors do not show it; text pasted from Word or a PDF often brings one): "
        "feeds are XML, which cannot carry it")


def describe(char: str) -> str:
    name = _NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def in_text(text: str, file: str, first_line: int) -> list[Problem]:
    """A problem for each line of `text` (which starts at file line `first_line`) holding one."""
    if BAD.search(text) is None:
        return []
    found: dict[int, Problem] = {}
    for m in BAD.finditer(text):
        line = first_line + text.count("\n", 0, m.start())
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        found.setdefault(line, Problem(f"a control character {describe(m.group(0))} at column {column}", file, line, HINT))
    return list(found.values())


def _strings(value: Any, key: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _strings(v, key or str(k))
    elif isinstance(value, (tuple, list)):
        for v in value:
            yield from _strings(v, key)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), key)


# the front matter key a draft's field comes from, where the names differ
_KEYS = {"tag_names": "tags", "author_ids": "author"}


_SKIPPED = ("body", "source", "content_rel", "digest")
_SCALARS = (int, bool, float, datetime)     # what _strings passes over (not its subclasses: they may be more)


def in_front_matter(draft: Any, read_source: Callable[[], str]) -> list[Problem]:
    """A problem for each front matter value of a post holding one (YAML lets "\\v" through in a
    quoted string). The file is read again only to find the line of a value that has one."""
    if not _any_bad(draft):
        return []
    problems = []
    for f in dataclasses.fields(draft):
        if f.name in _SKIPPED:
            continue
        for key, text in _strings(getattr(draft, f.name), "" if f.name == "extra" else _KEYS.get(f.name, f.name)):
            m = BAD.search(text)
            if m is None:
                continue
            line = 1
            keys = (key, "authors") if key == "author" else (key,)
            for n, source_line in enumerate(read_source().split("\n")[1:draft.body_line], 2):
                if re.match(rf"\s*(?:{'|'.join(map(re.escape, keys))})\s*:", source_line):
                    line = n
                    break
            problems.append(Problem(f"the front matter's '{key}' holds a control character {describe(m.group(0))}",
                                    draft.source, line, HINT))
    return problems


def _any_bad(draft: Any) -> bool:
    """Whether any string in_front_matter looks at holds a bad character: the strings _strings
    finds in the same fields, gathered without a generator each and searched at once (a line
    feed between two is no bad character). Most posts have none; those that do are looked at
    again, one value at a time, to say where."""
    found: list[str] = []
    cls: type = type(draft)
    todo = [getattr(draft, f.name) for f in _fields(cls) if f.name not in _SKIPPED]
    while todo:
        value = todo.pop()
        if value is None or type(value) in _SCALARS:
            continue
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, Mapping):
            todo.extend(value.values())
        elif isinstance(value, (tuple, list)):
            todo.extend(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            cls = type(value)
            todo.extend(getattr(value, f.name) for f in _fields(cls))
    return BAD.search("\n".join(found)) is not None


@functools.cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)
