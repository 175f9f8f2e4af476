"""Issue 22: a small site's clean build imports only what its stages need. The first build of
the benchmark's 10-post (and 100-post) blog (its corpus, sitegen's defaults) is run in a fresh process, and
the modules it left loaded are checked: no search step while search is off, no importers, no
chart toolkit without a chart, no Pillow at all with social cards off, and with cards on only
the parts of Pillow that drawing a card uses (no image plugins, no photo processing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Never loaded by a clean build of a blog without search, charts, data files or photos; nor
# dateutil's parser (feedgen is given datetimes) or, through dateutil.tz's Windows zones, ctypes.
NOT_NEEDED = ("sitegen.search", "sitegen.importers.model", "sitegen.toolkit.charts", "sitegen.toolkit.data",
              "multiprocessing", "concurrent.futures", "dateutil.parser._parser", "ctypes")
# Pillow beyond what a card is drawn with (PIL.Image, ImageDraw, ImageFont and what they import;
# PIL.features too, 0.2 ms, when a title has a letter the main font lacks: cards.py asks it for raqm).
NOT_FOR_CARDS = ("PIL.ImageOps", "PIL.ImageCms", "PIL.PngImagePlugin", "PIL.JpegImagePlugin",
                 "PIL.WebPImagePlugin", "PIL.GifImagePlugin", "PIL.AvifImagePlugin")


def _corpus_site(root: Path, n: int, cards: bool) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.pop(0)
    corpus.write_sitegen(corpus.make_posts(n), root)
    if not cards:
        with (root / "sitegen.toml").open("a", encoding="utf-8") as f:
            f.write("\n[images]\ncards = false\n")
    return root


def _modules_after_build(site: Path) -> list[str]:
    code = ("import sys\nfrom sitegen.cli import main\n"
            f"assert main(['build', '--quiet', {str(site)!r}]) == 0\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={"PATH": "/usr/bin:/bin", "SITEGEN_WORKERS": "2"})
    return done.stdout.split()


def test_a_small_clean_build_with_cards_off_loads_no_pillow_and_no_stage_it_does_not_run(tmp_path: Path):
    loaded = _modules_after_build(_corpus_site(tmp_path / "site", 10, cards=False))
    assert (tmp_path / "site" / "output" / "index.html").is_file()
    assert [m for m in loaded if m in NOT_NEEDED or m == "PIL" or m.startswith("PIL.")] == []


@pytest.mark.parametrize("n", [10, 100])
def test_a_small_clean_build_with_cards_loads_only_the_pillow_that_draws_them(tmp_path: Path, n: int):
    loaded = _modules_after_build(_corpus_site(tmp_path / "site", n, cards=True))
    assert list((tmp_path / "site" / "output").rglob("*.png")), "the cards were drawn"
    assert "PIL.ImageDraw" in loaded
    assert [m for m in loaded if m in NOT_NEEDED or m in NOT_FOR_CARDS] == []


def test_feedgen_still_reads_dates_given_as_text_through_the_parser_it_did_not_load():
    code = ("import sys\nfrom sitegen.pipeline.render.feeds import _feed_generator\n"
            "entry = _feed_generator()().add_entry()\n"
            "assert 'dateutil.parser._parser' not in sys.modules\n"
            "entry.published('2021-02-03T04:05:06+01:00')\n"
            "print(entry.published().isoformat())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "2021-02-03T04:05:06+01:00"
