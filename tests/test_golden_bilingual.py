"""Golden output of a site in two languages: tests/fixtures/bilingual-site builds to exactly the
files in tests/golden/bilingual (English at the root, German under /de/, a translated post, a
post in each language only, an About page in both, per-language tags, authors and feeds).

After an intended change of the output, regenerate with `make golden` (which sets
SITEGEN_UPDATE_GOLDEN=1) and review the change with `git diff tests/golden`.
"""

import os
import shutil
from pathlib import Path

from conftest import FIXTURES, run_cli, snapshot

GOLDEN = Path(__file__).resolve().parent / "golden" / "bilingual"
SKIP_PREFIXES = ("static/",)       # the theme's static files are checked by the theme's own tests


def built(tmp_path: Path) -> dict[str, bytes]:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "bilingual-site", site, ignore=shutil.ignore_patterns(".sitegen-cache"))
    out = tmp_path / "out"
    result = run_cli("build", str(site), "--output", str(out))
    assert result.returncode == 0, result.stderr
    return {k: v for k, v in snapshot(out).items() if not k.startswith(SKIP_PREFIXES)}


def test_bilingual_output_matches_golden_files(tmp_path: Path):
    files = built(tmp_path)
    if os.environ.get("SITEGEN_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in files.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    expected = snapshot(GOLDEN)
    assert sorted(files) == sorted(expected), "the set of output files changed"
    for rel in sorted(files):
        assert files[rel].decode("utf-8", "replace") == expected[rel].decode("utf-8", "replace"), rel
