"""The last check before an image is published finds a position wherever real files keep one:
XMP in a PNG's compressed iTXt chunk (what Photoshop and exiftool write), ImageMagick's
hex-encoded raw profiles, EXIF in a second image appended to a phone JPEG (MPF), DJI drones'
own XMP names, and XMP written in UTF-16. Files with metadata but no position pass."""

from __future__ import annotations

import io
import zlib

import photos
import pytest
from PIL import Image, PngImagePlugin

from sitegen.images.metadata import has_gps

XMP_GPS = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
           '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,30.9N" '
           'exif:GPSLongitude="13,24.6E"/></rdf:RDF></x:xmpmeta>')
XMP_PLAIN = XMP_GPS.replace('exif:GPSLatitude="52,30.9N" exif:GPSLongitude="13,24.6E"',
                            'xmp:CreatorTool="Our camera app 2.1"')
DJI = XMP_PLAIN.replace('xmp:CreatorTool="Our camera app 2.1"',
                        'drone-dji:GpsLatitude="+52.515" drone-dji:GpsLongtitude="+13.410"')


def _png(info: PngImagePlugin.PngInfo | None = None) -> bytes:
    out = io.BytesIO()
    photos.scene(64, 48).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def _jpeg(exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    photos.scene(64, 48).save(out, "JPEG", **({"exif": exif} if exif else {}))
    return out.getvalue()


def _raw_profile(name: str, data: bytes) -> str:
    hexed = data.hex()
    return f"\n{name}\n{len(data):8d}\n" + "\n".join(hexed[i:i + 72] for i in range(0, len(hexed), 72))


def _xmp_png(text: str, zip_: bool) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", text, zip=zip_)
    return _png(info)


@pytest.mark.parametrize("zip_", [True, False])
def test_xmp_in_a_png_itxt_chunk_is_found_compressed_or_not(zip_: bool) -> None:
    data = _xmp_png(XMP_GPS, zip_)
    if zip_:
        assert b"GPSLatitude" not in data          # the byte search alone would miss it
    assert has_gps(data)
    assert not has_gps(_xmp_png(XMP_PLAIN, zip_))


def test_xmp_in_an_imagemagick_raw_profile_is_found() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type xmp", _raw_profile("xmp", XMP_GPS.encode()), zip=True)
    assert has_gps(_png(info))
    plain = PngImagePlugin.PngInfo()
    plain.add_text("Raw profile type xmp", _raw_profile("xmp", XMP_PLAIN.encode()), zip=True)
    assert not has_gps(_png(plain))


def test_exif_in_an_imagemagick_app1_profile_is_found() -> None:
    exif = photos.exif_for(gps=True, serial=False).tobytes()
    info = PngImagePlugin.PngInfo()
    info.add_text("Raw profile type APP1", _raw_profile("APP1", b"Exif\x00\x00" + exif), zip=True)
    assert has_gps(_png(info))
    quiet = PngImagePlugin.PngInfo()
    quiet.add_text("Raw profile type APP1",
                   _raw_profile("APP1", b"Exif\x00\x00" + photos.exif_for(gps=False).tobytes()), zip=True)
    assert not has_gps(_png(quiet))


def test_a_position_in_a_second_image_of_a_phone_jpeg_is_found() -> None:
    first = _jpeg(photos.exif_for(gps=False).tobytes())
    second = _jpeg(photos.exif_for(gps=True, serial=False).tobytes())
    with Image.open(io.BytesIO(first + second)) as im:
        assert not im.getexif().get_ifd(0x8825)    # Pillow reads the first image's EXIF only
    assert has_gps(first + second)
    assert not has_gps(first + _jpeg(photos.exif_for(gps=False).tobytes()))


def test_dji_drone_xmp_names_are_found() -> None:
    assert has_gps(_jpeg() + DJI.encode())
    assert has_gps(_xmp_png(DJI, zip_=True))


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_xmp_written_in_utf16_is_found(codec: str) -> None:
    assert has_gps(_jpeg() + XMP_GPS.encode(codec))
    assert not has_gps(_jpeg() + XMP_PLAIN.encode(codec))


def test_a_broken_or_bomb_like_text_chunk_is_read_no_further_than_needed() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "x", zip=False)
    data = _png(info)
    bomb = zlib.compress(b" " * (80 << 20), 9)      # 80 MB of spaces in ~80 KB
    chunk = b"zTXt" + b"Comment\x00\x00" + bomb
    cut = data.index(b"IEND") - 4
    forged = data[:cut] + len(chunk[4:]).to_bytes(4, "big") + chunk + zlib.crc32(chunk).to_bytes(4, "big") + data[cut:]
    assert not has_gps(forged)
    assert not has_gps(data[:cut + 20])           # cut short mid-chunk: no error
