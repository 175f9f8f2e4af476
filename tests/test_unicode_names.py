"""A file copied from a Mac can have its accents decomposed (NFD: "e" + U+0301) where the writer
typed "é" (NFC) in the post, or the other way round. To the writer they are one name; links
between them resolve, and point to the file as it is published."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import photos
import pytest
from conftest import post, run_cli, write_site


def _nf(form: str, text: str) -> str:
    return unicodedata.normalize(form, text)


@pytest.mark.parametrize(("on_disk", "in_text"), [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_link_resolves_to_a_file_whose_name_is_in_the_other_unicode_form(tmp_path: Path, on_disk: str,
                                                                             in_text: str) -> None:
    photo, notes = _nf(in_text, "café.jpg"), _nf(in_text, "été-notes.md")
    site = write_site(tmp_path / "s", {
        "content/posts/a.md": post("A", body=f"![A café]({photo})\n\n[full size]({photo}) and [notes]({notes})\n"),
        f"content/posts/{_nf(on_disk, 'été-notes.md')}": post("Summer notes")})
    photos.scene(320, 240).save(site / "content" / "posts" / _nf(on_disk, "café.jpg"), "JPEG")
    result = run_cli("build", str(site))
    assert result.returncode == 0, result.stderr
    out = site / "output"
    page = (out / "posts" / "a" / "index.html").read_text()

    def target(text: str) -> Path:
        found = re.search(r'<a href="([^"]+)">' + text + "</a>", page)
        assert found, page
        return (out / "posts" / "a" / unquote(found.group(1))).resolve()

    assert target("full size").is_file()                         # the published full-size copy
    notes = target("notes")                                      # the other post's page
    assert notes.name == "index.html" and notes.is_file() and "Summer notes" in notes.read_text()
