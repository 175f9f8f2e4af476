"""Site configs as messy as real ones: a Jekyll _config.yml saved as Windows-1252 with CRLF, a
Hugo hugo.toml with a BOM and a Windows-1252 byte. They crashed the import with a traceback; now
they are read, with a warning naming the file and line."""

from __future__ import annotations

from pathlib import Path

from import_support import FIXTURES, front, run_import

MESSY = FIXTURES / "messy"


def test_a_windows_1252_jekyll_config_is_read_with_a_warning(tmp_path: Path) -> None:
    report = run_import("jekyll", MESSY / "jekyll-cp1252-config", tmp_path / "site")
    assert 'title = "Caf\u00e9 Bread"' in (tmp_path / "site" / "sitegen.toml").read_text("utf-8")
    assert "_config.yml:1: the file is not valid UTF-8" in report
    meta, _ = front(tmp_path / "site" / "content" / "posts" / "2020" / "one.md")
    assert meta["date"].isoformat() == "2020-02-02T00:00:00+01:00"               # its Europe/Paris zone


def test_a_hugo_config_with_a_bom_and_a_windows_1252_byte_is_read(tmp_path: Path) -> None:
    report = run_import("hugo", MESSY / "hugo-bom-config", tmp_path / "site")
    assert 'title = "Caf\u00e9"' in (tmp_path / "site" / "sitegen.toml").read_text("utf-8")
    assert "hugo.toml:2: the file is not valid UTF-8" in report
    meta, _ = front(tmp_path / "site" / "content" / "posts" / "2020" / "tea.md")
    assert meta["date"].isoformat() == "2020-03-03T00:00:00+09:00"               # timeZone read past the BOM
