"""`sitegen import wordpress`: WXR 1.0-1.2 exports into a sitegen site."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from import_support import FIXTURES, PNG, files_of, front, http_server, jpeg, run_import, text_of

WXR = FIXTURES / "wordpress"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("wp") / "site"
    report = run_import("wordpress", WXR / "export-1.2.xml", site, download=False)
    return site, report


def post(site: Path, name: str) -> tuple[dict, str]:
    return front(site / "content" / "posts" / name)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_is_read(version: str, tmp_path: Path) -> None:
    run_import("wordpress", WXR / f"export-{version}.xml", tmp_path, download=False)
    posts = sorted((tmp_path / "content" / "posts").rglob("*.md"))
    assert posts, f"WXR {version} gave no posts"
    for p in posts:
        meta, body = front(p)
        assert meta["title"] and meta["date"] and body.strip()


def test_only_published_posts_are_public(blog: tuple[Path, str]) -> None:
    site, report = blog
    draft, _ = post(site, "2023/tyre-pressure-a-draft.md")
    assert draft["draft"] is True and "aliases" not in draft
    future, _ = post(site, "2031/road-trip.md")
    assert str(future["date"]).startswith("2031-04-01") and "draft" not in future
    for title, why in (("Diary entry only for me", "private"), ("Waiting for review", "pending"),
                       ("Members only", "password-protected")):
        assert f"'{title}' is {why}: not imported" in report
    written = text_of(site)
    for secret in ("PRIVATE-TEXT", "PENDING-TEXT", "PASSWORD-TEXT", "hunter2"):
        assert secret not in written


def test_dates_come_from_post_date_gmt_with_an_offset(blog: tuple[Path, str], tmp_path: Path) -> None:
    site, _ = blog
    meta, _ = post(site, "2023/heat-pump-notes.md")     # post_date 18:05 local, 17:05 GMT
    assert meta["date"].isoformat() == "2023-02-20T17:05:00+00:00"
    run_import("wordpress", WXR / "export-1.1.xml", tmp_path, download=False)
    # no post_date_gmt: the local time with the blog's offset measured on the other post (+2 h)
    meta, _ = front(tmp_path / "content" / "posts" / "2015" / "supermarket.md")
    assert meta["date"].isoformat() == "2015-07-04T18:30:00+02:00"
    assert meta["title"] == "The supermarket’s charger & café"          # entities in titles are read


def test_authors_have_display_names_and_no_email_is_written(blog: tuple[Path, str]) -> None:
    site, report = blog
    import yaml
    authors = yaml.safe_load((site / "content" / "authors.yaml").read_text("utf-8"))
    assert authors == {"mara": {"name": "Mara Quill"}, "tobias-wren": {"name": "Tobias Wren"}}
    assert post(site, "2023/heat-pump-notes.md")[0]["author"] == "tobias-wren"
    everything = "\n".join(p.read_text("utf-8", errors="replace") for p in site.rglob("*") if p.is_file())
    for address in ("mara.quill@mail.example.org", "tobias.w@mail.example.org", "reader@mail.example.org"):
        assert address not in everything
    assert "@" not in everything.replace("@astrojs", "")
    assert "e-mail address was removed" in report


def test_categories_and_tags_become_tags(blog: tuple[Path, str]) -> None:
    site, _ = blog
    assert post(site, "2023/winter-mornings.md")[0]["tags"] == ["Charging", "Winter"]     # not "Uncategorized"
    assert post(site, "2023/heat-pump-notes.md")[0]["tags"] == ["Heat pump"]             # one tag, not two spellings


def test_html_becomes_markdown_keeping_what_markdown_cannot_say(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "2023/heat-pump-notes.md")
    assert "| Trip | Heater \\| mode | Use |" in body and "| School run | resistive \\| old | 24.1 |" in body
    assert '<td rowspan="2">Ferry day</td>' in body and "cellpadding" not in body and "border=" not in body
    assert "<iframe" in body and 'title="Embedded content from www.youtube-nocookie.com"' in body
    assert "frameborder" not in body
    assert "```python\ndef per_100km(kwh, km):\n    return kwh / km * 100  # *not* emphasis, and a | pipe\n```" in body
    assert "<!-- wp:" not in body and "<!-- more -->" in body
    assert "Text written as \\<b> in the editor" in body
    # an HTML block must not contain a blank line, or CommonMark ends it there
    for block in body.split("\n\n"):
        if block.startswith(("<table", "<figure")):
            assert "\n\n" not in block


def test_classic_posts_get_paragraphs_lists_and_more(blog: tuple[Path, str]) -> None:
    _, body = post(blog[0], "2023/winter-mornings.md")
    assert body.startswith("\nThe first frost arrived")
    assert "helped more than anything else.\\\nIt warms the pack" in body         # a single newline is a line break
    assert "- Preconditioning: on every weekday\n  - from the app at 06:40\n  - or on a timer" in body
    assert body.index("<figure>") < body.index("<!-- more -->")
    assert "<figcaption>A charger under a thin layer of frost at seven in the morning</figcaption>" in body
    assert "[Watch on YouTube](https://www.youtube.com/watch?v=dQw4w9WgXcQ)" in body                    # a bare URL on its own line


def test_shortcodes(blog: tuple[Path, str], tmp_path: Path) -> None:
    site, report = blog
    _, body = post(site, "2023/heat-pump-notes.md")
    # [gallery] without ids: the post's attached images, in their menu order
    assert body.index("cabin-thermometer.png") < body.index("dashboard-readout.png")
    assert "![The consumption screen after the motorway leg](" in body
    assert "![Cabin thermometer](" in body          # an attachment titled like a file name
    assert "export-1.2.xml:53: shortcode [contact-form-7] is not converted: left as text" in report
    report = run_import("wordpress", WXR / "export-1.0.xml", tmp_path, download=False)
    assert "1 item(s) of the post type 'product' were not imported" in report
    _, body = front(tmp_path / "content" / "posts" / "2011" / "first-week.md")
    assert "[Watch on Vimeo](https://vimeo.com/1234567)" in body                                      # [embed]
    assert "![A photo](http://oldvolts.example.com/wp-content/uploads/2011/09/plug.jpg)" in body   # [gallery ids=]
    assert '```bash\necho "kWh: $((12 * 3))" && ls <none>\n```' in body                # [code]
    assert "[not-a-shortcode] stays as text" in body


def test_old_links_become_aliases_and_links_between_posts_point_at_files(blog: tuple[Path, str]) -> None:
    site, report = blog
    meta, body = post(site, "2023/heat-pump-notes.md")
    assert meta["aliases"] == ["/2023/02/20/heat-pump-notes/"]         # relative to the blog's /blog base
    assert "[the winter post](winter-mornings.md)" in body
    assert "[about page](/about/)" in body
    assert "[an old post](https://old.example.net/blog/2022/05/01/never-imported/)" in body
    assert "never-imported/' is not an imported post: it now points to the old site" in report
    assert "[my heat pump notes](heat-pump-notes.md)" in post(site, "2023/winter-mornings.md")[1]


def test_pages_nest_under_their_parents_and_keep_their_menu_place(blog: tuple[Path, str]) -> None:
    site, _ = blog
    about, body = front(site / "content" / "pages" / "about.md")
    assert about == {"title": "About", "menu": 2}           # its old URL is its new one: no alias
    assert "## Contact" in body
    equipment, _ = front(site / "content" / "pages" / "about" / "equipment.md")
    assert equipment == {"title": "Equipment"}


FULL = jpeg(200, 8)


def test_images_are_downloaded_beside_the_post(tmp_path: Path) -> None:
    routes = {"/blog/wp-content/uploads/2023/01/frosty-charger-640x480.jpg": (200, "image/jpeg", jpeg(10)),
              "/blog/wp-content/uploads/2023/01/frosty-charger.jpg": (200, "image/jpeg", FULL),
              "/blog/wp-content/uploads/2023/02/dashboard-readout.png": (200, "image/png", PNG),
              "/blog/wp-content/uploads/2023/02/cabin-thermometer.png": (200, "text/html", b"<p>a login page</p>")}
    with http_server(routes) as base:
        export = tmp_path / "export.xml"
        export.write_text((WXR / "export-1.2.xml").read_text("utf-8").replace("https://old.example.net", base), "utf-8")
        report = run_import("wordpress", export, tmp_path / "site")
    folder = tmp_path / "site" / "content" / "posts" / "2023"
    # the 640x480 copy WordPress made is not fetched: the attachment's original is (sitegen makes its own sizes)
    assert not (folder / "winter-mornings" / "frosty-charger-640x480.jpg").exists()
    assert not any("640x480" in hit for hit in base.hits)
    assert (folder / "winter-mornings" / "frosty-charger.jpg").read_bytes() == FULL
    meta, body = front(folder / "winter-mornings.md")
    assert meta["cover"] == "winter-mornings/frosty-charger.jpg" and meta["cover_alt"] == "Frost on a charging post"
    assert 'src="winter-mornings/frosty-charger.jpg"' in body
    assert 'href="winter-mornings/frosty-charger.jpg"' in body
    _, body = front(folder / "heat-pump-notes.md")
    assert "(heat-pump-notes/dashboard-readout.png)" in body
    assert f"({base}/blog/wp-content/uploads/2023/02/cabin-thermometer.png)" in body     # not an image: stays remote
    assert "cabin-thermometer.png stays remote: the server sent text/html, not an image" in report
    assert "missing-chart.png stays remote: unreachable" in report
    assert "2 images" in report.splitlines()[1]          # frosty-charger (once: body and cover) and the readout


def test_no_download_sends_no_request(tmp_path: Path) -> None:
    with http_server({}) as base:
        export = tmp_path / "export.xml"
        export.write_text((WXR / "export-1.2.xml").read_text("utf-8").replace("https://old.example.net", base), "utf-8")
        run_import("wordpress", export, tmp_path / "site", download=False)
        assert base.hits == []


def test_an_unreadable_export_is_an_error_with_its_line(tmp_path: Path) -> None:
    result = run_cli("import", "wordpress", str(WXR / "broken-export.xml"), "--site", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "broken-export.xml:19: the export is not well-formed XML" in result.stderr
    assert not (tmp_path / "site").exists()
    not_wxr = tmp_path / "feed.xml"
    not_wxr.write_text("<rss><channel><title>x</title></channel></rss>", "utf-8")
    result = run_cli("import", "wordpress", str(not_wxr), "--site", str(tmp_path / "site"))
    assert result.returncode == 1 and "not a WordPress export" in result.stderr


def test_percent_encoded_slugs_are_decoded(tmp_path: Path) -> None:
    run_import("wordpress", WXR / "export-1.1.xml", tmp_path, download=False)
    meta, body = front(tmp_path / "content" / "posts" / "2015" / "小米-su7.md")
    assert meta["title"] == "小米 SU7 at a rest stop" and meta["aliases"] == ["/小米-su7/"]
    assert "[the supermarket](supermarket.md)" in body
    assert "[the SU7 note](小米-su7.md)" in front(tmp_path / "content" / "posts" / "2015" / "supermarket.md")[1]


def test_same_export_twice_writes_the_same_files(tmp_path: Path) -> None:
    run_import("wordpress", WXR / "export-1.2.xml", tmp_path / "a", download=False)
    run_import("wordpress", WXR / "export-1.2.xml", tmp_path / "b", download=False)
    assert files_of(tmp_path / "a") == files_of(tmp_path / "b")
