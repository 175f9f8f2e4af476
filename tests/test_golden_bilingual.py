"""Golden output of a site in two languages: tests/fixtures/bilingual-site builds to exactly the
files in tests/golden/bilingual (English at the root, German under /de/, a translated post, a
post in each language only, an About page in both, per-language tags, authors and feeds).

After an intended change of the output, regenerate with `make golden` (which sets
SITEGEN_UPDATE_GOLDEN=1) and review the change with `git diff tests/golden`.
"""

from pathlib import Path

from test_golden import built, matches_golden

GOLDEN = Path(__file__).resolve().parent / "golden" / "bilingual"


def test_bilingual_output_matches_golden_files(tmp_path: Path):
    matches_golden(built(tmp_path, "bilingual-site"), GOLDEN)
