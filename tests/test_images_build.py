"""The image pipeline inside a build: a post with five phone photos, bad images, the GPS check,
the cache, social cards and hashed assets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import photos
import pytest
from conftest import post, run_cli, snapshot, write_site
from PIL import Image

from sitegen.images.metadata import has_gps
from sitegen.pipeline import Options, build

NOW = __import__("datetime").datetime(2026, 11, 25, tzinfo=__import__("datetime").timezone.utc)
CONFIG = 'title = "Photo Blog"\nbase_url = "https://example.com/"\n\n[images]\nwidths = [320, 640]\n'
AUTHORS = "ev-desk:\n  name: EV Desk\n  avatar: images/desk.png\n"


def photo_site(root: Path) -> Path:
    write_site(root, {"sitegen.toml": CONFIG, "content/authors.yaml": AUTHORS})
    photos.photo_post(root / "content" / "posts", big=False)
    photos.png(root / "content" / "images" / "desk.png", 300, 300)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = photo_site(tmp_path_factory.mktemp("photos") / "site")
    build(Options(site_dir=site, now=NOW))
    return site


def _post_html(site: Path) -> str:
    return (site / "output" / "posts" / "charging-stop-photos" / "index.html").read_text("utf-8")


def test_no_file_in_the_output_carries_gps_or_an_original(built: Path) -> None:
    out = built / "output"
    originals = {p.read_bytes() for p in (built / "content").rglob("*") if p.suffix in (".jpg", ".heic", ".png")}
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len([p for p in files if p.suffix in (".avif", ".webp", ".jpg")]) > 20
    assert [p for p in files if has_gps(p.read_bytes())] == []
    assert [p for p in files if p.read_bytes() in originals] == []
    assert photos.SERIAL.encode() not in b"".join(p.read_bytes() for p in files)


def test_every_photo_is_a_sized_responsive_picture(built: Path) -> None:
    body = _post_html(built).split('<div class="post-body e-content">')[1].split("</article>")[0]
    pictures = re.findall(r"<picture>.*?</picture>", body.split('<footer class="post-footer">')[0], re.S)
    assert len(pictures) == 5
    for pic in pictures:
        assert '<source type="image/avif"' in pic and '<source type="image/webp"' in pic
        img = re.search(r"<img [^>]*>", pic)
        assert img and re.search(r' width="\d+" height="\d+"', img.group(0))
        assert " srcset=" not in img.group(0) and pic.count(" sizes=") == 2    # the fallback: one width, its src
        assert " 320w, " in pic and (" 640w" in pic or " 600w" in pic)    # widths capped at the original (the HEIC is 600 wide)
    imgs = [re.search(r"<img [^>]*>", p).group(0) for p in pictures]   # type: ignore[union-attr]
    assert 'fetchpriority="high"' in imgs[0] and "loading=" not in imgs[0]
    assert all('loading="lazy"' in i and "fetchpriority" not in i for i in imgs[1:])


def test_the_rotated_photo_is_published_upright(built: Path) -> None:
    html = _post_html(built)
    dash = re.search(r'<img src="\.\./\.\./([^"]+)"[^>]*alt="The dashboard[^>]*>', html)
    assert dash and 'width="640" height="480"' in dash.group(0)
    with Image.open(built / "output" / dash.group(1)) as im:
        assert im.size == (640, 480) and not im.getexif()


def test_heic_is_never_linked_as_it_is(built: Path) -> None:
    out = built / "output"
    assert not list(out.rglob("*.heic"))
    html = _post_html(built)
    assert ".heic" not in html
    canopy = re.search(r'<img src="\.\./\.\./([^"]+)"[^>]*alt="The charging site', html)
    assert canopy
    with Image.open(out / canopy.group(1)) as im:
        assert im.format == "JPEG"


def test_a_photo_nothing_links_to_is_not_published_at_its_path(built: Path) -> None:
    photos_out = built / "output" / "posts" / "photos"
    assert sorted(p.name for p in photos_out.iterdir()) == ["charger.jpg"]      # the one linked as a file


def test_a_full_size_link_gets_the_stripped_copy(built: Path) -> None:
    html = _post_html(built)
    assert 'href="../../posts/photos/charger.jpg"' in html
    copy = (built / "output" / "posts" / "photos" / "charger.jpg").read_bytes()
    assert not has_gps(copy) and copy != (built / "content" / "posts" / "photos" / "charger.jpg").read_bytes()


def test_avatars_get_small_variants(built: Path) -> None:
    html = _post_html(built)
    avatar = re.search(r'<picture>(?:(?!</picture>).)*class="avatar"(?:(?!</picture>).)*</picture>', html, re.S)
    assert avatar and " 96w" in avatar.group(0) and " 192w" in avatar.group(0) and " 320w" not in avatar.group(0)


def test_the_social_card_is_a_1200_by_630_png(built: Path) -> None:
    html = _post_html(built)
    og = re.search(r'<meta property="og:image" content="https://example.com/([^"]+)">', html)
    assert og and '<meta name="twitter:card" content="summary_large_image">' in html
    assert "twitter:image" not in html      # X takes the image from og:image
    assert og.group(1).endswith(".png") and '<meta property="og:image:type" content="image/png">' in html
    with Image.open(built / "output" / og.group(1)) as im:
        assert (im.format, im.size) == ("PNG", (1200, 630))


def test_the_stylesheet_is_hashed_minified_and_cached_for_a_year(built: Path) -> None:
    out = built / "output"
    href = re.search(r'<link rel="stylesheet" href="\.\./\.\./(assets/style\.[0-9a-f]{10}\.css)">', _post_html(built))
    assert href
    css = (out / href.group(1)).read_text("utf-8")
    assert "@import" not in css and "\n\n" not in css and "--sg-chart-0" in css    # charts.css is inlined
    headers = (out / "_headers").read_text("utf-8")
    assert "/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n" in headers
    assert "/posts/*\n  Cache-Control: public, max-age=0, must-revalidate\n" in headers


def test_a_rebuild_encodes_only_the_changed_image_and_equals_a_clean_build(tmp_path: Path) -> None:
    site = photo_site(tmp_path / "site")
    build(Options(site_dir=site, now=NOW))
    cache = site / ".sitegen-cache" / "images"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("entry.json")}
    photos.phone_jpeg(site / "content" / "posts" / "photos" / "cable.jpg", 1600, 1200, seed=99)
    build(Options(site_dir=site, now=NOW))
    after = {p: p.stat().st_mtime_ns for p in cache.rglob("entry.json")}
    assert all(after[p] == t for p, t in before.items())          # nothing encoded again
    assert len(set(after) - set(before)) == 1                      # only the changed photo
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".sitegen-cache"))
    build(Options(site_dir=clean, now=NOW, use_cache=False, workers=1))
    assert snapshot(site / "output") == snapshot(clean / "output")


def _fails(site: Path) -> str:
    before = snapshot(site / "output") if (site / "output").exists() else {}
    result = run_cli("build", str(site))
    assert result.returncode == 1, result.stderr
    assert (snapshot(site / "output") if (site / "output").exists() else {}) == before
    return result.stderr


def test_a_truncated_photo_is_an_error_at_the_post_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", body="Intro.\n\n![A car](cut.jpg)\n")})
    photos.truncated_jpeg(site / "content" / "posts" / "cut.jpg")
    err = _fails(site)
    assert "content/posts/a.md:8: the image 'cut.jpg' (content/posts/cut.jpg) cannot be published: it is truncated" in err


def test_an_image_without_alt_text_is_an_error_at_the_post_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", body="Intro.\n\n![](car.jpg)\n")})
    photos.phone_jpeg(site / "content" / "posts" / "car.jpg", 300, 200)
    assert "content/posts/a.md:8: the image 'car.jpg' has no alt text" in _fails(site)


def test_a_cover_without_alt_text_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", cover="car.jpg")})
    photos.phone_jpeg(site / "content" / "posts" / "car.jpg", 300, 200)
    assert "content/posts/a.md:4: the cover image has no alt text" in _fails(site)


def test_a_broken_image_no_post_uses_is_an_error_naming_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A")})
    photos.truncated_jpeg(site / "content" / "posts" / "old" / "cut.jpg")
    assert "content/posts/old/cut.jpg: this image cannot be published: it is truncated" in _fails(site)


def test_the_missing_image_error_stays(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", body="![A car](gone.jpg)\n")})
    assert "the image 'gone.jpg' points to a file that does not exist (content/posts/gone.jpg)" in _fails(site)


def test_an_image_with_gps_in_its_xmp_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", body="![A map](map.svg)\n")})
    (site / "content" / "posts" / "map.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><metadata>'
        '<exif:GPSLatitude>52,31.2N</exif:GPSLatitude></metadata></svg>')
    assert run_cli("build", str(site)).returncode == 1
    assert not (site / "output" / "posts" / "map.svg").exists()
    assert "output/posts/map.svg: this image would publish a GPS position" in _fails(site)


def test_keep_metadata_keeps_the_exif_of_published_copies(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"sitegen.toml": "[images]\nkeep_metadata = true\nwidths = [200]\n",
                                       "content/posts/a.md": post("A", body="![A car](car.jpg) [full size](car.jpg)\n")})
    photos.phone_jpeg(site / "content" / "posts" / "car.jpg", 300, 200)
    assert run_cli("build", str(site)).returncode == 0
    assert has_gps((site / "output" / "posts" / "car.jpg").read_bytes())
    assert all(has_gps(p.read_bytes()) for p in (site / "output" / "assets" / "img").iterdir())


def test_a_raster_cover_is_cropped_into_the_card(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", cover="red.png", cover_alt="Red"),
                                       "sitegen.toml": "[images]\nwidths = [200]\n"})
    (site / "content" / "posts").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (2000, 2000), (200, 30, 30)).save(site / "content" / "posts" / "red.png")
    assert run_cli("build", str(site)).returncode == 0
    html = (site / "output" / "posts" / "a" / "index.html").read_text("utf-8")
    card = re.search(r'<meta property="og:image" content="http://localhost:8000/([^"]+)">', html)
    assert card
    with Image.open(site / "output" / card.group(1)) as im:
        r, g, b = im.convert("RGB").getpixel((600, 315))
        assert im.size == (1200, 630) and r > 180 and g < 60 and b < 60
    assert 'fetchpriority="high"' in html.split('<figure class="cover">')[1].split("</figure>")[0]


def test_config_errors_in_the_images_table_name_their_line(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"sitegen.toml": 'title = "x"\n[images]\nwidths = "big"\n',
                                       "content/posts/a.md": post("A")})
    assert "sitegen.toml:3: 'widths' in [images] must be a list of pixel widths" in _fails(site)


def test_feeds_and_lists_get_every_srcset_url_rebased(built: Path) -> None:
    feed = (built / "output" / "feed.xml").read_text("utf-8")
    assert "https://example.com/assets/img/charger-320." in feed and "../../assets/img" not in feed
    from sitegen.pipeline.render.jinja import rebase
    moved = rebase('<source srcset="../../assets/img/a-320.x.avif 320w, ../../assets/img/a-640.x.avif 640w">',
                   "/posts/a/", "/")
    assert moved == '<source srcset="assets/img/a-320.x.avif 320w, assets/img/a-640.x.avif 640w">'


def test_the_same_photo_twice_and_two_posts_with_one_title_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"sitegen.toml": "[images]\nwidths = [200]\n",
                                       "content/posts/a/p.md": post("Weekly links", body="![A car](car.jpg)\n"),
                                       "content/posts/b/p.md": post("Weekly links", slug="weekly-2", body="![A car](car.jpg)\n")})
    photos.phone_jpeg(site / "content" / "posts" / "a" / "car.jpg", 300, 200)
    shutil.copy(site / "content" / "posts" / "a" / "car.jpg", site / "content" / "posts" / "b" / "car.jpg")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr


def test_a_standalone_page_shows_its_photo_as_a_picture(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"sitegen.toml": "[images]\nwidths = [200]\n",
                                       "content/posts/a.md": post("A"),
                                       "content/pages/about.md": "---\ntitle: About\n---\n\n![The team at a charger](team.jpg)\n"})
    photos.phone_jpeg(site / "content" / "pages" / "team.jpg", 300, 200)
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    html = next((site / "output").rglob("about/index.html")).read_text("utf-8")
    assert "<picture>" in html and 'width="200" height="133"' in html
    assert not [p for p in (site / "output").rglob("*.jpg") if has_gps(p.read_bytes())]


def test_one_photo_linked_under_two_names_gets_its_full_size_copy_made_once(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"sitegen.toml": "[images]\nwidths = [200]\n",
                                       "content/posts/a.md": post("A", body="[one](x/car.jpg) [two](y/car2.jpg) [three](z/car3.jpg)\n")})
    for name in ("x/car.jpg", "y/car2.jpg", "z/car3.jpg"):
        photos.phone_jpeg(site / "content" / "posts" / name, 300, 200)     # the same bytes three times
    build(Options(site_dir=site, now=NOW, workers=2))
    copies = [(site / "output" / "posts" / n).read_bytes() for n in ("x/car.jpg", "y/car2.jpg", "z/car3.jpg")]
    assert copies[0] == copies[1] == copies[2] and not has_gps(copies[0])


def test_a_screenshot_gets_webp_and_no_avif_unless_avif_for_png(tmp_path: Path) -> None:
    """AVIF saved 4-13% of WebP's bytes on screenshots, for 5-10 times the encoding time."""
    for config, avif in (("", False), ("avif_for_png = true\n", True)):
        site = write_site(tmp_path / str(avif), {"sitegen.toml": f"[images]\nwidths = [200]\n{config}",
                                                 "content/posts/a.md": post("A", body="![A page](shot.png)\n")})
        photos.png(site / "content" / "posts" / "shot.png", 300, 200)
        build(Options(site_dir=site, now=NOW))
        made = sorted(p.suffix for p in (site / "output" / "assets" / "img").iterdir())
        assert made == ([".avif"] if avif else []) + [".png", ".webp"]
        html = (site / "output" / "posts" / "a" / "index.html").read_text("utf-8")
        assert ('<source type="image/avif"' in html) is avif and '<source type="image/webp"' in html
