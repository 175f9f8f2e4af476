"""Limits for every YAML document sitegen reads: front matter, data/ files, authors.yaml and
chart or table blocks.

YAML aliases (`*name`) repeat what an anchor (`&name`) holds. Nine anchors that each repeat the
previous one nine times hold 9**9 (387 million) values: a few hundred bytes that take all the
memory of any program that copies them (the "billion laughs" attack), and an anchor that holds
an alias to itself never ends. So a document is checked after it is parsed and before any
Python value is made from it:

* aliases may repeat at most `MAX_ALIAS_VALUES` values in all (what the document holds once
  every alias is written out, minus what it holds as written);
* an alias may not sit inside the anchor it names (a loop);
* values may nest at most `MAX_DEPTH` levels deep (deeper nesting exhausts Python's stack).

A refused document raises `LimitError`, a `yaml.MarkedYAMLError` with the line of the anchor
or value at fault, so each caller reports it like any other YAML error: file, line, what to do.
Use `Bounded` as the first base of a loader class: it works for the pure-Python loaders and
for the libyaml (C) ones.
"""

from __future__ import annotations

from typing import Any

import yaml

from sitegen.nesting import MAX_DEPTH as MAX_DEPTH
from sitegen.nesting import deep_line as deep_line
from sitegen.nesting import too_deep as too_deep

MAX_ALIAS_VALUES = 100_000

HINT = ("write the repeated values out, or repeat fewer of them: sitegen refuses YAML whose "
        f"aliases (*name) would repeat more than {MAX_ALIAS_VALUES:,} values, refer to "
        f"themselves, or nest more than {MAX_DEPTH} levels deep")


class LimitError(yaml.MarkedYAMLError):
    """A document beyond sitegen's limits (see the module docstring)."""


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def check(root: yaml.Node) -> None:
    """Raise LimitError when `root`, with its aliases expanded, is beyond the limits.

    Works on the composed node graph, where an alias is the very node its anchor names, so
    the cost is linear in what the document holds as written (no recursion: a deep
    document cannot exhaust the stack here).
    """
    size: dict[int, int] = {}           # node -> how many values it holds with aliases expanded
    depth: dict[int, int] = {}          # node -> how deep it nests with aliases expanded
    on_path: set[int] = set()           # nodes whose children are being counted
    parents: dict[int, int] = {}        # node -> how many times it is referred to
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        children = _children(node)
        if finished:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if depth[key] > MAX_DEPTH:
                raise LimitError(None, None, f"values nest more than {MAX_DEPTH} levels deep",
                                 node.start_mark)
            continue
        if key in size:
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in reversed(children):
            parents[id(child)] = parents.get(id(child), 0) + 1
            if id(child) in on_path:
                raise LimitError(None, None, "an alias refers to the anchor it is inside of, "
                                             "so its value would never end", child.start_mark)
            if id(child) not in size:
                stack.append((child, False))
    repeated = size[id(root)] - len(size)
    if repeated > MAX_ALIAS_VALUES:
        worst = _worst_anchor(root, size, parents)
        raise LimitError(None, None, f"its aliases would repeat {repeated:,} values "
                                     f"(at most {MAX_ALIAS_VALUES:,} are allowed); the anchor "
                                     "repeated most starts here", worst.start_mark)


def _worst_anchor(root: yaml.Node, size: dict[int, int], parents: dict[int, int]) -> yaml.Node:
    """The node referred to more than once that holds the most values (the first one found)."""
    best, best_size = root, 0
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if parents.get(id(node), 0) > 1 and size[id(node)] > best_size:
            best, best_size = node, size[id(node)]
        stack.extend(reversed(_children(node)))
    return best


class Bounded:
    """Mix in before a yaml Loader class: documents are checked before values are made."""

    _sg_depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        # Only the pure-Python composer recurses through here; libyaml stops at its own depth.
        self._sg_depth += 1
        try:
            if self._sg_depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[attr-defined]
                raise LimitError(None, None, f"values nest more than {MAX_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self._sg_depth -= 1

    def get_single_data(self) -> Any:
        node = self.get_single_node()  # type: ignore[attr-defined]
        if node is None:
            return None
        check(node)
        return self.construct_document(node)  # type: ignore[attr-defined]


class SafeLoader(Bounded, yaml.SafeLoader):
    """yaml.SafeLoader within the limits above."""


def safe_load(text: str) -> Any:
    """yaml.safe_load within the limits above (LimitError is a yaml.YAMLError)."""
    return yaml.load(text, Loader=SafeLoader)
