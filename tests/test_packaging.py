"""`pip install .` carries the default theme, so a blog kept in another folder builds with it."""

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
    assert "sitegen/theme.py" in names
