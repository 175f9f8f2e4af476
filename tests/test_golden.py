"""Golden output: the fixture site in tests/fixtures/golden-site builds to exactly the files in
tests/golden/site.

After an intended change of the output, regenerate with `make golden` (which sets
SITEGEN_UPDATE_GOLDEN=1) and review the change with `git diff tests/golden`.
"""

import os
import shutil
from pathlib import Path

from conftest import FIXTURES, run_cli, snapshot

GOLDEN = Path(__file__).resolve().parent / "golden" / "site"
# the theme's static files are checked by the theme's own tests, not frozen here
SKIP_PREFIXES = ("static/",)


def built(tmp_path: Path, fixture: str = "golden-site") -> dict[str, bytes]:
    # built from a copy without its build cache: a cache left by an earlier build (cards drawn
    # by older code under the same key) must not stand in for what this code makes
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / fixture, site, ignore=shutil.ignore_patterns(".sitegen-cache"))
    out = tmp_path / "out"
    result = run_cli("build", str(site), "--output", str(out))
    assert result.returncode == 0, result.stderr
    return {k: v for k, v in snapshot(out).items() if not k.startswith(SKIP_PREFIXES)}


def matches_golden(files: dict[str, bytes], golden: Path) -> None:
    """The built files are exactly those under `golden` (written there first under `make golden`)."""
    if os.environ.get("SITEGEN_UPDATE_GOLDEN"):
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in files.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
    expected = snapshot(golden)
    assert sorted(files) == sorted(expected), "the set of output files changed"
    for rel in sorted(files):
        assert files[rel].decode("utf-8", "replace") == expected[rel].decode("utf-8", "replace"), rel


def test_output_matches_golden_files(tmp_path: Path):
    matches_golden(built(tmp_path), GOLDEN)
