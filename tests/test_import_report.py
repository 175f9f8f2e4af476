"""The import report lists notices by kind, each with its true line; quotes each shortcode as
the source wrote it (`{{% img %}}`, not `{{< img >}}`); counts a site's own shortcodes that were
left out, and `--shortcode img=figure` converts them as the built-in figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_support import FIXTURES, front, run_import

from sitegen.errors import UsageError
from sitegen.importers.report import kind_of

HUGO = FIXTURES / "messy" / "hugo-shortcodes"
POST = HUGO / "content" / "posts" / "gallery" / "index.md"


def test_notices_are_grouped_by_kind_with_true_lines_and_shortcodes_as_written(tmp_path: Path) -> None:
    report = run_import("hugo", HUGO, tmp_path / "site")
    lines = report.splitlines()
    start = lines.index("Could not be converted, check these (8):")
    assert lines[start + 1] == "  shortcode … is not converted (4):"
    assert lines[start + 2:start + 6] == [
        f"    {POST}:9: shortcode {{{{% img %}}}} is not converted: removed",
        f"    {POST}:15: shortcode {{{{< img >}}}} is not converted: removed",
        f"    {POST}:19: shortcode {{{{% img %}}}} is not converted: removed",
        f"    {POST}:21: shortcode {{{{< gallery >}}}} is not converted: removed"]
    assert "  the site's own shortcode … was left out N time(s) (3):" in lines
    assert f"    {HUGO}: the site's own shortcode {{{{% img %}}}} was left out 2 time(s)" in lines
    # the images without alt text: one notice, at the first one's line, naming the others'
    assert f"    {POST}:11: 2 image(s) had no alt text (lines 11, 17): alt text made from the file name; " \
           "describe them better" in lines


def test_a_sites_own_shortcode_is_mapped_to_a_built_in(tmp_path: Path) -> None:
    report = run_import("hugo", HUGO, tmp_path / "site", shortcodes=["img=figure"])
    _, body = front(tmp_path / "site" / "content" / "posts" / "2021" / "gallery.md")
    assert '<figure><img src="gallery/harbour.jpg" alt="The harbour at eight">' in body
    assert "![Pier](gallery/pier.jpg)" in body and "{{" not in body
    assert "img %}}" not in report and "img >}}" not in report
    assert "{{< gallery >}} was left out 1 time(s)" in report


def test_a_mapping_to_something_that_is_not_a_built_in_is_a_usage_error(tmp_path: Path) -> None:
    from sitegen.importers.cli import import_site
    with pytest.raises(UsageError, match="--shortcode img=picture: write NAME=BUILTIN"):
        import_site("hugo", str(HUGO), tmp_path / "site", shortcodes=["img=picture"])
    assert not (tmp_path / "site").exists()


def test_the_kind_of_a_notice_leaves_out_its_particulars() -> None:
    assert kind_of("the link '/a b/' has no file here: the link was removed") == "the link … has no file here"
    assert kind_of("3 image(s) had no alt text (lines 4, 9): alt text made") == "N image(s) had no alt text …"
