"""Unit tests of the image pipeline (sitegen.images), on photos drawn by tests/photos.py."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import photos
import pytest
from PIL import Image, ImageChops, ImageCms, ImageStat

from sitegen.images import cards, markup, metadata, png, probe, stage, variants
from sitegen.images.store import ImageStore

SMALL = variants.Settings(widths=(160, 320))


def _open(data: bytes) -> Image.Image:
    return probe.open_image(data)


def _encode(path: Path, settings: variants.Settings = SMALL) -> variants.Encoded:
    data = path.read_bytes()
    return variants.encode_all(data, probe.probe(data, path.name), settings, settings.widths)


def _all_files(encoded: variants.Encoded) -> list[bytes]:
    return [encoded.full.data] + [v.data for v in encoded.variants]


# -- probe ---------------------------------------------------------------------------------

def test_probe_reports_the_displayed_size_of_a_photo_turned_by_exif(tmp_path: Path) -> None:
    path = photos.phone_jpeg(tmp_path / "turned.jpg", 600, 400, orientation=6)
    assert Image.open(path).size == (400, 600)          # stored sideways
    info = probe.probe(path.read_bytes(), "turned.jpg")
    assert (info.format, info.width, info.height) == ("jpeg", 600, 400)


def test_a_truncated_jpeg_is_a_bad_image(tmp_path: Path) -> None:
    path = photos.truncated_jpeg(tmp_path / "cut.jpg")
    with pytest.raises(probe.BadImage, match="truncated"):
        probe.probe(path.read_bytes(), "cut.jpg")


def test_bytes_that_are_no_image_are_a_bad_image() -> None:
    with pytest.raises(probe.BadImage, match="not an image Pillow can read"):
        probe.probe(b"this is text, not a PNG", "fake.png")


def test_heic_is_read_through_pillow_heif(tmp_path: Path) -> None:
    path = photos.heic(tmp_path / "x.heic", 300, 200)
    info = probe.probe(path.read_bytes(), "x.heic")
    assert (info.format, info.width, info.height) == ("heif", 300, 200)
    assert probe.published_name("posts/a/x.heic") == "posts/a/x.jpg"


@pytest.mark.parametrize("svg, size", [
    (b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80px"></svg>', (120, 80)),
    (b'<?xml version="1.0"?>\n<svg viewBox="0 0 640 360" xmlns="http://www.w3.org/2000/svg"/>', (640, 360)),
    (b'<svg width="100%" xmlns="http://www.w3.org/2000/svg"></svg>', (0, 0)),
])
def test_svg_size_comes_from_width_height_or_viewbox(svg: bytes, size: tuple[int, int]) -> None:
    info = probe.probe(svg, "a.svg")
    assert (info.width, info.height) == size


# -- widths --------------------------------------------------------------------------------

def test_widths_are_capped_at_the_original() -> None:
    assert variants.plan_widths(4032, (480, 800, 1200, 1600)) == (480, 800, 1200, 1600)
    assert variants.plan_widths(1000, (480, 800, 1200, 1600)) == (480, 800, 1000)
    assert variants.plan_widths(300, (480, 800)) == (300,)


# -- encoding: private by default ----------------------------------------------------------

def test_variants_have_no_metadata_at_all(tmp_path: Path) -> None:
    path = photos.phone_jpeg(tmp_path / "p.jpg", 800, 600)
    assert photos.SERIAL.encode() in path.read_bytes() and metadata.has_gps(path.read_bytes())
    encoded = _encode(path)
    assert {(v.format, v.width) for v in encoded.variants} == {
        (f, w) for f in ("avif", "webp") for w in (160, 320)} | {("jpeg", 320)}
    for data in _all_files(encoded):
        assert photos.SERIAL.encode() not in data
        assert not metadata.has_gps(data)
        with _open(data) as im:
            assert not im.getexif()
            assert "icc_profile" not in im.info or not im.info["icc_profile"]


def test_orientation_is_applied_to_the_pixels_then_dropped(tmp_path: Path) -> None:
    path = photos.phone_jpeg(tmp_path / "turned.jpg", 640, 480, orientation=6, seed=4)
    encoded = _encode(path)
    assert (encoded.full.width, encoded.full.height) == (640, 480)
    with _open(encoded.full.data) as im:
        assert im.size == (640, 480) and im.getexif().get(probe.ORIENTATION) is None
        shown = im.convert("RGB").resize((16, 12))
    upright = photos.scene(640, 480, seed=4).resize((16, 12))
    sideways = photos.scene(640, 480, seed=4).transpose(Image.Transpose.ROTATE_180).resize((16, 12))
    def distance(a: Image.Image, b: Image.Image) -> float:
        from PIL import ImageChops
        return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3

    assert distance(shown, upright) < 8 < distance(shown, sideways)


def test_keep_metadata_keeps_exif_with_the_orientation_reset(tmp_path: Path) -> None:
    path = photos.phone_jpeg(tmp_path / "turned.jpg", 400, 300, orientation=6)
    encoded = _encode(path, variants.Settings(widths=(200,), formats=("webp",), keep_metadata=True))
    with _open(encoded.full.data) as im:
        exif = im.getexif()
        assert exif.get(probe.ORIENTATION, 1) == 1      # absent or 1: the pixels are upright
        assert exif.get_ifd(metadata.GPS_IFD)
    assert metadata.has_gps(encoded.full.data)


def test_a_display_p3_photo_is_converted_to_srgb_not_dropped(tmp_path: Path) -> None:
    p3 = (200, 90, 40)
    path = photos.p3_jpeg(tmp_path / "wide.jpg", 400, 300, colour=p3)
    encoded = _encode(path, variants.Settings(widths=(400,), formats=()))
    with _open(encoded.full.data) as im:
        got = im.convert("RGB").getpixel((50, 150))
    profile = ImageCms.ImageCmsProfile(io.BytesIO(photos.display_p3_icc()))
    want = ImageCms.profileToProfile(Image.new("RGB", (1, 1), p3), profile, ImageCms.createProfile("sRGB"),
                                     renderingIntent=ImageCms.Intent.PERCEPTUAL).getpixel((0, 0))

    def far(a: tuple[int, ...], b: tuple[int, ...]) -> int:
        return max(abs(x - y) for x, y in zip(a, b))

    assert far(want, p3) > 12, "the test colour must change visibly between P3 and sRGB"
    assert far(got, want) <= 4 < far(got, p3)


def test_heic_becomes_a_stripped_jpeg(tmp_path: Path) -> None:
    path = photos.heic(tmp_path / "x.heic", 400, 300)
    assert metadata.has_gps(path.read_bytes())
    encoded = _encode(path)
    assert encoded.full.format == "jpeg"
    assert not any(metadata.has_gps(d) for d in _all_files(encoded))


def test_png_with_transparency_keeps_it_and_falls_back_to_png(tmp_path: Path) -> None:
    path = photos.png(tmp_path / "a.png", 300, 200, alpha=True)
    encoded = _encode(path, replace(SMALL, avif_for_png=True))
    assert encoded.full.format == "png"
    for fmt in ("avif", "webp", "png"):
        with _open(next(v.data for v in encoded.variants if v.format == fmt)) as im:
            assert im.mode == "RGBA"


def test_graphics_get_webp_and_no_avif_unless_asked(tmp_path: Path) -> None:
    """An image whose fallback is PNG (a screenshot, a diagram, transparency): AVIF saved 4-13%
    of WebP's bytes there, for 5-10 times the encoding time."""
    flat = photos.png(tmp_path / "a.png", 300, 200)
    see_through = photos.png(tmp_path / "b.png", 300, 200, alpha=True)
    photo = photos.phone_jpeg(tmp_path / "c.jpg", 300, 200)
    for path in (flat, see_through):
        data = path.read_bytes()
        info = probe.probe(data, path.name)
        assert variants.formats_of(info, SMALL) == ("webp", "png")
        assert variants.formats_of(info, replace(SMALL, avif_for_png=True)) == ("avif", "webp", "png")
        assert {v.format for v in _encode(path).variants} == {"webp", "png"}
        assert [f for f, _w, _h in variants.plan(data, info, SMALL, SMALL.widths)] == ["webp", "webp", "png"]
    info = probe.probe(photo.read_bytes(), photo.name)
    assert variants.formats_of(info, SMALL) == ("avif", "webp", "jpeg")


def test_photos_are_encoded_at_avif_speed_9_and_graphics_at_8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Speed 9 halves a photo's AVIF time for 5-8% more bytes at the same SSIM; on a screenshot
    it lost libaom's screen-content tools (23-39% more bytes, a lower SSIM)."""
    speeds: dict[str, set[int]] = {}
    real = variants.encode

    def spy(im: Image.Image, fmt: str, quality: int, exif: bytes | None = None, avif_speed: int = 0) -> bytes:
        speeds.setdefault(fmt, set()).add(avif_speed)
        return real(im, fmt, quality, exif, avif_speed)
    monkeypatch.setattr(variants, "encode", spy)
    _encode(photos.phone_jpeg(tmp_path / "p.jpg", 400, 300))
    assert speeds["avif"] == {9}
    speeds.clear()
    _encode(photos.png(tmp_path / "a.png", 300, 200, alpha=True))
    assert speeds.get("avif", {8}) == {8}
    assert variants.avif_speed(probe.ImageInfo("png", 300, 200)) == 8
    assert variants.avif_speed(probe.ImageInfo("jpeg", 300, 200)) == variants.avif_speed(probe.ImageInfo("heif", 3, 2)) == 9


def test_the_fallback_has_one_width_when_modern_formats_have_them_all(tmp_path: Path) -> None:
    """Only a browser that shows neither AVIF nor WebP loads the fallback: it gets the <img src>
    (the second narrowest width), not a srcset of its own."""
    path = photos.phone_jpeg(tmp_path / "p.jpg", 1700, 1000)
    data = path.read_bytes()
    info = probe.probe(data, path.name)
    settings = variants.Settings()
    assert variants.plan(data, info, settings, settings.widths) == [
        (f, w, round(1000 * w / 1700)) for f in ("avif", "webp") for w in (480, 800, 1200, 1600)] + [("jpeg", 800, 471)]
    assert [(v.format, v.width) for v in _encode(path).variants] == [
        ("avif", 160), ("avif", 320), ("webp", 160), ("webp", 320), ("jpeg", 320)]
    # the fallback alone: every width; a WebP source's fallback is its WebP, every width too
    assert variants.fallback_widths(info, replace(settings, formats=()), settings.widths) == (480, 800, 1200, 1600)
    webp = probe.ImageInfo("webp", 1700, 1000)
    assert variants.fallback_widths(webp, settings, settings.widths) == (480, 800, 1200, 1600)
    small = probe.ImageInfo("jpeg", 300, 200)
    assert variants.fallback_widths(small, settings, settings.widths) == (300,)


def test_encoding_is_deterministic(tmp_path: Path) -> None:
    path = photos.phone_jpeg(tmp_path / "p.jpg", 500, 400)
    assert _all_files(_encode(path)) == _all_files(_encode(path))


def test_avif_at_the_chosen_quality_is_smaller_than_the_jpeg_fallback(tmp_path: Path) -> None:
    path = photos.phone_jpeg(tmp_path / "p.jpg", 1200, 900)
    sizes = {v.format: len(v.data) for v in _encode(path, variants.Settings(widths=(800,))).variants}
    assert sizes["avif"] < 0.8 * sizes["jpeg"] and sizes["webp"] < sizes["jpeg"]


# -- markup --------------------------------------------------------------------------------

PUB = markup.Published(1600, 1200, "jpeg", (
    ("avif", (("/assets/img/a-480.x.avif", 480), ("/assets/img/a-1600.x.avif", 1600))),
    ("jpeg", (("/assets/img/a-480.x.jpg", 480), ("/assets/img/a-1600.x.jpg", 1600))),
), "/assets/img/a-1600.x.jpg")


def test_picture_markup_is_sized_responsive_and_lazy() -> None:
    html = markup.img_tag(PUB, 'A "red" car', lambda u: ".." + u)
    assert html.startswith('<picture><source type="image/avif" srcset="../assets/img/a-480.x.avif 480w, '
                           '../assets/img/a-1600.x.avif 1600w" sizes=')
    assert 'alt="A &quot;red&quot; car"' in html
    assert 'width="1600" height="1200"' in html
    assert 'srcset="../assets/img/a-480.x.jpg 480w, ../assets/img/a-1600.x.jpg 1600w"' in html
    assert 'loading="lazy" decoding="async"' in html and "fetchpriority" not in html


def test_the_main_image_is_eager_with_high_priority() -> None:
    html = markup.img_tag(PUB, "x", lambda u: u, eager=True)
    assert 'fetchpriority="high"' in html and "loading=" not in html


def test_an_svg_gets_a_plain_sized_img() -> None:
    html = markup.img_tag(markup.Published(120, 80, "svg", src="/i/a.svg"), "logo", lambda u: u)
    assert html == '<img src="/i/a.svg" alt="logo" width="120" height="80" loading="lazy" decoding="async">'


# -- cards ---------------------------------------------------------------------------------

def test_a_drawn_card_is_a_1200_by_630_png_in_the_theme_colours() -> None:
    # the ground is the accent; the ink is the background or the text colour, whichever stands
    # out more on it (a light accent: the dark colour; a dark accent: the light one)
    light_accent = cards.Colours(background="#102030", text="#f0f0f0", muted="#a0a0a0", accent="#ff8800")
    dark_accent = cards.Colours(background="#ffffff", text="#1b1f24", muted="#57606a", accent="#0b5cad")
    for colours, ground, ink in ((light_accent, (0xff, 0x88, 0x00), (0x10, 0x20, 0x30)),
                                 (dark_accent, (0x0b, 0x5c, 0xad), (0xff, 0xff, 0xff))):
        with Image.open(io.BytesIO(cards.card_png("A title", "Blog", "Author", colours))) as im:
            assert (im.format, im.size, im.mode) == ("PNG", (1200, 630), "P")
            rgb = im.convert("RGB")
            assert rgb.getpixel((600, 20)) == ground
            assert {colour for _, colour in rgb.getcolors(256) or []} == {ground, ink}
            assert ink in {c for _, c in rgb.crop((80, 150, 1120, 250)).getcolors(256) or []}       # the title
            assert ink in {c for _, c in rgb.crop((80, 500, 1120, 560)).getcolors(256) or []}       # the byline


def test_the_card_ink_has_readable_contrast_on_the_ground() -> None:
    for accent in ("#0b5cad", "#ffd166", "#777777", "#00ff00", "#1b1f24", "#ffffff"):
        palette = cards._palette(cards.Colours(accent=accent))
        ground, ink = tuple(palette[:3]), tuple(palette[3:])
        assert cards._contrast(ground, ink) >= 4.4, (accent, ink)       # (mid grey: 4.48 against black)


def _ink_rows(im: Image.Image, background: tuple[int, int, int], x0: int = 40) -> list[int]:
    rgb = im.convert("RGB").crop((x0, 0, 1200, 630))
    bg = Image.new("RGB", rgb.size, background)
    diff = ImageChops.difference(rgb, bg).convert("L").point(lambda v: 255 if v > 40 else 0)
    return [y for y in range(diff.height) if diff.crop((0, y, diff.width, y + 1)).getbbox()]


def test_a_long_title_stops_above_the_byline() -> None:
    title = ("Grid connection queues, permitting delays and the new European rules on depot charging: "
             "what fleet operators in rural regions should plan for before 2028")
    card = cards.draw_card(title, "Charge Point Analysis", "Jane Doe", cards.Colours())
    rows = _ink_rows(card, (0x0b, 0x5c, 0xad))        # (the default accent, the card's ground)
    byline_top = min(y for y in rows if y >= 500)
    title_bottom = max(y for y in rows if y < 500)
    assert title_bottom < byline_top - 8


def test_a_title_with_a_word_wider_than_the_card_is_cut_not_drawn_off_the_edge() -> None:
    title = "Supercalifragilistic" * 6 + " and more"
    card = cards.draw_card(title, "Blog", "", cards.Colours())
    rgb = card.convert("RGB")
    right = rgb.crop((1120, 150, 1200, 500))                  # the right margin, beside the title
    assert right.getcolors() == [(80 * 350, (0x0b, 0x5c, 0xad))]       # all ground
    size, lines = cards._fit_title(title, 1040, 4)
    assert lines[0].endswith("…") and lines[1] == "and more"
    assert all(cards._measure(size)(line) <= 1040 for line in lines)


def test_the_quick_glyph_path_draws_what_the_fonts_own_layout_draws() -> None:
    # Titles are drawn from cached glyphs placed at the layout's advances and kerning; the result
    # must match Pillow laying the line out itself, to within anti-aliasing at a few glyph edges.
    from PIL import ImageDraw
    for size, line in ((76, "AVATAR Tow Wavy 2027: Kia, Zoë? Citroën"), (48, "小米 SU7 의 가격 カード 12%")):
        ours = Image.new("L", (1200, 120), 0)
        cards._draw_text(ours, (10, 10), line, size)
        pillow = Image.new("L", (1200, 120), 0)
        ImageDraw.Draw(pillow).text((10, 10), line, font=cards._font(size), fill=255)
        inked = sum(1 for v in pillow.tobytes() if v > 128)
        off = sum(1 for v in ImageChops.difference(ours, pillow).tobytes() if v > 128)
        assert inked > 1000 and off < inked * 0.02, (line, off, inked)


def test_central_european_letters_are_drawn_not_boxed() -> None:
    # Noto Sans CJK lacks Š, Ł, ő, ț: they come from the Latin fallback, at the main font's size.
    assert cards.missing_glyphs("Škoda Łódź Győr Constanța") == ""
    box = cards._glyph(76, "\U0002a6a5")[0].getbbox()                # a character neither font has
    caron, plain = cards._glyph(76, "Š"), cards._glyph(76, "S")
    assert caron[0].getbbox() != box
    assert caron[2] < plain[2] - 8                                  # the caron sits above the S
    assert abs(caron[0].width - plain[0].width) <= 3                # and the S is the main font's size
    assert abs((caron[2] + caron[0].height) - (plain[2] + plain[0].height)) <= 2     # on its baseline


def test_text_that_needs_shaping_takes_the_fonts_layout() -> None:
    assert cards._simple("Škoda Zoë 小米")
    assert cards._simple("EV \U0001f697 \U0002a6a5")                       # one glyph (or box) each
    assert not cards._simple("Zoe\u0308") and not cards._simple("a\u200db") and not cards._simple("\u2764\ufe0f")


def test_cjk_titles_draw_as_distinct_characters_not_boxes() -> None:
    assert cards.missing_glyphs("小米 SU7 소형 カード") == ""
    drawn = {ch: cards.draw_card(ch * 3, "B", "", cards.Colours()).tobytes() for ch in "小米한カ"}
    assert len(set(drawn.values())) == 4
    tofu = cards.draw_card("\U0002a6a5" * 3, "B", "", cards.Colours()).tobytes()   # not in the subset
    assert cards.missing_glyphs("\U0002a6a5") == "\U0002a6a5"
    assert tofu not in drawn.values()


def test_wrap_breaks_latin_between_words_and_cjk_between_characters() -> None:
    def measure(text: str) -> float:
        return float(len(text))

    assert cards.wrap("one two three", 8, measure) == ["one two", "three"]
    assert cards.wrap("小米汽车目标", 4, measure) == ["小米汽车", "目标"]


def test_theme_colours_are_read_from_the_root_variables() -> None:
    css = ":root {\n  --bg: #fafafa;\n  --fg: #111;\n  --accent: #0b5cad;\n}\n@media (prefers-color-scheme: dark) { :root { --bg: #000; } }"
    got = cards.theme_colours(css)
    assert (got.background, got.text, got.accent) == ("#fafafa", "#111", "#0b5cad")


def test_a_cover_crop_is_1200_by_630(tmp_path: Path) -> None:
    data = cards.cover_jpeg(photos.scene(1000, 1000))
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (1200, 630)


# -- the stage: cache by content -----------------------------------------------------------

def test_prepare_encodes_once_and_reuses_the_cache(tmp_path: Path) -> None:
    content = tmp_path / "content"
    photos.phone_jpeg(content / "posts" / "a.jpg", 500, 400)
    photos.truncated_jpeg(content / "posts" / "bad.jpg")
    (content / "posts" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>')
    sources = [stage.Source(rel, content / rel) for rel in ("posts/a.jpg", "posts/bad.jpg", "posts/logo.svg")]
    jobs: list[int] = []

    def run(fn, items):  # type: ignore[no-untyped-def]
        jobs.append(len(items))
        return map(fn, items)

    store = ImageStore(tmp_path / "cache")
    first = stage.prepare(sources, [], SMALL, store, run)
    assert "truncated" in first.records["posts/bad.jpg"].problem
    html = first.markup("/posts/a.jpg", "alt", lambda u: u)
    assert html is not None and 'width="320" height="256"' in html
    assert first.markup("/posts/logo.svg", "logo", lambda u: u) == \
        '<img src="/posts/logo.svg" alt="logo" width="10" height="5" loading="lazy" decoding="async">'
    store.flush()           # (the build saves the probes with the store's entries)
    second = stage.prepare(sources, [], SMALL, ImageStore(tmp_path / "cache"), run)
    assert jobs == [3, 0]
    assert second.records == first.records
    assert "posts/a.jpg" not in {r for r, _, _ in first.outputs()}      # no original, nor a copy of it
    first.linked.add("/posts/a.jpg")
    stage.add_full_copies(first, run)
    copy = {r: p for r, _, p in first.outputs()}["posts/a.jpg"]
    assert not metadata.has_gps(copy.read_bytes()) and Image.open(copy).size == (500, 400)


def test_find_gps_names_the_files_that_leak_a_position(tmp_path: Path) -> None:
    leaky = photos.phone_jpeg(tmp_path / "leaky.jpg", 200, 100)
    clean = tmp_path / "clean.jpg"
    photos.scene(200, 100).save(clean, "JPEG")
    assert stage.find_gps({"a/leaky.jpg": leaky, "a/clean.jpg": clean, "a/page.html": clean}) == ["a/leaky.jpg"]


def test_the_config_defaults_are_the_pipeline_defaults() -> None:
    from sitegen.config import ImagesConfig
    c, s = ImagesConfig(), variants.Settings()
    assert (c.widths, c.formats, c.avif_quality, c.webp_quality, c.jpeg_quality, c.keep_metadata, c.avif_for_png) == \
        (s.widths, s.formats, s.avif_quality, s.webp_quality, s.jpeg_quality, s.keep_metadata, s.avif_for_png)


def test_gps_is_found_in_a_png_s_exif_chunk_and_in_an_imagemagick_raw_profile() -> None:
    from PIL import PngImagePlugin
    exif = photos.exif_for(gps=True, serial=False).tobytes()
    plain = io.BytesIO()
    photos.scene(64, 48).save(plain, "PNG")
    assert not metadata.has_gps(plain.getvalue())
    chunk = io.BytesIO()
    photos.scene(64, 48).save(chunk, "PNG", exif=exif)                 # an eXIf chunk
    assert metadata.has_gps(chunk.getvalue())
    info = PngImagePlugin.PngInfo()                                      # ImageMagick's hex text chunk
    hexed = exif.hex()
    info.add_text("Raw profile type exif", f"\nexif\n{len(exif):8d}\n" + "\n".join(
        hexed[i:i + 72] for i in range(0, len(hexed), 72)), zip=True)
    raw = io.BytesIO()
    photos.scene(64, 48).save(raw, "PNG", pnginfo=info)
    assert metadata.has_gps(raw.getvalue())


def test_a_200_megapixel_phone_photo_is_read_and_a_bomb_is_refused_before_decoding() -> None:
    # Samsung's and Xiaomi's 200 MP modes: 16,320 x 12,240, over Pillow's own limit (179 million)
    big = io.BytesIO()
    Image.new("1", (16320, 12240), 1).save(big, "PNG")
    info = probe.probe(big.getvalue(), "moon.png")
    assert (info.width, info.height) == (16320, 12240)
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")        # 400 million pixels in ~60 KB
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(probe.BadImage, match="400 megapixels"):
        probe.probe(bomb.getvalue(), "bomb.png")


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_large_jpeg_decoded_at_a_reduced_scale_gives_the_same_variants(tmp_path: Path, orientation: int) -> None:
    path = photos.phone_jpeg(tmp_path / "big.jpg", 4032, 3024, orientation=orientation, seed=7)
    data = path.read_bytes()
    info = probe.probe(data, "big.jpg")
    settings = variants.Settings(formats=(), widths=(800,))
    quick = variants.encode_all(data, info, settings, (800,), full=False).variants[0]
    assert (info.width, info.height) == (4032, 3024)           # as displayed (stored sideways with 6)
    assert (quick.width, quick.height) == (800, 600)
    # what the whole decode gives: the full pixels, scaled the same way
    small, _ = variants.prepared(data, 800)
    assert 800 <= small.width < info.width and small.width / small.height == pytest.approx(4 / 3, rel=0.01)
    full, _ = variants.prepared(data)
    assert full.size == (info.width, info.height)
    reference = full.resize((quick.width, quick.height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    with Image.open(io.BytesIO(quick.data)) as im:
        assert im.size == reference.size
        diff = ImageStat.Stat(ImageChops.difference(im.convert("RGB"), reference)).mean
    assert max(diff) < 3.0, diff          # mean difference per channel, of 255: JPEG noise, not a different picture


@pytest.mark.parametrize("level", [0, 12000, 30000, 65535])
def test_a_16_bit_grey_png_keeps_its_greys(level: int) -> None:
    out = io.BytesIO()
    Image.new("I;16", (64, 48), level).save(out, "PNG")
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as src:
        assert src.mode.startswith("I")               # what Pillow reads 16-bit grey as
    encoded = variants.encode_all(data, probe.probe(data, "scan.png"), variants.Settings(formats=()), (64,))
    with Image.open(io.BytesIO(encoded.variants[0].data)) as im:
        grey = ImageStat.Stat(im.convert("L")).mean[0]
    assert grey == pytest.approx(level / 257, abs=1.0)     # Pillow alone made every level above 255 white


@pytest.mark.parametrize("title", ["🚗 Charging ⚡ at home", "Charging at home 🇩🇪", "👩🏽‍🔧 Charging at home",
                                   "Charging at home\ufe0f 🔋"])
def test_a_card_leaves_out_the_emoji_of_a_title_instead_of_drawing_boxes(title: str) -> None:
    colours = cards.Colours()
    plain = cards.draw_card("Charging at home", "Blog", "Ana", colours)
    with_emoji = cards.draw_card(title, "Blog", "Ana 🚲", colours)
    assert ImageChops.difference(plain.convert("RGB"), with_emoji.convert("RGB")).getbbox() is None
    assert cards.missing_glyphs(title) == ""             # so no warning either


def test_a_title_of_emoji_alone_is_still_reported() -> None:
    assert cards.card_text("🎉") == "🎉" and cards.missing_glyphs("🎉") == "🎉"
    assert cards.card_text("© 2026") == "© 2026"          # a symbol the font has is drawn


def _ink_box(card: Image.Image, top: int = 140, bottom: int = 500) -> tuple[int, int, int, int] | None:
    """Where the title's ink is (the card's palette index TITLE)."""
    band = card.crop((30, top, cards.WIDTH, bottom)).point(lambda i: 255 if i == cards.TITLE else 0)
    box = band.getbbox()
    return None if box is None else (box[0] + 30, box[1] + top, box[2] + 30, box[3] + top)


def test_a_hebrew_or_arabic_title_is_drawn_right_to_left_from_the_right_margin() -> None:
    colours = cards.Colours()
    for title in ("אאאא בבבב", "السيارات الكهربائية Tesla"):
        assert cards.missing_glyphs(title) == ""
        box = _ink_box(cards.draw_card(title, "Blog", "", colours))
        assert box is not None and abs(box[2] - (cards.WIDTH - 80)) <= 12, (title, box)    # right-aligned (less the side bearing)
    whole = cards.draw_card("אאאא בבבב", "Blog", "", colours)
    first = cards.draw_card("אאאא", "Blog", "", colours)          # the first word alone, same size
    box = _ink_box(first)
    assert box is not None
    second = cards.draw_card("בבבב", "Blog", "", colours)

    def unlike(a: Image.Image, b: Image.Image) -> float:
        return sum(ImageStat.Stat(ImageChops.difference(a.crop(box).convert("L"), b.crop(box).convert("L"))).mean)

    # the first word of the title is its rightmost: there, the title looks like the first word
    # drawn alone (up to sub-pixel placement), not like the second
    assert unlike(whole, first) * 4 < unlike(whole, second)
    bar = whole.crop((0, 96, cards.WIDTH, 107)).convert("RGB")
    assert bar.getpixel((cards.WIDTH - 81, 5)) != bar.getpixel((81, 5))     # the rule above the title is at its start


def test_arabic_letters_are_joined_not_drawn_in_their_isolated_forms() -> None:
    from PIL import ImageFont
    font = ImageFont.truetype(str(cards.RTL_FONT), 76)
    word = "بيت"
    joined = font.getlength(word, direction="rtl")
    isolated = sum(font.getlength(c, direction="rtl") for c in word)
    assert joined < isolated * 0.9          # initial and medial forms are narrower than isolated ones
    assert cards.missing_glyphs(word + " 小米") == "小米"      # one font draws a right-to-left title


def test_the_cards_own_one_bit_packing_equals_pillows() -> None:
    import random
    rng = random.Random(7)
    for _ in range(5):
        canvas = Image.new("P", (cards.WIDTH + cards.FRAME, 40), 0)
        for _ in range(300):
            x, y = rng.randrange(cards.FRAME, canvas.width), rng.randrange(canvas.height)
            canvas.paste(1, (x, y, min(x + rng.randrange(1, 9), canvas.width), y + 1))
        assert png.one_bit(canvas) == canvas.tobytes("raw", "P;1")


def test_a_card_png_is_the_drawn_card_whatever_was_drawn_on_the_canvas_before() -> None:
    # card_png draws on one canvas kept for the thread and caches a foot's pixels: each PNG
    # must hold exactly what a card drawn afresh holds, after cards of other sizes, directions
    # and bylines (right-to-left, clusters shaped by Pillow, a byline too long for the card)
    colours = cards.Colours(background="#102030", text="#f0f0f0", muted="#a0a0a0", accent="#ff8800")
    cases = [("A long title that wraps over several lines of the card, " * 3, "Blog", "Ana"),
             ("Short", "Blog", "Ana"),
             ("السيارات الكهربائية Tesla", "مدونة", "كاتب"),
             ("小米 SU7 소형 カード", "Zoe\u0308 blog", "Ana \u2764\ufe0f"),
             ("Short", "Blog", "Ana"),
             ("Škoda Łódź", "W" * 80, "x"),
             ("Short", "Blog", "")]
    for title, site_name, byline in cases:
        fresh = cards.draw_card(title, site_name, byline, colours)
        with Image.open(io.BytesIO(cards.card_png(title, site_name, byline, colours))) as im:
            assert im.mode == "P" and im.getpalette()[:6] == fresh.getpalette()[:6]
            assert im.tobytes() == fresh.tobytes(), title
    cards.draw_card(cases[0][0], "Blog", "Ana", colours, into=cards._canvas())     # (as a benchmark does)
    for title in ("Short", "Other words, as many, on the rows the long title drew on before " * 2):
        with Image.open(io.BytesIO(cards.card_png(title, "Blog", "Ana", colours))) as im:
            assert im.tobytes() == cards.draw_card(title, "Blog", "Ana", colours).tobytes(), title


def test_a_cards_foot_pasted_whole_is_the_foot_drawn_glyph_by_glyph() -> None:
    # the foot (blog name and byline) is drawn once and pasted whole (cards._foot)
    for site_name, byline, rtl in (("Charge Point Analysis", "Priya Nair", False), ("Naq\u0308 blog", "Škoda", False),
                                   ("مدونة", "كاتب", True)):
        line = f"{site_name}  ·  {byline}"
        expected = Image.new("P", (cards.WIDTH, cards.HEIGHT), cards.BACKGROUND)
        if rtl:
            cards._draw_rtl(expected, cards.WIDTH - 80, cards.HEIGHT - 110, line, 34, ink=cards.BYLINE)
        else:
            cards._draw_text(expected, (80, cards.HEIGHT - 110), line, 34, ink=cards.BYLINE)
        card = cards.draw_card("T", site_name, byline, cards.Colours())
        band = (0, cards.TITLE_BOTTOM + 10, cards.WIDTH, cards.HEIGHT)
        assert expected.crop(band).getbbox() is not None
        assert card.crop(band).tobytes() == expected.crop(band).tobytes(), line


def test_the_one_bit_packing_of_the_inked_rows_alone_equals_pillows() -> None:
    # card_png packs only the rows it drew on (png.one_bit's inked): spans out of order,
    # overlapping, empty, or reaching past the canvas
    import random
    rng = random.Random(11)
    for _ in range(20):
        canvas = Image.new("P", (cards.WIDTH + cards.FRAME, 60), 0)
        spans = []
        for _ in range(rng.randrange(0, 5)):
            top = rng.randrange(-5, canvas.height)
            spans.append((top, top + rng.randrange(0, 25)))
        for _ in range(300):
            if not spans:
                break
            top, bottom = rng.choice(spans)
            rows = range(max(top, 0), min(bottom, canvas.height))
            if rows:
                x, y = rng.randrange(cards.FRAME, canvas.width), rng.choice(rows)
                canvas.paste(1, (x, y, min(x + rng.randrange(1, 9), canvas.width), y + 1))
        assert png.one_bit(canvas, spans) == canvas.tobytes("raw", "P;1"), spans
