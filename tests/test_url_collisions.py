"""Two output files whose names differ only in case, or only in Unicode normalisation (NFC and
NFD), are an error naming both sources: on file systems that ignore case (macOS, Windows) or
normalise names, and on some hosts, one would silently replace the other."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from conftest import post, run_cli, write_site


def assert_clash(site: Path, *names: str) -> str:
    result = run_cli("build", str(site))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "differ only in case or Unicode normalisation" in result.stderr, result.stderr
    for name in names:
        assert name in result.stderr, f"{name!r} not in:\n{result.stderr}"
    assert "->" in result.stderr
    assert not (site / "output").exists()
    return result.stderr


def test_slugs_that_differ_only_in_case_are_an_error_naming_both_posts(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/first.md": post("Model Y review", slug="Model-Y"),
        "content/posts/second.md": post("Model Y prices", slug="model-y"),
    })
    assert_clash(site, "content/posts/first.md", "content/posts/second.md", "/posts/Model-Y/", "/posts/model-y/")


def test_slugs_that_differ_only_in_unicode_normalisation_are_an_error(tmp_path: Path):
    nfc, nfd = unicodedata.normalize("NFC", "café-crème"), unicodedata.normalize("NFD", "café-crème")
    assert nfc != nfd
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post("Composed", slug=nfc),
        "content/posts/b.md": post("Decomposed", slug=nfd),
    })
    assert_clash(site, "content/posts/a.md", "content/posts/b.md")


def test_a_post_url_that_differs_from_a_site_page_only_in_case_is_an_error(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "sitegen.toml": 'permalink = "/{slug}/"\n',
        "content/posts/a.md": post("Tags", slug="Tags"),
        "content/posts/b.md": post("Other", tags="[ev]"),
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1, result.stderr
    assert "content/posts/a.md" in result.stderr and "/Tags/" in result.stderr, result.stderr


def test_content_files_that_differ_only_in_case_are_an_error_naming_both(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(),
        "content/images/Logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
        "content/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'><g/></svg>\n",
    })
    assert_clash(site, "content/images/Logo.svg", "content/images/logo.svg")


def test_a_content_file_and_a_static_file_that_differ_only_in_case(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post(),
        "content/static/Style.css": "a{}\n",
        "static/style.css": "b{}\n",
    })
    assert_clash(site, "content/static/Style.css", "static/style.css")


def test_a_content_file_and_a_post_page_that_differ_only_in_case(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post("Hello", slug="hello"),
        "content/posts/Hello/index.html": "<p>mine</p>\n",
    })
    assert_clash(site, "content/posts/a.md", "content/posts/Hello/index.html")


def test_names_in_other_cases_that_do_not_clash_still_build(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": post("Model Y", slug="Model-Y"),
        "content/images/Logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    })
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "output/posts/Model-Y/index.html").is_file()
    assert (site / "output/images/Logo.svg").is_file()
