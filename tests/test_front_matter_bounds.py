"""Front matter skips safeyaml.check's count only for a plain tree (no node reached twice, no
path deeper than the limit): anything with an alias, or nested too deep, is still checked
and refused with its line."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import safeyaml
from sitegen.errors import SitegenError
from sitegen.pipeline.read import frontmatter


def compose(text: str) -> yaml.Node:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert node is not None
    return node


def nested(levels: int) -> str:
    """A value whose deepest path is `levels` nodes long (the scalar at its end counted)."""
    return "a: " + "[" * (levels - 2) + "x" + "]" * (levels - 2) + "\n"


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",                # an alias: reached twice
    "a: &x 1\nb: *x\n",
    "- &s {k: v}\n- [*s, *s]\n",
])
def test_a_document_with_an_alias_is_not_a_plain_tree(text: str) -> None:
    assert not frontmatter.plain_tree(compose(text))


def test_depth_is_counted_as_the_check_counts_it() -> None:
    at_limit, past = compose(nested(safeyaml.MAX_DEPTH)), compose(nested(safeyaml.MAX_DEPTH + 1))
    assert frontmatter.plain_tree(at_limit)
    safeyaml.check(at_limit)
    assert not frontmatter.plain_tree(past)
    with pytest.raises(safeyaml.LimitError):
        safeyaml.check(past)


def test_front_matter_past_the_limits_is_still_refused_with_its_line() -> None:
    bomb = "l0: &l0 [" + ", ".join(["lol"] * 9) + "]\n" + "".join(
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9))
    with pytest.raises(SitegenError, match="aliases would repeat") as err:
        frontmatter.load_yaml(bomb, "content/posts/x.md", first_line=2)
    assert err.value.problems[0].line == 9
    with pytest.raises(SitegenError, match="nest more than"):
        frontmatter.load_yaml(nested(safeyaml.MAX_DEPTH + 1), "content/posts/x.md")
    assert frontmatter.load_yaml("a: &x [1]\nb: *x\n", "x.md") == {"a": [1], "b": [1]}


values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
                      max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(values, st.booleans())
def test_a_plain_tree_is_one_the_check_passes(value: Any, share: bool) -> None:
    # the same list twice: yaml.dump writes an anchor and an alias for it
    doc = {"a": value, "b": value} if share and isinstance(value, (list, dict)) and value else {"a": value}
    node = compose(yaml.dump(doc, Dumper=yaml.SafeDumper))
    if frontmatter.plain_tree(node):
        safeyaml.check(node)                                # (raises nothing)
        assert not (share and len(doc) == 2)               # an alias is never taken for a tree
