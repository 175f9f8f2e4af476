from pathlib import Path

import pytest

from sitegen.config import Config, load_config
from sitegen.errors import SitegenError


def test_every_key_has_a_default(tmp_path: Path):
    config = load_config(tmp_path)
    assert config == Config()


def test_values_are_read_and_base_url_gets_a_slash(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('title = "T"\nbase_url = "https://ex.com/blog"\nposts_per_page = 5\n'
                                           '[extra]\naccent = "teal"\n')
    config = load_config(tmp_path)
    assert config.title == "T"
    assert config.base_url == "https://ex.com/blog/"
    assert config.base_path == "/blog/"
    assert config.posts_per_page == 5
    assert config.extra["accent"] == "teal"


def test_extra_is_frozen(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('[extra]\nmenu = ["a"]\n')
    config = load_config(tmp_path)
    with pytest.raises(TypeError):
        config.extra["menu"] = ["b"]  # type: ignore[index]


def test_unknown_keys_and_bad_values_are_reported_together(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('titel = "x"\ntimezone = "Mars/Base"\nfeed_length = 0\n')
    with pytest.raises(SitegenError) as info:
        load_config(tmp_path)
    lines = [str(p) for p in info.value.problems]
    assert len(lines) == 3
    assert lines[0].startswith("sitegen.toml:1: unknown config key 'titel'")
    assert "did you mean 'title'" in lines[0]
    assert lines[1].startswith("sitegen.toml:2: unknown time zone 'Mars/Base'")
    assert lines[2].startswith("sitegen.toml:3: 'feed_length' must be at least 1")


def test_invalid_toml_names_the_line(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('title = "ok"\nbase_url = https://x\n')
    with pytest.raises(SitegenError) as info:
        load_config(tmp_path)
    assert info.value.first.line == 2


def test_command_line_overrides_win(tmp_path: Path):
    (tmp_path / "sitegen.toml").write_text('base_url = "https://a.com/"\n')
    assert load_config(tmp_path, {"base_url": "https://b.com/x/"}).base_url == "https://b.com/x/"
