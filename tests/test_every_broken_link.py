"""Every broken link and image of every post is reported in one run, each with its line."""

from __future__ import annotations

from pathlib import Path

import photos
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
        "content/posts/many.md:4: the cover image 'img/no-cover.png' points to a file that does not exist",
        "content/posts/many.md:7: the link 'missing-post.md' points to a post that does not exist",
        "content/posts/many.md:7: the link 'report.pdf' points to a file that does not exist",
        "content/posts/many.md:9: the image 'img/chart.svg' points to a file that does not exist",
        "content/posts/many.md:11: the link 'old-post.md' points to a post that does not exist",
        "content/posts/many.md:13: the link '../posts/typo.md#part' points to a post that does not exist",
        "content/posts/other.md:6: the link 'nowhere.md' points to a post that does not exist",
        "content/posts/other.md:8: the image 'pic.png' points to a file that does not exist",
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


def test_a_link_or_image_whose_address_has_a_space_is_reported_not_shown_as_text(tmp_path: Path):
    site = write_site(tmp_path / "site", {
        "content/posts/a.md": "---\ntitle: Spaces\ndate: 2026-01-01\n---\n\nIntro.\n\n"
                              "![Our car](My car.jpg)\n\n"
                              "The [full report](Q3 report final.pdf) is out.\n\n"
                              "Written right: ![Our car](<My car.jpg>) and [report](Q3%20report%20final.pdf).\n\n"
                              "Prose is left alone: [see](the notes below), and `![code](a b.png)` too.\n",
        "content/posts/Q3 report final.pdf": b"%PDF-1.4\n",
    })
    photos.scene(64, 48).save(site / "content" / "posts" / "My car.jpg", "JPEG")
    result = run_cli("build", str(site))
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if "content/posts/a.md" in line]
    assert problems == [
        "  content/posts/a.md:8: '![Our car](My car.jpg)' is shown as text, not as a link or image: its address has a space",
        "  content/posts/a.md:10: '[full report](Q3 report final.pdf)' is shown as text, not as a link or image: "
        "its address has a space",
    ], result.stderr
    assert "<My car.jpg>" in result.stderr
