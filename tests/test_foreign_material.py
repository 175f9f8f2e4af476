"""Material nobody on the team wrote: other people's photo folders, Markdown and exports. Each
test is an input a real blog had that an earlier build got wrong."""

from __future__ import annotations

from pathlib import Path

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
