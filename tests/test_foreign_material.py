"""Material nobody on the team wrote: other people's photo folders, Markdown and exports. Each
test is an input a real blog had that an earlier build got wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import post, run_cli, snapshot, write_site
from PIL import Image


def _fails(site: Path) -> str:
    before = snapshot(site / "output") if (site / "output").exists() else {}
    result = run_cli("build", str(site))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (snapshot(site / "output") if (site / "output").exists() else {}) == before
    return result.stderr


def test_a_tiff_beside_a_jpeg_of_the_same_name_is_an_error_not_the_other_photo(tmp_path: Path) -> None:
    # A scanner's folder: scan.tiff and the scan.jpg made from it. The TIFF is published as
    # scan.jpg, so the post's scan.jpg showed the TIFF's pixels (and size) instead of its own.
    site = write_site(tmp_path / "s", {"content/posts/a.md": post(
        "A", body="![The JPEG](p/scan.jpg)\n\n![The TIFF](p/scan.tiff)\n")})
    (site / "content/posts/p").mkdir()
    Image.new("RGB", (300, 200), (255, 0, 0)).save(site / "content/posts/p/scan.jpg")
    Image.new("RGB", (50, 50), (0, 0, 255)).save(site / "content/posts/p/scan.tiff")
    err = _fails(site)
    assert ("two things would be written to the same file posts/p/scan.jpg: content/posts/p/scan.jpg and "
            "content/posts/p/scan.tiff, which is published as JPEG") in err
    assert "rename one of them" in err


def test_files_with_a_hash_or_percent_in_their_names_are_shown_and_linked(tmp_path: Path) -> None:
    # `photo #2.jpg`, `100%.png`: the '#' of the file's name was read as the start of a fragment,
    # so the photo was neither found by the image pipeline nor published, and its <img> pointed
    # at `photo ` (a broken image, with a build that said nothing).
    body = ("![Second](<p/photo %232.png>)\n\n![Full](p/100%25.png)\n\n![Moving](p/clip%231.gif)\n\n"
            "[The scan](p/scan%231.pdf) and [the photo](<p/photo %232.png>)\n")
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", body=body),
                                       "content/posts/p/scan#1.pdf": b"%PDF-1.4\n",
                                       "sitegen.toml": 'base_url = "https://example.com/"\n'})
    Image.new("RGB", (300, 200), (255, 0, 0)).save(site / "content/posts/p/photo #2.png")
    Image.new("RGB", (120, 80), (0, 0, 255)).save(site / "content/posts/p/100%.png")
    Image.new("P", (20, 20)).save(site / "content/posts/p/clip#1.gif")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    html = (site / "output/posts/a/index.html").read_text("utf-8")
    assert 'alt="Second" width="300" height="200"' in html
    assert 'alt="Full" width="120" height="80"' in html
    assert '<img src="../../posts/p/clip%231.gif" alt="Moving" width="20" height="20"' in html
    assert '<a href="../../posts/p/scan%231.pdf">The scan</a>' in html
    assert '<a href="../../posts/p/photo%20%232.png">the photo</a>' in html
    # the index shows the post's first words, links and all, moved to its own folder
    assert '<a href="posts/p/scan%231.pdf">The scan</a>' in (site / "output/index.html").read_text("utf-8")
    assert "https://example.com/posts/p/scan%231.pdf" in (site / "output/feed.xml").read_text("utf-8")
    for name in ("clip#1.gif", "scan#1.pdf", "photo #2.png"):
        assert (site / "output/posts/p" / name).is_file(), name
    check = run_cli("check", str(site))
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_hugo_post_scheduled_by_publish_date_stays_unpublished(tmp_path: Path) -> None:
    # Hugo publishes a page from its publishDate on; the import took `date` alone, so a post the
    # old site held back until 2099 went out with the first build.
    from import_support import front, run_import
    src = write_site(tmp_path / "hugo", {
        "config.toml": 'baseURL = "https://old.example.com/"\ntitle = "Old"\n',
        "content/posts/later.md": '+++\ntitle = "Later"\ndate = 2023-01-02\npublishDate = 2099-01-01\n+++\nSoon.\n',
        "content/posts/now.md": "---\ntitle: Now\ndate: 2023-01-02\npublishDate: 2022-06-01\n---\nOut.\n"})
    site = tmp_path / "site"
    report = run_import("hugo", src, site)
    assert "later.md:4: publishDate is later than the date: 2099-01-01 is the post's date here" in report
    later, _ = front(site / "content/posts/2099/later.md")
    assert later["date"].isoformat().startswith("2099-01-01")
    now, _ = front(site / "content/posts/2023/now.md")              # (an earlier publishDate changes nothing)
    assert now["date"].isoformat().startswith("2023-01-02")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "output/posts/now/index.html").is_file()
    assert not (site / "output/posts/later").exists()


def test_two_spellings_of_one_tag_on_a_post_list_it_once(tmp_path: Path) -> None:
    # `tags: [Node.js, node-js]` (or Café and café, or a category and a tag of one name): both
    # spellings are one tag, and the post was listed twice on its page and in its feed, and
    # showed the tag twice.
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("Async", tags="[Node.js, node-js, Café, café]")})
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    out = site / "output"
    assert (out / "tags/node-js/index.html").read_text("utf-8").count('class="entry-title"') == 1
    assert (out / "tags/node-js/feed.xml").read_text("utf-8").count("<item>") == 1
    page = (out / "posts/a/index.html").read_text("utf-8")
    assert page.count('rel="tag">Node.js<') == 1 and page.count('rel="tag">Café<') == 1


SPACES = "\x85\xa0\u1680\u2002\u2003\u2009\u2028\u202f\u205f\u3000"


def _space_texts() -> list[str]:
    texts = ["\u3000吾輩は猫である。名前はまだ無い。\n\n\u3000どこで生れたかとんと見当がつかぬ。\n",
             "«\xa0*mot*\xa0» et «\u202f**gras**\u202f»\n", "Bonjour\u202f! Ça va\xa0?\n"]
    for w in SPACES:
        texts += [w + "foo\n", "foo" + w + "\n", "# foo" + w + "\n", "- a\n" + w + "\n- b\n", "> a" + w + "\n",
                  "*a*" + w + "*b*\n", "_a_" + w + "_b_\n", '"q"' + w + '"r"\n', w + '"q"\n',
                  "| a |" + w + "\n|---|\n| b |\n", "Title" + w + "\n===\n", w + "\n"]
    return texts


def test_the_fast_markdown_path_gives_the_references_bytes_around_unicode_spaces() -> None:
    # A Japanese post opens each paragraph with an ideographic space (U+3000). The reference
    # renderer trims it (as markdown-it's JavaScript trim() does), markdown-it-pyrs kept it: the
    # same post lost or kept its indents depending on whether it held an image or a link.
    import sys
    sys.path.insert(0, str(Path(__file__).parent))
    from test_fast_markdown import fast_render, reference

    from sitegen.pipeline.markdown import parser
    for text in _space_texts():
        env = parser.RenderEnv()
        got = fast_render(text, env)
        if got is not None:
            want, headings = reference(text)
            assert (got, env.headings) == (want, headings), repr(text)


def test_title_and_date_in_capitals_say_that_keys_are_lower_case(tmp_path: Path) -> None:
    # Hugo reads front matter keys in any case, so Hugo sites have `Title:` and `Date:`; the
    # message said to add a 'title:' line to a file that had one.
    site = write_site(tmp_path / "s", {"content/posts/a.md": "---\nslug: a\nTitle: Up\nDATE: 2024-01-01\n---\nx\n"})
    err = _fails(site)
    assert "content/posts/a.md:3: missing 'title' in the front matter: it has 'Title', and keys are lower case" in err
    assert "-> write 'Title:' as 'title:'" in err
    assert "content/posts/a.md:4: missing 'date' in the front matter: it has 'DATE', and keys are lower case" in err


def test_a_date_as_rubys_time_writes_it_in_utc_is_read(tmp_path: Path) -> None:
    # Jekyll sites made by scripts carry Ruby's Time#to_s: "2024-01-02 10:00:00 UTC"
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", date='"2024-01-02 10:00:00 UTC"'),
                                       "sitegen.toml": 'timezone = "Europe/Berlin"\n'})
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    assert 'datetime="2024-01-02T11:00:00+01:00"' in (site / "output/posts/a/index.html").read_text("utf-8")


def test_hugo_heading_attributes_become_sitegens_ids_and_links_follow(tmp_path: Path) -> None:
    # goldmark reads `## Install {#setup}`; sitegen does not: the heading showed "{#setup}" and
    # the post's links to #setup (and to Hugo's own ids, café-au-lait) named no heading.
    from import_support import run_import
    src = write_site(tmp_path / "hugo", {
        "hugo.toml": 'title = "Old"\n',
        "content/posts/a.md": "---\ntitle: A\ndate: 2023-01-01\n---\n## Install {#setup}\n\n## Styled {.wide #look}\n\n"
                              "## Café au lait\n\n## Plain {.wide}\n\n"
                              "See [setup](#setup), [look](#look), [café](#café-au-lait).\n"})
    site = tmp_path / "site"
    run_import("hugo", src, site)
    body = (site / "content/posts/2023/a.md").read_text("utf-8")
    assert "## Install\n" in body and "## Styled\n" in body and "## Plain\n" in body and "{" not in body
    assert "[setup](#install), [look](#styled), [café](#cafe-au-lait)" in body
    assert run_cli("build", str(site)).returncode == 0
    check = run_cli("check", str(site))
    assert check.returncode == 0, check.stdout + check.stderr


def test_an_image_too_large_to_decode_is_to_be_scaled_down_not_saved_again(tmp_path: Path) -> None:
    # a 20,000 x 20,000 scan: the advice was to "open it in an image editor and save it again",
    # which gives the same refused file
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", body="![A map](map.png)\n")})
    Image.new("1", (20000, 14000)).save(site / "content/posts/map.png")
    err = _fails(site)
    assert "(280 megapixels)" in err
    assert "-> scale it down (a web page needs no more than about 4000 pixels a side)" in err
    assert "save it again" not in err


def test_check_takes_tel_and_other_schemes_in_feed_entries_for_what_they_are(tmp_path: Path) -> None:
    # a contact post with a phone number: `sitegen check` called tel:+4930… a relative link in
    # each feed, and failed a site with nothing wrong
    body = "Call [us](tel:+493012345) or [text](sms:+493012345), [map](geo:52.5,13.4), [mail](mailto:a@b.c).\n"
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("Contact", body=body),
                                       "sitegen.toml": 'base_url = "https://example.com/"\n'})
    assert run_cli("build", str(site)).returncode == 0
    check = run_cli("check", str(site))
    assert check.returncode == 0, check.stdout + check.stderr


def test_obsidian_wikilinks_and_embedded_images_come_along(tmp_path: Path) -> None:
    # a vault published with Quartz or Obsidian Publish: [[Note]] links and ![[photo.png]] embeds
    # were left as text, the photo was not imported, and the report said nothing
    from import_support import run_import
    vault = write_site(tmp_path / "vault", {
        "Note One.md": "---\ntitle: Note One\ndate: 2024-01-01\n---\nSee [[Note Two]], [[Note Two|the second]] and "
                       "[[Note Two#Charging Curve]].\n\n![[pic.png|300]]\n\n`[[in code]]` and [[Nowhere]]\n",
        "sub/Note Two.md": "---\ntitle: Note Two\ndate: 2024-01-02\n---\n## Charging curve\n\n![[Note One]]\n"})
    (vault / "attachments").mkdir()
    Image.new("RGB", (40, 30), (0, 90, 0)).save(vault / "attachments/pic.png")
    site = tmp_path / "site"
    report = run_import("markdown", vault, site)
    one = (site / "content/posts/2024/note-one.md").read_text("utf-8")
    assert "See [Note Two](note-two.md), [the second](note-two.md) and [Note Two > Charging Curve](note-two.md#charging-curve)" in one
    assert "![pic](note-one/attachments/pic.png)" in one
    assert "`[[in code]]` and [[Nowhere]]" in one
    assert "Note One.md:9: the wikilink [[Nowhere]] names no file in the folder: left as text" in report
    assert "Note Two.md:7: the embedded note ![[Note One]] is not converted" in report
    assert run_cli("build", str(site)).returncode == 0
    check = run_cli("check", str(site))
    assert check.returncode == 0, check.stdout + check.stderr


def test_posts_named_markdown_as_jekyll_names_them_are_an_error_not_published_raw(tmp_path: Path) -> None:
    # `jekyll new` names posts .markdown; copied into content/posts/ they were published as they
    # are (front matter and all, at posts/welcome.markdown) and were no post, silently
    site = write_site(tmp_path / "s", {"content/posts/welcome.markdown": post("Welcome"),
                                       "content/posts/NOTES.MD": post("Notes"),
                                       "content/pages/about.mdx": "---\ntitle: About\n---\nHi\n",
                                       "content/posts/ok.md": post("Fine"),
                                       "content/files/readme.markdown": "kept as a file\n"})
    err = _fails(site)
    assert "content/posts/welcome.markdown: a Markdown file named '.markdown' is no post" in err
    assert "-> rename it to welcome.md" in err
    assert "content/posts/NOTES.MD: a Markdown file named '.MD' is no post" in err
    assert "content/pages/about.mdx: a Markdown file named '.mdx' is no page" in err
    assert "readme" not in err


@pytest.mark.parametrize(("given", "uri"), [
    ("https://example.com/my blog/", "https://example.com/my%20blog/"),
    ("https://example.com/日本", "https://example.com/%E6%97%A5%E6%9C%AC/"),
    ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    ("https://example.com/a%20b/", "https://example.com/a%20b/"),
])
def test_a_base_url_with_spaces_or_other_letters_is_written_as_a_uri(given: str, uri: str) -> None:
    # canonical links, feeds and the sitemap carried 'https://example.com/my blog/' as it was:
    # no valid URL, and feed validators refuse a non-ASCII link
    from sitegen.config import validate
    assert validate({"base_url": given}).base_url == uri


def test_a_base_url_with_a_query_is_an_error_not_a_path(tmp_path: Path) -> None:
    # '?x=1' was kept, and pages became https://example.com/blog?x=1/posts/…
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A"),
                                       "sitegen.toml": 'base_url = "https://example.com/blog?x=1"\n'})
    assert "base_url may not hold a query or a fragment" in _fails(site)


def test_a_post_that_opens_with_a_photo_is_summed_up_by_its_first_words(tmp_path: Path) -> None:
    # WordPress and Jekyll posts open with their featured photo: the summary was that photo alone,
    # so the page's description was empty and the feed fell back to the title
    site = write_site(tmp_path / "s", {"content/posts/a.md": post(
        "Charging", body="![A charger in the snow](snow.png)\n\nWe drove north in January.\n\nMore.\n")})
    Image.new("RGB", (60, 40)).save(site / "content/posts/snow.png")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    page = (site / "output/posts/a/index.html").read_text("utf-8")
    assert '<meta name="description" content="We drove north in January."' in page
    assert "<description>We drove north in January.</description>" in (site / "output/feed.xml").read_text("utf-8")


def test_a_summarys_image_loads_lazily_on_the_lists(tmp_path: Path) -> None:
    # a post's first image is fetched first on its own page (fetchpriority="high"); in its summary
    # on the index, one of ten entries, it was fetched first there too
    site = write_site(tmp_path / "s", {"content/posts/a.md": post(
        "Charging", body="We drove north ![a charger](snow.png) in January.\n\nMore.\n")})
    Image.new("RGB", (60, 40)).save(site / "content/posts/snow.png")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    page = (site / "output/posts/a/index.html").read_text("utf-8")
    index = (site / "output/index.html").read_text("utf-8")
    assert 'fetchpriority="high"' in page
    assert "snow" in index and 'fetchpriority="high"' not in index and 'loading="lazy"' in index


def test_a_file_name_that_is_not_utf8_is_named_in_an_error_not_a_traceback(tmp_path: Path) -> None:
    # an old archive unpacked on Linux: 'café.pdf' and 'résumé.md' with Latin-1 bytes in their
    # names; the build ended in a UnicodeEncodeError traceback from the build state
    import os
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A")})
    posts = os.fsencode(site / "content" / "posts")
    with open(posts + b"/caf\xe9.pdf", "wb") as f:
        f.write(b"%PDF-1.4\n")
    with open(posts + b"/r\xe9sum\xe9.md", "wb") as f:
        f.write(post("R").encode("utf-8"))
    err = _fails(site)
    assert "content/posts/caf\ufffd.pdf: this file name is not UTF-8 text" in err
    assert "content/posts/r\ufffdsum\ufffd.md: this file name is not UTF-8 text" in err
    assert "-> rename it" in err


def test_a_key_given_twice_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    # a front matter edited by hand: a second 'title:' further down. YAML kept the last one
    # without a word, so the post went out under the title its writer meant to replace (or not)
    site = write_site(tmp_path / "s", {"content/posts/a.md":
                                       "---\ntitle: First\ndate: 2024-01-01\ntags: [a]\ntitle: Second\n---\nx\n"})
    err = _fails(site)
    assert "content/posts/a.md:5: the front matter gives 'title' twice" in err
    assert "(the other is on line 2)" in err
    # a nested mapping may repeat its keys as YAML allows (the last wins), and 'Title' is not 'title'
    fine = write_site(tmp_path / "t", {"content/posts/a.md":
                                       "---\ntitle: A\ndate: 2024-01-01\nextra:\n  k: 1\n  k: 2\n---\nx\n"})
    assert run_cli("build", str(fine)).returncode == 0


def test_a_file_with_classic_mac_line_ends_is_read(tmp_path: Path) -> None:
    # an old export saved with CR line ends only (classic Mac OS): "the file does not start with
    # front matter", though it did. YAML and CommonMark both end a line at a lone CR
    site = write_site(tmp_path / "s", {"content/posts/a.md": "x"})
    (site / "content/posts/a.md").write_bytes(
        b"---\rtitle: Old Mac\rdate: 2001-03-24\rtags: [classic]\r---\r\rFirst paragraph.\r\rSecond [link](missing.md).\r")
    result = run_cli("build", str(site))
    assert result.returncode == 1
    # the broken link is reported on its own line (9), counting each CR as a line end
    assert "content/posts/a.md:9" in result.stderr, result.stderr
    (site / "content/posts/a.md").write_bytes(
        b"---\rtitle: Old Mac\rdate: 2001-03-24\rtags: [classic]\r---\r\rFirst paragraph.\r\rSecond one.\r")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    page = (site / "output/posts/a/index.html").read_text("utf-8")
    assert "<p>First paragraph.</p>\n<p>Second one.</p>" in page


def test_an_author_id_given_twice_in_authors_yaml_is_an_error_naming_that_file(tmp_path: Path) -> None:
    # two writers pasted under one id: the second silently replaced the first's name and bio
    site = write_site(tmp_path / "s", {
        "content/posts/a.md": post("A", author="ana"),
        "content/authors.yaml": "ana:\n  name: Ana Lima\nbo:\n  name: Bo Chen\nana:\n  name: Ana Souza\n"})
    err = _fails(site)
    assert "content/authors.yaml:5: content/authors.yaml gives 'ana' twice" in err
    assert "front matter" not in err and "(the other is on line 1)" in err
