"""`sitegen import jekyll`: a Jekyll site folder into a sitegen site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from import_support import FIXTURES, files_of, front, run_import

JEKYLL = FIXTURES / "jekyll"


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(JEKYLL, dest)
    # a draft without a date takes its file's modification time, as in Jekyll: pin it
    stamp = 1_700_000_000     # 2023-11-14T22:13:20Z
    os.utime(dest / "_drafts" / "heat-pump-idea.md", (stamp, stamp))
    return dest


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("jekyll")
    src = copy_fixture(tmp / "src")
    report = run_import("jekyll", src, tmp / "site")
    return tmp / "site", report


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / name)


def test_dates_from_front_matter_or_file_name_with_offsets(blog: tuple[Path, str]) -> None:
    site, report = blog
    assert post(site, "2021/wallbox-first-month.md")[0]["date"].isoformat() == "2021-03-14T21:15:00-04:00"
    # no date key: the file name, at midnight in the site's zone (America/New_York)
    assert post(site, "2021/night-tariff.md")[0]["date"].isoformat() == "2021-04-02T00:00:00-04:00"
    assert post(site, "2021/solar-split.md")[0]["date"].isoformat() == "2021-06-01T08:00:00+02:00"
    # an unreadable date falls back to the file name, with a warning naming the line
    assert post(site, "2021/broken-date.md")[0]["date"].isoformat() == "2021-05-20T00:00:00-04:00"
    assert "2021-05-20-broken-date.md:3: the date '2021-05-20 2021 10:00:00' cannot be read" in report
    draft, _ = post(site, "2023/heat-pump-idea.md")
    assert draft["draft"] is True and draft["date"].isoformat() == "2023-11-14T17:13:20-05:00"


def test_category_beats_categories_and_strings_are_split(blog: tuple[Path, str]) -> None:
    site, report = blog
    meta, _ = post(site, "2021/wallbox-first-month.md")
    assert meta["tags"] == ["hardware", "home-charging", "meters"]
    assert "'category' wins, as in Jekyll" in report
    assert post(site, "2021/quick-note.md")[0]["tags"] == ["notes"]      # the folder above _posts is a category


def test_authors_scalar_or_list_and_case_insensitive(blog: tuple[Path, str]) -> None:
    site, _ = blog
    assert post(site, "2021/wallbox-first-month.md")[0]["author"] == "ines"
    assert post(site, "2021/night-tariff.md")[0]["authors"] == ["ines", "paul-brenner"]     # ines, INES: one author
    authors = yaml.safe_load((site / "content" / "authors.yaml").read_text("utf-8"))
    assert authors == {"ines": {"name": "Ines Okafor", "bio": "Measures everything that plugs in."},
                       "paul-brenner": {"name": "Paul Brenner"}}


def test_old_urls_from_permalinks_become_aliases(blog: tuple[Path, str]) -> None:
    site, _ = blog
    assert post(site, "2021/wallbox-first-month.md")[0]["aliases"] == ["/2021/03/wallbox-first-month/"]   # _config.yml
    assert post(site, "2021/solar-split.md")[0]["aliases"] == ["/solar/split.html"]                       # the post's own
    assert "aliases" not in post(site, "2023/heat-pump-idea.md")[0]                                        # drafts had none


def test_liquid_is_converted_or_reported(blog: tuple[Path, str]) -> None:
    site, report = blog
    _, body = post(site, "2021/wallbox-first-month.md")
    assert "```python\nreadings = {\"march\": 212.4}\nprint(sum(readings.values()))\n```" in body
    assert "[the tariff post](night-tariff.md)" in body                    # {% post_url %}
    assert "[about page](/about/)" in body                                 # {% link about.md %}
    assert "Liquid examples stay as written: {{ page.title }} and {% if x %}." in body    # {% raw %}
    assert "{% raw %}" not in body and "{% highlight" not in body and "site.baseurl" not in body
    assert "wallbox-first-month.md:29: Liquid {% include signup-box.html %} is not converted" in report
    assert "[here](night-tariff.md)." in body                              # absolute old URL; {:target} dropped
    assert body.index("started at once.") < body.index("<!-- more -->") < body.index("![")   # excerpt_separator


def test_site_files_come_along_and_images_get_alt_text(blog: tuple[Path, str]) -> None:
    site, _ = blog
    _, body = post(site, "2021/wallbox-first-month.md")
    assert "![Wallbox meter](/assets/img/wallbox-meter.gif)" in body
    assert (site / "content" / "assets" / "img" / "wallbox-meter.gif").read_bytes() == \
        (JEKYLL / "assets" / "img" / "wallbox-meter.gif").read_bytes()


def test_markdown_and_html_posts_and_pages(blog: tuple[Path, str]) -> None:
    site, _ = blog
    _, body = post(site, "2021/solar-split.md")
    assert body.strip() == "This post was written as HTML.\n\n- Indented markup must not become a code block."
    page, _ = front(site / "content" / "pages" / "about.md")
    assert page == {"title": "About"}


def test_import_twice_writes_nothing_the_second_time(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path / "src")
    run_import("jekyll", src, tmp_path / "site")
    before = files_of(tmp_path / "site")
    report = run_import("jekyll", src, tmp_path / "site")
    assert "0 files written" in report and f"{len(before)} already there unchanged" in report
    assert files_of(tmp_path / "site") == before


def test_broken_front_matter_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    src = copy_fixture(tmp_path / "src")
    (src / "_posts" / "2021-08-01-bad.md").write_text("---\ntitle: [unclosed\ndate: 2021-08-01\n---\nx\n", "utf-8")
    result = run_cli("import", "jekyll", str(src), "--site", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "2021-08-01-bad.md:3: invalid YAML front matter" in result.stderr
    assert not (tmp_path / "site").exists()
