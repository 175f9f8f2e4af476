"""How deep parsed values (YAML, JSON, TOML) may nest, without importing a parser: the config
is checked on every build, even one that finds nothing changed (safeyaml re-exports these)."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 100


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether parsed JSON or TOML values (dicts and lists) nest more than `limit` levels."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level > limit:
            return True
        stack.extend((child, level + 1) for child in children)
    return False


def deep_line(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The first line where brackets and braces open more than `limit` levels (outside quotes
    this is where a parser gives up; inside them it is a good guess)."""
    level = 0
    for number, line in enumerate(text.splitlines(), 1):
        for char in line:
            if char in "[{":
                level += 1
                if level > limit:
                    return number
            elif char in "]}":
                level -= 1
    return None
