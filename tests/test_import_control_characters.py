"""Control characters pasted into posts (a vertical tab from Word, a form feed from a PDF, a C1
control, a noncharacter) stopped the build with an XML error. The import removes the ones XML
refuses, keeps tabs and newlines, and names the file and line of the first."""

from __future__ import annotations

from pathlib import Path

from import_support import FIXTURES, front, run_import

from sitegen.importers.writer import _NOT_XML
from sitegen.pipeline import Options, build

JEKYLL = FIXTURES / "messy" / "jekyll-controls"


def test_control_characters_are_removed_reported_and_the_site_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    report = run_import("jekyll", JEKYLL, site)
    written = site / "content" / "posts" / "2018" / "pasted.md"
    text = written.read_text("utf-8")
    assert not _NOT_XML.search(text)
    meta, body = front(written)
    assert meta["title"] == "Pasted from Word"
    assert "from a PDF:line oneline two." in body and "tabs\tand newlines stay" in body
    assert "A C1 control  and a noncharacter  end here" in body
    shown = str(JEKYLL / "_posts" / "2018-04-02-pasted.md")
    assert f"{shown}:3: 6 control character(s) that XML refuses (such as a vertical tab) were removed" in report
    build(Options(site_dir=site, output_dir=site / "output", use_cache=False, workers=1, search_index=False))
    assert "Pasted from Word" in (site / "output" / "feed.xml").read_text("utf-8")


def test_what_xml_refuses_is_exactly_what_is_removed() -> None:
    refused = [chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]]
    assert all(_NOT_XML.fullmatch(c) for c in refused)
    assert not any(_NOT_XML.search(c) for c in "\t\n\r aé€\u2028\U0001F600")
