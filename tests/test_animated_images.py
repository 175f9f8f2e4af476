"""An animated WebP or PNG (a screen recording, a chart that builds up) is published moving:
its own frames, byte for byte, less its metadata. Re-encoding it kept the first frame only."""

from __future__ import annotations

import io
from pathlib import Path

import photos
import pytest
from conftest import post, run_cli, write_site
from PIL import Image, ImageChops, ImageSequence, PngImagePlugin

from sitegen.images import metadata, probe, variants

XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description exif:GPSLatitude="52,30.9N"/>'
       b'</rdf:RDF></x:xmpmeta>')


def _frames(n: int = 4) -> list[Image.Image]:
    return [photos.scene(160, 120, seed=i + 1) for i in range(n)]


def animated(fmt: str, gps: bool = True) -> bytes:
    frames = _frames()
    out = io.BytesIO()
    extra: dict[str, object] = {}
    if gps:
        extra["exif"] = photos.exif_for(gps=True).tobytes()
        if fmt == "WEBP":
            extra["xmp"] = XMP
        else:
            info = PngImagePlugin.PngInfo()
            info.add_itxt("XML:com.adobe.xmp", XMP.decode(), zip=True)
            info.add_text("Comment", "shot on a phone")
            extra["pnginfo"] = info
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=[100, 200, 300, 400], loop=0,
                   **({"lossless": True} if fmt == "WEBP" else {}), **extra)
    return out.getvalue()


def _decoded(data: bytes) -> list[bytes]:
    with Image.open(io.BytesIO(data)) as im:
        return [frame.convert("RGBA").tobytes() for frame in ImageSequence.Iterator(im)]


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_an_animation_keeps_every_frame_and_loses_its_metadata(fmt: str) -> None:
    data = animated(fmt)
    assert metadata.has_gps(data)
    info = probe.probe(data, "a." + fmt.lower())
    encoded = variants.encode_all(data, info, variants.Settings(), variants.DEFAULT_WIDTHS)
    assert len(encoded.variants) == 1 and encoded.full == encoded.variants[0]
    out = encoded.variants[0].data
    assert _decoded(out) == _decoded(data) and len(_decoded(out)) == 4
    assert not metadata.has_gps(out)
    with Image.open(io.BytesIO(out)) as im:
        assert not im.getexif() and "xmp" not in im.info and "Comment" not in im.info
        assert im.info.get("loop") == 0


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_keep_metadata_publishes_the_animation_unchanged(fmt: str) -> None:
    data = animated(fmt)
    info = probe.probe(data, "a." + fmt.lower())
    moving = variants.animation(data, info, variants.Settings(keep_metadata=True))
    assert moving is not None and moving.data == data


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_a_still_image_is_not_taken_for_an_animation(fmt: str) -> None:
    out = io.BytesIO()
    photos.scene(160, 120).save(out, fmt)
    info = probe.probe(out.getvalue(), "a." + fmt.lower())
    assert variants.animation(out.getvalue(), info, variants.Settings()) is None
    assert len(variants.encode_all(out.getvalue(), info, variants.Settings(), (80, 160)).variants) > 1


def test_stripping_a_still_webp_keeps_its_pixels_and_a_valid_header() -> None:
    out = io.BytesIO()
    photos.scene(160, 120).save(out, "WEBP", exif=photos.exif_for(gps=True).tobytes(), xmp=XMP)
    stripped = metadata.strip_webp(out.getvalue())
    assert int.from_bytes(stripped[4:8], "little") == len(stripped) - 8
    with Image.open(io.BytesIO(stripped)) as a, Image.open(io.BytesIO(out.getvalue())) as b:
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None
        assert not a.getexif()
    assert not metadata.has_gps(stripped)


def test_a_built_post_shows_the_animation_moving_and_links_it_full_size(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post(
        "A", body="![Charging curve, animated](curve.webp)\n\n[full size](curve.webp)\n")})
    (site / "content" / "posts" / "curve.webp").write_bytes(animated("WEBP"))
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    published = list((site / "output" / "assets" / "img").glob("curve-*.webp"))
    assert len(published) == 1 and len(_decoded(published[0].read_bytes())) == 4
    full = site / "output" / "posts" / "curve.webp"
    assert full.is_file() and len(_decoded(full.read_bytes())) == 4 and not metadata.has_gps(full.read_bytes())
