"""Video and sound a post shows with image syntax get a player, at the file's published address;
a phone video whose metadata says where it was shot is not published."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import post, run_cli, snapshot, write_site

from sitegen.images import video


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def mp4(moov_extra: bytes = b"", mdat: bytes = b"\x00" * 64, large_mdat: bool = False) -> bytes:
    """An MP4 laid out as phones write it: ftyp, the media data, then moov (its metadata)."""
    ftyp = box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41")
    media = (struct.pack(">I4sQ", 1, b"mdat", 16 + len(mdat)) + mdat) if large_mdat else box(b"mdat", mdat)
    mvhd = box(b"mvhd", b"\x00" * 100)
    return ftyp + media + box(b"moov", mvhd + moov_extra)


ANDROID = box(b"udta", box(b"\xa9xyz", struct.pack(">HH", 18, 0x15c7) + b"+52.5163+013.3777/"))
IPHONE = box(b"meta", b"\x00" * 4 + box(b"hdlr", b"\x00" * 8 + b"mdta" + b"\x00" * 13)
             + box(b"keys", struct.pack(">II", 0, 1) + box(b"mdta", b"com.apple.quicktime.location.ISO6709"))
             + box(b"ilst", box(b"\x00\x00\x00\x01", box(b"data", b"\x00\x00\x00\x01\x00\x00\x00\x00"
                                                              b"+52.5163+013.3777+034.000/"))))
PLAIN = box(b"udta", box(b"\xa9too", b"\x00\x08\x00\x00Lavf61"))


@pytest.mark.parametrize(("extra", "large"), [(ANDROID, False), (IPHONE, False), (ANDROID, True)])
def test_a_position_in_a_phone_video_s_metadata_is_found(tmp_path: Path, extra: bytes, large: bool) -> None:
    path = tmp_path / "clip.mp4"
    path.write_bytes(mp4(extra, large_mdat=large))
    assert video.has_location(path)


def test_a_video_without_a_position_passes_even_when_its_media_holds_those_bytes(tmp_path: Path) -> None:
    path = tmp_path / "clip.mov"
    path.write_bytes(mp4(PLAIN, mdat=b"\x01" * 50 + b"\xa9xyz+52.5/" + b"\x02" * 50))
    assert not video.has_location(path)


def test_a_damaged_or_cut_video_is_read_without_an_error(tmp_path: Path) -> None:
    whole = mp4(ANDROID)
    moov = whole.index(b"moov") - 4
    for cut in (3, 11, 40, moov, moov + 20):          # before the metadata: nothing to find
        path = tmp_path / f"cut{cut}.mp4"
        path.write_bytes(whole[:cut])
        assert video.has_location(path) is False, cut
    path = tmp_path / "cut-late.mp4"                  # cut after the position: still found
    path.write_bytes(whole[:len(whole) - 2])
    assert video.has_location(path) is True
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(struct.pack(">I4s", 4, b"ftyp") + b"\x00" * 20)      # a size smaller than its header
    assert video.has_location(bad) is False


def test_the_player_markup_escapes_and_names_the_video() -> None:
    html = video.markup("../clips/a&b.mp4", 'A "fast" charge', "Night")
    assert html.startswith('<video controls preload="metadata" src="../clips/a&amp;b.mp4" playsinline')
    assert 'aria-label="A &quot;fast&quot; charge"' in html and 'title="Night"' in html
    assert html.endswith('<a href="../clips/a&amp;b.mp4">A &quot;fast&quot; charge</a></video>')
    assert video.markup("talk.m4a", "The interview").startswith('<audio controls preload="metadata" src="talk.m4a"')


def test_a_post_shows_a_video_and_a_recording_with_players_that_point_to_the_files(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {
        "content/posts/a.md": post("A", body="![Charging at night](media/clip.mp4)\n\n![The interview](talk.m4a)\n"),
        "content/posts/media/clip.mp4": mp4(PLAIN), "content/posts/talk.m4a": mp4(PLAIN)})
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    page = site / "output" / "posts" / "a" / "index.html"
    html = page.read_text()
    assert '<video controls preload="metadata" src="../../posts/media/clip.mp4"' in html
    assert '<audio controls preload="metadata" src="../../posts/talk.m4a"' in html
    assert (page.parent / "../../posts/media/clip.mp4").resolve().read_bytes() == mp4(PLAIN)
    assert "<img" not in html.split("<article", 1)[-1].split("</article>", 1)[0]


def test_a_video_that_would_publish_where_it_was_shot_stops_the_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "s", {"content/posts/a.md": post("A", body="Text.\n")})
    assert run_cli("build", str(site)).returncode == 0
    before = snapshot(site / "output")
    (site / "content" / "posts" / "a.md").write_text(post("A", body="![Charging at night](IMG_0042.MOV)\n"))
    (site / "content" / "posts" / "IMG_0042.MOV").write_bytes(mp4(IPHONE))
    result = run_cli("build", str(site))
    assert result.returncode == 1
    assert "output/posts/IMG_0042.MOV: this video would publish where it was shot" in result.stderr
    assert "-map_metadata -1" in result.stderr
    assert snapshot(site / "output") == before
