"""`sitegen import hugo`: a Hugo site into a sitegen site."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

HUGO = FIXTURES / "hugo"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("hugo") / "site"
    return site, run_import("hugo", HUGO, site)


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / name)


def test_toml_front_matter_after_blank_lines(blog: tuple[Path, str]) -> None:
    meta, body = post(blog[0], "2022/charging-curves.md")
    assert meta["title"] == "Charging curves compared"
    assert meta["date"].isoformat() == "2022-09-03T14:00:00+02:00"
    assert meta["updated"].isoformat() == "2022-09-10T08:00:00+02:00"     # lastmod
    assert meta["tags"] == ["Analysis", "charging", "curves"]              # categories, then tags
    assert meta["summary"] == "Three cars, one fast charger, very different curves."
    assert meta["author"] == "lena-vogt"
    assert meta["aliases"] == ["/2022/09/charging-curves-compared/"]       # [permalinks] posts: :slug is the title when no slug
    assert body.index("on purpose.") < body.index("<!-- more -->")


def test_a_translation_by_file_name_is_a_post_of_its_own(blog: tuple[Path, str]) -> None:
    site, report = blog
    meta, _ = post(site, "2022/charging-curves-de.md")
    assert meta["title"] == "Ladekurven im Vergleich" and meta["aliases"] == ["/de/2022/09/ladekurven-im-vergleich/"]
    assert "charging-curves.de.md:1: a translation (de): imported as a post of its own" in report


def test_json_front_matter_and_url(blog: tuple[Path, str]) -> None:
    meta, body = post(blog[0], "2022/battery-myths.md")
    assert meta["title"] == "Battery myths, checked" and meta["aliases"] == ["/myths/battery/"]
    assert body.strip() == "Front matter in JSON, as Hugo allows."


def test_page_bundle_with_its_images_slug_aliases_and_featured_cover(blog: tuple[Path, str]) -> None:
    site, _ = blog
    meta, body = post(site, "2022/coast-road-one-charge.md")
    assert meta["aliases"] == ["/2022/07/coast-road-one-charge/", "/trips/coast-road/"]
    assert meta["cover"] == "coast-road-one-charge/featured.png"
    assert meta["cover_alt"] == "Cover image of The coast road, on one charge"
    assert "![The cliffs at dawn](coast-road-one-charge/cliffs.png)" in body
    folder = site / "content" / "posts" / "2022" / "coast-road-one-charge"
    assert (folder / "cliffs.png").read_bytes() == (HUGO / "content" / "posts" / "coast-road" / "cliffs.png").read_bytes()
    assert meta["author"] == "lena-vogt"          # "Lena Vogt" and "lena vogt": one author


def test_draft_and_expiry(blog: tuple[Path, str]) -> None:
    site, report = blog
    assert post(site, "2022/draft-note.md")[0]["draft"] is True
    assert post(site, "2021/old-offer.md")[0]["draft"] is True
    assert "old-offer.md:4: expiryDate is set: imported as a draft" in report


def test_shortcodes(blog: tuple[Path, str]) -> None:
    site, report = blog
    _, body = post(site, "2022/charging-curves.md")
    assert ('<figure><img src="/images/charge-curve.png" alt="Power against state of charge">'
            "<figcaption>Peak power holds longer on the 800 V car</figcaption></figure>") in body
    assert (site / "content" / "images" / "charge-curve.png").is_file()           # from static/
    assert "```go\nfunc peak(kw []float64) float64 { return kw[0] }\n```" in body
    assert "[the coast road trip](coast-road-one-charge.md)" in body               # ref
    assert "and battery-myths.md." in body                                         # relref
    assert "[Video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc)" in body
    assert "[Gist 4f2a9c by lvogt](https://gist.github.com/lvogt/4f2a9c)" in body
    assert ":::warning\nThis box is a theme shortcode, not a built-in one.\n:::" in body and "notice" not in body
    assert "charging-curves.md:29" not in report                      # a theme's callout is converted
    assert "`{{< youtube id >}}`" in body                                          # escaped shortcode


def test_top_level_files_are_pages_and_list_pages_are_skipped(blog: tuple[Path, str]) -> None:
    site, _ = blog
    assert front(site / "content" / "pages" / "about.md")[0] == {"title": "About this site", "summary": "Who writes here",
                                                                "menu": 3}
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md"))
    assert not any("_index" in p or "all-posts" in p for p in written)


@pytest.mark.parametrize(("toml", "line"), [('title = "ok"\ndate = 2022-13-45', 3),      # a bad value: its line
                                            ('title = "ok"\ntags = ["a",', 4)])         # unclosed: the end
def test_broken_toml_is_an_error_with_its_line(tmp_path: Path, toml: str, line: int) -> None:
    bad = tmp_path / "content" / "posts"
    bad.mkdir(parents=True)
    (bad / "x.md").write_text(f"+++\n{toml}\n+++\nbody\n", "utf-8")
    from sitegen.errors import SitegenError
    from sitegen.importers.cli import import_site
    with pytest.raises(SitegenError) as err:
        import_site("hugo", str(tmp_path), tmp_path / "site")
    problem = err.value.first
    assert problem.file and problem.file.endswith("x.md") and problem.line == line
    assert "invalid TOML front matter" in problem.message
    assert not (tmp_path / "site").exists()


def test_a_symbolic_link_out_of_the_blog_is_not_copied(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"private bytes")
    bundle = tmp_path / "blog" / "content" / "posts" / "trip"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text("---\ntitle: Trip\ndate: 2022-01-01\n---\n![A photo](photo.png)\n", "utf-8")
    (bundle / "photo.png").symlink_to(secret)
    run_import("hugo", tmp_path / "blog", tmp_path / "site")
    written = [p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert b"private bytes" not in written
