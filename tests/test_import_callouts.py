"""Other tools' callouts become sitegen admonitions, or pass through in a form the build reads,
never mangled: kramdown's `{: .notice--warning}` blocks (Minimal Mistakes, Just the Docs),
Starlight/Docusaurus `:::tip[Title]` and `::: type Title`, GitHub's `> [!NOTE]` (also when a
WordPress or feed post writes one in HTML: no hard-break backslash after the marker)."""

from __future__ import annotations

from pathlib import Path

from import_support import FIXTURES, front, run_import

from sitegen.importers import html2md


def test_kramdown_callout_classes_become_admonitions(tmp_path: Path) -> None:
    run_import("jekyll", FIXTURES / "messy" / "jekyll-callouts", tmp_path / "site")
    _, body = front(tmp_path / "site" / "content" / "posts" / "2022" / "callouts.md")
    assert ":::warning\n**Heads up:** the cache\nis on by default.\n:::" in body
    assert ":::tip\nA tip, as Just the Docs writes one.\n:::" in body
    assert "A centred line stays as it is.\n" in body and ".text-center" not in body     # not a callout: dropped
    assert "```liquid\n{: .note}\n```" in body                                 # code is code


def test_starlight_and_github_callouts_come_through_in_a_form_the_build_reads(tmp_path: Path) -> None:
    run_import("markdown", FIXTURES / "messy" / "starlight-callouts" / "docs", tmp_path / "site")
    _, body = front(tmp_path / "site" / "content" / "pages" / "callouts.md")
    assert ":::tip Use the CLI\nRun `sitegen build`.\n:::" in body
    assert "::: warning Mind the cache\nIt is on by default.\n:::" in body
    assert "\\[" not in body and "\\!" not in body


def test_callouts_written_as_text_in_html_keep_their_lines() -> None:
    text = html2md.convert("<blockquote><p>[!NOTE]<br>Useful.</p></blockquote>"
                           "<p>:::tip[Title]<br>Inside.<br>:::</p><p>a<br>b</p>", html2md.Context("x", 1))
    assert "> [!NOTE]\n> Useful.\n" in text
    assert ":::tip[Title]\nInside.\n:::\n" in text
    assert "a\\\nb" in text                                # other line breaks stay hard breaks
