"""`pip install .` carries the default theme, so a blog kept in another folder builds with it,
and every module and browser script of the package (a subpackage missing from pyproject's list
would install a sitegen that fails on import)."""

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_contains_the_default_theme(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("sitegen-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for rel in ("templates/base.html", "templates/post.html", "templates/partials/entry.html",
                "static/css/style.css", "static/css/charts.css", "static/favicon.svg"):
        assert f"sitegen/themes/default/{rel}" in names, rel
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "sitegen").rglob("*.py")}
    assert modules - names == set(), "modules left out of the wheel"
    for script in ("reload.js", "worker.js"):
        assert f"sitegen/serve/assets/{script}" in names, script
