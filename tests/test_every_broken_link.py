"""Every broken link and image of every post is reported in one run, each with its line."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli, write_site

POST = """---
title: Many links
date: 2026-01-02
cover: img/no-cover.png
---

A link to [a missing post](missing-post.md) and [a missing file](report.pdf).

![A missing chart](img/chart.svg)

<p>Raw HTML: <a href="old-post.md">an old post</a></p>

[A good link](other.md) and [another missing post](../posts/typo.md#part).
"""


def test_every_broken_link_and_image_of_every_post_in_one_run(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/many.md": POST,
        "content/posts/other.md": "---\ntitle: Other\ndate: 2026-01-01\n---\n\n[x](nowhere.md)\n\n![y](pic.png)\n",
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1
    err = result.stderr
    expected = [
        "content/posts/many.md:4: the link 'img/no-cover.png' points to a file that does not exist",
        "content/posts/many.md:7: the link 'missing-post.md' points to a post that does not exist",
        "content/posts/many.md:7: the link 'report.pdf' points to a file that does not exist",
        "content/posts/many.md:9: the link 'img/chart.svg' points to a file that does not exist",
        "content/posts/many.md:11: the link 'old-post.md' points to a post that does not exist",
        "content/posts/many.md:13: the link '../posts/typo.md#part' points to a post that does not exist",
        "content/posts/other.md:6: the link 'nowhere.md' points to a post that does not exist",
        "content/posts/other.md:8: the link 'pic.png' points to a file that does not exist",
    ]
    for line in expected:
        assert line in err, f"{line!r} not in:\n{err}"
    assert "8 problems found" in err
    assert "Traceback" not in err


def test_the_same_broken_link_twice_on_one_line_is_reported_once(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": "---\ntitle: A\ndate: 2026-01-01\n---\n\n[x](gone.md) and [again](gone.md)\n",
    })
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert result.stderr.count("the link 'gone.md'") == 1, result.stderr
