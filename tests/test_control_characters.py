"""Characters XML cannot hold (vertical tab, form feed, NUL…) stop the build with the file and
line they are on and a hint, the output left as it was; tab, CR and LF are fine."""

from pathlib import Path

import pytest
from conftest import run_cli, snapshot, write_site

from sitegen.pipeline.markdown import textcheck

CONFIG = 'title = "T"\nbase_url = "https://example.com/"\n'


def site_with(tmp_path: Path, files: dict[str, str]) -> Path:
    return write_site(tmp_path / "site", {"sitegen.toml": CONFIG, **files})


def build(site: Path, out: Path):
    return run_cli("build", str(site), "--output", str(out))


@pytest.mark.parametrize(("char", "name"), [("\x0b", "U+000B (vertical tab)"), ("\x0c", "U+000C (form feed)"),
                                            ("\x00", "U+0000 (NUL)"), ("\x1f", "U+001F"), ("\ufffe", "U+FFFE")])
def test_each_character_is_named_with_its_line_and_column(char: str, name: str):
    [problem] = textcheck.in_text(f"one\ntwo\nthr{char}ee\n", "content/posts/x.md", 7)
    assert (problem.file, problem.line) == ("content/posts/x.md", 9)
    assert problem.message == f"a control character {name} at column 4"
    assert "feeds are XML" in (problem.hint or "")


def test_tabs_and_line_ends_are_fine():
    assert textcheck.in_text("a\tb\r\nc\rd\n", "x.md", 1) == []


def test_a_vertical_tab_in_a_body_stops_the_build_and_leaves_the_output(tmp_path: Path):
    site = site_with(tmp_path, {"content/posts/a.md": "---\ntitle: A\ndate: 2026-01-02\n---\n\nFine.\n"})
    out = tmp_path / "out"
    assert build(site, out).returncode == 0
    before = snapshot(out)
    # CRLF line ends; the character on the file's line 8
    (site / "content/posts/a.md").write_bytes(b"---\r\ntitle: A\r\ndate: 2026-01-02\r\n---\r\n\r\nFine.\r\n\r\n"
                                              b"Pasted\x0bfrom Word.\r\n")
    result = build(site, out)
    assert result.returncode == 1
    assert "content/posts/a.md:8: a control character U+000B (vertical tab) at column 7" in result.stderr
    assert "XML compatible" not in result.stderr and "template" not in result.stderr
    assert snapshot(out) == before


def test_a_control_character_in_the_front_matter_names_its_key_line(tmp_path: Path):
    site = site_with(tmp_path, {"content/posts/a.md": '---\ntitle: A\ndate: 2026-01-02\nsummary: "Short\\vsummary"\n'
                                                      'tags: [ok, "b\\fad"]\n---\n\nBody.\n'})
    result = build(site, tmp_path / "out")
    assert result.returncode == 1
    assert "content/posts/a.md:4: the front matter's 'summary' holds a control character U+000B" in result.stderr
    assert "content/posts/a.md:5: the front matter's 'tags' holds a control character U+000C" in result.stderr


def test_one_in_an_author_name_is_named_by_the_feed_stage(tmp_path: Path):
    site = site_with(tmp_path, {
        "content/authors.yaml": 'ana:\n  name: "Ana\\vB"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2026-01-02\nauthor: ana\n---\n\nBody.\n",
    })
    result = build(site, tmp_path / "out")
    assert result.returncode == 1
    assert "content/authors.yaml: a control character U+000B (vertical tab)" in result.stderr
    assert "XML compatible" not in result.stderr
