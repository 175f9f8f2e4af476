"""Hostile and careless YAML, JSON and TOML end in an error naming the file and line.

An alias bomb (anchors that each repeat the previous one nine times), an alias inside its own
anchor, and values nested thousands of levels deep: each would exhaust memory or the stack.
Every build here runs in a child process limited to 1 GiB and 60 s (tests/limits.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import post, write_site
from limits import assert_clean_failure, run_bounded

from sitegen import safeyaml


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """`levels` anchors, each a list of `width` aliases of the one before: width**levels values."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_front_matter_alias_bomb_is_an_error_with_file_and_line(tmp_path: Path):
    # lines 4-12 hold the anchors; l7 (line 11) is the one repeated most
    site = write_site(tmp_path / "site", {
        "content/posts/bomb.md": "---\ntitle: Bomb\ndate: 2026-01-02\n" + alias_bomb() + "---\nText.\n",
        "content/posts/fine.md": post("Fine"),
    })
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "content/posts/bomb.md:11: invalid YAML: its aliases would repeat")
    assert not (site / "output").exists()


def test_data_file_alias_bomb_is_an_error_with_file_and_line(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(),
        "data/numbers.yaml": alias_bomb(),
    })
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "data/numbers.yaml:8: invalid YAML: its aliases would repeat")


def test_authors_file_alias_bomb_is_an_error_with_file_and_line(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(author="desk"),
        "content/authors.yaml": "desk:\n  name: Desk\n  tagline: &t0 [x, x, x, x, x, x, x, x, x]\n"
                                + "".join(f"  k{i}: &t{i} [" + ", ".join([f"*t{i - 1}"] * 9) + "]\n"
                                          for i in range(1, 9)),
    })
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "content/authors.yaml:10: invalid YAML: its aliases would repeat")


def test_chart_block_alias_bomb_is_an_error_with_file_and_line(tmp_path: Path):
    body = "```chart\n" + alias_bomb() + "```\n"
    site = write_site(tmp_path / "site", {"content/posts/a.md": post(body=body)})
    # the post's body starts on line 6, the chart's YAML on line 7: l7 is on line 14
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "content/posts/a.md:14: invalid YAML: its aliases would repeat")


def test_an_alias_inside_its_own_anchor_is_an_error(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/loop.md": "---\ntitle: Loop\ndate: 2026-01-02\nseries: &s [one, *s]\n---\nText.\n",
    })
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "content/posts/loop.md:4: invalid YAML: an alias refers to the anchor")


def test_deeply_nested_yaml_in_a_data_file_is_an_error(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(),
        "data/deep.yaml": "\nvalue: " + "[" * 900 + "]" * 900 + "\n",
    })
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "data/deep.yaml:2: invalid YAML: values nest more than")


def test_deeply_nested_json_in_a_data_file_is_an_error(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(),
        "data/deep.json": "[" * 100_000 + "]" * 100_000,
    })
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "data/deep.json:1: invalid JSON: values nest more than")


def test_deeply_nested_toml_config_is_an_error(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(),
        "sitegen.toml": 'title = "Deep"\n[extra]\nx = ' + "[" * 5000 + "]" * 5000 + "\n",
    })
    result = run_bounded("build", str(site))
    assert_clean_failure(result, "sitegen.toml:3: invalid TOML: values nest more than")


# -- the check itself ----------------------------------------------------------------------

class _Loader(safeyaml.Bounded, yaml.SafeLoader):
    pass


class _CLoader(safeyaml.Bounded, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


@pytest.mark.parametrize("loader", [_Loader, _CLoader], ids=["python", "libyaml"])
def test_aliases_within_the_budget_load_as_before(loader):
    text = "base: &b {unit: kWh, source: report}\nrows:\n  - <<: *b\n    value: 1\n  - <<: *b\n    value: 2\n" \
           "again: *b\nlist: &l [1, 2, 3]\nboth: [*l, *l]\n"
    assert yaml.load(text, Loader=loader) == yaml.safe_load(text)


@pytest.mark.parametrize("loader", [_Loader, _CLoader], ids=["python", "libyaml"])
def test_the_budget_counts_values_repeated_by_aliases(loader):
    # 1,000 aliases of a 99-item list repeat 99,000 values: allowed; 1,011 repeat 100,089: refused
    def doc(n: int) -> str:
        return "l: &l [" + ", ".join(["1"] * 98) + "]\nuses: [" + ", ".join(["*l"] * n) + "]\n"
    assert len(yaml.load(doc(1000), Loader=loader)["uses"]) == 1000
    with pytest.raises(safeyaml.LimitError, match="would repeat 100,089 values"):
        yaml.load(doc(1011), Loader=loader)


@pytest.mark.parametrize("loader", [_Loader, _CLoader], ids=["python", "libyaml"])
def test_depth_limit_for_block_and_flow_nesting(loader):
    assert yaml.load("- " * 99 + "x", Loader=loader) is not None
    for text in ("- " * 101 + "x", "[" * 101 + "]" * 101):
        with pytest.raises(safeyaml.LimitError, match="nest more than 100 levels"):
            yaml.load(text, Loader=loader)


def test_importers_keep_the_same_limits(tmp_path: Path):
    """`sitegen import jekyll` reads _config.yml and front matter with the bounded loader."""
    old = write_site(tmp_path / "old", {
        "_config.yml": "title: Old blog\n" + alias_bomb(),
        "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n---\nText.\n",
    })
    result = run_bounded("import", "jekyll", str(old), "--site", str(tmp_path / "new"))
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text[-3000:]
    assert "_config.yml" in text and "aliases would repeat" in text, text[-3000:]


def test_importer_front_matter_alias_bomb_is_an_error_with_its_line(tmp_path: Path):
    old = write_site(tmp_path / "old", {
        "_config.yml": "title: Old blog\n",
        "_posts/2024-01-02-hello.md": "---\ntitle: Hello\n" + alias_bomb() + "---\nText.\n",
    })
    result = run_bounded("import", "jekyll", str(old), "--site", str(tmp_path / "new"))
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text[-3000:]
    assert "2024-01-02-hello.md:10" in text and "aliases would repeat" in text, text[-3000:]
