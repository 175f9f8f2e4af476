"""`sitegen import markdown` on an Eleventy folder as messy as real ones: `date: Last Modified`,
`permalink: false`, and a reStructuredText post among the Markdown ones."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

ELEVENTY = FIXTURES / "messy" / "eleventy"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("elevmessy")
    src = base / "src"
    shutil.copytree(ELEVENTY, src)
    stamp = datetime(2022, 6, 7, 8, 9, 10, tzinfo=UTC).timestamp()
    os.utime(src / "posts" / "allotment-log.md", (stamp, stamp))
    return base / "site", run_import("markdown", src, base / "site")


def test_eleventys_last_modified_date_is_the_files_time_with_a_warning(blog: tuple[Path, str]) -> None:
    site, report = blog
    meta, _ = front(site / "content" / "posts" / "2022" / "allotment-log.md")
    assert meta["date"].isoformat() == "2022-06-07T08:09:10+00:00" and meta["tags"] == ["garden"]
    assert "allotment-log.md:3: the date is 'Last Modified' (Eleventy's own value)" in report


def test_permalink_false_is_a_draft(blog: tuple[Path, str]) -> None:
    meta, _ = front(blog[0] / "content" / "posts" / "2022" / "unlisted-thanks.md")
    assert meta["draft"] is True
    assert "unlisted-thanks.md:4: permalink: false (not published on the old site): imported as a draft" in blog[1]


def test_restructuredtext_posts_are_reported_not_silently_skipped(blog: tuple[Path, str]) -> None:
    assert "1 reStructuredText or notebook file(s) were not imported" in blog[1]
    assert "posts/notes-on-rst.rst" in blog[1] and "pandoc" in blog[1]
