"""Invalid fixture sites: each fails with its expected error line, exit code 1, and leaves
the previous output exactly as it was.

Each folder in tests/fixtures/invalid/ is a site; its expected-error.txt holds the line the
error message must contain (file:line: message).
"""

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, post, run_cli, snapshot, write_site

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())


@pytest.fixture
def previous_output(tmp_path: Path) -> Path:
    """An output folder holding a good earlier build."""
    good = write_site(tmp_path / "good", {"content/posts/old.md": post("Earlier post")})
    out = tmp_path / "out"
    result = run_cli("build", str(good), "--output", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_every_invalid_case_is_checked():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_reports_file_line_and_keeps_output(case: str, tmp_path: Path, previous_output: Path):
    site = tmp_path / case
    shutil.copytree(FIXTURES / "invalid" / case, site)
    expected = (site / "expected-error.txt").read_text("utf-8").strip()
    before = snapshot(previous_output)

    result = run_cli("build", str(site), "--output", str(previous_output))

    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stderr, f"expected {expected!r} in:\n{result.stderr}"
    assert "->" in result.stderr, "every error says what to do"
    assert "Traceback" not in result.stderr
    assert snapshot(previous_output) == before
    leftovers = [p.name for p in previous_output.parent.iterdir() if p.name.startswith(".sitegen-staging")]
    assert leftovers == []


def test_all_content_errors_of_a_run_are_reported_together(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": "---\ntitle: A\n---\nbody\n",
        "content/posts/b.md": "---\ndate: 2026-01-01\n---\nbody\n",
        "content/posts/c.md": "",
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "content/posts/a.md:2: missing 'date'" in result.stderr
    assert "content/posts/b.md:2: missing 'title'" in result.stderr
    assert "content/posts/c.md:1: the file is empty" in result.stderr
    assert "3 problems found" in result.stderr


def test_unknown_author_names_the_closest_known_ids(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/authors.yaml": "jane-doe:\n  name: Jane Doe\nbob-smith:\n  name: Bob Smith\n",
        "content/posts/a.md": post(author="jane-deo"),
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "unknown author 'jane-deo'" in result.stderr
    assert "jane-doe" in result.stderr.split("unknown author")[1]


def test_config_errors_are_all_reported_at_once(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "sitegen.toml": 'base_url = "example.com"\nposts_per_page = "ten"\ncolour = "red"\n',
        "content/posts/a.md": post(),
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "sitegen.toml:1: base_url must be an absolute http(s) URL" in result.stderr
    assert "sitegen.toml:2: 'posts_per_page' must be int" in result.stderr
    assert "sitegen.toml:3: unknown config key 'colour'" in result.stderr


@pytest.mark.parametrize("where", [".", "content"])
def test_refuses_to_build_into_a_folder_of_the_users_files(where: str, sample_site: Path):
    before = snapshot(sample_site)
    result = run_cli("build", str(sample_site), "--output", str(sample_site / where))
    assert result.returncode == 1
    assert "refusing to build into" in result.stderr
    assert snapshot(sample_site) == before


def test_refuses_a_non_empty_folder_that_sitegen_did_not_make(sample_site: Path, tmp_path: Path):
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    result = run_cli("build", str(sample_site), "--output", str(other))
    assert result.returncode == 1
    assert "not empty and was not made by sitegen" in result.stderr
    assert (other / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in other.iterdir()) == ["notes.txt"]


def test_never_overwrites_a_file_it_did_not_create(sample_site: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run_cli("build", str(sample_site), "--output", str(out)).returncode == 0
    (out / "tags" / "index.html").unlink()
    manifest = out / ".sitegen-manifest.json"
    import json
    data = json.loads(manifest.read_text())
    del data["files"]["tags/index.html"]
    manifest.write_text(json.dumps(data))
    (out / "tags" / "index.html").write_text("the user's own page")
    (out / "extra.txt").write_text("the user's own file")
    result = run_cli("build", str(sample_site), "--output", str(out))
    assert result.returncode == 1
    assert "sitegen did not create it" in result.stderr
    assert (out / "tags" / "index.html").read_text() == "the user's own page"
    assert (out / "extra.txt").read_text() == "the user's own file"
