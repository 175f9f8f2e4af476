"""`sitegen import wordpress` on an export as messy as real ones: a BOM, CRLF line endings,
Windows-1252 smart quotes in a file that says UTF-8, CDATA split by `]]]]><![CDATA[>`, a literal
`<item>` inside a post, entities in CDATA names, Gutenberg comments whose JSON holds `>`."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

WXR = FIXTURES / "messy" / "wordpress-cp1252-crlf.xml"


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    site = tmp_path_factory.mktemp("wpmessy") / "site"
    return site, run_import("wordpress", WXR, site, download=False)


def test_the_fixture_is_as_messy_as_it_claims() -> None:
    data = WXR.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\x93gritty\x94" in data
    assert b"]]]]><![CDATA[>" in data and b"a literal one: <item> in CDATA" in data


def test_windows_1252_quotes_in_a_utf8_export_are_read_as_quotes_with_a_warning(blog: tuple[Path, str]) -> None:
    site, report = blog
    _, body = front(site / "content" / "posts" / "2019" / "hub-bearings.md")
    assert "came out \u201cgritty\u201d after the winter \u2013 here" in body
    assert "\ufffd" not in body
    assert "wordpress-cp1252-crlf.xml:66: the export is not valid UTF-8" in report


def test_line_numbers_skip_a_literal_item_inside_cdata(blog: tuple[Path, str]) -> None:
    report = blog[1]
    lines = WXR.read_bytes().split(b"\r\n")
    assert lines[74].startswith(b"[contact-form-7")                        # line 75
    assert "wordpress-cp1252-crlf.xml:75: shortcode [contact-form-7] is not converted" in report
    assert lines[123].strip() == b"<item>" and b"Members only" in lines[124]    # item at line 124
    assert "wordpress-cp1252-crlf.xml:124: 'Members only' is password-protected" in report


def test_entities_in_a_cdata_display_name_are_decoded(blog: tuple[Path, str]) -> None:
    authors = (blog[0] / "content" / "authors.yaml").read_text("utf-8")
    assert "Mags O\u2019Riley" in authors and "&#8217;" not in authors


def test_split_cdata_and_entity_titles_survive(blog: tuple[Path, str]) -> None:
    meta, body = front(blog[0] / "content" / "posts" / "2019" / "truing-a-wheel.md")
    assert meta["title"] == "Truing a wheel \u2013 the \u201cpatient\u201d way"
    assert "if x ]]> y: pass" in body
    assert "wp:paragraph" not in body and "Say > hello" not in body


GUTENBERG = FIXTURES / "messy" / "wordpress-gutenberg.xml"


@pytest.fixture(scope="module")
def blocks(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, str]:
    site = tmp_path_factory.mktemp("wpblocks") / "site"
    report = run_import("wordpress", GUTENBERG, site, download=False)
    meta, body = front(site / "content" / "posts" / "2019" / "blocks.md")
    return meta, body, report


def test_a_resized_wordpress_image_points_at_its_original(blocks: tuple[dict, str, str]) -> None:
    body = blocks[1]
    assert 'src="https://kettle.example.org/wp-content/uploads/2019/03/hub.jpg"' in body
    assert 'src="https://kettle.example.org/wp-content/uploads/2019/03/hub-1024x768.jpg"' not in body


def test_video_and_audio_shortcodes_become_players(blocks: tuple[dict, str, str]) -> None:
    body, report = blocks[1], blocks[2]
    assert '<video controls="" src="https://kettle.example.org/wp-content/uploads/2019/03/true.mp4">' in body
    assert "[video" not in body and "shortcode [video]" not in report


def test_gutenberg_blocks_keep_their_content(blocks: tuple[dict, str, str]) -> None:
    body = blocks[1]
    assert "wp:" not in body and "<!-- more -->" in body
    assert "- Cones\n  - left\n  - right\n- Cups" in body
    assert "| Cone \\| left | £4 |" in body
    assert "[Visit the shop](https://kettle.example.org/shop/)" in body
    assert "<figcaption>The talk, in full</figcaption>" in body


def test_html_entities_outside_cdata_do_not_make_the_export_unreadable(tmp_path: Path) -> None:
    text = GUTENBERG.read_text("utf-8").replace("<title>Kettle &amp; Crank</title>",
                                                "<title>Kettle &amp; Crank &ndash; caf&eacute;</title>")
    export = tmp_path / "export.xml"
    export.write_text(text, "utf-8")
    report = run_import("wordpress", export, tmp_path / "site", download=False)
    assert 'title = "Kettle & Crank \u2013 caf\u00e9"' in (tmp_path / "site" / "sitegen.toml").read_text("utf-8")
    assert "export.xml:10: HTML entities such as &eacute; outside CDATA" in report


def test_a_file_where_a_folder_is_needed_stops_the_import_before_anything_is_written(tmp_path: Path) -> None:
    from sitegen.errors import SitegenError
    from sitegen.importers.cli import import_site
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "content" / "posts" / "2019").write_text("someone's notes", "utf-8")
    with pytest.raises(SitegenError) as caught:
        import_site("wordpress", str(GUTENBERG), site, download=False)
    assert "content/posts/2019 is a file where the import needs a folder" in str(caught.value)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == ["content/posts/2019"]
    assert (site / "content" / "posts" / "2019").read_text("utf-8") == "someone's notes"


def test_html_in_a_title_is_dropped_and_its_entities_read(blocks: tuple[dict, str, str]) -> None:
    assert blocks[0]["title"] == "Blocks, blocks & a <div>"


def test_earlier_slugs_wordpress_still_redirects_become_aliases(blog: tuple[Path, str]) -> None:
    meta, _ = front(blog[0] / "content" / "posts" / "2019" / "hub-bearings.md")
    assert meta["aliases"] == ["/2019/03/hub-bearings/", "/2019/03/hub-bearings-grit/", "/2019/03/bearings/"]


def test_gallery_images_missing_from_the_export_are_reported_at_their_line(blog: tuple[Path, str]) -> None:
    site, report = blog
    assert WXR.read_bytes().split(b"\r\n")[37].startswith(b'[gallery ids="301,302,399"')     # line 38
    assert "wordpress-cp1252-crlf.xml:38: [gallery]: image(s) 399 are not in the export" in report
    _, body = front(site / "content" / "posts" / "2019" / "truing-a-wheel.md")
    assert body.count("wp-content/uploads/2019/03/") == 2                                    # 301 and 302 kept


def test_unconverted_shortcodes_are_reported_and_what_a_closed_one_holds_is_not() -> None:
    from sitegen.importers import wpcontent
    body = ("A transcript [laughs] with [sic] many [laughs] asides.\n\n" * 200
            + "[box title=\"x\"]inside [inner id=1] here[/BOX]\n\n[spoiler id=2]\n\nend [laughs]")
    report: list[tuple[int, str]] = []
    wpcontent.to_html(body, "1", {}, report)
    assert report == [(401, "shortcode [box] is not converted: left as text"),
                      (403, "shortcode [spoiler] is not converted: left as text")]


def test_a_zipped_or_gzipped_export_is_read(tmp_path: Path) -> None:
    import gzip
    import zipfile
    archive = tmp_path / "kettle.wordpress.2019-06-01.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("kettle.wordpress.2019-06-01.000.xml", WXR.read_bytes())
    report = run_import("wordpress", archive, tmp_path / "a", download=False)
    assert (tmp_path / "a" / "content" / "posts" / "2019" / "hub-bearings.md").is_file()
    assert "kettle.wordpress.2019-06-01.zip:kettle.wordpress.2019-06-01.000.xml:66: the export is not valid" in report
    packed = tmp_path / "export.xml.gz"
    packed.write_bytes(gzip.compress(GUTENBERG.read_bytes()))
    run_import("wordpress", packed, tmp_path / "b", download=False)
    assert (tmp_path / "b" / "content" / "posts" / "2019" / "blocks.md").is_file()


def test_a_zip_with_several_export_parts_says_to_import_each(tmp_path: Path) -> None:
    import zipfile

    from sitegen.errors import SitegenError
    from sitegen.importers.cli import import_site
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("site.000.xml", GUTENBERG.read_bytes())
        z.writestr("site.001.xml", GUTENBERG.read_bytes())
    with pytest.raises(SitegenError) as caught:
        import_site("wordpress", str(archive), tmp_path / "site", download=False)
    assert "holds 2 export files (site.000.xml, site.001.xml)" in str(caught.value)
    assert "unzip it and import each file in turn" in str(caught.value)
    assert not (tmp_path / "site").exists()


def test_a_wordpress_com_export_takes_the_blogs_own_domain_from_its_links(tmp_path: Path) -> None:
    text = GUTENBERG.read_text("utf-8")
    for tag in ("base_site_url", "base_blog_url"):       # WordPress.com exports name wordpress.com here
        text = text.replace(f"<wp:{tag}>https://kettle.example.org</wp:{tag}>",
                            f"<wp:{tag}>https://wordpress.com</wp:{tag}>")
    export = tmp_path / "export.xml"
    export.write_text(text, "utf-8")
    run_import("wordpress", export, tmp_path / "site", download=False)
    meta, _ = front(tmp_path / "site" / "content" / "posts" / "2019" / "blocks.md")
    assert meta["aliases"] == ["/2019/03/blocks/"]
    assert 'base_url = "https://kettle.example.org/"' in (tmp_path / "site" / "sitegen.toml").read_text("utf-8")


def test_wordpress_default_category_in_another_language_is_not_a_tag(blog: tuple[Path, str]) -> None:
    meta, _ = front(blog[0] / "content" / "posts" / "2019" / "hub-bearings.md")
    assert meta["tags"] == ["Wheels & Hubs", "bearings"]                      # not "Allgemein"
